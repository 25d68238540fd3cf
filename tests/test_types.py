"""School types (school.type): each kind of school gets its own laws, inspectorate, words and clauses.

Every kind builds clean in every nation that has it (resolved in-process, as `check` does); one English
early years setting and one independent school are built for real and their pages read.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, UNIT_DAY, copy_project, one_guide, run_cli

from generator.check import school_problems
from generator.readers.library import Library, read_library
from generator.readers.logo import pictures_of
from generator.readers.reference import Reference, read_reference
from generator.readers.school import read_school
from generator.resolve.resolver import resolve

DAY = dt.date(2026, 12, 5)
TYPES = ["maintained", "academy", "free-school", "independent", "special", "early-years-setting", "college"]
NATIONS = {"england": "demo", "wales": "demo-wales", "scotland": "demo-scotland", "northern-ireland": "demo-ni"}
ENGLAND_ONLY = {"academy", "free-school"}


@lru_cache(maxsize=None)
def shared() -> tuple[Library, Reference]:
    return read_library(ROOT / "content", ROOT), read_reference(ROOT / "content" / "reference", DAY)


def resolved(tmp_path: Path, slug: str, kind: str, **school):
    data = yaml.safe_load((ROOT / "data" / "schools" / f"{slug}.yml").read_text(encoding="utf-8"))
    data["school"] |= {"type": kind} | ({"phase": "nursery"} if kind == "early-years-setting" else {}) | school
    path = tmp_path / f"{slug}-{kind}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    found = read_school(path)
    library, reference = shared()
    problems = school_problems(found, library, reference, pictures_of(ROOT, found.data), DAY)
    return found, problems, (resolve(found, library, reference) if not any(p.severity == "error" for p in problems)
                             else None)


@pytest.mark.parametrize("nation", sorted(NATIONS))
@pytest.mark.parametrize("kind", TYPES)
def test_each_type_builds_clean_in_each_nation_that_has_it(tmp_path, nation, kind):
    _, problems, document = resolved(tmp_path, NATIONS[nation], kind)
    if nation != "england" and kind in ENGLAND_ONLY:
        assert document is None
        assert any("school.type" in str(p) and "is not a kind of school in" in str(p) for p in problems), problems
        return
    assert document is not None, [str(p) for p in problems]
    assert not [p for p in problems if "school.type" in str(p) or "principal" in str(p)], problems
    assert document.clauses()


def law_ids(document) -> set[str]:
    return {law.id for law in document.context["laws"]}


def test_laws_follow_the_type(tmp_path):
    independent = resolved(tmp_path, "demo", "independent")[2]
    assert "foi-act-2000" not in law_ids(independent) and "eia-2006-s89" not in law_ids(independent)
    assert "kcsie" in law_ids(independent)
    early = resolved(tmp_path, "demo", "early-years-setting")[2]
    assert "eyfs-statutory-framework" in law_ids(early)
    assert not {"kcsie", "mobile-phones-in-schools", "education-act-1996-s550c", "foi-act-2000"} & law_ids(early)
    assert early.context["terms"]["safeguarding_guidance"]["short"] == "EYFS framework"
    assert early.context["nation"]["guidance"]["phones"] is None
    maintained = resolved(tmp_path, "demo", "maintained")[2]
    assert {"foi-act-2000", "eia-2006-s89", "kcsie"} <= law_ids(maintained)
    assert "eyfs-statutory-framework" not in law_ids(maintained)
    scottish_independent = resolved(tmp_path, "demo-scotland", "independent")[2]
    assert "foisa-2002" not in law_ids(scottish_independent)
    assert "foisa-2002" in law_ids(resolved(tmp_path, "demo-scotland", "college")[2])


def test_inspectorate_and_words_follow_the_type(tmp_path):
    assert resolved(tmp_path, "demo", "independent")[2].context["nation"]["inspection"].value == "ISI or Ofsted"
    scottish_early = resolved(tmp_path, "demo-scotland", "early-years-setting")[2]
    assert scottish_early.context["nation"]["inspection"].value == "the Care Inspectorate"
    college = resolved(tmp_path, "demo", "college", phase="secondary", learners=None)[2]
    assert college.context["terms"]["setting"] == "college" and college.context["terms"]["pupils"] == "students"
    early = resolved(tmp_path, "demo", "early-years-setting", learners=None)[2]
    assert early.context["terms"]["setting"] == "setting" and early.context["terms"]["pupils"] == "children"
    academy = resolved(tmp_path, "demo", "academy")[2]
    assert academy.context["terms"]["setting"] == "academy"


def test_a_special_school_gets_clauses_written_for_it(tmp_path):
    special = {c.id: c.text for c in resolved(tmp_path, "demo", "special")[2].clauses()}
    assert "pupils.report-content-special" in special and "pupils.report-content" not in special
    assert "where possible" in " ".join(special["pupils.report-content-special"].split())
    plain = {c.id for c in resolved(tmp_path, "demo", "maintained")[2].clauses()}
    assert "pupils.report-content" in plain and "pupils.report-content-special" not in plain


def test_an_english_academy_may_call_its_head_principal(tmp_path):
    roles = {"roles": {"headteacher": {"title": "principal"}}}
    for kind, warned in (("academy", False), ("maintained", True)):
        data = yaml.safe_load((ROOT / "data" / "schools" / "demo.yml").read_text(encoding="utf-8"))
        data["school"]["type"] = kind
        data["roles"]["headteacher"] = data["roles"]["headteacher"] | roles["roles"]["headteacher"]
        path = tmp_path / f"{kind}.yml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        library, reference = shared()
        school = read_school(path)
        problems = [str(p) for p in school_problems(school, library, reference, pictures_of(ROOT, school.data), DAY)]
        assert any("'principal' is the word in" in p for p in problems) == warned, problems
    result = run_cli("check", "larkmoor-elm", "--date", "2026-12-05", cwd=ROOT)
    assert result.returncode == 0 and "principal" not in result.stderr, result.stderr


def test_new_writes_the_type(tmp_path):
    project = copy_project(tmp_path / "p", [])
    result = run_cli("new", "little-acorns", "--name", "Little Acorns Pre-school", "--type", "early-years-setting",
                     "--phase", "nursery", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "an early years setting in England" in result.stdout
    text = (project / "data" / "schools" / "little-acorns.yml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^  type: early-years-setting +# maintained, academy", text)
    check = run_cli("check", "little-acorns", cwd=project)
    assert check.returncode == 0, check.stderr


def test_new_academy_of_a_trust_honours_phase_type_and_nation(tmp_path):
    project = copy_project(tmp_path / "p", ["larkmoor-elm"])
    result = run_cli("new", "larkmoor-oak", "--trust", "larkmoor", "--name", "Oak Academy", "--phase", "secondary",
                     "--type", "academy", cwd=project)
    assert result.returncode == 0, result.stderr
    text = (project / "data" / "schools" / "larkmoor-oak.yml").read_text(encoding="utf-8")
    assert re.search(r"(?m)^  phase: secondary +# ", text) and re.search(r"(?m)^  type: academy +# ", text)
    assert "jurisdiction:" not in text  # the trust's nation, unless --jurisdiction says otherwise
    check = run_cli("check", "larkmoor-oak", cwd=project)
    assert check.returncode == 0 and "principal" not in check.stderr, check.stderr


NOT_IN_WALES = "is not a kind of school in Wales, only in England; use one of: maintained, independent"


@pytest.mark.parametrize("kind", sorted(ENGLAND_ONLY))
def test_new_refuses_an_academy_or_free_school_outside_england_as_check_does(tmp_path, kind):
    project = copy_project(tmp_path / "p", [])
    result = run_cli("new", "ysgol", "--name", "Ysgol Test", "--jurisdiction", "wales", "--type", kind, cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"data/schools/ysgol.yml: --type {kind}: '{kind}' {NOT_IN_WALES}" in result.stderr, result.stderr
    assert not (project / "data" / "schools" / "ysgol.yml").exists()
    # check says the same of a school file that gives it
    written = run_cli("new", "ysgol", "--name", "Ysgol Test", "--jurisdiction", "wales", cwd=project)
    assert written.returncode == 0, written.stderr
    school = project / "data" / "schools" / "ysgol.yml"
    school.write_text(re.sub(r"(?m)^  type: maintained", f"  type: {kind}", school.read_text(encoding="utf-8")),
                      encoding="utf-8")
    check = run_cli("check", "ysgol", cwd=project)
    assert check.returncode != 0 and f"school.type: '{kind}' {NOT_IN_WALES}" in check.stderr, check.stderr


def test_new_refuses_a_trust_or_academy_whose_type_its_nation_lacks(tmp_path):
    project = copy_project(tmp_path / "p", ["larkmoor-elm"])
    trust = run_cli("new", "--trust-file", "dyfodol", "--name", "Dyfodol Trust", "--jurisdiction", "wales",
                    "--type", "academy", cwd=project)
    assert trust.returncode != 0 and "--type academy --jurisdiction wales: 'academy' " + NOT_IN_WALES in trust.stderr
    assert not (project / "data" / "trusts" / "dyfodol.yml").exists()
    # larkmoor's academies are in England: an academy of it said to be in Wales is refused, saying why
    academy = run_cli("new", "larkmoor-derw", "--trust", "larkmoor", "--name", "Derw", "--jurisdiction", "wales",
                      "--type", "academy", cwd=project)
    assert academy.returncode != 0, academy.stdout
    assert "--type academy --jurisdiction wales: 'academy' " + NOT_IN_WALES in academy.stderr, academy.stderr
    assert not (project / "data" / "schools" / "larkmoor-derw.yml").exists()


def test_an_academy_whose_trust_gives_no_type_takes_the_school_models_default(tmp_path, monkeypatch):
    """larkmoor's file gives no school.type: `new --jurisdiction` judges the academy by the School model's
    default type (as check does), not a copy of it."""
    from generator.errors import DataError
    from generator.project import Project
    from generator.readers.school import Identity
    from generator.starter import refuse_academy_type

    project = copy_project(tmp_path / "p", ["larkmoor-elm"])
    assert Identity.model_fields["type"].default == "maintained"  # a kind of school in Wales too
    welsh = run_cli("new", "larkmoor-derw", "--trust", "larkmoor", "--name", "Derw", "--jurisdiction", "wales",
                    cwd=project)
    assert welsh.returncode == 0, welsh.stderr
    monkeypatch.setattr(Identity.model_fields["type"], "default", "academy")  # were the model's default other
    with pytest.raises(DataError) as refused:  # in this process, whatever SCHOOLPOLICY_TEST_PROCESSES says
        refuse_academy_type(Project(project), "larkmoor", Path("onnen.yml"), None, "wales")
    assert "--jurisdiction wales (the trust's file gives type: academy): 'academy' " + NOT_IN_WALES in str(
        refused.value.problems[0])


@pytest.mark.slow
def test_an_english_early_years_setting_and_an_independent_school_on_their_sites(tmp_path):
    project = copy_project(tmp_path / "p", [])
    for slug, kind, phase in (("acorns", "early-years-setting", "nursery"), ("hall", "independent", "secondary")):
        result = run_cli("new", slug, "--name", f"{slug.title()} Test", "--type", kind, "--phase", phase, cwd=project)
        assert result.returncode == 0, result.stderr
        one_guide(project / "data" / "schools" / f"{slug}.yml")  # the policy pages are read, no guide
    out = tmp_path / "site"
    result = run_cli("build", "--out", str(out), "--jobs", "1", "--date", "2026-12-05", cwd=project)
    assert result.returncode == 0, result.stderr
    early = " ".join((out / "acorns" / "policy" / "index.html").read_text(encoding="utf-8").split())
    assert "Statutory framework for the early years foundation stage" in early
    assert "Keeping children safe in education" not in early and "Mobile phones in schools" not in early
    hall = " ".join((out / "hall" / "policy" / "index.html").read_text(encoding="utf-8").split())
    assert "Freedom of Information Act" not in hall and "Education and Inspections Act" not in hall
    assert "Keeping children safe in education" in hall


@pytest.mark.parametrize("nation", ["scotland", "northern-ireland"])
def test_an_independent_starter_names_its_own_services_not_the_councils(nation):
    """Scotland's council ICT service and Northern Ireland's C2k serve the schools they run, so an
    independent school, an early years setting or a college is given its own network manager."""
    from generator.starter import StarterChoice, starter_text

    place = shared()[1].jurisdictions[nation]
    council = starter_text(place, StarterChoice("x", "X School", nation, "secondary", type="maintained"), UNIT_DAY)
    assert f"network_manager: {{title: {place.starter.network_title}}}" in council
    for own in ("independent", "early-years-setting", "college"):
        text = starter_text(place, StarterChoice("x", "X School", nation, "secondary", type=own), UNIT_DAY)
        roles = yaml.safe_load(text)["roles"]
        assert roles["network_manager"]["title"] == "network manager", own
        assert roles["dpo"]["title"] == "data protection officer", own
