"""The school's option for each library choice, and what `check` says about the choices a school made.

The option comes from, in order: `choices: {<id>: <option>}` in the school's (or trust's) file, the old
`policy.<former_key>` the choice replaced (with a warning naming the new form), or the choice's default.
"""
from __future__ import annotations

import difflib

from generator.errors import Problem
from generator.readers.choices import Choice
from generator.readers.library import ClauseSpec, Library
from generator.readers.school import School, SchoolFile


def former_value(school: School, choice: Choice) -> object | None:
    """The value the school gave under the old key, or None when it gave none."""
    if not choice.former_key or choice.former_key not in school.policy.model_fields_set:
        return None
    return getattr(school.policy, choice.former_key)


def school_options(school: School, library: Library) -> dict[str, str]:
    """choice id -> the option this school has (its own, an old key's, or the default), for every choice."""
    options = {}
    for choice in library.choices.values():
        old = former_value(school, choice)
        given = school.choices.get(choice.id)
        if given in choice.option_ids():
            options[choice.id] = given
        elif old is not None and choice.from_former(old) in choice.option_ids():
            options[choice.id] = choice.from_former(old)
        else:
            options[choice.id] = choice.default
    return options


def variant_reason(spec: ClauseSpec, options: dict[str, str]) -> str | None:
    """None when the clause is the variant for the school's option; otherwise why it is left out."""
    if not spec.choice:
        return None
    option = options.get(spec.choice)
    if option in spec.choice_options():
        return None
    return f"another option chosen (choices.{spec.choice}: {option})"


def _unknown(school: SchoolFile, loc: tuple, given: str, kind: str, known: list[str]) -> Problem:
    guess = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    hint = f"Did you mean '{guess[0]}'? " if guess else ""
    return school.doc.problem(loc, f"'{given}' is not a known {kind}. {hint}Known: {', '.join(known)}. "
                                   "See them all with: schoolpolicy choices " + school.slug, key=kind == "choice")


def check_school_choices(school: SchoolFile, library: Library) -> list[Problem]:
    """Unknown choices and options (errors); old keys, choices for another phase, and own words where a
    choice has an option for it (warnings)."""
    data, problems = school.data, []
    for choice_id, option in data.choices.items():
        choice = library.choices.get(choice_id)
        if choice is None:
            problems.append(_unknown(school, ("choices", choice_id), choice_id, "choice", list(library.choices)))
        elif option not in choice.option_ids():
            problems.append(_unknown(school, ("choices", choice_id), option, f"option of {choice_id}",
                                     choice.option_ids()))
        elif choice.phases and data.school.phase not in choice.phases:
            problems.append(school.doc.problem(("choices", choice_id), (
                f"'{choice_id}' is not asked of a {data.school.phase} school (it is for {', '.join(choice.phases)}), "
                "so it changes nothing; take it out"), key=True, severity="warning"))
    for choice in library.choices.values():
        old = former_value(data, choice)
        if old is None:
            continue
        option = choice.from_former(old)
        if choice.id in data.choices:
            message = (f"is the old form of choices.{choice.id}, which this file also gives "
                       f"({data.choices[choice.id]}); delete 'policy.{choice.former_key}'")
        elif option == choice.default:
            message = (f"is the old form of choices.{choice.id}, and '{old if not isinstance(old, bool) else str(old).lower()}' "
                       f"is its default ({option}): delete 'policy.{choice.former_key}'")
        else:
            message = (f"is the old form of this choice; write it as 'choices: {{{choice.id}: {option}}}' at the "
                       f"top level instead, and delete 'policy.{choice.former_key}'")
        problems.append(school.doc.problem(("policy", choice.former_key), message, key=True, severity="warning"))
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))
    return problems + _own_words_for_choices(school, library)


def _own_words_for_choices(school: SchoolFile, library: Library) -> list[Problem]:
    """A replaced or omitted clause that a choice sets: a choice may already say what the school means."""
    variants = {c.id: c for s in library.sections for c in s.clauses if c.choice}
    changes, problems = school.data.clauses, []
    for clause_id in changes.replace:
        spec = variants.get(clause_id)
        if spec and spec.choice:
            problems.append(school.doc.problem(("clauses", "replace", clause_id), _hint(library, spec.choice, (
                f"replaces '{clause_id}', which choices.{spec.choice} sets")), key=True, severity="warning"))
    return problems


def _hint(library: Library, choice_id: str, opening: str) -> str:
    choice = library.choices[choice_id]
    options = "; ".join(f"{o.id} ({o.label})" for o in choice.options)
    return (f"{opening}. If one of its options says what you mean, use it instead of your own words: "
            f"'choices: {{{choice_id}: <option>}}'. Options: {options}")


def choice_listing(library: Library, school: School, options: dict[str, str], numbers: dict[str, str],
                   left_out: dict[str, str] | None = None) -> list[str]:
    """`schoolpolicy choices SLUG`: each choice, its options, the school's option and the clauses it sets."""
    lines: list[str] = []
    reasons = left_out or {}

    def shown(clause_id: str, current: bool) -> str:
        if clause_id in numbers:
            return f"clause {numbers[clause_id]}: {clause_id}"
        why = reasons.get(clause_id, "")
        return f"{clause_id} (not in the policy: {why})" if current and why else clause_id

    for choice in library.choices.values():
        current = options[choice.id]
        how = ("your choice" if choice.id in school.choices
               else f"from policy.{choice.former_key}" if former_value(school, choice) is not None else "the default")
        lines += [f"{choice.id}: {choice.question}", f"  now: {current} ({how})"]
        if choice.phases and school.school.phase not in choice.phases:
            lines.append(f"  (not asked of a {school.school.phase} school)")
        if choice.kinds and not set(choice.kinds) & set(school.policy.kinds or [school.policy.kind or 'social-media']):
            lines.append(f"  (sets clauses only in these kinds of policy: {', '.join(choice.kinds)})")
        for option in choice.options:
            mark = "*" if option.id == current else "-"
            default = " [default]" if option.id == choice.default else ""
            lines.append(f"  {mark} {option.id}: {option.label}{default}")
            lines += [f"      sets {shown(c.id, option.id == current)}" for c in library.choice_clauses(choice.id)
                      if option.id in c.choice_options()]
        lines += [f"  changes the words of {shown(c.id, False)}" for c in library.clauses_reading(choice.id)]
        lines.append("")
    lines.append(f"{len(library.choices)} choices; '*' marks this school's option. Change one with "
                 "'choices: {<choice>: <option>}' at the top level of the school's file. An option's clauses "
                 "follow policy.adopt like any other: one at level extra needs adopt: full or clauses.include.")
    return lines
