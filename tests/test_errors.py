"""A school's mistakes get located, helpful messages and exit status 2, never a traceback."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

GOOD = textwrap.dedent("""\
    school:
      name: Test Primary School
      short_name: TPS
      phase: primary
      jurisdiction: england
    roles:
      headteacher: {title: headteacher}
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
    governance:
      version: "1.0"
      written: 2026-09-01
      last_reviewed: 2026-09-01
    """)

# (what is broken, the text to swap in, the line, the field, words the hint must contain)
BROKEN = [
    ("typo in a key", ("short_name: TPS", "short_nmae: TPS"), 3, "school.short_nmae", "Did you mean 'short_name'"),
    ("unknown choice", ("phase: primary", "phase: primry"), 4, "school.phase", "one of: nursery, primary"),
    ("impossible date", ("written: 2026-09-01", "written: 2026-02-30"), 20, "governance.written", "YYYY-MM-DD"),
    ("wrong type", ("related_policies: [Behaviour Policy]", "related_policies: [Behaviour Policy]\n  wifi_rules: maybe"),
     18, "policy.wifi_rules", "true or false"),
    ("unknown platform", ("related_policies: [Behaviour Policy]", "related_policies: [Behaviour Policy]\n  blocked_platforms: [facebok]"),
     18, "policy.blocked_platforms[0]", "Did you mean 'facebook'"),
    ("unknown clause", ("governance:\n", "clauses:\n  omit: [staff-personal.no-such-clause]\ngovernance:\n"),
     19, "clauses.omit[0]", "not a known library clause id"),
    ("missing role a clause needs", ("  consent_record_keeper: {title: office manager}\n", ""), 6,
     "roles.consent_record_keeper", "needs it"),
    ("yaml syntax", ("  phase: primary", "  phase: [primary"), 5, "", "started on line 4"),
]


def write_school(project: Path, text: str) -> Path:
    path = project / "data" / "schools" / "test-school.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture()
def project(tmp_path) -> Path:
    return copy_project(tmp_path, schools=[])


def test_good_file_passes(project):
    write_school(project, GOOD)
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "ok: data/schools/test-school.yml" in result.stdout


@pytest.mark.parametrize("what,swap,line,field,hint", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_file_is_located(project, what, swap, line, field, hint):
    old, new = swap
    text = GOOD.replace(old, new, 1)
    assert text != GOOD, f"test setup: {old!r} not found"
    write_school(project, text)
    result = run_cli("check", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    located = [line for line in result.stderr.splitlines() if line.startswith("data/schools/test-school.yml:")]
    assert located, result.stderr
    first = located[0]
    assert re.match(rf"data/schools/test-school.yml:{line}:\d+: ", first), first
    assert field in first and hint in first, first


def test_every_error_in_a_file_is_reported_at_once(project):
    text = GOOD.replace("phase: primary", "phase: primry").replace("short_name: TPS", "short_nmae: TPS")
    write_school(project, text)
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    assert "school.phase" in result.stderr and "school.short_nmae" in result.stderr


def test_dead_platform_is_a_warning_not_an_error(project):
    text = GOOD.replace("related_policies: [Behaviour Policy]",
                        "related_policies: [Behaviour Policy]\n  blocked_platforms: [vine, twitter]")
    write_school(project, text)
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "blocked_platforms[0]: warning:" in result.stderr and "left out of the published policy" in result.stderr
    assert "'twitter' is now X" in result.stderr


def test_a_nations_fact_written_in_terms_is_a_warning_that_it_is_not_used(project):
    """terms.allegations_route / allegations_short / jurisdiction_name passed check but the policy read the
    nation's fact: the school is told, at the line, that its words are not used, why, and to take them out."""
    text = GOOD.replace("policy:\n", "terms:\n  allegations_route: our local LADO team\n  allegations_short: LADO team\n"
                                     "  jurisdiction_name: Kent\npolicy:\n")
    write_school(project, text)
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    for line, name, fact in [(17, "allegations_route", "'allegations_route' of 'england'"),
                             (18, "allegations_short", "'allegations_route.short' of 'england'"),
                             (19, "jurisdiction_name", "'name' of 'england'")]:
        said = next((said for said in result.stderr.splitlines() if f"terms.{name}: warning:" in said), "")
        assert f"test-school.yml:{line}:3: terms.{name}: warning:" in said, result.stderr
        assert "is not used" in said and "reference facts for England" in said and fact in said, said
        assert "Take this line out of terms" in said, said
    assert 'the policy always says "the local authority designated officer (LADO)"' in result.stderr


@pytest.mark.slow
def test_school_text_is_never_a_template(project, tmp_path):
    text = GOOD.replace("name: Test Primary School", 'name: "Test {{ 7*7 }} <script>alert(1)</script> [x](javascript:alert(1))"')
    write_school(project, text)
    out = tmp_path / "out"
    result = run_cli("build", "test-school", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stderr
    page = (out / "test-school" / "policy" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page
    assert "{{ 7*7 }}" in page and "49" not in page.split("{{ 7*7 }}")[0][-20:]


def test_new_writes_a_starter_that_passes_and_refuses_to_overwrite(project):
    result = run_cli("new", "st-anne", "--name", "St Anne's C of E Primary", cwd=project)
    assert result.returncode == 0, result.stderr
    assert run_cli("check", "st-anne", cwd=project).returncode == 0
    again = run_cli("new", "st-anne", "--name", "Other", cwd=project)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_outside_a_project_says_where_to_run(tmp_path):
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 2 and "not a schoolpolicy project" in result.stderr


def test_omitting_a_clause_that_another_links_to_is_located(project):
    """ref() to an omitted clause: an error on the school's omit entry, not a library error."""
    omit = "clauses:\n  omit: [school-accounts.approved-users]\n"
    write_school(project, GOOD.replace("governance:\n", omit + "governance:\n", 1))
    result = run_cli("check", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "content/library" not in result.stderr, result.stderr
    first = [line for line in result.stderr.splitlines() if line.startswith("data/schools/test-school.yml:")][0]
    assert re.match(r"data/schools/test-school.yml:19:\d+: clauses.omit\[0\]: ", first), first
    assert "'school-accounts.approved-users' is omitted" in first and "(definitions.official-accounts)" in first
    assert "clauses: replace: school-accounts.approved-users" in first, first
    assert "also omit or replace definitions.official-accounts" in first, first
    # Following the hint (replace the clause that links to it) gives a policy that passes.
    fixed = omit + "  replace:\n    definitions.official-accounts: Our official accounts are the ones we run.\n"
    write_school(project, GOOD.replace("governance:\n", fixed + "governance:\n", 1))
    assert run_cli("check", cwd=project).returncode == 0


def test_every_link_to_an_omitted_clause_is_named_once(project):
    write_school(project, GOOD.replace("governance:\n", "clauses:\n  omit: [scope.staff]\ngovernance:\n", 1))
    result = run_cli("check", cwd=project)
    assert result.returncode == 2
    located = [line for line in result.stderr.splitlines() if line.startswith("data/schools/test-school.yml:")]
    assert len(located) == 1, result.stderr
    # Two clauses link to it. The staff-personal introduction cites it only when it is there (has()),
    # because an introduction cannot be replaced or omitted.
    assert "(scope.who)" in located[0] and "(definitions.staff)" in located[0], located[0]
    assert "introduction of section 'staff-personal'" not in located[0], located[0]
