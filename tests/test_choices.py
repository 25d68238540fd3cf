"""Choices (content/choices.yml): each option of each choice puts its own wording in the policy.

Most tests resolve schools in-process (the same code `check` and `build` run); one builds a school with
several options through the real CLI, MkDocs and WeasyPrint and reads the page and the consent PDF.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, one_guide, run_cli
from pypdf import PdfReader

from generator.check import check_school, school_problems
from generator.errors import LibraryError
from generator.readers.library import Library, read_library
from generator.readers.logo import pictures_of
from generator.readers.reference import Reference, read_reference
from generator.readers.school import SchoolFile, read_school
from generator.resolve.resolver import resolve

DAY = dt.date(2026, 12, 5)


@lru_cache(maxsize=None)
@lru_cache(maxsize=None)  # read once: every option of every choice is resolved against the same library
def shared() -> tuple[Library, Reference]:
    return read_library(ROOT / "content", ROOT), read_reference(ROOT / "content" / "reference", DAY)


def school_with(tmp_path: Path, choices: dict[str, str], slug: str = "demo", replace: dict | None = None,
                adopt: str = "full", kind: str | None = None) -> SchoolFile:
    """The demo school (or another example) with these choices, read from a real file; by default with
    `policy.adopt: full`, so every option's clauses are in whatever their level; `kind`: publish that kind."""
    data = yaml.safe_load((ROOT / "data" / "schools" / f"{slug}.yml").read_text(encoding="utf-8"))
    data["choices"] = data.get("choices", {}) | choices
    data.setdefault("policy", {})["adopt"] = adopt
    if kind:  # a choice that sets clauses only in other kinds of policy
        data["policy"].pop("kinds", None)
        data["policy"] |= {"kind": kind, "title": None}
        data["policy"] = {k: v for k, v in data["policy"].items() if v is not None}
        data.get("clauses", {}).pop("add", None)  # the demo's own clauses sit in social media sections
    if replace:
        data["clauses"]["replace"] = (data["clauses"].get("replace") or {}) | replace
    path = tmp_path / f"{slug}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return read_school(path)


def policy_of(school: SchoolFile) -> dict[str, str]:
    """clause id -> plain text, for the school's resolved policy (errors from check fail the test)."""
    library, reference = shared()
    errors = [p for p in school_problems(school, library, reference, pictures_of(ROOT, school.data), DAY) if p.severity == "error"]
    assert not errors, [str(e) for e in errors]
    checked = check_school(school, library, reference, None, school.doc.path, pictures_of(ROOT, school.data), DAY).school  # reads old keys
    return {c.id: " ".join(c.text.split()) for c in resolve(checked, library, reference).clauses()}


def variants(choice_id: str, kind: str | None = None, phase: str | None = None) -> dict[str, set[str]]:
    """option -> the clause ids that option sets (in one kind of policy, for one phase, when given)."""
    library, _ = shared()
    found: dict[str, set[str]] = {o: set() for o in library.choices[choice_id].option_ids()}
    for section in library.sections:
        for clause in section.clauses:
            if clause.choice != choice_id or (kind and kind not in section.kinds_of(clause)):
                continue
            if phase and phase not in (clause.phases or section.phases or [phase]):
                continue
            for option in clause.choice_options():
                found[option].add(clause.id)
    return found


def kinds_setting(choice_id: str) -> list[str]:
    """The kinds of policy in which some option of this choice sets a clause."""
    library, _ = shared()
    return sorted({k for s in library.sections for c in s.clauses if c.choice == choice_id for k in s.kinds_of(c)})


def test_the_choices_command_lists_at_least_25_choices_with_two_options_each():
    result = run_cli("choices", "demo", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    blocks = [b for b in result.stdout.split("\n\n") if re.match(r"^[a-z0-9-]+: ", b)]
    assert len(blocks) >= 25, result.stdout
    for block in blocks:
        options = re.findall(r"(?m)^  [*-] ([a-z0-9-]+): ", block)
        assert len(options) >= 2, block
        assert len(re.findall(r"(?m)^  \* ", block)) == 1, block  # the school's current option, marked once
    # the school's option and the clauses it sets, with their numbers in the policy
    assert re.search(r"pupil-phones: .*\n  now: handed-in \(your choice\)", result.stdout)
    assert re.search(r"\* handed-in: .*\n      sets clause \d+\.\d+: pupils\.phones-handed-in", result.stdout)


@pytest.mark.parametrize("choice_id", sorted(read_library(ROOT / "content", ROOT).choices))
def test_each_option_prints_its_own_clauses_and_no_other_options(tmp_path, choice_id):
    library, _ = shared()
    choice = library.choices[choice_id]
    slug = "demo" if not choice.phases or "primary" in choice.phases else "willowbrook"
    phase = yaml.safe_load((ROOT / "data" / "schools" / f"{slug}.yml").read_text(encoding="utf-8"))["school"]["phase"]
    for kind in kinds_setting(choice_id):  # each kind of policy that holds its clauses (issue 21)
        sets = variants(choice_id, kind, phase)
        texts = {}
        for option in choice.option_ids():
            policy = policy_of(school_with(tmp_path, {choice_id: option}, slug, kind=kind))
            others = set().union(*(ids for o, ids in sets.items() if o != option)) - sets[option]
            assert sets[option] <= set(policy), (kind, option, sets[option] - set(policy))
            assert not others & set(policy), (kind, option, others & set(policy))
            if sets[option]:
                texts[option] = "\n".join(policy[c] for c in sorted(set(policy)) if c in sets[option] or
                                          c in {r.id for r in library.clauses_reading(choice_id)})
        assert len(set(texts.values())) == len(texts), f"two options of {choice_id} print the same words in {kind}"


SAYS = {  # choice -> option -> words the printed policy holds with that option
    "staff-contact-parents": {
        "never": "parents and carers of pupils.",
        "with-caution": "where they were friends before a child joined the school",
        "head-permission": "agreed to it in writing first",
        "unless-conflict": "unless the link creates a conflict of interest",
    },
    "staff-former-pupils": {
        "under-18": "pupils who have left the school and are under 18",
        "under-16": "pupils who have left the school and are under 16",
        "under-13": "pupils who have left the school and are under 13",
        "never": "pupils who have left the school, whatever their age",
    },
    "pupil-phones": {
        "school-policy": "bringing and using mobile phones", "handed-in": "hand it in to the school office",
        "phone-free": "is a phone-free school", "off-and-away": "switched off and kept out of sight",
        "locked-pouch": "lock it in the pouch or locker", "not-brought": "should not bring mobile phones",
    },
    "smart-watches": {"same-as-phones": "counts as a mobile phone", "notifications-off": "may wear a smart watch",
                      "not-allowed": "must not wear a smart watch"},
    "account-comments": {"moderated": "check comments and replies regularly", "closed": "are switched off",
                         "followers-only": "Only accounts the school has approved"},
    "pupil-ai-tools": {"teacher-led": "only in activities that a member of staff has planned",
                       "with-permission": "when their teacher says so", "not-allowed": "must not use AI tools"},
    "trip-devices": {"contact-only": "to keep in touch with staff", "school-device-photos": "device the school lends",
                     "no-phones": "switched off and put away"},
}


@pytest.mark.parametrize("choice_id", sorted(SAYS))
def test_the_printed_policy_says_what_each_option_says(tmp_path, choice_id):
    for option, words in SAYS[choice_id].items():
        text = "\n".join(policy_of(school_with(tmp_path, {choice_id: option})).values())
        assert words in text, (choice_id, option, words)
        for other, other_words in SAYS[choice_id].items():
            if other != option and other_words not in words:
                assert other_words not in text, (choice_id, option, "also says", other_words)


def test_contact_with_parents_allowed_means_a_parents_request_is_not_reported(tmp_path):
    never = policy_of(school_with(tmp_path, {}, adopt="standard"))
    caution = policy_of(school_with(tmp_path, {"staff-contact-parents": "with-caution"}))
    assert "or a parent or carer tries to friend" in never["staff-personal.report-approaches"]
    assert "parent" not in caution["staff-personal.report-approaches"]


def test_an_options_clauses_follow_the_adopt_level_like_any_other(tmp_path):
    # demo adopts standard: the default smart watch clause is extra, the other options standard
    standard = policy_of(school_with(tmp_path, {"smart-watches": "not-allowed"}, adopt="standard"))
    assert "pupils.watches-not-allowed" in standard
    default = policy_of(school_with(tmp_path, {}, adopt="standard"))
    assert not {c for c in default if c.startswith("pupils.watches-")}
    assert "pupils.watches-as-phones" in policy_of(school_with(tmp_path, {}, adopt="full"))


def test_old_keys_still_work_with_a_located_warning_naming_the_new_form(tmp_path):
    project = copy_project(tmp_path / "p", ["demo"])
    path = project / "data" / "schools" / "demo.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["choices"]
    data["policy"] |= {"staff_personal_use": "permission-only", "pupil_phones": "phone-free", "wifi_rules": False}
    text = yaml.safe_dump(data, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 0, result.stderr
    line = text.splitlines().index("  pupil_phones: phone-free") + 1
    assert (f"data/schools/demo.yml:{line}:3: policy.pupil_phones: warning: is the old form of this choice; "
            "write it as 'choices: {pupil-phones: phone-free}' at the top level instead") in result.stderr
    assert "policy.staff_personal_use: warning: is the old form of this choice; write it as " \
           "'choices: {staff-personal-use: permission-only}'" in result.stderr
    assert "policy.wifi_rules: warning: is the old form of choices.school-wifi, and 'false' is its default" \
           in result.stderr
    old = policy_of(read_school(path))
    assert "pupils.phones-phone-free" in old and "staff-personal.work-time-permission" in old
    assert "staff-personal.no-school-wifi" not in old and "blocked.wifi-not-covered" not in old


def test_unknown_choices_and_options_are_located_errors_with_a_suggestion(tmp_path):
    project = copy_project(tmp_path / "p", ["demo"])
    path = project / "data" / "schools" / "demo.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  pupil-phones: handed-in ", "  pupil-phones: handed-inn ")
    text = text.replace("\nchoices:\n", "\nchoices:\n  smart-watchs: not-allowed\n")
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", "demo", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = text.splitlines()
    watch = next(i for i, line in enumerate(lines, 1) if "smart-watchs" in line)
    phones = next(i for i, line in enumerate(lines, 1) if "handed-inn" in line)
    assert (f"demo.yml:{watch}:3: choices.smart-watchs: 'smart-watchs' is not a known choice. "
            "Did you mean 'smart-watches'?") in result.stderr
    assert (f"demo.yml:{phones}:17: choices.pupil-phones: 'handed-inn' is not a known option of pupil-phones. "
            "Did you mean 'handed-in'?") in result.stderr


def test_check_points_at_own_words_where_a_choice_has_an_option(tmp_path):
    own = {"staff-personal.no-contact-pupils-parents": "Staff may be friends with parents online if they are careful."}
    school = school_with(tmp_path, {}, replace=own)
    library, reference = shared()
    warnings = [str(p) for p in school_problems(school, library, reference, pictures_of(ROOT, school.data), DAY) if p.severity == "warning"]
    hit = [w for w in warnings if "clauses.replace.staff-personal.no-contact-pupils-parents" in w]
    assert hit and "which choices.staff-contact-parents sets" in hit[0] and "with-caution" in hit[0], warnings


def test_the_library_refuses_an_option_without_a_clause(tmp_path):
    project = copy_project(tmp_path / "p", [])
    path = project / "content" / "choices.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("      - {id: not-allowed, label: \"not worn in school\"}\n",
                                 "      - {id: not-allowed, label: \"not worn in school\"}\n"
                                 "      - {id: pockets, label: \"kept in pockets\"}\n"), encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        read_library(project / "content", project)
    assert "choice 'smart-watches': option 'pockets' sets no clause" in str(caught.value.problems[0])


@pytest.mark.slow
def test_a_school_with_other_options_gets_them_on_its_site_and_in_its_forms(tmp_path):
    project = copy_project(tmp_path / "p", ["demo"])
    path = project / "data" / "schools" / "demo.yml"
    text = path.read_text(encoding="utf-8").replace("\nchoices:\n", "\nchoices:\n"
                                                    "  staff-contact-parents: unless-conflict\n"
                                                    "  staff-former-pupils: under-16\n"
                                                    "  image-consent-channels: per-platform\n"
                                                    "  reply-time: next-working-day\n")
    path.write_text(text, encoding="utf-8")
    one_guide(path)  # the policy page and a form are read, no guide
    out = tmp_path / "site"
    result = run_cli("build", "demo", "--out", str(out), "--jobs", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    page = " ".join((out / "demo" / "policy" / "index.html").read_text(encoding="utf-8").split())
    assert "unless the link creates a conflict of interest" in page
    assert "who have left" in page and "are under 16" in page and "are under 18" not in page
    assert "by the end of the next working day" in page
    assert "asked separately for each platform" in page
    fields = set(PdfReader(out / "demo" / "downloads" / "image-consent.pdf").get_fields() or {})
    assert {"social_facebook", "social_instagram", "social_x", "social_youtube"} <= fields, fields
    assert not {"photos_social_media", "videos_social_media"} & fields
    form_page = (out / "demo" / "forms" / "image-consent" / "index.html").read_text(encoding="utf-8")
    assert "school&#39;s Instagram account" in form_page or "school's Instagram account" in form_page
