"""Tables say each thing once (issue 26): no column every row leaves empty, no cell pair saying the same."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import ROOT, UNIT_DAY


def clause_html(slug: str, clause_id: str, day: dt.date = UNIT_DAY) -> str:
    from generator.build import check_all
    from generator.project import Project

    (document,) = check_all(Project(ROOT), [slug], day).documents
    return next(c.html for c in document.clauses() if c.id == clause_id)


def rows(html: str) -> list[list[str]]:
    table = html[html.index("<table"):html.index("</table>")]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_the_phone_network_table_says_check_with_your_provider_once_a_row():
    table = rows(clause_html("demo", "appendices.phone-providers"))
    for row in table[1:]:
        assert len(set(row[1:])) == len(row[1:]) or len(row) == 2, row
        assert sum("check with your provider" in cell for cell in row) <= 1, row
    assert all(any(cell for cell in column) for column in zip(*table[1:], strict=False)), "a column no row fills"
    tesco = next(row for row in table if row[0] == "Tesco Mobile")
    assert "4455" in " ".join(tesco)


def site_page(tmp_path, slug: str, page: str) -> str:
    (text,) = site_pages(tmp_path, slug, page)
    return text


def site_pages(tmp_path, slug: str, *pages: str) -> list[str]:
    """The Markdown of these pages of one docs tree, written once."""
    from generator.build import load_shared
    from generator.project import Project
    from generator.readers.school import read_school
    from generator.resolve.resolver import resolve
    from generator.writers.site.docs_tree import write_docs_tree

    project = Project(ROOT)
    shared = load_shared(project, UNIT_DAY)
    document = resolve(read_school(project.school_file(slug)), shared.library, shared.reference)
    tree, _ = write_docs_tree(document, project, shared.library.pages, tmp_path / "work", tmp_path / "site" / slug)
    return [(tree.folder / "docs" / page).read_text(encoding="utf-8") for page in pages]


def pack_html(slug: str) -> str:
    from generator.build import check_all
    from generator.project import Project
    from generator.writers.pdf.jobs import print_environment
    from generator.writers.pdf.pack import build_pack, pack_html

    (document,) = check_all(Project(ROOT), [slug], UNIT_DAY).documents
    return pack_html(build_pack(document), print_environment(ROOT / "content" / "print"), {})


@pytest.mark.slow  # writes a whole docs tree, its PDFs included
def test_key_people_without_any_contact_have_no_contact_column(tmp_path):
    """demo-wales names people but gives no phone or email: no column of 'through the school office'."""
    pages = ("policy.md", "parents/index.md")
    for page, text in zip(pages, site_pages(tmp_path, "demo-wales", *pages), strict=True):  # one docs tree
        assert "| Role | Name |\n" in text and "| Role | Name | Contact |" not in text, page
        assert "through the school office" in text, page
    pack = pack_html("demo-wales").split('id="key-people"')[1].split("</section>")[0]
    assert "Contact</th>" not in pack and "through the school office" in pack


@pytest.mark.slow  # writes a whole docs tree, its PDFs included
def test_key_people_with_contacts_keep_the_contact_column(tmp_path):
    assert "| Role | Name | Contact |" in site_page(tmp_path, "demo", "policy.md")


def test_each_deputy_has_the_title_for_one_person_in_key_people():
    """Elm Bank has two deputies: each row says 'Deputy designated safeguarding lead', never the plural
    title once per person (words' forms, resolve/words.py, give the title for one)."""
    from generator.build import check_all
    from generator.project import Project

    (document,) = check_all(Project(ROOT), ["larkmoor-elm"], UNIT_DAY).documents
    deputies = [str(p.title) for p in document.context["key_people"] if p.role == "deputy_dsls"]
    assert deputies == ["Deputy designated safeguarding lead"] * 2, deputies
