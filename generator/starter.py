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
