"""PolicyDocument -> clauses.json, the machine-readable policy other checks rely on."""
from __future__ import annotations

import json
from pathlib import Path

from generator.model.document import PolicyDocument
from generator.resolve.links import clauses_file


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
    """clauses.json of the main policy, and <kind>/clauses.json of each further kind (with its kind named)."""
    path = site / "clauses.json"
    main = clauses_data(doc) | ({"kind": doc.kind, "title": doc.title} if doc.further or doc.kind != "social-media" else {})
    path.write_text(json.dumps(main, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for further in doc.further:
        target = site / clauses_file(further.kind, further.school.policy.kind_list)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = clauses_data(further) | {"kind": further.kind, "title": further.title}
        target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
