"""Hostile and broken school files: refused with a located message, exit 2, never a traceback.

Each case of the catalogue is checked with the real command in a throwaway copy;
the property tests feed random bytes, YAML trees and edits to the readers in-process.
"""
from __future__ import annotations

import functools
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
from conftest import copy_project, run_cli, run_cli_process

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
    text("name-20000-characters", swap("Hostile Test Primary School", "x" * 20_000), 2, "20,000 characters long"),
    text("many-items", BASE + "x: [" + ", ".join(["1"] * 6_000) + "]\n", 27, "more than 5,000 items"),
    text("many-keys", BASE + "x: {" + ", ".join(f"k{i}: 1" for i in range(6_000)) + "}\n", 27, "more than 5,000 keys"),
    text("5000-digit-number", swap("review_cycle_months: 12", "review_cycle_months: " + "9" * 5_000), 24,
         "number longer than"),
    text("timestamp-tag", swap("written: 2026-09-01", "written: !!timestamp 2021-02-30"), 22, "tag '!!timestamp'"),
    text("python-tag", swap("motto: Learning together", "motto: !!python/object/apply:os.system [ls]"), 6, "tag"),
    text("complex-key", BASE + "? [a, b]\n: c\n", 27, "unhashable key"),
    text("tab-indent", swap("  phase: primary", "\tphase: primary"), 4, "a tab character"),
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
         "write headteacher: {name: Mrs J Whitfield}"),
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
    text("next-review-before-last-reviewed", swap("last_reviewed: 2026-09-01", "last_reviewed: 2026-12-01\n"
                                                  "  next_review: 2026-10-01"), None, "is before last_reviewed"),
    # Approved snapshots
    Case("approved-of-another-school", setup_approved("school: demo\nversion: '1.0'\nclauses: []\n"), 1,
         "approved policy of 'demo'", "approved"),
    Case("approved-version-unquoted", setup_approved("school: SLUG\nversion: 1.10\nclauses: []\n"), 2,
         'write it in quotes: version: "1.10"', "approved"),
    Case("approved-is-a-link", setup_approved(None, link=True), 1, "symbolic link", "approved"),
    Case("approved-duplicate-clause", setup_approved("school: SLUG\nversion: '1.0'\nclauses:\n"
                                                     "  - {id: about.x, number: '1.1', text: A.}\n"
                                                     "  - {id: about.x, number: '1.2', text: B.}\n"), 5,
         "recorded twice", "approved"),
]


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("hostile") / "project", schools=[])


def run_check(slug: str, project: Path) -> subprocess.CompletedProcess:
    """The real command, as conftest.run_cli runs it, but never waiting forever (a FIFO must not hang it)."""
    return run_cli("check", slug, cwd=project, timeout=300)


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
    from generator.writers.data.approved import approved_text, write_record

    project = copy_project(tmp_path / "project", schools=[])
    school = BASE.replace('"2.0"', '"1.10"')
    (project / "data" / "schools" / "ten.yml").write_text(school, encoding="utf-8")
    (document,) = check_all(Project.find(project), ["ten"], dt.date(2026, 11, 1)).documents
    text = " ".join(clause.markdown for clause in document.clauses())
    assert "(version 1.10)" in text and "| Full governing body | 1.10 |" in text and "1.1 " not in text
    path = project / "data" / "approved" / "ten.yml"
    write_record(path, approved_text(document, path, dt.date(2026, 11, 1)))
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
    from generator.writers.data.approved import approved_text, write_record

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
            write_record(link, approved_text(document, link, dt.date(2026, 11, 1)))
        assert victim.read_text(encoding="utf-8") == "keep me" and not (tmp_path / "missing.txt").exists()
        link.unlink()
    write_record(approved / "demo.yml", approved_text(document, approved / "demo.yml", dt.date(2026, 11, 1)))
    assert sorted(p.name for p in approved.iterdir()) == ["demo.yml"]  # no temporary file left behind


# --- Issue 28: links, paths, trusts, approvals and tracebacks ---------------------------------
# Each test below failed on the main of the day the issue was filed.

def tree_of(root: Path) -> dict[str, str]:
    """Every path under root: a link by its target, a file by its bytes."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            found[str(path.relative_to(root))] = ("-> " + os.readlink(path) if path.is_symlink() else
                                                  path.read_bytes().hex() if path.is_file() else "dir")
    return found


def cli(project: Path, *args: str, env: dict | None = None, timeout: int = 600,
        refused: bool = False) -> subprocess.CompletedProcess:
    return run_cli(*args, cwd=project, env=env, timeout=timeout, refused=refused)


def refused_cleanly(result: subprocess.CompletedProcess, *words: str) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


@pytest.fixture
def demo_project(tmp_path) -> Path:
    return copy_project(tmp_path / "project", schools=["demo"])


@pytest.fixture
def trust_project(tmp_path) -> Path:
    return copy_project(tmp_path / "project", schools=["larkmoor-elm", "larkmoor-castle", "larkmoor-ashby"])


def edit_file(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("target", ["../.git", "/etc"])
def test_a_linked_site_root_is_refused_and_nothing_is_published(demo_project, tmp_path, target):
    (demo_project / ".git").mkdir()
    (demo_project / ".git" / "config").write_text("[remote]\n", encoding="utf-8")
    os.symlink(target, demo_project / "data" / "site-root")
    out = tmp_path / "out"
    stderr = refused_cleanly(cli(demo_project, "build", "demo", "--out", str(out), "--jobs", "1", refused=True),
                             "data/site-root", "symbolic link")
    assert not out.exists(), stderr


def test_lock_files_and_markers_that_are_links_are_refused(demo_project, tmp_path):
    victim = tmp_path / "victim.txt"
    for link, words in ((tmp_path / ".out.lock", ".out.lock"), (demo_project / "site" / ".schoolpolicy-output",
                                                                  ".schoolpolicy-output")):
        victim.write_text("keep me\n", encoding="utf-8")
        link.parent.mkdir(exist_ok=True)
        os.symlink(victim, link)
        out = tmp_path / "out" if link.name == ".out.lock" else demo_project / "site"
        early = link.name != ".out.lock"  # the marker is refused with --out, the lock once the build starts
        refused_cleanly(cli(demo_project, "build", "demo", "--out", str(out), "--jobs", "1", refused=early), words,
                        "symbolic link")
        assert victim.read_text(encoding="utf-8") == "keep me\n"
        link.unlink()
    (demo_project / "build").mkdir()
    os.symlink(victim, demo_project / "build" / ".schoolpolicy.lock")
    refused_cleanly(cli(demo_project, "build", "demo", "--out", str(tmp_path / "out2"), "--jobs", "1"),
                    ".schoolpolicy.lock", "symbolic link")
    assert victim.read_text(encoding="utf-8") == "keep me\n" and not (tmp_path / "out2").exists()


def test_new_academy_never_writes_through_a_dangling_link(trust_project, tmp_path):
    target = tmp_path / "created-elsewhere.yml"
    os.symlink(target, trust_project / "data" / "schools" / "new-academy.yml")
    for extra in (["--trust", "larkmoor"], []):
        refused_cleanly(cli(trust_project, "new", "new-academy", "--name", "New Academy", *extra), "symbolic link")
        assert not target.exists()


def test_site_url_from_the_environment_is_checked_like_the_argument(demo_project, tmp_path):
    for value in ("https://example.org/\x1b[2J/", "https://example.org/\u202eevil/"):
        stderr = refused_cleanly(cli(demo_project, "build", "demo", "--out", str(tmp_path / "out"),
                                     env={"SCHOOLPOLICY_SITE_URL": value}), "SCHOOLPOLICY_SITE_URL")
        assert "\x1b" not in stderr and "\u202e" not in stderr and not (tmp_path / "out").exists()


def test_serve_refuses_an_empty_host_and_warns_about_every_interface(demo_project):
    refused_cleanly(cli(demo_project, "serve", "demo", "--host", ""), "--host is empty")
    import socket

    with socket.socket() as taken:  # the warning comes first; the port in use then stops serve at once
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        for host in ("0.0.0.0", "0"):
            result = cli(demo_project, "serve", "demo", "--host", host, "--port", str(taken.getsockname()[1]),
                         env={"TMPDIR": str(demo_project)}, timeout=120)
            assert "every network interface" in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_the_trust_workflow_passes_matrix_values_through_the_environment(tmp_path):
    import yaml

    workflow = yaml.safe_load((Path(__file__).parents[1] / ".github" / "workflows" / "trust-matrix.yml")
                              .read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    assert steps and all("${{" not in step.get("run", "") for step in steps), "an expression inside a script"
    (plan,) = [step for step in steps if step.get("id") == "list"]
    (tmp_path / "data" / "schools").mkdir(parents=True)
    (tmp_path / "data" / "schools" / "x;touch PWNED;#.yml").write_text("school: {}\n", encoding="utf-8")
    result = subprocess.run(["bash", "-e", "-c", plan["run"]], cwd=tmp_path, capture_output=True, text=True,
                            env=os.environ | {"TRUST": "", "GITHUB_OUTPUT": str(tmp_path / "output")})
    assert result.returncode != 0 and "not a school's slug" in result.stderr, result.stderr
    assert not (tmp_path / "output").exists() or "touch" not in (tmp_path / "output").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["check"], ["build", "--jobs", "1"], ["approve", "--on", "2026-10-01"]])
def test_an_academy_that_cannot_be_read_fails_every_trust_command(trust_project, tmp_path, command):
    broken = trust_project / "data" / "schools" / "larkmoor-elm.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "  oops: [\n", encoding="utf-8")
    extra = ["--out", str(tmp_path / "out")] if command[0] == "build" else []
    refused_cleanly(cli(trust_project, *command, "--trust", "larkmoor", *extra), "data/schools/larkmoor-elm.yml:")
    assert not (trust_project / "data" / "approved").exists() and not (tmp_path / "out").exists()


TRUST_MISTAKES = [  # (old, new) in data/trusts/larkmoor.yml, the text on the line the message names, its words
    ("    - staff-personal.phone-policy   #", "    - [a, b]   #", "- [a, b]", "not a list"),
    ("    - staff-personal.phone-policy   #", "    - {a: b}   #", "- {a: b}", "should be text"),
    ("    - id: own.trust-reporting", "    - id: [own.trust-reporting]", "id: [own.trust-reporting]", "not a list"),
    ("  omit:\n    - staff-personal.phone-policy", "  omit: staff-personal.phone-policy\n  #",
     "omit: staff-personal.phone-policy", "should be a list"),
    ("  add:\n    - id: own.trust-reporting", "  add:\n    id: own.trust-reporting\n  x:", "    id: own.trust-reporting",
     "should be a list"),
    ("  replace:\n    parents.complaints-channel: |", "  replace:\n    - |", "    - |", "should be a set of"),
    ("  omit:\n", "  restore: [staff-personal.phone-policy]\n  omit:\n", "  restore: [", "restore belongs in an "
     "academy's file"),
]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if text in line)


@pytest.mark.parametrize("old,new,at,words", TRUST_MISTAKES,
                         ids=["list-in-omit", "mapping-in-omit", "list-add-id", "text-omit", "mapping-add",
                              "list-replace", "restore-in-trust"])
def test_trust_file_shapes_are_refused_at_their_line(trust_project, old, new, at, words):
    trust = trust_project / "data" / "trusts" / "larkmoor.yml"
    edit_file(trust, old, new)
    stderr = refused_cleanly(cli(trust_project, "check", "--trust", "larkmoor"), words)
    assert f"data/trusts/larkmoor.yml:{line_of(trust, at)}:" in stderr


def test_an_academy_restoring_a_list_is_refused_at_its_line(trust_project):
    castle = trust_project / "data" / "schools" / "larkmoor-castle.yml"
    edit_file(castle, "restore: [staff-personal.phone-policy]", "restore: [[staff-personal.phone-policy]]")
    refused_cleanly(cli(trust_project, "check", "--trust", "larkmoor"),
                    f"data/schools/larkmoor-castle.yml:{line_of(castle, 'restore: [[')}:")


def test_a_trust_file_that_is_a_folder_or_a_list_is_named_truly(trust_project):
    trusts = trust_project / "data" / "trusts"
    school = trust_project / "data" / "schools" / "larkmoor-elm.yml"
    (trusts / "tz.yml").mkdir()
    edit_file(school, "trust: larkmoor", "trust: tz")
    stderr = refused_cleanly(cli(trust_project, "check", "larkmoor-elm"), "data/trusts/tz.yml", "a folder")
    assert "did you mean" not in stderr.lower()
    (trusts / "listed.yml").write_text("- name: A trust\n", encoding="utf-8")
    edit_file(school, "trust: tz", "trust: listed")
    refused_cleanly(cli(trust_project, "check", "larkmoor-elm"), "data/trusts/listed.yml:1:1:", "not a list")


@pytest.mark.parametrize("args,words", [
    (["--on", "1900-01-01"], "between 1990-01-01"), (["--on", "2101-01-01"], "between 1990-01-01"),
    (["--on", "9999-12-31"], "between 1990-01-01"), (["--on", "2026-10-01", "--by", "  "], "--by is blank"),
    (["--on", "2026-10-01", "--by", "x" * 100_000], "--by is 100,000 characters"),
], ids=["1900", "2101", "9999", "blank-by", "huge-by"])
def test_approve_refuses_before_writing_what_check_would_refuse(demo_project, args, words):
    refused_cleanly(cli(demo_project, "approve", "demo", *args), words)
    assert not (demo_project / "data" / "approved").exists()


def test_approve_never_writes_a_record_check_refuses(demo_project):
    school = demo_project / "data" / "schools" / "demo.yml"
    own = "".join(f"    - {{id: own.c{i}, section: scope, text: Clause {i}.}}\n" for i in range(4_990))
    edit_file(school, "  add:\n", "  add:\n" + own)
    assert cli(demo_project, "check", "demo").returncode == 0
    refused_cleanly(cli(demo_project, "approve", "demo", "--on", "2026-10-01"), "approve would write a record",
                    "more than 5,000")
    assert not (demo_project / "data" / "approved").exists()


def test_a_very_long_name_is_refused_by_check_and_approve_alike(demo_project):
    """A name is printed on every page: 20,000 characters of it took 152 s and 311 MB to build."""
    school = demo_project / "data" / "schools" / "demo.yml"
    text = school.read_text(encoding="utf-8")
    name = re.search(r"^  name: (.*)$", text, re.M).group(1)
    school.write_text(text.replace(f"  name: {name}", "  name: " + "Long School " * 1_600, 1), encoding="utf-8")
    for command in (["check", "demo"], ["approve", "demo", "--on", "2026-10-01"]):
        refused_cleanly(cli(demo_project, *command), "school.name", "19,199 characters long")
    assert not (demo_project / "data" / "approved").exists()


def test_serve_answers_a_nul_in_a_path_without_a_traceback(tmp_path, caplog):
    import io
    import logging
    import socket

    from generator.serve import live_server

    caplog.set_level(logging.DEBUG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (tmp_path / "site" / "demo").mkdir(parents=True)
    (tmp_path / "site" / "demo" / "index.html").write_text("<html><body>ok</body></html>", encoding="utf-8")
    server = live_server(lambda: None, "127.0.0.1", port, tmp_path)
    try:
        for path, status in (("/site/demo/\x00", "404"), ("/site/demo/%00", "404"), ("/site/demo/a\x00b.html", "404"),
                             ("/site/demo/", "200"), ("/site/demo", "302"), ("/nothing", "404")):
            statuses = []
            environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "wsgi.input": io.BytesIO()}
            body = server.serve_request(environ, lambda status, headers, seen=statuses: seen.append(status))
            assert len(statuses) == 1 and statuses[0].startswith(status), (path, statuses)
            b"".join(body)
    finally:
        server.server_close()
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"


def test_a_print_template_that_does_not_compile_is_named_with_its_line(demo_project, tmp_path):
    pack = demo_project / "content" / "print" / "pack.html.j2"
    lines = pack.read_text(encoding="utf-8").split("\n")
    lines[30] += " {% if %}"
    pack.write_text("\n".join(lines), encoding="utf-8")
    result = cli(demo_project, "build", "demo", "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "content/print/pack.html.j2:31:" in result.stderr and "fault in schoolpolicy" not in result.stderr


def test_a_library_needs_mistake_is_the_librarys(demo_project):
    edit_file(demo_project / "content" / "library" / "06-roles.yml", "needs: [roles.dpo]", "needs: [roles.dpoo]")
    result = cli(demo_project, "check", "demo")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "content/library/06-roles.yml" in result.stderr and "roles.dpoo" in result.stderr
    assert "data/schools/demo.yml" not in result.stderr


def test_a_name_with_an_emoji_gives_a_starter_check_accepts(trust_project):
    for slug, extra in (("sunny", []), ("sunny-academy", ["--trust", "larkmoor"])):
        made = cli(trust_project, "new", slug, "--name", "Sunny School \U0001f3eb", *extra)
        assert made.returncode == 0, made.stderr
        checked = cli(trust_project, "check", slug)
        assert checked.returncode == 0, checked.stderr
        assert "Sunny School \U0001f3eb" in (trust_project / "data" / "schools" / f"{slug}.yml").read_text("utf-8")


def test_the_id_suggested_for_a_clash_is_free(demo_project):
    school = demo_project / "data" / "schools" / "demo.yml"
    edit_file(school, "  add:\n", "  add:\n" + "".join(
        f"    - {{id: own.same, section: scope, text: Clause {i}.}}\n" for i in range(2)))
    stderr = refused_cleanly(cli(demo_project, "check", "demo"), "'own.same' is already used")
    suggested = re.findall(r"e\.g\. (own\.[a-z0-9-]+)", stderr)
    assert suggested and "own.same" not in suggested, stderr


@pytest.mark.slow
def test_sigterm_stops_a_build_as_ctrl_c_does_and_a_build_leaves_no_temporary_files(demo_project, tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = os.environ | {"TMPDIR": str(temporary)}
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "generator", "build", "demo", "--out", str(out), "--jobs", "2",
                                "--no-cache"], cwd=demo_project, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    assert line.startswith("Building demo"), line + process.stderr.read()
    time.sleep(2)
    process.terminate()
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 143 and "stopped" in stderr and "Traceback" not in stderr, stderr
    assert not [p.name for p in tmp_path.iterdir() if ".out.tmp-" in p.name or ".out.old-" in p.name]
    assert not out.exists() and not list(temporary.iterdir())
    built = subprocess.run([sys.executable, "-m", "generator", "build", "demo", "--out", str(out), "--jobs", "2",
                            "--no-cache"], cwd=demo_project, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert not list(temporary.iterdir()), "a build left files in the temporary folder"



# --- Issue 28: the build cache is data, checked on every read ---------------------------------

class Runs:
    """Unpickling this runs a shell command: what a crafted cache entry would hold."""

    def __init__(self, flag: Path):
        self.flag = flag

    def __reduce__(self):
        return (os.system, (f"touch {self.flag}",))


def crafted_entry(flag: Path) -> bytes:
    """A Jinja bytecode entry (magic, pickled checksum, marshalled code) whose checksum runs a command."""
    import marshal
    import pickle

    import jinja2.bccache

    code = compile(f"import os; os.system('touch {flag}')", "<crafted>", "exec")
    return jinja2.bccache.bc_magic + pickle.dumps(Runs(flag), 2) + marshal.dumps(code)


def test_a_crafted_pickled_cache_entry_runs_nothing(demo_project, tmp_path):
    # Each command in a new process, which has nothing in memory and reads only the cache.
    cli = functools.partial(run_cli_process, timeout=600)
    assert cli("check", "demo", cwd=demo_project).returncode == 0  # fills build/.cache
    flag = tmp_path / "PWNED"
    entries = [p for p in (demo_project / "build" / ".cache").rglob("*") if p.is_file() and p.name != "CACHEDIR.TAG"]
    assert entries
    for entry in entries:
        entry.write_bytes(crafted_entry(flag))
    for command in (["check", "demo"], ["clauses", "demo"]):
        result = cli(*command, cwd=demo_project)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert not flag.exists(), f"{command[0]} ran code from the build cache"
    assert not [p for p in (demo_project / "build" / ".cache").rglob("*") if p.suffix in (".jinja", ".pyc")]


def test_cache_entries_are_checked_on_every_read(tmp_path):
    """Cut, swapped (another key's entry, as another school's site), linked, special and oversized
    entries are never used: each is discarded, and the command says so once."""
    from generator.cache import BuildCache, damage_warning

    cache = BuildCache(tmp_path / ".cache")
    keys = [f"{n:064x}" for n in range(8)]
    for key in keys:
        cache.write("site", key, ".tar", b"site " + key.encode())
    assert cache.read("site", keys[0], ".tar") == b"site " + keys[0].encode()
    path = lambda n: cache.path("site", keys[n], ".tar")  # noqa: E731
    path(1).write_bytes(path(1).read_bytes()[:-3])  # cut short
    path(2).write_bytes(path(3).read_bytes())  # another key's entry under this key
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    path(4).unlink()
    path(4).symlink_to(victim)  # a link to somebody's file
    path(5).unlink()
    os.mkfifo(path(5))  # a pipe: reading it would wait forever
    path(6).unlink()
    path(6).symlink_to("/dev/zero")  # never ends
    path(7).write_bytes(b"site " + keys[7].encode())  # written by hand: no header
    started = time.monotonic()
    assert cache.read("site", keys[3], ".tar") == b"site " + keys[3].encode()
    for n in (1, 2, 4, 5, 6, 7):
        assert cache.read("site", keys[n], ".tar") is None, n
        assert not os.path.lexists(path(n)), n  # discarded: made again next time
    assert time.monotonic() - started < 10
    assert victim.read_text(encoding="utf-8") == "keep me"
    warning = damage_warning()
    assert warning is not None and "6 cache entries" in str(warning) and damage_warning() is None
    cache.write("pdf", keys[0], ".pdf", bytes(200 * 1024 * 1024))  # beyond the cap: not kept
    assert cache.read("pdf", keys[0], ".pdf") is None


def test_a_linked_cache_folder_or_build_folder_is_refused_and_never_trimmed(demo_project, tmp_path):
    elsewhere = tmp_path / "Documents"
    elsewhere.mkdir()
    (elsewhere / "pdf").mkdir()
    (elsewhere / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n", encoding="utf-8")
    (elsewhere / "pdf" / "letter.txt").write_text("keep me", encoding="utf-8")
    before = tree_of(elsewhere)
    (demo_project / "build").mkdir()
    os.symlink(elsewhere, demo_project / "build" / ".cache")
    for command in (["check", "demo"], ["build", "demo", "--out", str(tmp_path / "out"), "--jobs", "1"]):
        refused_cleanly(cli(demo_project, *command), "build/.cache", "symbolic link")
    assert tree_of(elsewhere) == before and not (tmp_path / "out").exists()
    (demo_project / "build" / ".cache").unlink()
    (demo_project / "build").rmdir()
    os.symlink(elsewhere, demo_project / "build")
    refused_cleanly(cli(demo_project, "check", "demo"), "build", "symbolic link")
    assert tree_of(elsewhere) == before


@pytest.mark.slow
def test_damaged_cache_entries_are_rebuilt_and_the_site_is_the_same(demo_project, tmp_path):
    """Cut PDFs, a cut site archive, entries that are links or pipes: rebuilt, same bytes, one warning."""
    fresh = cli(demo_project, "build", "demo", "--out", str(tmp_path / "first"), "--jobs", "2")
    assert fresh.returncode == 0, fresh.stderr
    cache = demo_project / "build" / ".cache"
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    pdfs, sites = sorted(cache.glob("pdf/??/*.pdf")), sorted(cache.glob("site/??/*.tar"))
    manifests, markdown = sorted(cache.glob("pdf-reads/??/*.json")), sorted(cache.glob("markdown/??/*.html"))
    assert len(pdfs) > 10 and sites and manifests and markdown
    for entry in pdfs[::2] + sites + markdown[::3]:
        entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])  # cut in half
    pdfs[1].unlink()
    pdfs[1].symlink_to(victim)
    pdfs[3].unlink()
    os.mkfifo(pdfs[3])
    manifests[0].unlink()
    manifests[0].symlink_to("/dev/zero")
    again = cli(demo_project, "build", "demo", "--out", str(tmp_path / "again"), "--jobs", "2", timeout=900)
    assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr
    assert again.stderr.count("made again") == 1, again.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert tree_of(tmp_path / "first") == tree_of(tmp_path / "again")



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


# Trusts: random shapes in the trust's file and an academy's file together, merged and checked in-process.
TRUST_PLACES = [(), ("trust",), ("school",), ("roles",), ("terms",), ("policy",), ("clauses",), ("clauses", "add"),
                ("clauses", "omit"), ("clauses", "replace"), ("clauses", "include"), ("clauses", "restore"),
                ("governance",)]
ACADEMY_PLACES = [(), ("trust",), ("school",), ("school", "name"), ("roles",), ("roles", "dsl"), ("clauses",),
                  ("clauses", "add"), ("clauses", "omit"), ("clauses", "replace"), ("clauses", "restore")]


@pytest.fixture(scope="module")
def trust_in_process(tmp_path_factory):
    """A project with the example trust and one academy; a function checking the two files' texts."""
    import datetime as dt

    import yaml

    from generator.build import check_one, load_shared
    from generator.errors import DataError
    from generator.project import Project

    root = copy_project(tmp_path_factory.mktemp("trust-property") / "project", schools=["larkmoor-castle"])
    project = Project.find(root)
    shared = load_shared(project)
    trust_file, school_file = root / "data" / "trusts" / "random-trust.yml", project.school_file("random-academy")
    trust_base = yaml.safe_load((root / "data" / "trusts" / "larkmoor.yml").read_text(encoding="utf-8"))
    academy_base = yaml.safe_load(project.school_file("larkmoor-castle").read_text(encoding="utf-8"))
    academy_base["trust"] = "random-trust"

    def check(trust: bytes, academy: bytes) -> int:
        trust_file.write_bytes(trust)
        school_file.write_bytes(academy)
        try:
            check_one(project, school_file, shared, dt.date(2026, 11, 1))
        except DataError as exc:
            errors = [p for p in exc.problems if p.severity == "error"]
            assert errors, "a DataError with no error in it"
            for problem in errors:
                shown = str(problem)
                assert re.match(r"data/(schools/random-academy|trusts/random-trust)\.yml:\d+:\d+: ", shown), shown
                no_raw_control(shown)
            return 2
        return 0
    return trust_base, academy_base, check


def placed(base, where: tuple, tree):
    import copy

    if not where:
        return tree
    data = copy.deepcopy(base)
    parent = data
    for part in where[:-1]:
        if not isinstance(parent.get(part), dict):
            parent[part] = {}
        parent = parent[part]
    parent[where[-1]] = tree
    return data


@settings(PROPERTY, max_examples=120, deadline=None)  # a full check each; the machine sets the pace
@given(yaml_trees(), st.sampled_from(TRUST_PLACES), yaml_trees(), st.sampled_from(ACADEMY_PLACES), st.booleans())
def test_random_trust_and_academy_shapes_exit_0_or_2_located(trust_in_process, trust_tree, trust_at, academy_tree,
                                                             academy_at, both):
    import yaml

    trust_base, academy_base, check = trust_in_process
    trust = placed(trust_base, trust_at, trust_tree)
    academy = placed(academy_base, academy_at, academy_tree) if both else academy_base
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True).encode("utf-8")  # noqa: E731
    assert check(dump(trust), dump(academy)) in (0, 2)
