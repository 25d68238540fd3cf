"""Markdown -> HTML -> plain text, the same way for every output."""
from __future__ import annotations

import functools
import importlib.metadata
import re
import threading
from html.parser import HTMLParser

from generator import state
from generator.cache import FORMAT, digest, in_this_process
from generator.markup.sanitise import clean_html

EXTENSIONS = ["tables", "attr_list", "md_in_html", "sane_lists"]  # all part of Python-Markdown itself
OUTPUT_FORMAT = "html"
_BLOCKS = {"p", "li", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "div", "table", "ul", "ol", "blockquote"}


_CONVERTER = state.kept(threading.local(), "markup.markdown._CONVERTER", lasting=True)  # one Markdown instance a thread: making one costs more than a conversion
LINEAR_LINKS = "linear-links 1"  # markup/linear_markdown.py's link processors; bump when they change


@state.keeps(lasting=True)
@functools.lru_cache(maxsize=1)
def markdown_version() -> str:
    """Python-Markdown's version as installed, read without importing it (`check` finds every text
    in the build cache, so it never loads Markdown); a conversion keeps nothing when the module
    imported is another version."""
    try:
        return importlib.metadata.version("Markdown")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


@state.keeps()  # the build cache it reads and writes belongs to a command
@functools.lru_cache(maxsize=16384)  # the same clause and guide text comes back for every school
def to_html(text: str) -> str:
    """Markdown as HTML, not yet cleaned: for reading back what a text links to. Kept in the
    build cache when there is one: converting took half of an unchanged rebuild's own work."""
    cache = in_this_process()
    if cache is None:
        return convert(text)
    key = digest("markdown", FORMAT, markdown_version(), repr(EXTENSIONS), LINEAR_LINKS, OUTPUT_FORMAT, text)
    kept = cache.read("markdown", key, ".html")
    try:
        if kept is not None:
            return kept.decode("utf-8")
    except UnicodeDecodeError:  # not an entry this tool wrote: convert again
        pass
    html = convert(text)
    import markdown as md

    if md.__version__ == markdown_version():
        cache.write("markdown", key, ".html", html.encode("utf-8"))
    return html


def convert(text: str) -> str:
    converter = getattr(_CONVERTER, "markdown", None)
    if converter is None:
        import markdown as md

        from generator.markup.linear_markdown import LinearLinks

        converter = _CONVERTER.markdown = md.Markdown(extensions=[*EXTENSIONS, LinearLinks()],
                                                      output_format=OUTPUT_FORMAT)
    return converter.reset().convert(text)


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

    def handle_data(self, data):  # a line break in the source is a space: only blocks make lines
        self.parts.append(data.replace("\n", " "))


def to_text(html: str) -> str:
    """Plain text as read: blocks on their own lines, spaces folded."""
    parser = _Text()
    parser.feed(html)
    lines = (re.sub(r"\s+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
