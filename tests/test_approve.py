"""Governors see what changed since they approved: `schoolpolicy approve`, then the pack's change list."""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from generator.resolve.changes import marked
from tests.conftest import ROOT, copy_project, one_guide, run_cli


def pack_text(site: Path, slug: str) -> str:
    with pdfplumber.open(site / slug / "downloads" / "policy-pack.pdf") as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages[:6])


def edit(project: Path, slug: str, old: str, new: str) -> None:
    path = project / "data" / "schools" / f"{slug}.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changed_words_are_marked_and_escaped():
    before, after = marked("Tell the <b>class</b> teacher first.", "Tell the form tutor first.")
    assert before == "Tell the <del>&lt;b&gt;class&lt;/b&gt; teacher</del> first."
    assert after == "Tell the <ins>form tutor</ins> first."


def test_without_an_approved_version_the_pack_says_so(built_site):
    """The examples have no approval record (data/approved/): the session's real build of the demo says so."""
    assert not (ROOT / "data" / "approved" / "demo.yml").exists()
    assert "no approved version of this policy on record" in " ".join(pack_text(built_site, "demo").split())


@pytest.mark.slow
def test_the_pack_lists_changes_since_the_approved_version(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    one_guide(project / "data" / "schools" / "demo.yml")  # the pack is read, no guide
    approved = run_cli("approve", "demo", cwd=project)
    assert approved.returncode == 0, approved.stderr
    assert "data/approved/demo.yml" in approved.stdout
    assert run_cli("build", "demo", "--out", str(tmp_path / "same"), cwd=project).returncode == 0
    assert "The wording is the same as version 2.1" in " ".join(pack_text(tmp_path / "same", "demo").split())

    edit(project, "demo", "please talk to your", "please speak to your")
    edit(project, "demo", "  omit:\n    - cyber-bullying.examples", "  omit:\n    - cyber-bullying.examples\n"
                                                                     "    - about.school-ethos")
    result = run_cli("build", "demo", "--out", str(tmp_path / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    text = " ".join(pack_text(tmp_path / "site", "demo").split())
    assert "Compared with version 2.1, approved on 5 October 2026: 1 clause reworded, 0 added and 1 removed" in text
    assert "Reworded" in text and "Removed" in text and "was 1.2" in text
    assert "kept their wording but moved to a new number" in text  # omitting 1.2 renumbers the rest of section 1


def test_approve_needs_a_date(tmp_path):
    project = copy_project(tmp_path / "project", schools=["ncjps"])
    result = run_cli("approve", "ncjps", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--on YYYY-MM-DD" in result.stderr and "governance.approved" in result.stderr
    assert not (project / "data" / "approved").exists()
    assert run_cli("approve", "ncjps", "--on", "2021-03-12", cwd=project).returncode == 0
    assert "approved: 2021-03-12" in (project / "data" / "approved" / "ncjps.yml").read_text(encoding="utf-8")


def test_a_broken_approved_file_is_a_located_error(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    (project / "data" / "approved").mkdir()
    (project / "data" / "approved" / "demo.yml").write_text("school: demo\nversion: '1'\nclauses: 7\n")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "data/approved/demo.yml:3" in result.stderr and "clauses" in result.stderr
