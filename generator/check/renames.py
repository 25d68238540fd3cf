"""Clause ids a school names that the library has since renamed or retired.

A renamed id keeps working, with a warning giving the line to write instead;
a retired id in `omit` or `include` has nothing left to leave out or take in (a warning); in `replace`
or `after` it names nothing, so the school must choose (an error). Either way
the message says what happened, never a guess at some other clause.
"""
from __future__ import annotations

from dataclasses import replace

from generator.errors import Problem
from generator.readers.library import Library
from generator.readers.school import ClauseChanges, SchoolFile


def _said(note: str) -> str:
    note = " ".join(note.split())
    return note if note.endswith((".", "!", "?")) else note + "."


def _renamed(school: SchoolFile, loc: tuple, old: str, new: str, write: str) -> Problem:
    return school.doc.problem(loc, f"'{old}' is now called '{new}' in the library; it still works, but change "
                                   f"this line to: {write}", key=loc[1] == "replace", severity="warning")


def _retired_listed(school: SchoolFile, key: str, index: int, clause_id: str, note: str) -> Problem:
    doing = "leave out" if key == "omit" else "include"
    return school.doc.problem(("clauses", key, index), f"'{clause_id}' was retired from the library: {_said(note)} "
                                                     f"There is nothing to {doing} any more; delete this line",
                              severity="warning")


def _retired_use(school: SchoolFile, loc: tuple, clause_id: str, note: str) -> Problem:
    if loc[1] == "replace":
        what = ("there is no library clause to replace. To keep your wording, move it to 'clauses: add:' as "
                "your own clause (id: own.<name>, section: <section id>, text: ...)")
    else:
        what = "your clause cannot follow it. Write another clause id after 'after:', or delete the line"
    return school.doc.problem(loc, f"'{clause_id}' was retired from the library: {_said(note)} So {what}",
                              key=loc[1] == "replace")


def _listed(school: SchoolFile, key: str, renamed: dict[str, str], retired: dict[str, str],
            found: list[Problem]) -> list[str]:
    """`omit` or `include`: a list of ids."""
    kept = []
    for i, cid in enumerate(getattr(school.data.clauses, key)):
        if cid in renamed:
            found.append(_renamed(school, ("clauses", key, i), cid, renamed[cid], f"- {renamed[cid]}"))
        elif cid in retired:
            found.append(_retired_listed(school, key, i, cid, retired[cid]))
        kept.append(renamed.get(cid, cid))  # a retired id stays, so later lines keep their place
    return kept


def _replace(school: SchoolFile, renamed: dict[str, str], retired: dict[str, str], found: list[Problem]) -> dict:
    kept = {}
    for cid, text in school.data.clauses.replace.items():
        loc = ("clauses", "replace", cid)
        if cid in renamed:
            found.append(_renamed(school, loc, cid, renamed[cid], f"{renamed[cid]}: ..."))
        elif cid in retired:
            found.append(_retired_use(school, loc, cid, retired[cid]))
        kept[renamed.get(cid, cid)] = text
    return kept


def _add(school: SchoolFile, renamed: dict[str, str], retired: dict[str, str], found: list[Problem]) -> list:
    kept = []
    for i, own in enumerate(school.data.clauses.add):
        for key in ("after", "before"):
            loc, named = ("clauses", "add", i, key), getattr(own, key)
            if named in renamed:
                found.append(_renamed(school, loc, named, renamed[named], f"{key}: {renamed[named]}"))
                own = own.model_copy(update={key: renamed[named]})
            elif named in retired:
                found.append(_retired_use(school, loc, named, retired[named]))
        kept.append(own)
    return kept


def follow_renames(school: SchoolFile, library: Library) -> tuple[SchoolFile, list[Problem]]:
    """The school with every renamed id changed to today's, and what to tell it."""
    renamed, retired, found = library.renamed(), library.retired(), list[Problem]()
    changes: ClauseChanges = school.data.clauses
    changes = changes.model_copy(update={"omit": _listed(school, "omit", renamed, retired, found),
                                         "include": _listed(school, "include", renamed, retired, found),
                                         "replace": _replace(school, renamed, retired, found),
                                         "add": _add(school, renamed, retired, found)})
    return replace(school, data=school.data.model_copy(update={"clauses": changes})), found
