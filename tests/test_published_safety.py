"""Hostile school text and logos: `check` refuses them with a located message, or the built page is inert.

Inert is judged by parsing the built HTML (and the search index, and the PDF's
links), with a URL rule written here independently of the generator's: no
`on*` attributes, no script but Material's bundle and our own file, no
<iframe>/<object>/<embed>, and no URL a browser would run after WHATWG
normalisation. One small school is built in a throwaway copy, with many
hostile strings batched into it; a second build injects the links `check`
refuses straight into the document, to show the sanitiser holds without it.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, run_cli
from PIL import Image
from pypdf import PdfReader

MARK = "alert(1)"  # every payload runs this if it ever runs

# Refused by `check`: (label, Markdown a school writes in its own clause, words the message must contain)
REFUSED = [
    ("reference link", "See [our page][k].\n\n[k]: javascript:alert(1)", ["'our page'", "'javascript:'"]),
    ("control character before the scheme", "[x](\x01javascript:alert(1))", []),
    ("newline inside the scheme", "[x](java\nscript:alert(1))", ["'javascript:'"]),
    ("mixed case scheme", "[x](JaVaScRiPt:alert(1))", ["'javascript:'"]),
    ("data: URL", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", ["'data:'"]),
    ("vbscript:", "[x](vbscript:msgbox(1))", ["'vbscript:'"]),
    ("leading spaces", "[x](   javascript:alert(1))", ["'javascript:'"]),
    ("another site without a scheme", "[x](//evil.example/alert(1))", ["//"]),
    ("picture from outside the project", "![badge](https://evil.example/track.png)", ["picture", "'badge'"]),
    ("reference picture", "![x][p]\n\n[p]: https://evil.example/p.png", ["picture"]),
    # Not live in a browser, but not a place either (and the site engine would refuse them, unlocated):
    ("entity-encoded scheme", "[x](&#106;avascript:alert(1))", ["neither a web address"]),
    ("hex entity in a reference", "[x][k]\n\n[k]: &#x6A;avascript:alert(1)", ["neither a web address"]),
    ("tab inside the scheme", "[x](java\tscript:alert(1))", ["neither a web address"]),  # Markdown makes it spaces
    ("a file path", "[x](../../mkdocs.yml)", ["neither a web address"]),
]

# Allowed by `check` (shown as text or cleaned), and inert once built.
INERT = [
    ("raw link", '<a href="javascript:alert(1)">click</a>'),
    ("image with onerror", "<img src=x onerror=alert(1)>"),
    ("svg with onload", "<svg onload=alert(1)></svg>"),
    ("script element", "<script>alert(1)</script>"),
    ("autolink", "<javascript:alert(1)>"),
    ("attribute list on a link", '[x](https://ok.example/){: onclick="alert(1)" }'),
    ("attribute list on a heading", "## Heading {: onmouseover=alert(1) }"),
    ("html in a heading (the page contents list)", "## Odd <img src=x onerror=alert(1)> &lt;script&gt;alert(1)&lt;/script&gt;"),
    ("markdown in html", '<div markdown="1" onclick="alert(1)">**x**</div>'),
    ("quote in a link title", '[x](https://ok.example/ "t\\" onmouseover=\\"alert(1)")'),
    ("iframe", '<iframe src="javascript:alert(1)"></iframe><object data="x"></object><embed src="x">'),
    # A whole {{ ... }} or {% ... %} that is not a known placeholder is refused by check (tests/test_trusts.py).
    ("template placeholder, unclosed", "{{ alert(1) } {% raw"),
]
NAME = "O'Neill & Sons \"Academy\" </title><script>alert(1)</script>"
SAFE_LINKS = "[web](https://www.example.org/) [mail](mailto:office@example.org) [phone](tel:+441234567890) [here](#clause-1-1)"


def _school(project: Path) -> dict:
    return yaml.safe_load((project / "data" / "schools" / "demo.yml").read_text(encoding="utf-8"))


def _write(project: Path, slug: str, data: dict) -> Path:
    path = project / "data" / "schools" / f"{slug}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=False), encoding="utf-8")
    return path


def _own(texts: list[str], kind: str = "hostile") -> list[dict]:
    return [{"id": f"own.{kind}-{i}", "section": "school-accounts", "text": t} for i, t in enumerate(texts)]


# --- an independent judge of what a browser would run -------------------------------------

def browser_scheme(url: str) -> str | None:
    """The scheme a browser sees (WHATWG: trim C0 and space, drop tab/newline, case-folded)."""
    url = re.sub(r"[\t\n\r]", "", url.strip("".join(chr(c) for c in range(0x21))))
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return found.group(1).lower() if found else ("//" if re.match(r"[/\\]{2}", url) else None)


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcset", "background"}


class Inspector(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.faults, self._script = page, [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.faults.append(f"{self.page}: <{tag} {name}>")
            if name in URL_ATTRIBUTES and value and browser_scheme(value) not in (None, "https", "http", "mailto", "tel"):
                self.faults.append(f"{self.page}: <{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "frame", "base", "applet"):
            self.faults.append(f"{self.page}: <{tag}>")
        if tag == "script":
            src = dict(attrs).get("src")
            ours = r"(\.\./)*|/[\w/-]*/"  # relative, or from the site's root (404.html)
            if src and not re.fullmatch(rf"({ours})assets/javascripts/(bundle\.[0-9a-f]+\.min|schoolpolicy)\.js", src):
                self.faults.append(f"{self.page}: script {src}")
            self._script = True

    def handle_endtag(self, tag):
        self._script = self._script and tag != "script"

    def handle_data(self, data):
        if self._script and MARK in data:
            self.faults.append(f"{self.page}: inline script runs the payload")


def faults_in(html: str, page: str) -> list[str]:
    inspector = Inspector(page)
    inspector.feed(html)
    inspector.close()
    return inspector.faults


def site_faults(site: Path) -> list[str]:
    faults = []
    for page in sorted(site.rglob("*.html")):
        faults += faults_in(page.read_text(encoding="utf-8"), str(page.relative_to(site)))
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    for doc in index["docs"]:  # Material shows search results as HTML
        faults += faults_in(doc["text"] + doc["title"], f"search: {doc['location']}")
    return faults


def pdf_link_faults(pdf: Path) -> list[str]:
    faults = []
    for page in PdfReader(pdf).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            uri = action.get_object().get("/URI") if action else None
            if uri is not None and browser_scheme(str(uri)) not in ("https", "http", "mailto", "tel"):
                faults.append(f"{pdf.name}: {uri!r}")
            if action and action.get_object().get("/S") in ("/JavaScript", "/Launch"):
                faults.append(f"{pdf.name}: {action.get_object().get('/S')}")
    return faults


# --- check refuses -------------------------------------------------------------------------

def _hidden(text: str) -> bool:
    """A raw control character: the reader refuses the whole file at it, before any link is looked at."""
    return any(ord(c) < 32 and c not in "\n\t" for c in text)


VISIBLE = [i for i, (_, text, _) in enumerate(REFUSED) if not _hidden(text)]


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """One school with every refused link as its own clause, one in ethos, one in a replacement: one check.

    Texts holding a raw control character are checked on their own (test below), since the
    reader stops the whole file at such a character."""
    project = copy_project(tmp_path_factory.mktemp("refused"), ["demo"])
    data = _school(project)
    data["school"]["ethos"] = "We value [safety](javascript:alert(1))."
    data["clauses"]["add"] = _own([REFUSED[i][1] for i in VISIBLE])
    data["clauses"]["replace"] = {"school-accounts.reminders": "Read [this](vbscript:alert(1))."}
    path = _write(project, "demo", data)
    result = run_cli("check", "demo", cwd=project)
    return result, path.read_text(encoding="utf-8").splitlines()


def _located(result, lines: list[str], field: str) -> list[str]:
    """Messages for one field, each of the form FILE:LINE:COL: field: ..., at the field's own line."""
    found = re.findall(rf"^data/schools/demo\.yml:(\d+):(\d+): {re.escape(field)}: (.*)$", result.stderr, re.M)
    key = field.rsplit(".", 1)[-1]
    for line, _col, _message in found:
        assert key.split("[")[0] in lines[int(line) - 1] or key in lines[int(line) - 2], (field, lines[int(line) - 1])
    return [message for *_, message in found]


@pytest.mark.parametrize("index", range(len(REFUSED)), ids=[label for label, _, _ in REFUSED])
def test_check_refuses_unsafe_links_and_pictures_with_their_line(refused, index, tmp_path):
    if _hidden(REFUSED[index][1]):
        return _check_refuses_hidden_character(REFUSED[index][1], tmp_path)
    result, lines = refused
    assert result.returncode == 2 and "Traceback" not in result.stderr
    messages = _located(result, lines, f"clauses.add[{VISIBLE.index(index)}].text")
    assert messages, result.stderr
    if REFUSED[index][2]:  # a control character may instead be refused as such, by the text rules
        message = " ".join(messages)
        assert all(word in message for word in REFUSED[index][2]), message
        assert "may be https:, http:, mailto:, tel: or a page of this site" in message or "picture" in message
    assert "\x01" not in result.stderr and "\t" not in result.stderr


def _check_refuses_hidden_character(text: str, tmp_path: Path) -> None:
    """Refused by the reader at the character's own line, and never echoed raw."""
    project = copy_project(tmp_path, ["demo"])
    data = _school(project)
    data["clauses"]["add"] = _own([text])
    lines = _write(project, "demo", data).read_text(encoding="utf-8").splitlines()
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    found = re.findall(r"^data/schools/demo\.yml:(\d+):(\d+): ", result.stderr, re.M)
    assert found and all("text" in lines[int(line) - 1] for line, _ in found), result.stderr
    assert "\x01" not in result.stderr


def test_check_refuses_unsafe_links_in_ethos_and_replacements(refused):
    result, lines = refused
    assert "'javascript:'" in " ".join(_located(result, lines, "school.ethos"))
    assert "'vbscript:'" in " ".join(_located(result, lines, "clauses.replace.school-accounts.reminders"))


def test_safe_links_pass_check(tmp_path):
    project = copy_project(tmp_path, ["demo"])
    data = _school(project)
    data["clauses"]["add"] = _own([SAFE_LINKS])
    _write(project, "demo", data)
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 0, result.stderr


# --- built pages are inert -----------------------------------------------------------------

@dataclass(frozen=True)
class Hostile:
    check: subprocess.CompletedProcess  # `check` on the text a school may write
    site: Path  # built with what `check` refuses injected as well


def _hostile_yaml(project: Path) -> None:
    """The demo school with every INERT payload, a hostile name, role name and related-policy address."""
    data = _school(project)
    data["school"]["name"] = NAME
    data["school"]["ethos"] = "\n\n".join(text for _, text in INERT)
    data["clauses"]["add"] = _own([text for _, text in INERT] + [SAFE_LINKS])
    data["policy"]["related_policies"][0]["url"] = "https://ok.example/)[x](javascript:alert(1)"
    data["roles"]["dsl"]["name"] = "[Ms X](javascript:alert(1)) <img src=x onerror=alert(1)>"
    _write(project, "demo", data)


def _past_check(school):
    """The same school with every REFUSED link added, as if `check` had been skipped."""
    from generator.readers.school import OwnClause, SchoolFile

    # model_construct: skip validation too, since the text types already refuse raw control characters
    own = [OwnClause.model_construct(covers=[], after=None, **c)
           for c in _own([text for _, text, _ in REFUSED], "refused")]
    data = school.data.model_copy(update={
        "clauses": school.data.clauses.model_copy(update={"add": [*school.data.clauses.add, *own]}),
        "school": school.data.school.model_copy(update={
            "ethos": school.data.school.ethos + "\n\n[e](JAVASCRIPT:alert(1)) ![p](https://evil.example/p.png)"}),
    })
    return SchoolFile(school.slug, data, school.doc)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Hostile:
    """One build, in process, through the real writers and MkDocs, past `check`: the sanitiser alone."""
    from generator.build import load_shared
    from generator.project import Project
    from generator.readers.logo import pictures_of
    from generator.readers.school import read_school
    from generator.resolve.resolver import resolve
    from generator.writers.site.docs_tree import write_docs_tree
    from generator.writers.site.engine import build_site

    root = tmp_path_factory.mktemp("hostile")
    project = Project(copy_project(root / "project", ["demo"]))
    _hostile_yaml(project.root)
    checked = run_cli("check", "demo", cwd=project.root)
    shared = load_shared(project)
    school = _past_check(read_school(project.school_file("demo")))
    pictures = pictures_of(project.root, school.data).usable()  # read once, as check_one does
    document = resolve(school, shared.library, shared.reference, pictures=pictures)
    tree, _ = write_docs_tree(document, project, shared.library.pages, root / "work", root / "site" / "demo")
    build_site(tree.config, 0, root / "site" / "demo", strict=False)  # strict MkDocs would stop at links `check` refuses
    (root / "site" / "clauses.json").write_text(json.dumps([c.html for c in document.clauses()]))
    return Hostile(checked, root / "site")


@pytest.fixture(scope="module")
def hostile_site(hostile) -> Path:
    return hostile.site


def test_text_that_is_only_text_passes_check(hostile):
    assert hostile.check.returncode == 0, hostile.check.stderr


def test_hostile_school_text_builds_inert_pages(hostile_site):
    assert site_faults(hostile_site / "demo") == []
    assert pdf_link_faults(hostile_site / "demo" / "downloads" / "policy-pack.pdf") == []
    clause_html = json.loads((hostile_site / "clauses.json").read_text())  # clauses.json and the pack use it
    assert [html for html in clause_html if faults_in(html, "clause")] == []
    page = (hostile_site / "demo" / "policy" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<img[^>]*evil\.example", page)


PAYLOADS = [(f"own.hostile-{i}", label) for i, (label, _) in enumerate(INERT)] + \
           [(f"own.refused-{i}", label) for i, (label, _, _) in enumerate(REFUSED)]


@pytest.mark.parametrize("clause_id", [cid for cid, _ in PAYLOADS], ids=[label for _, label in PAYLOADS])
def test_each_payload_is_shown_or_dropped_never_live(hostile_site, clause_id):
    page = (hostile_site / "demo" / "policy" / "index.html").read_text(encoding="utf-8")
    clause = page.split(f'data-clause-id="{clause_id}"', 1)[1].split('data-clause-id="', 1)[0]
    assert faults_in(clause, clause_id) == []
    assert not re.search(r"<(script|svg|iframe|object|embed)\b|<img[^>]*\ssrc=", clause)


def test_safe_links_stay_links(hostile_site):
    page = (hostile_site / "demo" / "policy" / "index.html").read_text(encoding="utf-8")
    for href in ("https://www.example.org/", "mailto:office@example.org", "tel:+441234567890", "#clause-1-1"):
        assert f'href="{href}"' in page


class _Shown(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title, self.tooltips, self.text, self._in_title = "", [], [], False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self._in_title = tag == "title"
        if "md-logo" in (values.get("class") or ""):
            self.tooltips.append(values.get("title"))

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        self.text.append(data)


def test_names_with_quotes_and_ampersands_show_as_written_everywhere(hostile_site):
    shown = _Shown()
    shown.feed((hostile_site / "demo" / "policy" / "index.html").read_text(encoding="utf-8"))
    site_name = f"{NAME}: Social Media Policy"
    assert shown.title.endswith(site_name), shown.title  # the page title, as a browser shows it
    assert shown.tooltips and set(shown.tooltips) == {site_name}  # header and drawer tooltips
    text = "".join(shown.text)
    assert site_name in text  # the header
    assert f"{NAME} · Social Media Policy version" in text  # the footer
    assert "&#39;" not in text and "&amp;" not in text and "&#34;" not in text


def test_related_policy_address_cannot_smuggle_a_link(hostile_site):
    page = (hostile_site / "demo" / "policy" / "index.html").read_text(encoding="utf-8")
    assert faults_in(page, "policy") == []
    assert '<a href="https://ok.example/">Safeguarding and Child Protection Policy</a>[x](javascript:alert(1))' in page


# --- the site index ----------------------------------------------------------------------

def test_the_site_index_escapes_names_and_keeps_links_on_the_site(tmp_path):
    from generator.writers.site.index import SiteEntry, write_index

    entries = [SiteEntry("javascript:alert(1)<!--", '<img src=x onerror="alert(1)">'),
               SiteEntry("//evil.example", "A & B's </a><script>alert(1)</script>")]
    for offline in (False, True):
        page = write_index(tmp_path, entries, offline).read_text(encoding="utf-8")
        assert faults_in(page, "index.html") == [] and "<script>" not in page
        hrefs = re.findall(r'href="([^"]*)"', page)
        assert len(hrefs) == 2 and all(browser_scheme(h) is None and h[0] not in "/\\" for h in hrefs), hrefs
        assert "A &amp; B&#39;s &lt;/a&gt;&lt;script&gt;" in page or "A &amp; B's &lt;/a&gt;&lt;script&gt;" in page


# --- logos ---------------------------------------------------------------------------------

def _png(path: Path, size=(120, 120)) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "#1d4f91").save(path)


def _logo_cases(project: Path) -> dict[str, tuple[str, str]]:
    """slug -> (the logo path the school gives, words the message must contain)."""
    logos = project / "data" / "schools" / "logos"
    (logos / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    (logos / "page.png").write_text("<html><script>alert(1)</script></html>")
    (logos / "sneaky.png").write_text('<?xml version="1.0"?><svg onload="alert(1)"/>')
    _png(project / "outside.png")
    os.symlink(project / "outside.png", logos / "link.png")
    _png(logos / "huge.png", (4100, 50))
    Image.new("RGB", (10, 10)).save(logos / "anim.gif")
    with (logos / "big.png").open("wb") as file:
        Image.new("RGB", (10, 10)).save(file, "PNG")
        file.write(os.urandom(2 * 1024 * 1024))
    return {
        "logo-svg": ("data/schools/logos/drawing.svg", "export it as a PNG"),
        "logo-html": ("data/schools/logos/page.png", "not a PNG, JPEG or WebP picture"),
        "logo-svg-named-png": ("data/schools/logos/sneaky.png", "export it as a PNG"),
        "logo-symlink": ("data/schools/logos/link.png", "symbolic link"),
        "logo-content": ("content/print/print.css", "outside the project's data/ folder"),
        "logo-up": ("data/../outside.png", "outside the project's data/ folder"),
        "logo-absolute": ("/etc/hostname", "outside the project's data/ folder"),
        "logo-other-school": ("data/schools/demo.yml", "not a PNG, JPEG or WebP picture"),
        "logo-school-css": ("build/demo/docs/assets/school.css", "outside the project's data/ folder"),
        "logo-too-wide": ("data/schools/logos/huge.png", "at most 4000 pixels"),
        "logo-gif": ("data/schools/logos/anim.gif", "use PNG, JPEG or WebP"),
        "logo-too-big": ("data/schools/logos/big.png", "at most 2 MB"),
        "logo-folder": ("data/schools/logos", "not an ordinary file"),
        "logo-missing": ("data/schools/logos/none.png", "no file at"),
    }


@pytest.fixture(scope="module")
def logo_check(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("logos"), ["demo"])
    cases = _logo_cases(project)
    for slug, (logo, _) in cases.items():
        data = _school(project)
        data["school"]["logo"] = logo
        _write(project, slug, data)
    return cases, run_cli("check", *cases, cwd=project)


LOGO_CASES = ["logo-svg", "logo-html", "logo-svg-named-png", "logo-symlink", "logo-content", "logo-up",
              "logo-absolute", "logo-other-school", "logo-school-css", "logo-too-wide", "logo-gif", "logo-too-big",
              "logo-folder", "logo-missing"]


@pytest.mark.parametrize("slug", LOGO_CASES)
def test_a_logo_must_be_a_real_picture_inside_data(logo_check, slug):
    cases, result = logo_check
    assert result.returncode == 2 and "Traceback" not in result.stderr
    found = re.findall(rf"^data/schools/{slug}\.yml:\d+:\d+: school\.logo: (.*)$", result.stderr, re.M)
    assert found and cases[slug][1] in found[0], result.stderr
    assert "alert" not in result.stderr  # never the file's contents


def test_the_demo_logo_is_published_re_encoded(hostile_site):
    assets = hostile_site / "demo" / "assets"
    with Image.open(assets / "logo.png") as header, Image.open(assets / "favicon.png") as icon:
        assert header.format == "PNG" and header.height <= 200 and not set(header.info) - {"dpi"}
        assert icon.size == (48, 48)
    original = (Path(__file__).resolve().parents[1] / "data" / "schools" / "logos" / "demo.png").read_bytes()
    assert all(p.read_bytes() != original for p in assets.rglob("*.png"))
    page = (hostile_site / "demo" / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/logo.png"' in page and 'href="assets/favicon.png"' in page
