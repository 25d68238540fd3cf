"""Kinds of policy (issue 21, docs/library-model.md): the schema, the planner and each kind's own words."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, run_cli

from generator.build import check_one, load_shared
from generator.project import Project
from generator.vocabulary import POLICY_KINDS

DAY = dt.date(2026, 12, 5)


@pytest.fixture(scope="module")
def shared():
    return load_shared(Project(ROOT), DAY)


def demo_with(tmp_path: Path, policy: dict) -> Path:
    """The demo school's file with its policy keys changed, in a copy of the project."""
    project = copy_project(tmp_path / "project", ["demo"])
    path = project / "data" / "schools" / "demo.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["policy"] = {k: v for k, v in (data["policy"] | policy).items() if v is not None}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def test_kind_and_kinds_together_is_a_located_error(tmp_path):
    project = demo_with(tmp_path, {"kind": "images", "kinds": ["images"]})
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "policy.kind (one kind) or policy.kinds (several), not both" in result.stdout + result.stderr


def test_unknown_kind_is_a_located_error(tmp_path):
    project = demo_with(tmp_path, {"kind": "e-safety"})
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "online-safety" in result.stdout + result.stderr  # the message lists the kinds allowed


def test_default_kind_is_social_media_and_every_clause_is_tagged(shared):
    """No kinds: a section is in the social media policy, so today's schools are unchanged."""
    for section in shared.library.sections:
        for clause in section.clauses:
            assert set(section.kinds_of(clause)) <= set(POLICY_KINDS)
    doc, _ = check_one(Project(ROOT), ROOT / "data" / "schools" / "demo.yml", shared, DAY)
    assert doc.kind == "social-media" and doc.title == "Social Media Policy"
    assert doc.context["policy"]["kind"] == "social-media"


def test_a_clause_cannot_claim_a_kind_its_section_lacks(tmp_path):
    project = copy_project(tmp_path / "project", ["demo"])
    path = project / "content" / "library" / "17-online-rules.yml"
    text = path.read_text(encoding="utf-8")
    first = re.search(r"(?m)^  - id: (\S+)\n", text)
    path.write_text(text[:first.end()] + "    kinds: [images]\n" + text[first.end():], encoding="utf-8")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"clause '{first.group(1)}' says kinds: ['images']" in result.stdout + result.stderr
