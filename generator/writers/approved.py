"""PolicyDocument -> data/approved/<slug>.yml: the policy as the governors approved it.

Kept in the repository beside the school's data, so the next pack can show
what changed since, and the history of approvals lives in version control.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator.model.document import PolicyDocument

HEADER = ("# The policy as the governors last approved it, written by `schoolpolicy approve`.\n"
          "# The printed pack lists every change since. Do not edit by hand; approve again instead.\n")


def approved_data(doc: PolicyDocument, on: dt.date | None) -> dict:
    return {"school": doc.slug, "version": doc.school.governance.version, "approved": on,
            "clauses": [{"id": c.id, "number": c.number, "text": c.text} for c in doc.clauses()]}


def write_approved(doc: PolicyDocument, path: Path, on: dt.date | None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump(approved_data(doc, on), sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER + body, encoding="utf-8", newline="\n")
    return path
