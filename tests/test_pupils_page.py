"""The pupils' page (issue 21 point 4): the online safety and social media policies in words a nine-year-old
can read (Flesch reading ease 80 or more, measured with textstat), built from the clauses the school adopted,
with who to tell at this school; a nursery's page is for a parent to read with their child."""
from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import textstat
import yaml
from conftest import ROOT, copy_project

from generator.build import check_one, load_shared
from generator.markup.markdown import published_html, to_text
from generator.project import Project
from generator.readers.library import read_library
from generator.resolve.templating import Renderer
from generator.writers.site.docs_tree import PUPIL_KINDS, nav, pupil_page, render_page

DAY = dt.date(2026, 12, 5)
EASE = 80  # the page as a whole
LINE_EASE = 60  # one sentence or two: a noisier measure, so a lower floor that still catches long words


@pytest.fixture(scope="module")
def shared():
    return load_shared(Project(ROOT), DAY)


def document(shared, slug: str, project: Path = ROOT, **policy):
    path = project / "data" / "schools" / f"{slug}.yml"
    if policy:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["policy"] = {k: v for k, v in (data["policy"] | policy).items() if v is not None}
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return check_one(Project(project), path, shared, DAY)[0]


def page_markdown(doc, shared) -> str:
    extra = pupil_page(doc)
    return render_page(doc, Renderer(doc.context | extra), shared.library.pages, "pupils.md")


def reading_text(markdown: str) -> str:
    """What a reader reads: the page without markup, one sentence or heading a line."""
    return to_text(published_html(markdown))


def test_every_pupil_line_is_one_short_plain_line():
    library = read_library(ROOT / "content", ROOT)
    found = []
    for section in library.sections:
        for clause in section.clauses:
            lines = {clause.pupil_line(phase) for phase in ("nursery", "primary")} - {None}
            for line in sorted(lines):
                plain = re.sub(r"\{\{[^}]*\}\}", "school", line)
                if "\n" in line.strip() or len(plain.split()) > 26:
                    found.append(f"{clause.id}: one short line, please ({len(plain.split())} words)")
                if textstat.flesch_reading_ease(plain) < LINE_EASE:
                    found.append(f"{clause.id}: reading ease {textstat.flesch_reading_ease(plain)}: {plain}")
            if lines and not set(section.kinds_of(clause)) & set(PUPIL_KINDS):
                found.append(f"{clause.id}: a pupil line in a kind with no pupils' page")
    assert not found, found


# Clauses that speak to pupils with no line of their own, and why.
NO_LINE = {"online-rules.smart-intro": "the SMART rules clause after it carries the line"}


def test_every_clause_that_speaks_to_pupils_has_a_pupil_line():
    """Issue 21 point 4: each library clause that applies to pupils carries a one-line pupil version."""
    library = read_library(ROOT / "content", ROOT)
    missing = [clause.id for section in library.sections for clause in section.clauses
               if section.audience_of(clause) == "pupils" and set(section.kinds_of(clause)) & set(PUPIL_KINDS)
               and clause.pupil is None and clause.id not in NO_LINE]
    assert not missing, missing


@pytest.mark.parametrize("slug", ["demo", "demo-wales", "demo-scotland", "demo-ni", "willowbrook", "larkmoor-castle"])
def test_the_page_reads_easily_and_says_who_to_tell(shared, slug):
    doc = document(shared, slug)
    markdown = page_markdown(doc, shared)
    text = reading_text(markdown)
    assert textstat.flesch_reading_ease(text) >= EASE, (slug, textstat.flesch_reading_ease(text), text)
    lines = [line.text for line in doc.pupil_lines]
    assert len(lines) >= 5 and all(line in markdown for line in lines)
    dsl = doc.context["roles"]["dsl"]
    if dsl.name:  # who to tell, from the school's own data
        assert f"{dsl.name} {'keep' if dsl.several else 'keeps'} children safe" in text, slug
    else:
        assert "the person who keeps children safe" in text, slug
    assert f"call {doc.context['nation']['police'].emergency}" in text
    assert "0800 1111" in text  # Childline, from reference/services.yml
    nursery = doc.school.school.phase == "nursery"
    assert ("to read with your child" in text) == nursery
    if nursery:
        assert not re.search(r"\b(pupils?|students?|lessons?)\b", text, re.I), text
    assert {"For " + str(doc.context["terms"]["pupils"]): "pupils.md"} in nav(doc)


def test_only_clauses_the_school_adopted_speak_on_the_page(shared, tmp_path):
    project = copy_project(tmp_path / "project", ["demo"])
    whole = {line.clause_id for line in document(shared, "demo").pupil_lines}
    assert {"pupils.no-alias", "pupils.report-content"} <= whole
    school = project / "data" / "schools" / "demo.yml"
    data = yaml.safe_load(school.read_text(encoding="utf-8"))
    data.setdefault("clauses", {}).setdefault("omit", []).append("pupils.no-alias")
    data["clauses"].setdefault("replace", {})["pupils.report-content"] = "Pupils tell the class teacher."
    school.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    fewer = {line.clause_id for line in document(shared, "demo", project).pupil_lines}
    assert fewer == whole - {"pupils.no-alias", "pupils.report-content"}  # replaced: its words may differ now


def test_kinds_without_a_pupils_page_have_none(shared, tmp_path):
    project = copy_project(tmp_path / "project", ["demo"])
    school = project / "data" / "schools" / "demo.yml"
    data = yaml.safe_load(school.read_text(encoding="utf-8"))
    data["clauses"].pop("add")  # the demo's own clauses are in social media sections
    school.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    doc = document(shared, "demo", project, kinds=["acceptable-use", "images"], title=None)
    assert pupil_page(doc) == {"pupil_page": False}
    assert not any("pupils.md" in item.values() for item in nav(doc))
    doc = document(shared, "demo", project, kinds=["acceptable-use", "online-safety"])
    assert pupil_page(doc)["pupil_policy"] == {"title": "Online Safety Policy", "page": "online-safety"}
    assert "](online-safety.md)" in page_markdown(doc, shared)


def built_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8")
    article = re.search(r"<article\b.*?</article>", raw, re.S)
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", article.group(0) if article else raw, flags=re.S)
    return "\n".join(line.strip() for line in html.unescape(re.sub(r"<[^>]+>", "\n", body)).split("\n")
                     if line.strip())


@pytest.mark.parametrize("slug", ["demo", "willowbrook", "demo-scotland"])
def test_the_built_page_is_linked_from_home_and_nav_and_reads_easily(built_site, slug):
    site = built_site / slug
    page = site / "pupils" / "index.html"
    text = built_text(page)
    assert textstat.flesch_reading_ease(text) >= EASE, (slug, textstat.flesch_reading_ease(text))
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="pupils/"[^>]*>\s*(For (pupils|students)|Staying safe online)', home), slug
    assert re.search(r'href="pupils/" class="md-nav__link', home), slug  # in the navigation
    if slug == "willowbrook":  # a federation of nurseries: each unit's own person to tell
        assert "to read with your child" in text
        data = yaml.safe_load((ROOT / "data" / "schools" / "willowbrook.yml").read_text(encoding="utf-8"))
        for unit in data["school"]["units"]:
            if isinstance(unit, dict) and unit.get("roles", {}).get("dsl", {}).get("name"):
                assert f"At {unit['name']}, ask for {unit['roles']['dsl']['name']}" in text
    if slug == "demo-scotland":
        assert "For students" in home


def test_a_rule_both_policies_state_is_said_once(shared, tmp_path):
    """The phone rule is in the social media policy and the online safety policy alike: the pupils'
    page says it once, in the main policy's words."""
    project = copy_project(tmp_path / "project", ["demo"])
    doc = document(shared, "demo", project, kinds=["social-media", "online-safety"], title=None)
    phones = {kind.kind: [line for line in kind.pupil_lines if line.rule == "pupil-phones: handed-in"]
              for kind in (doc, *doc.further)}
    assert phones["social-media"] and phones["online-safety"]  # each policy states the rule
    said = [text for text in pupil_page(doc)["pupil_lines"] if "phone" in text.lower() and "hand" in text.lower()]
    assert said == [phones["social-media"][0].text]
