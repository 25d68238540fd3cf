"""Dates: no step from one date to another can fail, on 29 February or at the end of a month or year."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import ROOT, copy_project, run_cli

from generator.build import check_all
from generator.check import check_reference
from generator.cli import main
from generator.dates import add_days, add_months
from generator.project import Project
from generator.readers.reference import read_reference

HARD_DAYS = ["2024-02-29", "2028-02-29", "2026-12-31"]


@pytest.mark.parametrize("day, months, expected", [
    ("2024-02-29", -12, "2023-02-28"),
    ("2024-02-29", 12, "2025-02-28"),
    ("2024-02-29", 48, "2028-02-29"),
    ("2026-01-31", 1, "2026-02-28"),
    ("2027-12-31", 2, "2028-02-29"),
    ("2026-12-31", 1, "2027-01-31"),
    ("2026-12-31", -12, "2025-12-31"),
    ("2026-03-31", -1, "2026-02-28"),
    ("2026-05-31", 1, "2026-06-30"),
    ("2026-01-15", -13, "2024-12-15"),
])
def test_months_are_added_without_running_off_the_month(day, months, expected):
    assert add_months(dt.date.fromisoformat(day), months) == dt.date.fromisoformat(expected)


def test_days_stop_at_the_ends_of_the_calendar():
    assert add_days(dt.date(2024, 2, 28), 1) == dt.date(2024, 2, 29)
    assert add_days(dt.date.max, 1) == dt.date.max and add_days(dt.date.min, -1) == dt.date.min


@pytest.mark.parametrize("day", HARD_DAYS)
def test_stale_facts_are_counted_on_any_day(day):
    today = dt.date.fromisoformat(day)
    check_reference(read_reference(ROOT / "content" / "reference", today), today)  # no ValueError


@pytest.mark.parametrize("day", HARD_DAYS)
def test_every_school_checks_clean_on_the_awkward_days(day):
    checked = check_all(Project(ROOT), [], dt.date.fromisoformat(day))
    assert len(checked.documents) == len(list((ROOT / "data" / "schools").glob("*.yml")))
    assert not [p for p in checked.warnings if p.severity == "error"]


def test_check_on_29_february_as_the_issue_ran_it():
    done = run_cli("check", "demo", "--date", "2028-02-29", cwd=ROOT)
    assert done.returncode == 0 and "ok: data/schools/demo.yml" in done.stdout, done.stderr
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr


def test_a_policy_reviewed_on_29_february_is_next_due_on_28_february(tmp_path):
    project = copy_project(tmp_path / "project", ["demo"])
    school = project / "data" / "schools" / "demo.yml"
    text = school.read_text(encoding="utf-8").replace("last_reviewed: 2026-09-14", "last_reviewed: 2024-02-29")
    text = text.replace("approved: 2026-10-05", "approved: 2024-02-29").replace("written: 2024-09-02", "written: 2024-02-01")
    school.write_text(text, encoding="utf-8")
    checked = check_all(Project(project), ["demo"], dt.date(2025, 3, 1))
    assert any("the review was due on 2025-02-28" in str(p) for p in checked.warnings), checked.warnings


@pytest.mark.parametrize("text", ["2028-02-30", "9999-12-31", "1900-01-01", "28/02/2028", "2028-2-29"])
def test_a_date_argument_out_of_range_is_a_usage_error(text, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["check", "demo", "--date", text])
    assert stopped.value.code == 2
    assert "is not a date: write YYYY-MM-DD, between 1990-01-01 and 2100-12-31" in capsys.readouterr().err


@pytest.fixture(scope="module")
def project_for_dates(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("dates") / "project", ["demo", "demo-wales"])


@pytest.mark.slow
@pytest.mark.parametrize("day", HARD_DAYS)
def test_build_runs_clean_on_the_awkward_days(project_for_dates, day):
    out = project_for_dates / "out"
    shutil.rmtree(out, ignore_errors=True)
    done = run_cli("build", "--date", day, "--out", str(out), "--jobs", "2", cwd=project_for_dates)
    assert done.returncode == 0, done.stderr
    assert "unexpected" not in done.stderr and "Traceback" not in done.stderr
    assert (out / "demo" / "downloads" / "policy-pack.pdf").is_file()
    assert (out / "demo-wales" / "clauses.json").is_file()
