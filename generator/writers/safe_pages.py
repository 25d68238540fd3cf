"""Safe text for the docs tree, whichever engine publishes it.

- `tree_text`: text that themes print into HTML as it is (the site name, nav titles, the footer's
  facts in mkdocs.yml). `<`, `>` and `"` become entities, and so does `&` where it could start one,
  so the text is inert in HTML text and in quoted attributes. A bare `&` (as in "Smith & Jones")
  stays as it is: HTML reads it as itself, and a theme that escapes the text once more still shows it
  right.
- `safe_links`: every Markdown link or picture in a page whose address may not be published
  (resolve/sanitise.url_problem: only https:, http:, mailto:, tel: and this site's pages) loses its
  address and keeps its words. `check` refuses such links in a school's file with the line to fix;
  this is the last word for anything that got past it.
"""
from __future__ import annotations

import re

from generator.resolve.sanitise import url_problem

_ENTITY_START = re.compile(r"&(?=[A-Za-z0-9#])")
# [text](address "title") and ![alt](address): the address is the first thing in the brackets.
_INLINE_LINK = re.compile(r"(!?)\[((?:\\.|[^\]\\])*)\]\(\s*<?([^\s)>]*)>?((?:\s+\"[^\"]*\")?)\s*\)")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")


def tree_text(value: str) -> str:
    text = _ENTITY_START.sub("&amp;", str(value))
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _link(match: re.Match) -> str:
    bang, words, address, title = match.groups()
    if url_problem(address) is None:
        return match.group(0)
    return words if not bang else ""


def _autolink(match: re.Match) -> str:
    return match.group(0) if url_problem(match.group(1)) is None else match.group(1).replace(":", "&#58;", 1)


def safe_links(markdown: str) -> str:
    return _AUTOLINK.sub(_autolink, _INLINE_LINK.sub(_link, markdown))
