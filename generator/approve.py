"""`schoolpolicy approve SLUG --on DATE [--by BODY]`: record the policy as the governors approved it.

One step: the record (data/approved/<slug>.yml) holds the date, the body and
every clause's words, resolved with that approval already in place, so the next
build shows the approval everywhere and finds nothing changed. `approve --trust`
calls approve_school once per academy.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.build import Shared, check_one, load_shared
from generator.errors import DataError, Problem
from generator.model.document import PolicyDocument
from generator.project import Project
from generator.readers.approved import ApprovedVersion, read_approved
from generator.readers.school import School, read_school
from generator.readers.yamlfile import YamlDocument
from generator.resolve.approval import checked_dates
from generator.schools import school_paths
from generator.writers.data.approved import approved_text, write_record


@dataclass(frozen=True)
class Approved:
    document: PolicyDocument
    path: Path  # the record written
    on: dt.date
    by: str | None
    warnings: list[Problem]  # e.g. a governance.approved line that now disagrees with the record


def approval_date(project: Project, path: Path, slug: str, on: dt.date | None, school: School,
                  doc: YamlDocument | None = None) -> dt.date:
    on = on or school.governance.approved
    if on is None:
        raise DataError([Problem(project.display(path), "say when the policy was approved: schoolpolicy approve "
                                                        f"{slug} --on YYYY-MM-DD (the date of the meeting)",
                                 "governance.approved")])
    written = school.governance.written
    if written is not None and on < written:
        message = (f"approve --on {on.isoformat()} is before the policy was written (governance.written: "
                   f"{written.isoformat()}), so the governors cannot have approved this version then; nothing was "
                   "recorded. Give the date of the meeting that approved it, or correct governance.written")
        raise DataError([doc.problem(("governance", "written"), message) if doc is not None else
                         Problem(project.display(path), message, "governance.written")])
    return on


def approve_school(project: Project, slug: str, on: dt.date | None, by: str | None, today: dt.date,
                   shared: Shared | None = None) -> Approved:
    """Write the record for one school; `on` defaults to governance.approved, `by` to approved_by."""
    pending = prepare_approval(project, slug, on, by, today, shared)
    write_record(pending.path, pending.text)
    return pending.done


def previous_record(path: Path, shown: Path) -> ApprovedVersion | None:
    """The record this approval replaces, whose approvals it keeps; a broken one keeps none (check says why)."""
    try:
        return read_approved(path, shown)
    except DataError:
        return None


@dataclass(frozen=True)
class PendingApproval:
    path: Path
    text: str  # the record, already read back as check reads it
    done: Approved


def prepare_approval(project: Project, slug: str, on: dt.date | None, by: str | None, today: dt.date,
                     shared: Shared | None = None) -> PendingApproval:
    """The record for one school, checked, not yet written (approve --trust writes none until all are fine)."""
    shared = shared or load_shared(project, today)
    (path,) = school_paths(project, [slug])
    school_file = read_school(path, project.display(path))
    school = school_file.data
    on, by = approval_date(project, path, slug, on, school, school_file.doc), by or school.governance.approved_by
    approving = ApprovedVersion.model_construct(school=slug, version=school.governance.version, approved=on,
                                                approved_by=by, facts_checked=[], clauses=[])
    document, warnings = check_one(project, path, shared, today, approving=approving)
    record = project.approved_file(slug)
    text = approved_text(document, record, on, by, document.library_wording,
                         sorted(checked_dates(shared.reference)), project.display(record),
                         previous=previous_record(record, project.display(record)))
    return PendingApproval(record, text, Approved(document, record, on, by,
                                                  [w for w in warnings if w.field.startswith("governance.")]))
