"""site/index.html: every school built from this repository, with links."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import escape

from generator.resolve.sanitise import clean_html


@dataclass(frozen=True)
class SiteEntry:
    slug: str
    name: str


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
</style>
</head>
<body>
<main>
<h1>Social Media Policies</h1>
<p>Choose a school to read its policy, parent guides and forms.</p>
<ul>
{items}
</ul>
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


def write_index(site: Path, entries: list[SiteEntry], offline: bool = False) -> Path:
    # Escaped, then through the sanitiser too: school names are data, whatever they hold.
    items = "\n".join(clean_html(f'<li><a href="{escape(school_href(e.slug, offline))}">{escape(e.name)}</a></li>')
                      for e in sorted(entries, key=lambda e: e.name.lower()))
    path = site / "index.html"
    path.write_text(PAGE.format(items=items), encoding="utf-8")
    return path
