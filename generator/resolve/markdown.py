"""Markdown -> HTML -> plain text, the same way for every output."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown as md

from generator.resolve.sanitise import clean_html

EXTENSIONS = ["tables", "attr_list", "md_in_html", "sane_lists"]
_BLOCKS = {"p", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "div", "table", "ul", "ol", "blockquote"}


def to_html(text: str) -> str:
    """Markdown as HTML, not yet cleaned: for reading back what a text links to."""
    return md.markdown(text, extensions=EXTENSIONS, output_format="html")


def published_html(text: str) -> str:
    """Markdown as the HTML that may be published: through the allow-list sanitiser."""
    return clean_html(to_html(text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    handle_endtag = lambda self, tag: self.handle_starttag(tag, [])  # noqa: E731

    def handle_data(self, data):
        self.parts.append(data)


def to_text(html: str) -> str:
    """Plain text as read: blocks on their own lines, spaces folded."""
    parser = _Text()
    parser.feed(html)
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
