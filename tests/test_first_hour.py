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
    line = next(l for l in text.splitlines() if l.lstrip().startswith("hashtags:"))
    example = re.search(r'\[("#\w+"(, )?)+\]', line)
    assert example, line
    path.write_text(text.replace(line, f"  hashtags: {example.group()}"), encoding="utf-8")
    result = run_cli("check", "first", cwd=project)
    assert result.returncode == 0, result.stderr


def test_a_hashtag_without_quotes_is_named_at_its_line(project):
    path = project / "data" / "schools" / "demo-wales.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, l in enumerate(lines, 1) if l.lstrip().startswith("hashtags:"))
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
