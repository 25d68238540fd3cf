"""The names school text may use are one table (vocabulary.placeholder_table): check refuses any
other name, and resolve fills exactly these, so no name is checked and then left unfilled, or filled
and then refused (issue 20)."""
from __future__ import annotations

import pytest
from conftest import ROOT, school_slugs

from generator.check.placeholders import placeholder_names
from generator.readers.school import read_school
from generator.resolve.context import people_context
from generator.vocabulary import ROLE_FORMS, WORD_FORMS, placeholder_table


@pytest.mark.parametrize("slug", school_slugs())
def test_check_allows_exactly_the_names_resolve_fills(slug, reference):
    school = read_school(ROOT / "data" / "schools" / f"{slug}.yml").data
    checked = placeholder_names(school, reference)
    filled = people_context(school, reference)["placeholders"]
    assert len(checked) == len(set(checked))
    assert set(checked) == set(filled), (sorted(set(checked) - set(filled)), sorted(set(filled) - set(checked)))


def test_the_table_gives_every_form_of_each_role_and_word():
    names = placeholder_table(["dsl"], ["pupils", "jurisdiction_name"], ["pupils"], trust=True)
    assert [n for n in names if n.startswith("roles.")] == [
        "roles.dsl" + (f".{form}" if form else "") for form in ROLE_FORMS]
    assert "terms.jurisdiction_name" in names and not any(n.startswith("terms.jurisdiction_name.") for n in names)
    assert [f"terms.pupils.{form}" for form in WORD_FORMS] == [n for n in names if n.startswith("terms.pupils.")]
    assert names[-3:] == ["school.name", "school.short_name", "trust.name"]
    assert "trust.name" not in placeholder_table([], [], [], trust=False)
