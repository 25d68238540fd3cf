"""School + library -> PolicyDocument: choose clauses, number them, render their text once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.errors import DataError, Problem
from generator.model.document import Clause, PolicyDocument, Section
from generator.readers.library import ClauseSpec, Library, SectionSpec
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile
from generator.resolve.context import as_of, build_context, next_review
from generator.resolve.forms import render_forms
from generator.resolve.guides import render_guides
from generator.resolve.links import POLICY_PAGE, MissingClause, clause_ref, page_link
from generator.resolve.markdown import to_html, to_text
from generator.resolve.templating import Renderer, data_markdown, join_words


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


def suits(spec: ClauseSpec | SectionSpec, school: SchoolFile) -> bool:
    """A clause or section that names its phases is left out of schools of other phases."""
    return not spec.phases or school.data.school.phase in spec.phases


def plan_section(section: SectionSpec, school: SchoolFile, renderer: Renderer) -> list[PlannedClause]:
    changes = school.data.clauses
    planned = []
    for spec in section.clauses:
        if spec.id in changes.omit or not suits(spec, school) or not renderer.test(spec.when, spec.id):
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
        if suits(section, school) and renderer.test(section.when, section.id):
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


Owner = tuple[str, str]  # ("clause", clause id), ("title" | "intro", section id): what a text belongs to


def policy_texts(planned) -> list[tuple[Owner, str]]:
    """Every library text on the policy page (school text is never a template)."""
    texts: list[tuple[Owner, str]] = []
    for spec, clauses in planned:
        texts.append((("title", spec.id), spec.title))
        texts += [(("intro", spec.id), spec.intro)] if spec.intro else []
        texts += [(("clause", c.id), c.template) for c in clauses if c.template is not None]
    return texts


def render_texts(planned, renderer: Renderer, numbers: dict[str, str], school: SchoolFile) -> dict[Owner, str]:
    """Render the policy's library text once, collecting every ref() to a clause the school omits."""
    links = {"ref": clause_ref(numbers, POLICY_PAGE), "page": page_link(POLICY_PAGE)}
    rendered: dict[Owner, str] = {}
    missing: dict[str, list[Owner]] = {}
    for (kind, owner), template in policy_texts(planned):
        where = owner if kind == "clause" else f"{owner} {kind}"
        try:
            rendered[kind, owner] = renderer.render(template, where, **links).strip()
        except MissingClause as exc:
            if exc.clause_id not in school.data.clauses.omit:
                raise  # left out by a library condition: a maintainer's mistake, not the school's
            missing.setdefault(exc.clause_id, []).append((kind, owner))
    if missing:
        raise DataError([_omitted_ref(school, cid, owners, numbers) for cid, owners in missing.items()])
    return rendered


def _omitted_ref(school: SchoolFile, clause_id: str, owners: list[Owner], numbers: dict[str, str]) -> Problem:
    """Point at the school's omit entry: that is the line the school can change."""
    by = join_words([_describe(kind, owner, numbers) for kind, owner in owners])
    referring = [owner for kind, owner in owners if kind == "clause"]
    # A section's title and introduction cannot be changed from a school file, so only clauses are offered.
    also = f", or also omit or replace {join_words(referring)}" if referring else ""
    index = school.data.clauses.omit.index(clause_id)
    return school.doc.problem(("clauses", "omit", index), (
        f"'{clause_id}' is omitted, but {by} {'links' if len(owners) == 1 else 'link'} to it with ref(). "
        f"{'Either take' if referring else 'Take'} it out of clauses.omit (to change its words, use "
        f"'clauses: replace: {clause_id}: ...' instead; links to it still work){also}"))


def _describe(kind: str, owner: str, numbers: dict[str, str]) -> str:
    if kind == "clause":
        return f"clause {numbers[owner]} ({owner})"
    return f"the {'introduction' if kind == 'intro' else 'title'} of section '{owner}'"


def render_clause(clause: PlannedClause, number: str, texts: dict[Owner, str]) -> Clause:
    markdown = texts["clause", clause.id] if clause.template is not None else str(clause.markdown).strip()
    html = to_html(markdown)
    return Clause(clause.id, number, clause.covers, clause.source, markdown, html, to_text(html))


def render_section(index: int, spec: SectionSpec, clauses, numbers, texts: dict[Owner, str]) -> Section:
    rendered = tuple(render_clause(c, numbers[c.id], texts) for c in clauses)
    title = texts["title", spec.id]
    return Section(spec.id, str(index), to_text(to_html(title)), texts.get(("intro", spec.id), ""), rendered)


def resolve(school: SchoolFile, library: Library, reference: Reference) -> PolicyDocument:
    context = build_context(school.data, library, reference)
    renderer = Renderer(context)
    planned = plan(school, library, renderer)
    numbers = number_clauses(planned)
    check_needs(planned, numbers, school, context)
    texts = render_texts(planned, renderer, numbers, school)
    sections = tuple(render_section(i, spec, clauses, numbers, texts) for i, (spec, clauses) in enumerate(planned, 1))
    context = context | {"numbers": numbers}
    return PolicyDocument(
        slug=school.slug, school=school.data, title="Social Media Policy", sections=sections,
        guides=render_guides(context, renderer, library.pages["guide.md.j2"]),
        forms=render_forms(context, renderer, library), next_review=next_review(school.data),
        as_of=as_of(school.data, reference), context=context,
    )
