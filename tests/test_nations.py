"""Right for every nation and phase: starters from `new`, the demo schools, and `check`'s warnings about words."""
from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, run_cli

from generator.build import check_all
from generator.project import Project
from generator.starter import write_starter
from generator.vocabulary import NATIONS, PHASES

DAY = dt.date(2026, 12, 1)
BUILT = {"england-nursery": "england", "wales-secondary": "wales", "scotland-all-through": "scotland",
         "northern-ireland-special": "northern-ireland"}  # one per nation, with mkdocs
# Words that are wrong for a nursery policy: sanctions, prosecution, device searching, PSHE, app-age lists.
NURSERY_WRONG = re.compile(r"\bexclu(ded|sion)\b|\bexpel(led)?\b|\bsuspended or\b|prosecution|\bPSHE\b|"
                           r"Searching, screening|search (pupils|children|their devices)|minimum age it sets|"
                           r"social media in lessons|\bstudents\b(?! on placement)|\bpupils?\b", re.I)


@functools.cache  # read once: foreign_words runs for every text of every starter
def own_words() -> dict[str, list[re.Pattern]]:
    data = yaml.safe_load((ROOT / "content" / "reference" / "jurisdictions.yml").read_text(encoding="utf-8"))
    return {p["id"]: [re.compile(w) for w in p["own_words"]] for p in data["jurisdictions"]}


def foreign_words(text: str, nation: str) -> list[str]:
    """Every word from another nation's vocabulary found in text, with a little context."""
    found = []
    for other, patterns in own_words().items():
        for pattern in patterns if other != nation else []:
            found += [f"{other} word {m.group()!r}: ...{text[max(0, m.start() - 50):m.end() + 20]!r}"
                      for m in pattern.finditer(text)]
    return found


def page_text(path: Path) -> str:
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", raw))


@pytest.fixture(scope="module")
def starters(tmp_path_factory) -> Path:
    """A project holding a starter for every nation and phase; one made through the real command."""
    root = copy_project(tmp_path_factory.mktemp("starters"), schools=[])
    result = run_cli("new", "scotland-nursery", "--name", "Wee Ones Nursery", "--jurisdiction", "scotland",
                     "--phase", "nursery", cwd=root)
    assert result.returncode == 0, result.stderr
    for nation in NATIONS:
        for phase in PHASES:
            if (nation, phase) != ("scotland", "nursery"):
                write_starter(Project(root), f"{nation}-{phase}", f"Test {phase.title()} School", DAY, nation, phase)
    return root


@pytest.fixture(scope="module")
def starter_documents(starters):
    checked = check_all(Project(starters), [], DAY)
    return checked, {d.slug: d for d in checked.documents}


@pytest.fixture(scope="module")
def starter_site(starters) -> Path:
    out = starters / "site"
    result = run_cli("build", *BUILT, "--out", str(out), "--date", DAY.isoformat(), cwd=starters)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def document_texts(document) -> list[tuple[str, str]]:
    texts = [(c.id, c.markdown) for c in document.clauses()]
    texts += [(f"section {s.id}", f"{s.title}\n{s.intro_markdown}") for s in document.sections]
    texts += [(f"guide {g.guide.id}", g.markdown) for g in document.guides]
    return texts + [(f"form {f.id}", f.markdown) for f in document.forms]


def test_every_nation_and_phase_has_a_starter_that_checks_clean(starter_documents):
    checked, documents = starter_documents
    assert sorted(documents) == sorted(f"{n}-{p}" for n in NATIONS for p in PHASES)
    school_warnings = [str(w) for w in checked.warnings if w.path is not None]
    assert not school_warnings, school_warnings


@pytest.mark.parametrize("nation", NATIONS)
def test_starters_use_only_their_own_nations_words(starter_documents, nation):
    _, documents = starter_documents
    for phase in PHASES:
        document = documents[f"{nation}-{phase}"]
        found = [f"{phase} {where}: {hit}" for where, text in document_texts(document)
                 for hit in foreign_words(text, nation)]
        assert not found, found


def test_starters_leave_out_the_titles_their_nation_supplies(starters, starter_documents):
    _, documents = starter_documents
    data = yaml.safe_load((starters / "data" / "schools" / "northern-ireland-primary.yml").read_text())
    assert "title" not in data["roles"]["headteacher"] and "title" not in data["roles"]["dsl"]
    ni = {c.id: c.text for c in documents["northern-ireland-primary"].clauses()}
    assert ni["roles.head-day-to-day"].startswith("The principal is responsible")
    assert "the board of governors" in ni["roles.complaints"].lower()
    scotland = {c.id: c.text for c in documents["scotland-primary"].clauses()}
    assert "child protection coordinator" in scotland["roles.child-protection-lead"]
    assert "members of the education authority" not in " ".join(scotland.values())
    assert "members of the Parent Council" in scotland["scope.who"]


def test_group_members_read_as_a_sentence(starter_documents):
    _, documents = starter_documents
    team = {c.id: c.text for c in documents["england-primary"].clauses()}["roles.esafety-team"]
    assert "It is made up of the headteacher and the computing lead." in " ".join(team.split())


def test_nursery_policies_have_nothing_wrong_for_young_children(starter_documents):
    _, documents = starter_documents
    for nation in NATIONS:
        document = documents[f"{nation}-nursery"]
        ids = {c.id for c in document.clauses()}
        assert {"pupils.age-limits", "pupils.breaches", "pupils.lesson-time", "appendices.site-contacts"}.isdisjoint(ids)
        assert {"pupils.young-children", "online-rules.early-years"} <= ids
        wrong = [f"{c.id}: {m.group()!r}" for c in document.clauses() for m in NURSERY_WRONG.finditer(c.text)]
        assert not wrong, (nation, wrong)
        assert "searching-screening-confiscation" not in {law.id for law in document.context["laws"]}


def test_each_phase_gets_its_own_words(starter_documents):
    _, documents = starter_documents
    def clause(slug: str, cid: str) -> str:
        return " ".join({c.id: c.text for c in documents[slug].clauses()}[cid].split())
    assert clause("england-secondary", "roles.pupils").startswith("In ways that suit their age, students must")
    lessons = clause("northern-ireland-secondary", "cyber-bullying.education")
    assert "in Learning for Life and Work lessons and as part of Using ICT" in lessons
    both = clause("northern-ireland-all-through", "cyber-bullying.education")
    assert "Personal Development and Mutual Understanding and Learning for Life and Work" in both
    assert "suspended or expelled" in clause("northern-ireland-special", "pupils.breaches")
    assert "may be excluded." in clause("scotland-secondary", "pupils.breaches")
    assert "school session" in clause("scotland-primary", "data-protection.annual-consent")
    assert "Health and Well-being lessons and as part of Digital Competence" in clause("wales-all-through",
                                                                                     "cyber-bullying.education")


def test_one_starter_per_nation_builds_and_its_pages_use_its_words(starter_site, starters):
    for slug, nation in BUILT.items():
        pages = sorted((starter_site / slug).rglob("*.html"))
        assert len(pages) > 10
        found = [f"{p.relative_to(starter_site)}: {hit}" for p in pages for hit in foreign_words(page_text(p), nation)]
        assert not found, found
    home = page_text(starter_site / "northern-ireland-special" / "index.html")
    assert "Police Service of Northern Ireland" in home and "101" in home
    assert "Police Scotland" in page_text(starter_site / "scotland-all-through" / "parents" / "index.html")


@pytest.mark.parametrize("slug,nation", [("demo-wales", "wales"), ("demo-scotland", "scotland"), ("demo-ni", "northern-ireland")])
def test_demo_schools_use_only_their_nations_words(built_site, slug, nation):
    pages = sorted((built_site / slug).rglob("*.html"))
    found = [f"{p.relative_to(built_site)}: {hit}" for p in pages for hit in foreign_words(page_text(p), nation)]
    assert not found, found
    data = json.loads((built_site / slug / "clauses.json").read_text(encoding="utf-8"))
    text = " ".join(c["text"] for s in data["sections"] for c in s["clauses"])
    assert not foreign_words(text, nation)


def warnings_for(project: Path, slug: str) -> str:
    result = run_cli("check", slug, "--date", DAY.isoformat(), cwd=project)
    assert result.returncode == 0, result.stderr
    return result.stderr


def test_check_warns_where_a_title_is_another_nations_word(tmp_path):
    root = copy_project(tmp_path, schools=[])
    for nation in ("northern-ireland", "scotland", "wales"):
        write_starter(Project(root), nation, "Word Test School", DAY, nation, "primary")
    ni = root / "data" / "schools" / "northern-ireland.yml"
    ni.write_text(ni.read_text().replace("  headteacher: {}", "  headteacher: {title: headteacher}")
                  .replace('members: ["{{ roles.headteacher }}",', "members: [principal,"))
    scot = root / "data" / "schools" / "scotland.yml"
    scot.write_text(scot.read_text().replace("  phase: primary", "  governing_body: governing body\n  phase: primary"))
    wales = root / "data" / "schools" / "wales.yml"
    wales.write_text(wales.read_text().replace("  dsl: {}", "  dsl: {title: designated safeguarding lead}"))
    def line(path, text):
        return next(i for i, written in enumerate(path.read_text().splitlines(), 1) if text in written)

    out = warnings_for(root, "northern-ireland")
    assert f"northern-ireland.yml:{line(ni, 'headteacher: {title')}:" in out
    assert "'headteacher' is the word in England, Wales and Scotland; schools in Northern Ireland say 'principal'" in out
    assert "'principal' reads badly in a sentence" in out and "write 'the principal'" in out
    out = warnings_for(root, "scotland")
    assert f"scotland.yml:{line(scot, 'governing_body:')}:" in out and "say 'education authority'" in out
    out = warnings_for(root, "wales")
    assert f"wales.yml:{line(wales, 'dsl: {title')}:" in out and "say 'designated safeguarding person'" in out
