"""The five fillable forms: content/forms/*.yml -> print HTML -> PDF with real fields.

Each PDF must carry exactly the fields the YAML names, of the right kinds, each
with its label as the accessible name; a PDF reader must be able to fill them;
the same input must give the same bytes; and WeasyPrint must read nothing but
the print folder.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import html
import io
import os
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from markupsafe import Markup
from PIL import Image
from pypdf import PdfReader, PdfWriter

from generator.errors import BuildError
from generator.markup.words import data_text
from generator.model.document import FormRecord
from generator.model.people import RoleView
from generator.readers.reference import read_reference
from generator.resolve.templating import make_environment
from generator.resolve.words import lexicon_for, word
from generator.vocabulary import AGREEMENTS
from generator.vocabulary import FORMS as LETTERS
from generator.writers.pdf.engine import FolderFetcher, render_job
from generator.writers.pdf.jobs import FormSchool, PdfJob, print_environment, render_form_html

ROOT = Path(__file__).resolve().parents[1]
PRINT_DIR = ROOT / "content" / "print"
PICTURES_DIR = ROOT / "content" / "forms" / "pictures"  # the young children's agreement draws its rules
FORMS = LETTERS + AGREEMENTS  # every form, the acceptable use agreements (issue 21) among them
CREATED = dt.date(2026, 9, 1)


CONTEXT = {
    "school": {"name": data_text("Northcote Junior & Infant School"), "short_name": data_text("Northcote")},
    "roles": {key: RoleView(Markup(title), None, []) for key, title in {
        "headteacher": "headteacher", "dsl": "designated safeguarding lead",
        "network_manager": "network manager", "consent_record_keeper": "school business manager",
        "chair_of_governors": "chair of governors",
    }.items()},
    # terms are words with forms (resolve/words.py): "the {{ terms.setting.possessive }} social media accounts"
    "terms": {key: word(value, lexicon_for(read_reference(ROOT / "content" / "reference", CREATED).words))
              for key, value in {"pupil": "pupil", "pupils": "pupils", "head": "headteacher",
                                 "governing_body": "governing body", "governors": "members of the governing body",
                                 "governor": "a governor", "setting": "school", "class_teacher": "class teacher"}.items()},
    "policy": {"title": data_text("Social Media Policy")},
    # the image consent form names each platform when consent is asked per platform
    "platforms": {pid: SimpleNamespace(name=name) for pid, name in
                  {"facebook": "Facebook", "instagram": "Instagram", "x": "X", "youtube": "YouTube"}.items()},
}
FORM_SCHOOL = FormSchool(CONTEXT["school"]["name"], CONTEXT["school"]["short_name"])


def render_strings(value, env):
    """Every string in the definition rendered as the build does (strict, escaping)."""
    if isinstance(value, str):
        return Markup(env.from_string(value).render(**CONTEXT).strip())
    if isinstance(value, list):
        return [render_strings(v, env) for v in value]
    if isinstance(value, dict):
        return {k: render_strings(v, env) for k, v in value.items()}
    return value


@lru_cache(maxsize=None)
def form_def(form_id: str) -> dict:
    raw = yaml.safe_load((ROOT / "content" / "forms" / f"{form_id}.yml").read_text(encoding="utf-8"))
    return render_strings(raw, make_environment())


def make_pdf(form_id: str) -> bytes:
    form = form_def(form_id)
    page = render_form_html(FormRecord.from_tree(form), FORM_SCHOOL, env=print_environment(PRINT_DIR))
    return render_job(PdfJob("", page, PRINT_DIR, (PRINT_DIR, PICTURES_DIR), str(form["title"]), CREATED,
                             forms=True))


@lru_cache(maxsize=None)
def pdf_of(form_id: str) -> bytes:
    return make_pdf(form_id)


def fields_of(form_id: str) -> list[dict]:
    return [f for s in form_def(form_id)["sections"] for f in s.get("fields") or []]


def plain(text) -> str:
    """What a PDF reader shows for a label: the HTML entities decoded."""
    return html.unescape(str(text))


def test_every_form_in_the_catalogue_has_a_definition():
    assert sorted(p.stem for p in (ROOT / "content" / "forms").glob("*.yml")) == sorted(FORMS)


@pytest.mark.slow
@pytest.mark.parametrize("form_id", FORMS)
def test_pdf_fields_are_the_yaml_fields(form_id):
    expected = {f["name"]: f for f in fields_of(form_id)}
    assert len(expected) == len(fields_of(form_id)), "field names must be unique in a form"
    found = PdfReader(io.BytesIO(pdf_of(form_id))).get_fields()
    assert set(found) == set(expected)
    for name, field in expected.items():
        pdf_field = found[name]
        kind = "/Btn" if field["type"] in ("checkbox", "radio") else "/Tx"
        assert pdf_field.get("/FT") == kind, name
        assert pdf_field.get("/TU") == plain(field["label"]), name
        if field["type"] == "radio":
            assert list(pdf_field.get("/Opt")) == [o["value"] for o in field["options"]]


@pytest.mark.slow
@pytest.mark.parametrize("form_id", FORMS)
def test_a_reader_can_fill_the_form(form_id):
    fields = fields_of(form_id)
    texts = [f["name"] for f in fields if f["type"] not in ("checkbox", "radio")][:2]
    boxes = [f["name"] for f in fields if f["type"] == "checkbox"]
    radios = [f["name"] for f in fields if f["type"] == "radio"]
    # A tick box is "on" when ticked; a radio group's states are its buttons' numbers.
    choice = {boxes[0]: "/on"} if boxes else {radios[0]: "/0"}
    values = {texts[0]: "Ms A Example", texts[1]: "Line one & more"} | choice
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_of(form_id))))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    filled = PdfReader(out).get_fields()
    assert {name: filled[name].get("/V") for name in values} == values


@pytest.mark.slow
@pytest.mark.parametrize("form_id", FORMS)
def test_same_input_gives_the_same_bytes(form_id):
    assert make_pdf(form_id) == pdf_of(form_id)


@pytest.mark.slow
def test_another_process_gives_the_same_bytes():
    """Builds run in fresh processes: hash seeds and the clock must not change the PDF."""
    code = ("import hashlib, sys; from tests.test_forms_pdf import make_pdf; "
            "sys.stdout.write(hashlib.sha256(make_pdf('image-consent')).hexdigest())")
    env = os.environ | {"PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == hashlib.sha256(pdf_of("image-consent")).hexdigest()


@pytest.mark.slow
def test_pdf_metadata_language_and_tags():
    reader = PdfReader(io.BytesIO(pdf_of("image-consent")))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert b"pdfuaid:part=\"1\"" in catalog["/Metadata"].get_object().get_data()
    assert reader.metadata.title == "Photo and video consent"
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20260901"


def test_print_html_is_a_complete_accessible_document():
    page = render_form_html(FormRecord.from_tree(form_def("image-consent")), FORM_SCHOOL,
                            env=print_environment(PRINT_DIR))
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in page
    assert "<title>Photo and video consent: Northcote Junior &amp; Infant School</title>" in page
    assert '<label for="f-child_name">' in page and '<legend>Your choices</legend>' in page
    assert "the school business manager" in page
    assert "\\" not in page  # Markdown escapes in school data never reach print


@pytest.mark.parametrize("url", [
    "https://example.org/x.css",
    "http://example.org/x.css",
    "data:text/css,body{color:red}",
    (ROOT / "content" / "README.md").as_uri(),
    PRINT_DIR.as_uri() + "/../README.md",
])
def test_fetcher_refuses_the_network_and_other_folders(url):
    with pytest.raises(BuildError):
        FolderFetcher([PRINT_DIR])(url)


def test_fetcher_serves_the_print_stylesheet():
    response = FolderFetcher([PRINT_DIR])((PRINT_DIR / "print.css").as_uri())
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


@pytest.mark.slow
def test_a_remote_stylesheet_stops_the_render():
    page = '<html lang="en-GB"><head><link rel="stylesheet" href="https://example.org/x.css"></head><body>x</body></html>'
    with pytest.raises(BuildError, match="example.org"):
        render_job(PdfJob("", page, PRINT_DIR, (PRINT_DIR,), "x", CREATED))


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("form_id", FORMS)
def test_first_page_is_not_blank(form_id, tmp_path):
    source = tmp_path / "form.pdf"
    source.write_bytes(pdf_of(form_id))
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(tmp_path / "page")], check=True)
    image = Image.open(tmp_path / "page.png").convert("L")
    dark = sum(image.histogram()[:200])
    assert dark > 0.01 * image.width * image.height


def test_forms_and_print_templates_are_original():
    from tests.conftest import needs_shared  # noqa: PLC0415 - only this test needs ../shared
    shared = needs_shared()
    sys.path.insert(0, str(shared / "tools"))
    try:
        from originality import find_copies  # noqa: PLC0415
    finally:
        sys.path.pop(0)
    paths = [ROOT / "content" / "forms", ROOT / "content" / "print", ROOT / "generator" / "writers" / "pdf.py"]
    assert find_copies(paths, shared / "seeds", 10) == []


# --- Forms that every reader draws (issue 25): Poppler (pdftoppm) and PDFium (pypdfium2) ---

WELSH = "Ŵŵ Ŷŷ ẁỳ Ąę Łł Őő"  # letters outside Windows' Western code page only: drawn, or nothing
FORM_LIMIT = 40 * 1024
DPI = 72


def test_field_font_keeps_welsh_and_latin_extended_letters():
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - WeasyPrint's own dependency
    cmap = TTFont(ROOT / "content" / "fonts" / "fields.ttf").getBestCmap()
    wanted = [*range(0x20, 0x7F), *range(0xA0, 0x180), *map(ord, "ẀẁẂẃẄẅỲỳȘșȚț‘’“”–—…€£")]
    assert [hex(c) for c in wanted if c not in cmap] == []


@pytest.mark.slow  # renders PDFs
@pytest.mark.parametrize("form_id", FORMS)
def test_a_form_is_at_most_40_kb(form_id):
    assert len(pdf_of(form_id)) <= FORM_LIMIT


@pytest.mark.slow  # renders PDFs
@pytest.mark.parametrize("form_id", FORMS)
def test_every_widget_carries_its_appearances(form_id):
    reader = PdfReader(io.BytesIO(pdf_of(form_id)))
    form = reader.trailer["/Root"]["/AcroForm"]
    assert "/NeedAppearances" not in form
    fonts = form["/DR"]["/Font"]
    assert "/ZaDb" not in fonts  # readers supply ZapfDingbats; the file embeds only its own fonts
    assert "Fields" in fonts["/Wingdings"]["/BaseFont"]
    widgets = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
    assert widgets
    for widget in widgets:
        kind = widget.get("/FT") or widget["/Parent"].get("/FT")
        states = set(widget["/AP"]["/N"])
        assert "/DA" in widget and "gs" not in widget["/DA"].split()  # only a font and a colour
        if kind == "/Btn":
            assert "/Off" in states and len(states) == 2, states
            assert widget["/DA"] == "/ZaDb 0 Tf 0 g"
            assert widget["/MK"]["/CA"] in ("4", "l")
        else:
            assert widget["/DA"].startswith("/Wingdings ")


def _fill(data: bytes, ticked: bool, regenerate: bool) -> bytes:
    """A form filled with pypdf: every box ticked, every group's first option chosen, Welsh in every text field.

    regenerate=True is pypdf's default (it sets /NeedAppearances, so the reader draws every field
    itself); False keeps the appearances the PDF carries."""
    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    values = {}
    for name, field in reader.get_fields().items():
        if field.get("/FT") == "/Tx":
            values[name] = WELSH if ticked else ""
        elif ticked:
            values[name] = next(s for s in field["/_States_"] if s != "/Off")
    for page in writer.pages:
        if page.get("/Annots"):
            writer.update_page_form_field_values(page, values, auto_regenerate=regenerate)
    # pypdf 7.1 writes a radio group's value as a string, where the PDF standard (and Poppler) want
    # the state's name, as every reader that fills forms writes it.
    from pypdf.generic import NameObject  # noqa: PLC0415
    for field in writer._root_object["/AcroForm"]["/Fields"]:
        field = field.get_object()
        if "/Kids" in field and isinstance(field.get("/V"), str):
            field[NameObject("/V")] = NameObject(field["/V"])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _render_poppler(data: bytes, page: int, tmp_path: Path) -> Image.Image:
    source = tmp_path / "filled.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", str(DPI), "-png", "-f", str(page + 1), "-l", str(page + 1), "-singlefile",
                    str(source), str(tmp_path / "page")], check=True)
    return Image.open(tmp_path / "page.png").convert("L")


def _render_pdfium(data: bytes, page: int, tmp_path: Path) -> Image.Image:
    import pypdfium2  # noqa: PLC0415 - a test dependency
    document = pypdfium2.PdfDocument(data)
    document.init_forms()  # draw form fields as Chrome's viewer does
    return document[page].render(scale=DPI / 72, may_draw_forms=True).to_pil().convert("L")


def _ink(image: Image.Image, rect, page_height: float) -> int:
    """Dark pixels inside a widget's rectangle, less a 2-pixel margin (the box's own border)."""
    x0, y0, x1, y1 = (float(v) * DPI / 72 for v in rect)
    top, bottom = page_height * DPI / 72 - max(y0, y1), page_height * DPI / 72 - min(y0, y1)
    box = (int(min(x0, x1)) + 2, int(top) + 2, int(max(x0, x1)) - 2, int(bottom) - 2)
    return sum(image.crop(box).histogram()[:128])


@pytest.mark.slow  # renders PDFs
@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils (pdftoppm) is not installed")
@pytest.mark.parametrize("regenerate", [False, True], ids=["own-appearances", "reader-redraws"])
@pytest.mark.parametrize("reader", ["poppler", "pdfium"])
@pytest.mark.parametrize("form_id", FORMS)
def test_filled_ticks_choices_and_welsh_letters_are_drawn(form_id, reader, regenerate, tmp_path):
    render = _render_poppler if reader == "poppler" else _render_pdfium
    blank, filled = _fill(pdf_of(form_id), False, regenerate), _fill(pdf_of(form_id), True, regenerate)
    source = PdfReader(io.BytesIO(filled))
    missing = []
    for number, page in enumerate(source.pages):
        widgets = [a.get_object() for a in page.get("/Annots", [])]
        if not widgets:
            continue
        height = float(page.mediabox.height)
        before, after = render(blank, number, tmp_path), render(filled, number, tmp_path)
        for widget in widgets:
            chosen = widget.get("/AS", "/Off") != "/Off" or widget.get("/FT") == "/Tx"
            name = widget.get("/T") or widget["/Parent"]["/T"]
            gained = _ink(after, widget["/Rect"], height) - _ink(before, widget["/Rect"], height)
            if chosen and gained < 8:
                missing.append((name, widget.get("/AS"), gained))
            if not chosen and gained != 0:
                missing.append((name, "drawn though not chosen", gained))
    assert missing == []
