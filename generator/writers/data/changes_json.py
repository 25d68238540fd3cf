"""PolicyDocument -> changes.json: every change since the approved version, beside clauses.json.

The same Changes the pack's "What has changed" page is printed from (the pack
counts the clauses that only moved; this file lists them too).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from generator.model.changes import ClauseChange
from generator.model.document import PolicyDocument


def change_data(change: ClauseChange) -> dict[str, Any]:
    data: dict[str, Any] = {"id": change.id}
    if change.former_id:
        data["former_id"] = change.former_id
    data |= {"number": change.number, "kind": change.kind}
    if change.before_number and change.before_number != change.number:
        data["before_number"] = change.before_number
    return data


def changes_data(doc: PolicyDocument) -> dict[str, Any]:
    approval = doc.approval
    approved = None if approval is None else {
        "version": approval.version, "on": approval.on.isoformat() if approval.on else None, "by": approval.by,
        "on_record": approval.on_record}
    return {"school": doc.slug, "version": doc.school.governance.version, "approved": approved,
            "awaiting_approval": approval is None or approval.awaiting,
            "changes": [change_data(c) for c in doc.changes.items] if doc.changes else []}


def write_changes_json(doc: PolicyDocument, site: Path) -> Path:
    path = site / "changes.json"
    path.write_text(json.dumps(changes_data(doc), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
