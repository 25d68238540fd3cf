"""Hostile and broken school files: refused with a located message, exit 2, never a traceback.

Each case of the catalogue is checked with the real command in a throwaway copy;
the property tests feed random bytes, YAML trees and edits to the readers in-process.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import copy_project

BASE = textwrap.dedent("""\
    school:
      name: Hostile Test Primary School
      short_name: HTPS
      phase: primary
      jurisdiction: england
      motto: Learning together
    roles:
      headteacher: {title: headteacher, name: Mrs A Example}
      chair_of_governors: {title: chair of governors}
      dsl: {title: designated safeguarding lead}
      dpo: {title: data protection officer}
      network_manager: {title: network manager}
      esafety_team: {title: online safety team, members: [headteacher]}
      social_media_lead: {title: office manager}
      consent_record_keeper: {title: office manager}
      filtering_contact: {title: network manager}
    policy:
      related_policies: [Behaviour Policy]
      wifi_rules: false
    governance:
      version: "2.0"
      written: 2026-09-01
      last_reviewed: 2026-09-01
      review_cycle_months: 12
      authorisations:
        - {date: 2026-09-01, by: Full governing body, version: "2.0"}
    """)
SECRET = ("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n"
          "-----END OPENSSH PRIVATE KEY-----\n")
HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def swap(old: str, new: str) -> str:
    assert old in BASE, f"test setup: {old!r} not in BASE"
    return BASE.replace(old, new, 1)


def laughs(levels: int = 9, width: int = 9) -> str:
    text, previous = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n', "a"
    for name in "bcdefghijklmnopq"[:levels - 1]:
        text += f"{name}: &{name} [{', '.join(['*' + previous] * width)}]\n"
        previous = name
    return text


@dataclass(frozen=True)
class Case:
    """One hostile input: how to set it up, the file and line the message must name, words it must say."""

    id: str
    setup: Callable[[Path, Path], None]  # (project, the school file's path)
    line: int | None
    words: str
    file: str = "schools"  # "schools" or "approved": which file the message is about


def text(id: str, content: str, line: int | None, words: str) -> Case:
    return Case(id, lambda project, path: path.write_text(content, encoding="utf-8"), line, words)


def raw(id: str, content: bytes, line: int | None, words: str) -> Case:
    return Case(id, lambda project, path: path.write_bytes(content), line, words)


def setup_link_outside(project: Path, path: Path) -> None:
    secret = project.parent / f"{path.stem}-id_ed25519"
    secret.write_text(SECRET, encoding="utf-8")
    os.symlink(secret, path)


def setup_link_inside(project: Path, path: Path) -> None:
    real = project / "data" / f"{path.stem}-real.yml"
    real.write_text(BASE, encoding="utf-8")
    os.symlink(real, path)


def setup_fifo(project: Path, path: Path) -> None:
    os.mkfifo(path)


def setup_approved(content: str | None, link: bool = False) -> Callable[[Path, Path], None]:
    def setup(project: Path, path: Path) -> None:
        path.write_text(BASE, encoding="utf-8")
        approved = project / "data" / "approved" / path.name
        approved.parent.mkdir(exist_ok=True)
        if link:
            target = project.parent / f"{path.stem}-elsewhere.yml"
            target.write_text(f"school: {path.stem}\nversion: '1.0'\nclauses: []\n", encoding="utf-8")
            os.symlink(target, approved)
        else:
            approved.write_text((content or "").replace("SLUG", path.stem), encoding="utf-8")
    return setup


CATALOGUE = [
    # Files that are not plain files of the project
    Case("link-to-private-key", setup_link_outside, 1, "symbolic link"),
    Case("link-inside-project", setup_link_inside, 1, "symbolic link"),
    Case("dangling-link", lambda project, path: os.symlink(project / "nowhere.yml", path), 1, "symbolic link"),
    Case("link-to-dev-zero", lambda project, path: os.symlink("/dev/zero", path), 1, "symbolic link"),
    Case("fifo", setup_fifo, 1, "named pipe"),
    Case("folder", lambda project, path: path.mkdir(), 1, "a folder"),
    text("over-1-mb", BASE + "# padding\n" * 110_000, 1, "larger than 1 MB"),
    raw("not-utf8", BASE.replace("Learning together", "Learning caf\u00e9").encode("latin-1"), 6, "UTF-8"),
    # YAML that would hang, exhaust memory or recurse
    text("billion-laughs", BASE + laughs(), 32, "would expand the file"),
    text("alias-count", BASE + "x: &x 1\ny: [" + ", ".join(["*x"] * 150) + "]\n", 28, "more than 100 aliases"),
    text("recursive-alias", BASE + "x: &loop [*loop]\n", 27, "never end"),
    text("deep-flow-nesting", BASE + "x: " + "[" * 10_000 + "]" * 10_000 + "\n", 27, "nested more than 20"),
    text("deep-block-nesting", BASE + "".join("  " * i + f"k{i}:\n" for i in range(30)) + "  " * 30 + "v: 1\n",
         47, "nested more than 20"),
    text("long-string", swap("Learning together", "x" * 25_000), 6, "longer than 20,000"),
    text("many-items", BASE + "x: [" + ", ".join(["1"] * 6_000) + "]\n", 27, "more than 5,000 items"),
    text("many-keys", BASE + "x: {" + ", ".join(f"k{i}: 1" for i in range(6_000)) + "}\n", 27, "more than 5,000 keys"),
    text("5000-digit-number", swap("review_cycle_months: 12", "review_cycle_months: " + "9" * 5_000), 24,
         "number longer than"),
    text("timestamp-tag", swap("written: 2026-09-01", "written: !!timestamp 2021-02-30"), 22, "tag '!!timestamp'"),
    text("python-tag", swap("motto: Learning together", "motto: !!python/object/apply:os.system [ls]"), 6, "tag"),
    text("complex-key", BASE + "? [a, b]\n: c\n", 27, "unhashable key"),
    text("tab-indent", swap("  phase: primary", "\tphase: primary"), 4, "YAML syntax error"),
    # Raw control bytes (yaml.reader.ReaderError on the old reader)
    raw("raw-escape", swap("Learning together", "Learn\x1b[2Jing").encode(), 6, "U+001B"),
    raw("raw-nul", swap("Learning together", "Learn\x00ing").encode(), 6, "U+0000"),
    raw("raw-del", swap("Learning together", "Learn\x7fing").encode(), 6, "U+007F"),
    raw("raw-c1-csi", swap("Learning together", "Learn\u009bing").encode(), 6, "U+009B"),
    raw("raw-bell-in-key", swap("  motto:", "  mot\x07to:").encode(), 6, "U+0007"),
    # Invisible characters
    text("rtl-override-in-name", swap("Hostile Test", "Hostile \u202eTest"), 2, "U+202E"),
    text("bidi-isolate-in-motto", swap("Learning together", "Learning \u2066together\u2069"), 6, "U+2066"),
    text("escaped-terminal-clear", swap("motto: Learning together", 'motto: "\\e[2J\\e[Hok: all clear"'), 6,
         "escape writes"),
    text("escaped-rtl-override", swap("motto: Learning together", 'motto: "Learning \\u202etogether"'), 6,
         "escape writes"),
    text("escaped-title-sequence-in-key", BASE + '"x\\e]0;owned\\a": 1\n', 27, "escape writes"),
    text("zero-width-only-name", swap("name: Hostile Test Primary School", 'name: "\u200b\u200b"'), 2, "is empty"),
    text("zero-width-inside-word", swap("Learning together", "Learn\u200bing together"), 6, "U+200B"),
    text("newline-in-name", swap("name: Hostile Test Primary School", 'name: "Hostile\\nTest"'), 2, "line break"),
    text("line-separator", swap("Learning together", "Learning\u2028together"), 6, "U+2028"),
    # Text fields are text
    text("version-1.10-unquoted", swap('version: "2.0"\n  written', "version: 1.10\n  written"), 21,
         'write it in quotes: version: "1.10"'),
    text("authorisation-version-unquoted", swap('body, version: "2.0"}', "body, version: 1.10}"), 26,
         'write it in quotes: version: "1.10"'),
    text("version-octal", swap('version: "2.0"\n  written', "version: 010\n  written"), 21,
         'write it in quotes: version: "010"'),
    text("version-exponent", swap('version: "2.0"\n  written', "version: 1.0e+3\n  written"), 21, "in quotes"),
    text("motto-yes", swap("motto: Learning together", "motto: yes"), 6, 'write it in quotes: motto: "yes"'),
    text("months-true", swap("review_cycle_months: 12", "review_cycle_months: true"), 24, "not a number"),
    text("months-fraction", swap("review_cycle_months: 12", "review_cycle_months: 1.5"), 24, "whole number"),
    text("wifi-rules-number", swap("wifi_rules: false", "wifi_rules: 1"), 19, "true or false"),
    text("headteacher-a-person", swap("headteacher: {title: headteacher, name: Mrs A Example}",
                                      "headteacher: Mrs J Whitfield"), 8,
         "write headteacher: {title: headteacher, name: Mrs J Whitfield}"),
    text("dsl-initials-and-surname", swap("dsl: {title: designated safeguarding lead}", "dsl: J. Smith"), 10,
         "name: J. Smith}"),
    text("mapping-for-text", swap("motto: Learning together", "motto: {text: Learning together}"), 6,
         "not a set of 'key: value' lines"),
    text("list-for-text", swap("motto: Learning together", "motto: [Learning, together]"), 6, "not a list"),
    text("text-for-mapping", swap("policy:\n  related_policies: [Behaviour Policy]\n  wifi_rules: false\n",
                                  "policy: strict\n"), 17, "should be a set of 'key: value' lines"),
    text("pasted-private-key", swap("  wifi_rules: false\n", "  wifi_rules: false\nsafeguarding:\n  "
                                    + SECRET.strip().replace("\n", "\n  ") + "\n"), 21,
         "should be a set of 'key: value' lines"),
    text("date-9999", swap("last_reviewed: 2026-09-01", "last_reviewed: 9999-12-01"), 23, "between 1990-01-01"),
    text("date-1900", swap("written: 2026-09-01", "written: 1900-01-01"), 22, "between 1990-01-01"),
    text("date-as-number", swap("written: 2026-09-01", "written: 20260901"), 22, "YYYY-MM-DD"),
    text("duplicate-own-clause", swap("governance:", "clauses:\n  add:\n"
                                      + "".join(f"    - {{id: own.same, section: scope, text: Clause {i}.}}\n"
                                                for i in range(2)) + "governance:"), 23, "e.g. own.same"),
    # Approved snapshots
    Case("approved-of-another-school", setup_approved("school: demo\nversion: '1.0'\nclauses: []\n"), 1,
         "approved policy of 'demo'", "approved"),
    Case("approved-version-unquoted", setup_approved("school: SLUG\nversion: 1.10\nclauses: []\n"), 2,
         'write it in quotes: version: "1.10"', "approved"),
    Case("approved-is-a-link", setup_approved(None, link=True), 1, "symbolic link", "approved"),
]


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("hostile") / "project", schools=[])


def run_check(slug: str, project: Path) -> subprocess.CompletedProcess:
    """The real command, as conftest.run_cli runs it, but never waiting forever (a FIFO must not hang it)."""
    return subprocess.run([sys.executable, "-m", "generator", "check", slug], cwd=project, capture_output=True,
                          text=True, timeout=300)


def no_raw_control(output: str) -> None:
    found = HIDDEN.search(output)
    assert found is None, f"raw {unicodedata.name(found.group(), hex(ord(found.group())))} printed: {output!r}"


def test_catalogue_is_large_and_unique():
    assert len(CATALOGUE) >= 40
    assert len({c.id for c in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize("case", CATALOGUE, ids=[c.id for c in CATALOGUE])
def test_hostile_input_is_refused_with_a_located_message(hostile_project, case):
    slug = re.sub(r"[^a-z0-9-]", "-", case.id)
    path = hostile_project / "data" / "schools" / f"{slug}.yml"
    case.setup(hostile_project, path)
    result = run_check(slug, hostile_project)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "Traceback" not in output
    no_raw_control(output)
    shown = f"data/{case.file}/{slug}.yml"
    lines = {int(m) for m in re.findall(rf"^{re.escape(shown)}:(\d+):\d+: ", result.stderr, re.M)}
    assert lines, f"no located message for {shown}:\n{result.stderr}"
    if case.line is not None:
        assert case.line in lines, result.stderr
    assert case.words in result.stderr
    assert "PRIVATE KEY" not in output and "b3BlbnNzaC1rZXkt" not in output


def test_billion_laughs_fails_fast(tmp_path):
    from generator.errors import DataError
    from generator.readers.yamlfile import read_yaml

    path = tmp_path / "bomb.yml"
    path.write_text(laughs(levels=10, width=10), encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        read_yaml(path)
    assert time.monotonic() - started < 5  # about 0.01 s; the old reader took 18 s and 2.9 GB for 9 levels
    assert caught.value.problems[0].line is not None


def test_six_thousand_unknown_keys_are_reported(tmp_path):
    """The did-you-mean pass is linear: this took 209 s on the old reader; now well under a second."""
    from generator.errors import DataError
    from generator.readers.school import read_school

    extra = {section: "".join(f"  {section[:3]}_key_{i}: 1\n" for i in range(3_000))
             for section in ("school", "policy")}
    body = BASE.replace("  motto: Learning together\n", "  motto: Learning together\n" + extra["school"])
    body = body.replace("  wifi_rules: false\n", "  wifi_rules: false\n" + extra["policy"])
    path = tmp_path / "keys.yml"
    path.write_text(body, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(DataError) as caught:
        read_school(path)
    assert time.monotonic() - started < 60
    problems = caught.value.problems
    assert "unknown key 'sch_key_0'" in problems[0].message and problems[0].line == 7
    assert "5,950 more problems" in problems[-1].message


def test_unquoted_version_read_back_unchanged_is_kept_with_a_warning(tmp_path):
    from generator.readers.school import read_school

    path = tmp_path / "kept.yml"
    path.write_text(swap('version: "2.0"\n  written', "version: 2.1\n  written"), encoding="utf-8")
    school = read_school(path)
    assert school.data.governance.version == "2.1"
    (warning,) = school.doc.warnings
    assert (warning.line, warning.severity) == (21, "warning")
    assert 'write it in quotes: version: "2.1"' in warning.message


def test_quoted_version_stays_exactly_as_written(tmp_path):
    from generator.readers.school import read_school

    path = tmp_path / "quoted.yml"
    path.write_text(swap('version: "2.0"\n  written', 'version: "1.10"\n  written'), encoding="utf-8")
    assert read_school(path).data.governance.version == "1.10"


def test_version_1_10_is_published_and_approved_as_1_10(tmp_path):
    """The move from 1.9 to 1.10 must not be signed as "1.1": in the policy text and the approved record."""
    import datetime as dt

    from generator.build import check_all
    from generator.project import Project
    from generator.readers.approved import read_approved
    from generator.writers.data.approved import write_approved

    project = copy_project(tmp_path / "project", schools=[])
    school = BASE.replace('"2.0"', '"1.10"')
    (project / "data" / "schools" / "ten.yml").write_text(school, encoding="utf-8")
    (document,) = check_all(Project.find(project), ["ten"], dt.date(2026, 11, 1)).documents
    text = " ".join(clause.markdown for clause in document.clauses())
    assert "(version 1.10)" in text and "| Full governing body | 1.10 |" in text and "1.1 " not in text
    path = write_approved(document, project / "data" / "approved" / "ten.yml", dt.date(2026, 11, 1))
    assert read_approved(path).version == "1.10"


def test_a_file_saved_on_windows_still_reads(tmp_path):
    """CRLF line ends and a byte-order mark are how editors save files, not hidden characters."""
    from generator.readers.school import read_school

    path = tmp_path / "windows.yml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.replace("\n", "\r\n").encode("utf-8"))
    assert read_school(path).data.school.name == "Hostile Test Primary School"


def test_messages_escape_hidden_characters_and_cut_long_values():
    from generator.errors import Problem

    shown = str(Problem(Path("data/schools/x.yml"), "bad \x1b[2J\u202e value " + "y" * 5_000, "school.name", 2, 9))
    assert "\x1b" not in shown and "\u202e" not in shown
    assert "\\x1b[2J" in shown and "U+202E" in shown
    assert len(shown) < 1_100


def test_special_files_are_never_read(tmp_path):
    from generator.errors import DataError
    from generator.readers.files import read_regular

    for special in (Path("/dev/zero"), tmp_path):
        with pytest.raises(DataError, match="reads only regular files"):
            read_regular(special, special)
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "school.yml").write_text(BASE, encoding="utf-8")
    os.symlink(tmp_path / "real", tmp_path / "linked")
    with pytest.raises(DataError, match=r"through a symbolic link \(linked/\)"):
        read_regular(tmp_path / "linked" / "school.yml", Path("school.yml"))


def test_approve_never_writes_through_a_link(tmp_path):
    import datetime as dt

    from generator.build import check_all
    from generator.errors import DataError
    from generator.project import Project
    from generator.writers.data.approved import write_approved

    project = copy_project(tmp_path / "project", schools=["demo"])
    (document,) = check_all(Project.find(project), ["demo"], dt.date(2026, 11, 1)).documents
    approved = project / "data" / "approved"
    approved.mkdir()
    victim = tmp_path / "victim.txt"
    for target in (victim, tmp_path / "missing.txt"):  # a link to a file, and a dangling one
        link = approved / "demo.yml"
        victim.write_text("keep me", encoding="utf-8")
        os.symlink(target, link)
        with pytest.raises(DataError, match="symbolic link"):
            write_approved(document, link, dt.date(2026, 11, 1))
        assert victim.read_text(encoding="utf-8") == "keep me" and not (tmp_path / "missing.txt").exists()
        link.unlink()
    write_approved(document, approved / "demo.yml", dt.date(2026, 11, 1))
    assert sorted(p.name for p in approved.iterdir()) == ["demo.yml"]  # no temporary file left behind


# Property tests: random input to the readers and checks in-process (one process, shared library loaded once).
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PROPERTY = settings(derandomize=True, database=None, deadline=2_000, max_examples=150,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])
PIECES = [":", ": ", "- ", "\n", "\n  ", "  ", "\t", '"', "'", "&a ", "*a", "[", "]", "{", "}", "#", "? ", "|", ">",
          "1.10", "010", "yes", "~", "null", "9999-12-01", "Mrs J Whitfield", "!!str ", "!!binary ", "\\e",
          "\u202e", "\u200b", "\x1b", "\x00", "\u2028", "é", "%", "@", "`", ",", "---\n", "...\n", "<<: *a\n"]


@pytest.fixture(scope="module")
def in_process(tmp_path_factory):
    """A project copy, its shared library loaded once, and a function checking one school's text."""
    import datetime as dt

    from generator.build import check_one, load_shared
    from generator.errors import DataError
    from generator.project import Project

    project = Project.find(copy_project(tmp_path_factory.mktemp("property") / "project", schools=[]))
    shared, path = load_shared(project), project.school_file("random-school")

    def check(content: bytes) -> int:
        path.write_bytes(content)
        try:
            check_one(project, path, shared, dt.date(2026, 11, 1))
        except DataError as exc:
            assert_located(exc.problems)
            return 2
        return 0
    return project, check


def assert_located(problems) -> None:
    errors = [p for p in problems if p.severity == "error"]
    assert errors, "a DataError with no error in it"
    for problem in errors:
        shown = str(problem)
        assert re.match(r"data/schools/random-school\.yml:\d+:\d+: ", shown), shown
        no_raw_control(shown)


def yaml_trees():
    scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**30), st.floats(allow_nan=False),
                        st.text(max_size=30), st.sampled_from(["1.10", "2026-02-30", "Mrs J Whitfield", "all"]))
    keys = st.one_of(st.text(max_size=12), st.sampled_from(["school", "name", "roles", "headteacher", "governance",
                                                           "version", "policy", "clauses", "add", "omit"]))
    return st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                         st.dictionaries(keys, inner, max_size=5)), max_leaves=25)


@PROPERTY
@given(st.binary(max_size=3_000))
def test_random_bytes_exit_0_or_2_located(in_process, content):
    assert in_process[1](content) in (0, 2)


@PROPERTY
@given(yaml_trees(), st.sampled_from([(), ("school",), ("roles",), ("roles", "headteacher"), ("governance",),
                                      ("governance", "version"), ("policy",), ("clauses",)]))
def test_random_yaml_trees_exit_0_or_2_located(in_process, tree, where):
    import yaml

    data = yaml.safe_load(BASE)
    if where:
        parent = data
        for part in where[:-1]:
            parent = parent[part]
        parent[where[-1]] = tree
    else:
        data = tree
    assert in_process[1](yaml.safe_dump(data, allow_unicode=True).encode("utf-8")) in (0, 2)


@st.composite
def edited_school(draw) -> str:
    content = BASE
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(content)))
        cut = draw(st.integers(0, 8))
        piece = draw(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)))
        content = content[:at] + piece + content[at + cut:]
    return content


@PROPERTY
@given(edited_school())
def test_random_edits_of_a_school_exit_0_or_2_located(in_process, content):
    assert in_process[1](content.encode("utf-8", "surrogatepass")) in (0, 2)


@settings(PROPERTY, max_examples=6, deadline=20_000)
@given(edited_school())
def test_random_edits_through_the_cli_main(in_process, content):
    import contextlib
    import io

    from generator.cli import main

    project, _ = in_process
    project.school_file("random-school").write_bytes(content.encode("utf-8", "surrogatepass"))
    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    os.chdir(project.root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["check", "random-school"])
            except SystemExit as exc:  # argparse's own exits
                code = exc.code
    finally:
        os.chdir(here)
    assert code in (0, 2), err.getvalue()
    assert "Traceback" not in err.getvalue()
    no_raw_control(out.getvalue() + err.getvalue())
    if code == 2:
        assert re.search(r"^data/schools/random-school\.yml:\d+:\d+: ", err.getvalue(), re.M), err.getvalue()
