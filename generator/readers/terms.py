"""A school's terms as its nation, phase and type give them: worked out here, once, for both check (which
terms a school may set and name) and resolve (the words it fills in, with their forms)."""
from __future__ import annotations

from generator.readers.reference import Reference
from generator.readers.school import School

# What each kind of school calls itself and its learners, where that differs from the phase's words.
TYPE_SETTING = {"academy": "academy", "free-school": "school", "early-years-setting": "setting", "college": "college"}
TYPE_LEARNERS = {"college": "students", "early-years-setting": "children"}
# Terms that are facts of the nation, not words with forms (nation_facts; resolve adds them after the words).
NOT_WORDS = ("allegations_route", "allegations_short", "jurisdiction_name")


def learners(school: School) -> str:
    if school.school.learners:
        return school.school.learners
    if school.school.type in TYPE_LEARNERS:
        return TYPE_LEARNERS[school.school.type]
    return {"secondary": "students", "nursery": "children"}.get(school.school.phase, "pupils")


def nation_words(school: School, reference: Reference) -> dict[str, str | None]:
    """The word for each term the school's nation, phase and type give, before the school's own `terms:`.
    Not here: `pupil` (resolve makes it from `pupils`) and `local_body` (a school's own, or none), unless
    the school gives them; a `deputy_safeguarding_lead` of None is made from `deputy_safeguarding_leads`."""
    place = reference.jurisdictions[school.school.jurisdiction]
    phase = school.school.phase
    words: dict[str, str | None] = place.terms.model_dump() | {"pupils": learners(school)} | {
        key: by_phase.get(phase, by_phase.get("default")) for key, by_phase in reference.words_by_phase.items()}
    if phase == "nursery":
        words["setting"] = "nursery"
    if school.school.type in TYPE_SETTING:
        words["setting"] = TYPE_SETTING[school.school.type]
    return words | place.terms_by_type.get(school.school.type, {})


def nation_facts(school: School, reference: Reference) -> dict[str, str]:
    """The terms that are facts of the nation (NOT_WORDS): where allegations go, and its name."""
    place = reference.jurisdictions[school.school.jurisdiction]
    route = place.allegations_route
    facts = {"allegations_route": route.value, "allegations_short": route.short or route.value,
             "jurisdiction_name": place.name}
    return {key: facts[key] for key in NOT_WORDS}
