"""The version of a school's policy its governors last approved: `data/approved/<slug>.yml`.

`schoolpolicy approve <slug>` writes it from the built policy; the pack compares
the current policy with it, so governors see what changed since they signed.
It is the one record of the approval: its date and body win over the school file's.
"""

import os
from pathlib import Path

from generator.errors import DataError
from generator.readers.schema import validate
from generator.readers.text import Date, Version
from generator.readers.yamlfile import YamlDocument, read_yaml
from generator.vocabulary import Strict


class ApprovedClause(Strict):
    id: str
    number: str
    text: str
    library: str | None = None  # a clause the school replaced: the library's wording when approved


class EarlierApproval(Strict):
    """An approval before the one on record: the pack's authorisation table keeps every one."""

    version: Version
    approved: Date
    approved_by: str | None = None


class ApprovedVersion(Strict):
    school: str
    version: Version
    approved: Date | None = None
    approved_by: str | None = None
    facts_checked: list[Date] = []  # reference facts' checked dates then: a new one is no rewording
    earlier: list[EarlierApproval] = []  # the approvals before this one, oldest first
    clauses: list[ApprovedClause]


def read_approved(path: Path, display: Path | None = None) -> ApprovedVersion | None:
    """The approved version on record, or None when governors have not approved one here yet.

    The file is `<slug>.yml`: one recorded for another school (copied across) is refused.
    """
    if not os.path.lexists(path):  # a dangling link is not "no file": read_yaml refuses it
        return None
    return approved_record(read_yaml(path, display), path.stem)


def approved_record(doc: YamlDocument, slug: str) -> ApprovedVersion:
    """A record read (or about to be written) for the school `slug`, validated."""
    approved = validate(ApprovedVersion, doc)
    seen: set[str] = set()
    for i, clause in enumerate(approved.clauses):
        if clause.id in seen:
            raise DataError([doc.problem(("clauses", i, "id"), f"'{clause.id}' is recorded twice; this record was "
                                                               f"changed by hand: run schoolpolicy approve {slug} "
                                                               "again to write it afresh")])
        seen.add(clause.id)
    if approved.school != slug:
        raise DataError([doc.problem(("school",), f"this is the approved policy of '{approved.school}', not "
                                                  f"'{slug}'; run: schoolpolicy approve {slug}, "
                                                  "which records this school's own")])
    return approved
