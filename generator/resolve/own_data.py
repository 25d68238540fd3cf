"""Checks of what a school adds of its own: roles, forms, pictures, summary (issue 22).

Errors stop a build; warnings point at what no longer holds together.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from generator.errors import Problem
from generator.readers.library import Library
from generator.readers.logo import LogoError, read_picture
from generator.readers.school import OPEN_ROLE_KEY, Roles, SchoolFile


def check_roles(school: SchoolFile) -> list[Problem]:
    """Open role keys: lowercase words joined by underscores, and not a near miss of a fixed role."""
    problems = []
    fixed = list(Roles.model_fields)
    for key in school.data.roles.open_roles():
        loc = ("roles", key)
        if not OPEN_ROLE_KEY.match(key):
            better = "_".join("".join(ch if ch.isalnum() else " " for ch in key.lower()).split()) or "my_role"
            if not better[0].isalpha():
                better = "role_" + better
            problems.append(school.doc.problem(loc, (
                f"'{key}' cannot be a role key: write it in lowercase letters, digits and underscores, starting "
                f"with a letter, e.g. {better}. The title, as it reads in a sentence, goes under 'title:'"), key=True))
            continue
        guess = difflib.get_close_matches(key, fixed, n=1, cutoff=0.8)
        if guess:
            problems.append(school.doc.problem(loc, (
                f"'{key}' is a role of your own, so no library clause names it; if you meant the fixed role "
                f"'{guess[0]}', correct the key"), key=True, severity="warning"))
    return problems


def check_pictures(school: SchoolFile, root: Path) -> list[Problem]:
    """Each own clause's picture: a real PNG or JPEG inside data/, checked as the logo is (readers/logo.py)."""
    problems = []
    for i, own in enumerate(school.data.clauses.add):
        if own.picture is None:
            continue
        try:
            read_picture(root, own.picture.file)
        except LogoError as exc:
            problems.append(school.doc.problem(("clauses", "add", i, "picture", "file"), str(exc)))
        if own.picture.alt.strip().lower() == Path(own.picture.file).name.lower():
            problems.append(school.doc.problem(("clauses", "add", i, "picture", "alt"), (
                "is the file's name; write what the picture shows, in words, for people who cannot see it "
                "(e.g. 'Flow chart: who to tell about a worry, and what happens next')")))
    return problems


def check_own_data(school: SchoolFile, library: Library, root: Path) -> list[Problem]:
    return check_roles(school) + check_pictures(school, root)


FORM_PAGE = re.compile(r"""page\(\s*['"]forms/([a-z0-9-]+)['"]\s*\)""")


def forms_left_out(school: SchoolFile, document, library: Library) -> list[Problem]:
    """A library clause in the policy that points at a form the school does not adopt: its words are
    printed without the link, and the procedure it describes has no form. Said once per clause."""
    published = {f.id for f in document.forms}
    problems = []
    appendices = school.data.policy.appendices
    for clause in document.clauses():
        spec = library.clause(clause.id) if clause.source == "library" else None
        if spec is None:
            continue
        for form_id in dict.fromkeys(FORM_PAGE.findall(spec.text)):
            if form_id in published or clause.id == f"appendices.{form_id}":
                continue
            loc = ("policy", "appendices") if appendices != "all" else ("clauses",)
            problems.append(school.doc.problem(loc, (
                f"clause {clause.number} ({clause.id}) points at the {form_id} form, which this policy does not "
                f"publish, so its words are printed without a link. Add {form_id} to policy.appendices, or "
                f"omit or replace clause {clause.id}"), key=True, severity="warning"))
    return problems
