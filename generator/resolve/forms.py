"""Forms: one rendered definition serves the form's web page and its fillable PDF."""
from __future__ import annotations

import re
from typing import Any

from generator.model.document import FormPage, FormRecord
from generator.readers.library import Form, FormSection, Library
from generator.readers.school import FormChange, OwnForms, School
from generator.resolve.links import form_file, page_link
from generator.resolve.own_forms import appendix_clause_id, audience_of, own_form_fields, replaced_fields
from generator.resolve.placeholders import Values
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


def form_page(form_id: str, fields: dict[str, Any], audience: str, renderer: Renderer, template: str) -> FormPage:
    """A rendered form definition (a library form's or the school's own) as its web page."""
    extra = {"page": page_link(f"forms/{form_id}.md")}
    pdf = "../" + form_file(form_id)  # written by writers/pdf/downloads.py before the site is built
    record = FormRecord.from_tree(fields)
    body = renderer.render(template, "content/site/form.md.j2", form=record, form_id=form_id, pdf=pdf, **extra)
    return FormPage(form_id, str(record.title), record, body.strip() + "\n", audience)


def render_form(form: Form, renderer: Renderer, template: str, change: FormChange | None = None,
                values: Values | None = None) -> FormPage:
    """A library form; with `change` (forms.replace), with the school's own fields."""
    extra = {"page": page_link(f"forms/{form.id}.md")}
    source = f"content/forms/{form.id}.yml"
    parts = chosen_parts(form, renderer, source)
    if change is not None:
        parts.pop("sections")
    fields = render_tree(parts, renderer, source, extra)
    if change is not None:
        fields = replaced_fields(fields, change, values or {})
    return form_page(form.id, fields, form.audience, renderer, template)


def adopted_forms(numbers: dict[str, str], library: Library) -> list[str]:
    """The library forms this policy adopts: those whose appendix clause (appendices.<form id>) it holds."""
    return [f for f in FORMS + AGREEMENTS if f in library.forms and f"appendices.{f}" in numbers]


def unadopted_forms(numbers: dict[str, str], library: Library) -> list[str]:
    return [f for f in library.forms if f not in adopted_forms(numbers, library)]


PAGE_LINK = r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\((?:\.\./)*{path}\.md(?:#[^)\s]*)?\)"


def unlink_pages(markdown: str, pages: list[str]) -> str:
    """A link to a page this school does not publish (a form it left out, the parents' page of a staff
    policy) keeps its words and loses its link (`check` warns about forms, see check/own_data.py and resolve/own_data.py)."""
    for page in pages:
        # A link to the page holds its address: only then is the whole link looked for (from every `[`
        # to the end of the text, so a text of many brackets took seconds for each page left out).
        if re.search(rf"{page}\.md", markdown):
            markdown = re.sub(PAGE_LINK.format(path=page), r"\1", markdown)
    return markdown


def unlink_forms(markdown: str, form_ids: list[str]) -> str:
    return unlink_pages(markdown, [f"forms/{re.escape(f)}(?:/index)?" for f in form_ids])


def pages_left_out(numbers: dict[str, str], library: Library, audience: str) -> list[str]:
    """Pages of the library's site a school does not publish, as unlink_pages takes them."""
    forms = [f"forms/{re.escape(f)}(?:/index)?" for f in unadopted_forms(numbers, library)]
    return forms + (["parents/index"] if audience == "staff" else [])


def render_forms(context: dict[str, Any], renderer: Renderer, library: Library,
                 school: School | None = None) -> tuple[FormPage, ...]:
    """The forms this school publishes: those whose appendix clause is in the policy (the library's
    adopted ones, with the school's own fields where it replaced them, then its own). A form it left
    out has no page, no PDF and no link anywhere (clauses that name one keep the words only)."""
    numbers, values, template = context["numbers"], context["placeholders"], library.page("form.md.j2")
    own = school.forms if school is not None else OwnForms()
    changes = {c.id: c for c in own.replace}
    pages = [render_form(library.forms[f], renderer, template, changes.get(f), values)
             for f in adopted_forms(numbers, library)]
    pages += [form_page(f.id, own_form_fields(f, values), audience_of(f), renderer, template)
              for f in own.add if appendix_clause_id(f.id) in numbers]
    return tuple(pages)
