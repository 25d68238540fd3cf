"""Resolve, in process: a read school and the library become a numbered document with the school's
own words in place, and text reads the school's data and the reference facts."""
from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from generator.markup.words import data_text
from generator.readers.school import read_school
from generator.resolve.resolver import resolve


@pytest.fixture
def document(school_file, library, reference):
    def make(changes: dict[str, str] | None = None):
        return resolve(read_school(school_file(changes)), library, reference)
    return make


def test_sections_and_clauses_are_numbered_in_order(document):
    doc = document()
    for s, section in enumerate(doc.sections, 1):
        assert section.number == str(s)
        assert [c.number for c in section.clauses] == [f"{s}.{n}" for n in range(1, len(section.clauses) + 1)]
    ids = [c.id for c in doc.clauses()]
    assert len(ids) == len(set(ids))


def test_the_schools_own_clause_is_in_the_section_it_names(document):
    doc = document()
    section = next(s for s in doc.sections if s.id == "school-accounts")
    assert "own.live-streaming" in [c.id for c in section.clauses]
    assert doc.clause("own.live-streaming").source == "own"


def test_a_replaced_clause_keeps_its_place_with_the_schools_words(document):
    doc = document()
    clause = doc.clause("parents.complaints-channel")
    assert clause.source == "replaced" and "talk to your child's class teacher first" in " ".join(clause.text.split())


def test_an_omitted_clause_is_gone_and_the_numbers_close_up(document):
    doc = document()
    fewer = document({"  omit:\n": "  omit:\n    - school-accounts.positive-posts\n"})
    assert doc.clause("school-accounts.positive-posts") is not None
    assert fewer.clause("school-accounts.positive-posts") is None
    assert len(fewer.clauses()) == len(doc.clauses()) - 1
    section = next(s for s in fewer.sections if s.id == "school-accounts")
    assert [c.number for c in section.clauses] == [f"{section.number}.{n}" for n in range(1, len(section.clauses) + 1)]


def test_adopting_core_keeps_fewer_clauses_than_standard(document):
    standard = document()
    core = document({"  adopt: standard": "  adopt: core"})
    assert 0 < len(core.clauses()) < len(standard.clauses())
    assert {c.id for c in core.clauses()} <= {c.id for c in standard.clauses()}


def test_text_names_the_school_and_its_people(document):
    doc = document({"Ms D Demo": "Ms Zadie Quill"})
    text = " ".join(c.text for c in doc.clauses())
    assert "Zadie Quill" in text or "designated safeguarding lead" in text
    assert "{{" not in text and "}}" not in text  # nothing left unrendered


def test_school_data_is_text_never_markup_or_markdown():
    shown = data_text("<b>*Riverside*</b> & {{ school.name }}")
    assert isinstance(shown, Markup)
    assert "<b>" not in shown and "&lt;b&gt;" in shown
    assert not re.search(r"(?<!\\)\*Riverside", shown)  # Markdown emphasis escaped



def test_a_name_set_off_mid_sentence_is_closed_with_a_comma(school_file, library, reference):
    """'The designated safeguarding lead, Ms D Demo, has lead responsibility': a name set off after a
    title has a comma on both sides when the sentence goes on; with no name the title stands alone."""
    def lead_sentence(changes: dict[str, str]) -> str:
        path = school_file({"  adopt: standard": "  kinds: [online-safety]\n  adopt: standard"} | changes)
        doc = resolve(read_school(path), library, reference, kind="online-safety")
        return " ".join(doc.clause("online-risks.whole-school").text.split())

    assert "The designated safeguarding lead, Ms D Demo, has lead responsibility" in lead_sentence({})
    unnamed = lead_sentence({"title: designated safeguarding lead, name: Ms D Demo,": "title: designated safeguarding lead,"})
    assert "The designated safeguarding lead has lead responsibility" in unnamed
