"""The shared context every template sees: one school's data, escaped, plus reference facts."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from markupsafe import Markup

from generator.dates import next_review
from generator.markup.words import data_markdown, data_text, sentence
from generator.model.people import RoleView
from generator.readers.library import Library
from generator.readers.reference import SHOWN, Edition, Fact, Law, Reference, Service
from generator.readers.school import School
from generator.readers.terms import nation_facts, nation_words, own_terms
from generator.resolve.choices import school_options
from generator.resolve.people import key_people, parent_facing
from generator.resolve.placeholders import Values, as_value, fill
from generator.resolve.roles import held_by_nobody, role_views, signers, unit_views
from generator.resolve.shown import shown
from generator.resolve.words import Word, lexicon_for, word
from generator.vocabulary import APPENDICES, placeholder_table

MARKDOWN_FIELDS = {"ethos"}  # school text that keeps its Markdown formatting

ROLE_TITLES = {
    "dpo": "data protection officer",
    "network_manager": "network manager",
    "esafety_team": "online safety team",
    "social_media_lead": "official accounts lead",
    "consent_record_keeper": "school business manager",
    "filtering_contact": "network manager",
    "chief_executive": "chief executive",
}


def escape_data(value: Any, key: str = "") -> Any:
    """Every string a school wrote becomes inert, escaped text (Markdown fields keep formatting)."""
    if isinstance(value, str):
        return data_markdown(value) if key in MARKDOWN_FIELDS else data_text(value)
    if isinstance(value, dict):
        return {k: escape_data(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [escape_data(v, key) for v in value]
    return value


def as_of(school: School, reference: Reference) -> dt.date:
    """The date the policy speaks for: its newest date or the newest fact, never the clock."""
    gov = school.governance
    dates = [d for d in (gov.written, gov.approved, gov.last_reviewed) if d]
    return max(dates + [checked for _, checked in reference.dated_facts()])


def edition_in_force(law: Law, day: dt.date) -> Edition | None:
    live = [e for e in law.editions if e.in_force_from <= day]
    return max(live, key=lambda e: e.in_force_from) if live else None


def guidance_ids(school: School, reference: Reference) -> dict[str, str | None]:
    """The nation's guidance ids for each subject, as they stand for this kind of school: another document
    where the nation says so (guidance_by_type), none where the document does not apply to it (law.types)."""
    place, kind = reference.jurisdictions[school.school.jurisdiction], school.school.type
    ids: dict[str, str | None] = place.guidance.model_dump() | place.guidance_by_type.get(kind, {})
    return {key: law_id if law_id and (law_id not in reference.laws or type_applies(reference.laws[law_id], school))
            else None for key, law_id in ids.items()}


def type_applies(law: Law, school: School) -> bool:
    return not law.types or school.school.type in law.types


def guidance_view(law: Law, day: dt.date) -> dict[str, Any]:
    """A law or guidance as templates use it: the edition in force on the build date, if it has editions."""
    edition = edition_in_force(law, day)
    return {
        "id": law.id, "title": edition.title if edition else law.title, "short": law.short or law.title,
        "url": edition.url if edition and edition.url else law.url, "kind": law.kind,
        "known": (edition.confidence if edition else law.confidence) in SHOWN,
    }


def with_derived(own: dict[str, Any], nation: dict[str, Any]) -> dict[str, Any]:
    """A school's own governing body also names its members, approves and chairs, unless it says otherwise."""
    body = own.get("governing_body")
    if not body:
        return own
    derived = {"governors": Markup("members of the ") + body, "chair": Markup("chair of the ") + body}
    if nation["approving_body"] == nation["governing_body"]:
        derived["approving_body"] = body
    return derived | own


def terms_for(school: School, reference: Reference) -> dict[str, Any]:
    place = reference.jurisdictions[school.school.jurisdiction]
    guidance = reference.laws[guidance_ids(school, reference)["safeguarding"] or place.guidance.safeguarding]
    words: dict[str, Any] = nation_words(school, reference)
    own = trust_terms(school)
    if "setting" not in school.terms:
        own.pop("setting")  # the phase's word ("nursery") unless the school gives its own
    words |= with_derived(own, words)
    return with_forms(words, reference, given=set(own_terms(school))) | nation_facts(school, reference) | {
        "safeguarding_guidance": guidance_view(guidance, reference.day)}


def with_forms(words: dict[str, Any], reference: Reference, given: set[str]) -> dict[str, Any]:
    """Every term as a Word with its forms (resolve/words.py); the singular terms made from the
    plural ones (`pupil` from `pupils`, one deputy from the deputies) unless the school gives them."""
    lexicon = lexicon_for(reference.words)
    made = {key: word(value, lexicon) for key, value in words.items()}
    if "pupil" not in given:
        made["pupil"] = Word(made["pupils"].one, made["pupils"].noun, plural=False)
    made["pupils"] = Word(made["pupils"], made["pupils"].noun, plural=made["pupils"].noun.one != made["pupils"].noun.many)
    if not words.get("deputy_safeguarding_lead") or ("deputy_safeguarding_leads" in given
                                                     and "deputy_safeguarding_lead" not in given):
        deputies = made["deputy_safeguarding_leads"]
        made["deputy_safeguarding_lead"] = Word(deputies.one, deputies.noun, plural=False)
    return made


def _phase_words(fact, phase: str) -> str | None:
    return fact.for_phase(phase) if fact else None


def nation_for(school: School, reference: Reference) -> dict[str, Any]:
    """Facts and routes that differ by nation (and phase), for `nation.<name>` in templates."""
    place, phase = reference.jurisdictions[school.school.jurisdiction], school.school.phase
    laws = {key: guidance_view(reference.laws[law_id], reference.day) if law_id in reference.laws else None
            for key, law_id in guidance_ids(school, reference).items()}
    return {
        "id": place.id, "name": place.name,
        "sanctions": _phase_words(place.sanctions, phase),
        "wellbeing_curriculum": _phase_words(place.wellbeing_curriculum, phase),
        "digital_curriculum": _phase_words(place.digital_curriculum, phase),
        "inspection": shown(place.inspection_by_type.get(school.school.type, place.inspection)),
        "police": shown(place.police), "equality_body": shown(place.equality_body),
        "parent_forum": place.parent_forum.value if place.parent_forum else None,
        "network": place.network.value if place.network else None,
        "guidance": laws,
        "allegations_route": shown(place.allegations_route),
    }


def trust_terms(school: School) -> dict[str, Any]:
    """What the school is called and who approves the policy; `terms:` in the file overrides any term."""
    words = {k: data_text(v) for k, v in own_terms(school).items()}  # not the nation's facts (check warns)
    base: dict[str, Any] = {"setting": "school", "local_body": None}
    if school.school.governing_body:
        base["governing_body"] = data_text(school.school.governing_body)  # the old form (check warns)
    return base | words


def with_defaults(terms: dict[str, Any]) -> dict[str, Any]:
    return {"approving_body": terms["governing_body"]} | terms


def default_titles(terms: dict[str, Any]) -> dict[str, str]:
    return ROLE_TITLES | {
        "headteacher": terms["head"],
        "chair_of_governors": f"chair of the {terms['local_body']}" if terms.get("local_body") else terms["chair"],
        "chair_of_trustees": f"chair of the {terms['approving_body']}",
        "dsl": terms["safeguarding_lead"],
        "deputy_dsls": terms["deputy_safeguarding_lead"],  # one deputy; several read in the plural
    }


def placeholder_values(data: dict[str, Any], roles: dict[str, RoleView | None], terms: dict[str, Any]) -> Values:
    """The fixed table of names school text may use (vocabulary.placeholder_table, which check holds
    school text to), each with its value (see resolve/placeholders.py)."""
    held = {key: view for key, view in roles.items() if view is not None}
    names = placeholder_table(held, [k for k, v in terms.items() if isinstance(v, str)],
                              [k for k, v in terms.items() if isinstance(v, Word)], bool(data.get("trust")))
    return {name: placeholder_value(name, data, held, terms) for name in names}


def placeholder_value(name: str, data: dict[str, Any], roles: dict[str, RoleView], terms: dict[str, Any]) -> Markup:
    """One name of the table's value: a role in one of its forms, a term or one of its forms, a name."""
    table, key, *form = name.split(".")
    if table == "roles":
        return getattr(roles[key], form[0]) if form else Markup(roles[key].__html__())  # .named, .named_comma...
    if table == "terms":
        return getattr(terms[key], form[0]) if form else as_value(terms[key])
    return data[table][key]  # school.name, school.short_name, trust.name


def with_members(view: RoleView | None, role: Any, values: Values) -> RoleView | None:
    """A group's members may name roles and terms ("{{ roles.headteacher }}"), so they follow the
    titles the school gives: a nursery whose head is its head of centre lists "the head of centre"."""
    if view is None or role is None or not any("{{" in m for m in role.members):
        return view
    return replace(view, members=[fill(m, values, capitals=False) if "{{" in m else data_text(m) for m in role.members])


def people_context(school: School, reference: Reference) -> dict[str, Any]:
    """Terms, roles, units and signatories: everything that says who is who."""
    data = escape_data(school.model_dump(mode="python"))
    terms = with_defaults(terms_for(school, reference))
    titles = default_titles(terms)
    lexicon = lexicon_for(reference.words)
    given = school.roles.all_roles()  # the fixed roles, then the school's own
    every = role_views(given, titles, lexicon)
    values = placeholder_values(data, every, terms)  # school text may still name a role held by nobody
    every = {key: with_members(view, given[key], values) for key, view in every.items()}
    roles = {key: None if held_by_nobody(key, given[key]) else view for key, view in every.items()}
    identity = data["school"] | {"units": unit_views(school.school.units, roles, titles, lexicon),
                                 "ethos": fill(school.school.ethos, values) if school.school.ethos else None}
    return {"data": data, "terms": terms, "roles": roles, "school": identity, "placeholders": values,
            "signers": signers(school, roles, titles)}


GUIDED_KINDS = {"social-media", "online-safety"}  # kinds whose `guides: all` means every parent guide


def guided(school: School) -> bool:
    """Parents' app guides go with the social media and online safety policies; a school publishing
    only other kinds (acceptable use, phones, images) lists guides only when it names them."""
    return bool(GUIDED_KINDS & set(school.policy.kind_list))


def chosen(value: str | list[str], every: list[str]) -> list[str]:
    return list(every) if value == "all" else list(value)


def laws_for(school: School, reference: Reference) -> list[Law]:
    """The nation's laws in reference order, with the school's policy.laws add and drop applied."""
    changes = school.policy.laws
    return [law for law in reference.laws.values()
            if (applies(law, school) or law.id in changes.add) and law.id not in changes.drop]


_CYCLE_WORDS = {12: "every year", 24: "every two years", 36: "every three years", 48: "every four years",
                60: "every five years", 6: "every six months"}


def review_every(months: int) -> str:
    return _CYCLE_WORDS.get(months, f"every {months} months")


def review_people(school: School, roles: dict[str, Any], terms: dict[str, Any]) -> dict[str, Any]:
    """Who leads the review, who helps, and who approves it: from the school's roles and terms."""
    gov = school.governance
    lead = roles.get(gov.review_lead) or roles["headteacher"]
    helpers = [roles[k] for k in gov.review_with if roles.get(k) and k != gov.review_lead]
    approver = terms.get("approving_body") or terms["governing_body"]
    return {"every": review_every(gov.review_cycle_months), "lead": lead, "helpers": helpers, "approver": approver}


def applies(law: Law, school: School) -> bool:
    return (school.school.jurisdiction in law.jurisdictions and (not law.phases or school.school.phase in law.phases)
            and type_applies(law, school))


def services_for(reference: Reference, school: School) -> dict[str, Service]:
    """The support services, with the police entry naming the school's own force (PSNI, Police Scotland...)."""
    police = reference.jurisdictions[school.school.jurisdiction].police
    services = dict(reference.services)
    if "police" in services:
        web = Fact(value=police.url, source=police.source, checked=police.checked, confidence=police.confidence)
        services["police"] = services["police"].model_copy(update={"name": sentence(police.name), "url": web})
    return services


def blocked_list(school: School, reference: Reference) -> list[dict[str, Any]]:
    """Blocked platforms that still exist; closed ones are left out (and `check` warns)."""
    found = [(reference.platform(b.platform), b.exceptions) for b in school.policy.blocked_platforms]
    return [{"platform": shown(p), "exceptions": data_text(e) if e else None} for p, e in found if p and p.status == "active"]


def former_keys(library: Library, options: dict[str, str]) -> dict[str, Any]:
    """`policy.<old key>` as it read before choices (text written for it keeps working)."""
    values: dict[str, Any] = {}
    for choice in library.choices.values():
        if choice.former_key:
            old = [k for k, v in choice.former_values.items() if v == options[choice.id]]
            value: Any = old[0] if old else options[choice.id]
            values[choice.former_key] = {"true": True, "false": False}.get(value, value)
    return values


def build_context(school: School, library: Library, reference: Reference) -> dict[str, Any]:
    """Everything a clause, guide or page template may use (see content/README.md)."""
    people = people_context(school, reference)
    data = people["data"]
    policy = data["policy"] | {
        "guides": chosen(school.policy.guides, sorted(library.guides) if guided(school) else []),
        "appendices": chosen(school.policy.appendices, APPENDICES),
        # the school's key messages: its own Markdown, with placeholders filled (never a template)
        "summary": [fill(item, people["placeholders"]).strip() for item in school.policy.summary],
    }
    options = school_options(school, library)
    policy |= former_keys(library, options)
    laws = laws_for(school, reference)
    guides = [library.guides[g] for g in policy["guides"] if g in library.guides]
    nation = nation_for(school, reference)
    services = services_for(reference, school)
    return {
        "school": people["school"],
        "trust": data["trust"],
        "roles": people["roles"],
        "terms": people["terms"],
        "placeholders": people["placeholders"],
        "signers": people["signers"],
        "nation": nation,
        "policy": policy,
        "choices": options,
        "blocked": blocked_list(school, reference),
        "platforms": shown(reference.platforms),
        "platform_list": shown(list(reference.platforms.values())),
        "services": shown(services),
        "service_list": shown(list(services.values())),
        "providers": shown(reference.providers),
        "providers_general": shown(reference.providers_general),
        "laws": shown(laws),
        "law": shown(reference.laws),
        "commenced": shown({c.id: c for law in reference.laws.values() for c in law.commencement}),
        "coming": shown(reference.planned),
        "app_store_ratings": shown(reference.app_store_ratings),
        "facts_day": reference.day,
        "related_policies": data["policy"]["related_policies"],
        "governance": data["governance"] | {"next_review": next_review(school.governance),
                                            "review": review_people(school, people["roles"], people["terms"])},
        "safeguarding": data["safeguarding"],
        "guide_list": guides,
        "key_people": key_people(school, people["roles"]),
        "parent_contacts": key_people(school, people["roles"], parent_facing(school)),
    }
