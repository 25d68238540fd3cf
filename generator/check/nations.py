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


def type_refusal(kind: str, nation: str, reference: Reference) -> str | None:
    """Why `kind` (school.type) is not a kind of school in the nation, naming where it is one and what
    to write instead (academies and free schools are England's); None when it is one there. `check`
    says it of a school's file and `new` of its --type, in the same words."""
    place = reference.jurisdictions[nation]
    if not place.types or kind in place.types:
        return None
    where = [p.name for p in reference.jurisdictions.values() if not p.types or kind in p.types]
    only = f", only in {join_words(where)}" if where else ""
    return f"'{kind}' is not a kind of school in {place.name}{only}; use one of: {', '.join(place.types)}"


def check_type(school: SchoolFile, reference: Reference) -> list[Problem]:
    refusal = type_refusal(school.data.school.type, school.data.school.jurisdiction, reference)
    return [school.doc.problem(("school", "type"), refusal)] if refusal else []


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
    for key, role in school.data.roles.all_roles().items():
        for i, member in enumerate(role.members if role else []):
            if member[:1].islower() and not ARTICLE.match(member):
                problems.append(school.doc.problem(("roles", key, "members", i), (
                    f"'{member}' reads badly in a sentence ('It is made up of {member} and ...'); "
                    f"write 'the {member}' (or a name)"), severity="warning"))
    return problems


# Keys whose values are not the school's prose: addresses, ids, its own chosen words, role titles
# (check_titles says those, with this nation's word).
NOT_PROSE = {"website", "site_url", "logo", "email", "phone", "id", "section", "after", "omit", "restore",
             "include", "terms", "choices", "colours", "jurisdiction", "phase", "type", "slug"}


def _prose(value, loc: tuple):
    """Every string of the school's file that is its own words, with where it is."""
    if isinstance(value, str):
        if not (loc[:1] == ("roles",) and loc[-1:] in (("title",), ("plural",))):
            yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if str(key) not in NOT_PROSE:
                yield from _prose(item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _prose(item, loc + (index,))


def other_nations_words(reference: Reference, place: Jurisdiction) -> list[tuple[re.Pattern, list[str]]]:
    """The patterns of words only another nation uses (`own_words`), with the nations that use them."""
    found: dict[str, list[str]] = {}
    for other in reference.jurisdictions.values():
        if other.id != place.id:
            for pattern in other.own_words:
                found.setdefault(pattern, []).append(other.name)
    return [(re.compile(pattern), users) for pattern, users in found.items()]


def check_own_words(school: SchoolFile, reference: Reference) -> list[Problem]:
    """Another nation's word in the school's own text ("Ofsted may ask to see this" in a Welsh school), at its line."""

    place = reference.jurisdictions[school.data.school.jurisdiction]
    patterns = other_nations_words(reference, place)
    problems = []
    for loc, text in _prose(school.doc.data, ()):
        for pattern, users in patterns:
            match = pattern.search(text)
            if match is None:
                continue
            doc, at = school.doc.source_of(loc)
            line, column = doc.locate(at)
            row = text.count("\n", 0, match.start())
            if row and line is not None:  # a block of text (|) starts on the line after its key
                line, column = line + 1 + row, None
            word = match.group()
            problems.append(Problem(doc.path, (
                f"'{word}' is a word only {join_words(users)} use{'s' if len(users) == 1 else ''}, but this is a "
                f"school in {place.name}: write {place.name}'s word here (or keep it, if you really mean "
                f"{join_words(users)}'s)"), ".".join(str(p) for p in loc), line, column, "warning"))
    return problems
