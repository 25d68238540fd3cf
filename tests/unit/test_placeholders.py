"""The names school text may use are one table (vocabulary.placeholder_table): check refuses any
other name, and resolve fills exactly these, so no name is checked and then left unfilled, or filled
and then refused (issue 20)."""
from __future__ import annotations

import html

import pytest
from conftest import ROOT, school_slugs

from generator.check.ids import nation_terms
from generator.check.placeholders import placeholder_names
from generator.readers.school import read_school
from generator.resolve.context import people_context, terms_for
from generator.vocabulary import NATIONS, PHASES, ROLE_FORMS, SCHOOL_TYPES, WORD_FORMS, placeholder_table


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


def every_kind_of_school(reference):
    """The demo as a school of every nation, phase and type (no terms of its own)."""
    demo = read_school(ROOT / "data" / "schools" / "demo.yml").data
    for nation in NATIONS:
        for phase in PHASES:
            for kind in SCHOOL_TYPES:
                identity = demo.school.model_copy(update={"jurisdiction": nation, "phase": phase, "type": kind,
                                                          "learners": None, "governing_body": None})
                yield f"{nation}-{phase}-{kind}", demo.model_copy(update={"school": identity, "terms": {}})


def test_check_and_resolve_take_a_schools_terms_from_one_place(reference):
    """check's terms (which a school may set and name) are resolve's (the words filled in), for every
    nation, phase and type: both come from readers/terms.nation_words."""
    for name, school in every_kind_of_school(reference):
        checked, filled = nation_terms(school, reference), terms_for(school, reference)
        assert set(checked) == set(filled) - {"safeguarding_guidance"}, name
        made = {"pupil", "deputy_safeguarding_lead"}  # made by resolve from the plural, unless the nation gives one
        words = {key: html.unescape(str(filled[key])) for key, word in checked.items() if word is not None and key not in made}
        assert words == {key: word for key, word in checked.items() if word is not None and key not in made}, name
        assert all(str(filled[key]) and checked[key] for key in made), name
        assert checked["local_body"] is None is filled["local_body"], name
