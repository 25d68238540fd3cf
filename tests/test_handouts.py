"""The one-page guide handouts (A4, and two A5 copies to a sheet), read back from real built PDFs:
one page, no text under 10 pt, easy to read, a picture with alternative text on every panel,
who to tell from the school's data, and a QR code that a real decoder reads as the guide's address."""
from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
import textstat
import yaml
import zxingcpp
from conftest import ROOT, copy_project, run_cli, school_slugs
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

pytestmark = pytest.mark.slow  # they read the session's built site
SCHOOLS = school_slugs()
KINDS = {"handout": (595, 842), "handout-a5": (842, 595)}  # A4 upright; A4 sideways holding two A5 halves
PICTURES = yaml.safe_load((ROOT / "content" / "pictures" / "pictures.yml").read_text(encoding="utf-8"))
BLOCKS = {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/LBody", "/Caption"}


def handouts(site: Path, slug: str, kinds=tuple(KINDS)) -> list[tuple[dict, Path]]:
    rows = json.loads((site / slug / "downloads.json").read_text(encoding="utf-8"))
    return [(r, site / slug / r["path"]) for r in rows if r["kind"] in kinds]


def _object(node):
    return node.get_object() if isinstance(node, IndirectObject) else node


@functools.cache  # the session's built site is read-only: each handout is read once, whichever tests ask
def tagged(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a screen reader gets, from the PDF's structure tree: the text of each block
    (heading, paragraph, list item body) in reading order, and every figure's /Alt."""
    reader = PdfReader(path)
    texts: dict[int, str] = {}
    current: list[int | None] = [None]

    def before(op, args, cm, tm):
        if op == b"BDC" and len(args) > 1 and isinstance(args[1], DictionaryObject) and "/MCID" in args[1]:
            current[0] = int(args[1]["/MCID"])
        elif op == b"EMC":
            current[0] = None

    def text(t, cm, tm, font, size):
        if current[0] is not None:
            texts[current[0]] = texts.get(current[0], "") + t

    for page in reader.pages:
        page.extract_text(visitor_operand_before=before, visitor_text=text)

    def mcids(node):
        node = _object(node)
        if isinstance(node, int):
            yield int(node)
        elif isinstance(node, ArrayObject):
            for kid in node:
                yield from mcids(kid)
        elif isinstance(node, DictionaryObject):
            if "/MCID" in node and "/S" not in node:
                yield int(node["/MCID"])
            elif "/K" in node:
                yield from mcids(node["/K"])

    blocks, figures = [], []

    def walk(node):
        node = _object(node)
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid)
            return
        if not isinstance(node, DictionaryObject) or "/K" not in node:
            return
        if node.get("/S") == "/Figure":
            figures.append(str(node.get("/Alt", "")))
            return
        if node.get("/S") in BLOCKS:
            words = re.sub(r"\s+", " ", "".join(texts.get(m, "") for m in mcids(node["/K"]))).strip()
            if re.search(r"\w", words):  # not a list bullet alone
                blocks.append(words)
        walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    return tuple(blocks), tuple(figures)


@functools.cache  # pdfplumber (pdfminer) is the slow reader: each handout is laid out once for both tests
def first_page_chars(path: Path) -> tuple[float, float, tuple[dict, ...]]:
    """The first page's width, height and every character pdfplumber finds on it (position and size)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        keep = ("x0", "x1", "top", "bottom", "size")
        return page.width, page.height, tuple({k: c[k] for k in keep} for c in page.chars)


def guide_address(site: Path, slug: str, guide: str) -> str | None:
    school = yaml.safe_load((ROOT / "data" / "schools" / f"{slug}.yml").read_text(encoding="utf-8"))
    base = (school.get("school") or {}).get("site_url")
    return f"{base.rstrip('/')}/guides/{guide}/" if base else None


def qr_codes(pdf: Path, tmp_path: Path) -> list[str]:
    """The QR codes on the page, as a phone would read them: drawn by Poppler, decoded by ZXing."""
    stem = tmp_path / pdf.stem
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(stem)], check=True)
    with Image.open(f"{stem}.png") as image:
        return sorted(code.text for code in zxingcpp.read_barcodes(image.convert("L")))


@pytest.mark.parametrize("slug", SCHOOLS)
def test_every_guide_has_one_page_handouts_on_a4_and_a5(built_site, slug):
    guides = sorted(p.name for p in (built_site / slug / "guides").iterdir() if p.is_dir())
    for kind, (width, height) in KINDS.items():
        found = handouts(built_site, slug, (kind,))
        assert sorted(r["id"] for r, _ in found) == guides, (slug, kind)
        for row, path in found:
            reader = PdfReader(path)
            assert len(reader.pages) == 1, (slug, row["path"], len(reader.pages))
            box = reader.pages[0].mediabox
            assert (round(float(box.width)), round(float(box.height))) == (width, height), row["path"]
            catalog = reader.trailer["/Root"]
            assert catalog["/Lang"] == "en-GB" and bool(catalog["/MarkInfo"]["/Marked"])
            assert "/StructTreeRoot" in catalog and row["title"] in reader.metadata.title
            page_width, page_height, chars = first_page_chars(path)  # nothing drawn off the page
            assert all(0 <= c["x0"] and c["x1"] <= page_width and 0 <= c["top"] and c["bottom"] <= page_height
                       for c in chars), row["path"]


@pytest.mark.parametrize("slug", SCHOOLS)
def test_no_handout_text_is_under_10_points(built_site, slug):
    for row, path in handouts(built_site, slug):
        smallest = min(round(c["size"], 2) for c in first_page_chars(path)[2])
        assert smallest >= 10, (slug, row["path"], smallest)


def school_values(slug: str) -> list[str]:
    """The words a school's own files give (its name, its people's names and titles...), longest first."""
    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, dict):
            for v in value.values():
                yield from strings(v)

    data = yaml.safe_load((ROOT / "data" / "schools" / f"{slug}.yml").read_text(encoding="utf-8"))
    if data.get("trust"):
        data = [data, yaml.safe_load((ROOT / "data" / "trusts" / f"{data['trust']}.yml").read_text(encoding="utf-8"))]
    return sorted({s for s in strings(data) if len(s) >= 4 and " " in s}, key=len, reverse=True)


@pytest.mark.parametrize("slug", SCHOOLS)
def test_handouts_read_easily(built_site, slug):
    """Flesch reading ease of at least 80 on what the page says, block by block as a screen reader
    reads it (each heading, panel and line a sentence). As in test_guides, the school's own data
    (its name, its people) stands in as one short word: it is the school's to choose, not our wording.
    Web and email addresses are not words."""
    values = school_values(slug)
    for row, path in handouts(built_site, slug, ("handout",)):
        blocks = [b for b in tagged(path)[0] if re.search("[A-Za-z]", b)]  # the age badge's "13+" is no sentence
        text = " ".join(b if b[-1] in ".!?" else b + "." for b in blocks)
        for value in values:
            text = text.replace(value, "13")
        text = " ".join(w for w in text.split() if "/" not in w and "@" not in w)
        score = textstat.flesch_reading_ease(text)
        assert score >= 80, (slug, row["id"], round(score), text)


def test_every_picture_has_its_alternative_text(built_site):
    alts = {entry["alt"] for entry in PICTURES.values()}
    for slug in ("demo", "ncjps"):
        for row, path in handouts(built_site, slug):
            _, figures = tagged(path)
            copies = 1 if row["kind"] == "handout" else 2
            pictures = [f for f in figures if not f.startswith("QR code")]
            assert len(pictures) == 6 * copies and set(pictures) <= alts, (slug, row["path"], figures)


def test_each_guide_names_its_own_pictures():
    for path in sorted((ROOT / "content" / "guides").glob("*.yml")):
        glance = yaml.safe_load(path.read_text(encoding="utf-8"))["glance"]
        for key in ("watch_for", "settings"):
            assert len(glance[key]) == len(glance["pictures"][key]) == 3, path.name
            assert set(glance["pictures"][key]) <= set(PICTURES), path.name
    for picture in PICTURES:
        svg = (ROOT / "content" / "pictures" / f"{picture}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "href" not in svg and "<image" not in svg, picture  # drawn, nothing fetched


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("slug", ["demo", "larkmoor-elm"])
def test_the_qr_code_opens_the_schools_guide(built_site, slug, tmp_path):
    for row, path in handouts(built_site, slug):
        address = guide_address(built_site, slug, row["id"])
        assert address
        copies = 1 if row["kind"] == "handout" else 2
        assert qr_codes(path, tmp_path) == [address] * copies, (slug, row["path"])
        _, figures = tagged(path)
        assert f"QR code: opens the full guide at {address}" in figures


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
def test_without_a_site_address_there_is_no_qr_code_and_no_address(built_site, tmp_path):
    assert guide_address(built_site, "ncjps", "tiktok") is None
    for row, path in handouts(built_site, "ncjps"):
        assert qr_codes(path, tmp_path) == [], row["path"]
        blocks, figures = tagged(path)
        text = " ".join(blocks)
        assert not [f for f in figures if f.startswith("QR code")]
        assert "on our policy website. Look under Parents and carers." in text
        assert "http" not in text and "/guides/" not in text and ".md" not in text


def test_the_age_badge_comes_from_reference_data(built_site):
    platforms = yaml.safe_load((ROOT / "content" / "reference" / "platforms.yml").read_text(encoding="utf-8"))
    ages = {p["id"]: p["minimum_age"] for p in platforms["platforms"] if isinstance(p.get("minimum_age"), dict)}
    checked = 0
    for row, path in handouts(built_site, "demo", ("handout",)):
        blocks, _ = tagged(path)
        age = ages.get(row["id"], {}).get("value")
        if age:
            assert any(b.startswith(f"{age}+") for b in blocks), (row["id"], blocks[:5])
            checked += 1
    assert checked >= 5


def test_who_to_tell_comes_from_the_schools_data(built_site):
    blocks, _ = tagged(built_site / "demo" / "downloads" / "handout-tiktok.pdf")
    text = " ".join(blocks)
    assert "Who to tell at our school" in text
    assert "the designated safeguarding lead, Ms D Demo" in text and "or a deputy: Mr T Trial, Mrs P Pilot" in text
    assert "or the headteacher, Mrs H Example" in text
    # A federation's nurseries each have their own lead; two executive heads read in the plural.
    blocks, _ = tagged(built_site / "willowbrook" / "downloads" / "handout-tiktok.pdf")
    text = " ".join(blocks)
    assert "Who to tell at our federation" in text
    for unit, lead in (("Hazel Lane Nursery School", "Ms P Okafor"), ("Rowan Street Nursery School", "Mr T Brennan"),
                       ("Beech Green Nursery School", "Mrs Y Ahmed")):
        assert f"{unit}: {lead}" in text
    assert "or the executive headteachers, Mrs A Whitfield and Mr B Okoro" in text


def test_downloads_page_offers_each_guide_three_ways_and_says_how_to_print_a5(built_site):
    page = (built_site / "demo" / "downloads" / "index.html").read_text(encoding="utf-8")
    for name in ("handout-tiktok.pdf", "handout-tiktok-a5.pdf", "guide-tiktok.pdf"):
        assert f'href="{name}"' in page
    assert "cut along the dashed line" in page and "actual size" in page
    guide = (built_site / "demo" / "guides" / "tiktok" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../downloads/handout-tiktok.pdf"' in guide and 'href="../../downloads/guide-tiktok.pdf"' in guide


def test_a_guide_naming_a_missing_picture_is_a_clear_library_error(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    guide = project / "content" / "guides" / "tiktok.yml"
    guide.write_text(guide.read_text(encoding="utf-8").replace("settings: [family, lock, filter]",
                                                               "settings: [family, lock, unicorn]"), encoding="utf-8")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "content/guides/tiktok.yml" in result.stderr and "unicorn" in result.stderr


def test_qr_codes_are_the_same_every_time():
    from generator.writers.pdf.qr import qr_svg

    address = "https://www.example.org/riverside-primary/policy/guides/tiktok/"
    first = qr_svg(address, "QR code")
    assert first == qr_svg(address, "QR code") and first != qr_svg(address.replace("tiktok", "x"), "QR code")
    assert first.startswith("<svg") and "<title>QR code</title>" in first
