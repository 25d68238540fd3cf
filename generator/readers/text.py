"""Field types for what a school writes: text stays text, exactly as written and visible.

YAML guesses types: `version: 1.10` is the number 1.1 and `review_cycle_months: true`
is a boolean. These types refuse the guesses that would change what is published
(readers/schema.py turns the errors into messages that say what to write), and
refuse characters nobody can see: controls, bidi overrides, zero-width marks.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

# Zero-width characters: a value made only of these (and spaces) counts as empty.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_JOINERS = "\u200c\u200d"  # they shape emoji and some scripts, so they may sit inside text
_BLANK = " \t\r\n\f\v" + ZERO_WIDTH + "\u00a0\u3000"
EARLIEST, LATEST = dt.date(1990, 1, 1), dt.date(2100, 12, 31)
# A name or title is printed wherever the school is named: at the top of every page of the pack and of every
# handout and form. WeasyPrint lays a paragraph out line by line, each line from the rest of the text, so a
# very long one costs about the square of its length, as many times as it is printed: names are kept to a line.
MAX_NAME = 300
# A web address is printed on handouts and sheets, where a long word is broken anywhere: at the same cost.
# Browsers and servers stop at about this length, so no address that works is longer.
MAX_ADDRESS = 2_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def hidden_char(char: str, multiline: bool = True) -> bool:
    """Controls (C0/C1), format characters (bidi, zero-width) and line separators."""
    if char in "\n\t":
        return not multiline
    if char in _JOINERS:
        return False
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs") or char in "\ufffe\uffff"


def first_hidden(text: str, multiline: bool = True) -> int | None:
    """Index of the first hidden character, or None. Linear in the text."""
    return next((i for i, char in enumerate(text) if hidden_char(char, multiline)), None)


def char_name(char: str) -> str:
    """U+202E (RIGHT-TO-LEFT OVERRIDE): how a message names a character it must not print."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def is_blank(text: str) -> bool:
    """Empty once spaces and zero-width characters are gone."""
    return not text.strip(_BLANK)


def _visible(multiline: bool):
    def check(value: str) -> str:
        value = value.strip(_BLANK)
        if not value:
            raise PydanticCustomError("text_empty", "is empty; write the text, or leave the line out")
        if not multiline and len(value) > MAX_NAME:
            raise PydanticCustomError("name_too_long", "is {length} characters long; a name or title is at most "
                                      "{limit} characters (it is printed on every page): shorten it",
                                      {"length": f"{len(value):,}", "limit": str(MAX_NAME)})
        at = first_hidden(value, multiline)
        if at is not None:
            what = "a line break" if value[at] == "\n" else char_name(value[at])
            raise PydanticCustomError("text_hidden", "contains {what}; write it on one line in plain text"
                                      if value[at] == "\n" else "contains {what}, which cannot be seen; delete it",
                                      {"what": what})
        return value
    return check


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise PydanticCustomError("bool_not_number", "is {value}, not a number; write a whole number, e.g. 12",
                                  {"value": str(value).lower()})
    if isinstance(value, float):
        raise PydanticCustomError("float_not_whole", "is not a whole number; write one, e.g. 12")
    return value


def _no_number(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise PydanticCustomError("number_not_bool", "should be true or false, not the number {value}",
                                  {"value": str(value)})
    return value


def _date_text(value: Any) -> Any:
    """Dates as YAML text only: pydantic would read 20260901 as seconds since 1970."""
    if isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value.strip())):
        return value.strip() if isinstance(value, str) else value
    raise PydanticCustomError("date_form", "is not a date; write dates as YYYY-MM-DD, e.g. 2026-09-01")


def _date_range(value: dt.date) -> dt.date:
    if not EARLIEST <= value <= LATEST:
        raise PydanticCustomError("date_range", "{value} is not a date this policy can have; use a date between "
                                  "{earliest} and {latest}", {"value": value.isoformat(), "earliest":
                                  EARLIEST.isoformat(), "latest": LATEST.isoformat()})
    return value


Text = Annotated[str, AfterValidator(_visible(multiline=True))]  # may run over lines (Markdown)
Name = Annotated[str, AfterValidator(_visible(multiline=False))]  # one line: names, titles, labels
Version = Name  # a label such as "1.10", kept exactly as written (schema.py refuses unquoted numbers)
Date = Annotated[dt.date, BeforeValidator(_date_text), AfterValidator(_date_range)]
Flag = Annotated[bool, BeforeValidator(_no_number)]
WholeNumber = Annotated[int, BeforeValidator(_no_bool)]


_HONORIFIC = re.compile(r"(?i:mr|mrs|ms|miss|mx|dr|prof|professor|sir|dame|rev|revd)\.?\s+\S")
_INITIALS = re.compile(r"(?:[A-Z]\.\s*|[A-Z]\s+)+[A-Z][a-zA-Z'’-]+")


def looks_like_person(text: str) -> bool:
    """'Mrs J Whitfield', 'Dr Patel', 'J. Whitfield': a name, where a role title was expected."""
    text = text.strip()
    return bool(_HONORIFIC.match(text) or _INITIALS.fullmatch(text))


def brief(value: object, limit: int = 40) -> str:
    """A value as a message may show it: its first line, cut short, with hidden characters named."""
    text = str(value)
    first = text.split("\n", 1)[0]
    cut = first[:limit]
    shown = "".join(f"<{char_name(c).split(' ')[0]}>" if hidden_char(c) else c for c in cut)
    return shown + ("…" if len(first) > limit or first != text else "")
