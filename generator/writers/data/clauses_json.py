"""PolicyDocument -> clauses.json, the machine-readable policy other checks rely on."""
from __future__ import annotations

import json
from pathlib import Path

from generator.model.document import PolicyDocument


def clauses_data(doc: PolicyDocument) -> dict:
    return {
        "school": doc.slug,
        "version": doc.school.governance.version,
        "sections": [
            {"number": s.number, "id": s.id, "title": s.title, "clauses": [
                {"number": c.number, "id": c.id, "covers": list(c.covers), "source": c.source, "text": c.text}
                for c in s.clauses]}
            for s in doc.sections
        ],
    }


def write_clauses_json(doc: PolicyDocument, site: Path) -> Path:
    path = site / "clauses.json"
    path.write_text(json.dumps(clauses_data(doc), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
