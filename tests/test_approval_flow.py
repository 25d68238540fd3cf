"""After approval: a library update, a new draft, approving again, a trust's approval (issue 26).

The pack is read as its print HTML, made in process (no PDF rendered): the words a governor reads."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

TODAY = dt.date.today()


@pytest.fixture()
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project", schools=["demo-wales", "larkmoor-elm", "larkmoor-ashby",
                                                       "larkmoor-castle"])


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def approve(project: Path, *args: str) -> None:
    result = run_cli("approve", *args, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr


def pack(project: Path, slug: str) -> str:
    from generator.build import check_all
    from generator.project import Project
    from generator.writers.pdf.jobs import print_environment
    from generator.writers.pdf.pack import build_pack, pack_html

    (document,) = check_all(Project(project), [slug], TODAY).documents
    return pack_html(build_pack(document), print_environment(project / "content" / "print"), {})


def cover(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('<section class="control"')[0]))


def change_rows(html: str) -> list[str]:
    table = html.split('class="record change-list"')[1].split("</table>")[0]
    return re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1], re.S)


SCHOOL = "data/schools/demo-wales.yml"
VERSION_LINE = '  version: "1.0"'


def version_line(project: Path) -> int:
    lines = (project / SCHOOL).read_text(encoding="utf-8").splitlines()
    return lines.index(VERSION_LINE) + 1


def test_a_changed_policy_is_a_draft_of_the_next_version(project):
    approve(project, "demo-wales", "--on", "2026-10-12")
    edit(project, SCHOOL, "passwords_kept: in the headteacher's office", "passwords_kept: in the school office")
    result = run_cli("check", "demo-wales", cwd=project)
    assert result.returncode == 0, result.stderr
    suggestion = [ln for ln in result.stderr.splitlines() if 'version: "1.1"' in ln]
    assert suggestion and suggestion[0].startswith(f"{SCHOOL}:{version_line(project)}:"), result.stderr
    front = cover(pack(project, "demo-wales"))
    assert "1.1 (draft)" in front, front
    assert "This version is awaiting approval" not in front and "Version 1.0" not in front, front
    assert "version 1.0 was approved on 12 October 2026" in front, front


def test_a_raised_version_is_a_draft_and_check_stops_asking(project):
    approve(project, "demo-wales", "--on", "2026-10-12")
    edit(project, SCHOOL, "passwords_kept: in the headteacher's office", "passwords_kept: in the school office")
    edit(project, SCHOOL, VERSION_LINE, '  version: "1.1"')
    result = run_cli("check", "demo-wales", cwd=project)
    assert 'version: "1.2"' not in result.stderr and 'to "1.1"' not in result.stderr, result.stderr
    assert "1.1 (draft)" in cover(pack(project, "demo-wales"))


def test_every_approval_stays_in_the_authorisation_table(project):
    approve(project, "demo-wales", "--on", "2026-10-12", "--by", "the full governing body")
    edit(project, SCHOOL, "passwords_kept: in the headteacher's office", "passwords_kept: in the school office")
    edit(project, SCHOOL, VERSION_LINE, '  version: "1.1"')
    approve(project, "demo-wales", "--on", "2026-11-20", "--by", "the curriculum committee")
    html = pack(project, "demo-wales")
    table = html.split("<caption>Authorisation</caption>")[1].split("</table>")[0]
    assert "12 October 2026" in table and "the full governing body" in table, table
    assert "20 November 2026" in table and "the curriculum committee" in table, table
    assert table.index("12 October 2026") < table.index("20 November 2026")
    assert ">1.0<" in table and ">1.1<" in table


def test_approval_before_the_policy_was_written_is_refused(project):
    result = run_cli("approve", "demo-wales", "--on", "2026-08-01", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "2026-09-01" in result.stderr and "written" in result.stderr, result.stderr
    assert not (project / "data" / "approved" / "demo-wales.yml").exists()


def test_one_word_changed_in_many_clauses_is_one_row(project):
    approve(project, "demo-wales", "--on", "2026-10-12")
    edit(project, SCHOOL, "headteacher: {title: headteacher,", "headteacher: {title: head of centre,")
    html = pack(project, "demo-wales")
    rows = change_rows(html)
    many = [r for r in rows if "head of centre" in r and re.search(r"\d+ clauses", r)]
    assert len(many) == 1, rows
    assert len(rows) < 6, len(rows)


def test_what_has_changed_keeps_a_list_as_a_list(project):
    approve(project, "demo-wales", "--on", "2026-10-12")
    edit(project, SCHOOL, "blocked_platforms: [instagram, tiktok, snapchat, facebook]",
         "blocked_platforms: [instagram, tiktok, facebook]")
    rows = [r for r in change_rows(pack(project, "demo-wales")) if "Snapchat" in r]
    assert rows
    assert not re.search(r"Instagram\s+TikTok", rows[0]), rows[0]


def test_an_academy_is_told_to_approve_with_its_trust(project):
    approve(project, "--trust", "larkmoor", "--on", "2026-10-12")
    edit(project, "data/schools/larkmoor-elm.yml", 'hashtags: ["#ElmBankLearns"]', 'hashtags: ["#ElmBank"]')
    result = run_cli("check", "larkmoor-elm", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "schoolpolicy approve --trust larkmoor" in result.stderr, result.stderr
