"""Library templates' compiled code kept in the user's own cache folder (resolve/compiled.py): the same
words as compiling afresh, never kept in the project, never used from a folder others may write, and a
damaged entry compiled again."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import jinja2
import pytest

from generator.build import check_one, load_shared
from generator.cache import BuildCache, use_in_this_process
from generator.project import Project
from generator.resolve import compiled, templating

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 1)
TEXT = "{% if roles.dsl %}Tell {{ roles.dsl|sentence }}{% else %}Tell the office{% endif %} about {{ school.name }}."


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A user cache folder of the test's own; compiled templates forgotten before and after."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv(compiled.OFF, raising=False)
    forget()
    use_in_this_process(BuildCache(tmp_path / "build" / ".cache"))  # a command with a build cache
    yield tmp_path / "user-cache" / "schoolpolicy" / "templates"
    use_in_this_process(None)
    forget()


def forget() -> None:
    compiled.code_store.cache_clear()
    templating.compiled.cache_clear()
    templating.compiled_expression.cache_clear()


def kept(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{compiled.KIND}/??/*.code"))


def documents(slug: str):
    shared = load_shared(Project(ROOT), DAY)
    document, warnings = check_one(Project(ROOT), ROOT / "data" / "schools" / f"{slug}.yml", shared, DAY)
    return document, [str(w) for w in warnings]


def test_kept_code_gives_the_same_school_as_compiling_afresh(store, monkeypatch):
    monkeypatch.setenv(compiled.OFF, "1")
    forget()
    fresh = documents("demo")
    assert not store.exists()
    monkeypatch.delenv(compiled.OFF)
    forget()
    first = documents("demo")
    entries = kept(store)
    assert len(entries) > 100  # the clauses', guides' and forms' texts and the library's conditions
    forget()
    again = documents("demo")  # every template from the folder
    assert kept(store) == entries
    assert fresh == first == again
    assert not list((ROOT / "build" / ".cache").glob(f"{compiled.KIND}/**/*"))  # never in the project
    use_in_this_process(None)  # --no-cache: every PDF and site afresh, from the same code
    forget()
    assert documents("demo") == fresh
    assert kept(store) == entries


def test_a_damaged_or_cut_entry_is_compiled_again(store):
    env = templating.shared_environment()
    context = {"roles": {"dsl": "the designated safeguarding lead"}, "school": {"name": "O'Neill & Sons"}}
    expected = env.from_string(TEXT).render(**context)
    compiled.compile_kept(env, TEXT)
    (entry,) = kept(store)
    for damage in (entry.read_bytes()[:-30], entry.read_bytes()[:80] + b"\0" * 200, b""):
        entry.write_bytes(damage)
        assert compiled.compile_kept(env, TEXT).render(**context) == expected
        assert kept(store) == [entry] and entry.read_bytes() != damage  # made again, whole
    assert expected == "Tell The designated safeguarding lead about O&#39;Neill &amp; Sons."


def test_a_mistake_in_a_template_is_said_as_before_and_never_kept(store):
    env = templating.shared_environment()
    for text, compile_ in (("{% if x %}no end", compiled.compile_kept),
                           ("x ==", compiled.compile_expression_kept), ("x y", compiled.compile_expression_kept)):
        with pytest.raises(jinja2.TemplateSyntaxError) as ours:
            compile_(env, text)
        with pytest.raises(jinja2.TemplateSyntaxError) as jinjas:
            (env.from_string if compile_ is compiled.compile_kept else env.compile_expression)(text)
        assert (ours.value.message, ours.value.lineno) == (jinjas.value.message, jinjas.value.lineno)
    assert kept(store) == []
    condition = compiled.compile_expression_kept(env, "phase in ['primary', 'nursery'] and not x")
    assert condition(phase="primary", x=False) is True and condition(phase="secondary", x=False) is False
    forget()
    assert compiled.compile_expression_kept(env, "phase in ['primary', 'nursery'] and not x")(phase="nursery", x=0)


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folders' owners and modes are POSIX")
def test_a_folder_others_may_write_or_a_link_is_never_used(store, tmp_path):
    env = templating.shared_environment()
    store.parent.mkdir(parents=True)
    store.parent.chmod(0o777)  # anyone could plant code here
    assert compiled.code_store() is None
    assert compiled.compile_kept(env, TEXT).render(roles={"dsl": "x"}, school={"name": "y"}) == "Tell X about y."
    assert not store.exists()
    forget()
    store.parent.chmod(0o700)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    store.symlink_to(elsewhere)
    assert compiled.code_store() is None
    compiled.compile_kept(env, TEXT)
    assert list(elsewhere.iterdir()) == []


def test_print_templates_are_compiled_once_a_machine(store, monkeypatch):
    from generator.writers.pdf import jobs

    jobs._print_environment.cache_clear()
    env = jobs.print_environment(ROOT / "content" / "print")
    names = [n for n in env.list_templates() if n.endswith((".j2", ".html"))]
    assert names and [env.get_template(n) for n in names]
    assert len(kept(store)) == len(names)
    jobs._print_environment.cache_clear()
    again = jobs.print_environment(ROOT / "content" / "print")
    monkeypatch.setattr(again, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert [again.get_template(n) for n in names]
    jobs._print_environment.cache_clear()
