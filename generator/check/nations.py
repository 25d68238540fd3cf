"""Checks that a school's own words fit its nation: titles another nation uses, members that read badly."""
from __future__ import annotations

import re

from generator.errors import Problem
from generator.markup.words import join_words
from generator.readers.reference import Jurisdiction, Reference
from generator.readers.school import SchoolFile

# The nation words a title may contain (Terms fields), longest phrases first when matching.
TITLE_TERMS = ("deputy_safeguarding_leads", "safeguarding_lead", "chair", "governing_body", "head")
ARTICLE = re.compile(r"^(the|a|an|our|your|each|every|any|all|one|two|three|its|their)\b", re.I)


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"\b{re.escape(phrase)}\b", text, re.I) is not None


def foreign_word(title: str, place: Jurisdiction, reference: Reference) -> tuple[str, str, list[str]] | None:
    """(the other nations' word found, this nation's word, the nations that use it), or None."""
    for term in TITLE_TERMS:
        ours = getattr(place.terms, term)
        if _has(title, ours):
            continue
        words = {getattr(other.terms, term) for other in reference.jurisdictions.values() if other.id != place.id}
        for word in sorted(words - {ours}, key=len, reverse=True):
            if _has(title, word):
                users = [o.name for o in reference.jurisdictions.values() if getattr(o.terms, term) == word]
                return word, ours, users
    return None


def _title_problem(school: SchoolFile, loc: tuple, found, place: Jurisdiction, delete: str) -> Problem:
    word, ours, users = found
    return school.doc.problem(loc, (
        f"'{word}' is the word in {join_words(users)}; schools in {place.name} say '{ours}'. {delete}, "
        f"or keep it if it really is your school's own word"), severity="warning")


# Kinds of school whose heads are often called "principal" wherever they are (and academies named as such).
PRINCIPAL_TYPES = {"academy", "free-school", "independent", "college"}


def academy_like(school: SchoolFile) -> bool:
    setting = school.data.terms.get("setting", "")
    return school.data.school.type in PRINCIPAL_TYPES or "academy" in setting.lower()


def check_type(school: SchoolFile, reference: Reference) -> list[Problem]:
    place = reference.jurisdictions[school.data.school.jurisdiction]
    kind = school.data.school.type
    if place.types and kind not in place.types:
        return [school.doc.problem(("school", "type"), (
            f"'{kind}' is not a kind of school in {place.name}; use one of: {', '.join(place.types)}"))]
    return []


def check_titles(school: SchoolFile, reference: Reference) -> list[Problem]:
    place = reference.jurisdictions[school.data.school.jurisdiction]
    problems = []
    for key in type(school.data.roles).model_fields:
        role = getattr(school.data.roles, key)
        found = foreign_word(role.title, place, reference) if role and role.title else None
        if found and found[0] == "principal" and academy_like(school):
            found = None  # academies, colleges and independent schools in any nation may have a principal
        if found:
            problems.append(_title_problem(school, ("roles", key, "title"), found, place,
                                           f"Delete 'title:' to use {place.name}'s word"))
    body = school.data.school.governing_body
    found = foreign_word(body, place, reference) if body else None
    if found:
        problems.append(_title_problem(school, ("school", "governing_body"), found, place,
                                       "Delete 'governing_body:' to use it"))
    return problems


def check_members(school: SchoolFile) -> list[Problem]:
    """Members are read in a sentence ("It is made up of the headteacher and ..."): a bare title needs 'the'."""
    problems = []
    for key in type(school.data.roles).model_fields:
        role = getattr(school.data.roles, key)
        for i, member in enumerate(role.members if role else []):
            if member[:1].islower() and not ARTICLE.match(member):
                problems.append(school.doc.problem(("roles", key, "members", i), (
                    f"'{member}' reads badly in a sentence ('It is made up of {member} and ...'); "
                    f"write 'the {member}' (or a name)"), severity="warning"))
    return problems
