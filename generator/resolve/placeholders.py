"""Placeholders in school-written text: a fixed substitution, never a template.

A school's (or trust's) own clauses, replacements and ethos may say
`{{ roles.headteacher }}`, `{{ roles.dsl.named }}`, `{{ terms.setting }}`,
`{{ school.name }}`, `{{ school.short_name }}` or `{{ trust.name }}`. Each
token is looked up by name in a fixed table and its value, already escaped,
is put in its place. Nothing is evaluated: any other `{{ ... }}` or any
`{% ... %}` is refused by `check` with its line and column.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from generator.errors import Problem
from generator.readers.school import Roles
from generator.readers.trust import source_of
from generator.readers.yamlfile import Loc, YamlDocument, dotted
from generator.resolve.templating import data_markdown, sentence

# A token ends at its first }} (or %}) and holds no other {{ or {%: found from each opening in time linear in
# the text, however many openings are never closed ("{{ " 6,000 times took seconds).
TOKEN = re.compile(r"\{\{((?:(?!\{[{%]).)*?)\}\}|\{%((?:(?!\{[{%]).)*?)%\}", re.S)
NAME = re.compile(r"^\s*([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\s*$")
# A token that starts a sentence, paragraph or list item reads with a capital: "The principal will..."
SENTENCE_START = re.compile(r"(?:(?:\A|[.!?]\s+|\n\s*\n)\s*(?:[-*+]\s+|\d+[.)]\s+)?|\n\s*(?:[-*+]|\d+[.)])\s+)\Z")

SENTENCE_LOOKBACK = 300  # far more than the spaces and list mark between a sentence's end and a placeholder

Values = dict[str, Markup]


@dataclass(frozen=True)
class BadToken:
    offset: int
    token: str
    message: str


def _name(match: re.Match) -> str | None:
    if match.group(2) is not None:
        return None
    found = NAME.match(match.group(1))
    return found.group(1) if found else None


def allowed_list(values: Values) -> str:
    roles = sorted({n.split(".")[1] for n in values if n.startswith("roles.")})
    terms = sorted(n.split(".", 1)[1] for n in values if n.startswith("terms.") and n.count(".") == 1)
    others = [n for n in ("school.name", "school.short_name", "trust.name") if n in values]
    return (f"roles.<role>, roles.<role>.named or roles.<role>.possessive (roles here: {', '.join(roles)}); "
            f"terms.<term>, or its .one, .many or .possessive form (terms: {', '.join(terms)}); {', '.join(others)}")


def _explain(match: re.Match, values: Values) -> str:
    token, name = match.group(0), _name(match)
    allowed = f"Allowed: {allowed_list(values)}."
    if match.group(2) is not None:
        return (f"'{token}' cannot be used: school text is never run as a template, so write the words "
                f"themselves, with placeholders at most. {allowed}")
    if name is None:
        return f"'{token}' is not a placeholder: only a name may go between {{{{ and }}}}, not a calculation. {allowed}"
    guess = difflib.get_close_matches(name, list(values), n=1, cutoff=0.6)
    hint = f" Did you mean '{{{{ {guess[0]} }}}}'?" if guess else ""
    if name.split(".")[0] == "roles" and name.split(".")[1:2] and name.split(".")[1] in Roles.model_fields:
        return f"'{token}' needs roles.{name.split('.')[1]}, which is not given: add it under roles:. {allowed}"
    if name == "trust.name":
        return f"'{token}' needs a trust: this school names no trust (add trust: <slug> at the top).{hint} {allowed}"
    return f"'{token}' is not a known placeholder.{hint} {allowed}"


def bad_tokens(text: str, values: Values) -> list[BadToken]:
    return [BadToken(m.start(), m.group(0), _explain(m, values))
            for m in TOKEN.finditer(text) if _name(m) not in values]


def starts_sentence(text: str, at: int) -> bool:
    """Whether text[at:] starts a sentence, paragraph or list item: read in the SENTENCE_LOOKBACK characters
    before it, so the cost of a text grows with its length, not with its number of placeholders times it."""
    return SENTENCE_START.search(text, max(0, at - SENTENCE_LOOKBACK), at) is not None


def fill(text: str, values: Values, capitals: bool = True) -> Markup:
    """School Markdown with each placeholder replaced by its escaped value (check refused the rest).
    `capitals`: a placeholder starting a sentence gets a capital (not in a phrase such as a member)."""
    pieces, last = [], 0
    for match in TOKEN.finditer(text):
        name = _name(match)
        if name not in values:
            continue  # cannot happen after check; shown as text, like any other braces
        pieces.append(data_markdown(text[last:match.start()]))
        value = values[name]
        pieces.append(sentence(value) if capitals and starts_sentence(text, match.start()) else value)
        last = match.end()
    pieces.append(data_markdown(text[last:]))
    return Markup("").join(pieces)


def as_value(value) -> Markup:
    return value if isinstance(value, Markup) else Markup(escape(str(value)))


# --- where a bad token is, in the file that holds it -------------------------------------------

def _index(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def token_position(doc: YamlDocument, at: Loc, value: str, bad: BadToken, root: Path) -> tuple[int, int] | None:
    """Line and column of the token in the YAML source: searched from the value's mark to the next mark."""
    mark = doc.value_marks.get(at)
    try:
        source = (root / doc.path).read_text(encoding="utf-8")
    except OSError:
        return mark
    if mark is None:
        return None
    start = _index(source, *mark)
    later = [_index(source, *m) for m in (*doc.value_marks.values(), *doc.key_marks.values()) if m > mark]
    end = min(later, default=len(source))
    nth = value[:bad.offset].count(bad.token)
    found = start - 1
    for _ in range(nth + 1):
        found = source.find(bad.token, found + 1, end)
        if found < 0:
            return mark  # folded over lines or escaped: the value's own line is the best we know
    return _line_col(source, found)


def placeholder_problems(doc: YamlDocument, loc: Loc, text: str, values: Values, root: Path) -> list[Problem]:
    problems = []
    for bad in bad_tokens(text, values):
        origin, at = source_of(doc, loc)
        line, column = token_position(origin, at, text, bad, root) or (None, None)
        problems.append(Problem(origin.path, bad.message, dotted(at), line, column))
    return problems
