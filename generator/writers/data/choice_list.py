"""`schoolpolicy choices SLUG`: each choice, its options, the school's option and the clauses it sets."""
from __future__ import annotations

from generator.check.choices import former_option, former_value
from generator.readers.library import Library
from generator.readers.school import School


def choice_listing(library: Library, school: School, options: dict[str, str], numbers: dict[str, str],
                   left_out: dict[str, str] | None = None) -> list[str]:
    """Each choice as the command lists it."""
    lines: list[str] = []
    reasons = left_out or {}

    def shown(clause_id: str, current: bool) -> str:
        if clause_id in numbers:
            return f"clause {numbers[clause_id]}: {clause_id}"
        why = reasons.get(clause_id, "")
        return f"{clause_id} (not in the policy: {why})" if current and why else clause_id

    for choice in library.choices.values():
        current = options[choice.id]
        old = former_value(school, choice)
        from_old = old is not None and school.choices.get(choice.id) == former_option(choice, old)
        how = (f"from policy.{choice.former_key}" if from_old else "your choice" if choice.id in school.choices
               else "the default")
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
