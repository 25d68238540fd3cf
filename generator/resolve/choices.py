"""The school's option for each library choice: the one its checked file gives (check has put the
option an old `policy.<former_key>` means there), or the choice's default."""
from __future__ import annotations

from generator.readers.library import ClauseSpec, Library
from generator.readers.school import School


def school_options(school: School, library: Library) -> dict[str, str]:
    """choice id -> the option this school has (its own, or the default), for every choice."""
    options = {}
    for choice in library.choices.values():
        given = school.choices.get(choice.id)
        options[choice.id] = given if given in choice.option_ids() else choice.default
    return options


def variant_reason(spec: ClauseSpec, options: dict[str, str]) -> str | None:
    """None when the clause is the variant for the school's option; otherwise why it is left out."""
    if not spec.choice:
        return None
    option = options.get(spec.choice)
    if option in spec.choice_options():
        return None
    return f"another option chosen (choices.{spec.choice}: {option})"
