"""Changes since the approved version, as the pack shows them (built by resolve/changes.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class ClauseChange:
    kind: str  # "added", "removed", "changed" or "moved"
    id: str
    number: str  # the number now; the number it had, for a removed clause
    before_number: str | None
    before: Markup  # the approved text, removed words marked with <del>
    after: Markup  # the text now, new words marked with <ins>


@dataclass(frozen=True)
class Changes:
    since_version: str
    since_date: dt.date | None
    items: tuple[ClauseChange, ...]

    def count(self, kind: str) -> int:
        return sum(c.kind == kind for c in self.items)
