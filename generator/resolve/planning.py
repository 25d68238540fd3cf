"""Which clauses a school's policy holds, in what order, and why the others are left out.

A school starts from a profile (`policy.adopt`: core, standard or full), adds
clauses or whole sections with `clauses.include`, takes them away with
`clauses.omit`, and adds sections and clauses of its own.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.errors import SchoolPolicyError
from generator.markup.words import data_text, sentence
from generator.readers.library import ClauseSpec, Library, SectionSpec
from generator.readers.school import ClauseChanges, OwnClause, OwnSection, SchoolFile
from generator.resolve.choices import variant_reason
from generator.resolve.links import picture_file
from generator.resolve.own_forms import appendix_clause_id, appendix_text
from generator.resolve.placeholders import Values, fill
from generator.resolve.templating import Answers, Renderer
from generator.vocabulary import ADOPTED_LEVELS, Adopt, Level

CLOSING_SECTIONS = ("review", "appendices")  # an own section without `after` goes before these


@dataclass(frozen=True)
class PlannedClause:
    id: str
    covers: tuple[str, ...]
    source: str  # "library", "replaced" (the school's words for a library clause) or "own" (the school's clause)
    template: str | None  # library text, rendered with the context
    markdown: Markup | None  # school text, never a template
    needs: tuple[str, ...]
    closing: bool = False


@dataclass(frozen=True)
class LeftOut:
    """A library clause this school's policy does not hold, and the reason, for `schoolpolicy clauses --all`."""

    id: str
    section: str
    reason: str
    text: str  # the library's words, unrendered


Part = SectionSpec | OwnSection  # a library section, or one of the school's own


@dataclass(frozen=True)
class Plan:
    sections: list[tuple[Part, list[PlannedClause]]]
    left_out: list[LeftOut]


def adopted_levels(adopt: Adopt) -> tuple[Level, ...]:
    return ADOPTED_LEVELS[adopt]


def omitted(changes: ClauseChanges, section: str, clause: str) -> bool:
    return clause in changes.omit or section in changes.omit


def included(changes: ClauseChanges, section: str, clause: str) -> bool:
    """Chosen on top of the profile: listed in include, or given the school's own words."""
    return clause in changes.include or section in changes.include or clause in changes.replace


def _phase_out(part, school: SchoolFile) -> bool:
    phases = getattr(part, "phases", None) or []  # library clauses and sections may name the phases they suit
    return bool(phases) and school.data.school.phase not in phases


def conditions(library: Library) -> list[tuple[str | None, str]]:
    """Every library condition planning may ask about, with where it is written."""
    found: list[tuple[str | None, str]] = []
    for section in library.sections:
        found.append((section.when, section.id))
        for spec in section.clauses:
            found.append((spec.when, spec.id))
            found += [(c.when, f"{spec.id} covers {c.id}") for c in spec.covers if not isinstance(c, str)]
    return found


def holds(answers: Answers, expression: str | None, where: str) -> bool:
    """A condition's answer, tested with the others in one pass (Renderer.tests); its error when it failed."""
    answer = answers[expression, where]
    if isinstance(answer, SchoolPolicyError):
        raise answer
    return answer


def _type_out(part, school: SchoolFile) -> bool:
    types = getattr(part, "types", None) or []  # ... and the kinds of school (school.type)
    return bool(types) and school.data.school.type not in types


def why_left_out(section: SectionSpec, spec: ClauseSpec, school: SchoolFile, answers: Answers,
                 choices: Any) -> str | None:
    """None when the clause is in the policy; otherwise the first reason it is not."""
    changes, level = school.data.clauses, spec.level or section.level
    if omitted(changes, section.id, spec.id):
        return "omitted by the school (clauses.omit)"
    if _phase_out(section, school) or _phase_out(spec, school):
        return f"not for a {school.data.school.phase} school (phases)"
    if _type_out(section, school) or _type_out(spec, school):
        return f"not for this kind of school (types; school.type is {school.data.school.type})"
    audience = school.data.policy.audience
    speaks_to = section.audience_of(spec)
    if audience != "everyone" and speaks_to not in ("everyone", audience) and not included(changes, section.id, spec.id):
        return f"not for this audience (policy.audience: {audience}; it speaks to {speaks_to})"
    variant = variant_reason(spec, choices)
    if variant:
        return variant
    if not holds(answers, spec.when, spec.id):
        return f"condition not met: {spec.when}"
    adopt = school.data.policy.adopt
    if level not in adopted_levels(adopt) and not included(changes, section.id, spec.id):
        return f"level {level}, above policy.adopt: {adopt} (add it with clauses.include)"
    return None


def _covers(spec: ClauseSpec, answers: Answers) -> tuple[str, ...]:
    return tuple(c if isinstance(c, str) else c.id for c in spec.covers
                 if isinstance(c, str) or holds(answers, c.when, f"{spec.id} covers {c.id}"))


def library_clause(spec: ClauseSpec, changes: ClauseChanges, answers: Answers, values: Values) -> PlannedClause:
    own = changes.replace.get(spec.id)
    return PlannedClause(spec.id, _covers(spec, answers), "replaced" if own else "library",
                         None if own else spec.text, fill(own, values) if own else None,
                         tuple(spec.needs),
                         spec.closing)


def own_clause(own: OwnClause, values: Values) -> PlannedClause:
    markdown = fill(own.text, values)
    if own.picture:  # published re-encoded, never the school's own file (writers/site/docs_tree.py, writers/pdf/pack.py)
        markdown = Markup("{}\n\n![{}]({})").format(markdown.rstrip(), data_text(own.picture.alt),
                                                     Markup(picture_file(own.id)))
    return PlannedClause(own.id, tuple(own.covers), "own", None, markdown, ())


def place(planned: list[PlannedClause], clause: PlannedClause, after: str | None, before: str | None = None,
          first: bool = False) -> None:
    """First, just before or after the clause named, or else before the section's closing material
    (signatures, tables)."""
    ids = [p.id for p in planned]
    if first:
        planned.insert(0, clause)
        return
    if before in ids:
        planned.insert(ids.index(before), clause)
        return
    if after in ids:
        planned.insert(ids.index(after) + 1, clause)
        return
    closing = [i for i, p in enumerate(planned) if p.closing]
    planned.insert(closing[0] if closing else len(planned), clause)


ROLES_SECTION = "roles"  # where each role's own list of responsibilities is printed
APPENDICES_SECTION = "appendices"  # where each of the school's own forms is listed (and so adopted)


def own_form_clauses(school: SchoolFile, values: Values) -> list[PlannedClause]:
    """An appendix clause for each of the school's own forms: it links to the form's page, and the form
    is published while this clause is in the policy (as a library form's appendix clause does)."""
    return [PlannedClause(appendix_clause_id(f.id), (), "own", None, appendix_text(f, values), ())
            for f in school.data.forms.add]


def role_duties(school: SchoolFile, context: dict) -> list[PlannedClause]:
    """A clause for each role the school gives `responsibilities`, in its own words:
    "The online safety lead, Mr O Tester, is responsible for: ..." (an own clause, never a template)."""
    clauses = []
    for key, role in school.data.roles.all_roles().items():
        view = context["roles"].get(key)
        if role is None or view is None or not role.responsibilities:
            continue
        duties = [fill(item, context["placeholders"]).strip() for item in role.responsibilities]
        text = (sentence(view.named) + Markup(", ") if view.name else sentence(view.__html__()) + Markup(" ")) \
            + Markup(view.agree("is", "are")) + Markup(" responsible for:\n\n") \
            + Markup("\n").join(Markup("- ") + d for d in duties)
        clauses.append(PlannedClause(f"own.role-{key.replace('_', '-')}", (), "own", None, text, ()))
    return clauses


def add_own_clauses(planned: list[PlannedClause], section_id: str, changes: ClauseChanges,
                    values: Values, kind: str, main: str, extra: Sequence[PlannedClause] = ()) -> list[PlannedClause]:
    """The school's own clauses for this section of this kind of policy (`kind:`, default the main kind),
    after `extra`: the clauses made from the school's own roles and forms."""
    mine = [c for c in changes.add if c.section == section_id and (c.kind or main) == kind]
    placements = [Placement(clause, None) for clause in extra]
    # several first clauses keep the order the file gives them
    placements += [Placement(own_clause(own, values), None, first=True) for own in reversed([c for c in mine if c.first])]
    placements += [Placement(own_clause(own, values), own.after, own.before) for own in mine if not own.first]
    planned[:] = place_all(planned, placements)
    return planned


@dataclass(frozen=True)
class Placement:
    clause: PlannedClause
    after: str | None
    before: str | None = None
    first: bool = False


def place_all(planned: list[PlannedClause], placements: list[Placement]) -> list[PlannedClause]:
    """`place` for each in turn (a clause may name one placed before it), in time linear in the clauses:
    a linked list, each id found by a dict. Where an id is not unique (a clause named twice), `place`
    itself: which of two is "the clause named" then depends on where each went."""
    ids = [p.id for p in planned] + [p.clause.id for p in placements]
    if len(set(ids)) < len(ids) or any(p.clause.closing for p in placements):
        result = list(planned)
        for p in placements:
            place(result, p.clause, p.after, p.before, p.first)
        return result
    clauses = [None, *planned, *(p.clause for p in placements)]  # node 0: the ends of the ring
    count = len(planned) + 1
    after = [*range(1, count), 0] + [0] * len(placements)  # the next node
    before = [count - 1, *range(count - 1)] + [0] * len(placements)  # the node before
    node_of = {clause.id: i for i, clause in enumerate(planned, start=1)}
    closing = next((i for i, clause in enumerate(planned, start=1) if clause.closing), 0)  # 0: the end

    def insert_before(node: int, new: int) -> None:
        previous = before[node]
        after[previous], before[new], after[new], before[node] = new, previous, node, new

    for new, p in enumerate(placements, start=count):
        if p.first:
            insert_before(after[0], new)
        elif p.before in node_of:
            insert_before(node_of[p.before], new)
        elif p.after in node_of:
            insert_before(after[node_of[p.after]], new)
        else:
            insert_before(closing, new)
        node_of[p.clause.id] = new
    result, node = [], after[0]
    while node:
        result.append(clauses[node])
        node = after[node]
    return result


def section_when(section: SectionSpec, school: SchoolFile, answers: Answers) -> str | None:
    if section.id in school.data.clauses.omit:
        return "omitted by the school (clauses.omit)"
    if _phase_out(section, school):
        return f"not for a {school.data.school.phase} school (phases)"
    if _type_out(section, school):
        return f"not for this kind of school (types; school.type is {school.data.school.type})"
    if not holds(answers, section.when, section.id):
        return f"section condition not met: {section.when}"
    return None


def plan_library_section(section: SectionSpec, school: SchoolFile, answers: Answers, values: Values, choices: Any,
                         left: list[LeftOut], kind: str = "social-media") -> list[PlannedClause] | None:
    """The section's clauses, or None when the whole section is out (omitted, or its condition).
    Sections and clauses of other kinds of policy are not this policy's, so not listed as left out."""
    if kind not in section.kinds:
        return None
    changes, planned = school.data.clauses, []
    whole = section_when(section, school, answers)
    for spec in section.clauses:
        if kind not in section.kinds_of(spec):
            continue
        reason = whole or why_left_out(section, spec, school, answers, choices)
        if reason:
            left.append(LeftOut(spec.id, section.id, reason, spec.text))
        else:
            planned.append(library_clause(spec, changes, answers, values))
    return None if whole else planned


def ordered_parts(library: Library, own: list[OwnSection]) -> list[Part]:
    """Library sections in file order, each own section after the one it names (default: before the review)."""
    parts: list[Part] = list(library.sections)
    for section in own:
        ids = [p.id for p in parts]
        if section.after in ids:
            parts.insert(ids.index(section.after) + 1, section)
        else:
            closing = [i for i, p in enumerate(parts) if p.id in CLOSING_SECTIONS]
            parts.insert(closing[0] if closing else len(parts), section)
    return parts


def plan(school: SchoolFile, library: Library, renderer: Renderer, kind: str | None = None) -> Plan:
    """The policy of one kind (default: the school's main kind)."""
    changes, left = school.data.clauses, list[LeftOut]()
    kind = kind or school.data.policy.kind_list[0]
    answers, values = renderer.tests(conditions(library)), renderer.context["placeholders"]
    chosen: list[tuple[Part, list[PlannedClause]]] = []
    for part in ordered_parts(library, changes.add_sections):
        planned = (plan_library_section(part, school, answers, values, renderer.context["choices"], left, kind)
                   if isinstance(part, SectionSpec) else [])
        duties = role_duties(school, renderer.context) if part.id == ROLES_SECTION else []
        duties += own_form_clauses(school, values) if part.id == APPENDICES_SECTION else []
        if planned is not None and add_own_clauses(planned, part.id, changes, values, kind,
                                                   school.data.policy.kind_list[0], duties):
            chosen.append((part, planned))
    return Plan(chosen, left)


_TAGS = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)
_PLACEHOLDER = re.compile(r"\{\{\s*(?:[\w.]*\.)?(\w+)[^}]*\}\}")  # {{ terms.pupils|sentence }} -> pupils
_MARKS = re.compile(r"[*_`#|>\[\]]|\]\([^)]*\)|\s+")


def first_words(text: str, count: int = 12) -> str:
    """The opening words of a clause, for listings: template tags and Markdown marks taken out."""
    plain = _PLACEHOLDER.sub(r"\1", _TAGS.sub(" ", text))
    words = _MARKS.sub(" ", re.sub(r"\]\([^)]*\)", "]", plain)).split()
    return " ".join(words[:count]) + (" ..." if len(words) > count else "")
