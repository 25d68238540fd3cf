"""resolve: a checked school + library + reference facts -> one PolicyDocument (model/document.py).

It chooses the clauses, numbers them and renders their text once. What resolving finds is said
with the document: a change a dated fact will soon make to the policy (upcoming.py), a left-out
clause the policy's words still name (mentions.py), and how the policy differs from the version
its governors approved (approval.py).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.errors import Problem
from generator.model.document import PolicyDocument
from generator.readers.approved import ApprovedVersion
from generator.readers.library import Library
from generator.readers.logo import Pictures
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile
from generator.resolve.approval import checked_dates, review
from generator.resolve.mentions import check_mentions
from generator.resolve.own_data import after_resolve
from generator.resolve.resolver import resolve, resolve_all
from generator.resolve.upcoming import upcoming_changes

__all__ = ["resolve", "resolve_all", "resolve_school"]


def resolve_school(school: SchoolFile, library: Library, reference: Reference, today: dt.date,
                   record: ApprovedVersion | None, record_file: Path, pictures: Pictures | None = None,
                   approving: bool = False) -> tuple[PolicyDocument, list[Problem]]:
    """The school's policy, and warnings about it. `approving`: resolved as it is being approved
    (for `approve`), so without the comparison with an earlier approval."""
    document = resolve_all(school, library, reference, pictures=pictures)
    upcoming = upcoming_changes(school, library, reference, document, today)
    found = check_mentions(school, document, library) + after_resolve(school, document, library)
    notes: list[Problem] = []
    if not approving:
        document, notes = review(document, school, record, library, checked_dates(reference), record_file)
    return document, upcoming + found + notes
