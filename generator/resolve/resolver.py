"""School + library -> PolicyDocument: choose clauses, number them, render their text once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.errors import DataError, Problem
from generator.model.document import Clause, PolicyDocument, Section
from generator.readers.library import ClauseSpec, CoverIf, Library, SectionSpec
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile
from generator.resolve.context import as_of, build_context, next_review
from generator.resolve.forms import render_forms
from generator.resolve.guides import render_guides
from generator.resolve.links import POLICY_PAGE, clause_ref, page_link
from generator.resolve.markdown import to_html, to_text
from generator.resolve.templating import Renderer, data_markdown


@dataclass(frozen=True)
class PlannedClause:
    id: str
    covers: tuple[str, ...]
    source: str
    template: str | None  # library text, rendered with the context
    markdown: Markup | None  # school text, never a template
    needs: tuple[str, ...]


def _covers(spec: ClauseSpec, renderer: Renderer) -> tuple[str, ...]:
    return tuple(c if isinstance(c, str) else c.id for c in spec.covers
                 if isinstance(c, str) or renderer.test(c.when, f"{spec.id} covers {c.id}"))


def plan_section(section: SectionSpec, school: SchoolFile, renderer: Renderer) -> list[PlannedClause]:
    changes = school.data.clauses
    planned = []
    for spec in section.clauses:
        if spec.id in changes.omit or not renderer.test(spec.when, spec.id):
            continue
        own = changes.replace.get(spec.id)
        planned.append(PlannedClause(spec.id, _covers(spec, renderer), "school" if own else "library",
                                     None if own else spec.text, data_markdown(own) if own else None, tuple(spec.needs)))
    for own in (c for c in changes.add if c.section == section.id):
        clause = PlannedClause(own.id, tuple(own.covers), "school", None, data_markdown(own.text), ())
        ids = [p.id for p in planned]
        planned.insert(ids.index(own.after) + 1 if own.after in ids else len(planned), clause)
    return planned


def plan(school: SchoolFile, library: Library, renderer: Renderer) -> list[tuple[SectionSpec, list[PlannedClause]]]:
    chosen = []
    for section in library.sections:
        if renderer.test(section.when, section.id):
            clauses = plan_section(section, school, renderer)
            if clauses:
                chosen.append((section, clauses))
    return chosen


def check_needs(planned, numbers: dict[str, str], school: SchoolFile, context: dict[str, Any]) -> None:
    problems = []
    for _, clauses in planned:
        for clause in clauses:
            for need in clause.needs:
                if not _lookup(context, need):
                    problems.append(_missing(school, need, clause.id, numbers[clause.id]))
    if problems:
        raise DataError(problems)


def _lookup(context: dict[str, Any], dotted_path: str) -> Any:
    value: Any = context
    for part in dotted_path.split("."):
        value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return value


def _missing(school: SchoolFile, need: str, clause_id: str, number: str) -> Problem:
    loc = tuple(need.split("."))
    if loc[0] == "related_policies":
        loc = ("policy", "related_policies")
    parent, key = ".".join(loc[:-1]) or "the top level", loc[-1]
    return school.doc.problem(loc, f"is missing, but clause {number} ({clause_id}) needs it. "
                                   f"Add '{key}:' under {parent}, or leave the clause out with "
                                   f"'clauses: omit: [{clause_id}]'", key=True)


def number_clauses(planned) -> dict[str, str]:
    return {clause.id: f"{s}.{c}" for s, (_, clauses) in enumerate(planned, 1) for c, clause in enumerate(clauses, 1)}


def render_clause(clause: PlannedClause, number: str, renderer: Renderer, numbers: dict[str, str]) -> Clause:
    if clause.template is not None:
        markdown = renderer.render(clause.template, clause.id, ref=clause_ref(numbers, POLICY_PAGE),
                                   page=page_link(POLICY_PAGE)).strip()
    else:
        markdown = str(clause.markdown).strip()
    html = to_html(markdown)
    return Clause(clause.id, number, clause.covers, clause.source, markdown, html, to_text(html))


def render_section(index: int, spec: SectionSpec, clauses, renderer: Renderer, numbers) -> Section:
    links = {"ref": clause_ref(numbers, POLICY_PAGE), "page": page_link(POLICY_PAGE)}
    title = renderer.render(spec.title, f"{spec.id} title", **links).strip()
    intro = renderer.render(spec.intro, f"{spec.id} intro", **links).strip() if spec.intro else ""
    rendered = tuple(render_clause(c, numbers[c.id], renderer, numbers) for c in clauses)
    return Section(spec.id, str(index), to_text(to_html(title)), intro, rendered)


def resolve(school: SchoolFile, library: Library, reference: Reference) -> PolicyDocument:
    context = build_context(school.data, library, reference)
    renderer = Renderer(context)
    planned = plan(school, library, renderer)
    numbers = number_clauses(planned)
    check_needs(planned, numbers, school, context)
    sections = tuple(render_section(i, spec, clauses, renderer, numbers) for i, (spec, clauses) in enumerate(planned, 1))
    context = context | {"numbers": numbers}
    return PolicyDocument(
        slug=school.slug, school=school.data, title="Social Media Policy", sections=sections,
        guides=render_guides(context, renderer, library.pages["guide.md.j2"]),
        forms=render_forms(context, renderer, library), next_review=next_review(school.data),
        as_of=as_of(school.data, reference), context=context,
    )
