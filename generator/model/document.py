"""Numbered sections and clauses with stable ids: the single source for every output."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.model.changes import Approval, Changes
from generator.readers.library import Guide
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
class Section:
    id: str
    number: str
    title: str  # plain text
    intro_markdown: str
    clauses: tuple[Clause, ...]

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
class Sheet:
    """A guide's at-a-glance box, rendered, as the one-page handout shows it."""

    what_it_is: str  # rendered Markdown
    watch_for: tuple[Panel, ...]
    settings: tuple[Panel, ...]


@dataclass(frozen=True)
class GuidePage:
    guide: Guide
    markdown: str  # the whole page body, rendered
    checked: dt.date | None  # newest date its facts were checked
    sheet: Sheet | None = None  # for the one-page handout


@dataclass(frozen=True)
class FormPage:
    id: str
    title: str
    fields: dict[str, Any]  # the definition with every text rendered, for the PDF
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
    context: dict[str, Any] = field(repr=False, compare=False)
    changes: Changes | None = None  # since the approved version on record, if there is one
    approval: Approval | None = None  # the last approval, and whether this is still that version
    left_out: tuple[Any, ...] = ()  # planning.LeftOut: library clauses not in this policy, and why
    kind: str = "social-media"  # the kind of policy (docs/library-model.md)
    page: str = "policy.md"  # the page its numbered clauses are on
    further: tuple["PolicyDocument", ...] = ()  # the school's other kinds of policy, published beside this one
    # For the pupils' page: (clause id, the clause in one line a nine-year-old can read), in policy order,
    # from the library clauses this policy holds in the library's words that have a `pupil:` line.
    pupil_lines: tuple[tuple[str, str], ...] = ()

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses() if c.id == clause_id), None)

    def clauses(self):
        return [c for s in self.sections for c in s.clauses]

    def listed_forms(self, audience: str | None = None) -> list[FormPage]:
        """The forms in the policy (its appendices), optionally only those for one audience."""
        return [f for f in self.forms if f.in_policy and (audience is None or f.audience == audience)]
