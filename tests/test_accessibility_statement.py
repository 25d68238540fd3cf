"""The accessibility statement (content/site/accessibility.md.j2) follows the UK model statement and says
only what is true: each claim it makes is checked here or in the test named beside it."""
from __future__ import annotations

import io
import re
from functools import lru_cache
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from generator.markup.words import long_date
from generator.readers.library import read_library
from generator.readers.reference import read_reference
from generator.readers.school import read_school
from generator.resolve.resolver import resolve
from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # reads the built example sites


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.links: dict[str, str] = {}
        self._href: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        self.parts.append(data)
        if self._href:
            self.links[data.strip()] = self._href


def statement(built_site, slug: str) -> _Text:
    html = (built_site / slug / "accessibility" / "index.html").read_text(encoding="utf-8")
    main = html[html.index('<article'):html.index("</article>")]
    parser = _Text()
    parser.feed(main)
    return parser


def text_of(built_site, slug: str) -> str:
    return re.sub(r"\s+", " ", "".join(statement(built_site, slug).parts))


@lru_cache(maxsize=None)
def document(slug: str):
    library, reference = read_library(ROOT / "content", ROOT), read_reference(ROOT / "content" / "reference")
    return resolve(read_school(ROOT / "data" / "schools" / f"{slug}.yml"), library, reference)


@pytest.mark.parametrize("slug,body,advice", [
    ("demo", "Equality and Human Rights Commission (EHRC)", "Equality Advisory and Support Service (EASS)"),
    ("demo-wales", "Equality and Human Rights Commission (EHRC)", "Equality Advisory and Support Service (EASS)"),
    ("demo-scotland", "Equality and Human Rights Commission (EHRC)", "Equality Advisory and Support Service (EASS)"),
    ("demo-ni", "Equality Commission for Northern Ireland (ECNI)", "Equality Commission for Northern Ireland (ECNI)"),
])
def test_the_enforcement_body_is_the_one_for_the_schools_nation(built_site, slug, body, advice):
    text = text_of(built_site, slug)
    assert f"The {body} is responsible for enforcing" in text
    assert ("Northern Ireland" if slug == "demo-ni" else "England, Scotland and Wales") in text
    assert any(advice in words for words in statement(built_site, slug).links)  # a link to it
    other = "ECNI" if slug != "demo-ni" else "EHRC"
    assert other not in text


@pytest.mark.parametrize("slug", ["demo", "demo-ni"])
def test_the_statement_has_the_model_statements_parts(built_site, slug):
    text = text_of(built_site, slug)
    for part in ("How accessible this website is", "partially compliant", "Known problems", "The PDF files",
                 "If you need the information in another format", "Reporting problems with this website",
                 "Enforcement", "How we tested this website"):
        assert part in text, part


@pytest.mark.parametrize("slug", ["demo", "demo-wales"])
def test_the_date_is_the_builds_own_and_no_claim_is_about_the_build_checking_itself(built_site, slug):
    text = text_of(built_site, slug)
    doc = document(slug)
    assert f"This statement was prepared on {long_date(doc.as_of)}, for version {doc.school.governance.version}" in text
    assert "Building this site does not run these checks again." in text
    for untrue in ("Each build of this site is checked", "checked automatically in a real browser",
                   "without it spilling off the screen", "fully compliant"):
        assert untrue not in text


def test_every_pdf_is_tagged_with_its_language_and_title_and_every_field_is_named(built_site):
    """The claims of 'The PDF files' (filling in Chrome/Edge and Evince/Okular: test_forms_pdf.py)."""
    pdfs = sorted((built_site / "demo" / "downloads").glob("*.pdf"))
    assert len(pdfs) > 10
    for pdf in pdfs:
        reader = PdfReader(io.BytesIO(pdf.read_bytes()))
        catalog = reader.trailer["/Root"]
        assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"]), pdf.name
        assert catalog["/Lang"] == "en-GB" and reader.metadata.title, pdf.name
        assert b'pdfuaid:part="1"' in catalog["/Metadata"].get_object().get_data(), pdf.name
        for name, field in (reader.get_fields() or {}).items():
            assert field.get("/TU"), (pdf.name, name)


def test_each_form_has_its_own_page(built_site):
    forms = [p.stem for p in (built_site / "demo" / "downloads").glob("*.pdf")
             if PdfReader(p).get_fields()]
    assert forms
    for form in forms:
        assert (built_site / "demo" / "forms" / form / "index.html").is_file(), form
