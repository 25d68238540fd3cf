"""School data and words as they read in Markdown and HTML: school text escaped so it stays text,
a capital to start a sentence, lists joined with "and", dates in words. Check, resolve and the
writers all use these; none of them is a template (resolve/templating.py holds the Jinja side)."""
from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup, escape

# Characters that would make data text into Markdown syntax (links, emphasis, tables).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|#!])")


def data_text(value: str) -> Markup:
    """A string from school data made safe for Markdown and HTML."""
    # Markdown first: escaping HTML first would put a backslash inside entities such as &#39;.
    return Markup(escape(_MARKDOWN_SPECIAL.sub(r"\\\1", value)))


def data_markdown(value: str) -> Markup:
    """A school's own Markdown (ethos, own clauses): formatting kept, HTML and templates inert."""
    return Markup(str(escape(value)).replace("{", "&#123;").replace("}", "&#125;"))


def sentence(value: object) -> Markup:
    """Capitalise the first letter only ('the headteacher' -> 'The headteacher')."""
    text: Markup = value if isinstance(value, Markup) else escape(str(value))
    return Markup(text[:1].upper() + text[1:]) if text else text


def long_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def join_words(items: list[str]) -> str:
    """'a', 'b' and 'c'."""
    return "".join(items) if len(items) < 2 else ", ".join(items[:-1]) + " and " + items[-1]


def join_and(values) -> Markup:
    return Markup(join_words([str(escape(v)) for v in values]))


def possessive(form: str, plural: bool, given: str | None = None) -> str:
    """'pupils' -> "pupils'", 'children' -> "children's", 'headteacher' -> "headteacher's"."""
    if given:
        return given
    return form + "'" if re.search(r"(?<!s|u)s$", form) and (plural or " " in form) else form + "'s"
