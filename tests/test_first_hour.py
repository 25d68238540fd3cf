"""A school's first hour without a stumble (issue 26): what a new user meets, through the real command."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_project, run_cli


@pytest.fixture()
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project", schools=["demo-wales"])


def test_the_starter_shows_a_hashtag_in_quotes_and_the_example_works(project):
    assert run_cli("new", "first", "--name", "First School", cwd=project).returncode == 0
    path = project / "data" / "schools" / "first.yml"
    text = path.read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if ln.lstrip().startswith("hashtags:"))
    example = re.search(r'\[("#\w+"(, )?)+\]', line)
    assert example, line
    path.write_text(text.replace(line, f"  hashtags: {example.group()}"), encoding="utf-8")
    result = run_cli("check", "first", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_hashtag_without_quotes_is_named_at_its_line(project):
    path = project / "data" / "schools" / "demo-wales.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, ln in enumerate(lines, 1) if ln.lstrip().startswith("hashtags:"))
    lines[number - 1] = "  hashtags: [#BroTeifi]"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", "demo-wales", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.startswith(f"data/schools/demo-wales.yml:{number}:"), result.stderr
    assert 'hashtags: ["#BroTeifi"]' in result.stderr and "comment" in result.stderr


def test_curly_quotes_are_a_warning_with_the_line_to_type(project):
    path = project / "data" / "schools" / "demo-wales.yml"
    text = path.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^  passwords_kept: .*$", "  passwords_kept: “in the head of centre’s office”", text)
    assert count == 1
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "demo-wales", cwd=project)
    assert result.returncode == 0, result.stderr
    assert 'passwords_kept: "in the head of centre’s office"' in result.stderr, result.stderr


def readme_pull_command() -> list[str]:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    (command,) = set(re.findall(r"`(git pull [^`]*upstream main)`", readme))
    return command.split()


def test_the_readme_update_step_finishes_without_an_editor(tmp_path):
    """In a real terminal, `git pull` of a merge opens an editor for its message; the README's command
    must finish by itself (GIT_MERGE_AUTOEDIT=yes makes git behave as in a terminal; an editor fails)."""
    import os
    import shutil
    import subprocess

    if not shutil.which("git"):
        pytest.skip("git is not installed")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

    def git(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=cwd, env={**env, **extra}, capture_output=True, text=True)

    upstream, fork = tmp_path / "upstream", tmp_path / "fork"
    upstream.mkdir()
    (upstream / "library.txt").write_text("one\n")
    for step in (("init", "-q", "-b", "main"), ("add", "-A"), ("commit", "-qm", "release 1")):
        assert git(*step, cwd=upstream).returncode == 0
    assert git("clone", "-q", str(upstream), str(fork), cwd=tmp_path).returncode == 0
    assert git("remote", "add", "upstream", str(upstream), cwd=fork).returncode == 0
    (fork / "school.txt").write_text("ours\n")
    assert git("add", "-A", cwd=fork).returncode == 0 and git("commit", "-qm", "our school", cwd=fork).returncode == 0
    (upstream / "library.txt").write_text("two\n")
    assert git("commit", "-qam", "release 2", cwd=upstream).returncode == 0
    command = readme_pull_command()
    pulled = git(*command[1:], cwd=fork, GIT_MERGE_AUTOEDIT="yes", GIT_EDITOR="false")
    assert pulled.returncode == 0, f"{' '.join(command)}: {pulled.stdout}{pulled.stderr}"
    assert (fork / "library.txt").read_text() == "two\n" and (fork / "school.txt").exists()


def role_line(project: Path, key: str) -> tuple[Path, list[str], int]:
    path = project / "data" / "schools" / "demo-wales.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    return path, lines, next(i for i, ln in enumerate(lines) if ln.startswith(f"  {key}:"))


def message_and_fix(project: Path, key: str, written: str) -> str:
    """Write `key: written` over the role in demo-wales.yml, take check's message at that line, type
    the fix it suggests, and check again: the fix must pass. Returns the message."""
    path, lines, index = role_line(project, key)
    lines[index] = f"  {key}: {written}"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("check", "demo-wales", cwd=project)
    assert result.returncode == 2, result.stderr
    (message,) = [ln for ln in result.stderr.splitlines() if ln.startswith(f"data/schools/demo-wales.yml:{index + 1}:")]
    lines[index] = "  " + message.split("write ", 1)[1].split(" (", 1)[0].strip()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    fixed = run_cli("check", "demo-wales", cwd=project)
    assert fixed.returncode == 0, message + "\n" + fixed.stderr
    return message


def test_a_name_where_a_role_belongs_gets_a_fix_that_keeps_the_nations_title(project):
    message = message_and_fix(project, "dsl", "Mrs N Bevan")
    assert "dsl: {name: Mrs N Bevan}" in message, message
    assert "title: dsl" not in message


def test_two_names_in_one_string_are_pointed_towards_people(project):
    message = message_and_fix(project, "deputy_dsls", "Mr I Prawf and Mrs S Jones")
    assert "people: [{name: Mr I Prawf}, {name: Mrs S Jones}]" in message, message


def test_another_nations_word_in_the_schools_own_text_is_warned_at_its_line(project):
    path = project / "data" / "schools" / "demo-wales.yml"
    text = path.read_text(encoding="utf-8")
    own = ("clauses:\n  add:\n    - id: own.records\n      section: school-accounts\n      text: |\n"
           "        We keep a record of every report we make.\n        Ofsted may ask to see this.\n")
    path.write_text(text + own, encoding="utf-8")
    line = len(text.splitlines()) + 7
    result = run_cli("check", "demo-wales", cwd=project)
    assert result.returncode == 0, result.stderr
    found = [ln for ln in result.stderr.splitlines() if "'Ofsted'" in ln]
    assert found and found[0].startswith(f"data/schools/demo-wales.yml:{line}:"), result.stderr
    assert "England" in found[0] and "Wales" in found[0], found[0]


def test_a_schools_own_word_for_its_own_nation_is_not_warned(project):
    result = run_cli("check", cwd=project)
    assert result.returncode == 0 and "word only" not in result.stderr, result.stderr


@pytest.mark.slow
def test_a_published_site_carries_no_marker_and_can_be_built_again(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo-wales"])
    for _ in range(2):  # the second build replaces the first, as a fork's next push does
        result = run_cli("build", "--publish", "--out", "public", "--site-url", "https://example.org/p/",
                         cwd=project)
        assert result.returncode == 0, result.stdout + result.stderr
        assert not (project / "public" / ".schoolpolicy-output").exists()
        assert (project / "public" / "index.html").is_file() and (project / "public" / "404.html").is_file()
    assert [p.name for p in project.iterdir() if p.name.startswith(".public")] in ([], [".public.lock"])
