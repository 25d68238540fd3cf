"""Warn a school before its policy changes because a dated fact takes effect (a law, an age, an edition)."""
from __future__ import annotations

import datetime as dt

from generator.dates import add_days
from generator.errors import Problem
from generator.markup.words import join_words
from generator.model.document import PolicyDocument
from generator.readers.library import Library
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile
from generator.resolve.resolver import resolve

NOTICE_DAYS = 60


def differences(now: PolicyDocument, later: PolicyDocument) -> list[str]:
    """What will change, in words: clause numbers as they are today, new and removed clauses, guides."""
    before, after = {c.id: c for c in now.clauses()}, {c.id: c.text for c in later.clauses()}
    reworded = [c.number for cid, c in before.items() if cid in after and after[cid] != c.text]
    removed = [f"{c.number} ({cid})" for cid, c in before.items() if cid not in after]
    added = [cid for cid in after if cid not in before]
    guides_now = {g.guide.id: g.markdown for g in now.guides}
    guides = [g.guide.title for g in later.guides if guides_now.get(g.guide.id) != g.markdown]
    return ([f"clause{_s(reworded)} {join_words(reworded)} will read differently"] if reworded else []) + \
        ([f"clause{_s(removed)} {join_words(removed)} will be left out"] if removed else []) + \
        ([f"{'a new clause' if len(added) == 1 else 'new clauses'} ({join_words(added)}) will be added"]
         if added else []) + \
        ([f"the {join_words(guides)} guide{_s(guides)} will change"] if guides else [])


def _s(items: list) -> str:
    return "s" if len(items) > 1 else ""


def upcoming_changes(school: SchoolFile, library: Library, reference: Reference, document: PolicyDocument,
                     today: dt.date, days: int = NOTICE_DAYS) -> list[Problem]:
    """One warning for each day within `days` on which the school's policy or guides would change."""
    changes = reference.files.changes_between(today, add_days(today, days))
    problems, previous = [], document
    for day in sorted({d for d, _ in changes}):
        later = resolve(school, library, reference.on(day))
        changed, previous = differences(previous, later), later
        if not changed:
            continue
        labels = sorted({label for d, label in changes if d == day})
        problems.append(school.doc.problem(("governance",), (
            f"on {day} the policy will change because {join_words(labels)} "
            f"take{'s' if len(labels) == 1 else ''} effect: {join_words(changed)}. Build again on or after that "
            "day, and show the change to whoever approves the policy"), key=True, severity="warning"))
    return problems
