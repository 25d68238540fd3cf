"""A policy the school adopts: profiles, own sections and title, laws, key people, and pages that agree.

One throwaway project with two schools, built once with the real CLI (MkDocs and WeasyPrint):
- core-demo: the demo school with `policy.adopt: core`;
- hill: its own title, an own section, `appendices: [image-consent]` with `guides: []`, a replaced
  staff-contact clause, omitted sections and clauses, laws added and dropped, a three-year review.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, run_cli
from pypdf import PdfReader

TITLE = "Online Safety Policy"

HILL = textwrap.dedent("""\
    school:
      name: Hill Top Primary School
      short_name: HTPS
      phase: primary
      jurisdiction: england
    roles:
      headteacher: {title: headteacher, name: Mrs A Head, phone: 01632 960 111, email: head@hilltop.example.org}
      chair_of_governors: {title: chair of governors, name: Mr C Chair}
      dsl: {title: designated safeguarding lead, name: Ms S Guard, phone: 01632 960 222}
      dpo: {title: data protection officer, name: Mr D Data, email: dpo@hilltop.example.org}
      network_manager: {title: network manager, name: Mr N Net}
      esafety_team: {title: online safety team, members: [the headteacher]}
      social_media_lead: {title: office manager}
      consent_record_keeper: {title: office manager}
      filtering_contact: {title: network manager}
    policy:
      title: Online Safety Policy
      adopt: full
      laws: {add: [wales-sharing-nudes], drop: [foi-act-2000]}
      appendices: [image-consent]
      guides: []
      related_policies: [Behaviour Policy]
    governance:
      version: "1.0"
      written: 2026-09-01
      last_reviewed: 2026-09-01
      review_cycle_months: 36
      review_lead: dsl
      review_with: [dpo]
    clauses:
      omit: [blogging, pupils.no-alias, online-rules.smart-rules]
      replace:
        staff-personal.no-contact-pupils-parents: >-
          Staff may write to parents from their school email account about school matters.
          They must not use personal accounts to contact pupils.
        pupils.no-contact-staff: Families should contact staff through the school office.
        training.pupils-reminders: We remind pupils of the SMART rules in every class.
      add_sections:
        - {id: own.trips, title: School trips and visits, after: school-accounts, intro: "Our rules for **trips**."}
      add:
        - {id: own.trip-photos, section: own.trips, text: Staff on a trip take photos only on school cameras.}
        - {id: own.trip-phones, section: own.trips, text: Pupils on a residential trip hand in their phones at bedtime.}
        - {id: own.review-note, section: review, text: Our school council reads each new version of this policy.}
    """)


def core_demo() -> str:
    text = (ROOT / "data" / "schools" / "demo.yml").read_text(encoding="utf-8")
    return re.sub(r"(?m)^  adopt: \w+", "  adopt: core", text, count=1)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("adoption"), schools=[])
    schools = root / "data" / "schools"
    (schools / "core-demo.yml").write_text(core_demo(), encoding="utf-8")
    (schools / "hill.yml").write_text(HILL, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(project) -> Path:
    out = project / "site"
    result = run_cli("build", "core-demo", "hill", "--out", str(out), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def policy_of(site: Path, slug: str) -> dict:
    return json.loads((site / slug / "clauses.json").read_text(encoding="utf-8"))


def clauses_of(site: Path, slug: str) -> dict[str, dict]:
    return {c["id"]: c | {"section": s["id"]} for s in policy_of(site, slug)["sections"] for c in s["clauses"]}


def page(site: Path, slug: str, name: str) -> str:
    return (site / slug / name / "index.html" if name else site / slug / "index.html").read_text(encoding="utf-8")


def content(html: str) -> str:
    """The page's own text, without the site navigation every page shares."""
    return html[html.index("<article"):html.index("</article>")]


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("&#39;", "'").replace("&amp;", "&")))


def library_levels() -> dict[str, str]:
    levels = {}
    for path in (ROOT / "content" / "library").glob("*.yml"):
        section = yaml.safe_load(path.read_text(encoding="utf-8"))
        for clause in section["clauses"]:
            levels[clause["id"]] = clause.get("level") or section.get("level", "standard")
    return levels


def pdf_text(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(path).pages]


# --- Profiles ---------------------------------------------------------------

def test_every_library_clause_has_a_level_on_the_line_after_its_id():
    for path in (ROOT / "content" / "library").glob("*.yml"):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            if line.startswith("  - id: "):
                assert re.match(r"^    level: (core|standard|extra)$", lines[i + 1]), (path.name, line)


def test_core_profile_keeps_only_core_clauses(site):
    clauses, levels = clauses_of(site, "core-demo"), library_levels()
    assert 15 <= len(clauses) <= 60, len(clauses)
    for cid, clause in clauses.items():
        # the school's own clauses and the clauses it gave its own words are its choices
        assert clause["source"] in ("own", "replaced") or levels[cid] == "core", (cid, levels[cid])
    assert "own.live-streaming" in clauses and "parents.complaints-channel" in clauses
    assert not any(levels.get(cid) == "extra" for cid in clauses)


def test_clauses_command_lists_what_is_in_and_out_and_why(project, site):
    result = run_cli("clauses", "core-demo", "--all", cwd=project)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"^1\.1\s+about\.title-and-school\s+library\s+This is the Social Media Policy", out, re.M), out
    assert re.search(r"own\.live-streaming\s+own\s+We do not live-stream", out)
    assert re.search(r"parents\.complaints-channel\s+replaced\s+If you are unhappy", out)
    assert "left out: level extra, above policy.adopt: core" in out
    assert "left out: level standard, above policy.adopt: core" in out
    assert "left out: omitted by the school (clauses.omit)" in out  # cyber-bullying.examples
    assert "left out: condition not met: policy.pupil_rules.scheme == 'smart'" in out
    only = run_cli("clauses", "hill", "--section", "own.trips", cwd=project).stdout
    assert "own.trip-photos" in only and "own.trip-phones" in only and "about.title-and-school" not in only
    found = run_cli("clauses", "hill", "--search", "bedtime", cwd=project).stdout
    assert "own.trip-phones" in found and "own.trip-photos" not in found


def test_clauses_piped_into_a_reader_that_stops_early_says_nothing(project):
    """`schoolpolicy clauses demo | head`: the reader going away is not a problem to report."""
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, 1031, 4096)  # F_SETPIPE_SZ: a small pipe, so the listing outgrows it
    listing = subprocess.Popen([sys.executable, "-m", "generator", "clauses", "core-demo", "--all"], cwd=project,
                               stdout=write_end, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        assert reader.readline().startswith(b"Number")
    errors = listing.stderr.read().decode()
    # check's warnings about the school's own file may come first; nothing about the reader going away
    errors = "\n".join(line for line in errors.splitlines() if ": warning: " not in line)
    assert listing.wait(timeout=60) == 141 and errors == "", errors


# --- Whole sections and own sections ---------------------------------------------

def test_own_section_whole_section_omits_and_closing_material(site):
    sections = policy_of(site, "hill")["sections"]
    ids = [s["id"] for s in sections]
    assert "blogging" not in ids
    assert ids[ids.index("school-accounts") + 1] == "own.trips"
    trips = sections[ids.index("own.trips")]
    assert trips["title"] == "School trips and visits" and [c["source"] for c in trips["clauses"]] == ["own", "own"]
    review = [c["id"] for c in sections[ids.index("review")]["clauses"]]
    assert review[-2:] == ["own.review-note", "review.signatures"], review  # before the signatures, not after
    policy = page(site, "hill", "policy")
    assert f"{trips['number']}. School trips and visits" in visible(policy)
    assert "<strong>trips</strong>" in policy  # the section's own introduction, Markdown kept


def test_section_introductions_cite_only_clauses_there_in_library_words(site):
    policy = visible(page(site, "hill", "policy"))
    intro = policy[policy.index("This section is for parents and carers."):][:400]
    assert "following only the school's official accounts" in intro  # still there, library words
    assert "not using false names" not in intro  # omitted
    assert "not contacting staff through personal accounts" not in intro  # replaced


def test_check_warns_when_words_name_something_left_out(project, site):
    result = run_cli("check", "hill", cwd=project)
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if "SMART rules" in line]
    assert warning and re.match(r"data/schools/hill.yml:\d+:\d+: clauses.replace.training.pupils-reminders: warning:",
                                warning[0]), result.stderr
    assert "online-rules.smart-rules" in warning[0] and "clauses.omit" in warning[0]


# --- Title --------------------------------------------------------------------------

def test_own_title_on_every_page_header_footer_forms_and_clause_one(site):
    pages = [p for p in (site / "hill").rglob("*.html") if p.name != "404.html"]
    assert len(pages) > 5
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert re.search(rf"<title>[^<]*{TITLE}</title>", html), path  # the header shows the site name too
        assert f"{TITLE} version 1.0" in html, path  # the footer on every page
        assert "Social Media Policy" not in visible(html), path
    assert clauses_of(site, "hill")["about.title-and-school"]["text"].startswith(f"This is the {TITLE} of Hill Top")
    assert TITLE in visible(page(site, "hill", "forms/image-consent"))


def test_own_title_in_the_pack_cover_footer_and_form_pdfs(site):
    pack = pdf_text(site / "hill" / "downloads" / "policy-pack.pdf")
    assert TITLE in pack[0].split("\n")[1]  # the cover title
    assert all(f"{TITLE}, version 1.0: HTPS" in text for text in pack), "running footer"
    assert "Social Media Policy" not in "".join(pack)
    form = pdf_text(site / "hill" / "downloads" / "image-consent.pdf")[0]
    assert TITLE in form
    agreement = pdf_text(site / "core-demo" / "downloads" / "parent-agreement.pdf")[0]
    assert "Social Media Policy" in agreement


# --- Laws and review -----------------------------------------------------------

def test_laws_added_and_dropped(site):
    framework = clauses_of(site, "hill")["legal.framework"]["text"]
    assert "Freedom of Information" not in framework
    assert "hwb.gov.wales" in page(site, "hill", "policy")  # the Welsh advice, added on purpose
    assert "Freedom of Information" in clauses_of(site, "core-demo")["legal.framework"]["text"]


def test_review_wording_and_people_come_from_the_data(site):
    cycle = " ".join(clauses_of(site, "hill")["review.cycle"]["text"].split())
    assert "every three years" in cycle and "36 months" not in cycle
    assert "The designated safeguarding lead leads the review with the data protection officer" in cycle
    assert "every year" in clauses_of(site, "core-demo")["review.cycle"]["text"]


# --- Key people ----------------------------------------------------------------

def test_key_people_tables_on_policy_parents_and_pack(site):
    policy = page(site, "hill", "policy")
    top = policy[:policy.index('class="policy-contents"')]
    assert "Key people" in top and 'href="tel:01632960111"' in top and 'href="mailto:dpo@hilltop.example.org"' in top
    parents = page(site, "hill", "parents")
    table = parents[parents.index("Key people"):parents.index("</table>", parents.index("Key people"))]
    assert "Ms S Guard" in table and "01632 960 222" in table and "Mrs A Head" in table
    assert "Data protection officer" not in table and "Network manager" not in table  # not a parent's contact
    pack = "".join(pdf_text(site / "hill" / "downloads" / "policy-pack.pdf"))
    assert "Key people" in pack and "dpo@hilltop.example.org" in pack


# --- Pages follow the policy ------------------------------------------------------------

def test_home_summary_follows_the_clauses(site):
    hill, demo = page(site, "hill", ""), page(site, "core-demo", "")
    numbers = {cid: c["number"] for cid, c in clauses_of(site, "hill").items()}
    assert "Staff will not follow, friend or message" not in hill  # the school replaced that clause
    assert "Staff may write to parents from their school email account" in hill
    staff = numbers["staff-personal.no-contact-pupils-parents"]
    assert f'href="policy/#clause-{staff.replace(".", "-")}"' in hill  # each point links to its clause
    assert "Staff will not follow, friend or message" in demo
    assert "Please send school news to us" not in demo  # parents.no-school-info is extra: not in a core policy


def test_appendices_and_guides_agree_across_home_parents_and_downloads(site):
    home, parents, downloads = (page(site, "hill", p) for p in ("", "parents", "downloads"))  # nav included
    rows = json.loads((site / "hill" / "downloads.json").read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in rows) == ["image-consent", "policy-pack"]
    for html in (home, parents, downloads):
        assert "Photo and video consent" in html
        for other in ("Blocked content access request", "Pupil social media agreement", "Inappropriate content report"):
            assert other not in html
    assert "Guides to the apps children use" not in parents and "phone providers table" not in parents
    assert "guides for parents" not in home.lower()


def test_staff_forms_never_on_parents_pages(site):
    home, parents, downloads = (content(page(site, "core-demo", p)) for p in ("", "parents", "downloads"))
    for staff_form in ("Blocked content access request", "Inappropriate content report"):
        assert staff_form not in home and staff_form not in parents
        assert f"{staff_form}</a> (for staff)" in downloads
    assert "phone providers table" in parents  # in a policy with every appendix, the table is linked


# --- Located errors ----------------------------------------------------------------

def test_unknown_law_and_include_ids_are_located_with_a_suggestion(project):
    bad = HILL.replace("add: [wales-sharing-nudes]", "add: [wales-sharing-nude]").replace(
        "omit: [blogging,", "include: [bloging]\n  omit: [blogging,")
    (project / "data" / "schools" / "bad.yml").write_text(bad, encoding="utf-8")
    try:
        result = run_cli("check", "bad", cwd=project)
    finally:
        (project / "data" / "schools" / "bad.yml").unlink()
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(r"bad.yml:\d+:\d+: policy.laws.add\[0\]: .*Did you mean 'wales-sharing-nudes'", result.stderr)
    assert re.search(r"bad.yml:\d+:\d+: clauses.include\[0\]: .*Did you mean 'blogging'", result.stderr)


def test_an_included_clause_linking_to_one_the_profile_leaves_out_is_located(project):
    school = core_demo().replace("\n  include: []\n", "\n  include: [intent.official-voice]\n", 1)
    (project / "data" / "schools" / "linked.yml").write_text(school, encoding="utf-8")
    try:
        result = run_cli("check", "linked", cwd=project)
    finally:
        (project / "data" / "schools" / "linked.yml").unlink()
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert re.search(r"linked.yml:\d+:\d+: clauses.include\[0\]: .*'definitions.official-accounts'", result.stderr)
    assert "Add 'definitions.official-accounts' to clauses.include" in result.stderr
