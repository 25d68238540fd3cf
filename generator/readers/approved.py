"""The version of a school's policy its governors last approved: `data/approved/<slug>.yml`.

`schoolpolicy approve <slug>` writes it from the built policy; the pack compares
the current policy with it, so governors see what changed since they signed.
It is the one record of the approval: its date and body win over the school file's.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from generator.readers.schema import validate
from generator.readers.yamlfile import read_yaml


class ApprovedClause(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    number: str
    text: str
    library: str | None = None  # a clause the school replaced: the library's wording when approved


class ApprovedVersion(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    school: str
    version: str
    approved: dt.date | None = None
    approved_by: str | None = None
    facts_checked: list[dt.date] = []  # reference facts' checked dates then: a new one is no rewording
    clauses: list[ApprovedClause]


def read_approved(path: Path, display: Path | None = None) -> ApprovedVersion | None:
    """The approved version on record, or None when governors have not approved one here yet."""
    if not path.is_file():
        return None
    return validate(ApprovedVersion, read_yaml(path, display))
