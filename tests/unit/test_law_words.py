"""A law's why line asks for the school's words for its learners and itself in the form its sentence
needs ({{ terms.pupils.possessive }}, {{ terms.setting.possessive }}), as a clause does: no word is
swapped after writing (issue 20)."""
from __future__ import annotations

import re

import pytest
from conftest import ROOT, school_slugs
from pydantic import ValidationError

from generator.readers.reference import Law
from generator.readers.school import read_school
from generator.resolve.resolver import resolve_all
from generator.vocabulary import WHY_PLACEHOLDERS

LAW = {"id": "x", "title": "X", "kind": "law", "jurisdictions": ["england"], "url": "https://example.org/",
       "source": "https://example.org/", "checked": "2026-01-01", "confidence": "confirmed"}


@pytest.mark.parametrize("slug", school_slugs())
def test_each_kinds_laws_read_in_the_schools_word_for_its_learners(slug, library, reference):
    document = resolve_all(read_school(ROOT / "data" / "schools" / f"{slug}.yml"), library, reference)
    learners, setting = str(document.context["terms"]["pupils"]), str(document.context["terms"]["setting"])
    for doc in (document, *document.further):
        clause = doc.clause("legal.framework")
        assert clause is not None and "{{" not in clause.text and "&#123;" not in clause.html
        if learners != "pupils":
            assert not re.search(r"\bpupil", clause.text, re.I), (doc.kind, clause.text)
            assert learners in clause.text
        if setting != "school":
            assert not re.search(r"\bthe school's\b", clause.text, re.I), (doc.kind, clause.text)


def test_the_nurserys_laws_say_children_in_each_form(library, reference):
    document = resolve_all(read_school(ROOT / "data" / "schools" / "willowbrook.yml"), library, reference)
    text = " ".join(document.clause("legal.framework").text.split())
    assert "children, staff and families are personal data" in text


@pytest.mark.parametrize("why", ["Rules for {{ school.name }}.", "Rules for {{ terms.pupils.one }}.",
                                 "{% if x %}pupils{% endif %}"])
def test_a_why_line_may_ask_only_for_the_learners_word(why):
    with pytest.raises(ValidationError, match="may ask only for the school's word for its learners or itself"):
        Law.model_validate(LAW | {"why": why})
    with pytest.raises(ValidationError, match="may ask only for the school's word for its learners or itself"):
        Law.model_validate(LAW | {"why": "Fine.", "why_by_kind": {"images": why}})
    for name in WHY_PLACEHOLDERS:
        Law.model_validate(LAW | {"why": f"Rules on {{{{ {name} }}}} phones."})
