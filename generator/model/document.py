"""Numbered sections and clauses with stable ids: the single source for every output."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.model.changes import Approval, Changes
from generator.model.people import People
from generator.readers.library import Guide
from generator.readers.logo import Pictures
from generator.readers.school import School


@dataclass(frozen=True)
class Clause:
    id: str
    number: str  # "5.7"
    covers: tuple[str, ...]
    source: str  # "library", "replaced" (the school's words for a library clause) or "own"
    markdown: str  # rendered Markdown (links to site pages as .md paths)
    html: str
    text: str  # plain text, as a reader sees it

    @property
    def anchor(self) -> str:
        return "clause-" + self.number.replace(".", "-")


@dataclass(frozen=True)
class PupilLine:
    """A clause's rule in one line a nine-year-old can read, for the pupils' page."""

    clause_id: str
    text: str
    # The rule it states: the school's option for a choice ("pupil-phones: handed-in"), which clauses of
    # several kinds may each state, or else the clause's own id. The page says each rule once.
    rule: str


@dataclass(frozen=True)
class Section:
    id: str
    number: str
    title: str  # plain text
    intro_markdown: str
    clauses: tuple[Clause, ...]
    intro_html: str = ""  # the introduction as published (resolve renders it once)

    @property
    def anchor(self) -> str:
        return f"section-{self.number}"


@dataclass(frozen=True)
class Panel:
    """One numbered panel of a guide's one-page handout."""

    text: str  # rendered Markdown: one glance item
    picture: str  # a picture id: content/pictures/<id>.svg
    alt: str  # the picture's alternative text


@dataclass(frozen=True)
class MinimumAge:
    """The app's minimum age, from reference data, for the handout's badge."""

    value: int
    sure: bool  # known: confirmed by the app's own terms or a reliable third party (readers/reference.py SHOWN)


@dataclass(frozen=True)
class Sheet:
    """A guide's at-a-glance box, rendered, as the one-page handout shows it."""

    what_it_is: str  # rendered Markdown
    watch_for: tuple[Panel, ...]
    settings: tuple[Panel, ...]
    age: MinimumAge | None = None  # None for a guide about no one app
    general: bool = False  # a guide about no one app (talking about life online)


@dataclass(frozen=True)
class GuidePage:
    guide: Guide
    markdown: str  # the whole page body, rendered
    checked: dt.date | None  # newest date its facts were checked
    sheet: Sheet | None = None  # for the one-page handout
    html: str = ""  # the body as published, for the handout (resolve renders it once)


@dataclass(frozen=True)
class FormOptionView:
    value: str
    label: str


@dataclass(frozen=True)
class FormFieldView:
    name: str
    label: str  # rendered Markdown, like every text of a form
    type: str  # text, textarea, date, checkbox, radio or signature
    lines: int | None = None
    options: tuple[FormOptionView, ...] = ()


@dataclass(frozen=True)
class FormPictureView:
    """A rule shown as a picture (content/forms/pictures/<file>) and a few words."""

    file: str
    alt: str
    text: str


@dataclass(frozen=True)
class FormSectionView:
    heading: str
    note: str | None = None
    fields: tuple[FormFieldView, ...] = ()
    pictures: tuple[FormPictureView, ...] = ()  # for young children: each rule as a picture and a few words


@dataclass(frozen=True)
class FormRecord:
    """A form's definition as this school's form shows it: conditions applied, every text rendered.
    One record serves the web page, the fillable PDF and the pack."""

    title: str
    purpose: str
    sections: tuple[FormSectionView, ...]
    who: str | None = None
    audience: str = "families"

    @classmethod
    def from_tree(cls, tree: dict[str, Any]) -> FormRecord:
        """From a rendered definition (resolve/forms.py renders the file's tree of texts)."""
        def field_view(f: dict[str, Any]) -> FormFieldView:
            options = tuple(FormOptionView(o["value"], o["label"]) for o in f.get("options") or ())
            return FormFieldView(f["name"], f["label"], f["type"], f.get("lines"), options)

        def section_view(s: dict[str, Any]) -> FormSectionView:
            pictures = tuple(FormPictureView(p["file"], p["alt"], p["text"]) for p in s.get("pictures") or ())
            return FormSectionView(s["heading"], s.get("note"), tuple(field_view(f) for f in s.get("fields") or ()),
                                   pictures)

        sections = tuple(section_view(s) for s in tree["sections"])
        return cls(tree["title"], tree["purpose"], sections, tree.get("who"), tree.get("audience") or "families")


@dataclass(frozen=True)
class FormPage:
    id: str
    title: str
    fields: FormRecord  # the definition with every text rendered, for the page, the PDF and the pack
    markdown: str  # the web page body
    audience: str = "families"  # or "staff": never listed on pages for parents
    in_policy: bool = True  # a form the policy leaves out is not published at all (resolve/forms.py)


@dataclass(frozen=True)
class PolicyDocument:
    slug: str
    school: School
    title: str
    sections: tuple[Section, ...]
    guides: tuple[GuidePage, ...]
    forms: tuple[FormPage, ...]
    next_review: dt.date | None
    as_of: dt.date
    people: People  # who is who, for the writers (the pack, the handouts)
    setting: str  # what the school calls itself ('school', 'academy', 'nursery'): terms.setting, escaped
    emergency: str  # the police's emergency number in the school's nation
    context: dict[str, Any] = field(repr=False, compare=False)  # what the site's page templates see
    changes: Changes | None = None  # since the approved version on record, if there is one
    approval: Approval | None = None  # the last approval, and whether this is still that version
    left_out: tuple[Any, ...] = ()  # planning.LeftOut: library clauses not in this policy, and why
    kind: str = "social-media"  # the kind of policy (docs/library-model.md)
    # the school's logo, its trust's and its own clauses' pictures, read once (readers/logo.py); writers re-encode them
    pictures: Pictures = field(default_factory=Pictures)
    # The library's own words (plain text) for each clause the school replaced: what an approval records.
    library_wording: dict[str, str] = field(default_factory=dict)
    page: str = "policy.md"  # the page its numbered clauses are on
    further: tuple["PolicyDocument", ...] = ()  # the school's other kinds of policy, published beside this one
    # For the pupils' page, in policy order: the library clauses this policy holds in the library's
    # words that have a `pupil:` line.
    pupil_lines: tuple[PupilLine, ...] = ()

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses() if c.id == clause_id), None)

    def clauses(self):
        return [c for s in self.sections for c in s.clauses]

    def listed_forms(self, audience: str | None = None) -> list[FormPage]:
        """The forms in the policy (its appendices), optionally only those for one audience."""
        return [f for f in self.forms if f.in_policy and (audience is None or f.audience == audience)]
