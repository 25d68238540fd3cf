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


def approved_data(doc: PolicyDocument, on: dt.date, by: str | None, library: dict[str, str],
                  checked: list[dt.date]) -> dict:
    clauses = [{"id": c.id, "number": c.number, "text": c.text} | ({"library": library[c.id]} if c.id in library else {})
               for c in doc.clauses()]
    return {"school": doc.slug, "version": doc.school.governance.version, "approved": on,
            **({"approved_by": by} if by else {}), "facts_checked": sorted(set(checked)), "clauses": clauses}


def write_approved(doc: PolicyDocument, path: Path, on: dt.date, by: str | None = None,
                   library: dict[str, str] | None = None, checked: list[dt.date] | None = None) -> Path:
    """`library`: the library's wording of each clause the school replaced, to notice when it changes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = approved_data(doc, on, by, library or {}, checked or [])
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(HEADER + body, encoding="utf-8", newline="\n")
    return path
