"""PolicyDocument -> data/approved/<slug>.yml: the policy as the governors approved it.

Kept in the repository beside the school's data, so the next pack can show
what changed since, and the history of approvals lives in version control.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import yaml

from generator.errors import DataError, Problem
from generator.model.document import PolicyDocument
from generator.readers.approved import ApprovedVersion, approved_record
from generator.readers.files import linked_folder
from generator.readers.yamlfile import parse_yaml

HEADER = ("# The policy as the governors last approved it, written by `schoolpolicy approve`.\n"
          "# The printed pack lists every change since. Do not edit by hand; approve again instead.\n")


def approved_data(doc: PolicyDocument, on: dt.date, by: str | None, library: dict[str, str],
                  checked: list[dt.date], previous: ApprovedVersion | None = None) -> dict:
    clauses = [{"id": c.id, "number": c.number, "text": c.text} | ({"library": library[c.id]} if c.id in library else {})
               for c in doc.clauses()]
    version = doc.school.governance.version
    return {"school": doc.slug, "version": version, "approved": on,
            **({"approved_by": by} if by else {}), "facts_checked": sorted(set(checked)),
            **({"earlier": earlier} if (earlier := earlier_approvals(previous, version, on)) else {}),
            "clauses": clauses}


def earlier_approvals(previous: ApprovedVersion | None, version: str, on: dt.date) -> list[dict]:
    """Every approval before this one, oldest first: the last record's own approval joins its list
    (unless this approval records the same version on the same day again)."""
    if previous is None:
        return []
    rows = [(e.approved, e.version, e.approved_by) for e in previous.earlier]
    if previous.approved is not None:
        rows.append((previous.approved, previous.version, previous.approved_by))
    kept = {(d, v): b for d, v, b in rows if (d, v) != (on, version)}
    return [{"version": v, "approved": d} | ({"approved_by": b} if b else {})
            for (d, v), b in sorted(kept.items(), key=lambda item: item[0][0])]


def approved_text(doc: PolicyDocument, path: Path, on: dt.date, by: str | None = None,
                  library: dict[str, str] | None = None, checked: list[dt.date] | None = None,
                  shown: Path | None = None, previous: ApprovedVersion | None = None) -> str:
    """The record as it will be written, once the reader `check` uses has accepted it: approve never
    writes a record that the next check would refuse (too long a text, too many clauses...)."""
    data = approved_data(doc, on, by, library or {}, checked or [], previous)
    text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    shown = shown or path
    try:
        approved_record(parse_yaml(text.encode("utf-8"), shown), path.stem)
    except DataError as exc:
        raise DataError([replace(p, message=f"approve would write a record that check refuses, so wrote nothing: "
                                            f"{p.message}") for p in exc.problems]) from None
    return text


def write_record(path: Path, text: str) -> None:
    """Write beside the target and rename over it: never through a link, never half a file."""
    _refuse_links(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)


def _refuse_links(path: Path) -> None:
    if os.path.islink(path):
        raise DataError([Problem(path, "is a symbolic link; approve writes only a file of its own here: "
                                        "remove the link and approve again")])
    via = linked_folder(path)
    if via:
        raise DataError([Problem(path, f"is reached through a symbolic link ({Path(via).name}/); approve "
                                        "writes only inside the project: replace the link with a folder")])
