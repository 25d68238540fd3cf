"""Calendar arithmetic that cannot fail: 29 February and the ends of months and years are clamped.

`date.replace(year=...)` raises ValueError on 29 February of a leap year, and adding days can run past
the last date Python knows; every step the tool takes from one date to another goes through here."""
from __future__ import annotations

import calendar
import datetime as dt
from typing import Protocol


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (earlier when negative), or the last day of that month when it is
    shorter: 31 January + 1 month is 28 (or 29) February; 29 February 2024 - 12 months is 28 February 2023."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    year = min(max(year, dt.MINYEAR), dt.MAXYEAR)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def add_days(day: dt.date, days: int) -> dt.date:
    """`day` + `days`, kept within the dates Python can hold."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


class Reviewed(Protocol):
    """What a next review is worked out from: a school's `governance` (readers/school.py)."""

    @property
    def last_reviewed(self) -> dt.date | None: ...
    @property
    def approved(self) -> dt.date | None: ...
    @property
    def written(self) -> dt.date | None: ...
    @property
    def review_cycle_months(self) -> int: ...
    @property
    def next_review(self) -> dt.date | None: ...


def next_review(governance: Reviewed) -> dt.date | None:
    """When the policy is next reviewed: the date the school gives, or one cycle after its last
    review, approval or writing."""
    base = governance.last_reviewed or governance.approved or governance.written
    return governance.next_review or (add_months(base, governance.review_cycle_months) if base else None)
