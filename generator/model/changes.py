"""Changes since the approved version, as the pack, changes.json and `check` show them
(built by resolve/changes.py), and the approval they are measured from."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup

KINDS = ("reworded", "added", "removed", "renamed", "moved")


@dataclass(frozen=True)
class ClauseChange:
    kind: str  # one of KINDS; "renamed": a new id and new words (a new id alone is no change)
    id: str
    number: str  # the number now; the number it had, for a removed clause
    before_number: str | None
    before: Markup  # the approved text, removed words marked with <del>
    after: Markup  # the text now, new words marked with <ins>
    former_id: str | None = None  # the id it was approved under, when the library renamed it


@dataclass(frozen=True)
class Changes:
    since_version: str
    since_date: dt.date | None
    items: tuple[ClauseChange, ...]

    def count(self, *kinds: str) -> int:
        return sum(c.kind in kinds for c in self.items)


@dataclass(frozen=True)
class Approval:
    """The last approval, and whether the policy as it would be built now is that version."""

    version: str
    on: dt.date | None
    by: str | None
    on_record: bool  # written by `schoolpolicy approve` (data/approved/), not only a date in the school file
    current: bool  # no clause differs and the version is the same

    @property
    def awaiting(self) -> bool:
        return not self.current
