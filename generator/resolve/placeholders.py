"""Placeholders in school-written text: a fixed substitution, never a template.

A school's (or trust's) own clauses, replacements and ethos may say
`{{ roles.headteacher }}`, `{{ roles.dsl.named }}`, `{{ terms.setting }}`,
`{{ school.name }}`, `{{ school.short_name }}` or `{{ trust.name }}`. Each
token is looked up by name in a fixed table and its value, already escaped,
is put in its place. Nothing is evaluated: any other `{{ ... }}` or any
`{% ... %}` is refused by `check` with its line and column (check/placeholders.py).
"""
from __future__ import annotations

import re

from markupsafe import Markup, escape

from generator.markup.words import data_markdown, sentence
from generator.vocabulary import PLACEHOLDER, placeholder_name

# A token that starts a sentence, paragraph or list item reads with a capital: "The principal will..."
SENTENCE_START = re.compile(r"(?:(?:\A|[.!?]\s+|\n\s*\n)\s*(?:[-*+]\s+|\d+[.)]\s+)?|\n\s*(?:[-*+]|\d+[.)])\s+)\Z")

Values = dict[str, Markup]


def fill(text: str, values: Values, capitals: bool = True) -> Markup:
    """School Markdown with each placeholder replaced by its escaped value (check refused the rest).
    `capitals`: a placeholder starting a sentence gets a capital (not in a phrase such as a member)."""
    pieces, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        name = placeholder_name(match)
        if name not in values:
            continue  # cannot happen after check; shown as text, like any other braces
        pieces.append(data_markdown(text[last:match.start()]))
        value = values[name]
        pieces.append(sentence(value) if capitals and SENTENCE_START.search(text[:match.start()]) else value)
        last = match.end()
    pieces.append(data_markdown(text[last:]))
    return Markup("").join(pieces)


def as_value(value) -> Markup:
    return value if isinstance(value, Markup) else Markup(escape(str(value)))
