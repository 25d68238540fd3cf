"""Python-Markdown's links, read in time linear in the length of the text.

Python-Markdown looks for the end of a link's words from every `[`, one character at a time, to
the end of the paragraph when there is none, and does the same for its address from every `](`:
a text of 20,000 `[` took minutes to check. These processors find the same ends with one
regular expression each, which never goes back over what it read:

- a link's words may hold brackets nested three deep (`[a [b [c [d]]]](...)`): deeper, the
  `[` is shown as written, as it is when it has no `]`;
- an address without quotes may hold parentheses nested three deep; one with a title in quotes
  is read as Python-Markdown reads it, but no further than `ADDRESS_LIMIT` characters;
- a reference's name (`[words][name]`) is at most 999 characters, as CommonMark has it.

What a link turns into is Python-Markdown's own work, unchanged (`tests/unit/test_markdown_links.py`).
"""
from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)

ADDRESS_LIMIT = 2_000  # characters of a link's address and title: far beyond any real one
NESTING = 3
# Python-Markdown's own priorities for them (markdown/inlinepatterns.py, build_inlinepatterns)
PRIORITIES = {"reference": 170, "link": 160, "image_link": 150, "image_reference": 140, "short_reference": 130,
              "short_image_ref": 125}


def nested(plain: str, opening: str, closing: str) -> str:
    """A run of `plain` characters and of pairs of `opening`/`closing` nested up to NESTING deep,
    possessive throughout: each character is read once from a given start."""
    body = f"{plain}*+"
    for _ in range(NESTING):
        body = f"(?:{plain}|{opening}{body}{closing})*+"
    return body


_WORDS_END = re.compile(nested(r"[^\[\]]", r"\[", r"\]") + r"\]")
# An address with no quote before its end: Python-Markdown then ends it at the balancing `)`.
_ADDRESS_RUN = re.compile(nested(r"""[^()'"]""", r"\(", r"\)"))
_QUOTE = re.compile("[\"']")
_REFERENCE_NAME = re.compile(r"\s?\[([^\]]{0,999})\]", re.DOTALL | re.UNICODE)


class _Linear(LinkInlineProcessor):
    """getText and getLink of LinkInlineProcessor, without the unbounded scans."""

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802 (Python-Markdown's name)
        end = _WORDS_END.match(data, index)
        if end is None:
            return "", index, False
        return data[index:end.end() - 1], end.end(), True

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        start = self.RE_LINK.match(data, pos=index)
        if start and not start.group(1):
            run = _ADDRESS_RUN.match(data, start.end())
            end = run.end() if run else start.end()
            if data[end:end + 1] == ")":  # no title: the address is everything to the balancing parenthesis
                href = self.unescape(data[start.end():end]).strip()
                return href, None, end + 1, True
            if _QUOTE.search(data, end, index + ADDRESS_LIMIT) is None:  # no end, or parentheses nested too deep
                return "", None, index, False
        # <address> or a title in quotes: Python-Markdown's own reading, within the limit
        return super().getLink(data[:index + ADDRESS_LIMIT], index)


class LinearLink(_Linear):
    pass


class LinearImage(_Linear, ImageInlineProcessor):
    pass


class LinearReference(_Linear, ReferenceInlineProcessor):
    RE_LINK = _REFERENCE_NAME


class LinearShortReference(_Linear, ShortReferenceInlineProcessor):
    RE_LINK = _REFERENCE_NAME


class LinearImageReference(_Linear, ImageReferenceInlineProcessor):
    RE_LINK = _REFERENCE_NAME


class LinearShortImageReference(_Linear, ShortImageReferenceInlineProcessor):
    RE_LINK = _REFERENCE_NAME


class LinearLinks(Extension):
    """Replaces Python-Markdown's link processors, at the same names and priorities."""

    # Part of the build cache's key for Markdown made into HTML: markup/markdown.py's LINEAR_LINKS,
    # bumped there when these processors change.

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        patterns: Any = md.inlinePatterns
        for name, processor, expression in (
                ("reference", LinearReference, REFERENCE_RE), ("link", LinearLink, LINK_RE),
                ("image_link", LinearImage, IMAGE_LINK_RE),
                ("image_reference", LinearImageReference, IMAGE_REFERENCE_RE),
                ("short_reference", LinearShortReference, REFERENCE_RE),
                ("short_image_ref", LinearShortImageReference, IMAGE_REFERENCE_RE)):
            patterns.register(processor(expression, md), name, PRIORITIES[name])
