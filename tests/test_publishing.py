"""Publishing a fork (examples left out, the school's own root files, the site's address) and the
approval record as the one source of truth, on real project copies with the real resolver."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.build import check_all
from generator.errors import Problem
from generator.project import Project
from generator.readers.approved import ApprovedClause, ApprovedVersion
from generator.resolve.changes import compare
from generator.schools import published_slugs
from generator.writers.site.tree import copy_site_root
from tests.conftest import copy_project, run_cli

TODAY = dt.date(2026, 12, 1)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def resolved(project: Path, slug: str = "demo"):
    checked = check_all(Project(project), [slug], TODAY)
    return checked.documents[0], checked.warnings


def test_examples_are_published_only_until_a_fork_adds_its_own(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo", "ncjps", "demo-wales"])
    assert sorted(published_slugs(Project(project))) == ["demo", "demo-wales", "ncjps"]
    assert run_cli("new", "oakfield", "--name", "Oakfield Primary School", cwd=project).returncode == 0
    assert published_slugs(Project(project)) == ["oakfield"]
    assert run_cli("new", "ashgrove", "--name", "Ashgrove Academy", cwd=project).returncode == 0
    assert published_slugs(Project(project)) == ["ashgrove", "oakfield"]  # a trust: the root is the index


def test_every_example_school_is_marked():
    from tests.conftest import ROOT, school_slugs

    for slug in school_slugs():
        assert "\nexample: true" in (ROOT / "data" / "schools" / f"{slug}.yml").read_text(encoding="utf-8"), slug


def test_publish_options_are_checked_before_anything_is_built(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    named = run_cli("build", "--publish", "demo", "--out", str(tmp_path / "site"), cwd=project, refused=True)
    assert named.returncode == 2 and "leave out the school names" in named.stderr
    bad = run_cli("build", "demo", "--site-url", "policy.example.org", "--out", str(tmp_path / "site"), cwd=project,
                  refused=True)
    assert bad.returncode == 2 and "starting with https://" in bad.stderr
    assert "Traceback" not in named.stderr + bad.stderr and not (tmp_path / "site").exists()


def test_site_root_files_are_copied_but_never_over_a_built_file(tmp_path):
    project = copy_project(tmp_path / "project", schools=[])
    root = project / "data" / "site-root"
    (root / ".well-known").mkdir(parents=True)
    (root / "CNAME").write_text("policy.example.org\n")
    (root / ".well-known" / "security.txt").write_text("Contact: mailto:office@example.org\n")
    (root / "index.html").write_text("mine")
    (root / "link").symlink_to("/etc/hostname")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("built")
    found = copy_site_root(Project(project), site)
    assert (site / "CNAME").read_text() == "policy.example.org\n"
    assert (site / ".well-known" / "security.txt").is_file()
    assert (site / "index.html").read_text() == "built" and not (site / "link").exists()
    assert {(str(p.path), p.severity) for p in found} == {
        ("data/site-root/index.html", "warning"), ("data/site-root/link", "warning")}


def test_approving_records_the_date_so_nothing_reads_as_changed(tmp_path):
    """The old bug: the record was taken before governance.approved was set, so the next pack said
    'not yet approved', and once it was set the key dates clause read as reworded."""
    project = copy_project(tmp_path / "project", schools=["ncjps"])
    school = project / "data" / "schools" / "ncjps.yml"
    assert "approved: " not in school.read_text(encoding="utf-8").split("governance:")[1].split("clauses:")[0]
    assert run_cli("approve", "ncjps", "--on", "2026-11-02", "--by", "the governing body", cwd=project).returncode == 0
    document, warnings = resolved(project, "ncjps")
    assert document.changes.items == () and document.approval.current
    assert (document.approval.on, document.approval.by) == (dt.date(2026, 11, 2), "the governing body")
    dates = next(c for c in document.clauses() if c.id == "about.dates")
    assert "Approved: 2 November 2026, by the governing body" in dates.text
    assert not [w for w in warnings if "differ" in w.message]


def test_the_record_wins_over_an_older_governance_approved(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    approved = run_cli("approve", "demo", "--on", "2027-10-04", cwd=project)
    assert approved.returncode == 0 and "governance.approved: warning: says 2026-10-05" in approved.stderr
    document, warnings = resolved(project)
    assert document.school.governance.approved == dt.date(2027, 10, 4) and document.approval.current
    (said,) = [w for w in warnings if w.field == "governance.approved"]
    assert said.severity == "warning" and said.line and str(said.path) == "data/schools/demo.yml"
    assert "records version 2.1 as approved on 2027-10-04" in said.message
    assert "schoolpolicy approve demo --on 2026-10-05" in said.message


def test_an_old_school_file_with_only_governance_approved_keeps_working(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    document, warnings = resolved(project)
    assert document.approval.on == dt.date(2026, 10, 5) and not document.approval.on_record
    assert document.approval.current and not [w for w in warnings if "approv" in w.message]


def test_a_new_version_awaits_approval(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    assert run_cli("approve", "demo", cwd=project).returncode == 0
    edit(project / "data" / "schools" / "demo.yml", 'version: "2.1"', 'version: "2.2"')
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 0
    assert ("data/approved/demo.yml: warning: 1 clause differs from version 2.1 approved on 5 October 2026: "
            "1.4 reworded.") in result.stderr  # the key dates clause names the version


def snapshot(document, **changed: tuple[str, str]) -> ApprovedVersion:
    """The document as if approved, with some clauses under another id or with other words."""
    clauses = []
    for c in document.clauses():
        cid, text = changed.get(c.id, (c.id, c.text))
        clauses.append(ApprovedClause(id=cid, number=c.number, text=text))
    return ApprovedVersion(school=document.slug, version="2.1", approved=dt.date(2026, 10, 5), clauses=clauses)


def test_a_rename_is_one_change_or_none(tmp_path):
    document, _ = resolved(copy_project(tmp_path / "project", schools=["demo"]))
    same = document.clauses()[3]
    reworded = document.clauses()[5]
    approved = snapshot(document, **{same.id: ("old.same", same.text), reworded.id: ("old.reworded", "Other words.")})
    changes = compare(document, approved, {"old.same": same.id, "old.reworded": reworded.id})
    assert [(c.kind, c.id, c.former_id) for c in changes.items] == [("renamed", reworded.id, "old.reworded")]
    unfollowed = compare(document, approved)  # without former_ids it would be two additions and two removals
    assert sorted(c.kind for c in unfollowed.items) == ["added", "added", "removed", "removed"]


def test_a_new_checked_date_is_not_a_rewording(tmp_path):
    document, _ = resolved(copy_project(tmp_path / "project", schools=["demo"]))
    clause = next(c for c in document.clauses() if "We checked these minimum ages" in c.text)
    older = clause.text.replace("5 December 2026", "3 March 2026")  # the newest minimum age check
    assert older != clause.text
    approved = snapshot(document, **{clause.id: (clause.id, older)})
    assert compare(document, approved.model_copy(update={"facts_checked": [dt.date(2026, 3, 3)]}),
                   checked={dt.date(2026, 12, 5)}).items == ()
    assert [c.kind for c in compare(document, approved, checked=set()).items] == ["reworded"]


def test_a_former_id_cannot_be_a_clause_that_exists(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    edit(project / "content" / "library" / "12-parents.yml", "  - id: parents.no-school-info\n",
         "  - id: parents.no-school-info\n    former_ids: [parents.right-to-use]\n")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "'parents.right-to-use' is a clause now" in result.stderr


def test_problems_name_files_as_the_user_sees_them():
    assert str(Problem(Path("data/site-root/CNAME"), "x", severity="warning")) == "data/site-root/CNAME: warning: x"
