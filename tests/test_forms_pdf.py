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

import pytest
import yaml
from markupsafe import Markup
from PIL import Image
from pypdf import PdfReader, PdfWriter

from generator.errors import BuildError
from generator.markup.words import data_text
from generator.model.people import RoleView
from generator.resolve.templating import make_environment
from generator.vocabulary import FORMS
from generator.writers.pdf.engine import FolderFetcher, render_job
from generator.writers.pdf.jobs import PRINT_DIR, PdfJob, render_form_html

ROOT = Path(__file__).resolve().parents[1]
CREATED = dt.date(2026, 9, 1)


CONTEXT = {
    "school": {"name": data_text("Northcote Junior & Infant School"), "short_name": data_text("Northcote")},
    "roles": {key: RoleView(Markup(title), None, []) for key, title in {
        "headteacher": "headteacher", "dsl": "designated safeguarding lead",
        "network_manager": "network manager", "consent_record_keeper": "school business manager",
    }.items()},
    "terms": {"pupil": "pupil", "pupils": "pupils", "head": "headteacher"},
    "policy": {"title": data_text("Social Media Policy")},
}


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
    page = render_form_html(form, CONTEXT["school"])
    return render_job(PdfJob("", page, PRINT_DIR, (PRINT_DIR,), str(form["title"]), CREATED, forms=True))


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


@pytest.mark.parametrize("form_id", FORMS)
def test_same_input_gives_the_same_bytes(form_id):
    assert make_pdf(form_id) == pdf_of(form_id)


def test_another_process_gives_the_same_bytes():
    """Builds run in fresh processes: hash seeds and the clock must not change the PDF."""
    code = ("import hashlib, sys; from tests.test_forms_pdf import make_pdf; "
            "sys.stdout.write(hashlib.sha256(make_pdf('image-consent')).hexdigest())")
    env = os.environ | {"PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == hashlib.sha256(pdf_of("image-consent")).hexdigest()


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
    page = render_form_html(form_def("image-consent"), CONTEXT["school"])
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


def test_a_remote_stylesheet_stops_the_render():
    page = '<html lang="en-GB"><head><link rel="stylesheet" href="https://example.org/x.css"></head><body>x</body></html>'
    with pytest.raises(BuildError, match="example.org"):
        render_job(PdfJob("", page, PRINT_DIR, (PRINT_DIR,), "x", CREATED))


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
