"""A school's own forms (`forms.add`) and its own fields for a library form (`forms.replace`).

Each becomes a page and a fillable PDF exactly as a library form does (resolve/forms.py,
writers/pdf/downloads.py): the definition here is turned into the same rendered shape the
library's forms have. School text is never a template: its placeholders are filled in
(resolve/placeholders.py) and everything else is escaped.
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.readers.school import FIELD_TYPES, FormChange, OwnForm, OwnFormSection, field_names, option_value
from generator.resolve.placeholders import Values, fill

DEFAULT_HEADING = "Your answers"  # the one section of a form given as a plain list of fields


def sections_of(form: OwnForm | FormChange) -> list[OwnFormSection]:
    """The form's sections; a plain list of fields is one section."""
    return list(form.sections) or [OwnFormSection(heading=DEFAULT_HEADING, fields=list(form.fields))]


def _text(text: str | None, values: Values) -> Markup | None:
    return fill(text, values).strip() if text else None


def rendered_sections(form: OwnForm | FormChange, values: Values) -> list[dict[str, Any]]:
    """The sections in the shape a library form has once rendered (content/print/_form.html.j2)."""
    sections = sections_of(form)
    names = iter(field_names([f for s in sections for f in s.fields]))
    return [{"heading": _text(s.heading, values), "note": _text(s.note, values), "pictures": [],
             "fields": [{"name": next(names), "label": _text(f.label, values), "type": FIELD_TYPES[f.type],
                         "lines": f.lines, "options": [{"value": option_value(o), "label": _text(o, values)}
                                                       for o in f.options]}
                        for f in s.fields]}
            for s in sections]


def audience_of(form: OwnForm) -> str:
    """Forms are listed for families or for staff (pupils' forms go home with them)."""
    return "staff" if form.audience == "staff" else "families"


def own_form_fields(form: OwnForm, values: Values) -> dict[str, Any]:
    return {"title": _text(form.title, values), "audience": audience_of(form),
            "purpose": _text(form.introduction, values), "who": _text(form.who, values),
            "sections": rendered_sections(form, values)}


def replaced_fields(library_fields: dict[str, Any], change: FormChange, values: Values) -> dict[str, Any]:
    """A library form, rendered, with the school's own fields (and title, introduction and return
    instructions where it gives them)."""
    own = {"title": _text(change.title, values), "purpose": _text(change.introduction, values),
           "who": _text(change.who, values)}
    return library_fields | {k: v for k, v in own.items() if v is not None} | {
        "sections": rendered_sections(change, values)}


def appendix_clause_id(form_id: str) -> str:
    return f"own.form-{form_id}"


def appendix_text(form: OwnForm, values: Values) -> Markup:
    """The appendix clause an own form is listed by, in the policy's appendices (a link to its page)."""
    title = _text(form.title, values)
    return Markup("**[{}](forms/{}.md)**. {}").format(title, Markup(form.id), _text(form.introduction, values))
