"""Checks that need the library and reference facts: ids a school names must exist.

Errors stop a build. Warnings (exit 0) point at things that are out of date.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re

from generator.dates import add_months
from generator.errors import Problem
from generator.readers.library import Library
from generator.readers.logo import LogoError, read_logo
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile
from generator.readers.yamlfile import capped
from generator.resolve.choices import check_school_choices
from generator.resolve.colours import WHITE, contrast_ratio, darker_passing, shown
from generator.resolve.context import APPENDICES, next_review, people_context, terms_for, with_defaults
from generator.resolve.links import KIND_WORDS
from generator.resolve.own_data import check_own_data, form_texts
from generator.resolve.nations import check_members, check_own_words, check_titles, check_type
from generator.resolve.placeholders import placeholder_problems
from generator.resolve.text_links import check_school_links

# The contrast each site colour needs against white (see school_stylesheet in writers/docs_tree.py).
# primary is the header background under white text AND the link colour on white
# pages: both are normal-size text, so WCAG 2.x AA 1.4.3 asks for 4.5:1.
# accent only colours a link while it is hovered or focused: the link was already
# readable at 4.5:1 in primary, so accent needs the 3:1 of 1.4.11 (non-text
# contrast), enough for the change of state and the focus mark to be seen.
COLOUR_NEEDS = {
    "primary": (4.5, "white header text on it and links in it on white pages"),
    "accent": (3.0, "links that are hovered or focused on white pages"),
}


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
    retired = library.retired()  # reported by resolve/renames.py, with the reason: never a guess
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


def check_logo(school: SchoolFile, root) -> list[Problem]:
    """The logo must be a real PNG, JPEG or WebP picture inside data/ (see readers/logo.py)."""
    logo = school.data.school.logo
    if not logo:
        return []
    try:
        read_logo(root, logo)
    except LogoError as exc:
        return [school.doc.problem(("school", "logo"), str(exc))]
    return []


def check_colours(school: SchoolFile) -> list[Problem]:
    """Each site colour against white, with a darker shade of it that would pass."""
    problems = []
    for key, (needed, use) in COLOUR_NEEDS.items():
        colour = getattr(school.data.school.colours, key)
        ratio = contrast_ratio(colour, WHITE)
        if ratio < needed:
            better = darker_passing(colour, needed)
            problems.append(school.doc.problem(("school", "colours", key), (
                f"'{colour}' is too light: its contrast with white is {shown(ratio)}:1, but {use} need at "
                f"least {needed:g}:1 (WCAG 2.x AA). Use a darker shade, e.g. '{better}' "
                f"({shown(contrast_ratio(better, WHITE))}:1)")))
    return problems


def check_dates(school: SchoolFile, today: dt.date) -> list[Problem]:
    due = next_review(school.data)
    if due and due < today:
        return [school.doc.problem(("governance",), f"the review was due on {due}; review the policy and "
                                                     "update last_reviewed and next_review", key=True, severity="warning")]
    return []


def known_terms(school: SchoolFile, reference: Reference) -> list[str]:
    plain = school.data.model_copy(update={"terms": {}})
    return sorted(k for k, v in with_defaults(terms_for(plain, reference)).items() if v is None or isinstance(v, str))


def check_terms(school: SchoolFile, reference: Reference) -> list[Problem]:
    known = known_terms(school, reference)
    problems = [_unknown(school, ("terms", name), name, "term", known) for name in school.data.terms if name not in known]
    if school.data.school.governing_body:
        problems.append(school.doc.problem(("school", "governing_body"), (
            "is the old place for this word; write it as 'terms: {governing_body: "
            f"{school.data.school.governing_body}}}' at the top level instead"), key=True, severity="warning"))
    return problems


def school_texts(school: SchoolFile) -> list[tuple[tuple, str]]:
    """Every school-written text that may hold placeholders, with where it is."""
    changes = school.data.clauses
    texts = [(("school", "ethos"), school.data.school.ethos)] if school.data.school.ethos else []
    texts += [(("clauses", "add", i, "text"), own.text) for i, own in enumerate(changes.add)]
    texts += [(("policy", "summary", i), item) for i, item in enumerate(school.data.policy.summary)]
    texts += form_texts(school)
    texts += [(("roles", key, "responsibilities", i), item) for key, role in school.data.roles.all_roles().items()
              if role is not None for i, item in enumerate(role.responsibilities)]
    texts += [(("roles", key, "members", i), member) for key, role in school.data.roles.all_roles().items()
              for i, member in enumerate(getattr(role, "members", None) or [])]
    return texts + [(("clauses", "replace", cid), text) for cid, text in changes.replace.items()]


# A possessive made by typing after a placeholder: right for "pupils", wrong for "children" ("children' ").
TYPED_POSSESSIVE = re.compile(r"\{\{\s*((?:terms|roles)\.[a-z_]+)\s*\}\}('s|')")


def check_placeholders(school: SchoolFile, reference: Reference, root) -> list[Problem]:
    values = people_context(school.data, reference)["placeholders"]
    problems = [p for loc, text in school_texts(school) for p in placeholder_problems(school.doc, loc, text, values, root)]
    for loc, text in school_texts(school):
        for match in TYPED_POSSESSIVE.finditer(text):
            name = match.group(1)
            if f"{name}.possessive" in values:
                problems.append(school.doc.problem(loc, (
                    f"'{match.group(0)}' still works, but reads wrongly when the word changes (\"children' \", "
                    f"\"pupils's\"); write '{{{{ {name}.possessive }}}}' instead"), severity="warning"))
    return problems


def check_restore(school: SchoolFile) -> list[Problem]:
    """Ids left in clauses.restore after merging: the trust neither omitted nor replaced them."""
    why = "its trust does not omit or replace it" if school.data.trust else "this school names no trust"
    return [school.doc.problem(("clauses", "restore", i), f"'{cid}' has nothing to restore: {why}. Take it out "
                                                          "of clauses.restore") for i, cid in enumerate(school.data.clauses.restore)]


def check_school(school: SchoolFile, library: Library, reference: Reference, root, today: dt.date) -> list[Problem]:
    found = (school.doc.warnings + check_platforms(school, reference) + check_choices(school, library)
             + check_clause_changes(school, library) + check_laws(school, reference) + check_school_links(school)
             + check_logo(school, root) + check_colours(school) + check_dates(school, today)
             + check_terms(school, reference) + check_restore(school) + check_placeholders(school, reference, root)
             + check_titles(school, reference) + check_own_words(school, reference) + check_members(school)
             + check_school_choices(school, library)
             + check_type(school, reference) + check_own_data(school, library, root))
    return capped(found)


def check_reference(reference: Reference, today: dt.date, months: int = 12) -> list[Problem]:
    """Facts not checked for a year: a warning to the maintainers, once per run."""
    limit = add_months(today, -months)  # 29 February: a year before is 28 February
    stale = [label for label, checked in reference.dated_facts() if checked < limit]
    if not stale:
        return []
    shown = "; ".join(stale[:5]) + (f"; and {len(stale) - 5} more" if len(stale) > 5 else "")
    return [Problem(None, f"{len(stale)} reference fact(s) were last checked over a year ago; re-check them "
                          f"in content/reference/: {shown}", severity="warning")]
