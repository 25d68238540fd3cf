"""Form sections and fields with a `when`: left out of the web page and the PDF when false.

The photo and video consent form asks about social media only where the school
may post photos there (choices: {pupil-images: with-consent}); Carville is website-only.
"""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from conftest import ROOT, copy_project, run_cli
from pypdf import PdfReader

from generator.check import check_school
from generator.model.document import FormPage
from generator.readers.library import read_library
from generator.readers.logo import pictures_of
from generator.readers.reference import read_reference
from generator.readers.school import read_school
from generator.resolve.resolver import resolve

SOCIAL = {"photos_social_media", "videos_social_media"}
WEBSITE = {"photos_website", "videos_website"}


@lru_cache(maxsize=None)
def consent_form(slug: str) -> FormPage:
    """The resolved image-consent form of one example school, as every writer receives it."""
    library, reference = read_library(ROOT / "content", ROOT), read_reference(ROOT / "content" / "reference")
    school = read_school(ROOT / "data" / "schools" / f"{slug}.yml")
    pictures = pictures_of(ROOT, school.data)
    checked = check_school(school, library, reference, None, Path("-"), pictures, dt.date(2026, 9, 1))  # errors raise
    return next(f for f in resolve(checked.school, library, reference).forms if f.id == "image-consent")


def field_names(form: FormPage) -> set[str]:
    return {str(f.name) for s in form.fields.sections for f in s.fields}


def headings(form: FormPage) -> list[str]:
    return [str(s.heading) for s in form.fields.sections]


def test_examples_cover_both_choices():
    assert "pupil-images: website-only" in (ROOT / "data" / "schools" / "carville.yml").read_text(encoding="utf-8")
    assert read_school(ROOT / "data" / "schools" / "ncjps.yml").data.choices["pupil-images"] == "with-consent"


def test_website_only_school_is_not_asked_about_social_media():
    form = consent_form("carville")
    assert WEBSITE <= field_names(form) and not SOCIAL & field_names(form), field_names(form)
    assert "social media accounts" not in form.markdown
    # The page says why the question is missing, in a note-only section of its own.
    assert "Social media" in headings(form) and "off social media altogether" in form.markdown


def test_with_consent_school_is_asked_about_both():
    form = consent_form("ncjps")
    assert WEBSITE | SOCIAL <= field_names(form)
    assert "Social media" not in headings(form)
    assert form.markdown.count("social media accounts") == 2


def test_no_condition_key_reaches_the_writers():
    for slug in ("carville", "ncjps"):
        sections = consent_form(slug).fields.sections
        assert all(not hasattr(s, "when") and all(not hasattr(f, "when") for f in s.fields) for s in sections)


def pdf_fields(site: Path, slug: str) -> set[str]:
    return set(PdfReader(site / slug / "downloads" / "image-consent.pdf").get_fields() or {})


def test_built_pdfs_follow_the_choice(built_site):
    carville, ncjps = pdf_fields(built_site, "carville"), pdf_fields(built_site, "ncjps")
    assert WEBSITE <= carville and not SOCIAL & carville, carville
    assert WEBSITE | SOCIAL <= ncjps, ncjps


def test_a_broken_form_condition_names_the_form_file(tmp_path):
    project = copy_project(tmp_path, schools=["ncjps"])
    path = project / "content" / "forms" / "image-consent.yml"
    text = path.read_text(encoding="utf-8")
    broken = text.replace("when: \"choices['pupil-images'] == 'with-consent' and", "when: \"policy.pupil_imagez == 'x' and", 1)
    assert broken != text, "test setup: the form's condition was not found"
    path.write_text(broken, encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "content/forms/image-consent.yml: field photos_social_media: condition" in result.stderr, result.stderr
