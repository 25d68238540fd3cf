"""The policy compared with the version its governors approved (data/approved/<slug>.yml).

check/approval.py puts the recorded approval in the school's governance before anything is
resolved, so the policy text, the site, the pack's cover and its signature page all say the
same. After resolving, the policy is compared with the approved version here, and `check` says
when it differs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from generator.errors import Problem
from generator.markup.words import long_date
from generator.model.changes import Approval, ClauseChange, SameEdit, grouped, next_version
from generator.model.document import PolicyDocument
from generator.readers.approved import ApprovedVersion
from generator.readers.library import Library
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile
from generator.resolve.changes import compare, reworded_replacements

LISTED = 8  # changes named in a warning; the pack lists them all


def checked_dates(reference: Reference) -> set[dt.date]:
    """Every date a reference fact was checked on: a new one is no rewording of a clause."""
    return {checked for _, checked in reference.dated_facts()}


def described(change: ClauseChange | SameEdit) -> str:
    if isinstance(change, SameEdit):
        shown = ", ".join(change.numbers[:LISTED]) + (" and more" if len(change.numbers) > LISTED else "")
        return f"{len(change.numbers)} clauses reworded alike ({change.words()}: {shown})"
    if change.kind == "removed":
        return f"was {change.number} removed"
    was = f" (was {change.former_id})" if change.former_id else ""
    moved = f" (was {change.before_number})" if change.kind == "moved" else ""
    return f"{change.number} {change.kind}{was}{moved}"


def approve_command(document: PolicyDocument) -> str:
    """How to record the next approval: an academy's trust approves for every academy at once."""
    trust = document.school.trust
    if trust is not None:
        return (f"schoolpolicy approve --trust {trust.slug} --on YYYY-MM-DD (every academy of the trust at once; "
                f"schoolpolicy approve {document.slug} --on YYYY-MM-DD for this academy alone)")
    return f"schoolpolicy approve {document.slug} --on YYYY-MM-DD"


def differs(document: PolicyDocument, record: ApprovedVersion, shown: Path,
            school: SchoolFile | None = None) -> list[Problem]:
    items, version = document.changes.items if document.changes else (), document.school.governance.version
    since = f"version {record.version} approved on {long_date(record.approved) or 'an unrecorded date'}"
    then = (f"The site says this version is awaiting approval. When the governors approve it, run: "
            f"{approve_command(document)}")
    if items:
        rows = grouped(items)
        listed = ", ".join(described(c) for c in rows[:LISTED]) + (
            f", and {len(rows) - LISTED} more" if len(rows) > LISTED else "")
        found = [Problem(shown, f"{len(items)} {'clauses differ' if len(items) != 1 else 'clause differs'} from "
                                f"{since}: {listed}. The pack's 'What has changed' page shows each. {then}",
                         severity="warning")]
        if version == record.version and school is not None:
            following = next_version(record.version)
            found.append(school.doc.problem(("governance", "version"), (
                f"the policy differs from version {record.version}, which the governors approved: give the new "
                f"version its own number, version: \"{following}\" (until then the site and the pack call it a "
                f"draft of version {following})"), severity="warning"))
        return found
    if version != record.version:
        return [Problem(shown, f"the school file says version {version}, but the approved version is {since}; "
                               f"no clause differs. {then}", severity="warning")]
    return []


def folded(text: str) -> str:
    return " ".join(text.split())


def replaced_notes(school: SchoolFile, record: ApprovedVersion, wording: dict[str, str], renamed: dict[str, str],
                   checked: set[dt.date]) -> list[Problem]:
    return [school.doc.problem(("clauses", "replace", cid), (
        f"the library has reworded '{cid}', which you replace with your own words. Its wording when the "
        f"policy was approved: \"{folded(before)}\" Its wording now: \"{folded(after)}\" Check that your own "
        "still fits; this warning stops when the policy is next approved"), key=True, severity="warning")
        for cid, before, after in reworded_replacements(record, wording, renamed, checked)]


def review(document: PolicyDocument, school: SchoolFile, record: ApprovedVersion | None, library: Library,
           checked: set[dt.date], shown: Path) -> tuple[PolicyDocument, list[Problem]]:
    """The document with its changes since approval and its approval state, and what `check` says."""
    gov = document.school.governance
    if record is None:
        approval = Approval(gov.version, gov.approved, gov.approved_by, False, True) if gov.approved else None
        return replace(document, approval=approval), []
    renamed = library.renamed()
    changes = compare(document, record, renamed, checked)
    current = not changes.items and record.version == gov.version
    draft = None if current else (gov.version if gov.version != record.version else next_version(record.version))
    approval = Approval(record.version, record.approved, record.approved_by or gov.approved_by, True, current, draft,
                        tuple((e.approved, e.approved_by, e.version) for e in record.earlier))
    document = replace(document, changes=changes, approval=approval)
    notes = differs(document, record, shown, school)
    return document, notes + replaced_notes(school, record, document.library_wording, renamed, checked)
