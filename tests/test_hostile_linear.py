"""Hostile input, issue 28 point 6: the cost of a text grows with its length, not with its square.

A school's text of 19,000 `[` (Python-Markdown looked for the end of a link from each one, to the
end of the text) took 41 s for `check` at 10,000 and 343 s to build at 19,000; a 20,000-character
web address is broken anywhere on every handout, at a cost that grows with its square too. The
tests count work (Python lines run inside Markdown, which grows as the square when the search is
unbounded), never time: speed targets are in benchmarks/build_speed.py.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import markdown as md
import pytest
from conftest import copy_project, one_guide, run_cli

from generator.markup.markdown import EXTENSIONS, convert
from generator.writers.site.safe_pages import defuse, safe_links

MARKDOWN_PACKAGE = str(Path(md.__file__).parent)


def markdown_lines(convert_text, text: str) -> int:
    """The lines of Python-Markdown's own code run while converting `text`: its work, counted."""
    count = [0]

    def tracer(frame, event, arg):
        if not frame.f_code.co_filename.startswith(MARKDOWN_PACKAGE):
            return None
        if event == "line":
            count[0] += 1
        return tracer

    sys.settrace(tracer)
    try:
        convert_text(text)
    finally:
        sys.settrace(None)
    return count[0]


def mkdocs_markdown(text: str) -> str:
    """Python-Markdown as MkDocs runs it over the docs tree: its own link processors."""
    return md.Markdown(extensions=EXTENSIONS, output_format="html").convert(text)


# Texts that made Python-Markdown search from every character to the end of the text.
PATHOLOGICAL = ["[", "![", "[^", "[a](", "[[]", "[a](((((", "[a][", "\n["]


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_our_markdown_reads_links_in_linear_work(unit):
    small, large = (unit * (n // len(unit)) for n in (600, 1_200))
    work = markdown_lines(convert, small), markdown_lines(convert, large)
    assert work[1] <= 2.6 * work[0], f"{unit!r}: twice the text cost {work[1] / work[0]:.1f} times the work"


@pytest.mark.parametrize("unit", PATHOLOGICAL)
def test_the_docs_tree_gives_the_site_engine_linear_work(unit):
    """MkDocs runs Python-Markdown's own link search over the tree: safe_pages escapes what cannot
    begin a link, so that search never runs from it."""
    small, large = (unit * (n // len(unit)) for n in (600, 1_200))
    work = (markdown_lines(mkdocs_markdown, safe_links(small)), markdown_lines(mkdocs_markdown, safe_links(large)))
    assert work[1] <= 2.6 * work[0], f"{unit!r}: twice the text cost {work[1] / work[0]:.1f} times the work"


LINKS = [  # (text, what Python-Markdown itself makes of it and ours must too)
    "See [our page](https://example.org/a_(b)) and [this](https://example.org \"Title\").",
    "[words [with [nested [brackets]]]](https://example.org/)", "![a picture](pictures/a.png)",
    "[a reference][ref] and [ref]\n\n[ref]: https://example.org/ref", "an [unclosed bracket and (a parenthesis",
    "a `[code` span and [a](<https://example.org/a b>)", "[a](https://example.org/(one (two (three))))",
    "\\[not a link](https://example.org) and \\\\[a link](https://example.org)",
]


@pytest.mark.parametrize("text", LINKS)
def test_links_read_as_python_markdown_reads_them(text):
    assert convert(text) == mkdocs_markdown(text)
    assert mkdocs_markdown(defuse(text)) == mkdocs_markdown(text)


def test_only_what_cannot_begin_a_link_is_escaped():
    assert defuse("a [b] c [d](x) e [f g `[` [h](y") == "a [b] c [d](x) e \\[f g `[` [h]\\(y"
    assert defuse("[" * 5) == "\\[" * 5 and defuse("\\[[x](y)") == "\\[[x](y)"


def test_a_javascript_link_in_nested_brackets_is_still_made_inert():
    for text in ("[a [b] c](javascript:alert(1))", "[[x](javascript:alert(1))", "[" * 50 + "[x](javascript:y)"):
        assert "javascript:" not in mkdocs_markdown(safe_links(text)), text


@pytest.fixture
def demo_project(tmp_path) -> Path:
    return copy_project(tmp_path / "project", schools=["demo"])


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=project)


@pytest.mark.parametrize("old,new,words", [
    ("https://www.example.org/riverside-primary/", "https://www.example.org/" + "a" * 2_500,
     "school.website: is 2,524 characters long; a web address is at most 2,000 characters"),
    ("email: head@example.org", "email: head@" + "b" * 300 + ".org", "an email address is at most 254"),
    ("phone: 01632 960 418", "phone: 01632 960 418" + "1" * 50, "a phone number is at most 40"),
], ids=["website", "email", "phone"])
def test_addresses_printed_on_every_sheet_have_a_length_limit(demo_project, old, new, words):
    school = demo_project / "data" / "schools" / "demo.yml"
    text = school.read_text(encoding="utf-8")
    assert old in text
    school.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = cli(demo_project, "check", "demo")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    line = next(n for n, row in enumerate(school.read_text(encoding="utf-8").split("\n"), 1) if new in row)
    assert re.search(rf"data/schools/demo\.yml:{line}:\d+: .*{re.escape(words)}", result.stderr), result.stderr


def test_a_site_address_from_the_environment_has_the_same_limit(demo_project, tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "build", "demo", "--out", str(tmp_path / "out")],
                            cwd=demo_project, capture_output=True, text=True, timeout=600,
                            env={**__import__("os").environ, "SCHOOLPOLICY_SITE_URL": "https://x.org/" + "a" * 2_500})
    assert result.returncode == 2 and "at most 2,000 characters" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_text_of_brackets_builds(demo_project, tmp_path):
    """19,000 `[` in the school's own words: the pack and the site show them as written."""
    school = demo_project / "data" / "schools" / "demo.yml"
    text = school.read_text(encoding="utf-8")
    old = "    At Riverside we want every child to be **safe, happy and curious**.\n"
    assert old in text
    school.write_text(text.replace(old, "    At Riverside [" + "[" * 19_000 + "\n", 1), encoding="utf-8")
    one_guide(school)  # the ethos is on the site and in the pack, in no guide
    result = cli(demo_project, "build", "demo", "--out", str(tmp_path / "out"), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "demo" / "policy" / "index.html").read_text(encoding="utf-8")
    assert "At Riverside " + "[" * 19_001 in page


def test_placeholders_are_read_in_linear_work():
    """Each placeholder looked back over the whole text before it for a sentence's end; now over a few
    hundred characters. The work is the length of text the look-back reads."""
    from markupsafe import Markup

    from generator.resolve import placeholders

    read = []

    class Counting:
        def __init__(self, pattern):
            self.pattern = pattern

        def search(self, string, pos=0, endpos=None):
            endpos = len(string) if endpos is None else endpos
            read.append(endpos - pos)
            return self.pattern.search(string, pos, endpos)

    original = placeholders.SENTENCE_START
    placeholders.SENTENCE_START = Counting(original)
    try:
        text = "We are {{ school.name }}. " * 700
        filled = placeholders.fill(text, {"school.name": Markup("riverside")})
    finally:
        placeholders.SENTENCE_START = original
    assert str(filled).startswith("We are riverside. We are riverside.")
    assert len(read) == 700 and sum(read) <= 700 * placeholders.SENTENCE_LOOKBACK
    assert placeholders.starts_sentence("x" * 5_000 + ". ", 5_002)
    assert not placeholders.starts_sentence("x" * 5_000 + " ", 5_001)


def test_a_placeholder_holds_no_other_opening():
    """A {{ never closed no longer makes every later {{ search to the end of the text."""
    from generator.vocabulary import PLACEHOLDER

    assert [m.group(0) for m in PLACEHOLDER.finditer("{{ a {{ school.name }} {% b {{ c }}")] == ["{{ school.name }}",
                                                                                         "{{ c }}"]


def test_a_text_of_more_than_a_thousand_lines_is_refused_at_its_line(demo_project):
    school = demo_project / "data" / "schools" / "demo.yml"
    text = school.read_text(encoding="utf-8")
    old = "    At Riverside we want every child to be **safe, happy and curious**.\n"
    assert old in text
    school.write_text(text.replace(old, old + "    # a heading\n" * 1_000, 1), encoding="utf-8")
    result = cli(demo_project, "check", "demo")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert re.search(r"data/schools/demo\.yml:\d+:\d+: this text has 1,00\d lines; a text may have at most 1,000",
                     result.stderr), result.stderr
