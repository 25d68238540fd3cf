"""Facts current to 1 December 2026: each in reference data with a source, shown where it matters, and dated."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_cli

from generator.build import check_all
from generator.project import Project
from generator.readers.reference import read_reference

DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def reference():
    return read_reference(ROOT / "content" / "reference", DAY)


def sourced(fact) -> bool:
    return bool(fact.source) and fact.checked >= dt.date(2026, 11, 1)


def clauses(slug: str, day: dt.date, root: Path = ROOT) -> dict[str, str]:
    (document,) = check_all(Project(root), [slug], day).documents
    return {c.id: " ".join(c.text.split()) for c in document.clauses()}


def page(built_site: Path, slug: str, *parts: str) -> str:
    text = (built_site / slug / Path(*parts) / "index.html").read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def test_mobile_phone_guidance_is_statutory_in_england_from_29_june_2026(reference):
    guidance = reference.laws["mobile-phones-in-schools"]
    assert guidance.kind == "statutory-guidance" and guidance.in_force_from == dt.date(2026, 6, 29)
    assert "section 36" in guidance.note and "550C" in guidance.note and sourced(guidance)
    s550c = reference.laws["education-act-1996-s550c"]
    assert s550c.jurisdictions == ["england"] and s550c.confidence == "confirmed"
    earlier = reference.on(dt.date(2026, 6, 28))
    assert earlier.laws["mobile-phones-in-schools"].kind == "guidance" and "education-act-1996-s550c" not in earlier.laws


def test_under_16_restriction_is_coming_not_in_force(reference):
    (change,) = [p for p in reference.planned if p.id == "under-16-social-media"]
    assert change.announced == dt.date(2026, 6, 15) and change.expected == "spring 2027"
    assert change.takes_effect is None and change.consultation.startswith("2 March") and sourced(change)
    assert "whatsapp" in change.exempt and "children-wellbeing-schools-act-2026" in change.laws
    assert reference.platforms["instagram"].minimum_age.value == 13  # today's ages stay


def test_platform_facts(reference):
    whatsapp = reference.platforms["whatsapp"]
    assert whatsapp.minimum_age.value == 13
    (managed,) = [f for f in whatsapp.feature_ages if "Parent-managed" in f.feature]
    assert "March 2026" in managed.note and "QR code" in managed.note and "PIN" in managed.note and sourced(managed)
    roblox = {f.feature: f for f in reference.platforms["roblox"].feature_ages}
    assert roblox["PEGI age rating"].age == "Parental Guidance" and "September 2022" in roblox["PEGI age rating"].note
    assert "IARC" in roblox["PEGI age rating"].note
    fortnite = [(f.feature, f.age) for f in reference.platforms["fortnite"].feature_ages if "PEGI" in f.feature]
    assert ("PEGI age rating for Fortnite as a whole", "Parental Guidance") in fortnite
    assert ("PEGI age rating for Fortnite Battle Royale and Save the World", 12) in fortnite
    assert reference.app_store_ratings.value == ["4+", "9+", "13+", "16+", "18+"] and sourced(reference.app_store_ratings)
    (reddit,) = reference.platforms["reddit"].feature_ages
    assert reddit.in_force_from == dt.date(2025, 7, 14) and reddit.age == 18
    askfm = reference.platforms["askfm"]
    assert askfm.status == "closed" and askfm.status_date == dt.date(2024, 12, 1)


def test_data_act_commencement_vodafonethree_and_numbers(reference):
    duaa = {c.id: c for c in reference.laws["data-use-and-access-act-2025"].commencement}
    assert duaa["duaa-main-provisions"].in_force_from == dt.date(2026, 2, 5)
    assert duaa["duaa-complaints-duty"].in_force_from == dt.date(2026, 6, 19) and duaa["duaa-complaints-duty"].days == 30
    groups = {p.id: p.group for p in reference.providers if p.group}
    assert {groups["vodafone"].value, groups["three"].value} == {"VodafoneThree"}
    assert groups["three"].in_force_from == dt.date(2025, 5, 31)
    assert {p.status for p in reference.providers if p.id in ("vodafone", "three")} == {"active"}  # both brands carry on
    childline = reference.services["childline"].phone
    assert childline.value == "0800 1111" and childline.confidence == "confirmed"
    for place in reference.jurisdictions.values():
        police = place.police
        assert (police.emergency, police.non_emergency, police.confidence) == ("999", "101", "confirmed"), place.id
    assert reference.jurisdictions["northern-ireland"].police.url == "https://www.psni.police.uk/"
    assert reference.jurisdictions["scotland"].police.name == "Police Scotland"


def test_each_nations_own_laws_are_in_the_framework(reference):
    ni = {law.id for law in reference.laws.values() if "northern-ireland" in law.jurisdictions}
    assert {"addressing-bullying-ni-2016", "protection-of-children-ni-order-1978", "sexual-offences-ni-order-2008",
            "ni-safeguarding-circular", "de-online-safety-circular"} <= ni
    scotland = {law.id for law in reference.laws.values() if "scotland" in law.jurisdictions}
    assert {"girfec", "respect-for-all", "scotland-child-protection-guidance", "civic-government-scotland-1982-s52",
            "scottish-schools-parental-involvement-act-2006"} <= scotland
    assert not {"kcsie", "ukcis-sharing-nudes", "mobile-phones-in-schools"} & (ni | scotland)
    assert "electronic" in reference.laws["addressing-bullying-ni-2016"].why
    assert reference.jurisdictions["northern-ireland"].network.value == "C2k"


def test_the_facts_are_shown_where_they_matter(built_site):
    policy = page(built_site, "ncjps", "policy")
    assert "which schools must by law have regard to" in policy and "Education Act 1996, section 550C" in policy
    assert "A change is coming" in policy and "not law yet" in policy
    assert "VodafoneThree" in policy and "acknowledge the complaint within 30 days" in policy
    assert "Parent-managed account" in page(built_site, "ncjps", "guides", "whatsapp")
    assert "Since March 2026" in page(built_site, "ncjps", "guides", "whatsapp")
    assert "Parental Guidance" in page(built_site, "ncjps", "guides", "roblox")
    fortnite = page(built_site, "ncjps", "guides", "fortnite")
    assert "Parental Guidance" in fortnite and "Battle Royale and Save the World: 12" in fortnite
    assert "A new age limit is coming" in page(built_site, "ncjps", "guides", "instagram")
    assert "A new age limit is coming" not in page(built_site, "ncjps", "guides", "whatsapp")
    general = page(built_site, "ncjps", "guides", "talking-about-life-online")
    assert "4+, 9+, 13+, 16+ and 18+" in general and "14 July 2025" in general
    parents = page(built_site, "ncjps", "parents")
    assert "0800 1111" in parents and "Please check this number" not in parents.split("Childline")[1][:300]
    assert "Call 999" in parents or "999" in page(built_site, "ncjps")


def test_a_law_switches_on_its_day_without_editing_a_clause():
    before, after = clauses("ncjps", dt.date(2026, 6, 28)), clauses("ncjps", dt.date(2026, 6, 29))
    assert "must by law have regard" not in before["pupils.phones-school-policy"]
    assert "must by law have regard" in after["pupils.phones-school-policy"]
    assert "data-protection.complaints" not in clauses("ncjps", dt.date(2026, 6, 18))
    assert "data-protection.complaints" in after


def test_check_warns_60_days_before_a_fact_changes_the_policy():
    result = run_cli("check", "ncjps", "--date", "2026-05-20", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    (june_29,) = [line for line in result.stderr.splitlines() if "on 2026-06-29 the policy will change" in line]
    assert "education-act-1996-s550c" in june_29  # with the Crime and Policing Act 2026, the same day
    assert "will read differently" in result.stderr
    quiet = run_cli("check", "ncjps", "--date", "2026-03-01", cwd=ROOT)
    assert "on 2026-06-29 the policy will change" not in quiet.stderr  # more than 60 days ahead


def test_an_age_with_dated_versions_switches_and_the_notice_ends(tmp_path):
    root = copy_project(tmp_path, schools=["ncjps"])
    platforms = root / "content" / "reference" / "platforms.yml"
    text = platforms.read_text(encoding="utf-8")
    old = ("  minimum_age:\n    value: 13\n    source: https://faq.whatsapp.com/695318248185629\n"
           "    checked: 2026-11-01\n    confidence: confirmed\n")
    assert old in text
    versions = ("  minimum_age:\n  - value: 13\n    in_force_until: 2027-03-31\n    source: test\n"
                "    checked: 2026-12-01\n    confidence: confirmed\n  - value: 16\n    in_force_from: 2027-04-01\n"
                "    source: test\n    checked: 2026-12-01\n    confidence: confirmed\n")
    platforms.write_text(text.replace(old, versions, 1), encoding="utf-8")
    laws = root / "content" / "reference" / "legislation.yml"
    laws.write_text(laws.read_text(encoding="utf-8").replace("  expected: spring 2027\n",
                                                            "  expected: spring 2027\n  takes_effect: 2027-04-01\n"))
    before, after = clauses("ncjps", dt.date(2027, 3, 31), root), clauses("ncjps", dt.date(2027, 4, 1), root)
    assert "WhatsApp: 13" in before["pupils.age-limits"] and "A change is coming" in before["pupils.age-limits"]
    assert "WhatsApp: 16" in after["pupils.age-limits"] and "A change is coming" not in after["pupils.age-limits"]
    warned = run_cli("check", "ncjps", "--date", "2027-03-01", cwd=root).stderr
    assert "on 2027-04-01 the policy will change because" in warned and "whatsapp" in warned
