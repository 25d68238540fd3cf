"""Dates that have passed: a review that is due, reference facts not checked for a year."""
from __future__ import annotations

import datetime as dt

from generator.dates import add_months, next_review
from generator.errors import Problem
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile


def check_dates(school: SchoolFile, today: dt.date) -> list[Problem]:
    due = next_review(school.data.governance)
    if due and due < today:
        return [school.doc.problem(("governance",), f"the review was due on {due}; review the policy and "
                                                     "update last_reviewed and next_review", key=True, severity="warning")]
    return []


def check_reference(reference: Reference, today: dt.date, months: int = 12) -> list[Problem]:
    """Facts not checked for a year: a warning to the maintainers, once per run."""
    limit = add_months(today, -months)  # 29 February: a year before is 28 February
    stale = [label for label, checked in reference.dated_facts() if checked < limit]
    if not stale:
        return []
    shown = "; ".join(stale[:5]) + (f"; and {len(stale) - 5} more" if len(stale) > 5 else "")
    return [Problem(None, f"{len(stale)} reference fact(s) were last checked over a year ago; re-check them "
                          f"in content/reference/: {shown}", severity="warning")]
