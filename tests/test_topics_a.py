"""Online safety topics (issue 21, point 2): risks and the whole-school approach, filtering and monitoring,
school devices and accounts, remote learning, email and messaging, the website and official accounts,
data security and breaches, and generative AI.

A new online safety school of every nation and phase, at `adopt: standard`, covers each topic; `clauses
--all` lists them; one real build per nation (a module fixture) shows each topic, and its nation and
phase variants, on the built pages.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from functools import lru_cache
from pathlib import Path

import pytest
import textstat
import yaml
from conftest import ROOT, copy_project, one_guide, run_cli

from generator.check import school_problems
from generator.project import Project
from generator.readers.library import Library, read_library
from generator.readers.logo import pictures_of
from generator.readers.reference import Reference, read_reference
from generator.readers.school import read_school
from generator.resolve.resolver import resolve
from generator.starter import write_starter

DAY = dt.date(2026, 12, 5)
NATIONS = ["england", "wales", "scotland", "northern-ireland"]
PHASES = ["nursery", "primary", "secondary", "all-through", "special"]

# Each topic: the library sections that hold it (a school of kind online-safety has clauses from each).
TOPICS = {
    "risks and the whole-school approach": ["online-risks"],
    "filtering and monitoring": ["filtering-monitoring"],
    "school devices and accounts": ["devices-accounts"],
    "video lessons and remote learning": ["remote-learning"],
    "email and messaging": ["email-messaging"],
    "website and official accounts": ["school-accounts"],
    "data security and breaches": ["data-protection"],
    "generative AI": ["generative-ai"],
}
# Clauses that must be in every online safety policy of every nation and phase, at adopt: standard.
EVERYWHERE = ["online-risks.whole-school", "filtering-monitoring.review", "filtering-monitoring.alerts",
              "devices-accounts.belong-to-school", "devices-accounts.two-step", "email-messaging.school-accounts-only",
              "email-messaging.urgent", "email-messaging.replies-two-days", "school-accounts.website",
              "school-accounts.negative-posts", "school-accounts.closing", "data-protection.law-security",
              "data-protection.breach-steps", "generative-ai.approval", "generative-ai.staff-use"]

# Clauses only one nation's schools get (at adopt: standard, a maintained primary school).
NATION_ONLY = {
    "england": ["online-risks.national-guidance", "filtering-monitoring.standards", "filtering-monitoring.named-leads",
                "generative-ai.product-standards"],
    "wales": ["filtering-monitoring.wales-standard"],
    "scotland": ["filtering-monitoring.council-service", "generative-ai.local-authority-tools"],
    "northern-ireland": ["filtering-monitoring.managed-service"],
}
# Clauses written for a nursery, and the ones a nursery gets instead of them.
NURSERY_ONLY = ["online-risks.four-areas-young", "online-risks.tell-someone-young", "online-risks.young-voice",
                "filtering-monitoring.supervision-young", "devices-accounts.young-children",
                "remote-learning.young-children", "generative-ai.young-children", "email-messaging.suspicious-staff"]
SCHOOL_ONLY = ["online-risks.four-areas", "online-risks.tell-someone", "online-risks.pupil-voice",
               "filtering-monitoring.supervision", "filtering-monitoring.when-blocked", "devices-accounts.own-login",
               "remote-learning.one-to-one", "remote-learning.pupils-at-home", "generative-ai.no-personal-details",
               "generative-ai.fake-images", "email-messaging.suspicious"]
# Honesty in work: written for each phase that hands work in.
OWN_WORK = {"nursery": None, "primary": "generative-ai.own-work-primary", "secondary": "generative-ai.own-work",
            "all-through": "generative-ai.own-work", "special": "generative-ai.own-work"}
OUR_SECTIONS = {section for sections in TOPICS.values() for section in sections}


@lru_cache(maxsize=None)
def shared() -> tuple[Library, Reference]:
    return read_library(ROOT / "content", ROOT), read_reference(ROOT / "content" / "reference", DAY)


def starter(project: Path, slug: str, nation: str, phase: str, *extra: str) -> Path:
    result = run_cli("new", slug, "--name", f"{nation.title()} {phase.title()} Test", "--jurisdiction", nation,
                     "--phase", phase, "--kind", "online-safety", *extra, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "data" / "schools" / f"{slug}.yml"


@pytest.fixture(scope="module")
def starters(tmp_path_factory) -> Path:
    """A project holding a new online safety school of every nation and phase, as `new` writes them."""
    project = copy_project(tmp_path_factory.mktemp("topics") / "project", [])
    starter(project, "england-primary", "england", "primary")  # one through the real command
    for nation in NATIONS:
        for phase in PHASES:
            if (nation, phase) != ("england", "primary"):
                write_starter(Project(project), f"{nation}-{phase}", f"{nation.title()} {phase.title()} Test", DAY,
                              nation, phase, kind="online-safety")
    return project


def clause_ids(path: Path) -> set[str]:
    school = read_school(path)
    library, reference = shared()
    problems = school_problems(school, library, reference, pictures_of(ROOT, school.data), DAY)
    assert not [p for p in problems if p.severity == "error"], [str(p) for p in problems]
    return {c.id for c in resolve(school, library, reference).clauses()}


def test_every_new_online_safety_school_checks_clean(starters):
    result = run_cli("check", "--date", DAY.isoformat(), cwd=starters)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower(), result.stdout + result.stderr


@pytest.mark.parametrize("nation", NATIONS)
@pytest.mark.parametrize("phase", PHASES)
def test_each_topic_is_covered_at_standard(starters, nation, phase):
    ids = clause_ids(starters / "data" / "schools" / f"{nation}-{phase}.yml")
    for topic, sections in TOPICS.items():
        assert any(i.split(".")[0] in sections for i in ids), f"{topic} missing for {nation} {phase}"
    for other, only in NATION_ONLY.items():
        for clause in only:
            if other != nation:
                assert clause not in ids, f"{clause} (for {other}) is in a {nation} policy"
            elif phase == "primary":
                assert clause in ids, f"{clause} missing for {nation} {phase}"
    for clause in NURSERY_ONLY:
        assert (clause in ids) == (phase == "nursery"), (clause, phase)
    for clause in SCHOOL_ONLY:
        assert (clause in ids) == (phase != "nursery"), (clause, phase)
    for clause in EVERYWHERE:
        assert clause in ids, (clause, nation, phase)
    assert {i for i in ids if i.startswith("generative-ai.own-work")} == ({OWN_WORK[phase]} - {None})
    assert ("generative-ai.national-guidance" in ids) == (nation != "northern-ireland"), (nation, phase)


def test_an_english_early_years_setting_gets_no_school_standards(tmp_path):
    project = copy_project(tmp_path / "p", [])
    ids = clause_ids(starter(project, "acorns", "england", "nursery", "--type", "early-years-setting"))
    assert "filtering-monitoring.standards" not in ids and "filtering-monitoring.own-arrangements" in ids
    assert "online-risks.four-areas-young" in ids
    assert "generative-ai.product-standards" not in ids and "generative-ai.young-children" in ids


def test_an_acceptable_use_policy_holds_the_rules_for_the_school_systems(tmp_path):
    project = copy_project(tmp_path / "p", [])
    path = starter(project, "aup", "wales", "secondary")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["policy"]["kind"] = "acceptable-use"
    data["policy"].pop("title", None)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    ids = clause_ids(path)
    for section in ("filtering-monitoring", "devices-accounts", "remote-learning", "email-messaging",
                    "data-protection", "generative-ai"):
        assert any(i.startswith(section + ".") for i in ids), section
    assert not any(i.startswith(("online-risks.", "school-accounts.")) for i in ids)
    assert "data-protection.annual-consent" not in ids  # photo consent belongs to other kinds


def test_the_parent_messages_choice_sets_its_clause(tmp_path):
    project = copy_project(tmp_path / "p", [])
    path = starter(project, "quick", "scotland", "primary")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["choices"]["parent-messages"] = "acknowledged-next-day"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    ids = clause_ids(path)
    assert "email-messaging.replies-acknowledged" in ids and "email-messaging.replies-two-days" not in ids


def test_social_media_policies_are_unchanged_by_these_topics():
    """The example schools publish social media policies: none of the new clauses reaches them."""
    new = {c.id for _, c in our_clauses() if c.id.split(".")[0] in
           {"online-risks", "filtering-monitoring", "devices-accounts", "remote-learning", "email-messaging",
            "generative-ai"}}
    library, _ = shared()
    for section in library.sections:
        for clause in section.clauses:
            if section.id in {"data-protection", "school-accounts"} and "social-media" in section.kinds_of(clause):
                assert not clause.id.startswith(("data-protection.breach-", "data-protection.law-security",
                                                 "school-accounts.negative-posts")), clause.id
    for slug in ("demo", "demo-wales", "demo-scotland", "demo-ni"):
        ids = clause_ids(ROOT / "data" / "schools" / f"{slug}.yml")
        assert not ids & new, (slug, ids & new)


def test_clauses_all_lists_every_topic(starters):
    result = run_cli("clauses", "england-primary", "--all", cwd=starters)
    assert result.returncode == 0, result.stdout + result.stderr
    listed = set(re.findall(r"\b([a-z0-9-]+)\.[a-z0-9-]+\b", result.stdout))
    for topic, sections in TOPICS.items():
        assert set(sections) <= listed, (topic, sections)
    for clause in NATION_ONLY["england"] + SCHOOL_ONLY:
        assert clause in result.stdout


def our_clauses():
    library, _ = shared()
    for section in library.sections:
        if section.id in OUR_SECTIONS:
            yield from ((section, clause) for clause in section.clauses)


def test_pupil_lines_are_easy_to_read():
    """Every pupil line in these sections reads at Flesch 80 or more: words a nine-year-old can read."""
    lines = [(c.id, c.pupil) for _, c in our_clauses() if c.pupil]
    assert lines
    for clause, line in lines:
        assert textstat.flesch_reading_ease(line) >= 80, (clause, line, textstat.flesch_reading_ease(line))
        assert "{{" not in line and len(line) <= 140, clause


def test_clauses_that_ask_pupils_carry_a_pupil_line():
    for section, clause in our_clauses():
        if section.audience_of(clause) == "pupils":
            assert clause.pupil, clause.id


# --- one real build per nation, read as a reader sees it ------------------------------------------------

BUILT = {"england": ["primary", "nursery"], "wales": ["secondary"], "scotland": ["primary"],
         "northern-ireland": ["primary"]}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """One project with the schools above, built once with the real CLI and MkDocs."""
    project = copy_project(tmp_path_factory.mktemp("topics-build") / "project", [])
    slugs = []
    for nation, phases in BUILT.items():
        for phase in phases:
            one_guide(starter(project, f"{nation}-{phase}", nation, phase))  # the policy pages are read, no guide
            slugs.append(f"{nation}-{phase}")
    out = project.parent / "site"
    result = run_cli("build", *slugs, "--out", str(out), "--jobs", "1", "--quiet", "--date", DAY.isoformat(),
                     cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return {slug: out / slug for slug in slugs}


def page(site: Path) -> tuple[str, set[str]]:
    raw = (site / "policy" / "index.html").read_text(encoding="utf-8")
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())
    return text, set(re.findall(r'data-clause-id="([^"]+)"', raw))


@pytest.mark.slow
def test_each_topic_on_the_built_policy_pages(builds):
    """One test over every built school, so that a parallel run builds the sites only once."""
    for slug, site in builds.items():
        text, ids = page(site)
        nation = next(n for n in NATIONS if slug.startswith(n))
        for topic, sections in TOPICS.items():
            assert any(i.split(".")[0] in sections for i in ids), f"{topic} not on {slug}'s page"
        setting = "nursery" if slug.endswith("nursery") else "school"  # the setting's own word (issue 23)
        for title in (f"Risks online and how the whole {setting} responds", "Filtering and monitoring",
                      "School devices, accounts and online storage", "Email and messages",
                      f"The {setting} website and official accounts", "Personal data and information security",
                      "Artificial intelligence (AI) tools"):
            assert title in text, (slug, title)
        assert "Photos, videos and personal data" not in text
        for clause in NATION_ONLY[nation]:
            assert clause in ids or slug.endswith("nursery"), (slug, clause)
        for other, only in NATION_ONLY.items():
            if other != nation:
                assert not set(only) & ids, (slug, other)
    check_nation_words(builds)
    check_phase_words(builds)


def check_nation_words(builds):
    england, _ = page(builds["england-primary"])
    assert "filtering and monitoring standards set for schools in England" in england
    assert "four areas of risk that Keeping children safe in education" in england
    wales, _ = page(builds["wales-secondary"])
    assert "web filtering and online safeguarding standards set for schools in Wales" in wales
    assert "designated safeguarding person" in wales and "Keeping children safe" not in wales
    scotland, _ = page(builds["scotland-primary"])
    assert "are provided by the education authority" in scotland
    assert "Generative AI product safety standards" in england  # the edition in force on the build day
    assert "within 72 hours of finding out" in england
    assert "Generative artificial intelligence in education" in wales
    assert "(AI) in schools: guidelines and guardrails" in scotland
    assert "AI tools that the education authority has approved" in scotland
    ni, _ = page(builds["northern-ireland-primary"])
    assert "come through C2k" in ni and "board of governors must be told" in ni
    assert "national guidance on AI" not in ni and "The principal approves each one" in ni
    for other in (wales, scotland, ni):
        assert "product safety" not in other and "Department for Education" not in other


def check_phase_words(builds):
    nursery, ids = page(builds["england-nursery"])
    assert "four ways in which young children can come to harm" in nursery
    assert "with an adult close by" in nursery
    assert "online-risks.four-areas" not in ids
    primary, ids = page(builds["england-primary"])
    assert "If a page is blocked" not in primary  # the pupil line is for the pupils' page, not the policy
    assert "group the harm that can happen online into four areas" in primary
    assert "online-risks.four-areas-young" not in ids
    assert "Children do not use AI tools themselves" in nursery and "Children do not have their own accounts" in nursery
    assert "Do your own work" not in primary and "work should show what they can do themselves" in primary
    wales, _ = page(builds["wales-secondary"])
    assert "Handing in work made by AI as if it were their own is cheating" in wales
