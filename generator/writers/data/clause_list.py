"""`schoolpolicy clauses SLUG`: the policy's clauses as a list, and with --all what is left out and why."""
from __future__ import annotations

from dataclasses import dataclass

from generator.model.document import PolicyDocument
from generator.resolve.planning import first_words


@dataclass(frozen=True)
class ClauseFilter:
    section: str | None = None  # a section id or number
    search: str | None = None  # words in the clause id or text, any case
    show_left_out: bool = False

    def wants(self, section_id: str, section_number: str, clause_id: str, text: str) -> bool:
        if self.section and self.section not in (section_id, section_number):
            return False
        needle = (self.search or "").lower()
        return needle in clause_id.lower() or needle in text.lower()


def _row(number: str, clause_id: str, source: str, words: str, width: int) -> str:
    return f"{number:<7} {clause_id:<{width}} {source:<9} {words}"


def policy_rows(doc: PolicyDocument, wanted: ClauseFilter, width: int) -> list[str]:
    return [_row(c.number, c.id, c.source, first_words(c.text), width)
            for s in doc.sections for c in s.clauses if wanted.wants(s.id, s.number, c.id, c.text)]


def left_out_rows(doc: PolicyDocument, wanted: ClauseFilter, width: int) -> list[str]:
    numbers = {s.id: s.number for s in doc.sections}
    rows = []
    for out in doc.left_out:
        if wanted.wants(out.section, numbers.get(out.section, ""), out.id, out.text):
            rows.append(_row("-", out.id, "library", first_words(out.text), width))
            rows.append(f"{'':<7} {'':<{width}} left out: {out.reason}")
    return rows


def clause_list(doc: PolicyDocument, wanted: ClauseFilter) -> list[str]:
    """Each kind of policy the school publishes, one after another (a school of one kind: just its list)."""
    if not doc.further and doc.kind == "social-media":
        return kind_clause_list(doc, wanted)
    lines: list[str] = []
    for one in (doc, *doc.further):
        page = one.page.removesuffix(".md") + "/"
        lines += ([""] if lines else []) + [f"== {one.title} (kind: {one.kind}; page {page})", ""]
        lines += kind_clause_list(one, wanted)
    return lines


def kind_clause_list(doc: PolicyDocument, wanted: ClauseFilter) -> list[str]:
    """Lines to print: a header, the clauses in the policy, then (with --all) those left out."""
    ids = [c.id for c in doc.clauses()] + [o.id for o in doc.left_out]
    width = max(map(len, ids), default=10)
    lines = [_row("Number", "Clause id", "Source", "First words", width)]
    shown = policy_rows(doc, wanted, width)
    lines += shown or ["(no clause in the policy matches)"]
    if wanted.show_left_out:
        out = left_out_rows(doc, wanted, width)
        lines += ["", f"Left out of the policy ({len(out) // 2}):"] + (out or ["(none matches)"])
    adopt = doc.school.policy.adopt
    lines += ["", f"{len(doc.clauses())} clauses in the policy (policy.adopt: {adopt}); {len(doc.left_out)} library "
                  f"clauses left out{'' if wanted.show_left_out else ' (add --all to list them, with the reason)'}."]
    return lines
