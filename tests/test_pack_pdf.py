"""The governors' policy pack and the parent guide handouts, read back from real built PDFs."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import copy_project, one_guide, run_cli, school_slugs

SCHOOLS = school_slugs()


def rows(site: Path, slug: str, kind: str) -> list[dict]:
    return [r for r in json.loads((site / slug / "downloads.json").read_text(encoding="utf-8")) if r["kind"] == kind]


def pack_of(site: Path, slug: str) -> Path:
    (row,) = rows(site, slug, "pack")
    return site / slug / row["path"]


def squashed(text: str) -> str:
    """Text with all white space removed: line breaks in print fall anywhere."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def outline_titles(reader: PdfReader) -> list[str]:
    def walk(items):
        for item in items:
            yield from walk(item) if isinstance(item, list) else [item.title]
    return list(walk(reader.outline))


@pytest.mark.parametrize("slug", SCHOOLS)
def test_pack_pages_say_page_x_of_y(built_site, slug):
    reader = PdfReader(pack_of(built_site, slug))
    count = len(reader.pages)
    assert f"Page 1 of {count}" in reader.pages[0].extract_text()
    assert f"Page {count} of {count}" in reader.pages[-1].extract_text()


@pytest.mark.parametrize("slug", SCHOOLS)
def test_pack_clause_text_is_the_published_text(built_site, slug):
    """Every line of every clause in clauses.json appears in the pack word for word.

    Lines, not whole clauses, because print adds list bullets between them. A
    table row's cells wrap side by side in print, so their words interleave:
    such a line must at least have every word printed.
    """
    printed = squashed(pdf_text(pack_of(built_site, slug)))
    policy = json.loads((built_site / slug / "clauses.json").read_text(encoding="utf-8"))
    missing, exact, lines = [], 0, 0
    for clause in (c for s in policy["sections"] for c in s["clauses"]):
        for line in clause["text"].split("\n"):
            lines += 1
            if squashed(line) in printed:
                exact += 1
            elif not all(squashed(word) in printed for word in line.split()):
                missing.append((clause["number"], line[:60]))
    assert not missing, f"{slug}: clauses printed differently from clauses.json: {missing[:5]}"
    assert exact >= 0.95 * lines, f"{slug}: only {exact} of {lines} clause lines print as one run"


@pytest.mark.parametrize("slug", SCHOOLS)
def test_pack_has_a_bookmark_per_section_and_form(built_site, slug):
    reader = PdfReader(pack_of(built_site, slug))
    policy = json.loads((built_site / slug / "clauses.json").read_text(encoding="utf-8"))
    titles = outline_titles(reader)
    expected = [f"{s['number']}. {s['title']}" for s in policy["sections"]]
    assert [t for t in titles if t in expected] == expected
    assert {"Document control", "Contents", "Signatures"} <= set(titles)


@pytest.mark.parametrize("slug", SCHOOLS)
def test_pack_is_tagged_titled_and_in_english(built_site, slug):
    reader = PdfReader(pack_of(built_site, slug))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in catalog
    assert reader.metadata.title.startswith("Social Media Policy: ")


def test_pack_front_matter_and_signature_page(built_site):
    text = pdf_text(pack_of(built_site, "jones-memorial"))
    first = PdfReader(pack_of(built_site, "jones-memorial")).pages[0].extract_text()
    assert "Jones Memorial" in first and "Social Media Policy" in first and "Version" in first
    assert "Next review due" in first
    assert "Authorisation" in text and "Review history" in text and "Contents" in text
    last = PdfReader(pack_of(built_site, "jones-memorial")).pages[-1].extract_text()
    assert "Signatures" in last and "Principal" in last and "Chair of the board of governors" in last


def test_pack_contents_give_page_numbers(built_site):
    reader = PdfReader(pack_of(built_site, "demo"))
    contents = next(p.extract_text() for p in reader.pages if p.extract_text().lstrip().startswith("Contents"))
    numbered = re.findall(r"^\d+\. .*?(\d+)$", contents, re.M)
    assert len(numbered) >= 15 and [int(n) for n in numbered] == sorted(int(n) for n in numbered)


@pytest.mark.parametrize("slug", ["demo", "ncjps"])
def test_pack_links_go_somewhere_real(built_site, slug):
    """Inside links jump within the pack; outside links are web addresses, never site files."""
    reader = PdfReader(pack_of(built_site, slug))
    uris, jumps = [], 0
    for page in reader.pages:
        for annot in (a.get_object() for a in page.get("/Annots", [])):
            action = annot.get("/A", {})
            if "/URI" in action:
                uris.append(action["/URI"])
            jumps += "/Dest" in annot or action.get("/S") == "/GoTo"
    assert jumps > 20, "contents and clause cross-references should be links within the pack"
    assert uris and all(re.match(r"(https?:|mailto:)", u) for u in uris), [u for u in uris if ".md" in u][:5]


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("page", [1, 4])
def test_pack_pages_are_not_blank(built_site, tmp_path, page):
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(pack_of(built_site, "carville")), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    assert sum(image.histogram()[:200]) > 0.01 * image.width * image.height


@pytest.mark.parametrize("slug", SCHOOLS)
def test_every_guide_has_a_handout_of_one_or_two_pages(built_site, slug):
    handouts = rows(built_site, slug, "guide")
    guides = sorted(p.stem for p in (built_site / slug / "guides").iterdir() if p.is_dir())
    assert sorted(r["id"] for r in handouts) == guides
    for row in handouts:
        reader = PdfReader(built_site / slug / row["path"])
        assert 1 <= len(reader.pages) <= 2, (slug, row["id"], len(reader.pages))
        assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_handout_names_the_school_its_contacts_and_its_web_address(built_site):
    text = pdf_text(built_site / "demo" / "downloads" / "guide-instagram.pdf")
    assert "Riverside" in text and "Instagram" in text
    assert "https://www.example.org/riverside-primary/policy/guides/instagram/" in squashed(text)
    assert "Designated safeguarding lead" in text
    # Without a published address the handout says where to look instead of printing a file path.
    text = pdf_text(built_site / "ncjps" / "downloads" / "guide-instagram.pdf")
    assert "Parents and carers" in text and ".md" not in text


def test_guide_pages_link_their_handout(built_site):
    page = (built_site / "ncjps" / "guides" / "instagram" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/guide-instagram.pdf"' in page


def test_downloads_page_groups_every_pdf(built_site):
    page = (built_site / "demo" / "downloads" / "index.html").read_text(encoding="utf-8")
    for heading in ("Forms", "Guides for parents and carers", "The full policy"):
        assert heading in page
    assert "policy-pack.pdf" in page and "guide-roblox.pdf" in page and "KB" in page


def _with_logo(project: Path, logo: str) -> Path:
    school = project / "data" / "schools" / "demo.yml"
    text = school.read_text(encoding="utf-8")
    school.write_text(re.sub(r"(?m)^  logo: .*$", f"  logo: {logo}", text), encoding="utf-8")
    return school


@pytest.mark.slow
def test_the_school_logo_is_on_the_pack_cover(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    logo = project / "data" / "schools" / "logos" / "wide.png"
    Image.new("RGB", (1200, 400), "#1d4f91").save(logo, pnginfo=_with_text("Comment", "private note"))
    one_guide(_with_logo(project, "data/schools/logos/wide.png"))  # the pack and the site's pictures are read
    result = run_cli("build", "demo", "--out", str(tmp_path / "site"), cwd=project)
    assert result.returncode == 0, result.stderr
    cover = PdfReader(tmp_path / "site" / "demo" / "downloads" / "policy-pack.pdf").pages[0]
    assert cover.images, "the logo should be drawn on the cover"
    assets = tmp_path / "site" / "demo" / "assets"
    # Published re-encoded and scaled down, never as the school's own file (with its metadata).
    assert not (assets / "wide.png").exists()
    with Image.open(assets / "logo.png") as header, Image.open(assets / "favicon.png") as icon:
        assert (header.format, header.size) == ("PNG", (600, 200)) and "Comment" not in header.info
        assert (icon.format, icon.size) == ("PNG", (48, 48))
    assert b"private note" not in (tmp_path / "site" / "demo" / "downloads" / "policy-pack.pdf").read_bytes()


def _with_text(key: str, value: str):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(key, value)
    return info


def test_a_logo_outside_the_project_fails_check(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    _with_logo(project, "/etc/hostname")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "data/schools/demo.yml:" in result.stderr and "school.logo" in result.stderr
    assert "outside the project" in result.stderr


def test_policy_page_links_the_printable_pack(built_site):
    page = (built_site / "mosaic" / "policy" / "index.html").read_text(encoding="utf-8")
    assert 'href="../downloads/policy-pack.pdf"' in page
