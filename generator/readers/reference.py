"""Reference facts (`content/reference/*.yml`): every fact has a source and a checked date."""

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, RootModel, model_validator

from generator.dates import add_days
from generator.errors import DataError, LibraryError
from generator.readers.kept import read_model
from generator.vocabulary import (
    PLACEHOLDER,
    WHY_PLACEHOLDERS,
    Nation,
    Phase,
    PolicyKind,
    SchoolType,
    Strict,
    placeholder_name,
)

Confidence = Literal["confirmed", "secondary", "conflicting", "unconfirmed"]


class Dated(Strict):
    """Anything that starts or stops applying on a day: the build date decides (see Reference.on)."""

    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None  # the last day it applies

    def in_force(self, day: dt.date) -> bool:
        return (self.in_force_from is None or self.in_force_from <= day) and \
            (self.in_force_until is None or day <= self.in_force_until)


SHOWN: tuple[Confidence, ...] = ("confirmed", "secondary")  # what pages state as fact; the rest say "check"


class Fact(Dated):
    """One fact. `source`, `confidence` and `note` are for maintainers; pages show `value`, `detail` (plain
    words for readers), `checked` and, for a fact we stand behind, a link to its source."""

    value: Any = None
    detail: str | None = None
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None

    @property
    def known(self) -> bool:
        """Seen on the owner's page or in a reliable third party's: pages may state it."""
        return self.confidence in SHOWN and self.value is not None


class FactVersions(RootModel[list[Fact]]):
    """One fact whose value changes on a day: a list of facts, each with its in_force dates."""

    model_config = ConfigDict(frozen=True, defer_build=True)


AnyFact = Fact | FactVersions


def in_force(fact: AnyFact) -> Fact:
    """A fact of a dated Reference (`on(day)`), which keeps only the version in force."""
    assert isinstance(fact, Fact), "Reference.on keeps one version of every fact"
    return fact


class FeatureAge(Fact):
    feature: str
    age: int | str | None = None

    @property
    def known(self) -> bool:
        return self.confidence in SHOWN


class Platform(Dated):
    id: str
    name: str
    former_names: list[str] = []
    former_ids: list[str] = []
    owner: str | None = None
    kind: str | None = None
    status: Literal["active", "closed", "renamed"]
    status_date: dt.date | None = None
    status_note: str | None = None
    replaced_by: str | None = None
    minimum_age: AnyFact
    feature_ages: list[FeatureAge] = []
    links: dict[str, AnyFact] = {}


class Provider(Dated):
    id: str
    name: str
    status: Literal["active", "merged", "closed"]
    replaced_by: str | None = None
    status_date: dt.date | None = None
    status_note: str | None = None
    group: Fact | None = None  # the company a brand now belongs to (value: its name)
    email: AnyFact | None = None
    from_mobile: AnyFact | None = None
    other_phone: AnyFact | None = None
    help_page: AnyFact | None = None
    parental_controls: AnyFact | None = None  # value: what the network's own filter does, in plain words
    what_they_do: str | None = None


class GeneralService(Dated):
    id: str
    name: str
    what: str
    how: list[str] = []
    url: AnyFact | None = None
    phone: AnyFact | None = None
    text: AnyFact | None = None
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None


class Service(Dated):
    model_config = ConfigDict(**Strict.model_config, populate_by_name=True)
    id: str
    name: str
    owner: str | None = None
    what: str
    for_: list[str] = []
    former_names: list[str] = []
    former_ids: list[str] = []
    more_info: AnyFact | None = None
    non_emergency: AnyFact | None = None
    url: AnyFact | None = None
    phone: AnyFact | None = None
    text: AnyFact | None = None
    email: AnyFact | None = None

    def __init__(self, **data: Any):
        if "for" in data:
            data["for_"] = data.pop("for")
        super().__init__(**data)


class Edition(Dated):
    edition: str
    title: str
    in_force_from: dt.date
    url: str | None = None
    source: str | None = None
    checked: dt.date | None = None
    confidence: Confidence
    note: str | None = None


class Commencement(Fact):
    """A part of a law that starts on its own day (value: what it does)."""

    id: str
    days: int | None = None  # a time limit it sets, in days
    hours: int | None = None  # a time limit it sets, in hours


class Law(Dated):
    id: str
    title: str
    short: str | None = None
    kind: Literal["law", "statutory-guidance", "guidance", "provider-code"]  # provider-code: binds online services
    jurisdictions: list[Nation]
    phases: list[Phase] = []  # empty: every phase
    kinds: list[PolicyKind] = []  # the kinds of policy that list it; empty: every kind
    # The why line written for a kind of policy, where the general `why` reads wrongly in it (a photography
    # policy does not post pictures "online"; an online safety policy never calls itself "the school's").
    why_by_kind: dict[PolicyKind, str] = {}
    types: list[SchoolType] = []  # the kinds of school it applies to (school.type); empty: every kind
    url: str
    why: str
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None
    editions: list[Edition] = []
    commencement: list[Commencement] = []

    @model_validator(mode="after")
    def _why_for_its_kinds(self) -> "Law":
        stray = [k for k in self.why_by_kind if self.kinds and k not in self.kinds]
        if stray:
            raise ValueError(f"why_by_kind names {', '.join(stray)}, which this law's kinds "
                             f"({', '.join(self.kinds)}) leave out")
        for why in (self.why, *self.why_by_kind.values()):
            for match in PLACEHOLDER.finditer(why):
                if placeholder_name(match) not in WHY_PLACEHOLDERS:
                    raise ValueError(f"'{match.group(0)}' in a why line: it may ask only for the school's word for "
                                     f"its learners or itself, {', '.join('{{ ' + n + ' }}' for n in WHY_PLACEHOLDERS)}")
        return self

    def why_for(self, kind: str) -> str:
        """The why line for a policy of this kind."""
        return self.why_by_kind.get(kind, self.why)  # type: ignore[call-overload]


class PlannedChange(Strict):
    """A change announced but not yet made: pages say it is coming, without changing today's facts.
    Nothing is said of it before the day it was `announced`."""

    id: str
    title: str
    what: str
    announced: dt.date
    consultation: str | None = None
    expected: str  # in words, e.g. "spring 2027"
    takes_effect: dt.date | None = None  # once set, the change stops being "coming" on that day
    under: int | None = None  # the age it is about
    platforms: list[str] = []
    exempt: list[str] = []
    laws: list[str] = []
    jurisdictions: list[Nation] = []  # empty: the whole UK
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None

    def coming(self, day: dt.date) -> bool:
        return self.announced <= day and (self.takes_effect is None or day < self.takes_effect)


class Route(Fact):
    short: str | None = None


class PhaseWords(Fact):
    """Words that differ by phase: value maps a phase (or 'default') to the words."""

    value: dict[str, str | None]

    def for_phase(self, phase: str) -> str | None:
        return self.value.get(phase, self.value.get("default"))


class Inspection(Fact):
    name: str
    url: str


class InspectionVersions(RootModel[list[Inspection]]):
    """An inspectorate renamed on a day (Scotland's HMIE): one entry per name, with its in_force dates."""

    model_config = ConfigDict(frozen=True, defer_build=True)


VERSIONED = (FactVersions, InspectionVersions)


class EqualityBody(Fact):
    """Who enforces the website accessibility regulations, and where people first go for advice."""

    name: str
    url: str
    advice_name: str | None = None
    advice_url: str | None = None


class Police(Fact):
    name: str
    url: str
    emergency: str
    non_emergency: str


class Terms(Strict):
    """The nation's words for people and bodies; a school may override any of them (`terms:`)."""

    head: str
    governing_body: str
    approving_body: str
    chair: str
    governors: str  # the body's members, as a sentence names them
    governor: str  # one of them, with "a"
    safeguarding_lead: str
    safeguarding_lead_short: str | None = None
    deputy_safeguarding_leads: str  # the plural, as the title of several deputies (the old form)
    deputy_safeguarding_lead: str | None = None  # one deputy; default: the singular of the plural (words.yml)
    setting: str = "school"
    year: str  # "school year"; Scotland says "session"
    digital_lead: str  # who leads digital learning, e.g. "computing lead" (new schools' starter files)


class Guidance(Strict):
    """Law ids (legislation.yml) for each subject, or none where the nation has no such document."""

    safeguarding: str
    nudes: str
    anti_bullying: str | None = None
    phones: str | None = None
    searching: str | None = None
    wellbeing_framework: str | None = None
    indecent_images: str | None = None
    online_offences: str | None = None
    filtering: str | None = None  # the nation's standard for filtering and monitoring school internet access
    generative_ai: str | None = None  # the nation's guidance on generative AI in schools
    ai_products: str | None = None  # what AI products used in schools are expected to do (England's standards)
    upskirting: str | None = None  # the law that makes taking pictures under clothing a crime
    relationships_education: str | None = None  # what the law says pupils learn about relationships (RSHE, RSE Code)
    curriculum: str | None = None  # the nation's curriculum, where online safety is taught
    online_safety_framework: str | None = None  # a framework for teaching online safety by age
    sextortion: str | None = None  # the police's advice to schools on sexual extortion


class StarterHints(Strict):
    """What `schoolpolicy new` suggests for this nation (examples in comments, and default titles)."""

    local_authority: str
    partnership: str
    dpo_title: str = "data protection officer"
    network_title: str = "network manager"


class Jurisdiction(Strict):
    id: Nation
    name: str
    terms: Terms
    starter: StarterHints
    allegations_route: Route
    sanctions: PhaseWords
    wellbeing_curriculum: PhaseWords
    digital_curriculum: PhaseWords
    inspection: Inspection | InspectionVersions
    inspection_by_type: dict[SchoolType, Inspection] = {}  # another inspectorate for some kinds of school
    guidance_by_type: dict[SchoolType, dict[str, str | None]] = {}  # guidance ids that differ by kind of school
    types: list[SchoolType] = []  # the kinds of school the nation has (empty: every kind)
    # The nation's words for some kinds of school, over `terms` (an early years setting has no governors)
    terms_by_type: dict[SchoolType, dict[str, str]] = {}
    equality_body: EqualityBody
    police: Police
    parent_forum: Fact | None = None
    network: Fact | None = None  # a national schools network (C2k in Northern Ireland)
    guidance: Guidance
    own_words: list[str] = []  # patterns only this nation uses (tests scan other nations' pages for them)
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None


class WordEntry(Strict):
    """One word with its forms (words.yml)."""

    one: str
    many: str
    one_possessive: str | None = None
    many_possessive: str | None = None
    group: bool = False


class WordsFile(Strict):
    words: list[WordEntry]
    by_phase: dict[str, dict[Phase | Literal["default"], str]] = {}


class PlatformsFile(Strict):
    platforms: list[Platform]
    app_store_ratings: Fact | None = None


class ProvidersFile(Strict):
    general: list[GeneralService] = []
    providers: list[Provider]


class ServicesFile(Strict):
    services: list[Service]


class LawsFile(Strict):
    laws: list[Law]
    planned: list[PlannedChange] = []


class JurisdictionsFile(Strict):
    jurisdictions: list[Jurisdiction]


def at_day(value: Any, day: dt.date) -> Any:
    """The same data as it stands on `day`: versions picked, entries not yet (or no longer) in force dropped."""
    if isinstance(value, VERSIONED):
        live = [f for f in value.root if f.in_force(day)]
        return at_day(max(live, key=lambda f: f.in_force_from or dt.date.min), day) if live else None
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _field_at_day(getattr(value, name), day)
                                        for name in type(value).model_fields})
    if isinstance(value, list):
        return [at_day(v, day) for v in value if not isinstance(v, Dated) or v.in_force(day)]
    if isinstance(value, dict):
        return {k: at_day(v, day) for k, v in value.items() if not isinstance(v, Dated) or v.in_force(day)}
    return value


def _field_at_day(value: Any, day: dt.date) -> Any:
    """A field holding one dated fact (a brand's group from the day it joined) is empty outside its dates."""
    return None if isinstance(value, Dated) and not value.in_force(day) else at_day(value, day)


def change_days(value: Any, label: str = "") -> Iterator[tuple[dt.date, str]]:
    """Every day on which something in the data starts or stops, with what it is."""
    if isinstance(value, BaseModel):
        name = getattr(value, "id", None) or getattr(value, "edition", None) or ""
        here = f"{label} {name}".strip()
        if isinstance(value, Dated):
            if value.in_force_from:
                yield value.in_force_from, here
            if value.in_force_until:
                yield add_days(value.in_force_until, 1), here  # 31 December 9999 has no day after
        if isinstance(value, PlannedChange):
            yield value.announced, here
            if value.takes_effect:
                yield value.takes_effect, here
        for field in type(value).model_fields:
            yield from change_days(getattr(value, field), here)
    elif isinstance(value, RootModel):
        yield from change_days(value.root, label)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from change_days(item, label)
    elif isinstance(value, dict):
        for item in value.values():
            yield from change_days(item, label)


@dataclass(frozen=True)
class ReferenceFiles:
    """Every entry and every version, as written; `on(day)` gives the facts in force that day."""

    platforms: PlatformsFile
    providers: ProvidersFile
    services: ServicesFile
    laws: LawsFile
    jurisdictions: JurisdictionsFile
    words: WordsFile

    def on(self, day: dt.date) -> "Reference":
        platforms, providers = at_day(self.platforms, day), at_day(self.providers, day)
        laws = at_day(self.laws, day)
        return Reference(
            platforms=_by_id(platforms.platforms, "platforms.yml", day),
            providers=providers.providers,
            providers_general=providers.general,
            services=_by_id(at_day(self.services, day).services, "services.yml", day),
            laws=_by_id(laws.laws, "legislation.yml", day),
            jurisdictions=_by_id(at_day(self.jurisdictions, day).jurisdictions, "jurisdictions.yml", day),
            planned=[p for p in laws.planned if p.coming(day)],
            app_store_ratings=platforms.app_store_ratings,
            day=day,
            files=self,
            words=self.words.words,
            words_by_phase={key: {str(phase): text for phase, text in by_phase.items()}
                            for key, by_phase in self.words.by_phase.items()},
        )

    def changes_between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
        """What takes effect after `first`, up to and including `last`, in date order."""
        files = {"platforms.yml": self.platforms, "providers.yml": self.providers, "services.yml": self.services,
                 "legislation.yml": self.laws, "jurisdictions.yml": self.jurisdictions}
        found = {(day, f"{label} ({name})") for name, data in files.items()
                 for day, label in change_days(data) if first < day <= last}
        return sorted(found)


def _by_id(items: list[Any], file: str, day: dt.date) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        if item.id in found:
            raise LibraryError(f"content/reference/{file}: two entries with id '{item.id}' are in force on {day}; "
                               "give the older one in_force_until or the newer one in_force_from")
        found[item.id] = item
    return found


@dataclass(frozen=True)
class Reference:
    """The reference facts in force on `day` (the build date)."""

    platforms: dict[str, Platform]
    providers: list[Provider]
    providers_general: list[GeneralService]
    services: dict[str, Service]
    laws: dict[str, Law]
    jurisdictions: dict[str, Jurisdiction]
    planned: list[PlannedChange]
    app_store_ratings: Fact | None
    day: dt.date
    files: ReferenceFiles
    words: list[WordEntry]  # every word the library substitutes, with its forms (resolve/words.py)
    words_by_phase: dict[str, dict[str, str]]  # terms that differ by phase (words.yml by_phase)

    def on(self, day: dt.date) -> "Reference":
        return self if day == self.day else self.files.on(day)

    def platform(self, platform_id: str) -> Platform | None:
        """By id, or by a former id such as 'twitter'."""
        if platform_id in self.platforms:
            return self.platforms[platform_id]
        return next((p for p in self.platforms.values() if platform_id in p.former_ids), None)

    def dated_facts(self) -> Iterator[tuple[str, dt.date]]:
        """Every checked date, with a label saying which fact it dates."""
        for p in self.platforms.values():
            yield f"platforms.yml {p.id} minimum age", in_force(p.minimum_age).checked
            for name, link in p.links.items():
                yield f"platforms.yml {p.id} {name} link", in_force(link).checked
        for pr in self.providers:
            for name in ("from_mobile", "other_phone", "help_page"):
                if getattr(pr, name):
                    yield f"providers.yml {pr.id} {name}", getattr(pr, name).checked
        for s in self.services.values():
            for name in ("url", "phone", "text", "email"):
                if getattr(s, name):
                    yield f"services.yml {s.id} {name}", getattr(s, name).checked
        for law in self.laws.values():
            yield f"legislation.yml {law.id}", law.checked
        for place in self.jurisdictions.values():
            yield f"jurisdictions.yml {place.id}", place.checked


def _load(folder: Path, name: str, model: type[BaseModel]) -> Any:
    try:
        return read_model(folder / name, Path("content/reference") / name, model)
    except DataError as exc:  # our own files: a maintainer's error, not the school's
        raise LibraryError(exc.problems) from None


def read_reference_files(folder: Path) -> ReferenceFiles:
    return ReferenceFiles(
        platforms=_load(folder, "platforms.yml", PlatformsFile),
        providers=_load(folder, "providers.yml", ProvidersFile),
        services=_load(folder, "services.yml", ServicesFile),
        laws=_load(folder, "legislation.yml", LawsFile),
        jurisdictions=_load(folder, "jurisdictions.yml", JurisdictionsFile),
        words=_load(folder, "words.yml", WordsFile),
    )


def read_reference(folder: Path, day: dt.date | None = None) -> Reference:
    """The facts in force on `day` (default: today). Builds pass their date in, so they are reproducible."""
    return read_reference_files(folder).on(day or dt.date.today())


PHONE_FIELDS = frozenset({"phone", "from_mobile", "other_phone", "non_emergency", "text"})
FILES = ("platforms.yml", "providers.yml", "services.yml", "legislation.yml", "jurisdictions.yml")


@dataclass(frozen=True)
class FactEntry:
    """One dated fact as written, for maintainers (`schoolpolicy facts`) and the tests."""

    file: str
    label: str  # where it is, e.g. "instagram minimum_age" or "kcsie edition 2026"
    kind: Literal["age", "phone", "law", "guidance", "link", "other"]
    value: Any
    confidence: Confidence
    source: str | None
    checked: dt.date | None
    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None
    announced: dt.date | None = None

    @property
    def unconfirmed(self) -> bool:
        return self.confidence not in SHOWN


def _kind(file: str, entry: BaseModel, field: str, within: str) -> str:
    if isinstance(entry, FeatureAge) or field == "minimum_age":
        return "age"
    if field in PHONE_FIELDS or isinstance(entry, Police):
        return "phone"
    if isinstance(entry, (Law, Edition, Commencement, PlannedChange)) or within in ("law", "statutory-guidance"):
        kind = getattr(entry, "kind", None) or within
        return "law" if isinstance(entry, (Commencement, PlannedChange)) or kind == "law" else "guidance"
    if file == "platforms.yml" and within == "links" or field in ("url", "help_page", "more_info"):
        return "link"
    return "other"


def _entries(value: Any, file: str, label: str, field: str = "", within: str = "") -> Iterator[FactEntry]:
    if isinstance(value, RootModel):
        for item in value.root:
            yield from _entries(item, file, label, field, within)
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            yield from _entries(item, file, label, field, within)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _entries(item, file, f"{label} {key}".strip(), field if field == "links" else key,
                                "links" if field == "links" else within)
        return
    if not isinstance(value, BaseModel):
        return
    name = getattr(value, "id", None) or (f"edition {value.edition}" if isinstance(value, Edition) else None) \
        or (f"feature '{value.feature}'" if isinstance(value, FeatureAge) else None)
    here = f"{label} {name}".strip() if name else label
    if isinstance(value, Law):
        within = value.kind
    fields = type(value).model_fields
    if "checked" in fields and "confidence" in fields and getattr(value, "checked", None) is not None:
        shown_value = getattr(value, "value", None)
        if isinstance(value, FeatureAge):
            shown_value = value.age
        elif isinstance(value, (Law, PlannedChange)):
            shown_value = value.title
        elif isinstance(value, Edition):
            shown_value = value.title
        fact: Any = value  # a dated fact of any of the reference models
        yield FactEntry(file, here, _kind(file, value, field, within), shown_value,  # type: ignore[arg-type]
                        fact.confidence, getattr(value, "source", None), fact.checked,
                        getattr(value, "in_force_from", None), getattr(value, "in_force_until", None),
                        getattr(value, "announced", None))
    for key in fields:
        child = getattr(value, key)
        if isinstance(child, (BaseModel, list, tuple, dict)):
            yield from _entries(child, file, here if key in ("platforms", "providers", "services", "laws",
                                                              "planned", "jurisdictions", "general", "editions",
                                                              "commencement", "feature_ages") else f"{here} {key}",
                                key, within)


def every_fact(files: ReferenceFiles) -> list[FactEntry]:
    """Every fact with a checked date, in file order: what `schoolpolicy facts` lists and the tests count."""
    data = dict(zip(FILES, (files.platforms, files.providers, files.services, files.laws, files.jurisdictions), strict=True))
    return [entry for name, model in data.items() for entry in _entries(model, name, "")]
