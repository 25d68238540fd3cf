"""What changed since the governors approved the policy: clause by clause, by stable id.

Ids, not numbers, say which clause is which, so a clause that only moved is
reported as moved, not as one removed and one added; a clause the library
renamed is followed to its new id (`former_ids`), so a rename is one change,
or none when its words are the same. A fact's checked date printed in a clause
is bookkeeping, not wording: it is left out of the comparison.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re

from markupsafe import Markup, escape

from generator.markup.words import long_date
from generator.model.changes import Changes, ClauseChange
from generator.model.document import Clause, PolicyDocument
from generator.readers.approved import ApprovedClause, ApprovedVersion

NEWLINE = "\n"


def _tokens(text: str) -> list[str]:
    """The words of a text, with a token for each line break: a list's items stay one to a line."""
    tokens: list[str] = []
    for line in text.split("\n"):
        words = line.split()
        if words:
            tokens += ([NEWLINE] if tokens else []) + words
    return tokens


def _shown(tokens: list[str]) -> Markup:
    """Tokens as escaped HTML: words joined by spaces, each line break a <br>."""
    lines = " ".join(tokens).replace(f" {NEWLINE} ", NEWLINE).replace(NEWLINE, "\n").split("\n")
    return Markup("<br>").join(escape(line.strip()) for line in lines)


def lines_of(text: str) -> Markup:
    """A whole text, escaped, its lines kept (an added or removed clause)."""
    return _shown(_tokens(text))


def _bare(tokens: list[str]) -> str:
    """Words of an edit, lower case, without the punctuation at their ends ('headteacher).')."""
    return " ".join(w for w in tokens if w != NEWLINE).strip(_PUNCTUATION).lower()


_PUNCTUATION = ".,;:!?()[]\"'‘’“”"


def edits(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """The words taken out and put in, in order, lower case: the same edit in many clauses
    (a new title for the head) has the same edits, so the pack can say it once."""
    old, new = _tokens(before), _tokens(after)
    found = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op != "equal":
            found.append((_bare(old[i1:i2]), _bare(new[j1:j2])))
    return tuple(found)


def marked(before: str, after: str) -> tuple[Markup, Markup]:
    """Both texts, escaped, with the words that differ wrapped in <del> and <ins>; line breaks kept."""
    old, new = _tokens(before), _tokens(after)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        words_old, words_new = _shown(old[i1:i2]), _shown(new[j1:j2])
        if op == "equal":
            left.append(words_old)
            right.append(words_new)
            continue
        if i2 > i1:
            left.append(Markup("<del>%s</del>") % words_old)
        if j2 > j1:
            right.append(Markup("<ins>%s</ins>") % words_new)
    return Markup(" ").join(left), Markup(" ").join(right)


class Wording:
    """Compares two texts as words, with the dates reference facts were checked masked out."""

    def __init__(self, checked: set[dt.date]):
        dates = sorted({long_date(d) for d in checked}, key=len, reverse=True)
        self._dates = re.compile(r"\b(?:%s)\b" % "|".join(re.escape(d) for d in dates)) if dates else None

    def key(self, text: str) -> str:
        words = " ".join(text.split())
        return self._dates.sub("\x00", words) if self._dates else words

    def same(self, before: str, after: str) -> bool:
        return self.key(before) == self.key(after)


def change_of(clause_id: str, now: Clause | None, then: ApprovedClause | None,
              wording: Wording) -> ClauseChange | None:
    """How one clause changed since the approval (it is in the policy now, or was then, or both)."""
    former = then.id if then is not None and then.id != clause_id else None
    if then is None:
        assert now is not None
        return ClauseChange("added", clause_id, now.number, None, Markup(""), Markup("<ins>%s</ins>") % lines_of(now.text))
    if now is None:
        return ClauseChange("removed", clause_id, then.number, then.number,
                            Markup("<del>%s</del>") % lines_of(then.text), Markup(""))
    if not wording.same(then.text, now.text):
        return ClauseChange("renamed" if former else "reworded", clause_id, now.number, then.number,
                            *marked(then.text, now.text), former_id=former, edits=edits(then.text, now.text))
    if now.number != then.number:
        return ClauseChange("moved", clause_id, now.number, then.number, lines_of(then.text), lines_of(now.text), former)
    return None


def approved_by_id(approved: ApprovedVersion, renamed: dict[str, str]) -> dict[str, ApprovedClause]:
    """The approved clauses under the ids they have now."""
    return {renamed.get(c.id, c.id): c for c in approved.clauses}


def compare(doc: PolicyDocument, approved: ApprovedVersion, renamed: dict[str, str] | None = None,
            checked: set[dt.date] | None = None) -> Changes:
    then = approved_by_id(approved, renamed or {})
    now = {c.id: c for s in doc.sections for c in s.clauses}
    wording = Wording(set(checked or ()) | set(approved.facts_checked))
    order = list(now) + [i for i in then if i not in now]  # removed clauses last, in their old order
    found = (change_of(i, now.get(i), then.get(i), wording) for i in order)
    return Changes(approved.version, approved.approved, tuple(c for c in found if c))


def reworded_replacements(approved: ApprovedVersion, now: dict[str, str], renamed: dict[str, str],
                          checked: set[dt.date]) -> list[tuple[str, str, str]]:
    """(id, library words then, library words now) for replaced clauses the library has reworded."""
    then, wording = approved_by_id(approved, renamed), Wording(checked | set(approved.facts_checked))
    return [(cid, library, text) for cid, text in now.items()
            if cid in then and (library := then[cid].library) is not None and not wording.same(library, text)]
