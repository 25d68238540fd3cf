"""Trusts and federations: one shared file, each academy's own people, placeholders, one approval.

The example trust (data/trusts/larkmoor.yml, three academies) and federation
(data/schools/willowbrook.yml) are built once with every other school by the
session's `built_site`; the rest works on copies of the project and only checks.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
from pathlib import Path

from markupsafe import Markup
from pypdf import PdfReader

from generator.build import check_all
from generator.project import Project
from generator.readers.school import read_school
from generator.resolve.placeholders import fill
from tests.conftest import ROOT, copy_project, run_cli

ACADEMIES = {"larkmoor-elm": "Elm Bank Primary Academy", "larkmoor-castle": "Castle Rise Academy",
             "larkmoor-ashby": "Ashby Fold Primary Academy"}
TRUST_FILE = "data/trusts/larkmoor.yml"
TODAY = dt.date(2026, 12, 1)


def words(text: str) -> str:
    return " ".join(text.split())


def page_text(site: Path, slug: str, page: str) -> str:
    raw = (site / slug / page / "index.html").read_text(encoding="utf-8")
    inline = re.sub(r"</?(strong|em|a|code|span)\b[^>]*>", "", raw)  # words in bold or links run on
    return words(html.unescape(re.sub(r"<[^>]+>", " ", inline)))


def clauses(site: Path, slug: str) -> dict[str, dict]:
    data = json.loads((site / slug / "clauses.json").read_text(encoding="utf-8"))
    return {c["id"]: c for s in data["sections"] for c in s["clauses"]}


def pack_pages(site: Path, slug: str) -> list[str]:
    return [words(p.extract_text() or "") for p in PdfReader(site / slug / "downloads" / "policy-pack.pdf").pages]


# --- the merged policy, on the built site, in clauses.json and in the pack --------------------

def test_a_trust_clause_follows_each_academys_head_and_name(built_site):
    for slug, name in ACADEMIES.items():
        head = "principal" if slug == "larkmoor-elm" else "headteacher"
        expected = f"Each term, the {head} of {name} reports to the local governing body"
        clause = clauses(built_site, slug)["own.trust-reporting"]
        assert words(clause["text"]).startswith(expected) and clause["source"] == "own", (slug, clause)
        assert expected in page_text(built_site, slug, "policy"), slug
        assert expected in " ".join(pack_pages(built_site, slug)), slug
        assert "{{" not in json.dumps(clauses(built_site, slug)), slug


def test_academies_merge_over_the_trust(built_site):
    elm, castle, ashby = (clauses(built_site, s) for s in ACADEMIES)
    # the trust omits a clause; Castle Rise restores it
    assert "staff-personal.phone-policy" not in elm and "staff-personal.phone-policy" not in ashby
    assert castle["staff-personal.phone-policy"]["source"] == "library"
    # the trust's replacement reads each academy's name; Ashby Fold adds its own clause after the trust's
    for slug, found in zip(ACADEMIES, (elm, castle, ashby), strict=True):
        assert f"complaint with {ACADEMIES[slug]} directly" in words(found["parents.complaints-channel"]["text"])
    assert "own.forest-school" in ashby and "own.forest-school" not in elm
    # trust words, academy people
    assert '"the academy"' in elm["about.title-and-school"]["text"]
    assert "members of the trust board and of the local governing body" in castle["scope.who"]["text"]
    assert "contact the designated safeguarding leads, Ms A Novak and Mr C Lowe." in castle[
        "roles.child-protection-lead"]["text"]
    assert "students" in castle["scope.who"]["text"] and "pupils" in elm["scope.who"]["text"]
    assert "The principal is responsible" in elm["roles.head-day-to-day"]["text"]
    assert "Elm Bank Primary Academy is one of the academies of Larkmoor Learning Trust" in words(
        elm["about.school-ethos"]["text"])


def test_the_trust_board_signs_not_the_head(built_site):
    signed = clauses(built_site, "larkmoor-elm")["review.signatures"]["text"]
    assert "Chief executive officer" in signed and "Dr M Hale" in signed and "Chair of the trust board" in signed
    assert "Principal" not in signed and "Signed for the academy" in signed
    last = pack_pages(built_site, "larkmoor-elm")[-1]
    assert "Signatures" in last
    assert "We confirm that the Larkmoor Learning Trust board approved version 1.0" in last
    assert "Chief executive officer" in last and "Dr M Hale" in last and "Mr J Adeyemi" in last
    assert "Principal" not in last and "Mrs K Doyle" not in last


def test_a_role_held_by_two_people_signs_twice_and_reads_in_the_plural(built_site):
    policy = clauses(built_site, "willowbrook")
    assert "The executive headteachers lead the review" in words(policy["review.cycle"]["text"])
    last = pack_pages(built_site, "willowbrook")[-1]
    assert last.count("Executive headteacher") == 2 and "Mrs A Whitfield" in last and "Mr B Okoro" in last
    assert "We confirm that the federation's governing body approved" in last


def test_parents_are_told_who_to_tell_at_each_unit(built_site):
    parents = page_text(built_site, "willowbrook", "parents")
    for unit, person in (("Hazel Lane Nursery School", "Ms P Okafor"), ("Rowan Street Nursery School", "Mr T Brennan"),
                         ("Beech Green Nursery School", "Mrs Y Ahmed")):
        assert re.search(f"{unit}: the designated safeguarding lead, {person}", parents), unit
    assert "Hazel Lane Nursery School: the designated safeguarding lead, Ms P Okafor (safeguarding@hazel.example.org)" \
        "; or the head of school, Mrs G Lamb" in parents
    guide = page_text(built_site, "willowbrook", "guides/youtube")
    assert "Rowan Street Nursery School: the designated safeguarding lead, Mr T Brennan" in guide
    assert "Hazel Lane" not in page_text(built_site, "demo", "parents")
    lead = clauses(built_site, "willowbrook")["roles.child-protection-lead"]["text"]
    assert "Each of our settings also has its own designated safeguarding lead: Ms P Okafor at Hazel Lane Nursery " \
        "School, Mr T Brennan at Rowan Street Nursery School and Mrs Y Ahmed at Beech Green Nursery School." in lead


def test_the_index_groups_academies_under_their_trust(built_site):
    index = (built_site / "index.html").read_text(encoding="utf-8")
    (trust,) = re.findall(r'<section class="trust">(.*?)</section>', index, re.S)
    assert "<h2>Larkmoor Learning Trust</h2>" in trust
    assert sorted(re.findall(r'href="([^"/]+)/"', trust)) == sorted(ACADEMIES)
    alone = index.split('<section class="trust">')[0]
    assert "<h2>Schools</h2>" in alone and 'href="demo/"' in alone and 'href="willowbrook/"' in alone
    assert not any(f'href="{slug}/"' in alone for slug in ACADEMIES)


def test_academy_files_are_short():
    for slug in ACADEMIES:
        lines = (ROOT / "data" / "schools" / f"{slug}.yml").read_text(encoding="utf-8").splitlines()
        data = [line for line in lines if line.strip() and not line.lstrip().startswith("#")]
        assert len(data) <= 40, (slug, len(data))


# --- placeholders are a fixed table, never a template -----------------------------------------

def test_placeholders_insert_escaped_values_and_start_sentences_with_a_capital():
    values = {"roles.headteacher": Markup("the principal"), "school.name": Markup("A &amp; B"), "trust.name": "<i>"}
    text = fill("{{ roles.headteacher }} of {{school.name}} <b>x</b>. {{ roles.headteacher }} said {x} {{ trust.name }}",
                values)
    assert text == "The principal of A &amp; B &lt;b&gt;x&lt;/b&gt;. The principal said &#123;x&#125; &lt;i&gt;"
    assert fill("{{ alert(1) }} {% raw %}", values) == "&#123;&#123; alert(1) &#125;&#125; &#123;% raw %&#125;"  # if ever past check


def trust_project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project", schools=list(ACADEMIES))


def edit(project: Path, name: str, old: str, new: str) -> str:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path.read_text(encoding="utf-8")


def where(text: str, token: str) -> str:
    before = text[:text.index(token)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_unknown_placeholders_in_a_trust_file_are_refused_where_they_are(tmp_path):
    project = trust_project(tmp_path)
    text = edit(project, TRUST_FILE, "        the {{ terms.local_body }} on how",
                "        the {{ terms.local_body }} ({{ 7*7 }}) on how")
    text = edit(project, TRUST_FILE, "    {{ school.name }} is one of", "    {{ roles.nobody }} is one of")
    result = run_cli("check", "--trust", "larkmoor", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    err = result.stderr
    assert f"{TRUST_FILE}:{where(text, '{{ 7*7 }}')}: clauses.add[0].text: '{{{{ 7*7 }}}}' is not a placeholder" in err
    assert f"{TRUST_FILE}:{where(text, '{{ roles.nobody }}')}: school.ethos: '{{{{ roles.nobody }}}}'" in err
    assert "Allowed: roles.<role>" in err and "school.name, school.short_name, trust.name" in err
    assert err.count("roles.nobody") == 1, "a trust's mistake is reported once, not once per academy"
    assert "Traceback" not in err


def test_a_template_tag_in_an_academy_file_is_refused_there(tmp_path):
    project = trust_project(tmp_path)
    text = edit(project, "data/schools/larkmoor-ashby.yml", "At our forest school site",
                "At our {% if true %}forest{% endif %} school site {{ roles.dls }}")
    result = run_cli("check", "larkmoor-ashby", cwd=project)
    assert result.returncode == 2
    at = f"data/schools/larkmoor-ashby.yml:{where(text, '{% if true %}')}"
    assert f"{at}: clauses.add[0].text: '{{% if true %}}' cannot be used" in result.stderr
    assert "Did you mean '{{ roles.dsl }}'?" in result.stderr


def test_data_mistakes_are_located_in_the_file_that_holds_them(tmp_path):
    project = trust_project(tmp_path)
    trust = edit(project, TRUST_FILE, "  pupil-phones: school-policy", "  pupil-phones: sometimes")
    academy = edit(project, "data/schools/larkmoor-elm.yml", "  phase: primary", "  phase: primry")
    castle = edit(project, "data/schools/larkmoor-castle.yml", "restore: [staff-personal.phone-policy]",
                  "restore: [staff-personal.phone-policy, pupils.no-alias]")
    result = run_cli("check", "--trust", "larkmoor", cwd=project)
    assert result.returncode == 2
    assert f"{TRUST_FILE}:{where(trust, 'sometimes')}: choices.pupil-phones: 'sometimes' is not a known option" in result.stderr
    assert f"data/schools/larkmoor-elm.yml:{where(academy, 'primry')}: school.phase:" in result.stderr
    edit(project, TRUST_FILE, "  pupil-phones: sometimes", "  pupil-phones: school-policy")
    edit(project, "data/schools/larkmoor-elm.yml", "  phase: primry", "  phase: primary")
    result = run_cli("check", "--trust", "larkmoor", cwd=project)
    at = where(castle, "pupils.no-alias")
    assert f"larkmoor-castle.yml:{at}: clauses.restore[1]: 'pupils.no-alias' has nothing to restore" in result.stderr
    edit(project, "data/schools/larkmoor-elm.yml", "trust: larkmoor", "trust: larkmor")
    result = run_cli("check", "larkmoor-elm", cwd=project)
    assert "larkmoor-elm.yml:3:8: trust: there is no data/trusts/larkmor.yml. Did you mean 'larkmoor'?" in result.stderr


def test_clause_changes_compose_trust_first_then_academy(tmp_path):
    project = trust_project(tmp_path)
    edit(project, "data/schools/larkmoor-elm.yml", "policy:\n", "clauses:\n"
         "  replace:\n    own.trust-reporting: The academy's own words.\n    parents.complaints-channel: Ours.\n"
         "  omit: [roles.complaints]\n\npolicy:\n")
    edit(project, "data/schools/larkmoor-ashby.yml", "clauses:\n", "clauses:\n  omit: [own.trust-reporting]\n"
         "  restore: [parents.complaints-channel]\n")
    elm = read_school(project / "data/schools/larkmoor-elm.yml").data.clauses
    assert [(c.id, c.text) for c in elm.add] == [("own.trust-reporting", "The academy's own words.")]
    assert elm.replace == {"parents.complaints-channel": "Ours."}
    assert elm.omit == ["staff-personal.phone-policy", "roles.complaints"]
    ashby = read_school(project / "data/schools/larkmoor-ashby.yml").data.clauses
    assert [c.id for c in ashby.add] == ["own.forest-school"] and ashby.replace == {} and ashby.restore == []


# --- one approval for the trust, and a short file for a new academy ---------------------------

def test_one_approval_for_the_trust_then_each_pack_lists_its_changes(tmp_path):
    project = trust_project(tmp_path)
    result = run_cli("approve", "--trust", "larkmoor", "--on", "2026-10-12", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.stem for p in (project / "data" / "approved").glob("*.yml")) == sorted(ACADEMIES)
    edit(project, TRUST_FILE, "straight away about any", "on the same day about any")
    edit(project, "data/schools/larkmoor-elm.yml", "policy:\n", "clauses:\n  add:\n    - {id: own.elm, "
         "section: roles, text: Our own rule.}\n\npolicy:\n")
    documents = {d.slug: d for d in check_all(Project(project), list(ACADEMIES), TODAY).documents}
    for slug, document in documents.items():
        listed = {(c.kind, c.id) for c in document.changes.items if c.kind != "moved"}
        expected = {("reworded", "own.trust-reporting")} | ({("added", "own.elm")} if slug == "larkmoor-elm" else set())
        assert listed == expected, slug
        assert str(document.changes.since_date) == "2026-10-12"


def test_new_academy_file_is_short_and_checks_clean(tmp_path):  # `build` here is refused before it reads a school
    project = trust_project(tmp_path)
    result = run_cli("new", "oak-tree", "--trust", "larkmoor", "--name", "Oak Tree Academy", cwd=project)
    assert result.returncode == 0, result.stderr
    text = (project / "data" / "schools" / "oak-tree.yml").read_text(encoding="utf-8")
    assert text.count("\n") < 40 and "trust: larkmoor" in text
    assert run_cli("check", "oak-tree", cwd=project).returncode == 0
    assert run_cli("new", "x", "--trust", "nope", "--name", "X", cwd=project).returncode == 2
    built = run_cli("build", "--trust", "nope", cwd=project, refused=True)
    assert built.returncode == 2 and "no data/trusts/nope.yml; trusts here: larkmoor" in built.stderr


def test_the_old_governing_body_key_still_works_with_a_warning(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    edit(project, "data/schools/demo.yml", "terms:\n  governing_body: governing body", "terms: {}")
    edit(project, "data/schools/demo.yml", "  learners: pupils ", "  governing_body: board of governors\n  learners: pupils ")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "school.governing_body: warning:" in result.stderr and "terms: {governing_body: board of governors}" in result.stderr
    documents = check_all(Project(project), ["demo"], TODAY).documents
    governors = next(c for c in documents[0].clauses() if c.id == "roles.governors-overall")
    assert "The board of governors is responsible overall" in governors.text


# --- the trust's own forms, and each academy's -------------------------------------------------

TRUST_FORMS = """
forms:
  add:
    - id: trip-contacts
      title: Contacts on a school trip
      introduction: Who we call on a trip, and how.
      fields: [{label: Your child's name, type: short text}, {label: Phone on the day, type: short text}]
    - id: cloud-permission
      title: Online learning accounts
      introduction: The accounts your child uses for homework.
      fields: [{label: Your child's name, type: short text}, {label: I agree, type: tick box}]
  replace:
    - id: image-consent
      fields: [{label: Your child's name, type: short text, name: child_name}]

"""


def academy_forms(project: Path) -> dict[str, list[str]]:
    documents = check_all(Project(project), list(ACADEMIES), TODAY).documents
    return {d.slug: [f.id for f in d.forms] for d in documents}


def test_an_academys_own_forms_add_to_the_trusts(tmp_path):
    """Issue 22: an academy's forms.add adds to its trust's list; one with the id of a trust's form takes
    its place (as files written when the academy's list replaced the trust's expect); an academy leaves a
    trust's form out by omitting its appendix clause."""
    project = trust_project(tmp_path)
    edit(project, TRUST_FILE, "\ngovernance:", TRUST_FORMS + "governance:")
    edit(project, "data/schools/larkmoor-elm.yml", "\npolicy:", "\nforms:\n  add:\n    - id: breakfast-club\n"
         "      title: Breakfast club sign-up\n      introduction: Places at the breakfast club.\n"
         "      fields: [{label: Days, type: long text}]\n\npolicy:")
    edit(project, "data/schools/larkmoor-ashby.yml", "\nclauses:", "\nforms:\n  add:\n    - id: cloud-permission\n"
         "      title: Ashby Fold's online accounts\n      introduction: The accounts we use at Ashby Fold.\n"
         "      fields: [{label: Your child's name, type: short text}]\n\nclauses:")
    edit(project, "data/schools/larkmoor-castle.yml", "restore: [", "omit: [own.form-trip-contacts]\n  restore: [")
    forms = academy_forms(project)
    assert forms["larkmoor-elm"][-3:] == ["trip-contacts", "cloud-permission", "breakfast-club"]
    assert forms["larkmoor-ashby"][-2:] == ["trip-contacts", "cloud-permission"]
    assert "trip-contacts" not in forms["larkmoor-castle"] and forms["larkmoor-castle"][-1] == "cloud-permission"
    for slug in ACADEMIES:
        assert forms[slug].count("cloud-permission") == 1 and "image-consent" in forms[slug], slug
    ashby = read_school(project / "data/schools/larkmoor-ashby.yml").data.forms
    assert [f.title for f in ashby.add] == ["Contacts on a school trip", "Ashby Fold's online accounts"]
    assert [c.id for c in ashby.replace] == ["image-consent"]
    result = run_cli("check", "--trust", "larkmoor", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "own.form-trip-contacts" not in result.stderr


def test_a_mistake_in_a_merged_form_is_located_in_its_own_file(tmp_path):
    project = trust_project(tmp_path)
    trust = edit(project, TRUST_FILE, "\ngovernance:", TRUST_FORMS.replace("type: tick box", "type: tickbox")
                 + "governance:")
    elm = edit(project, "data/schools/larkmoor-elm.yml", "\npolicy:", "\nforms:\n  add:\n    - id: breakfast-club\n"
               "      title: Breakfast club sign-up\n      introduction: Places at the breakfast club.\n"
               "      fields: [{label: Days, type: choice, options: [Monday]}]\n\npolicy:")
    result = run_cli("check", "larkmoor-elm", cwd=project)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"{TRUST_FILE}:{where(trust, 'tickbox')}: forms.add[1].fields[1].type" in result.stderr
    at = where(elm, "{label: Days")
    assert f"data/schools/larkmoor-elm.yml:{at}: forms.add[0].fields[0]" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_trusts_own_role_is_named_by_each_academy(tmp_path):
    """Issue 22: a trust adds a role of its own; each academy names who holds it, and the role is in its
    key people, its trust's clauses and its roles section."""
    project = trust_project(tmp_path)
    edit(project, TRUST_FILE, "  chief_executive:", "  online_safety_lead:\n    title: online safety lead\n"
         "    responsibilities:\n      - \"meeting {{ roles.dsl }} each half term\"\n  chief_executive:")
    edit(project, TRUST_FILE, "straight away about any", "and {{ roles.online_safety_lead }} straight away about any")
    edit(project, "data/schools/larkmoor-elm.yml", "  dsl: {name: Mr S Patel}",
         "  dsl: {name: Mr S Patel}\n  online_safety_lead: {name: Ms T Rowe}")
    documents = {d.slug: d for d in check_all(Project(project), list(ACADEMIES), TODAY).documents}
    elm = documents["larkmoor-elm"]
    assert ("Online safety lead", "Ms T Rowe") in [(str(p.title), str(p.name)) for p in elm.context["key_people"]]
    assert "and the online safety lead straight away" in " ".join(elm.clause("own.trust-reporting").text.split())
    duties = " ".join(elm.clause("own.role-online-safety-lead").text.split())
    assert duties.startswith("The online safety lead, Ms T Rowe, is responsible for:")
    assert "meeting the designated safeguarding lead each half term" in duties
