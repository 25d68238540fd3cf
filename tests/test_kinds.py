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
from generator.readers.library import KINDS

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
            assert set(section.kinds_of(clause)) <= set(KINDS)
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


def law_why(doc, law_id: str) -> str:
    return next(law.why for law in doc.context["laws"] if law.id == law_id)


def test_a_law_gives_each_kind_its_own_why_where_the_general_one_reads_wrongly(tmp_path, shared):
    project = demo_with(tmp_path, {"kinds": ["social-media", "images", "online-safety"], "title": None})
    doc, _ = check_one(Project(project), project / "data" / "schools" / "demo.yml", shared, DAY)
    images, online = doc.further
    assert "before it posts them online" in law_why(doc, "uk-gdpr")
    assert "before it posts them online" not in law_why(images, "uk-gdpr")
    assert "take it, use it, keep it or share it" in law_why(images, "uk-gdpr")
    assert law_why(online, "equality-act-2010") == law_why(doc, "equality-act-2010")  # no kind's own line
    framework = images.clause("legal.framework").text
    assert "take it, use it, keep it or share it" in framework and "before it posts them online" not in framework


def test_a_why_for_a_kind_the_law_leaves_out_is_a_library_error(tmp_path):
    project = copy_project(tmp_path / "project", ["demo"])
    path = project / "content" / "reference" / "legislation.yml"
    text = path.read_text(encoding="utf-8")
    marker = "  why_by_kind:\n    online-safety: Section 72"
    assert marker in text
    path.write_text(text.replace(marker, "  why_by_kind:\n    images: A line for a kind it is not in.\n"
                                         "    online-safety: Section 72"), encoding="utf-8")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "why_by_kind names images" in result.stdout + result.stderr


def own_clauses(tmp_path: Path, policy: dict, added: list[dict]) -> Path:
    project = demo_with(tmp_path, policy)
    path = project / "data" / "schools" / "demo.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.setdefault("clauses", {})["add"] = list(data["clauses"].get("add") or []) + added
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return project


def test_own_clauses_go_in_the_first_kind_unless_they_name_one(tmp_path, shared):
    project = own_clauses(tmp_path, {"kinds": ["social-media", "acceptable-use"], "title": None}, [
        {"id": "own.first-kind", "section": "roles", "text": "Our office keeps a list of every account."},
        {"id": "own.second-kind", "section": "roles", "kind": "acceptable-use",
         "text": "Our office keeps a list of every laptop it lends."}])
    doc, _ = check_one(Project(project), project / "data" / "schools" / "demo.yml", shared, DAY)
    assert doc.clause("own.first-kind") and not doc.clause("own.second-kind")
    assert doc.further[0].clause("own.second-kind") and not doc.further[0].clause("own.first-kind")


@pytest.mark.parametrize(("kind", "section", "message"), [
    ("e-safety", "roles", "online-safety"),  # not a kind at all: the kinds are listed
    ("images", "roles", "'images' is not a kind of policy this school publishes"),
    (None, "pupils", "section 'pupils' is not in the school's acceptable use policy (acceptable-use)"),
])
def test_an_own_clause_in_no_policy_is_a_located_error(tmp_path, kind, section, message):
    clause = {"id": "own.lost", "section": section, "text": "A clause of our own."} | ({"kind": kind} if kind else {})
    project = own_clauses(tmp_path, {"kinds": ["acceptable-use", "social-media"], "title": None}, [clause])
    result = run_cli("check", "demo", cwd=project)
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in result.stderr, out
    assert message in out, out
    assert re.search(r"demo\.yml:\d+", out), out  # located at its line


def test_each_kind_lists_its_own_laws(tmp_path, shared):
    """Issue 21: each kind has its own laws. A photography policy lists no Online Safety Act and no filtering
    standards; an online safety policy lists both; a social media policy the act but not the standards."""
    project = demo_with(tmp_path, {"kinds": list(KINDS), "title": None})
    doc, _ = check_one(Project(project), project / "data" / "schools" / "demo.yml", shared, DAY)
    laws = {one.kind: {law.id for law in one.context["laws"]} for one in (doc, *doc.further)}
    assert sorted(laws) == sorted(KINDS)
    assert "online-safety-act-2023" not in laws["images"] and "uk-gdpr" in laws["images"]
    assert {"online-safety-act-2023", "dfe-filtering-monitoring-standards"} <= laws["online-safety"]
    assert "online-safety-act-2023" in laws["social-media"]
    assert "dfe-filtering-monitoring-standards" not in laws["social-media"] | laws["images"]
    assert len({frozenset(ids) for ids in laws.values()}) == len(KINDS)  # no two kinds list the same laws
    # and the list a reader sees is that kind's: the framework clause names only its own kind's laws
    framework = {one.kind: one.clause("legal.framework").text for one in (doc, *doc.further)}
    assert "Online Safety Act" not in framework["images"] and "Online Safety Act" in framework["online-safety"]
