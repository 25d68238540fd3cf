"""What `check` says about the choices a school made (content/choices.yml), and the old form of four of
them: `policy.<former_key>` is still read, with a warning naming the new form, and the checked school
has the option it means in `choices`, so resolve sees one form only.
"""
from __future__ import annotations

import difflib
from dataclasses import replace

from generator.errors import Problem
from generator.readers.choices import Choice
from generator.readers.library import Library
from generator.readers.school import School, SchoolFile


def former_value(school: School, choice: Choice) -> object | None:
    """The value the school gave under the old key, or None when it gave none."""
    if not choice.former_key or choice.former_key not in school.policy.model_fields_set:
        return None
    return getattr(school.policy, choice.former_key)


def former_option(choice: Choice, value: object) -> str:
    """The option an old `policy.<former_key>` value means."""
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return choice.former_values.get(text, text)


def with_former_choices(school: SchoolFile, library: Library) -> SchoolFile:
    """The school with the option each old key means in `choices`, where the file gives no
    `choices` entry of its own for it (that one wins, as the warning says)."""
    data, found = school.data, {}
    for choice in library.choices.values():
        old = former_value(data, choice)
        if old is not None and choice.id not in data.choices and former_option(choice, old) in choice.option_ids():
            found[choice.id] = former_option(choice, old)
    if not found:
        return school
    return replace(school, data=data.model_copy(update={"choices": data.choices | found}))


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
        option = former_option(choice, old)
        if choice.id in data.choices:
            message = (f"is the old form of choices.{choice.id}, which this file also gives "
                       f"({data.choices[choice.id]}); delete 'policy.{choice.former_key}'")
        elif option == choice.default:
            message = (f"is the old form of choices.{choice.id}, and '{old if not isinstance(old, bool) else str(old).lower()}' "
                       f"is its default ({option}): delete 'policy.{choice.former_key}'")
        else:
            message = (f"is the old form of this choice; write it as 'choices: {{{choice.id}: {option}}}' at the "
                       f"top level instead, and delete 'policy.{choice.former_key}'")
        problems.append(school.doc.problem(("policy", str(choice.former_key)), message, key=True, severity="warning"))
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
