"""What the resolved policy shows of a school's own data: a form pointed at but not published, a
rule spoken of but left out (the checks of the school's file itself are in check/own_data.py)."""
from __future__ import annotations

import re

from generator.errors import Problem
from generator.readers.library import Library
from generator.readers.school import FormChange, OwnForm, SchoolFile

FORM_PAGE = re.compile(r"""page\(\s*['"]forms/([a-z0-9-]+)['"]\s*\)""")


def kinds_of(document) -> list:
    """The school's main policy and each further kind it publishes beside it (policy.kinds)."""
    return [document, *document.further]


def in_which(document, main) -> str:
    """Where a clause number is: nothing for the main policy, the title for a further kind's."""
    return "" if document is main else f" of the {document.title}"


def forms_left_out(school: SchoolFile, document, library: Library) -> list[Problem]:
    """A library clause in any of the school's policies that points at a form the school does not adopt:
    its words are printed without the link, and the procedure it describes has no form. Said once per
    clause, in the first policy that holds it."""
    published = {f.id for f in document.forms}  # the forms every kind adopts (resolver.resolve_all)
    problems, seen = [], set()
    appendices = school.data.policy.appendices
    for doc in kinds_of(document):
        for clause in doc.clauses():
            spec = library.clause(clause.id) if clause.source == "library" else None
            if spec is None or clause.id in seen:
                continue
            seen.add(clause.id)
            for form_id in dict.fromkeys(FORM_PAGE.findall(spec.text)):
                if form_id in published or clause.id == f"appendices.{form_id}":
                    continue
                loc = ("policy", "appendices") if appendices != "all" else ("clauses",)
                problems.append(school.doc.problem(loc, (
                    f"clause {clause.number}{in_which(doc, document)} ({clause.id}) points at the {form_id} form, "
                    f"which this policy does not publish, so its words are printed without a link. Add {form_id} "
                    f"to policy.appendices, or omit or replace clause {clause.id}"), key=True, severity="warning"))
    own: list[tuple[str, int, FormChange | OwnForm]] = (
        [("replace", i, f) for i, f in enumerate(school.data.forms.replace)]
        + [("add", i, f) for i, f in enumerate(school.data.forms.add)])
    for key, i, form in own:
        if form.id not in published and (key == "add" or form.id in library.forms):
            why = ("its appendix is not in the policy (policy.appendices, or the appendices section left out)"
                   if key == "replace" else "the policy leaves out its appendices section")
            problems.append(school.doc.problem(("forms", key, i, "id"), (
                f"the {form.id} form is not published: {why}"), severity="warning"))
    return problems


def speaks_of_missing(school: SchoolFile, document, library: Library, main=None) -> list[Problem]:
    """A clause in the library's words that speaks of a rule (speaks_of) its policy does not hold."""
    held = {c.id for c in document.clauses()}
    reasons = {o.id: o.reason for o in document.left_out}
    problems = []
    for clause in document.clauses():
        spec = library.clause(clause.id) if clause.source == "library" else None
        if spec is None or not spec.speaks_of or any(c in held for c in spec.speaks_of):
            continue
        missing = spec.speaks_of[0]
        why = reasons.get(missing, "not in the policy")
        remedy = (f"take '{missing}' out of clauses.omit" if why.startswith("omitted")
                  else f"add '{missing}' to clauses.include" if why.startswith("level")
                  else f"include '{missing}'")
        loc, key = _where_left_out(school, missing)
        problems.append(school.doc.problem(loc, (
            f"clause {clause.number}{in_which(document, main or document)} ({clause.id}) speaks of the rule in "
            f"'{missing}', which this policy leaves "
            f"out ({why}), so its words no longer hold together: {remedy}, or replace clause {clause.id} "
            "with your own words"), key=key, severity="warning"))
    return problems


def _where_left_out(school: SchoolFile, clause_id: str) -> tuple[tuple, bool]:
    """The line that leaves a clause out: its omit entry, or else policy.adopt."""
    omit = school.data.clauses.omit
    for key in (clause_id, clause_id.split(".")[0]):
        if key in omit:
            return ("clauses", "omit", omit.index(key)), False
    return ("policy", "adopt"), False


def after_resolve(school: SchoolFile, document, library: Library) -> list[Problem]:
    """The checks that need the resolved policy, in every kind the school publishes: forms pointed at but
    not published, rules spoken of but left out."""
    return forms_left_out(school, document, library) + [
        p for doc in kinds_of(document) for p in speaks_of_missing(school, doc, library, document)]
