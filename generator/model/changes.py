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
    edits: tuple[tuple[str, str], ...] = ()  # (words out, words in), lower case, of a reworded clause


SAME_EDIT_LEAST = 3  # clauses reworded exactly alike that the pack shows as one row
SMALL_EDIT = 6  # words on either side of an edit that can be said once for many clauses


@dataclass(frozen=True)
class SameEdit:
    """One edit made alike in many clauses (a new title for the head): one row, not one a clause."""

    numbers: tuple[str, ...]
    edits: tuple[tuple[str, str], ...]
    kind: str = "same-edit"

    @property
    def before(self) -> Markup:
        return Markup("; ").join(Markup("<del>%s</del>") % out for out, _ in self.edits if out) or Markup("")

    @property
    def after(self) -> Markup:
        return Markup("; ").join(Markup("<ins>%s</ins>") % put for _, put in self.edits if put) or Markup("")

    def words(self) -> str:
        return "; ".join(f"'{out}' now '{put}'" if out and put else (f"'{put}' added" if put else f"'{out}' taken out")
                         for out, put in self.edits)


def grouped(items: tuple[ClauseChange, ...] | list[ClauseChange]) -> list[ClauseChange | SameEdit]:
    """The changes, with the clauses reworded by exactly the same small edit said once, where the first was."""
    def key(change: ClauseChange) -> frozenset | None:
        if change.kind not in ("reworded", "renamed") or not change.edits:
            return None
        if any(len(out.split()) > SMALL_EDIT or len(put.split()) > SMALL_EDIT for out, put in change.edits):
            return None
        return frozenset(change.edits)

    members: dict[frozenset, list[ClauseChange]] = {}
    for change in items:
        found = key(change)
        if found is not None:
            members.setdefault(found, []).append(change)
    shown: list[ClauseChange | SameEdit] = []
    for change in items:
        found = key(change)
        group = members.get(found, []) if found is not None else []
        if len(group) < SAME_EDIT_LEAST:
            shown.append(change)
        elif change is group[0]:
            edits = tuple(dict.fromkeys(change.edits))
            shown.append(SameEdit(tuple(c.number for c in group), edits))
    return shown


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
    # The version number the policy as built now will have once approved: the school's own when it
    # raised it, else the one after the approved version; None while the policy is the approved one.
    draft: str | None = None
    earlier: tuple[tuple[dt.date, str | None, str], ...] = ()  # (date, by, version) of approvals before this one

    @property
    def awaiting(self) -> bool:
        return not self.current


def next_version(version: str) -> str:
    """The version after this one: 1.0 -> 1.1, 1.9 -> 1.10, 2 -> 2.1, 2026a -> 2026a.1."""
    parts = version.split(".")
    if len(parts) > 1 and parts[-1].isdigit():
        return ".".join(parts[:-1] + [str(int(parts[-1]) + 1)])
    return f"{version}.1"


def version_label(version: str, approval: Approval | None) -> str:
    """'1.0', or '1.1 (draft)' for a policy that differs from the version approved."""
    return f"{approval.draft} (draft)" if approval is not None and approval.draft else version
