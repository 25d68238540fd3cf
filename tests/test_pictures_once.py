"""Every picture a school's file names (its logo, its trust's, its own clauses' pictures) is read from
disk once, where check reads it (readers/logo.py pictures_of), and carried on the document: the writers
re-encode what the document holds and read no school file (issue 20, point 3)."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import ROOT, copy_project
from PIL import Image

from generator.build import check_one, load_shared
from generator.project import Project
from generator.readers.logo import LogoError, pictures_of
from generator.writers.pdf.jobs import print_environment
from generator.writers.pdf.pack import COVER_LOGO, TRUST_LOGO, cover_images, pack_job
from generator.writers.site.docs_tree import FAVICON_FILE, LOGO_FILE, TRUST_LOGO_FILE, site_config, write_logos

DAY = dt.date(2026, 12, 5)
PICTURE = ROOT / "tests" / "schools" / "flow-chart.png"
OWN = """clauses:
  add:
    - id: own.worry-chart
      section: child-protection
      text: The chart below shows who to tell about a worry.
      picture:
        file: data/schools/pictures/worry-chart.png
        alt: "Flow chart: tell the designated safeguarding lead, who decides what happens next."
"""


def academy_with_pictures(root: Path) -> Project:
    """Elm Bank (an academy of the Larkmoor trust) with a logo of its own, the trust's logo and a
    picture in a clause of its own."""
    project = Project(copy_project(root, ["larkmoor-elm"]))
    Image.new("RGB", (320, 120), "#24506b").save(project.root / "data" / "schools" / "logos" / "larkmoor.png")
    trust = project.root / "data" / "trusts" / "larkmoor.yml"
    trust.write_text(trust.read_text(encoding="utf-8").replace(
        "  short_name: LLT\n", "  short_name: LLT\n  logo: data/schools/logos/larkmoor.png\n", 1), encoding="utf-8")
    (project.root / "data" / "schools" / "pictures").mkdir()
    shutil.copyfile(PICTURE, project.root / "data" / "schools" / "pictures" / "worry-chart.png")
    academy = project.school_file("larkmoor-elm")
    text = academy.read_text(encoding="utf-8").replace(
        "  short_name: Elm Bank\n", "  short_name: Elm Bank\n  logo: data/schools/logos/demo.png\n", 1)
    academy.write_text(text + OWN, encoding="utf-8")
    return project


def test_the_readers_read_each_picture_once_and_check_says_what_is_wrong(tmp_path):
    project = academy_with_pictures(tmp_path / "project")
    school = check_one(project, project.school_file("larkmoor-elm"), load_shared(project, DAY), DAY)[0].school
    read = pictures_of(project.root, school)
    assert read.logo and read.trust_logo and list(read.own) == ["data/schools/pictures/worry-chart.png"]
    (project.root / "data" / "schools" / "logos" / "larkmoor.png").write_text("<html>", encoding="utf-8")
    assert isinstance(pictures_of(project.root, school).trust_logo, LogoError)


def test_the_writers_read_no_school_file_they_take_the_pictures_from_the_document(tmp_path):
    project = academy_with_pictures(tmp_path / "project")
    document, _ = check_one(project, project.school_file("larkmoor-elm"), load_shared(project, DAY), DAY)
    assert document.pictures.logo and document.pictures.trust_logo and document.pictures.own
    shutil.rmtree(project.root / "data" / "schools" / "logos")  # from here on, nothing may read them
    shutil.rmtree(project.root / "data" / "schools" / "pictures")

    docs = tmp_path / "docs"
    write_logos(document, docs)
    for name in (LOGO_FILE, FAVICON_FILE, TRUST_LOGO_FILE, "assets/school-pictures/own-worry-chart.png"):
        assert (docs / name).is_file(), name
    with Image.open(docs / TRUST_LOGO_FILE) as trust:
        assert trust.size == (320, 120)  # the trust's own logo, not the academy's
    assert site_config(document)["extra"]["school"]["trust_logo"] == TRUST_LOGO_FILE

    assert set(cover_images(document)) == {COVER_LOGO, TRUST_LOGO}
    job = pack_job(document, project, print_environment(project.content / "print"))
    assert {COVER_LOGO, TRUST_LOGO} < set(dict(job.images)) and len(dict(job.images)) == 3  # and the clause's picture


def test_an_academy_showing_the_trusts_logo_as_its_own_shows_it_once(tmp_path):
    project = academy_with_pictures(tmp_path / "project")
    academy = project.school_file("larkmoor-elm")
    academy.write_text(academy.read_text(encoding="utf-8").replace(
        "logo: data/schools/logos/demo.png", "logo: data/schools/logos/larkmoor.png"), encoding="utf-8")
    document, _ = check_one(project, academy, load_shared(project, DAY), DAY)
    assert document.pictures.logo and document.pictures.trust_logo is None
    assert set(cover_images(document)) == {COVER_LOGO}
    assert "trust_logo" not in site_config(document)["extra"]["school"]


def test_a_picture_in_an_own_clause_of_a_further_kind_is_written_into_the_site(tmp_path):
    """An own clause may go in the school's second policy (`kind:`): its picture is in the site too."""
    project = Project(copy_project(tmp_path / "project", ["demo"]))
    (project.root / "data" / "schools" / "pictures").mkdir()
    shutil.copyfile(PICTURE, project.root / "data" / "schools" / "pictures" / "worry-chart.png")
    school = project.school_file("demo")
    own = OWN.replace("clauses:\n  add:\n", "").replace("      section: child-protection\n",
                                                        "      section: online-risks\n      kind: online-safety\n")
    text = school.read_text(encoding="utf-8").replace("  adopt: standard", "  kinds: [social-media, online-safety]\n  adopt: standard", 1)
    assert "  add:\n    - id: own.live-streaming" in text
    school.write_text(text.replace("  add:\n", "  add:\n" + own, 1), encoding="utf-8")
    document, problems = check_one(project, school, load_shared(project, DAY), DAY)
    assert document is not None, problems
    assert not any(c.id == "own.worry-chart" for c in document.clauses())  # not in the main policy
    (further,) = document.further
    assert further.clause("own.worry-chart") is not None
    docs = tmp_path / "docs"
    write_logos(document, docs)
    assert (docs / "assets/school-pictures/own-worry-chart.png").is_file()


def test_a_trusts_logo_is_decoded_once_a_build_for_all_its_academies(tmp_path, monkeypatch):
    """check_all (every build's first step) decodes the trust's logo once for its three academies; a file
    changed before the next build (serve's) is decoded again, as is one changed within it."""
    from generator import build
    from generator.readers import logo

    project = academy_with_pictures(tmp_path / "project")
    for slug in ("larkmoor-ashby", "larkmoor-castle"):
        shutil.copyfile(ROOT / "data" / "schools" / f"{slug}.yml", project.school_file(slug))
    trust_logo = project.root / "data" / "schools" / "logos" / "larkmoor.png"
    decoded: list[str] = []
    real = logo.decoded

    def counted(data, given, *args):
        decoded.append(given)
        return real(data, given, *args)

    monkeypatch.setattr(logo, "decoded", counted)  # counted, then decoded as ever
    slugs = ["larkmoor-ashby", "larkmoor-castle", "larkmoor-elm"]
    checked = build.check_all(project, slugs, DAY)
    assert decoded.count("data/schools/logos/larkmoor.png") == 1, decoded
    pictures = [doc.pictures for doc in checked.documents]  # Ashby and Castle show it as their own logo
    logos = [pictures[0].logo, pictures[1].logo, pictures[2].trust_logo]
    assert logos[0] is not None and logos[0] is logos[1] is logos[2]

    Image.new("RGB", (200, 100), "#6b2450").save(trust_logo)
    again = build.check_all(project, slugs, DAY)
    assert decoded.count("data/schools/logos/larkmoor.png") == 2
    assert again.documents[0].pictures.logo.size == (200, 100)  # type: ignore[union-attr]

    seen = logo.Decoded()
    school = checked.documents[2].school  # Elm Bank: a logo of its own, and its trust's
    assert pictures_of(project.root, school, seen).trust_logo is pictures_of(project.root, school, seen).trust_logo
    Image.new("RGB", (90, 40), "#245024").save(trust_logo)
    assert pictures_of(project.root, school, seen).trust_logo.size == (90, 40)  # type: ignore[union-attr]
