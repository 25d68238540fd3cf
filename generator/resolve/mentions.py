"""`check` warns when the policy's words name something the policy leaves out ("the SMART rules")."""
from __future__ import annotations

import re

from generator.errors import Problem
from generator.markup.markdown import to_html, to_text
from generator.model.document import PolicyDocument
from generator.readers.library import Library
from generator.readers.school import SchoolFile


def _names(library: Library, left_out: set[str]) -> dict[str, list[str]]:
    """For each left-out clause with names, the phrases other text uses for it."""
    return {c.id: c.known_as for s in library.sections for c in s.clauses if c.id in left_out and c.known_as}


def _texts(doc: PolicyDocument) -> list[tuple[str, str, str]]:
    """(clause id or section id, what it is, plain text) for every clause and introduction."""
    found = [(s.id, f"the introduction of section {s.number}", to_text(to_html(s.intro_markdown)))
             for s in doc.sections if s.intro_markdown]
    return found + [(c.id, f"clause {c.number} ({c.id})", c.text) for s in doc.sections for c in s.clauses]


def _where(school: SchoolFile, owner: str, named: str) -> tuple:
    changes = school.data.clauses
    if owner in changes.replace:
        return ("clauses", "replace", owner)
    own = [c.id for c in changes.add]
    if owner in own:
        return ("clauses", "add", own.index(owner))
    for key in (named, named.split(".")[0]):
        if key in changes.omit:
            return ("clauses", "omit", changes.omit.index(key))
    return ("policy",)


def check_mentions(school: SchoolFile, doc: PolicyDocument, library: Library) -> list[Problem]:
    """Each kind of policy the school publishes (the main one, then each in `further`), against what that
    kind leaves out. Words that name the same left-out clause in several kinds are pointed at once."""
    problems, seen = [], set()
    for one in (doc, *doc.further):
        policy = "the policy" if one is doc else f"the {one.title}"
        reasons = {o.id: o.reason for o in one.left_out}
        for named, phrases in _names(library, set(reasons)).items():
            pattern = re.compile(r"\b(" + "|".join(map(re.escape, phrases)) + r")\b", re.I)
            for owner, what, text in _texts(one):
                hit = pattern.search(text)
                if not hit or (owner, named) in seen:
                    continue
                seen.add((owner, named))
                problems.append(school.doc.problem(_where(school, owner, named), (
                    f"{what}{'' if one is doc else f' of {policy}'} mentions \"{hit.group(1)}\", but '{named}' is "
                    f"not in {policy} ({reasons[named]}). {_remedy(reasons[named], named)}, or change the words "
                    "that mention it"), key=True, severity="warning"))
    return problems


def _remedy(reason: str, named: str) -> str:
    if reason.startswith("omitted"):
        return f"Take '{named}' out of clauses.omit"
    if reason.startswith("level"):
        return f"Add '{named}' to clauses.include"
    return "Change the choice that leaves it out"
