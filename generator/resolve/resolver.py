"""School + library -> PolicyDocument: choose clauses, number them, render their text once."""
from __future__ import annotations

import typing
from dataclasses import replace as dc_replace
from typing import Any

from markupsafe import Markup, escape
from pydantic import BaseModel

from generator.dates import next_review
from generator.errors import DataError, LibraryError, Problem, SchoolPolicyError
from generator.markup.markdown import published_html, to_html, to_text
from generator.markup.words import data_markdown, data_text, join_words
from generator.model.document import Clause, PolicyDocument, PupilLine, Section
from generator.model.people import People
from generator.readers.library import Library, SectionSpec
from generator.readers.logo import Pictures
from generator.readers.reference import Reference
from generator.readers.school import School, SchoolFile
from generator.resolve.context import as_of, build_context, laws_for
from generator.resolve.forms import pages_left_out, render_forms, unlink_pages
from generator.resolve.guides import render_guides
from generator.resolve.links import (
    POLICY_PAGE,
    MissingClause,
    clause_citer,
    clause_ref,
    page_link,
    policy_page,
    policy_referrer,
)
from generator.resolve.placeholders import fill
from generator.resolve.planning import Plan, PlannedClause, included, omitted, plan
from generator.resolve.shown import shown
from generator.resolve.templating import Renderer
from generator.vocabulary import KIND_TITLES


def check_needs(planned, numbers: dict[str, str], school: SchoolFile, context: dict[str, Any],
                library: Library) -> None:
    problems = []
    for spec, clauses in planned:
        for clause in clauses:
            for need in clause.needs:
                if not school_field(need, context):  # the library's mistake, not the school's
                    where = library.file_of(spec.id) if isinstance(spec, SectionSpec) else "content/library"
                    raise LibraryError(f"{where}: clause {clause.id}: needs '{need}', which is nothing a school's "
                                       "file can give (a misspelt key?): fix the clause's needs: list")
                if not _lookup(context, need):
                    problems.append(_missing(school, need, clause.id, numbers[clause.id]))
    if problems:
        raise DataError(problems)


def school_field(need: str, context: dict[str, Any]) -> bool:
    """Whether `need` names a part of a school's file (roles.dpo) or of what templates are given."""
    parts = need.split(".")
    if parts[0] == "related_policies":
        parts = ["policy", "related_policies"]
    if parts[0] not in School.model_fields:
        return parts[0] in context
    kind: Any = School
    for part in parts:
        model = _model_in(kind)
        if model is None:
            return True  # a mapping or a list: its keys are the school's to give
        if part not in model.model_fields:
            return False
        kind = model.model_fields[part].annotation
    return True


def _model_in(kind: Any) -> type[BaseModel] | None:
    """The pydantic model a field holds (through Optional and Annotated), or None."""
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return kind
    for inner in typing.get_args(kind):
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return inner
    return None


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


# ("clause", clause id), ("title" | "intro", section id): what a text belongs to; ("library", clause id):
# the library's own words for a clause the school replaced, kept to compare with an approved version.
Owner = tuple[str, str]


def policy_texts(planned) -> list[tuple[Owner, str]]:
    """Every library text on the policy page (school text is never a template), and the library's
    words for each clause the school replaced."""
    texts: list[tuple[Owner, str]] = []
    for spec, clauses in planned:
        if not isinstance(spec, SectionSpec):
            continue  # the school's own section: its title and intro are data, never templates
        texts.append((("title", spec.id), spec.title))
        texts += [(("intro", spec.id), spec.intro)] if spec.intro else []
        texts += [(("clause", c.id), c.template) for c in clauses if c.template is not None]
        library_words = {c.id: c.text for c in spec.clauses}
        texts += [(("library", c.id), library_words[c.id]) for c in clauses if c.source == "replaced"]
    return texts


def clause_links(numbers: dict[str, str], own_words: set[str], current: str,
                 policy_ref: Any = None) -> dict[str, Any]:
    """ref() links a clause; has() asks whether one is in this policy; cite() names it only when it
    is there in the library's words (a replaced clause may no longer say what the citing text says);
    policy_ref() names another kind of policy, linking it when the school publishes it too."""
    links = {"ref": clause_ref(numbers, current, current), "page": page_link(current), "has": numbers.__contains__,
             "cite": clause_citer(numbers, own_words, current, current)}
    return links | ({"policy_ref": policy_ref} if policy_ref else {})


def render_texts(plan_: Plan, renderer: Renderer, numbers: dict[str, str], school: SchoolFile,
                 library: Library) -> dict[Owner, str]:
    """Render the policy's library text once, collecting every ref() to a clause the school left out."""
    own_words = {c.id for _, clauses in plan_.sections for c in clauses if c.source != "library"}
    policy = renderer.context["policy"]
    page = policy_page(policy["kind"], policy["kinds"])
    links = clause_links(numbers, own_words, page, policy_referrer(policy["kind"], policy["kinds"],
                                                                   policy["titles"], page,
                                                                   renderer.context["terms"]["setting"]))
    # The library's words for a replaced clause, as an approved record keeps them: ref() and page() only.
    wording = {"numbers": numbers, "ref": clause_ref(numbers, POLICY_PAGE), "page": page_link(POLICY_PAGE)}
    rendered: dict[Owner, str] = {}
    missing: dict[str, list[Owner]] = {}
    for (kind, owner), template in policy_texts(plan_.sections):
        source = library.file_of(owner.split(".")[0])  # a clause id starts with its section's
        where = f"{source}: clause {owner}" if kind in ("clause", "library") else f"{source}: section {owner} {kind}"
        try:
            rendered[kind, owner] = renderer.render(template, where, **(wording if kind == "library" else links)).strip()
        except SchoolPolicyError as exc:
            if kind == "library":
                continue  # e.g. it links to a clause this school leaves out: nothing to compare
            if not isinstance(exc, MissingClause):
                raise
            if not _school_left_out(school, plan_, exc.clause_id, owner if kind == "clause" else None):
                raise  # left out by a library condition: a maintainer's mistake, not the school's
            missing.setdefault(exc.clause_id, []).append((kind, owner))
    if missing:
        raise DataError([_missing_ref(school, plan_, cid, owners, numbers) for cid, owners in missing.items()])
    left_out = pages_left_out(numbers, library, school.data.policy.audience)
    return {key: text if key[0] == "library" else unlink_pages(text, left_out) for key, text in rendered.items()}


def _section_of(plan_: Plan, clause_id: str) -> str:
    return next((o.section for o in plan_.left_out if o.id == clause_id), clause_id.split(".")[0])


def _school_left_out(school: SchoolFile, plan_: Plan, clause_id: str, referrer: str | None) -> bool:
    """Omitted by the school, or above its profile while a clause the school included links to it."""
    changes = school.data.clauses
    if omitted(changes, _section_of(plan_, clause_id), clause_id):
        return True
    reason = next((o.reason for o in plan_.left_out if o.id == clause_id), "")
    return reason.startswith("level") and referrer is not None and included(changes, referrer.split(".")[0], referrer)


def _missing_ref(school: SchoolFile, plan_: Plan, clause_id: str, owners: list[Owner], numbers) -> Problem:
    changes = school.data.clauses
    if omitted(changes, _section_of(plan_, clause_id), clause_id):
        return _omitted_ref(school, clause_id, owners, numbers, _section_of(plan_, clause_id))
    return _unadopted_ref(school, clause_id, owners, numbers)


def _unadopted_ref(school: SchoolFile, clause_id: str, owners: list[Owner], numbers) -> Problem:
    """A clause the school included links to one its profile leaves out: point at the include entry."""
    changes, referrer = school.data.clauses, owners[0][1]
    entry = referrer if referrer in changes.include else referrer.split(".")[0]
    loc = ("clauses", "include", changes.include.index(entry)) if entry in changes.include else ("clauses",)
    adopt = school.data.policy.adopt
    return school.doc.problem(loc, (
        f"clause {numbers[referrer]} ({referrer}) links to '{clause_id}' with ref(), but policy.adopt: {adopt} "
        f"leaves that clause out. Add '{clause_id}' to clauses.include as well"), key=loc == ("clauses",))


def _omitted_ref(school: SchoolFile, clause_id: str, owners: list[Owner], numbers: dict[str, str],
                 section: str) -> Problem:
    """Point at the school's omit entry: that is the line the school can change."""
    by = join_words([_describe(kind, owner, numbers) for kind, owner in owners])
    referring = [owner for kind, owner in owners if kind == "clause"]
    # A section's title and introduction cannot be changed from a school file, so only clauses are offered.
    also = f", or also omit or replace {join_words(referring)}" if referring else ""
    omit = school.data.clauses.omit
    index = omit.index(clause_id) if clause_id in omit else omit.index(section)
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
    html = published_html(markdown)
    return Clause(clause.id, number, clause.covers, clause.source, markdown, html, to_text(html))


def render_section(index: int, spec, clauses, numbers, texts: dict[Owner, str]) -> Section:
    rendered = tuple(render_clause(c, numbers[c.id], texts) for c in clauses)
    if isinstance(spec, SectionSpec):
        title, intro = texts["title", spec.id], texts.get(("intro", spec.id), "")
    else:  # the school's own section: its words are data
        title, intro = str(data_text(spec.title)), str(data_markdown(spec.intro)) if spec.intro else ""
    return Section(spec.id, str(index), to_text(published_html(title)), intro, rendered,
                   published_html(intro) if intro else "")


def people_of(context: dict[str, Any]) -> People:
    """Who is who, as the writers read it: typed, not looked up by name in the template context."""
    terms = context["terms"]
    return People(context["roles"], terms["governing_body"], terms["approving_body"], tuple(context["signers"]),
                  tuple(context["key_people"]), tuple(context["school"]["units"]))


def resolve(school: SchoolFile, library: Library, reference: Reference, kind: str | None = None,
            pictures: Pictures | None = None) -> PolicyDocument:
    """The school's policy of one kind (default: its main kind), carrying the `pictures` check read."""
    kinds = school.data.policy.kind_list
    kind = kind or kinds[0]
    context = build_context(school.data, library, reference)
    titles = {k: kind_title(school, k) for k in kinds}
    context["policy"] = context["policy"] | {"kind": kind, "kinds": kinds, "title": titles[kind], "titles": titles}
    # this kind's laws, each with its why line for this kind, in the school's words for its learners and itself
    # (the line asks for the form it needs: {{ terms.pupils.possessive }}), seen through the provenance view as before
    context["laws"] = shown([law.model_copy(update={"why": why_line(law.why_for(kind), context["placeholders"])})
                             for law in laws_for(school.data, reference) if not law.kinds or kind in law.kinds])
    renderer = Renderer(context)
    plan_ = plan(school, library, renderer, kind)
    planned = plan_.sections
    numbers = number_clauses(planned)
    check_needs(planned, numbers, school, context, library)
    texts = render_texts(plan_, renderer, numbers, school, library)
    wording = {owner: to_text(to_html(text)) for (kind, owner), text in texts.items() if kind == "library"}
    sections = tuple(render_section(i, spec, clauses, numbers, texts) for i, (spec, clauses) in enumerate(planned, 1))
    context = context | {"numbers": numbers}
    return PolicyDocument(
        slug=school.slug, school=school.data, title=str(titles[kind]), sections=sections,
        left_out=tuple(plan_.left_out),
        guides=tuple(dc_replace(g, markdown=unlink_pages(g.markdown, pages_left_out(numbers, library,
                                                                                   school.data.policy.audience)))
                     for g in render_guides(context, renderer, library.page("guide.md.j2"), library.pictures)),
        forms=render_forms(context, renderer, library, school.data), next_review=next_review(school.data.governance),
        as_of=as_of(school.data, reference), people=people_of(context), setting=context["terms"]["setting"],
        emergency=context["nation"]["police"].emergency, context=context, pictures=pictures or Pictures(),
        library_wording=wording, kind=kind, page=policy_page(kind, kinds),
        pupil_lines=pupil_lines(planned, renderer, library),
    )


def why_line(why: str, values: dict[str, Any]) -> Markup:
    """A law's why line with the words it asks for filled in (the reader allows only vocabulary.WHY_PLACEHOLDERS).
    Plain prose, escaped as one piece, so an apostrophe in a word's form ("pupils'") is written as the line's own are."""
    return Markup(escape(fill(why, values).unescape()))


def pupil_place(context: dict[str, Any]) -> str:
    """What a child calls the place in a pupil line: nursery, college or school."""
    if context["school"]["phase"] == "nursery":
        return "nursery"
    return "college" if str(context["terms"]["setting"]) == "college" else "school"


def pupil_lines(planned, renderer: Renderer, library: Library) -> tuple[PupilLine, ...]:
    """The `pupil:` line of each library clause in this policy, in policy order. A clause the school
    rewrote has none: the library's line may no longer say what the school's words say."""
    place = pupil_place(renderer.context)
    lines = []
    for spec, clauses in planned:
        if not isinstance(spec, SectionSpec):
            continue
        specs = {c.id: c for c in spec.clauses}
        for clause in clauses:
            spec_ = specs.get(clause.id) if clause.source == "library" else None
            line = spec_.pupil_line(renderer.context["school"]["phase"]) if spec_ else None
            if spec_ and line:
                where = f"{library.file_of(spec.id)}: clause {clause.id} pupil"
                rule = f"{spec_.choice}: {', '.join(spec_.choice_options())}" if spec_.choice else clause.id
                lines.append(PupilLine(clause.id, renderer.render(line, where, place=place).strip(), rule))
    return tuple(lines)


def kind_title(school: SchoolFile, kind: str) -> Markup:
    """The main kind's title is the school's `policy.title`; each further kind's, its own default."""
    policy = school.data.policy
    return data_text(policy.title if kind == policy.kind_list[0] else KIND_TITLES[kind])


def resolve_all(school: SchoolFile, library: Library, reference: Reference,
                pictures: Pictures | None = None) -> PolicyDocument:
    """The school's main policy, carrying each further kind it publishes (`policy.kinds`) in `further`.
    Forms are shared: the main document holds every kind's, listed when any policy holds its appendix."""
    kinds = school.data.policy.kind_list
    main = resolve(school, library, reference, kinds[0], pictures)
    if len(kinds) == 1:
        return main
    further = tuple(resolve(school, library, reference, kind, pictures) for kind in kinds[1:])
    forms = {f.id: f for f in main.forms}
    for doc in further:
        for form in doc.forms:
            held = forms.get(form.id)
            forms[form.id] = dc_replace(held or form, in_policy=form.in_policy or (held is not None and held.in_policy))
    return dc_replace(main, further=further, forms=tuple(forms.values()))
