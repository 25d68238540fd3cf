"""Parent guides: readable, ages from reference data, ten or more on every site."""
from __future__ import annotations

import re

import pytest
import textstat
import yaml
from conftest import ROOT, school_slugs

from generator.markup.markdown import to_html, to_text

GUIDES = sorted(p.stem for p in (ROOT / "content" / "guides").glob("*.yml"))


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_reads_easily(guide):
    """Flesch reading ease of at least 60 (a reading age of about 9 to 11), on the guide's own words."""
    source = yaml.safe_load((ROOT / "content" / "guides" / f"{guide}.yml").read_text(encoding="utf-8"))
    text = to_text(to_html(_words(source)))
    text = re.sub(r"\{\{.*?\}\}", "13", text)
    score = textstat.flesch_reading_ease(text)
    assert score >= 60, f"{guide}: Flesch reading ease {score:.0f}"


def _words(value) -> str:
    if isinstance(value, str):
        return value + "\n\n"
    if isinstance(value, list):
        return "".join(_words(v) for v in value)
    if isinstance(value, dict):
        return "".join(_words(v) for k, v in value.items() if k not in ("id", "platform", "pictures"))
    return ""


@pytest.mark.parametrize("guide", GUIDES)
def test_guides_never_type_an_age_or_phone_number(guide):
    text = _words(yaml.safe_load((ROOT / "content" / "guides" / f"{guide}.yml").read_text(encoding="utf-8")))
    text = re.sub(r"\{\{.*?\}\}", "", text)
    assert not re.search(r"\b(1[0-8]|[5-9])\s*(\+|years?|or over|and over)", text), guide
    # Phone numbers and short codes (years such as 2023 are allowed).
    assert not re.search(r"\b0\d{2,4}\s?\d{3}\s?\d{3,4}\b|\b(?!19\d\d\b|20\d\d\b)\d{3,5}\b", text), guide


def test_every_site_has_ten_platform_guides_with_sourced_ages(built_site):
    for slug in school_slugs():
        guides = sorted((built_site / slug / "guides").glob("*/index.html"))
        assert len(guides) >= 10, slug
        page = (built_site / slug / "guides" / "whatsapp" / "index.html").read_text(encoding="utf-8")
        assert "Source:" in page and "checked" in page
