"""Words right for every school (issue 23): forms, agreement, sentences for each kind of school, and a scan.

The scan resolves, in this process, a starter for every nation x phase x kind of school, a school
where every role is held by two people, a school whose learners are "young people", and every
example school. Each starter publishes every kind of policy (social media, online safety,
acceptable use, mobile phones, images) side by side, so the scan reads every clause and section of
every document, and every guide, form and site page, each further kind's policy page included
(tests/wording.py says what it looks for). The real build (MkDocs, WeasyPrint) of the example
schools and of a few of those starters is scanned too: every HTML page and every pack's text (pypdf).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, run_cli, school_slugs
from pypdf import PdfReader
from wording import Reader, document_texts, plain, reader_for

from generator.build import check_all
from generator.project import Project
from generator.readers.reference import read_reference
from generator.readers.school import Roles
from generator.resolve.templating import Renderer
from generator.resolve.words import Lexicon, Noun, conjugate, word
from generator.starter import write_starter
from generator.vocabulary import NATIONS, PHASES
from generator.vocabulary import POLICY_KINDS as KINDS
from generator.vocabulary import SCHOOL_TYPES as TYPES
from generator.writers.site.docs_tree import own_pack, published_pages, pupil_page, render_page

DAY = dt.date(2026, 12, 1)
# Kinds of school that have one phase: a college teaches students of secondary age and over.
ONE_PHASE = {"early-years-setting": "nursery", "college": "secondary"}
# Built for real besides the examples; the first two publish every kind.
BUILT = ["the-academy", "twos-england-secondary", "preschool", "young-people"]


def combinations(root: Path) -> list[tuple[str, str, str]]:
    places = read_reference(root / "content" / "reference", DAY).jurisdictions
    return [(n, p, t) for n in NATIONS for p in PHASES for t in TYPES
            if (not places[n].types or t in places[n].types) and ONE_PHASE.get(t, p) == p]


def two_of_everyone(root: Path, slug: str, nation: str, phase: str) -> None:
    """A starter where every role is held by two people, and teams read in the plural."""
    write_starter(Project(root), slug, f"Twofold {phase.title()} School", DAY, nation, phase)
    path = root / "data" / "schools" / f"{slug}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in Roles.model_fields:
        if key in ("chief_executive", "chair_of_trustees"):
            continue
        title = (data["roles"].get(key) or {}).get("title")
        data["roles"][key] = ({"title": title} if title else {}) | {
            "people": [{"name": "Mrs A Example"}, {"name": "Mr B Example"}]}
    data["roles"]["network_manager"]["title"] = "technical support provider"
    data["roles"]["esafety_team"]["title"] = "internet safety co-ordinator"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def edit(root: Path, slug: str, change) -> None:
    path = root / "data" / "schools" / f"{slug}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def every_kind(data: dict) -> None:
    """Publish every kind of policy side by side, the social media policy first (its paths as before)."""
    data["policy"].pop("kind", None)
    data["policy"].pop("title", None)
    data["policy"]["kinds"] = list(KINDS)


@pytest.fixture(scope="module")
def every_school(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("wording"))
    for nation, phase, kind in combinations(root):
        write_starter(Project(root), f"s-{nation}-{phase}-{kind}", f"Test {phase.title()} School", DAY,
                      nation, phase, kind)
        edit(root, f"s-{nation}-{phase}-{kind}", every_kind)
    for nation in NATIONS:
        for phase in ("nursery", "secondary"):
            two_of_everyone(root, f"twos-{nation}-{phase}", nation, phase)
            edit(root, f"twos-{nation}-{phase}", every_kind)
    write_starter(Project(root), "preschool", "Little Acorns Pre-School", DAY, "england", "nursery",
                  "early-years-setting")
    write_starter(Project(root), "the-academy", "Elm Grove Academy", DAY, "england", "secondary", "academy")
    edit(root, "the-academy", lambda d: (d.setdefault("terms", {}).update(setting="Academy"), every_kind(d)))
    write_starter(Project(root), "young-people", "Brook House School", DAY, "england", "special", "independent")
    edit(root, "young-people", lambda d: d["school"].update(learners="young people"))
    for slug in BUILT:  # one guide each keeps the real build short
        edit(root, slug, lambda d: d["policy"].update(guides=["youtube"]))
    return root


@pytest.fixture(scope="module")
def resolved(every_school):
    checked = check_all(Project(every_school), [], DAY)
    return checked.shared.library, {d.slug: d for d in checked.documents}, [str(w) for w in checked.warnings]


def listing(doc) -> list[dict]:
    """What the downloads page lists, from the document (the real list is read from built PDFs below)."""
    rows = [{"kind": "pack", "id": "policy-pack", "title": doc.title, "href": "downloads/policy-pack.pdf",
             "purpose": "", "size": "", "audience": "families"}]
    return rows + [{"kind": "form", "id": f.id, "title": f.title, "href": f"downloads/{f.id}.pdf", "purpose": "",
                    "size": "", "audience": f.audience} for f in doc.listed_forms()]


def every_text(doc, library) -> list[tuple[str, str, str]]:
    """Every piece of library text the school publishes: each kind's clauses, sections and policy page,
    and the guides, forms and other pages the kinds share."""
    extra = {"downloads": listing(doc)} | pupil_page(doc)  # as write_pages does
    pages = [(page.removesuffix(".md"), "page",
              render_page(doc, Renderer(doc.context | (own_pack(extra, doc) if page == "policy.md" else extra)),
                          library.pages, page))
             for page in published_pages(doc)]
    for further in doc.further:
        name = further.page.removesuffix(".md")
        pages += [(name, f"clause {c.id}", c.markdown) for c in further.clauses() if c.source == "library"]
        pages += [(name, f"section {s.id}", f"{s.title}\n\n{s.intro_markdown}") for s in further.sections]
        pages.append((name, "page", render_page(further, Renderer(further.context | own_pack(extra, further)),
                                                library.pages, further.page, "policy.md")))
    return document_texts(doc) + pages


def findings_for(doc, library) -> list[str]:
    reader = reader_for(doc)
    return [str(f) for page, where, text in every_text(doc, library) for f in reader.findings(page, where, text)]


def texts_of(doc, *clause_ids: str) -> str:
    return "\n".join(" ".join(c.text.split()) for c in doc.clauses() if c.id in clause_ids)


# --- the scan, on every combination -------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("nation", NATIONS)
def test_every_starter_reads_right(resolved, nation):
    library, documents, _ = resolved
    found = [f for slug, doc in sorted(documents.items()) if slug.startswith((f"s-{nation}-", f"twos-{nation}-"))
             for f in findings_for(doc, library)]
    assert not found, "\n".join(found[:60])


@pytest.mark.slow
def test_every_example_school_reads_right(resolved):
    library, documents, _ = resolved
    found = [f for slug in school_slugs() for f in findings_for(documents[slug], library)]
    assert not found, "\n".join(found[:60])


@pytest.mark.slow
def test_the_scan_covers_every_combination(resolved, every_school):
    _, documents, warnings = resolved
    combos = combinations(every_school)
    assert len(combos) > 70
    starters = [w for w in warnings if w.startswith(("data/schools/s-", "data/schools/twos-"))]
    assert not starters, starters[:10]  # every type in every nation that has it checks clean, every kind with it
    assert {f"s-{n}-{p}-{t}" for n, p, t in combos} <= set(documents)
    for slug in [f"s-{n}-{p}-{t}" for n, p, t in combos] + [f"twos-{n}-{p}" for n in NATIONS
                                                            for p in ("nursery", "secondary")]:
        doc = documents[slug]  # every kind's document is scanned, each with clauses of its own
        assert [doc.kind, *(f.kind for f in doc.further)] == list(KINDS), slug
        assert all(f.clauses() for f in doc.further), slug
    assert {"nursery", "secondary"} <= {documents[f"twos-{n}-nursery"].school.school.phase for n in NATIONS} | {
        documents[f"twos-{n}-secondary"].school.school.phase for n in NATIONS}


@pytest.fixture(scope="module")
def built_starters(every_school) -> Path:
    out = every_school / "site"
    result = run_cli("build", *BUILT, "--out", str(out), "--date", DAY.isoformat(), cwd=every_school)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def built_findings(site: Path, documents: dict, slugs) -> list[str]:
    found = []
    for slug in slugs:
        reader = reader_for(documents[slug]) if slug in documents else None
        if reader is None:
            continue
        for page in sorted((site / slug).rglob("*.html")):
            if "search" in page.parts or page.name == "404.html":
                continue
            where = str(page.relative_to(site / slug))
            found += [str(f) for f in reader.findings(where, "html page", plain(page.read_text(encoding="utf-8")))
                      if f.rule != "list items start differently"]
        for pack in packs(site / slug):
            found += [str(f) for f in reader.findings(f"downloads/{pack.name}", "pack text", pdf_text(pack))
                      if f.rule not in ("list items start differently", "doubled word")]
    return found


def packs(site: Path) -> list[Path]:
    """Each kind's printed pack: downloads/policy-pack.pdf and downloads/<kind>-pack.pdf."""
    return sorted((site / "downloads").glob("*pack.pdf"))


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


@pytest.mark.slow
def test_built_examples_read_right(built_site, resolved):
    """Every example school's real site: every HTML page and the pack's text."""
    _, documents, _ = resolved
    found = built_findings(built_site, documents, school_slugs())
    assert not found, "\n".join(found[:60])


@pytest.mark.slow
def test_built_starters_read_right(built_starters, resolved):
    _, documents, _ = resolved
    found = built_findings(built_starters, documents, BUILT)
    assert not found, "\n".join(found[:60])
    for slug in BUILT[:2]:  # every kind's page and pack was built, and so scanned
        assert [p.name for p in packs(built_starters / slug)] == sorted(
            ["policy-pack.pdf", *(f"{k}-pack.pdf" for k in KINDS[1:])]), slug
        assert all((built_starters / slug / k / "index.html").is_file() for k in KINDS[1:]), slug
    downloads = plain((built_starters / "preschool" / "downloads" / "index.html").read_text(encoding="utf-8"))
    assert "The management committee uses it to approve the policy." in " ".join(downloads.split())


# --- the examples the issue names ----------------------------------------------------------------

@pytest.fixture(scope="module")
def few(tmp_path_factory):
    """A nursery, a pre-school, a Scottish primary, a secondary with students, a young people's school, a
    school whose every role is held by two people, and the example schools named in the issue."""
    root = copy_project(tmp_path_factory.mktemp("few"), schools=["willowbrook", "carville", "demo-scotland", "demo"])
    write_starter(Project(root), "nursery", "Little Stars Nursery", DAY, "england", "nursery")
    write_starter(Project(root), "preschool", "Little Acorns Pre-School", DAY, "england", "nursery",
                  "early-years-setting")
    write_starter(Project(root), "secondary", "Hillview High School", DAY, "england", "secondary")
    write_starter(Project(root), "young-people", "Brook House School", DAY, "england", "special", "independent")
    edit(root, "young-people", lambda d: d["school"].update(learners="young people"))
    write_starter(Project(root), "wales-one-deputy", "Ysgol Prawf", DAY, "wales", "primary")
    edit(root, "wales-one-deputy", lambda d: d["roles"].update(deputy_dsls={"members": ["Mr I Prawf"]}))
    write_starter(Project(root), "wales-no-deputy", "Ysgol Arall", DAY, "wales", "primary")
    two_of_everyone(root, "twos", "england", "secondary")
    write_starter(Project(root), "centre", "Sunny Lane Children's Centre", DAY, "england", "nursery")
    edit(root, "centre", lambda d: d["roles"].update(headteacher={"title": "head of centre"}))
    write_starter(Project(root), "the-academy", "Elm Grove Academy", DAY, "england", "primary", "academy")
    edit(root, "the-academy", lambda d: (d.setdefault("terms", {}).update(setting="Academy"), every_kind(d)))
    checked = check_all(Project(root), [], DAY)
    return root, checked.shared.library, {d.slug: d for d in checked.documents}


def test_possessives_of_every_learners_word(few):
    _, _, docs = few
    assert "about children's learning" in texts_of(docs["nursery"], "school-accounts.positive-posts")
    assert "about students' learning" in texts_of(docs["secondary"], "school-accounts.positive-posts")
    assert "about young people's learning" in texts_of(docs["young-people"], "school-accounts.positive-posts")
    everything = "\n".join(c.text for d in docs.values() for c in d.clauses())
    assert "children' " not in everything and "s's " not in everything


def test_no_former_children_and_no_former_young_people(few):
    _, _, docs = few
    nursery = texts_of(docs["nursery"], "definitions.school-community", "staff-personal.no-contact-pupils-parents")
    assert "former" not in nursery and "children who have moved on from the nursery" in nursery
    young = texts_of(docs["young-people"], "staff-personal.no-contact-pupils-parents")
    assert "former young people" not in young
    assert "young people who have left the school and are under 18" in young
    assert "students who have left the school and are under 18" in texts_of(
        docs["secondary"], "staff-personal.no-contact-pupils-parents")


def test_a_role_held_by_two_people_takes_plural_verbs(few):
    _, _, docs = few
    twos = docs["twos"]
    assert "The technical support providers run the filtering" in texts_of(twos, "blocked.filtering")
    team = texts_of(twos, "roles.esafety-team")
    assert "The internet safety co-ordinators lead the school's work" in team and "It is" not in team
    assert "The headteachers are responsible" in texts_of(twos, "roles.head-day-to-day")
    rows = {(str(p.title), str(p.name)) for p in twos.context["key_people"] if p.role == "dsl"}
    assert rows == {("Designated safeguarding lead", "Mrs A Example"), ("Designated safeguarding lead", "Mr B Example")}


def test_one_deputy_is_singular_and_none_is_no_sentence(few):
    _, _, docs = few
    one, none = docs["wales-one-deputy"], docs["wales-no-deputy"]
    assert str(one.context["roles"]["deputy_dsls"]) == "the deputy designated safeguarding person"
    assert [str(p.title) for p in one.context["key_people"] if p.role == "deputy_dsls"] == [
        "Deputy designated safeguarding person"]
    everything = "\n".join(c.text for c in one.clauses())
    assert "Deputy designated safeguarding persons" not in everything
    assert none.context["roles"]["deputy_dsls"] is None
    assert "deputy" not in texts_of(none, "roles.child-protection-lead").lower()
    assert "contact the deputy designated safeguarding persons" not in "\n".join(c.text for c in none.clauses())


def test_a_federation_of_nurseries_is_not_a_whole_school(few):
    _, _, docs = few
    willowbrook = docs["willowbrook"]
    assert "This policy covers the whole federation, including" in texts_of(willowbrook, "about.units-covered")
    everything = "\n".join([c.text for c in willowbrook.clauses()] + [f.markdown for f in willowbrook.forms])
    assert not re.search(r"\bsuspension\b|form tutor|whole school\b(?!\s+(year|day))", everything)


# "the school" as the institution; "the school office", "the school day" and the like stay as they are.
INSTITUTION = re.compile(r"\b[Tt]he school\b(?!'s)(?! (office|website|site|day|community|network|gate|devices?|year|"
                         r"filter|premises|systems?|business manager|council)\b)|\b[Tt]he school's")


@pytest.mark.parametrize("slug, word", [("the-academy", "Academy"), ("willowbrook", "federation"),
                                        ("nursery", "nursery"), ("preschool", "setting")])
def test_the_setting_is_named_in_its_own_word_throughout(few, slug, word):
    _, _, docs = few
    doc = docs[slug]
    texts = [(f"{one.kind} {c.id}", " ".join(c.text.split())) for one in (doc, *doc.further)
             for c in one.clauses() if c.source == "library"]
    texts += [(f"form {f.id}", " ".join(plain(f.markdown).split())) for f in doc.forms]
    texts += [(f"guide {g.guide.id}", " ".join(plain(g.markdown).split())) for g in doc.guides]
    texts = [(where, re.sub(r'"the school"', "", text)) for where, text in texts]  # the definition names it
    found = [(where, text[max(0, m.start() - 40):m.end() + 20]) for where, text in texts
             for m in INSTITUTION.finditer(text)]
    assert not found, found[:10]
    assert sum(f"the {word} " in text or f"The {word} " in text for _, text in texts) > 20


def institution(text: str) -> list[str]:
    """Where a text calls the school "the school" as an institution (not a definition quoting the words)."""
    words = re.sub(r'"the school"', "", " ".join(text.split()))
    return [words[max(0, m.start() - 60):m.end() + 30] for m in INSTITUTION.finditer(words)]


def published_texts(site: Path) -> dict[str, str]:
    """The words of every page of a built site (search and 404 aside) and of every kind's pack."""
    pages = {str(p.relative_to(site)): plain(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))
             if "search" not in p.parts and p.name != "404.html"}
    return pages | {f"downloads/{pack.name}": pdf_text(pack) for pack in packs(site)}


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["larkmoor-elm", "larkmoor-castle", "larkmoor-ashby"])
def test_the_example_trusts_academies_say_the_academy(built_site, slug):
    """The example trust's academies (terms.setting: academy, from the trust's file) on every page and in
    the pack."""
    texts = published_texts(built_site / slug)
    found = [(where, excerpt) for where, text in texts.items() for excerpt in institution(text)]
    assert not found, "\n".join(f"{w}: ...{e}..." for w, e in found[:30])
    assert re.search(r"\bthe academy\b", texts["policy/index.html"])


@pytest.mark.slow
def test_an_academy_says_the_academy_in_every_published_document(built_starters):
    """Issue 22: an academy that sets `terms: {setting: Academy}` reads "the Academy" on every page of its
    site and in every kind's pack, with no "the school" left over."""
    site = built_starters / "the-academy"
    texts = published_texts(site)
    assert len(packs(site)) == len(KINDS) and {f"{k}/index.html" for k in KINDS[1:]} <= set(texts)
    found = [(where, excerpt) for where, text in texts.items() for excerpt in institution(text)]
    assert not found, "\n".join(f"{w}: ...{e}..." for w, e in found[:30])
    for where in ["index.html", "policy/index.html", "downloads/index.html",
                  *(f"{k}/index.html" for k in KINDS[1:]), *(f"downloads/{p.name}" for p in packs(site))]:
        assert re.search(r"\b[Tt]he Academy\b", texts[where]), where


def test_forms_name_the_adult_each_phase_has(few):
    _, _, docs = few
    carville = "\n".join(f.markdown for f in docs["carville"].forms)
    assert "form tutor" not in carville and "class teacher" in carville
    secondary = "\n".join(f.markdown for f in docs["secondary"].forms if f.id == "pupil-agreement")
    assert "your form tutor to sign it too" in secondary and "Form tutor's signature" in secondary
    nursery = "\n".join(f.markdown for f in docs["nursery"].forms if f.id == "parent-agreement")
    assert "key person" in nursery and "form tutor" not in nursery and "class teacher" not in nursery


def test_downloads_page_names_who_approves(few):
    _, library, docs = few
    for slug, approver in (("demo-scotland", "The senior leadership team uses it"),
                           ("preschool", "The management committee uses it"),
                           ("demo", "The governing body uses it")):
        doc = docs[slug]
        page = render_page(doc, Renderer(doc.context | {"downloads": listing(doc)}), library.pages, "downloads.md")
        assert "Governors use it" not in page and f"{approver} to approve the policy." in page, slug


def test_the_starter_lists_roles_by_their_titles(few):
    root, _, docs = few
    assert "It is made up of the head of centre and the designated safeguarding lead." in texts_of(
        docs["centre"], "roles.esafety-team")
    assert "headteacher" not in texts_of(docs["centre"], "roles.esafety-team")


@pytest.mark.parametrize("kind", TYPES)
@pytest.mark.parametrize("phase", PHASES)
def test_new_says_each_word_once(tmp_path, kind, phase):
    from generator.cli import kind_words
    words = kind_words(phase, kind)
    assert not re.search(r"\b(\w+) \1\b", words), words
    article, rest = words.split(" ", 1)
    assert article == ("an" if rest[0] in "aeiou" else "a"), words


def test_new_prints_a_nursery_once(tmp_path):
    root = copy_project(tmp_path, schools=[])
    for kind in ("maintained", "independent", "early-years-setting"):
        result = run_cli("new", f"n-{kind}", "--name", "Little Ones", "--phase", "nursery", "--type", kind, cwd=root)
        assert result.returncode == 0, result.stderr
        assert "nursery nursery" not in result.stdout + result.stderr
    result = run_cli("new", "pre", "--name", "Little Ones Pre-School", "--type", "early-years-setting", cwd=root)
    assert "for an early years setting in England" in result.stdout + result.stderr
    assert "phase: nursery" in (root / "data" / "schools" / "pre.yml").read_text()


# --- the mechanism -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    from conftest import ROOT

    from generator.resolve.words import lexicon_for
    return lexicon_for(read_reference(ROOT / "content" / "reference", DAY).words)


@pytest.mark.parametrize("phrase, one, many, plural, possessive", [
    ("pupils", "pupil", "pupils", True, "pupils'"),
    ("children", "child", "children", True, "children's"),
    ("young people", "young person", "young people", True, "young people's"),
    ("pupil", "pupil", "pupils", False, "pupil's"),
    ("nursery", "nursery", "nurseries", False, "nursery's"),
    ("deputy designated safeguarding persons", "deputy designated safeguarding person",
     "deputy designated safeguarding persons", True, "deputy designated safeguarding persons'"),
    ("deputy designated teachers for child protection", "deputy designated teacher for child protection",
     "deputy designated teachers for child protection", True, None),
    ("chair of governors", "chair of governors", "chairs of governors", False, "chair of governors'"),
    ("governing body", "governing body", "governing bodies", False, "governing body's"),
    ("management committee", "management committee", "management committees", False, "management committee's"),
])
def test_words_have_their_forms(lexicon, phrase, one, many, plural, possessive):
    made = word(phrase, lexicon)
    assert (str(made.one), str(made.many), made.several) == (one, many, plural)
    if possessive:
        assert str(made.possessive) == possessive


@pytest.mark.parametrize("verb, plural", [("runs", "run"), ("is", "are"), ("has", "have"), ("leads", "lead"),
                                          ("carries", "carry"), ("watches", "watch"), ("goes", "go"),
                                          ("checks in", "check in"), ("passes", "pass")])
def test_verbs_agree(verb, plural):
    assert conjugate(verb, False) == verb and conjugate(verb, True) == plural


def test_a_word_is_still_the_string_it_was(lexicon):
    setting = word("academy", lexicon)
    assert setting == "academy" and str(setting.a) == "an academy" and setting + "s" == "academys"
    assert str(word("nursery", lexicon).a) == "a nursery"


def test_school_text_may_ask_for_forms(few):
    root, _, docs = few
    values = docs["nursery"].context["placeholders"]
    assert str(values["terms.pupils.possessive"]) == "children's" and str(values["terms.pupil.many"]) == "children"
    assert str(values["roles.headteacher.possessive"]) == "the headteacher's"


def test_reader_rules_catch_what_the_issue_found():
    reader = Reader("x", "wales", "nursery", "maintained", "nursery", plural_titles=("technical support providers",),
                    units_all_nurseries=True, has_governors=False)
    bad = ("About children' learning and pupils's work. The technical support providers runs the filtering. "
           "Ofsted visits. A former pupil. Possible suspension. Governors use it to approve the policy. "
           "This policy covers the whole school. We are a nursery nursery.")
    rules = {f.rule for f in reader.findings("policy", "clause x", bad)}
    assert {"broken possessive", "singular verb after 'technical support providers'", "england's word",
            "former pupils in a nursery", "sanctions in a nursery", "governors where there are none",
            "the whole school in a federation of nurseries", "doubled word"} <= rules
    mixed = "- Pupils must\n- staff must\n"
    assert [f.rule for f in reader.findings("policy", "clause y", mixed)] == ["list items start differently"]


def test_a_noun_without_a_plural_stays_singular():
    lexicon = Lexicon([Noun("staff", "staff")])
    assert word("staff", lexicon).several is False


def test_school_text_with_a_typed_possessive_still_works_with_a_warning(tmp_path):
    root = copy_project(tmp_path, schools=[])
    write_starter(Project(root), "little", "Little Stars Nursery", DAY, "england", "nursery")
    path = root / "data" / "schools" / "little.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["clauses"]["add"] = [{"id": "own.tidy", "section": "pupils",
                               "text": "We look after {{ terms.pupils }}' work and {{ terms.pupils.possessive }} art."}]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = run_cli("check", "little", "--date", DAY.isoformat(), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "write '{{ terms.pupils.possessive }}' instead" in result.stderr and "little.yml:" in result.stderr
    checked = check_all(Project(root), ["little"], DAY)
    assert "children's art" in checked.documents[0].clause("own.tidy").text
