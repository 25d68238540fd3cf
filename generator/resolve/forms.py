"""Forms: one rendered definition serves the form's web page and its fillable PDF."""
from __future__ import annotations

from typing import Any

from generator.model.document import FormPage
from generator.readers.library import Form, Library
from generator.resolve.context import FORMS
from generator.resolve.links import page_link
from generator.resolve.templating import Renderer, render_tree


def render_form(form: Form, renderer: Renderer, template: str) -> FormPage:
    extra = {"page": page_link(f"forms/{form.id}.md")}
    pdf = f"../downloads/{form.id}.pdf"  # written by writers/downloads.py before the site is built
    fields = render_tree(form.model_dump(exclude={"id"}), renderer, f"content/forms/{form.id}.yml", extra)
    body = renderer.render(template, "content/site/form.md.j2", form=fields, form_id=form.id, pdf=pdf, **extra)
    return FormPage(form.id, str(fields["title"]), fields, body.strip() + "\n")


def render_forms(context: dict[str, Any], renderer: Renderer, library: Library) -> tuple[FormPage, ...]:
    """Every form: clauses refer to them as procedures even when the appendix list leaves one out."""
    chosen = [f for f in FORMS if f in library.forms]
    return tuple(render_form(library.forms[f], renderer, library.pages["form.md.j2"]) for f in chosen)
