"""The school data file: `data/schools/<slug>.yml`, and its schema."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from generator.readers.schema import validate
from generator.readers.yamlfile import YamlDocument, read_yaml

Phase = Literal["nursery", "primary", "secondary", "all-through", "special"]
Jurisdiction = Literal["england", "wales", "scotland", "northern-ireland"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
WebAddress = Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$")]
ClauseId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")]
# A library section id (blogging) or a clause id (blogging.moderation): what include and omit accept.
PartId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$")]
OwnSectionId = Annotated[str, StringConstraints(pattern=r"^own\.[a-z0-9][a-z0-9-]*$")]
Email = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[^@\s<>\"'()|]+@[^@\s<>\"'()|]+\.[^@\s<>\"'()|]+$")]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 ()-]{5,}(\s*(ext|x)\.?\s*[0-9]+)?$")]
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Markdown links a school may write: web, mail and in-page only, never javascript: or data:.
_LINK_TARGET = re.compile(r"\]\(\s*<?([a-zA-Z][a-zA-Z0-9+.-]*):")


def _safe_markdown(text: str | None) -> str | None:
    for scheme in _LINK_TARGET.findall(text or ""):
        if scheme.lower() not in ("http", "https", "mailto"):
            raise ValueError(f"links may only be http(s) or mailto, not '{scheme}:'")
    return text


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Colours(Strict):
    primary: Colour = "#1d4f91"
    accent: Colour = "#1d4f91"


class Identity(Strict):
    name: Text
    short_name: Text
    phase: Phase
    jurisdiction: Jurisdiction
    units: list[Text] = []
    website: WebAddress | None = None
    site_url: WebAddress | None = None  # where this policy site is published
    logo: Text | None = None  # a file inside the repository
    motto: Text | None = None
    ethos: Text | None = None  # Markdown, the school's own words
    learners: Literal["pupils", "students"] | None = None
    governing_body: Text | None = None  # e.g. "trust board"; default from jurisdiction
    colours: Colours = Colours()

    _ethos_links = field_validator("ethos")(classmethod(lambda cls, v: _safe_markdown(v)))


class Role(Strict):
    title: Text | None = None
    name: Text | None = None
    phone: Phone | None = None  # shown in the Key people tables
    email: Email | None = None
    members: list[Text] = []

    @model_validator(mode="before")
    @classmethod
    def _title_only(cls, value):
        return {"title": value} if isinstance(value, str) else value


RoleKey = Literal["headteacher", "chair_of_governors", "dsl", "deputy_dsls", "dpo", "network_manager",
                  "esafety_team", "social_media_lead", "consent_record_keeper", "filtering_contact"]


class Roles(Strict):
    headteacher: Role = Role()
    chair_of_governors: Role = Role()
    dsl: Role = Role()
    deputy_dsls: Role | None = None
    dpo: Role | None = None
    network_manager: Role | None = None
    esafety_team: Role | None = None
    social_media_lead: Role | None = None
    consent_record_keeper: Role | None = None
    filtering_contact: Role | None = None


class BlockedPlatform(Strict):
    platform: Text
    exceptions: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _id_only(cls, value):
        return {"platform": value} if isinstance(value, str) else value


class PupilRule(Strict):
    title: Text
    text: str = ""


class PupilRules(Strict):
    scheme: Literal["smart", "own"] = "smart"
    name: Text | None = None
    rules: list[PupilRule] = []

    @model_validator(mode="after")
    def _own_needs_name(self):
        if self.scheme == "own" and not self.name:
            raise ValueError("with scheme: own, give the rules a name, e.g. name: Think then Click")
        return self


class RelatedPolicy(Strict):
    name: Text
    url: WebAddress | None = None

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, value):
        return {"name": value} if isinstance(value, str) else value


class Laws(Strict):
    """Changes to the reference list of laws for the school's nation (content/reference/legislation.yml)."""

    add: list[Text] = []
    drop: list[Text] = []


class Policy(Strict):
    title: Text = "Social Media Policy"  # what the school calls this policy, on every page and printed copy
    adopt: Literal["core", "standard", "full"] = "standard"  # which library clauses it starts from
    laws: Laws = Laws()
    staff_personal_use: Literal["breaks", "permission-only"] = "breaks"
    pupil_images: Literal["with-consent", "website-only"] = "with-consent"
    pupil_phones: Literal["school-policy", "handed-in", "phone-free"] = "school-policy"
    wifi_rules: bool = False
    pupil_rules: PupilRules = PupilRules()
    passwords_kept: Text | None = None
    hashtags: list[Text] = []
    blocked_platforms: list[BlockedPlatform] = []
    guides: Literal["all"] | list[Text] = "all"
    appendices: Literal["all"] | list[Text] = "all"
    related_policies: list[RelatedPolicy] = []


class Safeguarding(Strict):
    local_authority: Text | None = None
    partnership: Text | None = None


class ReviewRow(Strict):
    date: dt.date
    changes: str = ""
    next_review: dt.date | None = None


class Authorisation(Strict):
    date: dt.date
    by: Text
    version: Text

    _version_text = field_validator("version", mode="before")(classmethod(lambda cls, v: _as_text(v)))


class Signatory(Strict):
    role: Literal["headteacher", "chair_of_governors"]
    signed: dt.date | None = None


def _as_text(value):
    """YAML reads `version: 1.0` as a number; a version is text."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


class Governance(Strict):
    version: Text
    written: dt.date | None = None
    approved: dt.date | None = None
    approved_by: Text | None = None
    last_reviewed: dt.date | None = None
    review_cycle_months: int = Field(12, ge=1, le=60)
    review_lead: RoleKey = "headteacher"  # the role that leads each review
    review_with: list[RoleKey] = ["dsl"]  # the roles that help
    next_review: dt.date | None = None
    history: list[ReviewRow] = []
    authorisations: list[Authorisation] = []
    signatories: list[Signatory] = []

    _version_text = field_validator("version", mode="before")(classmethod(lambda cls, v: _as_text(v)))

    @model_validator(mode="after")
    def _dates_in_order(self):
        for later in ("approved", "last_reviewed", "next_review"):
            when = getattr(self, later)
            if self.written and when and when < self.written:
                raise ValueError(f"{later} ({when}) is before written ({self.written}); check the dates")
        return self


class OwnClause(Strict):
    id: ClauseId
    section: Text
    after: ClauseId | None = None
    text: Text
    covers: list[Text] = []

    _links = field_validator("text")(classmethod(lambda cls, v: _safe_markdown(v)))


class OwnSection(Strict):
    """A section of the school's own, for topics the library has no section for."""

    id: OwnSectionId
    title: Text
    after: Text | None = None  # a library or own section id; default: before the review section
    intro: Text | None = None

    _links = field_validator("intro")(classmethod(lambda cls, v: _safe_markdown(v)))


class ClauseChanges(Strict):
    add: list[OwnClause] = []
    replace: dict[ClauseId, Text] = {}
    omit: list[PartId] = []  # clause ids or whole section ids
    include: list[PartId] = []  # clauses or sections above the school's policy.adopt level
    add_sections: list[OwnSection] = []

    @field_validator("replace")
    @classmethod
    def _replace_links(cls, value):
        for text in value.values():
            _safe_markdown(text)
        return value


class School(Strict):
    school: Identity
    roles: Roles = Roles()
    policy: Policy = Policy()
    safeguarding: Safeguarding = Safeguarding()
    governance: Governance
    clauses: ClauseChanges = ClauseChanges()


@dataclass(frozen=True)
class SchoolFile:
    """A validated school with where it came from, for locating later problems."""

    slug: str
    data: School
    doc: YamlDocument


def read_school(path: Path, display: Path | None = None) -> SchoolFile:
    doc = read_yaml(path, display)
    return SchoolFile(path.stem, validate(School, doc), doc)
