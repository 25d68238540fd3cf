"""Safe text for the docs tree, whichever engine publishes it.

- `tree_text`: text that themes print into HTML as it is (the site name, nav titles, the footer's
  facts in mkdocs.yml). `<`, `>` and `"` become entities, and so does `&` where it could start one,
  so the text is inert in HTML text and in quoted attributes. A bare `&` (as in "Smith & Jones")
  stays as it is: HTML reads it as itself, and a theme that escapes the text once more still shows it
  right.
- `safe_links`: every Markdown link (inline, reference or <autolink>) in a page whose address may
  not be published (resolve/sanitise.url_problem: only https:, http:, mailto:, tel: and this site's
  pages) loses its address and keeps its words, and so does every picture from outside the site. `check` refuses such links in a school's file with the line to fix;
  this is the last word for anything that got past it.
- `defuse`: every `[` that cannot begin a link's words, and every `(` after them that cannot begin
  an address, is escaped (`\\[`), so it is shown as written by any engine. Python-Markdown looks for
  the end of a link from every `[`, to the end of the paragraph when there is none: a page of 20,000
  `[` took MkDocs minutes. What can begin a link is what generator/resolve/linear_markdown.py reads
  as one, so the site and the pack show the same links. Every expression here reads a text in time
  linear in its length: possessive, with brackets nested at most three deep.
"""
from __future__ import annotations

import re
from collections import defaultdict, deque

from generator.resolve.linear_markdown import nested
from generator.resolve.sanitise import url_problem

_ENTITY_START = re.compile(r"&(?=[A-Za-z0-9#])")
# A link's words: escaped characters, and brackets nested up to three deep (as linear_markdown reads them).
_WORDS = nested(r"(?:\\.|[^\[\]\\])", r"\[", r"\]")
# An address: parentheses nested up to three deep, line breaks (Markdown joins them into the address,
# as in "java\nscript:"). Each expression first passes over an escaped character (\\[ is no bracket).
_ADDRESS = nested(r"(?:\\.|[^()\\])", r"\(", r"\)")
_INLINE = re.compile(rf"\\.|(!?)\[({_WORDS})\]\(({_ADDRESS})\)", re.S)
_DEFINITION = re.compile(r"^ {0,3}\[((?:\\.|[^\[\]\\]){1,999}+)\]:[ \t]*\n?[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$", re.M)
_REFERENCE_PICTURE = re.compile(rf"\\.|!\[({_WORDS})\](?:\[((?:\\.|[^\[\]\\]){{0,999}}+)\])?", re.S)
_OPENING = re.compile(r"\\.|\[|\]\(", re.S)  # an escaped character, or where a link's words or address begin
_WORDS_END = re.compile(rf"{_WORDS}\]", re.S)
_ADDRESS_END = re.compile(rf"{_ADDRESS}\)", re.S)
_TICKS = re.compile(r"`+")
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
    if words is None:
        return match.group(0)  # an escaped character
    address = _address(inside)
    if bang:
        return match.group(0) if not _from_outside(address) else words
    return match.group(0) if url_problem(address) is None else words


def _autolink(match: re.Match) -> str:
    return match.group(0) if url_problem(match.group(1)) is None else match.group(1).replace(":", "&#58;", 1)


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Where the code spans are: a run of backticks to the next run of as many (CommonMark's rule)."""
    runs = [(m.start(), m.end()) for m in _TICKS.finditer(text)]
    later: dict[int, deque[int]] = defaultdict(deque)  # a length of run -> the runs of that length, in order
    for n, (start, end) in enumerate(runs):
        later[end - start].append(n)
    spans, n = [], 0
    while n < len(runs):
        start, end = runs[n]
        same = later[end - start]
        while same and same[0] <= n:
            same.popleft()
        if same:
            close = same.popleft()
            spans.append((start, runs[close][1]))
            n = close + 1
        else:
            n += 1
    return spans


def defuse(markdown: str) -> str:
    """The text with `\\` before each `[` that has no `]` to end a link's words (within three levels of
    brackets), and before each `(` after a link's words that has no `)` to end its address: Markdown
    shows them as written either way, and no engine then searches the rest of the text from each one.
    Code spans are left as they are (a backslash there would be shown)."""
    pieces, last = [], 0
    for start, end in _code_spans(markdown):  # masked, at the same length: positions stay
        pieces += [markdown[last:start], "x" * (end - start)]
        last = end
    masked = "".join(pieces) + markdown[last:]
    escape = []
    for found in _OPENING.finditer(masked):
        start, mark = found.start(), found.group(0)
        if mark == "[" and not _WORDS_END.match(masked, start + 1):
            escape.append(start)
        elif mark == "](" and not _ADDRESS_END.match(masked, start + 2):
            escape.append(start + 1)
    if not escape:
        return markdown
    pieces, last = [], 0
    for at in escape:
        pieces += [markdown[last:at], "\\"]
        last = at
    return "".join(pieces) + markdown[last:]


def safe_links(markdown: str) -> str:
    markdown = defuse(markdown)
    definitions = {m.group(1).lower(): m.group(2) for m in _DEFINITION.finditer(markdown)}

    def picture(match: re.Match) -> str:
        """A reference picture whose address is from outside shows its words instead."""
        if match.group(1) is None:
            return match.group(0)  # an escaped character
        ref = (match.group(2) or match.group(1)).lower()
        address = definitions.get(ref)
        return match.group(1) if address is not None and _from_outside(address) else match.group(0)
    markdown = _DEFINITION.sub(lambda m: m.group(0) if url_problem(m.group(2)) is None else "", markdown)
    markdown = _INLINE.sub(_inline, markdown)
    markdown = _REFERENCE_PICTURE.sub(picture, markdown)
    return _AUTOLINK.sub(_autolink, markdown)
