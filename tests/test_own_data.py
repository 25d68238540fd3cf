"""A school's own roles, forms, key messages, clause order and pictures (issue 22).

The test school is tests/schools/owndata.yml (with tests/schools/flow-chart.png): it is copied into a
throwaway project, checked and resolved in-process as `check` does, and built once for real (MkDocs
and WeasyPrint), its pages and PDFs read back.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, run_cli
from pypdf import PdfReader

from generator.check import school_problems
from generator.readers.library import Library, read_library
from generator.readers.logo import pictures_of
from generator.readers.reference import Reference, read_reference
from generator.readers.school import read_school
from generator.resolve.own_data import after_resolve
from generator.resolve.resolver import resolve_all

DAY = dt.date(2026, 12, 5)
TEST_SCHOOL = ROOT / "tests" / "schools" / "owndata.yml"
PICTURE = ROOT / "tests" / "schools" / "flow-chart.png"
LEFT_OUT_FORMS = ["blocked-content-access", "inappropriate-content-report", "pupil-agreement", "parent-agreement"]


@lru_cache(maxsize=None)
def shared() -> tuple[Library, Reference]:
    return read_library(ROOT / "content", ROOT), read_reference(ROOT / "content" / "reference", DAY)


def school_data() -> dict:
    return yaml.safe_load(TEST_SCHOOL.read_text(encoding="utf-8"))


def place_school(project: Path, data: dict | None = None, text: str | None = None) -> Path:
    """The test school (or a changed copy) as data/schools/owndata.yml, with its picture."""
    pictures = project / "data" / "schools" / "pictures"
    pictures.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PICTURE, pictures / "flow-chart.png")
    path = project / "data" / "schools" / "owndata.yml"
    if text is None:
        text = TEST_SCHOOL.read_text(encoding="utf-8") if data is None else yaml.safe_dump(data, sort_keys=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def checked(project: Path, data: dict | None = None, text: str | None = None):
    """(problems, document or None), as `check` finds them."""
    school = read_school(place_school(project, data, text))
    library, reference = shared()
    problems = school_problems(school, library, reference, pictures_of(project, school.data), DAY)
    if any(p.severity == "error" for p in problems):
        return problems, None
    document = resolve_all(school, library, reference)
    return problems + after_resolve(school, document, library), document


def texts(document) -> dict[str, str]:
    return {c.id: c.text for c in document.clauses()}


# --- open roles ------------------------------------------------------------------------------

def test_an_own_role_is_in_the_key_people_tables_and_its_duties_in_the_roles_section(tmp_path):
    problems, document = checked(tmp_path)
    assert document is not None, [str(p) for p in problems]
    people = [(str(p.title), str(p.name)) for p in document.context["key_people"]]
    assert ("Online safety lead", "Mr F Lookout") in people
    assert ("Link governor for online safety", "Mrs G Steward") in people
    parents = [str(p.title) for p in document.context["parent_contacts"]]
    assert "Online safety lead" in parents  # parent_facing: true
    assert "Link governor for online safety" not in parents  # not parent facing
    roles = next(s for s in document.sections if s.id == "roles")
    duties = {c.id: c.text for c in roles.clauses}
    lead = duties["own.role-online-safety-lead"]
    assert lead.startswith("The online safety lead, Mr F Lookout, is responsible for:")
    assert "under review with the network manager" in lead  # {{ roles.filtering_contact }} filled in
    assert "meeting the online safety lead once a term" in duties["own.role-link-governor"]


def test_own_clauses_name_own_roles_and_go_first_or_before_a_clause(tmp_path):
    _, document = checked(tmp_path)
    roles = [c.id for s in document.sections if s.id == "roles" for c in s.clauses]
    assert roles.index("own.governor-visits") + 1 == roles.index("roles.head-day-to-day")
    assert texts(document)["own.governor-visits"].startswith("The link governor for online safety visits")
    protection = next(s for s in document.sections if s.id == "child-protection")
    assert protection.clauses[0].id == "own.flow-chart"
    assert "![Flow chart: a worry" in protection.clauses[0].markdown


def test_role_mistakes_are_located_with_what_to_type(tmp_path):
    text = TEST_SCHOOL.read_text(encoding="utf-8")
    text = text.replace("  link_governor:\n    title: link governor for online safety\n",
                        "  link_governor:\n    title: link governor for online safety\n    responsibilites: [x]\n")
    text = text.replace("  online_safety_lead:\n", "  dls: {name: Mr X}\n  Online Safety Lead: {title: lead}\n"
                                                  "  online_safety_lead:\n")
    place_school(tmp_path, text=text)
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copyfile(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = run_cli("check", "owndata", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    lines = text.splitlines()
    typo = next(i for i, line in enumerate(lines, 1) if "responsibilites" in line)
    assert re.search(rf"owndata.yml:{typo}:\d+: roles.link_governor.responsibilites: unknown key "
                     r"'responsibilites'. Did you mean 'responsibilities'\?", result.stderr), result.stderr
    dls = next(i for i, line in enumerate(lines, 1) if line.strip().startswith("dls:"))
    assert re.search(rf"owndata.yml:{dls}:\d+: roles.dls: 'dls' is not one of the fixed roles, so it is a role of "
                     r"your own and needs a title: write dls: \{title: .*If you meant the fixed role 'dsl'",
                     result.stderr), result.stderr


def test_a_role_key_must_be_a_plain_word(tmp_path):
    data = school_data()
    data["roles"]["Online Safety Lead"] = data["roles"].pop("online_safety_lead")
    for role in data["roles"].values():
        role.get("responsibilities", []).clear()
    data["policy"]["summary"] = []
    del data["forms"]
    problems, _ = checked(tmp_path, data)
    found = [str(p) for p in problems if p.field == "roles.Online Safety Lead"]
    assert found and "write it in lowercase letters, digits and underscores" in found[0], problems
    assert "e.g. online_safety_lead" in found[0]


# --- summary ------------------------------------------------------------------------------------

def test_the_summary_fills_its_placeholders(tmp_path):
    _, document = checked(tmp_path)
    assert [str(m) for m in document.context["policy"]["summary"]][1] == \
        "Tell the designated safeguarding lead about any worry, straight away."


def test_a_placeholder_in_the_summary_is_checked(tmp_path):
    data = school_data()
    data["policy"]["summary"].append("Ask {{ roles.nobody }}.")
    problems, document = checked(tmp_path, data)
    assert document is None
    assert any("policy.summary[3]" in str(p) and "not a known placeholder" in str(p) for p in problems), problems


def test_first_and_after_together_are_refused(tmp_path):
    data = school_data()
    data["clauses"]["add"][0]["after"] = "child-protection.record"
    place_school(tmp_path, data)
    with pytest.raises(Exception) as caught:
        read_school(tmp_path / "data" / "schools" / "owndata.yml")
    assert "give one of after, before and first, not after and first" in str(caught.value)


# --- pictures -----------------------------------------------------------------------------------

@pytest.mark.parametrize("file, words", [
    ("../flow-chart.png", "outside the project's data/ folder"),
    ("data/schools/pictures/missing.png", "no file at"),
    ("data/schools/pictures/drawing.svg", "is an SVG drawing"),
    ("data/schools/pictures/fake.png", "is not a PNG or JPEG picture that can be read"),
])
def test_a_picture_is_checked_like_a_logo(tmp_path, file, words):
    data = school_data()
    data["clauses"]["add"][0]["picture"]["file"] = file
    place_school(tmp_path, data)
    (tmp_path / "data" / "schools" / "pictures" / "drawing.svg").write_text("<svg></svg>", encoding="utf-8")
    (tmp_path / "data" / "schools" / "pictures" / "fake.png").write_text("<html>", encoding="utf-8")
    problems, document = checked(tmp_path, data)
    assert document is None
    assert any("clauses.add[0].picture.file" in str(p) and words in str(p) for p in problems), problems


def test_a_picture_needs_alt_text_that_says_what_it_shows(tmp_path):
    data = school_data()
    data["clauses"]["add"][0]["picture"]["alt"] = "flow-chart.png"
    problems, _ = checked(tmp_path, data)
    assert any("picture.alt" in str(p) and "write what the picture shows" in str(p) for p in problems)
    del data["clauses"]["add"][0]["picture"]["alt"]
    place_school(tmp_path, data)
    with pytest.raises(Exception) as caught:
        read_school(tmp_path / "data" / "schools" / "owndata.yml")
    assert "alt" in str(caught.value) and "is required but missing" in str(caught.value)


# --- forms the school left out --------------------------------------------------------------------

def test_forms_left_out_are_not_in_the_document_and_clauses_pointing_at_them_warn(tmp_path):
    problems, document = checked(tmp_path)
    assert [f.id for f in document.forms] == ["image-consent", "cloud-permission"]
    warned = [str(p) for p in problems if "which this policy does not publish" in str(p)]
    assert any("staff-personal.report-inappropriate" in w and "inappropriate-content-report" in w for w in warned)
    assert any("blocked.unblock-request" in w and "Add blocked-content-access to policy.appendices" in w
               for w in warned)
    unblock = texts(document)["blocked.unblock-request"]
    assert "blocked content access request form" in unblock  # the words stay, the link goes
    assert "forms/" not in document.clause("blocked.unblock-request").markdown


def test_every_kind_the_school_publishes_is_checked_for_forms_and_rules_left_out(tmp_path):
    """A clause of a further kind (policy.kinds) that points at a form left out, or speaks of a rule
    left out, is warned about as the main policy's are, naming the policy it is in."""
    data = school_data()
    data["policy"].pop("kind", None)
    data["policy"].pop("title", None)
    data["policy"]["kinds"] = ["images", "online-safety"]  # the images policy has no blocking rules
    data["clauses"]["add"] = []  # its own clauses are in sections neither kind holds
    data["clauses"]["omit"] = ["cyber-bullying.evidence"]
    problems, document = checked(tmp_path, data)
    assert document is not None and document.kind == "images", [str(p) for p in problems]
    assert document.clause("blocked.unblock-request") is None
    warned = [str(p) for p in problems if "which this policy does not publish" in str(p)]
    assert any("of the Online Safety Policy (blocked.unblock-request) points at the blocked-content-access form"
               in w for w in warned), warned
    spoken = [str(p) for p in problems if "speaks of the rule in 'cyber-bullying.evidence'" in str(p)]
    assert spoken and all("of the Online Safety Policy (" in w for w in spoken), spoken


# --- the real build -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def own_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("owndata"), schools=[])
    place_school(project)
    out = project / "site"
    result = run_cli("build", "owndata", "--out", str(out), "--jobs", "1", "--date", DAY.isoformat(), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "owndata"


def page_words(site: Path, page: str) -> str:
    raw = (site / page).read_text(encoding="utf-8")
    inline = re.sub(r"</?(strong|em|a|code|span)\b[^>]*>", "", raw)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", inline)).split())


def pack_words(site: Path) -> list[str]:
    return [" ".join((p.extract_text() or "").split())
            for p in PdfReader(site / "downloads" / "policy-pack.pdf").pages]


@pytest.mark.slow
def test_own_role_summary_first_clause_and_picture_on_the_site(own_site):
    policy = page_words(own_site, "policy/index.html")
    assert "Key messages Everyone at Heronsgate keeps school and private life apart online." in policy
    assert policy.index("Key messages") < policy.index("Contents")
    assert "Online safety lead Mr F Lookout online-safety@example.org" in policy
    assert "The online safety lead, Mr F Lookout, is responsible for: keeping the school's filtering" in policy
    raw = (own_site / "policy" / "index.html").read_text(encoding="utf-8")
    picture = re.search(r'<img alt="(Flow chart: [^"]+)" src="([^"]+)"', raw)
    assert picture, "the flow chart is on the policy page"
    published = (own_site / "policy" / picture.group(2)).resolve()
    assert published.is_file() and published.read_bytes().startswith(b"\x89PNG")
    home = page_words(own_site, "index.html")
    assert "What this policy means for you Everyone at Heronsgate keeps school and private life apart online." in home
    assert "Age limits matter." not in home  # the fixed points give way to the school's own
    parents = page_words(own_site, "parents/index.html")
    assert "Online safety lead Mr F Lookout" in parents and "Link governor" not in parents


@pytest.mark.slow
def test_own_role_summary_first_clause_and_picture_in_the_pack(own_site):
    pages = pack_words(own_site)
    whole = " ".join(pages)
    summary = next(i for i, p in enumerate(pages) if p.startswith("Key messages") or " Key messages " in p)
    contents = next(i for i, p in enumerate(pages) if "Contents Document control" in p)
    assert summary <= contents and whole.index("Key messages") < whole.index("Contents Document control")
    assert "Ask the online safety lead before you set up any new app for a class." in whole
    assert "Link governor for online safety Mrs G Steward" in whole  # Key people
    assert "The link governor for online safety, Mrs G Steward, is responsible for:" in whole
    chart = next(i for i, p in enumerate(pages) if "The chart below shows what happens" in p)
    reader = PdfReader(own_site / "downloads" / "policy-pack.pdf")
    assert any(image.image.size == (480, 300) for image in reader.pages[chart].images)


@pytest.mark.slow
def test_forms_left_out_appear_nowhere_on_the_site_or_in_downloads(own_site):
    downloads = json.loads((own_site / "downloads.json").read_text(encoding="utf-8"))
    assert {d["id"] for d in downloads if d["kind"] == "form"} == {"image-consent", "cloud-permission"}
    assert sorted(p.name for p in (own_site / "forms").iterdir()) == ["cloud-permission", "image-consent"]
    left_out = sorted(set(shared()[0].forms) - {"image-consent"})
    assert set(LEFT_OUT_FORMS) <= set(left_out)
    for form_id in left_out:
        assert not (own_site / "downloads" / f"{form_id}.pdf").exists()
        for path in own_site.rglob("*"):
            if path.suffix in (".html", ".json", ".xml", ".md"):
                assert form_id not in path.read_text(encoding="utf-8"), (form_id, path)
    pack = " ".join(pack_words(own_site))
    assert "Photo and video consent" in pack and "Blocked content access request form Your name" not in pack


# --- own forms --------------------------------------------------------------------------------------

def test_an_own_form_is_published_like_a_library_form(tmp_path):
    problems, document = checked(tmp_path)
    forms = {f.id: f for f in document.forms}
    assert list(forms) == ["image-consent", "cloud-permission"]
    own = forms["cloud-permission"]
    fields = [(f.name, f.type) for s in own.fields.sections for f in s.fields]
    assert fields == [("your_child_s_name", "text"), ("class", "radio"),
                      ("anything_we_should_know_about_your_child", "textarea"),
                      ("my_child_may_have_accounts_on_the_school", "checkbox"),
                      ("parent_or_carer_s_signature", "signature"), ("date", "date")]
    assert "Please return this form to the online safety lead." in own.markdown
    appendix = document.clause("own.form-cloud-permission")
    assert appendix is not None and "forms/cloud-permission.md" in appendix.markdown


def test_forms_replace_gives_a_library_form_the_schools_fields(tmp_path):
    _, document = checked(tmp_path)
    consent = next(f for f in document.forms if f.id == "image-consent")
    assert str(consent.fields.title) == "Photo and video consent"  # the library's title is kept
    names = [f.name for s in consent.fields.sections for f in s.fields]
    assert names == ["child_name", "photos_on_the_school_s_facebook_page", "photos_on_the_school_s_instagram_account",
                     "parent_or_carer_s_signature"]


@pytest.mark.parametrize("change, where, words", [
    (lambda d: d["forms"]["add"][0].update(id="image-consent"), "forms.add[0].id",
     "is a library form; to give it your own fields use 'forms: replace"),
    (lambda d: d["forms"]["replace"][0].update(id="image-consnet"), "forms.replace[0].id",
     "Did you mean 'image-consent'?"),
    (lambda d: d["forms"]["replace"][0]["fields"].append({"label": "Other", "type": "short text",
                                                          "name": "child_name"}),
     "forms.replace[0].fields[4].name", "another field of this form is also named 'child_name'"),
])
def test_form_mistakes_are_located(tmp_path, change, where, words):
    data = school_data()
    change(data)
    problems, document = checked(tmp_path, data)
    assert document is None
    assert any(where in str(p) and words in str(p) for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize("field, words", [
    ({"label": "Class", "type": "choice", "options": ["Only one"]}, "a choice needs at least two options"),
    ({"label": "Name", "type": "short text", "options": ["A", "B"]}, "options are only for type: choice"),
    ({"label": "Name", "type": "text box"}, "use one of: short text, long text, date, tick box, choice or signature"),
])
def test_field_mistakes_say_what_to_type(tmp_path, field, words):
    data = school_data()
    data["forms"]["add"][0]["sections"][0]["fields"].append(field)
    place_school(tmp_path, data)
    with pytest.raises(Exception) as caught:
        read_school(tmp_path / "data" / "schools" / "owndata.yml")
    assert "forms.add[0].sections[0].fields[3]" in str(caught.value) and words in str(caught.value)


# --- audience ---------------------------------------------------------------------------------------

def with_audience(tmp_path, audience: str):
    data = school_data()
    data["policy"]["audience"] = audience
    return checked(tmp_path, data)


def test_a_staff_policy_leaves_out_parents_and_pupils_clauses(tmp_path):
    _, document = with_audience(tmp_path, "staff")
    sections = {s.id for s in document.sections}
    assert {"staff-personal", "child-protection"} <= sections and not {"parents", "pupils"} & sections
    ids = {c.id for c in document.clauses()}
    assert "roles.staff" in ids and not {"roles.parents", "roles.pupils"} & ids
    staff = document.clause("roles.staff").text
    assert "follow this policy" in staff and "make sure pupils follow" not in staff
    assert all("parents/index.md" not in c.markdown for c in document.clauses())
    assert all("parents/index.md" not in g.markdown for g in document.guides)
    everyone = checked(tmp_path)[1]
    assert "make sure pupils follow this policy" in everyone.clause("roles.staff").text


def test_a_parents_policy_keeps_the_parents_rules_and_the_contacts(tmp_path):
    _, document = with_audience(tmp_path, "parents")
    sections = {s.id for s in document.sections}
    assert "parents" in sections and not {"staff-personal", "pupils", "online-rules"} & sections
    protection = next(s for s in document.sections if s.id == "child-protection")
    assert [c.id for c in protection.clauses] == ["own.flow-chart"]  # the school's own clause keeps its section
    assert "roles.child-protection-lead" in {c.id for c in document.clauses()}
    assert [str(p.title) for p in document.context["parent_contacts"]][:2] == [
        "Designated safeguarding lead", "Headteacher"]


def test_included_clauses_stay_whatever_the_audience(tmp_path):
    data = school_data()
    data["policy"]["audience"] = "staff"
    data["clauses"]["include"] = ["parents.no-school-info"]
    _, document = checked(tmp_path, data)
    assert [c.id for c in document.clauses() if c.id.startswith("parents.")] == ["parents.no-school-info"]


# --- what no longer holds together ------------------------------------------------------------------

def test_check_warns_when_a_core_section_is_omitted(tmp_path):
    data = school_data()
    data["clauses"]["omit"] = ["child-protection"]
    data["clauses"]["add"] = data["clauses"]["add"][1:]
    problems, _ = checked(tmp_path, data)
    found = [str(p) for p in problems if "clauses.omit[0]" in str(p)]
    assert found and "'child-protection' is a core section" in found[0] and "warning" in found[0]


def test_check_warns_when_a_clause_speaks_of_a_rule_left_out(tmp_path):
    data = school_data()
    data["clauses"]["omit"] = ["cyber-bullying.evidence"]
    problems, document = checked(tmp_path, data)
    found = [str(p) for p in problems if "speaks of the rule in 'cyber-bullying.evidence'" in str(p)]
    assert found and "clauses.omit[0]" in found[0] and "(cyber-bullying.sexual-images)" in found[0]
    assert "take 'cyber-bullying.evidence' out of clauses.omit" in found[0]


def test_every_speaks_of_names_a_clause(library):
    ids = set(library.clause_ids())
    declared = [(c.id, s) for sec in library.sections for c in sec.clauses for s in c.speaks_of]
    assert len(declared) >= 4 and all(s in ids for _, s in declared)


# --- trusts -----------------------------------------------------------------------------------------

def test_a_trust_starter_passes_check_with_its_academies(tmp_path):
    project = copy_project(tmp_path / "project", schools=[])
    shutil.rmtree(project / "data" / "trusts")
    made = run_cli("new", "--trust-file", "oak", "--name", "Oak Learning Trust", cwd=project)
    assert made.returncode == 0, made.stderr
    text = (project / "data" / "trusts" / "oak.yml").read_text(encoding="utf-8")
    assert "name: \"Oak Learning Trust\"" in text and "example" not in text.lower().split("# ---")[0]
    for slug, phase in (("oak-acorn", "primary"), ("oak-beech", "secondary")):
        assert run_cli("new", slug, "--trust", "oak", "--name", f"{slug} Academy", "--phase", phase,
                       cwd=project).returncode == 0
    result = run_cli("check", "--trust", "oak", cwd=project)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stdout + result.stderr
    again = run_cli("new", "--trust-file", "oak", "--name", "Oak Learning Trust", cwd=project)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_a_welsh_trust_starter_is_right_for_wales(tmp_path):
    project = copy_project(tmp_path / "project", schools=[])
    assert run_cli("new", "--trust-file", "dyffryn", "--name", "Ffederasiwn Dyffryn", "--jurisdiction", "wales",
                   cwd=project).returncode == 0
    assert run_cli("new", "dyffryn-a", "--trust", "dyffryn", "--name", "Ysgol A", cwd=project).returncode == 0
    result = run_cli("check", "--trust", "dyffryn", cwd=project)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stdout + result.stderr


def test_the_trust_is_named_on_the_cover_and_above_the_site(tmp_path):
    from generator.project import Project
    from generator.writers.pdf.jobs import print_environment
    from generator.writers.pdf.pack import build_pack, pack_html
    from generator.writers.site.docs_tree import site_config

    library, reference = shared()
    school = read_school(ROOT / "data" / "schools" / "larkmoor-elm.yml")
    document = resolve_all(school, library, reference)
    pack = build_pack(document)
    html_text = pack_html(pack, print_environment(Project(ROOT).content / "print"), {})
    assert '<p class="cover-trust">Larkmoor Learning Trust</p>' in html_text
    assert site_config(document)["extra"]["school"]["trust"] == "Larkmoor Learning Trust"


@pytest.mark.slow
def test_an_own_form_is_a_page_and_a_fillable_pdf(own_site):
    page = page_words(own_site, "forms/cloud-permission/index.html")
    assert "Permission to use online learning accounts" in page and "This form is part of our" in page
    reader = PdfReader(own_site / "downloads" / "cloud-permission.pdf")
    fields = reader.get_fields()
    assert {name: str(f.get("/FT")) for name, f in fields.items()} == {
        "your_child_s_name": "/Tx", "class": "/Btn", "anything_we_should_know_about_your_child": "/Tx",
        "my_child_may_have_accounts_on_the_school": "/Btn", "parent_or_carer_s_signature": "/Tx", "date": "/Tx"}
    for widget in (a.get_object() for p in reader.pages for a in p.get("/Annots", [])):
        assert "/AP" in widget, widget  # drawn by every reader (writers/pdf_forms.py)
    consent = PdfReader(own_site / "downloads" / "image-consent.pdf").get_fields()
    assert set(consent) == {"child_name", "photos_on_the_school_s_facebook_page",
                            "photos_on_the_school_s_instagram_account", "parent_or_carer_s_signature"}
    downloads = json.loads((own_site / "downloads.json").read_text(encoding="utf-8"))
    assert {"kind": "form", "id": "cloud-permission", "title": "Permission to use online learning accounts",
            "path": "downloads/cloud-permission.pdf"} in downloads
    pack = " ".join(pack_words(own_site))
    assert "Permission to use online learning accounts" in pack and "Photos on the school's Instagram account" in pack


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("staff"), schools=[])
    data = school_data()
    data["policy"]["audience"] = "staff"
    place_school(project, data)
    out = project / "site"
    result = run_cli("build", "owndata", "--out", str(out), "--jobs", "1", "--date", DAY.isoformat(), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out / "owndata"


@pytest.mark.slow
def test_a_staff_policy_site_has_no_parents_page(staff_site):
    assert not (staff_site / "parents").exists()
    for path in staff_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'href="../parents/' not in text and 'href="parents/' not in text, path
        assert "Parents and carers</" not in text or path.name == "404.html", path
    policy = page_words(staff_site, "policy/index.html")
    assert "Staff: personal use of social media" in policy and "make sure pupils follow this policy" not in policy


@pytest.mark.slow
def test_an_academy_shows_its_trust_on_the_site_and_the_pack(built_site):
    header = (built_site / "larkmoor-elm" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="school-trust">\s*Larkmoor Learning Trust</p>', header)
    cover = " ".join((PdfReader(built_site / "larkmoor-elm" / "downloads" / "policy-pack.pdf").pages[0]
                      .extract_text() or "").split())
    assert "Elm Bank Primary Academy Larkmoor Learning Trust" in cover
    assert "school-trust" not in (built_site / "demo" / "index.html").read_text(encoding="utf-8")
