"""site/index.html: every school built from this repository, with links; a trust's academies together."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

from markupsafe import escape

from generator.markup.sanitise import clean_html


@dataclass(frozen=True)
class SiteEntry:
    slug: str
    name: str
    trust: str | None = None  # the trust's or federation's name, for grouping


PAGE = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Social Media Policies</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; max-width: 40rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }}
a {{ color: #0b4f8a; }}
li {{ margin: .5rem 0; font-size: 1.125rem; }}
h2 {{ font-size: 1.25rem; margin-top: 2rem; }}
</style>
</head>
<body>
<main>
<h1>Social Media Policies</h1>
<p>Choose a school to read its policy, parent guides and forms.</p>
{items}
</main>
</body>
</html>
"""


def school_href(slug: str, offline: bool) -> str:
    """A link to a school's folder that can only ever be a path on this site.

    Every character but letters, digits and '-._~' is percent-encoded, so a folder
    name can never read as a scheme ('javascript:'), another host ('//') or leave
    the attribute. Offline sites are opened as files, where a folder link shows a
    file listing, not the page.
    """
    return f"{quote(slug, safe='')}/" + ("index.html" if offline else "")


def _list(entries: list[SiteEntry], offline: bool) -> str:
    # Escaped, then through the sanitiser too: school names are data, whatever they hold.
    items = "\n".join(clean_html(f'<li><a href="{escape(school_href(e.slug, offline))}">{escape(e.name)}</a></li>')
                      for e in sorted(entries, key=lambda e: e.name.lower()))
    return f"<ul>\n{items}\n</ul>"


def grouped(entries: list[SiteEntry], offline: bool) -> str:
    """Schools on their own first, as before; then each trust's academies under the trust's name."""
    alone = [e for e in entries if not e.trust]
    in_trusts = sorted((e for e in entries if e.trust), key=lambda e: (e.trust or "").lower())
    parts = [_list(alone, offline)] if alone or not in_trusts else []
    if in_trusts and alone:
        parts.insert(0, "<h2>Schools</h2>")
    for trust, members in groupby(in_trusts, key=lambda e: e.trust):
        heading = clean_html(f"<h2>{escape(trust)}</h2>")
        parts.append(f'<section class="trust">\n{heading}\n{_list(list(members), offline)}\n</section>')
    return "\n".join(parts)


def write_index(site: Path, entries: list[SiteEntry], offline: bool = False) -> Path:
    path = site / "index.html"
    path.write_text(PAGE.format(items=grouped(entries, offline)), encoding="utf-8")
    return path
