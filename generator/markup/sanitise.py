"""What may be published: an allow-list HTML sanitiser (nh3, i.e. ammonia) and the URL rule.

Every clause (clauses.json), the policy pack, the hand-outs and the index of
schools pass through `clean_html` after Markdown has made them HTML, so whatever
a school writes, they hold only the tags and attributes listed here, no event
handlers, and only safe URLs. The site's pages are made safe as the docs tree
is written (school text escaped, links and pictures checked:
writers/safe_pages.py), so any engine publishes them as they are. `check` uses
the same `url_problem` to refuse unsafe links early, with the line to fix.
"""
from __future__ import annotations

import contextlib
import re
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser

import nh3

from generator import state

SCHEMES = ("https", "http", "mailto", "tel")
ALLOWED = "https:, http:, mailto:, tel: or a page of this site"

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
# No data-* wildcard: Material's script reacts to data-md-* attributes.
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "aria-label", "aria-labelledby", "aria-describedby", "aria-hidden"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "div": {"data-clause-id", "role", "tabindex"},  # role="region" tabindex="0" only: see _keep_attribute
    "ol": {"start"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
}
URL_ATTRIBUTES = {"href", "src"}
STYLE_PROPERTIES = {"text-align"}  # Markdown tables align columns with style="text-align: ..."
# Dropped with everything inside them, not just unwrapped.
REMOVED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}

# WHATWG URL parsing, as browsers do it: C0 controls and spaces are stripped from
# both ends, tabs and newlines are removed anywhere, and the scheme is case-insensitive.
_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def normalise_url(url: str) -> str:
    return _TAB_OR_NEWLINE.sub("", _EDGES.sub("", url))


def url_problem(url: str) -> str | None:
    """Why a URL may not be published, or None if it may."""
    normal = normalise_url(url)
    scheme = SCHEME.match(normal)
    if scheme:
        name = scheme.group(1).lower()
        return None if name in SCHEMES else f"'{name}:' links are not allowed"
    # Browsers read '\' as '/' in web addresses: '//host' and '/\host' leave the site.
    if re.match(r"^[/\\]{2}", normal):
        return "an address starting with // leads to another site"
    return None


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    # A table's scroll box (writers/tables.py) is a region that takes focus; nothing else may be.
    if attribute == "role":
        return value if value == "region" else None
    if attribute == "tabindex":
        return value if value == "0" else None
    if attribute in URL_ATTRIBUTES and url_problem(value) is not None:
        return None
    # Pictures only from the site itself: an outside one would tell its owner who reads the page.
    if attribute == "src" and SCHEME.match(normalise_url(value)):
        return None
    return value


def clean_html(html: str) -> str:
    """Only allow-listed tags and attributes, and only safe URLs."""
    with _raising_what_the_filter_raises():
        return nh3.clean(html, tags=TAGS, clean_content_tags=REMOVED_WITH_CONTENT, attributes=ATTRIBUTES,
                         attribute_filter=_keep_attribute, url_schemes=set(SCHEMES), link_rel=None,
                         filter_style_properties=STYLE_PROPERTIES, strip_comments=True)


# nh3 cannot pass on what the filter raises: it drops the attribute and reports the exception as
# "unraisable". Ctrl+C landing in the filter (it runs for every attribute) would be lost, and `serve`
# would go on; so while nh3 runs, one hook (whichever thread installed it) collects what each thread's
# filter raised for that thread, and clean_html raises it once nh3 is done.
_collected = state.kept(threading.local(), "markup.sanitise._collected")  # empty between calls
_hook_lock = threading.Lock()
_hook_users = 0
_previous_hook = sys.unraisablehook


def _collect(unraisable) -> None:
    raised = getattr(_collected, "raised", None)
    if raised is not None and (isinstance(unraisable.exc_value, KeyboardInterrupt) or _from_filter(unraisable.object)):
        raised.append(unraisable.exc_value)
    else:
        _previous_hook(unraisable)


@contextlib.contextmanager
def _raising_what_the_filter_raises() -> Iterator[None]:
    global _hook_users, _previous_hook
    with _hook_lock:
        if _hook_users == 0:
            _previous_hook, sys.unraisablehook = sys.unraisablehook, _collect
        _hook_users += 1
    outer, _collected.raised = getattr(_collected, "raised", None), []
    try:
        yield
        raised = _collected.raised
    finally:
        if outer is None:
            del _collected.raised
        else:
            _collected.raised = outer
        with _hook_lock:
            _hook_users -= 1
            if _hook_users == 0 and sys.unraisablehook is _collect:
                sys.unraisablehook = _previous_hook
    if raised:
        raise raised[0]


def _from_filter(unraisable_object: object) -> bool:
    """nh3 names the (tag, attribute, value) the filter was given."""
    return (isinstance(unraisable_object, tuple) and len(unraisable_object) == 3
            and all(isinstance(part, str) for part in unraisable_object))


class _Targets(HTMLParser):
    """Every link and image in an HTML fragment, with its text (attribute values arrive decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []  # (tag, url, text)
        self._open: list[int] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a":
            self._open.append(len(self.found))
            self.found.append(("a", values.get("href") or "", ""))
        elif tag == "img":
            self.found.append(("img", values.get("src") or "", values.get("alt") or ""))

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for index in self._open:
            tag, url, text = self.found[index]
            self.found[index] = (tag, url, text + data)


def links_and_images(html: str) -> list[tuple[str, str, str]]:
    """(tag, url, text) for every <a> and <img>, in order."""
    parser = _Targets()
    parser.feed(html)
    parser.close()
    return parser.found
