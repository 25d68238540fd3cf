"""`schoolpolicy new`: a commented starter file that passes `check` as it stands."""
from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import files
from pathlib import Path

from generator.errors import DataError, Problem
from generator.project import Project, check_slug


def initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Za-z]+", name) if word[0].isupper()) or name[:8]


def write_starter(project: Project, slug: str, name: str, today: dt.date | None = None) -> Path:
    path = project.school_file(check_slug(slug))
    shown = project.display(path)
    if not name.strip():
        raise DataError([Problem(shown, "give the school's full name with --name \"...\"")])
    if path.exists() or path.is_symlink():
        raise DataError([Problem(shown, "already exists; choose another slug or edit that file")])
    template = files("generator").joinpath("templates/starter.yml").read_text(encoding="utf-8")
    text = template.format(name=name.strip(), slug=slug, name_yaml=json.dumps(name.strip()),
                           short_yaml=json.dumps(initials(name)), today=(today or dt.date.today()).isoformat())
    path.write_text(text, encoding="utf-8")
    return path


def write_academy_starter(project: Project, slug: str, name: str, trust: str, today: dt.date | None = None) -> Path:
    """A short file for one academy of a trust: only what differs from data/trusts/<trust>.yml."""
    path = project.school_file(slug)
    shown = project.display(path)
    check_slug(slug)
    if check_slug(trust, "trust") and not project.trust_file(trust).is_file():
        known = ", ".join(p.stem for p in project.trust_files()) or "none yet"
        raise DataError([Problem(project.display(project.trust_file(trust)),
                                 f"there is no such trust file; trusts here: {known}")])
    if not name.strip():
        raise DataError([Problem(shown, "give the academy's full name with --name \"...\"")])
    if path.exists():
        raise DataError([Problem(shown, "already exists; choose another slug or edit that file")])
    template = files("generator").joinpath("templates/academy.yml").read_text(encoding="utf-8")
    text = template.format(name=name.strip(), slug=slug, trust=trust, name_yaml=json.dumps(name.strip()),
                           short_yaml=json.dumps(initials(name)))
    path.write_text(text, encoding="utf-8")
    return path
