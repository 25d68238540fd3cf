"""The docs tree is the contract: build/<slug>/ alone builds the same site with MkDocs (Material),
ProperDocs and Zensical, and a hostile school name is inert in each (issue 25).

Each engine is run as a school would run it, in a copy of the tree and nowhere else; the sites are
then read as files and opened in Chromium."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from tests.conftest import copy_project, run_cli

pytestmark = pytest.mark.slow

HOSTILE = "</title><script>alert(1)</script> O'Neill & Sons \"Academy\""
PRIMARY = "#0b5e55"  # data/schools/demo.yml
ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
    "properdocs": [sys.executable, "-m", "properdocs", "build", "-q"],
    "zensical": [sys.executable, "-m", "zensical", "build"],
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project whose demo school has a hostile name, built (with MkDocs) once, online and offline."""
    root = copy_project(tmp_path_factory.mktemp("engines") / "project", ["demo"])
    school = root / "data" / "schools" / "demo.yml"
    school.write_text(school.read_text(encoding="utf-8").replace(
        "name: Riverside Community Primary School", "name: " + yaml.safe_dump(HOSTILE).strip().removesuffix("\n..."), 1),
        encoding="utf-8")
    result = run_cli("build", "demo", "--jobs", "1", cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def engine_site(project: Path, engine: str, tmp: Path) -> Path:
    """The tree copied somewhere else, built there by `engine` alone."""
    if engine == "properdocs":
        pytest.importorskip("properdocs")
    if engine == "zensical":
        pytest.importorskip("zensical")
    tree = tmp / engine / "demo"
    shutil.copytree(project / "build" / "demo", tree)
    result = subprocess.run(ENGINES[engine], cwd=tree, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return tree / "site"


@pytest.fixture(scope="module", params=list(ENGINES))
def site(request, project, tmp_path_factory) -> tuple[str, Path]:
    return request.param, engine_site(project, request.param, tmp_path_factory.mktemp("sites"))


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.loads: list[str] = []  # what the page itself loads: scripts, styles, pictures, icons
        self.scripts: list[tuple[str | None, str]] = []  # (src, inline text)
        self._script: list[str] | None = None
        self._src: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
        if tag == "link" and values.get("href") and values.get("rel") in ("stylesheet", "icon", "preload"):
            self.loads.append(values["href"])
        if tag in ("img", "script") and values.get("src"):
            self.loads.append(values["src"])
        if tag == "script":
            self._script, self._src = [], values.get("src")

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._src, "".join(self._script)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def target(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative link leads to (None for links off the site, mail, phone and anchors)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (page.parent / unquote(parts.path)).resolve()
    return path / "index.html" if path.is_dir() or href.endswith("/") else path


def test_every_page_of_the_tree_is_built(site, project):
    engine, folder = site
    pages = sorted(p.relative_to(project / "build" / "demo" / "docs").with_suffix("")
                   for p in (project / "build" / "demo" / "docs").rglob("*.md"))
    for page in pages:
        built = folder / (page.parent if page.name == "index" else page) / "index.html"
        assert built.is_file(), (engine, str(page))
    assert (folder / "clauses.json").is_file() and len(list((folder / "downloads").glob("*.pdf"))) > 10


def test_no_link_is_broken_and_nothing_comes_from_other_sites(site):
    engine, folder = site
    broken, foreign = [], []
    for page in sorted(folder.rglob("*.html")):
        if page.name == "404.html":
            continue  # links from the site's root, wherever it is published
        parsed = read_page(page)
        for href in parsed.links:
            found = target(folder, page, href)
            if found is not None and not found.exists():
                broken.append(f"{page.relative_to(folder)} -> {href}")
        foreign += [f"{page.relative_to(folder)}: {url}" for url in parsed.loads if urlsplit(url).scheme or url.startswith("//")]
    assert broken == [], f"{engine}: broken links"
    assert foreign == [], f"{engine}: loads from other sites"


def test_the_hostile_name_is_shown_as_text_never_run(site):
    engine, folder = site
    for page in sorted(folder.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        parsed = read_page(page)
        live = [text for src, text in parsed.scripts if "alert(1)" in text or (src and "alert" in src)]
        assert live == [], (engine, page.name)
        assert "<script>alert(1)" not in html, (engine, page.name)
        title = re.search(r"<title>(.*?)</title>", html, re.S)
        assert title and "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in title.group(1), (engine, page.name)


def test_in_a_browser_the_header_is_the_schools_colour_no_alert_runs_and_all_requests_stay_here(site, browser):
    from tests.test_browser import serving  # noqa: PLC0415
    engine, folder = site
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    requests, dialogs = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        with serving(folder) as url:
            for name in ("index.html", "policy/index.html", "accessibility/index.html"):
                page.goto(url + name)
                page.wait_for_load_state("networkidle")
                colour = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
                assert colour == "rgb(11, 94, 85)", (engine, name, colour)  # PRIMARY
                shown = page.evaluate("document.querySelector('.md-header__topic').textContent")
                assert "</title><script>alert(1)</script>" in shown, (engine, name)
            assert dialogs == []
            assert [u for u in requests if not u.startswith(url.rstrip("/")) and not u.startswith("data:")] == []
    finally:
        page.close()


def test_hostile_school_text_past_check_is_inert_in_zensical_which_runs_no_plugin(tmp_path):
    """The payloads of tests/test_published_safety.py, let past `check`, built by an engine with no
    sanitiser of ours: the tree alone must make them inert."""
    pytest.importorskip("zensical")
    from generator.build import load_shared  # noqa: PLC0415
    from generator.project import Project  # noqa: PLC0415
    from generator.readers.school import read_school  # noqa: PLC0415
    from generator.resolve.resolver import resolve  # noqa: PLC0415
    from generator.writers.site.docs_tree import write_docs_tree  # noqa: PLC0415
    from generator.writers.site.engine import build_site  # noqa: PLC0415
    from tests.test_published_safety import _hostile_yaml, _past_check, faults_in  # noqa: PLC0415

    project = Project(copy_project(tmp_path / "project", ["demo"]))
    _hostile_yaml(project.root)
    shared = load_shared(project)
    document = resolve(_past_check(read_school(project.school_file("demo"))), shared.library, shared.reference)
    tree, _ = write_docs_tree(document, project, shared.library.pages, tmp_path / "work", tmp_path / "site")
    build_site(tree.config, 0, tmp_path / "site", engine="zensical")
    faults = []
    for page in sorted((tmp_path / "site").rglob("*.html")):
        faults += faults_in(page.read_text(encoding="utf-8"), page.name)
    # Zensical names its own scripts "./assets/...": the engine's, not the school's.
    engines_own = re.compile(r".*: script (\./)?(\.\./)*assets/javascripts/(bundle\.[0-9a-f]+\.min|schoolpolicy)\.js")
    assert [fault for fault in faults if not engines_own.fullmatch(fault)] == []


def test_every_page_fits_320_px_with_no_axe_violation(site, browser):
    from importlib.resources import files  # noqa: PLC0415

    from tests.test_browser import WCAG, serving  # noqa: PLC0415
    engine, folder = site
    axe = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
    page = browser.new_page(viewport={"width": 320, "height": 640})
    problems = []
    try:
        with serving(folder) as url:
            for file in sorted(folder.rglob("*.html")):
                name = file.relative_to(folder).as_posix()
                if file.name == "404.html":
                    continue  # its links lead from where the site is published (tests/test_browser.py)
                page.goto(url + name)
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 320:
                    problems.append(f"{name}: {width} px wide")
                page.add_script_tag(content=axe)
                options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
                for violation in page.evaluate("o => axe.run(document, o).then(r => r.violations)", options):
                    problems.append(f"{name}: {violation['id']} at {[n['target'] for n in violation['nodes']]}")
    finally:
        page.close()
    assert problems == [], engine


@pytest.mark.parametrize("markdown,published", [
    ("[x](java\nscript:alert(1))", "x"),
    ("![badge](https://evil.example/track.png)", "badge"),
    ("![x][p]\n\n[p]: https://evil.example/p.png", "x\n\n[p]: https://evil.example/p.png"),
    ("[k]: javascript:alert(1)", ""),
    ("<javascript:alert(1)>", "javascript&#58;alert(1)"),
    ('[ok](https://x.org/a "t") [g](guides/x.md) [c](#clause-1-1) ![i](assets/logo.png)',
     '[ok](https://x.org/a "t") [g](guides/x.md) [c](#clause-1-1) ![i](assets/logo.png)'),
])
def test_the_tree_keeps_only_safe_links_and_the_sites_own_pictures(markdown, published):
    from generator.writers.site.safe_pages import safe_links  # noqa: PLC0415
    assert safe_links(markdown) == published


def test_config_text_is_inert_html():
    from generator.writers.site.safe_pages import tree_text  # noqa: PLC0415
    assert tree_text(HOSTILE) == ("&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; O'Neill & Sons "
                                  "&quot;Academy&quot;")
    assert tree_text("Smith & Jones") == "Smith & Jones"  # a bare & is itself in HTML, escaped or not
