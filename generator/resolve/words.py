"""Words with forms: every word the library puts into a sentence knows its singular, plural and
possessive forms and its grammatical number (content/reference/words.yml; content/README.md,
"Words with forms").

A `Word` prints as the form it stands for, exactly as the plain string did before ("pupils"),
so every old template keeps working; clause writers ask it for the form they need:

    {{ terms.pupils.possessive }}       pupils' / children's / young people's
    {{ terms.pupil.possessive }}        pupil's / child's
    {{ terms.setting.a }}               a nursery / an academy
    {{ terms.governing_body|verb('approves') }}   approves (a body is one thing)
    {{ roles.dsl|verb('leads') }}       leads / lead (two people hold the role)

No form is made by string replacement in a sentence: a phrase takes the forms of its head word,
the last word before "of", "for", "to", "in" or "at" ("chair of governors" -> "chairs of
governors"), looked up in words.yml or, for a word not listed, made by the regular rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from markupsafe import Markup, escape

from generator import state
from generator.markup.words import possessive

_SPLIT = re.compile(r" (?:of|for|to|in|at) ")
# Third-person verbs whose plural is not the word less its -s.
IRREGULAR_VERBS = {"is": "are", "has": "have", "was": "were", "does": "do", "goes": "go", "isn't": "aren't",
                   "hasn't": "haven't", "wasn't": "weren't", "doesn't": "don't"}


@dataclass(frozen=True)
class Noun:
    """A word's forms, as words.yml writes them (or the regular rules make them)."""

    one: str
    many: str
    one_possessive: str | None = None
    many_possessive: str | None = None
    group: bool = False  # a body: one thing, however many people are in it


def regular_plural(word: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def regular_singular(word: str) -> str | None:
    """The singular of a regular plural, or None when the word does not read as a plural."""
    if re.search(r"(ss|us|is|'s)$", word) or not word.endswith("s"):
        return None
    if re.search(r"[^aeiou]ies$", word):
        return word[:-3] + "y"
    if re.search(r"(x|z|ch|sh|sses)es$", word):
        return word[:-2]
    return word[:-1]


def conjugate(verb: str, plural: bool, many: str | None = None) -> str:
    """The verb for a subject of this number: 'runs' stays 'runs' for one, 'run' for several.

    Give the third-person singular ('leads', 'is', 'has', 'carries', 'watches'); for several the
    plural is made by rule, or `many` when given. Only the first word changes: 'checks in'."""
    if not plural:
        return verb
    if many is not None:
        return many
    first, sep, rest = verb.partition(" ")
    low = first.lower()
    if low in IRREGULAR_VERBS:
        made = IRREGULAR_VERBS[low]
    elif re.search(r"[^aeiou]ies$", low):
        made = first[:-3] + "y"
    elif re.search(r"(ss|x|z|ch|sh|o)es$", low):
        made = first[:-2]
    elif low.endswith("s") and not low.endswith("ss"):
        made = first[:-1]
    else:
        made = first
    if first[:1].isupper():
        made = made[:1].upper() + made[1:]
    return made + sep + rest


class Lexicon:
    """words.yml, looked up by either form of a word, ignoring case."""

    def __init__(self, nouns: Iterable[Noun]):
        self.by_one: dict[str, Noun] = {}
        self.by_many: dict[str, Noun] = {}
        for noun in nouns:
            self.by_one.setdefault(noun.one.lower(), noun)
            self.by_many.setdefault(noun.many.lower(), noun)
        self.longest = max((len(k.split(" ")) for k in (*self.by_one, *self.by_many)), default=1)

    def head(self, words: list[str]) -> tuple[int, Noun, bool] | None:
        """The longest listed word ending `words`: (how many words it takes, its forms, plural?)."""
        for size in range(min(self.longest, len(words)), 0, -1):
            tail = " ".join(words[-size:]).lower()
            if tail in self.by_one:
                return size, self.by_one[tail], False
            if tail in self.by_many:
                return size, self.by_many[tail], True
        return None

    def forms(self, phrase: str) -> tuple[Noun, bool]:
        """The forms of a whole phrase and whether the phrase as written is plural."""
        split = _SPLIT.search(phrase)
        head, tail = (phrase[:split.start()], phrase[split.start():]) if split else (phrase, "")
        words = head.split(" ")
        found = self.head(words)
        if found:
            size, noun, plural = found
            plural = plural and noun.one != noun.many
            lead = " ".join(words[:-size])
            lead = lead + " " if lead else ""

            def keep_case(form: str) -> str:  # "Parent Council" stays as the school wrote its first letter
                written = " ".join(words[-size:])
                return written[:1] + form[1:] if written[:1].isupper() != form[:1].isupper() else form

            own_poss = (noun.one_possessive, noun.many_possessive) if not tail else (None, None)
            made = Noun(lead + keep_case(noun.one) + tail, lead + keep_case(noun.many) + tail,
                        lead + keep_case(own_poss[0]) if own_poss[0] else None,
                        lead + keep_case(own_poss[1]) if own_poss[1] else None, noun.group)
            return made, plural
        last, lead = words[-1], " ".join(words[:-1])
        lead = lead + " " if lead else ""
        single = regular_singular(last)
        if single is not None:
            return Noun(lead + single + tail, phrase), True
        return Noun(phrase, lead + regular_plural(last) + tail), False


class Word(Markup):
    """A term as templates use it: prints as its own form; asks for any other.

    `one`, `many`: the singular and plural; `possessive`: the possessive of the form it stands
    for; `several`: true when that form is plural; `a`: with 'a' or 'an' (singular words);
    `agree('has', 'have')` as on roles. It is a string, so comparisons, `~` and filters work as
    they did on the plain word."""

    noun: Noun
    plural: bool

    def __new__(cls, text: Any = "", noun: Noun | None = None, plural: bool = False) -> "Word":
        made = super().__new__(cls, text)
        made.noun = noun or Noun(str(made), str(made))
        made.plural = plural
        return made

    def __reduce__(self):
        return (Word, (str(self), self.noun, self.plural))

    # The forms are safe text already: made from the escaped term (word() below) and words.yml.
    @property
    def one(self) -> Markup:
        return Markup(self.noun.one)

    @property
    def many(self) -> Markup:
        return Markup(self.noun.many)

    @property
    def several(self) -> bool:
        return self.plural

    @property
    def number(self) -> str:
        return "plural" if self.plural else "singular"

    @property
    def possessive(self) -> Markup:
        given = self.noun.many_possessive if self.plural else self.noun.one_possessive
        return Markup(possessive(str(self), self.plural, given))

    @property
    def a(self) -> Markup:
        """'a nursery', 'an academy' (a plural word reads as itself)."""
        if self.plural:
            return Markup(self)
        text = str(self)
        article = "an" if re.match(r"[aeio]|u(?!ni|se|su)|hour|honou?r", text, re.I) else "a"
        return Markup(f"{article} {text}")

    def agree(self, one: str, several: str) -> str:
        return several if self.plural else one


def word(text: Any, lexicon: Lexicon, plural: bool | None = None) -> Word | Any:
    """A term's value as a Word (a value that is not text, or none, is left as it is)."""
    if not isinstance(text, str) or not text:
        return text
    safe = text if isinstance(text, Markup) else escape(text)
    noun, written_plural = lexicon.forms(str(safe))
    return Word(safe, noun, written_plural if plural is None else plural)


def is_plural(value: Any) -> bool:
    """The grammatical number of a subject: a role held by several, a plural word, a list of two."""
    if value is None:
        return False
    several = getattr(value, "several", None)
    if isinstance(several, bool):
        return several
    if isinstance(value, (list, tuple)):
        return len(value) > 1
    return False


def verb(subject: Any, one: str, many: str | None = None) -> str:
    """The `verb` filter: `{{ roles.dsl|verb('leads') }}` -> 'leads' or 'lead'."""
    return conjugate(one, is_plural(subject), many)


_LEXICONS: dict[int, tuple[Any, Lexicon]] = state.kept({}, "resolve.words._LEXICONS")


def lexicon_for(entries: list[Any]) -> Lexicon:
    """The lexicon of reference.words (read once a process for each reading of words.yml)."""
    key = id(entries)
    found = _LEXICONS.get(key)
    if found is None or found[0] is not entries:
        found = (entries, Lexicon(Noun(e.one, e.many, e.one_possessive, e.many_possessive, e.group) for e in entries))
        _LEXICONS[key] = found
    return found[1]
