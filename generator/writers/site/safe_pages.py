"""Safe text for the docs tree, whichever engine publishes it.

- `tree_text`: text that themes print into HTML as it is (the site name, nav titles, the footer's
  facts in mkdocs.yml). `<`, `>` and `"` become entities, and so does `&` where it could start one,
  so the text is inert in HTML text and in quoted attributes. A bare `&` (as in "Smith & Jones")
  stays as it is: HTML reads it as itself, and a theme that escapes the text once more still shows it
  right.
- `safe_links`: every Markdown link (inline, reference or <autolink>) in a page whose address may
  not be published (markup/sanitise.url_problem: only https:, http:, mailto:, tel: and this site's
  pages) loses its address and keeps its words, and so does every picture from outside the site. `check` refuses such links in a school's file with the line to fix;
  this is the last word for anything that got past it.
"""
from __future__ import annotations

import re

from generator.markup.sanitise import url_problem

_ENTITY_START = re.compile(r"&(?=[A-Za-z0-9#])")
# [text](destination "title") and ![alt](...): the brackets' content may hold one level of parentheses
# and line breaks (Markdown joins them into the address, as in "java\nscript:").
_INLINE = re.compile(r"(!?)\[((?:\\.|[^\]\\])*)\]\(((?:[^()\\]|\\.|\([^()]*\))*)\)")
_DEFINITION = re.compile(r"^ {0,3}\[((?:\\.|[^\]\\])+)\]:[ \t]*\n?[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.M)
_REFERENCE_PICTURE = re.compile(r"!\[((?:\\.|[^\]\\])*)\](?:\[((?:\\.|[^\]\\])*)\])?")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*)>")
_TITLE = re.compile(r"""\s+(?:"[^"]*"|'[^']*'|\([^()]*\))\s*$""")


def tree_text(value: str) -> str:
    text = _ENTITY_START.sub("&amp;", str(value))
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _address(inside: str) -> str:
    """The address of an inline link, as a browser will read it (title dropped, spaces and breaks gone)."""
    inside = inside.strip()
    if inside.startswith("<"):
        inside = inside[1:].split(">", 1)[0]
    else:
        inside = _TITLE.sub("", inside)
    return re.sub(r"\s+", "", inside)


def _from_outside(address: str) -> bool:
    """A picture must come from the site itself: one from elsewhere tells its owner who reads the page."""
    return url_problem(address) is not None or bool(re.match(r"^([A-Za-z][A-Za-z0-9+.-]*:|[/\\]{2})", address))


def _inline(match: re.Match) -> str:
    bang, words, inside = match.groups()
    address = _address(inside)
    if bang:
        return match.group(0) if not _from_outside(address) else words
    return match.group(0) if url_problem(address) is None else words


def _autolink(match: re.Match) -> str:
    return match.group(0) if url_problem(match.group(1)) is None else match.group(1).replace(":", "&#58;", 1)


def safe_links(markdown: str) -> str:
    definitions = {m.group(1).lower(): m.group(2) for m in _DEFINITION.finditer(markdown)}

    def picture(match: re.Match) -> str:
        """A reference picture whose address is from outside shows its words instead."""
        ref = (match.group(2) or match.group(1)).lower()
        address = definitions.get(ref)
        return match.group(1) if address is not None and _from_outside(address) else match.group(0)
    markdown = _DEFINITION.sub(lambda m: m.group(0) if url_problem(m.group(2)) is None else "", markdown)
    markdown = _INLINE.sub(_inline, markdown)
    markdown = _REFERENCE_PICTURE.sub(picture, markdown)
    return _AUTOLINK.sub(_autolink, markdown)
