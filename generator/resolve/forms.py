"""Forms: one rendered definition serves the form's web page and its fillable PDF."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from generator.model.document import FormPage, FormRecord
from generator.readers.library import Form, FormSection, Library
from generator.resolve.links import form_file, page_link
from generator.resolve.templating import Renderer, render_tree
from generator.vocabulary import AGREEMENTS, FORMS


def chosen_section(section: FormSection, renderer: Renderer, source: str) -> dict[str, Any] | None:
    """A section as this school's form shows it, without the fields whose `when` is false.

    A section that loses all its fields and has no note would be an empty heading, so it goes too."""
    if not renderer.test(section.when, f"section '{section.heading}'", source):
        return None
    fields = [f.model_dump(exclude={"when"}) for f in section.fields
              if renderer.test(f.when, f"field {f.name}", source)]
    if section.fields and not fields and not section.note:
        return None
    return section.model_dump(exclude={"when", "fields"}) | {"fields": fields}


def chosen_parts(form: Form, renderer: Renderer, source: str) -> dict[str, Any]:
    """The definition with conditions applied, before its text is rendered (web page and PDF alike)."""
    sections = [chosen_section(s, renderer, source) for s in form.sections]
    return form.model_dump(exclude={"id", "sections"}) | {"sections": [s for s in sections if s is not None]}


def render_form(form: Form, renderer: Renderer, template: str) -> FormPage:
    extra = {"page": page_link(f"forms/{form.id}.md")}
    pdf = "../" + form_file(form.id)  # written by writers/pdf/downloads.py before the site is built
    source = f"content/forms/{form.id}.yml"
    record = FormRecord.from_tree(render_tree(chosen_parts(form, renderer, source), renderer, source, extra))
    body = renderer.render(template, "content/site/form.md.j2", form=record, form_id=form.id, pdf=pdf, **extra)
    return FormPage(form.id, str(record.title), record, body.strip() + "\n", form.audience)


def kind_forms(library: Library, kind: str) -> list[str]:
    """The forms of one kind of policy: those whose appendix clause (appendices.<form>) belongs to it."""
    kinds = {c.id: s.kinds_of(c) for s in library.sections for c in s.clauses}
    return [f for f in FORMS + AGREEMENTS if f in library.forms and kind in kinds.get(f"appendices.{f}", [])]


def render_forms(context: dict[str, Any], renderer: Renderer, library: Library) -> tuple[FormPage, ...]:
    """Every form of this kind of policy: clauses refer to them as procedures even when the appendix list
    leaves one out. Only those whose appendix clause is in the policy are listed (pages, downloads, pack)."""
    numbers = context["numbers"]
    chosen = kind_forms(library, context["policy"]["kind"])
    return tuple(replace(render_form(library.forms[f], renderer, library.page("form.md.j2")),
                         in_policy=f"appendices.{f}" in numbers) for f in chosen)
