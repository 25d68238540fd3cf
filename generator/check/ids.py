"""The ids a school names must exist in the library and the reference facts: platforms, guides,
appendices, clauses and sections, laws and terms."""
from __future__ import annotations

import difflib
from typing import Any

from generator.errors import Problem
from generator.readers.library import Library
from generator.readers.reference import Reference
from generator.readers.school import School, SchoolFile
from generator.readers.terms import nation_facts, nation_words
from generator.resolve.links import KIND_WORDS
from generator.vocabulary import APPENDICES


def _unknown(school: SchoolFile, loc: tuple, given: str, kind: str, known: list[str]) -> Problem:
    guess = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    hint = f"Did you mean '{guess[0]}'? " if guess else ""
    return school.doc.problem(loc, f"'{given}' is not a known {kind}. {hint}Known: {', '.join(sorted(known))}.")


def check_platforms(school: SchoolFile, reference: Reference) -> list[Problem]:
    problems = []
    for i, blocked in enumerate(school.data.policy.blocked_platforms):
        loc = ("policy", "blocked_platforms", i)
        platform = reference.platform(blocked.platform)
        if platform is None:
            problems.append(_unknown(school, loc, blocked.platform, "platform id", list(reference.platforms)))
        elif platform.id != blocked.platform:
            problems.append(school.doc.problem(loc, f"'{blocked.platform}' is now {platform.name}: write "
                                                    f"'{platform.id}' instead", severity="warning"))
        elif platform.status != "active":
            note = platform.status_note or f"{platform.name} is {platform.status}"
            problems.append(school.doc.problem(loc, f"{note} It is left out of the published policy; "
                                                    f"remove '{platform.id}' from blocked_platforms", severity="warning"))
    return problems


def check_choices(school: SchoolFile, library: Library) -> list[Problem]:
    problems = []
    policy = school.data.policy
    for key, known in (("guides", sorted(library.guides)), ("appendices", APPENDICES)):
        chosen = getattr(policy, key)
        for i, item in enumerate([] if chosen == "all" else chosen):
            if item not in known:
                problems.append(_unknown(school, ("policy", key, i), item, key[:-1] if key == "guides" else "appendix", known))
    return problems


def _check_parts(school: SchoolFile, key: str, given: list[str], library: Library) -> list[Problem]:
    """include and omit name library clauses or whole library sections."""
    known, retired = library.clause_ids() + library.section_ids(), library.retired()
    return [_unknown(school, ("clauses", key, i), part, "library clause id or section id", known)
            for i, part in enumerate(given) if part not in known and part not in retired]


def check_own_sections(school: SchoolFile, library: Library) -> list[Problem]:
    problems, own = [], school.data.clauses.add_sections
    known = library.section_ids() + [s.id for s in own]
    for i, section in enumerate(own):
        if [s.id for s in own].count(section.id) > 1:
            problems.append(school.doc.problem(("clauses", "add_sections", i, "id"),
                                               f"'{section.id}' is used twice; give each of your sections its own id"))
        if section.after and section.after not in known:
            problems.append(_unknown(school, ("clauses", "add_sections", i, "after"), section.after, "section id", known))
        if not any(c.section == section.id for c in school.data.clauses.add):
            problems.append(school.doc.problem(("clauses", "add_sections", i), (
                f"section '{section.id}' has no clauses yet, so it is left out; add clauses to it under "
                f"clauses.add with 'section: {section.id}'"), severity="warning"))
    return problems


def free_id(taken_id: str, *taken: list[str]) -> str:
    """An id like `taken_id` that nothing uses yet: own.<last part>, then own.<last part>-2, -3..."""
    used = {i for ids in taken for i in ids}
    base = f"own.{taken_id.split('.')[-1]}"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _check_own_kind(school: SchoolFile, library: Library, index: int, own) -> list[Problem]:
    """An own clause goes in one of the school's policies (`kind:`, default the first), in a section that
    policy has: a library section of that kind, or one of the school's own sections."""
    kinds = school.data.policy.kind_list
    kind = own.kind or kinds[0]
    if kind not in kinds:
        listed = "policy.kinds" if len(kinds) > 1 else "policy.kind"
        return [school.doc.problem(("clauses", "add", index, "kind"), (
            f"'{kind}' is not a kind of policy this school publishes ({listed}: {', '.join(kinds)}); "
            f"name one of those, or add '{kind}' to policy.kinds"))]
    section = next((s for s in library.sections if s.id == own.section), None)
    if section is None or kind in section.kinds:
        return []
    held = [s.id for s in library.sections if kind in s.kinds] + [s.id for s in school.data.clauses.add_sections]
    where = ("clauses", "add", index, "kind" if own.kind else "section")
    return [school.doc.problem(where, (
        f"section '{own.section}' is not in the school's {KIND_WORDS[kind]} ({kind}), so this clause would "
        f"not appear. "
        f"Put it in one of that policy's sections ({', '.join(held)})"
        + ("" if own.kind or len(kinds) == 1 else
           f", or say which policy it belongs to with 'kind:' (one of {', '.join(kinds)})")))]


def check_clause_changes(school: SchoolFile, library: Library) -> list[Problem]:
    changes, ids = school.data.clauses, library.clause_ids()
    retired = library.retired()  # reported by check/renames.py, with the reason: never a guess
    sections = library.section_ids() + [s.id for s in changes.add_sections]
    problems = _check_parts(school, "omit", changes.omit, library) + _check_parts(school, "include", changes.include, library)
    problems += [_unknown(school, ("clauses", "replace", cid), cid, "library clause id", ids)
                 for cid in changes.replace if cid not in ids and cid not in retired]
    own_ids = [c.id for c in changes.add]
    for i, own in enumerate(changes.add):
        if own.id in ids or own_ids.count(own.id) > 1:
            problems.append(school.doc.problem(("clauses", "add", i, "id"), f"'{own.id}' is already used; "
                                               f"give your clause a new id, e.g. {free_id(own.id, ids, own_ids)}"))
        problems += _check_own_kind(school, library, i, own)
        if own.section not in sections:
            problems.append(_unknown(school, ("clauses", "add", i, "section"), own.section, "section id", sections))
        if own.after and own.after not in ids + own_ids and own.after not in retired:
            problems.append(_unknown(school, ("clauses", "add", i, "after"), own.after, "clause id", ids))
        if own.before and own.before not in ids + own_ids and own.before not in retired:
            problems.append(_unknown(school, ("clauses", "add", i, "before"), own.before, "clause id", ids))
    return problems + check_own_sections(school, library)


def check_laws(school: SchoolFile, reference: Reference) -> list[Problem]:
    """policy.laws: add any reference law; drop only one the nation's list holds."""
    laws, nation = school.data.policy.laws, school.data.school.jurisdiction
    national = [law.id for law in reference.laws.values() if nation in law.jurisdictions]
    problems = [_unknown(school, ("policy", "laws", "add", i), given, "law id", list(reference.laws))
                for i, given in enumerate(laws.add) if given not in reference.laws]
    problems += [_unknown(school, ("policy", "laws", "drop", i), given, f"law id for {nation}", national)
                 for i, given in enumerate(laws.drop) if given not in national]
    return problems


def nation_terms(school: School, reference: Reference) -> dict[str, Any]:
    """Every term a template can take, with the word the school's nation, phase and type give it (None:
    no word unless the school gives one), before the school's own `terms:` (readers/terms.py, which
    resolve/context.py terms_for fills in and gives forms)."""
    words: dict[str, Any] = nation_words(school, reference) | {"pupil": "pupil", "local_body": None}
    words["deputy_safeguarding_lead"] = words["deputy_safeguarding_lead"] or words["deputy_safeguarding_leads"]
    return words | nation_facts(school, reference)


def known_terms(school: SchoolFile, reference: Reference) -> list[str]:
    """The terms a school may set: every word a template can take from `terms`."""
    return sorted(k for k, v in nation_terms(school.data, reference).items() if v is None or isinstance(v, str))


def check_terms(school: SchoolFile, reference: Reference) -> list[Problem]:
    known = known_terms(school, reference)
    problems = [_unknown(school, ("terms", name), name, "term", known) for name in school.data.terms if name not in known]
    if school.data.school.governing_body:
        problems.append(school.doc.problem(("school", "governing_body"), (
            "is the old place for this word; write it as 'terms: {governing_body: "
            f"{school.data.school.governing_body}}}' at the top level instead"), key=True, severity="warning"))
    return problems


def check_restore(school: SchoolFile) -> list[Problem]:
    """Ids left in clauses.restore after merging: the trust neither omitted nor replaced them."""
    why = "its trust does not omit or replace it" if school.data.trust else "this school names no trust"
    return [school.doc.problem(("clauses", "restore", i), f"'{cid}' has nothing to restore: {why}. Take it out "
                                                          "of clauses.restore") for i, cid in enumerate(school.data.clauses.restore)]
