"""Issue 21, done when: a new school of each kind, in each nation and phase, checks clean; each kind's
pages, pack and clauses.json carry its own introduction and scope; no clause names the kind it is in as
another policy.

Every kind, nation and phase is a starter written by `new` (one per kind through the real command, the
rest by the function it calls) and checked in-process as `check` does. Four schools are built for real:
an English secondary publishing all five kinds side by side, and a Welsh nursery, a Scottish primary and a
Northern Irish special school each publishing one kind that is not social media.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, one_guide, run_cli
from pypdf import PdfReader

from generator.build import check_all
from generator.project import Project
from generator.readers.library import read_library
from generator.resolve.links import KIND_WORDS
from generator.starter import write_starter
from generator.vocabulary import NATIONS, PHASES
from generator.vocabulary import POLICY_KINDS as KINDS

DAY = dt.date(2026, 12, 5)
# Each kind's own opening (what the document is for) and its own scope: clauses tagged with that kind alone.
OWN = {
    "social-media": ("intent.context", "scope.any-school-purpose"),
    "online-safety": ("about.online-safety-purpose", "scope.online-safety-what"),
    "acceptable-use": ("about.acceptable-use-purpose", "scope.acceptable-use-what"),
    "mobile-phones": ("about.mobile-phones-purpose", "scope.mobile-phones-what"),
    "images": ("about.images-purpose", "scope.images-what"),
}
ALL_KINDS = "england-secondary-online-safety"  # built publishing every kind, online safety first
ONE_KIND = "wales-nursery-images"  # built publishing one kind that is not social media
# also built, so each nation has a built school and each kind is built on its own or beside the others
ALONE = [ONE_KIND, "scotland-primary-acceptable-use", "northern-ireland-special-mobile-phones"]


def slug(nation: str, phase: str, kind: str) -> str:
    return f"{nation}-{phase}-{kind}"


@pytest.fixture(scope="module")
def starters(tmp_path_factory) -> Path:
    """A project holding a starter for every kind, nation and phase; one of each kind made by the command."""
    root = copy_project(tmp_path_factory.mktemp("kinds"), schools=[])
    by_command = {kind: (NATIONS[i % len(NATIONS)], PHASES[i % len(PHASES)]) for i, kind in enumerate(KINDS)}
    for kind, (nation, phase) in by_command.items():
        result = run_cli("new", slug(nation, phase, kind), "--name", "Test Kinds School", "--kind", kind,
                         "--jurisdiction", nation, "--phase", phase, cwd=root)
        assert result.returncode == 0, result.stdout + result.stderr
    for kind in KINDS:
        for nation in NATIONS:
            for phase in PHASES:
                if by_command[kind] != (nation, phase):
                    write_starter(Project(root), slug(nation, phase, kind), "Test Kinds School", DAY, nation, phase,
                                  kind=kind)
    every = root / "data" / "schools" / f"{ALL_KINDS}.yml"  # one school publishing all five side by side
    data = yaml.safe_load(every.read_text(encoding="utf-8"))
    data["policy"].pop("kind")
    data["policy"].pop("title")
    data["policy"]["kinds"] = ["online-safety", *[k for k in KINDS if k != "online-safety"]]
    every.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def checked(starters):
    return check_all(Project(starters), [], DAY)


def documents(checked):
    """Every document of every school: (slug, document), the further kinds included."""
    for doc in checked.documents:
        for one in (doc, *doc.further):
            yield doc.slug, one


@pytest.mark.slow  # checks 100 schools
def test_a_new_school_of_each_kind_nation_and_phase_checks_clean(checked):
    made = {doc.slug: doc for doc in checked.documents}
    assert sorted(made) == sorted(slug(n, p, k) for k in KINDS for n in NATIONS for p in PHASES)
    for name, doc in made.items():
        assert name.endswith(doc.kind), name
    assert [d.kind for d in (made[ALL_KINDS], *made[ALL_KINDS].further)] == \
        ["online-safety", *[k for k in KINDS if k != "online-safety"]]
    school_warnings = [str(w) for w in checked.warnings if w.path is not None]
    assert not school_warnings, school_warnings


@pytest.mark.slow
def test_each_kind_has_its_own_introduction_and_scope(checked):
    for name, doc in documents(checked):
        ids = {c.id for c in doc.clauses()}
        intro, scope = OWN[doc.kind]
        assert {intro, scope} <= ids, (name, doc.kind)
        others = {i for k, pair in OWN.items() if k != doc.kind for i in pair}
        assert not ids & others, (name, doc.kind, ids & others)
        assert doc.title and doc.context["policy"]["kind"] == doc.kind


def test_no_library_clause_points_at_its_own_kind_as_another_policy():
    """policy_ref(K) in a clause (or a section's introduction) of kind K would read 'this policy' where the
    sentence means another document; and a typed name of a kind must be policy_ref() instead."""
    library = read_library(ROOT / "content", ROOT)
    calls = re.compile(r"policy_ref\(\s*['\"]([a-z-]+)['\"]\s*\)")
    typed = re.compile("|".join(re.escape(w) for w in KIND_WORDS.values()) + r"|e-safety policy", re.I)
    found = []
    for section in library.sections:
        texts = [(f"section {section.id} intro", section.intro or "", section.kinds)]
        texts += [(c.id, c.text, section.kinds_of(c)) for c in section.clauses]
        for where, text, kinds in texts:
            found += [f"{where} (kinds {kinds}) calls policy_ref('{k}')" for k in calls.findall(text) if k in kinds]
            found += [f"{where} types {m.group()!r}: write policy_ref()" for m in typed.finditer(text)]
    assert not found, found


@pytest.mark.slow
def test_no_clause_names_the_kind_it_is_in_as_another_policy(checked):
    found = []
    for name, doc in documents(checked):
        own = re.compile(rf"school's {re.escape(KIND_WORDS[doc.kind])}|this policy (and|as well as|or) this policy",
                         re.I)
        for clause in doc.clauses():
            found += [f"{name} ({doc.kind}) {clause.id}: {m.group()!r}"
                      for m in own.finditer(clause.text.replace("\u2019", "'"))]
    assert not found, found


def test_policy_ref_links_a_kind_the_school_publishes_and_names_others(tmp_path):
    """A staff clause of the social media policy points at the phone policy: a link when published too."""
    root = copy_project(tmp_path / "project", schools=["demo"])
    school = root / "data" / "schools" / "demo.yml"
    data = yaml.safe_load(school.read_text(encoding="utf-8"))
    alone = check_all(Project(root), ["demo"], DAY).documents[0]
    data["policy"]["kinds"] = ["social-media", "mobile-phones"]
    school.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    together = check_all(Project(root), ["demo"], DAY).documents[0]
    assert "the school's mobile phone policy" in alone.clause("staff-personal.phone-policy").markdown.lower()
    assert "[Mobile Phone Policy](mobile-phones.md)" in together.clause("staff-personal.phone-policy").markdown
    assert together.further[0].page == "mobile-phones.md" and together.further[0].title == "Mobile Phone Policy"


def page_text(path: Path) -> str:
    raw = re.sub(r"<(script|style)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split())


def words(text: str, count: int = 8) -> str:
    """The opening words of a clause, as a reader sees them."""
    return " ".join(text.split()[:count])


@pytest.fixture(scope="module")
def built(starters, tmp_path_factory) -> Path:
    """The schools above, each with one parent guide (their kinds' pages and packs are read, no guide), in a
    project of their own: `starters` stays as `new` wrote it for `checked`."""
    project = copy_project(tmp_path_factory.mktemp("kinds-build"), schools=[])
    for name in (ALL_KINDS, *ALONE):
        school = project / "data" / "schools" / f"{name}.yml"
        shutil.copyfile(starters / "data" / "schools" / f"{name}.yml", school)
        one_guide(school)
    out = project / "site"
    result = run_cli("build", ALL_KINDS, *ALONE, "--out", str(out), "--date", DAY.isoformat(), "--jobs", "1",
                     cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.mark.slow  # builds two sites
def test_each_kinds_page_pack_and_clauses_json_carry_its_own_introduction_and_scope(checked, built):
    made = {doc.slug: doc for doc in checked.documents}
    for name in (ALL_KINDS, *ALONE):
        site = built / name
        for doc in (made[name], *made[name].further):
            folder = doc.page.removesuffix(".md")
            page = page_text(site / folder / "index.html")
            pack_path = site / ("downloads/policy-pack.pdf" if doc.page == "policy.md"
                                else f"downloads/{doc.kind}-pack.pdf")
            pack = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pack_path.read_bytes())).pages)
                            .split())
            listed = json.loads((site / ("clauses.json" if doc.page == "policy.md" else f"{doc.kind}/clauses.json"))
                                .read_text(encoding="utf-8"))
            ids = json.dumps(listed)
            assert listed.get("kind", doc.kind) == doc.kind
            for clause_id in OWN[doc.kind]:
                opening = words(doc.clause(clause_id).text)
                assert opening in page, (name, doc.kind, clause_id, opening)
                assert words(doc.clause(clause_id).text, 5) in pack, (name, doc.kind, clause_id)
                assert f'"{clause_id}"' in ids, (name, doc.kind, clause_id)
            for other, pair in OWN.items():
                if other != doc.kind:
                    assert not any(f'"{i}"' in ids for i in pair), (name, doc.kind, other)
            assert doc.title in page and doc.title in pack
    home = page_text(built / ALL_KINDS / "index.html")
    nav = (built / ALL_KINDS / "index.html").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f'href="{"policy" if kind == "online-safety" else kind}/"' in nav, kind
    assert "Online Safety Policy" in home
    assert 'href="pupils/"' in nav and (built / ALL_KINDS / "pupils" / "index.html").is_file()
    for name in ALONE:  # a photography, acceptable use or phone policy alone has no pupils' page
        assert not (built / name / "pupils").exists(), name


@pytest.mark.slow
def test_each_new_school_with_a_pupils_page_has_one_that_reads_easily(checked):
    """The pupils' page of every new online safety or social media policy, each nation and phase."""
    import textstat  # noqa: PLC0415 - only this test measures reading ease

    from generator.markup.markdown import published_html, to_text  # noqa: PLC0415
    from generator.resolve.templating import Renderer  # noqa: PLC0415
    from generator.writers.site.docs_tree import pupil_page, render_page  # noqa: PLC0415

    pages = checked.shared.library.pages
    low = []
    for doc in checked.documents:
        extra = pupil_page(doc)
        has_page = bool({doc.kind, *(f.kind for f in doc.further)} & {"online-safety", "social-media"})
        assert extra["pupil_page"] == has_page, doc.slug
        if has_page:
            text = to_text(published_html(render_page(doc, Renderer(doc.context | extra), pages, "pupils.md")))
            if textstat.flesch_reading_ease(text) < 80 or len(extra["pupil_lines"]) < 3:
                low.append((doc.slug, textstat.flesch_reading_ease(text), len(extra["pupil_lines"])))
    assert not low, low


# The acceptable use agreements each new school lists: the adults' four always, the pupils' by age.
ADULTS = {"aup-staff", "aup-governors", "aup-visitors", "aup-parents"}
PUPILS_AGREEMENTS = {"nursery": {"aup-early-years"}, "primary": {"aup-early-years", "aup-primary"},
                     "secondary": {"aup-secondary"},
                     "all-through": {"aup-early-years", "aup-primary", "aup-secondary"},
                     "special": {"aup-early-years", "aup-primary", "aup-secondary"}}


@pytest.mark.slow
def test_each_new_school_lists_the_agreements_of_its_kinds_and_phase(checked):
    """Issue 21 point 3: agreements adopted per kind and phase. Only an online safety or acceptable use
    policy lists them; a nursery has no written agreement for its children to sign, a secondary school no
    picture rules."""
    from generator.vocabulary import AGREEMENTS  # noqa: PLC0415

    for doc in checked.documents:
        kinds = {doc.kind, *(f.kind for f in doc.further)}
        listed = {f.id for f in doc.listed_forms()} & set(AGREEMENTS)
        phase = doc.school.school.phase
        wanted = ADULTS | PUPILS_AGREEMENTS[phase] if kinds & {"online-safety", "acceptable-use"} else set()
        assert listed == wanted, (doc.slug, sorted(listed ^ wanted))


@pytest.mark.slow  # uses the two sites built above
def test_cross_references_between_kinds_work_on_the_built_pages(checked, built):
    """A clause that points at another kind of policy links to that kind's built page; every such link and
    every agreement it lists resolves; the agreements are fillable PDFs whose fields read back."""
    site = built / ALL_KINDS
    made = {doc.slug: doc for doc in checked.documents}[ALL_KINDS]
    folders = {one.kind: one.page.removesuffix(".md") for one in (made, *made.further)}
    crossing = []
    for kind, folder in folders.items():
        raw = (site / folder / "index.html").read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#:?]+/)(?:#[^"]*)?"', raw):
            target = (site / folder / href).resolve()
            other = next((k for k, f in folders.items() if target == (site / f).resolve() and k != kind), None)
            if other:
                assert (target / "index.html").is_file(), (kind, href)
                crossing.append((kind, other))
    assert len({pair for pair in crossing}) >= 3, crossing  # several kinds point at one another
    downloads = site / "downloads"
    for form_id in sorted(ADULTS | PUPILS_AGREEMENTS["secondary"]):
        fields = PdfReader(io.BytesIO((downloads / f"{form_id}.pdf").read_bytes())).get_fields()
        assert fields and (site / "forms" / form_id / "index.html").is_file(), form_id
    assert not (downloads / "aup-early-years.pdf").exists()  # a secondary school's pupils sign their own


@pytest.mark.slow
def test_every_kinds_document_reads_right(checked):
    """The wording scan (tests/wording.py: words by nation, phase and number) on every kind's document of
    every new school, the further kinds of the school publishing all five included."""
    from wording import document_texts, reader_for  # noqa: PLC0415

    found = []
    for name, doc in documents(checked):
        reader = reader_for(doc)
        found += [f"{name} ({doc.kind}): {f}" for page, where, text in document_texts(doc)
                  for f in reader.findings(page if doc.page == "policy.md" else doc.kind, where, text)]
    assert not found, "\n".join(sorted(set(found))[:60])
