"""Readers, in process: a school file, the library and the reference data become validated records,
and anything wrong is a located problem, never a traceback."""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, school_slugs

from generator.errors import DataError
from generator.readers.reference import read_reference
from generator.readers.school import is_example, read_school
from generator.readers.yamlfile import read_yaml


def only_problem(exc: pytest.ExceptionInfo) -> str:
    problems = exc.value.problems
    assert len(problems) >= 1
    return str(problems[0])


@pytest.mark.parametrize("slug", school_slugs())
def test_every_example_school_reads(slug):
    school = read_school(ROOT / "data" / "schools" / f"{slug}.yml")
    assert school.slug == slug and school.data.school.name
    assert is_example(ROOT / "data" / "schools" / f"{slug}.yml")


def test_a_school_file_reads_into_typed_fields(school_file):
    school = read_school(school_file())
    assert school.data.school.jurisdiction == "england" and school.data.school.phase == "primary"
    assert school.data.governance.version == "2.1"
    assert school.data.governance.last_reviewed == dt.date(2026, 9, 14)
    assert "cyber-bullying.examples" in school.data.clauses.omit


def test_an_unquoted_version_is_refused_at_its_line(school_file):
    path = school_file({'version: "2.1"': "version: 2.10"})
    with pytest.raises(DataError) as exc:
        read_school(path)
    message = only_problem(exc)
    line = path.read_text(encoding="utf-8").splitlines().index("  version: 2.10") + 1
    assert f"demo.yml:{line}:" in message and "quotes" in message


def test_an_unknown_key_is_named_with_its_place(school_file):
    path = school_file({"  motto: Learning together": "  mottto: Learning together"})
    with pytest.raises(DataError) as exc:
        read_school(path)
    assert "mottto" in only_problem(exc) and "demo.yml:25:" in only_problem(exc)


def test_a_date_outside_1990_to_2100_is_refused(school_file):
    path = school_file({"last_reviewed: 2026-09-14": "last_reviewed: 2226-09-14"})
    with pytest.raises(DataError) as exc:
        read_school(path)
    assert "2100" in only_problem(exc)


def test_broken_yaml_is_a_located_problem(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("school:\n  name: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_yaml(path)
    assert "broken.yml:" in only_problem(exc)


def test_too_many_aliases_are_refused(tmp_path):
    path = tmp_path / "bomb.yml"
    path.write_text("a: &a [x]\nb: [" + ", ".join(["*a"] * 101) + "]\n", encoding="utf-8")
    with pytest.raises(DataError):
        read_yaml(path)


def test_the_library_has_unique_clause_ids_in_known_sections(library):
    ids = [clause.id for section in library.sections for clause in section.clauses]
    assert len(ids) == len(set(ids)) and len(ids) > 100
    assert all(clause.id.startswith(section.id + ".") for section in library.sections for clause in section.clauses)


def test_every_library_form_and_guide_has_a_title(library):
    assert library.forms and all(form.title for form in library.forms.values())
    assert library.guides and all(guide.title for guide in library.guides.values())


def test_reference_facts_depend_on_the_day():
    before = read_reference(ROOT / "content" / "reference", dt.date(2026, 6, 28))
    after = read_reference(ROOT / "content" / "reference", dt.date(2026, 6, 29))
    assert "mobile-phones-in-schools" in after.laws
    assert before.laws.get("mobile-phones-in-schools") != after.laws["mobile-phones-in-schools"]


def test_every_dated_fact_has_a_checked_date(reference):
    facts = list(reference.dated_facts())
    assert facts and all(isinstance(checked, dt.date) for _, checked in facts)
