"""Reference facts (`content/reference/*.yml`): every fact has a source and a checked date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict

from generator.errors import DataError, LibraryError
from generator.readers.schema import validate
from generator.readers.yamlfile import read_yaml

Confidence = Literal["confirmed", "secondary", "conflicting", "unconfirmed"]
JurisdictionId = Literal["england", "wales", "scotland", "northern-ireland"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(Strict):
    value: Any = None
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None

    @property
    def sure(self) -> bool:
        return self.confidence == "confirmed" and self.value is not None


class FeatureAge(Fact):
    feature: str
    age: int | str | None = None


class Platform(Strict):
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
    minimum_age: Fact
    feature_ages: list[FeatureAge] = []
    links: dict[str, Fact] = {}


class Provider(Strict):
    id: str
    name: str
    status: Literal["active", "merged", "closed"]
    replaced_by: str | None = None
    status_date: dt.date | None = None
    status_note: str | None = None
    email: Fact | None = None
    from_mobile: Fact | None = None
    other_phone: Fact | None = None
    help_page: Fact | None = None
    what_they_do: str | None = None


class GeneralService(Strict):
    id: str
    name: str
    what: str
    how: list[str] = []
    url: Fact | None = None
    phone: Fact | None = None
    text: Fact | None = None
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None


class Service(Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    id: str
    name: str
    owner: str | None = None
    what: str
    for_: list[str] = []
    former_names: list[str] = []
    former_ids: list[str] = []
    more_info: Fact | None = None
    non_emergency: Fact | None = None
    url: Fact | None = None
    phone: Fact | None = None
    text: Fact | None = None
    email: Fact | None = None

    def __init__(self, **data: Any):
        if "for" in data:
            data["for_"] = data.pop("for")
        super().__init__(**data)


class Edition(Strict):
    edition: str
    title: str
    in_force_from: dt.date
    url: str | None = None
    source: str | None = None
    checked: dt.date | None = None
    confidence: Confidence
    note: str | None = None


class Law(Strict):
    id: str
    title: str
    short: str | None = None
    kind: Literal["law", "statutory-guidance", "guidance"]
    jurisdictions: list[JurisdictionId]
    url: str
    why: str
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None
    editions: list[Edition] = []


class Route(Fact):
    short: str | None = None


class Jurisdiction(Strict):
    id: JurisdictionId
    name: str
    head: str
    governing_body: str
    safeguarding_lead: str
    safeguarding_lead_short: str | None = None
    allegations_route: Route
    safeguarding_guidance: str
    police_non_emergency: Fact | None = None
    source: str
    checked: dt.date
    confidence: Confidence
    note: str | None = None


class PlatformsFile(Strict):
    platforms: list[Platform]


class ProvidersFile(Strict):
    general: list[GeneralService] = []
    providers: list[Provider]


class ServicesFile(Strict):
    services: list[Service]


class LawsFile(Strict):
    laws: list[Law]


class JurisdictionsFile(Strict):
    jurisdictions: list[Jurisdiction]


@dataclass(frozen=True)
class Reference:
    platforms: dict[str, Platform]
    providers: list[Provider]
    providers_general: list[GeneralService]
    services: dict[str, Service]
    laws: dict[str, Law]
    jurisdictions: dict[str, Jurisdiction]

    def platform(self, platform_id: str) -> Platform | None:
        """By id, or by a former id such as 'twitter'."""
        if platform_id in self.platforms:
            return self.platforms[platform_id]
        return next((p for p in self.platforms.values() if platform_id in p.former_ids), None)

    def dated_facts(self) -> Iterator[tuple[str, dt.date]]:
        """Every checked date, with a label saying which fact it dates."""
        for p in self.platforms.values():
            yield f"platforms.yml {p.id} minimum age", p.minimum_age.checked
            for name, link in p.links.items():
                yield f"platforms.yml {p.id} {name} link", link.checked
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


def _load(folder: Path, name: str, model: type[BaseModel]) -> Any:
    try:
        return validate(model, read_yaml(folder / name, Path("content/reference") / name))
    except DataError as exc:  # our own files: a maintainer's error, not the school's
        raise LibraryError(exc.problems) from None


def read_reference(folder: Path) -> Reference:
    platforms = _load(folder, "platforms.yml", PlatformsFile).platforms
    providers = _load(folder, "providers.yml", ProvidersFile)
    return Reference(
        platforms={p.id: p for p in platforms},
        providers=providers.providers,
        providers_general=providers.general,
        services={s.id: s for s in _load(folder, "services.yml", ServicesFile).services},
        laws={law.id: law for law in _load(folder, "legislation.yml", LawsFile).laws},
        jurisdictions={j.id: j for j in _load(folder, "jurisdictions.yml", JurisdictionsFile).jurisdictions},
    )
