"""Online safety topics (issue 21, point 2): personal devices, images, harmful sexual behaviour online,
searching, incidents and sanctions, education and training, and pupils with SEND.

Each topic is a library section with core, standard and extra clauses, right for each nation and phase.
The fast tests check a starter of every nation and phase with `policy.kind: online-safety`; the slow
ones build one school per nation with the real CLI and MkDocs and read the policy page's HTML.
"""
from __future__ import annotations

import datetime as dt
import functools
import html
import re
import shutil
from pathlib import Path

import pytest
import textstat
import yaml
from conftest import ROOT, copy_project, one_guide, run_cli
from test_nations import NURSERY_WRONG, foreign_words

from generator.build import check_all, check_one, load_shared
from generator.project import Project
from generator.starter import write_starter
from generator.vocabulary import NATIONS, PHASES

DAY = dt.date(2026, 12, 5)
LEVELS = ("core", "standard", "extra")

# topic -> (section id, clauses every online-safety school at adopt: standard has, by phase group)
TOPICS = {
    "personal devices": ("personal-devices", {"school": ["personal-devices.staff-phones", "personal-devices.phones-taken",
                                                          "personal-devices.trips-staff", "personal-devices.byod-security"],
                                              "nursery": ["personal-devices.nursery-children",
                                                          "personal-devices.staff-phones-early-years"]}),
    "images and video": ("images-video", {"school": ["images-video.consent-each-use", "images-video.storage",
                                                      "images-video.photographers", "images-video.deletion",
                                                      "images-video.supply-and-visiting-staff"],
                                          "nursery": ["images-video.consent-each-use", "images-video.early-years-records"]}),
    "harmful sexual behaviour online": ("sexual-harm-online", {
        "school": ["sexual-harm-online.nudes-staff", "sexual-harm-online.nudes-dsl", "sexual-harm-online.upskirting",
                   "sexual-harm-online.harassment", "sexual-harm-online.fake-images", "sexual-harm-online.sextortion",
                   "sexual-harm-online.who-does-what"],
        "nursery": ["sexual-harm-online.young-children"]}),
    "searching and confiscating": ("searching", {"school": ["searching.purpose", "searching.confiscation",
                                                              "searching.records"], "nursery": []}),
    "incidents and sanctions": ("incidents", {"school": ["incidents.steps", "incidents.dsl-decides", "incidents.records"],
                                              "nursery": ["incidents.steps", "incidents.steps-early-years",
                                                          "incidents.young-children"]}),
    "curriculum and families": ("online-education", {"school": ["online-education.how-taught",
                                                                 "online-education.families-informed",
                                                                 "online-education.families-part"],
                                                      "nursery": ["online-education.early-years",
                                                                  "online-education.families-informed"]}),
    "special educational needs": ("send-online", {"school": ["send-online.extra-risks", "send-online.telling",
                                                              "send-online.plans", "send-online.teaching"],
                                                   "nursery": ["send-online.extra-risks", "send-online.telling"]}),
    "staff training": ("training", {"school": ["training.online-safety-induction", "training.online-safety-yearly",
                                               "training.dsl-online"],
                                    "nursery": ["training.online-safety-induction", "training.dsl-online"]}),
}
# clauses written for one nation (or two): each school has its own and none of another's
NATION_CLAUSES = {
    "england": {"searching.england-powers", "searching.england-how", "searching.when-to-look", "online-education.england"},
    "wales": {"searching.wales", "searching.never-sexual-images", "online-education.wales"},
    "scotland": {"searching.by-agreement", "searching.never-sexual-images", "online-education.scotland",
                 "online-education.parent-forum"},
    "northern-ireland": {"searching.by-agreement", "searching.never-sexual-images", "online-education.northern-ireland"},
}
SANCTIONS = {"nursery": "incidents.young-children", "primary": "incidents.sanctions-primary",
             "secondary": "incidents.sanctions-secondary", "all-through": "incidents.sanctions-secondary",
             "special": "incidents.sanctions-special"}
OWN_FILES = sorted((ROOT / "content" / "library").glob("17[a-g]-*.yml"))


@functools.cache  # read once: ours() asks for every clause of every school
def library_sections() -> dict[str, dict]:
    files = OWN_FILES + [ROOT / "content" / "library" / "07-training.yml"]
    return {data["id"]: data for data in (yaml.safe_load(p.read_text(encoding="utf-8")) for p in files)}


def starter_project(root: Path, kind: str = "online-safety") -> Path:
    project = copy_project(root, schools=[])
    for nation in NATIONS:
        for phase in PHASES:
            write_starter(Project(project), f"{nation}-{phase}", f"Test {phase.title()} School", DAY, nation, phase,
                          kind=kind)
    return project


@pytest.fixture(scope="module")
def starters(tmp_path_factory) -> Path:
    return starter_project(tmp_path_factory.mktemp("topics-b"))


@pytest.fixture(scope="module")
def documents(starters):
    checked = check_all(Project(starters), [], DAY)
    return checked, {d.slug: d for d in checked.documents}


def ours(document) -> list:
    """The clauses of this helper's sections (and training) in one school's policy."""
    return [c for c in document.clauses() if c.id.split(".")[0] in library_sections()]


def test_each_topic_section_has_core_standard_and_extra_clauses():
    sections = library_sections()
    for topic, (section_id, _) in TOPICS.items():
        levels = {c.get("level", sections[section_id].get("level", "standard")) for c in sections[section_id]["clauses"]}
        assert set(LEVELS) <= levels, (topic, levels)
        assert "online-safety" in sections[section_id]["kinds"], topic


def test_every_online_safety_starter_checks_clean(documents):
    checked, found = documents
    assert sorted(found) == sorted(f"{n}-{p}" for n in NATIONS for p in PHASES)
    warnings = [str(w) for w in checked.warnings if w.path is not None]
    assert not warnings, warnings
    assert all(d.kind == "online-safety" for d in found.values())


@pytest.mark.parametrize("nation", NATIONS)
def test_at_standard_each_topic_is_covered_in_every_phase(documents, nation):
    _, found = documents
    for phase in PHASES:
        ids = {c.id for c in found[f"{nation}-{phase}"].clauses()}
        for topic, (_section_id, expected) in TOPICS.items():
            wanted = expected["nursery" if phase == "nursery" else "school"]
            assert set(wanted) <= ids, (nation, phase, topic, set(wanted) - ids)
        assert SANCTIONS[phase] in ids, (nation, phase)
        assert not ({SANCTIONS[p] for p in PHASES} - {SANCTIONS[phase]}) & ids, (nation, phase)
        if phase != "nursery":
            assert NATION_CLAUSES[nation] <= ids, (nation, phase, NATION_CLAUSES[nation] - ids)
        others = set().union(*(v for k, v in NATION_CLAUSES.items() if k != nation)) - NATION_CLAUSES[nation]
        assert not others & ids, (nation, phase, others & ids)
        assert ("send-online.special-school-plan" in ids) == (phase == "special"), (nation, phase)


@pytest.mark.parametrize("nation", NATIONS)
def test_topics_use_only_their_own_nations_words(documents, nation):
    _, found = documents
    hits = [f"{phase} {c.id}: {hit}" for phase in PHASES for c in ours(found[f"{nation}-{phase}"])
            for hit in foreign_words(c.text, nation)]
    assert not hits, hits


def test_nursery_topics_have_nothing_wrong_for_young_children(documents):
    _, found = documents
    for nation in NATIONS:
        wrong = [f"{c.id}: {m.group()!r}" for c in ours(found[f"{nation}-nursery"]) for m in NURSERY_WRONG.finditer(c.text)]
        assert not wrong, (nation, wrong)


def test_pupil_lines_are_easy_to_read():
    """Each pupil line reads at Flesch 80 or more, and sits on a clause that speaks to pupils or everyone."""
    for section in library_sections().values():
        for clause in section["clauses"]:
            line = clause.get("pupil")
            if line is None:
                continue
            assert "{" not in line and len(line) <= 110, clause["id"]
            assert textstat.flesch_reading_ease(line) >= 80, (clause["id"], line, textstat.flesch_reading_ease(line))


def test_clauses_all_lists_every_topic(starters):
    result = run_cli("clauses", "england-secondary", "--all", cwd=starters)
    assert result.returncode == 0, result.stderr
    for _, (_section_id, expected) in TOPICS.items():
        for clause_id in expected["school"]:
            assert re.search(rf"^\d+\.\d+\s+{re.escape(clause_id)}\s", result.stdout, re.M), clause_id
    # variants the school did not choose are listed as left out, with the reason
    assert re.search(r"^-\s+personal-devices\.phones-handed-in\s", result.stdout, re.M)


def test_phone_options_each_set_their_own_clause(tmp_path):
    """Every pupil-phones option gives a secondary school in England its own clause; only one at a time."""
    project = copy_project(tmp_path / "p", schools=[])
    path = write_starter(Project(project), "england-secondary", "Test Secondary School", DAY, "england", "secondary",
                         kind="online-safety")
    base = path.read_text(encoding="utf-8")
    shared = load_shared(Project(project), DAY)
    options = ["phone-free", "handed-in", "off-and-away", "locked-pouch", "not-brought", "break-and-lunch", "school-policy"]
    always = {"personal-devices.phones-exceptions", "personal-devices.phones-contact-home", "personal-devices.phones-taken"}
    seen = {}
    for option in options:
        path.write_text(base.replace("choices:\n", f"choices:\n  pupil-phones: {option}\n", 1), encoding="utf-8")
        document, problems = check_one(Project(project), path, shared, DAY)
        assert not [p for p in problems if p.severity == "error"], problems
        seen[option] = {c.id for c in document.clauses() if c.id.startswith("personal-devices.phones-")} - always
    assert all(len(v) == 1 for v in seen.values()), seen
    assert len({frozenset(v) for v in seen.values()}) == len(options)
    # England's guidance expects a phone-free day: a school that departs from it says so
    path.write_text(base.replace("choices:\n", "choices:\n  pupil-phones: break-and-lunch\n", 1), encoding="utf-8")
    document, _ = check_one(Project(project), path, shared, DAY)
    text = {c.id: " ".join(c.text.split()) for c in document.clauses()}["personal-devices.phones-break-and-lunch"]
    assert "This departs from Mobile phones in schools" in text


# --- Built pages (slow): one school per nation, with the real CLI and MkDocs -----------------------------

BUILT = {"england-secondary": "england", "wales-primary": "wales", "scotland-nursery": "scotland",
         "northern-ireland-special": "northern-ireland"}


@pytest.fixture(scope="module")
def builds(starters, tmp_path_factory) -> Path:
    """The starters above, each with one parent guide (the policy pages are read, no guide), in a project of
    their own: `starters` stays as `new` wrote it for the other tests."""
    project = copy_project(tmp_path_factory.mktemp("topics-b-build"), schools=[])
    for slug in BUILT:
        school = project / "data" / "schools" / f"{slug}.yml"
        shutil.copyfile(starters / "data" / "schools" / f"{slug}.yml", school)
        one_guide(school)
    out = project / "site"
    result = run_cli("build", *BUILT, "--out", str(out), "--date", DAY.isoformat(), "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def policy_html(site: Path, slug: str) -> str:
    return (site / slug / "policy" / "index.html").read_text(encoding="utf-8")


def text_of(markup: str) -> str:
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


@pytest.mark.parametrize("slug", BUILT)
def test_built_pages_carry_every_topic(builds, slug):
    page = text_of(policy_html(builds, slug))
    headings = ["Phones, smart watches and other personal devices", "Photos and videos",
                "Sexual harassment and sexual images online", "When something goes wrong online",
                "Teaching online safety, and working with families", "with special educational needs and disabilities",
                "Training"]
    nursery = slug.endswith("nursery")
    for heading in headings:
        assert heading in page, (slug, heading)
    assert ("Searching and confiscating devices" in page) != nursery, slug


def test_built_pages_carry_nation_and_phase_variants(builds):
    england = text_of(policy_html(builds, "england-secondary"))
    assert "The most serious cases may mean a student is suspended or permanently excluded" in england
    assert "a crime under the Voyeurism (Offences) Act 2019" in england
    assert "may search a student and their belongings without consent" in england
    assert "Searching, screening and confiscation: guidance for schools" in england
    assert "Education for a Connected World" in england and "relationships, sex and health education" in england
    wales = text_of(policy_html(builds, "wales-primary"))
    assert "in the rarest cases can mean a pupil is excluded for a fixed period or permanently" in wales
    assert "may search a pupil without their agreement only for a weapon" in wales
    assert "across the Curriculum for Wales: in the citizenship strand of Digital Competence" in wales
    assert "without consent when they have reasonable grounds" not in wales
    scotland = text_of(policy_html(builds, "scotland-nursery"))
    assert "Young children are never punished for what happens on a screen" in scotland
    assert "Staff must leave their own phones, smart watches and cameras in a locker" in scotland
    assert "Children begin learning about screens through play and talk, as part of Health and Wellbeing" in scotland
    assert "A young child who behaves in a sexual way" in scotland
    assert "upskirting" not in scotland.lower()
    ni = text_of(policy_html(builds, "northern-ireland-special"))
    assert "in a way that each pupil can understand" in ni
    assert "report it to the Police Service of Northern Ireland (PSNI) on 101" in ni
    assert "a crime under the Justice (Sexual Offences and Trafficking Victims) Act (Northern Ireland) 2022" in ni
    assert "Staff will not search a pupil, their bag or their phone without the pupil's agreement" in ni
    assert "Because every pupil here has additional needs" in ni


@pytest.mark.parametrize("slug", BUILT)
def test_incident_steps_are_a_numbered_list(builds, slug):
    page = policy_html(builds, slug)
    start = page.index("A member of staff who finds out about an incident must")
    steps = page[start:page.index("</ol>", start)]
    assert "<ol>" in steps
    items = re.findall(r"<li>(.*?)</li>", steps, re.S)
    assert len(items) == 8 and text_of(items[0]).startswith("Make sure everyone is safe")


def test_the_cyber_bullying_clause_points_at_the_steps_for_nude_images_rather_than_repeating_them(documents):
    """In an online safety policy the steps for nude and semi-nude pictures are 17c's; the cyber-bullying
    section's exception to its evidence rule points at them. Without them (a nursery) it says the steps."""
    _, found = documents
    for nation in NATIONS:
        school = found[f"{nation}-primary"]
        number = next(c.number for c in school.clauses() if c.id == "sexual-harm-online.nudes-staff")
        text = " ".join(school.clause("cyber-bullying.sexual-images").text.split())
        assert f"nude and semi-nude pictures in {number} instead" in text and "screenshot" not in text, text
        nursery = " ".join(found[f"{nation}-nursery"].clause("cyber-bullying.sexual-images").text.split())
        assert "screenshot it" in nursery and "instead" not in nursery, nursery
