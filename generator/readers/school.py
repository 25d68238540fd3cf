"""The school data file: `data/schools/<slug>.yml`, and its schema."""

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from generator.readers.schema import validate
from generator.readers.text import Date, Flag, Name, Text, Version, WholeNumber, looks_like_person
from generator.readers.trust import with_trust
from generator.readers.yamlfile import YamlDocument, read_yaml
from generator.vocabulary import (
    KIND_TITLES,
    Adopt,
    Audience,
    ClauseId,
    Colour,
    Email,
    FieldName,
    Id,
    Learners,
    Nation,
    OwnSectionId,
    PartId,
    Phase,
    Phone,
    PolicyKind,
    SchoolType,
    Slug,
    Strict,
    TermKey,
    WebAddress,
)

# Links and pictures in the Markdown fields are checked on the rendered HTML (check/links.py).


class Colours(Strict):
    primary: Colour = "#1d4f91"
    accent: Colour = "#1d4f91"


class Person(Strict):
    name: Name
    phone: Phone | None = None
    email: Email | None = None


class Role(Strict):
    """One person (`name`), several (`people`), or a group described by `members`."""

    title: Name | None = None
    plural: Name | None = None  # the title for several people, when adding "s" is wrong
    name: Name | None = None
    phone: Phone | None = None  # shown in the Key people tables
    email: Email | None = None
    people: list[Person] = []
    members: list[Name] = []
    responsibilities: list[Text] = []  # printed in the roles section (the school's own words)
    parent_facing: Flag | None = None  # on the parents' page; default: yes for the safeguarding roles and the head

    @model_validator(mode="before")
    @classmethod
    def _title_only(cls, value):
        if isinstance(value, str) and looks_like_person(value):
            # "The Mrs J Whitfield is responsible..." is what a name here would publish.
            raise PydanticCustomError("role_is_person", "'{name}' is a person", {"name": value.strip()})
        return {"title": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_or_several(self):
        if self.people and (self.name or self.phone or self.email):
            raise ValueError("give either one person (name, phone, email) or several under people, not both")
        return self


RoleKey = Literal["headteacher", "chair_of_governors", "dsl", "deputy_dsls", "dpo", "network_manager",
                  "esafety_team", "social_media_lead", "consent_record_keeper", "filtering_contact",
                  "chief_executive", "chair_of_trustees"]


class OpenRole(Role):
    """A role of the school's own (`roles.<key>`): a link governor, an online safety lead, a technician."""

    title: Name  # required: a misspelt fixed role ('dls: {name: ...}') is caught here

    @model_validator(mode="before")
    @classmethod
    def _needs_title(cls, value):
        if isinstance(value, dict) and "title" not in value:
            raise PydanticCustomError("open_role_title", "a role of the school's own needs a title",
                                      {"fixed": ", ".join(Roles.model_fields)})
        return value


OPEN_ROLE_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


class Roles(Strict):
    """The fixed roles library clauses name, and any of the school's own (open roles, `model_extra`)."""

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True)
    __pydantic_extra__: dict[str, OpenRole]

    headteacher: Role = Field(default_factory=Role)
    chair_of_governors: Role = Field(default_factory=Role)
    dsl: Role = Field(default_factory=Role)
    deputy_dsls: Role | None = None
    dpo: Role | None = None
    network_manager: Role | None = None
    esafety_team: Role | None = None
    social_media_lead: Role | None = None
    consent_record_keeper: Role | None = None
    filtering_contact: Role | None = None
    chief_executive: Role | None = None  # a trust's chief executive officer
    chair_of_trustees: Role | None = None  # chair of a trust's board

    def open_roles(self) -> dict[str, OpenRole]:
        """The school's own roles, in the order its file gives them."""
        return dict(self.model_extra or {})

    def all_roles(self) -> dict[str, Role | None]:
        """Every role: the fixed ones, then the school's own."""
        return {key: getattr(self, key) for key in type(self).model_fields} | self.open_roles()


class Unit(Strict):
    """A part of the school the policy also covers: a nursery, a site, a federation's school."""

    id: Id
    name: Name
    roles: dict[RoleKey, Role] = {}

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, value):
        """The old form: a unit is just its name, as it reads in a sentence."""
        return {"id": re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "unit", "name": value} \
            if isinstance(value, str) else value


class Identity(Strict):
    name: Name
    short_name: Name
    phase: Phase
    jurisdiction: Nation
    type: SchoolType = "maintained"  # decides laws, inspectorate and words (content/reference/school-types.yml)
    units: list[Unit] = []
    website: WebAddress | None = None
    site_url: WebAddress | None = None  # where this policy site is published
    logo: Text | None = None  # a file inside the repository
    motto: Name | None = None
    ethos: Text | None = None  # Markdown, the school's own words
    learners: Learners | None = None
    governing_body: Name | None = None  # old form of terms.governing_body (check warns)
    colours: Colours = Field(default_factory=Colours)


class BlockedPlatform(Strict):
    platform: Name
    exceptions: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _id_only(cls, value):
        return {"platform": value} if isinstance(value, str) else value


class PupilRule(Strict):
    title: Name
    text: str = ""


class PupilRules(Strict):
    scheme: Literal["smart", "own"] = "smart"
    name: Name | None = None
    rules: list[PupilRule] = []

    @model_validator(mode="after")
    def _own_needs_name(self):
        if self.scheme == "own" and not self.name:
            raise ValueError("with scheme: own, give the rules a name, e.g. name: Think then Click")
        return self


class RelatedPolicy(Strict):
    name: Name
    url: WebAddress | None = None

    @model_validator(mode="before")
    @classmethod
    def _name_only(cls, value):
        return {"name": value} if isinstance(value, str) else value


class Laws(Strict):
    """Changes to the reference list of laws for the school's nation (content/reference/legislation.yml)."""

    add: list[Name] = []
    drop: list[Name] = []


class Policy(Strict):
    # What the school calls its (main) policy, on every page and printed copy; default: its kind's title.
    title: Name = "Social Media Policy"
    kind: PolicyKind | None = None  # the kind of policy (default social-media)
    kinds: list[PolicyKind] = []  # several kinds published side by side; the first is the main one
    adopt: Adopt = "standard"  # which library clauses it starts from
    # Who the policy is for: a staff policy has no parents' page and leaves out clauses for parents and pupils.
    audience: Audience = "everyone"
    laws: Laws = Field(default_factory=Laws)
    # The old places for four choices (content/choices.yml former_key): still read, and `check` names the new one.
    staff_personal_use: Literal["breaks", "permission-only"] | None = None
    pupil_images: Literal["with-consent", "website-only"] | None = None
    pupil_phones: Literal["school-policy", "handed-in", "phone-free"] | None = None
    wifi_rules: Flag | None = None
    pupil_rules: PupilRules = Field(default_factory=PupilRules)
    # Key messages, before the contents of the pack, at the top of the policy page and on the home page.
    summary: list[Text] = []
    passwords_kept: Text | None = None
    hashtags: list[Name] = []
    blocked_platforms: list[BlockedPlatform] = []
    guides: Literal["all"] | list[Name] = "all"
    appendices: Literal["all"] | list[Name] = "all"
    related_policies: list[RelatedPolicy] = []

    @model_validator(mode="before")
    @classmethod
    def _title_of_kind(cls, value):
        """No title given: the main kind's own ("Online Safety Policy")."""
        if isinstance(value, dict) and "title" not in value:
            kinds = value.get("kinds") if isinstance(value.get("kinds"), list) else [value.get("kind")]
            main = kinds[0] if kinds else None
            if isinstance(main, str) and main in KIND_TITLES:
                return value | {"title": KIND_TITLES[main]}
        return value

    @model_validator(mode="after")
    def _kind_or_kinds(self):
        if self.kind and self.kinds:
            raise ValueError("give policy.kind (one kind) or policy.kinds (several), not both")
        if len(set(self.kinds)) != len(self.kinds):
            raise ValueError("policy.kinds names a kind twice")
        return self

    @property
    def kind_list(self) -> list[str]:
        """The kinds this school publishes, the main one first."""
        return list(self.kinds) or [self.kind or "social-media"]


class Safeguarding(Strict):
    local_authority: Name | None = None
    partnership: Name | None = None


class ReviewRow(Strict):
    date: Date
    changes: str = ""
    next_review: Date | None = None


class Authorisation(Strict):
    date: Date
    by: Name
    version: Version


class Signatory(Strict):
    """Who signs the approved policy: a role, with the title and name to print if not the role's own."""

    role: RoleKey
    title: Name | None = None
    name: Name | None = None
    signed: Date | None = None


class Governance(Strict):
    version: Version
    written: Date | None = None
    approved: Date | None = None
    approved_by: Name | None = None
    last_reviewed: Date | None = None
    review_cycle_months: Annotated[WholeNumber, Field(ge=1, le=60)] = 12
    review_lead: RoleKey = "headteacher"  # the role that leads each review
    review_with: list[RoleKey] = ["dsl"]  # the roles that help
    next_review: Date | None = None
    history: list[ReviewRow] = []
    authorisations: list[Authorisation] = []
    signatories: list[Signatory] = []

    @model_validator(mode="after")
    def _dates_in_order(self):
        for later in ("approved", "last_reviewed", "next_review"):
            when = getattr(self, later)
            if self.written and when and when < self.written:
                raise ValueError(f"{later} ({when}) is before written ({self.written}); check the dates")
        if self.next_review and self.last_reviewed and self.next_review < self.last_reviewed:
            raise ValueError(f"next_review ({self.next_review}) is before last_reviewed ({self.last_reviewed}); "
                             "the next review comes after the last one: check the dates")
        return self


class OwnPicture(Strict):
    """A picture in a school's own clause: a flow chart, a diagram (PNG or JPEG in data/, checked like the logo)."""

    file: Text
    alt: Name  # what it shows, in words, for people who cannot see it: required


class OwnClause(Strict):
    id: ClauseId
    section: Name
    after: ClauseId | None = None
    before: ClauseId | None = None  # a clause of the same section it goes just before
    first: Flag = False  # the first clause of its section
    text: Text
    picture: OwnPicture | None = None  # shown below the text
    covers: list[Name] = []
    kind: PolicyKind | None = None  # the policy it goes in, when the school publishes several; default: the first

    @model_validator(mode="after")
    def _one_place(self):
        given = [k for k in ("after", "before") if getattr(self, k)] + (["first"] if self.first else [])
        if len(given) > 1:
            raise ValueError(f"give one of after, before and first, not {' and '.join(given)}: each says "
                             "where the clause goes")
        return self


class OwnSection(Strict):
    """A section of the school's own, for topics the library has no section for."""

    id: OwnSectionId
    title: Name
    after: Name | None = None  # a library or own section id; default: before the review section
    intro: Text | None = None


class ClauseChanges(Strict):
    add: list[OwnClause] = []
    replace: dict[ClauseId, Text] = {}
    omit: list[PartId] = []  # clause ids or whole section ids
    include: list[PartId] = []  # clauses or sections above the school's policy.adopt level
    add_sections: list[OwnSection] = []
    restore: list[PartId] = []  # an academy undoing its trust's omit or replace (readers/trust.py)


# A school's own forms (forms.add) and its own fields for a library form (forms.replace):
# the field types in words, and the library's names for them (content/forms/*.yml).
FIELD_TYPES = {"short text": "text", "long text": "textarea", "date": "date", "tick box": "checkbox",
               "choice": "radio", "signature": "signature"}
FieldType = Literal["short text", "long text", "date", "tick box", "choice", "signature"]
FormId = Id


class OwnField(Strict):
    label: Name
    type: FieldType
    name: FieldName | None = None  # the PDF field's name; default: made from the label (never change it once used)
    options: list[Name] = []  # for a choice: the options, one of which is ticked
    lines: Annotated[WholeNumber, Field(ge=1, le=8)] | None = None  # for long text: how many lines to leave

    @model_validator(mode="after")
    def _fits_its_type(self):
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("a choice needs at least two options: options: [Yes, No]")
        if self.options and self.type != "choice":
            raise ValueError(f"options are only for type: choice (this field is {self.type})")
        if self.lines and self.type != "long text":
            raise ValueError(f"lines are only for type: long text (this field is {self.type})")
        return self


def field_name(label: str) -> str:
    """The PDF field name made from a label: "Your child's name" -> your_child_s_name."""
    name = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40].strip("_") or "field"
    return name if name[0].isalpha() else f"field_{name}"


def option_value(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40] or "option"


def field_names(fields: list[OwnField]) -> list[str]:
    """Each field's PDF name: its own `name`, or one made from its label (numbered when two labels match)."""
    names: list[str] = []
    given = {f.name for f in fields if f.name}
    for f in fields:
        if f.name:  # a name the school gave is kept as it is (check refuses two the same)
            names.append(f.name)
            continue
        base = field_name(f.label)
        name, n = base, 2
        while name in names or name in given:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


class OwnFormSection(Strict):
    heading: Name
    note: Text | None = None
    fields: list[OwnField]


class _FormFields(Strict):
    fields: list[OwnField] = []  # one list of fields ...
    sections: list[OwnFormSection] = []  # ... or sections, each with a heading

    @model_validator(mode="after")
    def _fields_or_sections(self):
        if bool(self.fields) == bool(self.sections):
            raise ValueError("give the form's fields (a list), or sections each with a heading and fields: "
                             "one of the two")
        return self


class OwnForm(_FormFields):
    """A form of the school's own: a web page and a fillable PDF, listed in the appendices."""

    id: FormId
    title: Name
    audience: Literal["families", "parents", "pupils", "staff"] = "families"
    introduction: Text  # what the form is for
    who: Text | None = None  # who fills it in, and where it goes


class FormChange(_FormFields):
    """The school's own fields for a library form (and, if given, its own title and introduction)."""

    id: FormId
    title: Name | None = None
    introduction: Text | None = None
    who: Text | None = None


class OwnForms(Strict):
    add: list[OwnForm] = []
    replace: list[FormChange] = []


class TrustIdentity(Strict):
    """A trust or federation, from `trust:` in data/trusts/<slug>.yml; `slug` is set by the reader."""

    slug: Slug
    name: Name
    short_name: Name | None = None
    website: WebAddress | None = None
    logo: Text | None = None
    colours: Colours | None = None


class School(Strict):
    example: bool = False  # an example school: `build --publish` leaves it out once a fork adds its own
    trust: TrustIdentity | None = None
    school: Identity
    terms: dict[TermKey, Name] = {}
    roles: Roles = Field(default_factory=Roles)
    policy: Policy = Field(default_factory=Policy)
    safeguarding: Safeguarding = Field(default_factory=Safeguarding)
    governance: Governance
    clauses: ClauseChanges = Field(default_factory=ClauseChanges)
    forms: OwnForms = OwnForms()  # the school's own forms, and its own fields for library forms
    # The school's option for each library choice (content/choices.yml); checked against the library.
    choices: dict[Id, Id] = {}


@dataclass(frozen=True)
class SchoolFile:
    """A validated school with where it came from, for locating later problems."""

    slug: str
    data: School
    doc: YamlDocument


def read_school(path: Path, display: Path | None = None) -> SchoolFile:
    """A school's file, merged over its trust's file when it names one (see readers/trust.py)."""
    doc = with_trust(read_yaml(path, display), path)
    return SchoolFile(path.stem, validate(School, doc), doc)


def is_example(path: Path, display: Path | None = None) -> bool:
    """Whether a school file (or its trust's) says `example: true` (read without the schema: only that key matters)."""
    data = with_trust(read_yaml(path, display), path).data
    return isinstance(data, dict) and data.get("example") is True


def with_site_url(school: SchoolFile, site_url: str | None) -> SchoolFile:
    """The address the site is published at, when the school's file does not say it itself."""
    if not site_url or school.data.school.site_url:
        return school
    identity = school.data.school.model_copy(update={"site_url": site_url})
    return replace(school, data=school.data.model_copy(update={"school": identity}))
