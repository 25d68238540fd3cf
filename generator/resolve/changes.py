"""What changed since the governors approved the policy: clause by clause, by stable id.

Ids, not numbers, say which clause is which, so a clause that only moved is
reported as moved, not as one removed and one added.
"""
from __future__ import annotations

import difflib

from markupsafe import Markup, escape

from generator.model.changes import Changes, ClauseChange
from generator.model.document import PolicyDocument
from generator.readers.approved import ApprovedClause, ApprovedVersion


def marked(before: str, after: str) -> tuple[Markup, Markup]:
    """Both texts, escaped, with the words that differ wrapped in <del> and <ins>."""
    old, new = before.split(), after.split()
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        words_old, words_new = escape(" ".join(old[i1:i2])), escape(" ".join(new[j1:j2]))
        if op == "equal":
            left.append(words_old), right.append(words_new)
            continue
        if i2 > i1:
            left.append(Markup("<del>%s</del>") % words_old)
        if j2 > j1:
            right.append(Markup("<ins>%s</ins>") % words_new)
    return Markup(" ").join(left), Markup(" ").join(right)


def change_of(now_number: str | None, now_text: str | None, then: ApprovedClause | None, clause_id: str):
    if then is None:
        return ClauseChange("added", clause_id, now_number, None, Markup(""), Markup("<ins>%s</ins>") % now_text)
    if now_text is None:
        return ClauseChange("removed", clause_id, then.number, then.number, Markup("<del>%s</del>") % then.text,
                            Markup(""))
    if now_text != then.text:
        return ClauseChange("changed", clause_id, now_number, then.number, *marked(then.text, now_text))
    if now_number != then.number:
        return ClauseChange("moved", clause_id, now_number, then.number, escape(then.text), escape(now_text))
    return None


def compare(doc: PolicyDocument, approved: ApprovedVersion) -> Changes:
    then = {c.id: c for c in approved.clauses}
    now = {c.id: c for c in doc.clauses()}
    order = list(now) + [i for i in then if i not in now]  # removed clauses last, in their old order
    found = (change_of(now[i].number if i in now else None, now[i].text if i in now else None, then.get(i), i)
             for i in order)
    return Changes(approved.version, approved.approved, tuple(c for c in found if c))
