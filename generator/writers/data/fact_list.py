"""`schoolpolicy facts`: the reference facts for their maintainers. How sure each is, where it came from and
when it was checked; what changes soon; what is stale. Parents never see this (content/README.md)."""
from __future__ import annotations

import datetime as dt

from generator.dates import add_days
from generator.readers.reference import FactEntry, ReferenceFiles, every_fact

AHEAD_DAYS = 90
STALE_DAYS = 365
SHARE_LIMIT = 0.15  # at most this share of dated facts may stay unconfirmed (issue 24)


def _value(value: object, width: int = 40) -> str:
    text = " ".join(str(value).split()) if value is not None else "-"
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(entry: FactEntry) -> str:
    return (f"  {entry.file:<17} {entry.label[:58]:<58} {_value(entry.value, 30):<30} {entry.confidence:<11} "
            f"{entry.checked or '-'}  {entry.source or '-'}")


def unconfirmed_share(facts: list[FactEntry]) -> float:
    return sum(f.unconfirmed for f in facts) / len(facts) if facts else 0.0


def fact_report(files: ReferenceFiles, day: dt.date, show_all: bool = False) -> list[str]:
    facts = every_fact(files)
    doubtful = [f for f in facts if f.unconfirmed]
    share = unconfirmed_share(facts)
    lines = [f"{len(facts)} dated facts in content/reference on {day}: {len(facts) - len(doubtful)} confirmed or "
             f"from a reliable third party, {len(doubtful)} unconfirmed or conflicting ({share:.0%}; the limit is "
             f"{SHARE_LIMIT:.0%}, and never an age, a phone number or a law)."]
    ahead, year_ago = add_days(day, AHEAD_DAYS), add_days(day, -STALE_DAYS)
    coming = files.changes_between(day, ahead)
    lines += ["", f"Changes in the next {AHEAD_DAYS} days (to {ahead}):"]
    lines += [f"  {when}  {label.strip()}" for when, label in coming] or ["  none"]
    stale = [f for f in facts if f.checked and f.checked <= year_ago]
    lines += ["", f"Not checked for a year (checked on or before {year_ago}):"]
    lines += [_row(f) for f in stale] or ["  none"]
    lines += ["", "Unconfirmed or conflicting (pages tell readers to check, or leave these out):"]
    lines += [_row(f) for f in doubtful] or ["  none"]
    breaking = [f for f in doubtful if f.kind in ("age", "phone", "law")]
    if breaking:
        lines += ["", "Must be confirmed (an age, a phone number or a law may never stay unconfirmed):"]
        lines += [_row(f) for f in breaking]
    if show_all:
        lines += ["", "Every fact (file, where, value, confidence, checked, source):"] + [_row(f) for f in facts]
    else:
        lines += ["", "Add --all to list every fact with its confidence, source and date checked."]
    return lines
