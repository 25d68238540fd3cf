"""The approval on record (data/approved/<slug>.yml) is the one source of truth for when and by whom
the policy was approved: its date and body become the school's `governance.approved` / `approved_by`
before anything is resolved, and a different date in the school file is a warning that names the line."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.errors import Problem
from generator.readers.approved import ApprovedVersion
from generator.readers.school import SchoolFile


def apply_record(school: SchoolFile, record: ApprovedVersion | None, shown: Path) -> tuple[SchoolFile, list[Problem]]:
    """The school with the recorded approval in its governance, and a warning if its file says otherwise."""
    if record is None or record.approved is None:
        return school, []
    gov, found = school.data.governance, []
    if gov.approved and gov.approved != record.approved:
        found.append(school.doc.problem(("governance", "approved"), (
            f"says {gov.approved}, but {shown} records version {record.version} as approved on {record.approved}, "
            f"and that record is what the site and pack show. Delete this line (approve keeps the date), or, "
            f"if the governors approved the policy again on {gov.approved}, run: "
            f"schoolpolicy approve {school.slug} --on {gov.approved}"), severity="warning"))
    governance = gov.model_copy(update={"approved": record.approved,
                                        "approved_by": record.approved_by or gov.approved_by})
    return replace(school, data=school.data.model_copy(update={"governance": governance})), found
