"""Links in print: HTML written for a site page, re-pointed for a PDF.

Clause and guide HTML links to other pages of the school's site as `.md`
paths. On paper those must become a place in the same PDF (a clause, a form),
the page's address on the published site, or, when the site's address is not
known, plain text: a PDF must never carry a link to a file that is not there.
"""
from __future__ import annotations

import html
import posixpath
import re
from urllib.parse import urljoin, urlsplit

from markupsafe import Markup, escape

# Markdown writes every link as <a href="...">; the HTML comes from our own renderer.
_LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.S)
_KEEP = ("http", "https", "mailto", "tel")


def web_path(page: str) -> str:
    """The published address of a docs page: 'guides/x.md' -> 'guides/x/', 'parents/index.md' -> 'parents/'."""
    stem = page[: -len(".md")] if page.endswith(".md") else page
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return stem if not stem or stem.endswith("/") else stem + "/"


def page_address(site_url: str | None, page: str) -> str | None:
    return urljoin(site_url if site_url.endswith("/") else site_url + "/", web_path(page)) if site_url else None


def print_target(href: str, page: str, site_url: str | None, local: dict[str, str]) -> str | None:
    """Where a link from `page` should point in print, or None to print its text only.

    `local` maps site pages that the PDF itself contains to the id of their place in it.
    """
    parts = urlsplit(href)
    if parts.scheme in _KEEP:
        return href
    if parts.scheme or parts.netloc:
        return None  # no other kind of link belongs in a printed policy
    if not parts.path:
        return href  # '#clause-2-1': a place on this same page, which the PDF also holds
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
    if target in local:
        return "#" + (parts.fragment or local[target])
    address = page_address(site_url, target)
    return address + (f"#{parts.fragment}" if parts.fragment and address else "") if address else None


def for_print(markup: str, page: str, site_url: str | None, local: dict[str, str] | None = None) -> Markup:
    """`markup` (HTML rendered for `page`) with every link re-pointed for a PDF."""

    def swap(match: re.Match) -> str:
        target = print_target(html.unescape(match.group(1)), page, site_url, local or {})
        if target is None:
            return match.group(3)
        return f'<a href="{escape(target)}"{match.group(2)}>{match.group(3)}</a>'

    return Markup(_LINK.sub(swap, markup))
