"""`schoolpolicy new`: a commented starter file, right for its nation and phase, that passes `check`."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from generator.check.nations import type_refusal
from generator.errors import DataError, Problem
from generator.own_files import link_refusal, write_own
from generator.project import Project
from generator.readers.files import linked_folder
from generator.readers.reference import Jurisdiction, Reference, StarterHints, read_reference
from generator.readers.school import Identity
from generator.readers.terms import TYPE_SETTING
from generator.readers.text import MAX_NAME, char_name, first_hidden, is_blank
from generator.readers.yamlfile import read_yaml
from generator.vocabulary import KIND_TITLES, check_slug

# Nurseries: no agreement for the children to sign and no table of app ages; guides for the youngest.
NURSERY_APPENDICES = ["blocked-content-access", "inappropriate-content-report", "parent-agreement", "image-consent",
                      "aup-early-years", "aup-staff", "aup-governors", "aup-visitors", "aup-parents",
                      "phone-providers", "parent-guides"]
NURSERY_GUIDES = ["talking-about-life-online", "youtube"]
SAY_PUPILS = {"scotland", "northern-ireland"}  # their secondary schools say pupils, not students
# Settings that run their own systems: a nation's council or Education Authority services (Scotland's
# council ICT service, Northern Ireland's C2k) are for the schools it runs, not for these.
OWN_SERVICES = {"independent", "early-years-setting", "college"}


@dataclass(frozen=True)
class StarterChoice:
    slug: str
    name: str
    jurisdiction: str = "england"
    phase: str = "primary"
    kind: str = "social-media"
    type: str = "maintained"


def initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper()) or name[:8]


def yaml_text(text: str) -> str:
    """A double-quoted YAML string, letters as themselves (JSON's escapes write an emoji as two
    surrogate escapes, which YAML refuses)."""
    return json.dumps(text, ensure_ascii=False)


def pad(value: str, width: int) -> str:
    return " " * max(1, width - len(value))


def esafety_members(place: Jurisdiction, phase: str) -> str:
    """Members as they read after "It is made up of": roles by placeholder, so they follow the titles
    the school gives (a nursery whose head is "head of centre" lists "the head of centre")."""
    second = '"{{ roles.dsl }}"' if phase == "nursery" else f"the {place.terms.digital_lead}"
    return '"{{ roles.headteacher }}", ' + second


def kind_of(phase: str) -> str:
    if phase == "nursery":
        return "a nursery"
    return f"{'an' if phase[0] in 'aeiou' else 'a'} {phase} school"


def phase_lines(choice: StarterChoice) -> dict[str, str]:
    nursery = choice.phase == "nursery"
    learners = ("  learners: pupils              # schools here say pupils; or students\n"
                if choice.phase in ("secondary", "all-through") and choice.jurisdiction in SAY_PUPILS else "")
    return {
        "learners_line": learners,
        "guides": json.dumps(NURSERY_GUIDES).replace('"', "") if nursery else "all",
        "guides_comment": "   # for families of young children; or all" if nursery else "                   # or a list of guide ids",
        "appendices": json.dumps(NURSERY_APPENDICES).replace('"', "") if nursery else "all",
        "appendices_comment": "" if nursery else "               # or a list of appendix ids",
        "unit_example": "Breakfast Club" if nursery else "Nursery",
    }


def nation_lines(place: Jurisdiction, choice: StarterChoice) -> dict[str, str]:
    t = place.terms
    pupils = "children" if choice.phase == "nursery" else "pupils"
    return {
        "nation": place.name, "head": t.head, "approving_body": t.approving_body, "pupils": pupils,
        "setting": TYPE_SETTING.get(choice.type) or ("nursery" if choice.phase == "nursery" else t.setting),
        "nation_words": f"{t.head}, {t.governing_body}, {t.safeguarding_lead}, {place.allegations_route.short}",
        "role_words": "\n".join(f'#   "the {word}"' for word in (t.head, t.chair, t.safeguarding_lead,
                                                                    t.deputy_safeguarding_leads)),
        "kind": kind_of(choice.phase),
        **service_titles(place, choice),
        "office_title": "office manager" if choice.phase == "nursery" else "school business manager",
        "esafety_members": esafety_members(place, choice.phase),
        "local_authority_example": place.starter.local_authority, "partnership_example": place.starter.partnership,
    }


def service_titles(place: Jurisdiction, choice: StarterChoice) -> dict[str, str]:
    """The nation's titles for its council's services, or for a setting with its own the usual ones."""
    own = choice.type in OWN_SERVICES
    return {name: StarterHints.model_fields[name].default if own else getattr(place.starter, name)
            for name in ("dpo_title", "network_title")}


def starter_text(place: Jurisdiction, choice: StarterChoice, today: dt.date) -> str:
    template = files("generator").joinpath("templates/starter.yml").read_text(encoding="utf-8")
    name = choice.name.strip()
    return template.format(
        name=name, slug=choice.slug, name_yaml=yaml_text(name), short_yaml=yaml_text(initials(name)),
        today=today.isoformat(), phase=choice.phase, phase_pad=pad(choice.phase, 23),
        jurisdiction=choice.jurisdiction, jurisdiction_pad=pad(choice.jurisdiction, 16),
        policy_kind=choice.kind, policy_kind_pad=pad(choice.kind, 26),
        policy_title=KIND_TITLES[choice.kind], policy_title_pad=pad(KIND_TITLES[choice.kind], 25),
        type=choice.type, type_pad=pad(choice.type, 24),
        **phase_lines(choice), **nation_lines(place, choice))


def write_starter(project: Project, slug: str, name: str, today: dt.date | None = None,
                  jurisdiction: str = "england", phase: str = "primary", school_type: str = "maintained",
                  kind: str = "social-media") -> Path:
    path = project.school_file(check_slug(slug))
    shown = project.display(path)
    check_name(name, shown, "school")
    refuse_existing(path, shown)
    day = today or dt.date.today()
    reference = read_reference(project.content / "reference", day)
    refuse_type(reference, shown, school_type, jurisdiction, f"--type {school_type}")
    place = reference.jurisdictions[jurisdiction]
    write_new(path, shown, starter_text(place, StarterChoice(slug, name, jurisdiction, phase, kind=kind, type=school_type), day))
    return path


def refuse_type(reference: Reference, shown: Path, school_type: str, jurisdiction: str, given: str) -> None:
    """`new` writes no file that `check` would refuse for its kind of school in its nation (academies and
    free schools are England's): the same words as check's, after the options that chose them."""
    refusal = type_refusal(school_type, jurisdiction, reference)
    if refusal:
        raise DataError([Problem(shown, f"{given}: {refusal}")])


def check_name(name: str, shown: Path, what: str) -> None:
    """The name as `check` will read it: not blank, one line, no characters nobody can see."""
    if is_blank(name):
        raise DataError([Problem(shown, f"give the {what}'s full name with --name \"...\"")])
    at = first_hidden(name.strip(), multiline=False)
    if at is not None:
        raise DataError([Problem(shown, f"--name contains {char_name(name.strip()[at])}, which cannot be seen "
                                        "in a school's name; write the name without it")])
    if len(name.strip()) > MAX_NAME:
        raise DataError([Problem(shown, f"--name is {len(name.strip()):,} characters long; a school's name is at "
                                        f"most {MAX_NAME} characters")])


def refuse_existing(path: Path, shown: Path) -> None:
    if os.path.islink(path):
        raise DataError([Problem(shown, link_refusal("it").removeprefix("it: "))])
    if os.path.lexists(path):
        raise DataError([Problem(shown, "already exists; choose another slug or edit that file")])


def write_new(path: Path, shown: Path, text: str) -> None:
    """A new file: never over one that is there, never through a link (a dangling one included)."""
    via = linked_folder(path)
    if via:
        raise DataError([Problem(shown, f"is reached through a symbolic link ({Path(via).name}/); schoolpolicy "
                                        "writes only inside the project: replace the link with a folder")])
    try:
        write_own(path, text, shown, new=True, error=DataError)
    except FileExistsError:
        raise DataError([Problem(shown, "already exists; choose another slug or edit that file")]) from None


def write_academy_starter(project: Project, slug: str, name: str, trust: str, today: dt.date | None = None,
                          phase: str = "primary", school_type: str | None = None,
                          jurisdiction: str | None = None) -> Path:
    """A short file for one academy of a trust: only what differs from data/trusts/<trust>.yml."""
    path = project.school_file(slug)
    shown = project.display(path)
    check_slug(slug)
    if check_slug(trust, "trust") and not project.trust_file(trust).is_file():
        known = ", ".join(p.stem for p in project.trust_files()) or "none yet"
        raise DataError([Problem(project.display(project.trust_file(trust)),
                                 f"there is no such trust file; trusts here: {known}")])
    check_name(name, shown, "academy")
    refuse_existing(path, shown)
    if school_type or jurisdiction:
        refuse_academy_type(project, trust, shown, school_type, jurisdiction)
    template = files("generator").joinpath("templates/academy.yml").read_text(encoding="utf-8")
    extra = "".join(f"  {key}: {value}{pad(value, 28 - len(key))}# {why}\n" for key, value, why in (
        ("type", school_type, "maintained, academy, free-school, independent, special, ..."),
        ("jurisdiction", jurisdiction, "the nation, when it is not the trust's")) if value)
    text = template.format(name=name.strip(), slug=slug, trust=trust, name_yaml=yaml_text(name.strip()),
                           short_yaml=yaml_text(initials(name)), phase=phase, phase_pad=pad(phase, 23),
                           extra_lines=extra)
    write_new(path, shown, text)
    return path


def refuse_academy_type(project: Project, trust: str, shown: Path, school_type: str | None,
                        jurisdiction: str | None) -> None:
    """An academy's --type or --jurisdiction, with what its trust's file gives for the other."""
    raw = read_yaml(project.trust_file(trust)).data
    shared = raw.get("school") if isinstance(raw, dict) else None
    shared = shared if isinstance(shared, dict) else {}
    kind = school_type or trust_gives(shared, "type")
    nation = jurisdiction or trust_gives(shared, "jurisdiction")
    reference = read_reference(project.content / "reference")
    if kind is None or nation not in reference.jurisdictions:
        return  # the trust's file is wrong or gives none the model lacks a default for: check says so, at its line
    given = " ".join(f"--{option} {value}" for option, value in (("type", school_type), ("jurisdiction", jurisdiction))
                     if value)
    from_trust = [f"{key}: {value}" for key, value, own in (("type", kind, school_type), ("jurisdiction", nation, jurisdiction))
                  if not own]
    refuse_type(reference, shown, kind, nation,
                given + (f" (the trust's file gives {from_trust[0]})" if from_trust else ""))


def trust_gives(shared: dict, key: str) -> str | None:
    """What a trust's file gives for `school.<key>`, or else the School model's default for it (as check
    reads the academy's file); None when the model has none."""
    if shared.get(key):
        return str(shared[key])
    field = Identity.model_fields[key]
    return None if field.is_required() else str(field.default)


def write_trust_starter(project: Project, slug: str, name: str, today: dt.date | None = None,
                        jurisdiction: str = "england", school_type: str = "academy") -> Path:
    """A commented file a trust's academies share (data/trusts/<slug>.yml); `check --trust` accepts it
    once an academy names it."""
    path = project.trust_file(check_slug(slug, "trust"))
    shown = project.display(path)
    check_name(name, shown, "trust")
    refuse_existing(path, shown)
    day = today or dt.date.today()
    reference = read_reference(project.content / "reference", day)
    refuse_type(reference, shown, school_type, jurisdiction, f"--type {school_type} --jurisdiction {jurisdiction}")
    place = reference.jurisdictions[jurisdiction]
    setting = TYPE_SETTING.get(school_type) or place.terms.setting
    template = files("generator").joinpath("templates/trust.yml").read_text(encoding="utf-8")
    text = template.format(name=name.strip(), slug=slug, name_yaml=yaml_text(name.strip()),
                           short_yaml=yaml_text(initials(name)), today=day.isoformat(),
                           jurisdiction=jurisdiction, jurisdiction_pad=pad(jurisdiction, 16),
                           type=school_type, type_pad=pad(school_type, 24), setting=setting,
                           setting_pad=pad(setting, 21), head=place.terms.head,
                           safeguarding_lead=place.terms.safeguarding_lead)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new(path, shown, text)
    return path
