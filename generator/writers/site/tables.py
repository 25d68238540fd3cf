"""Tables that never push a page sideways: each Markdown table in a page goes in a scroll box of its own.

A table wider than a phone (the key people, the phone networks) would otherwise
make the whole page scroll sideways at 320 px (WCAG 1.4.10 Reflow). The box
scrolls instead, and can be reached and scrolled from the keyboard (it takes
focus: tabindex="0") and is announced as a region named after the table's
column headings. Done when the docs tree is written, so every engine publishes
the same HTML; the box's look is in overrides/assets/stylesheets/schoolpolicy.css.
"""
from __future__ import annotations

import re

from markupsafe import escape

_DELIMITER_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MARKUP = re.compile(r"\\(.)|[*_`]|\[([^\]]*)\]\([^)]*\)|<[^>]+>")


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def _plain(cell: str) -> str:
    """A heading cell as plain words: Markdown escapes, emphasis, links and tags removed."""
    return _MARKUP.sub(lambda m: m.group(1) or m.group(2) or "", cell).strip()


def table_label(header: str) -> str:
    names = [name for name in (_plain(cell) for cell in _cells(header)) if name]
    return "Table: " + ", ".join(names) if names else "Table"


def wrap_tables(markdown: str) -> str:
    """The page with each pipe table (a header row, then a delimiter row) inside a labelled scroll box."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        starts_table = (line.startswith("|") and i + 1 < len(lines) and _DELIMITER_ROW.match(lines[i + 1])
                        and (i == 0 or not lines[i - 1].strip()))
        if not starts_table:
            out.append(line)
            i += 1
            continue
        end = i
        while end < len(lines) and lines[end].startswith("|"):
            end += 1
        label = escape(table_label(line))
        out += [f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}" markdown="1">', "",
                *lines[i:end], "", "</div>"]
        i = end
    return "\n".join(out)
