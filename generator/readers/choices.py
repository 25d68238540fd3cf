"""The library's choices (`content/choices.yml`): rules on which real schools differ, each with named options.

A school picks an option with `choices: {<choice id>: <option id>}` in its file; each option is a set of
library clauses that say `choice: <choice id>` and `option: <option id>` (or `options: [...]`).
"""

from pydantic import model_validator

from generator.vocabulary import Id, Phase, PolicyKind, Strict


class ChoiceOption(Strict):
    id: Id
    label: str  # what the option means, in a few plain words


class Choice(Strict):
    id: Id
    question: str  # what the school is deciding, as a question
    help: str | None = None
    options: list[ChoiceOption]
    default: Id  # the option a school that says nothing gets: today's library wording
    phases: list[Phase] = []  # the phases it applies to; empty: every phase
    kinds: list[PolicyKind] = []  # the kinds of policy whose clauses it sets; empty: every kind
    former_key: str | None = None  # the old `policy.<key>` that set it (still read, with a warning)
    former_values: dict[str, Id] = {}  # old value -> option id, where they differ

    @model_validator(mode="after")
    def _sound(self):
        ids = [o.id for o in self.options]
        if len(ids) < 2:
            raise ValueError(f"choice '{self.id}' needs at least two options")
        if len(set(ids)) != len(ids):
            raise ValueError(f"choice '{self.id}' names an option twice")
        if self.default not in ids:
            raise ValueError(f"choice '{self.id}': default '{self.default}' is not one of its options ({', '.join(ids)})")
        bad = [v for v in self.former_values.values() if v not in ids]
        if bad:
            raise ValueError(f"choice '{self.id}': former_values name unknown options: {', '.join(bad)}")
        return self

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    def label(self, option: str) -> str:
        return next((o.label for o in self.options if o.id == option), option)


class ChoicesFile(Strict):
    choices: list[Choice]
