"""Placeholders in school-written text must name something this school has (see resolve/placeholders.py,
which fills them): any other `{{ ... }}`, and every `{% ... %}`, is refused with its line and column."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from generator.check.ids import nation_terms
from generator.errors import Problem
from generator.readers.reference import Reference
from generator.readers.school import Roles, School, SchoolFile
from generator.readers.yamlfile import Loc, YamlDocument, dotted
from generator.vocabulary import PLACEHOLDER, placeholder_name


@dataclass(frozen=True)
class BadToken:
    offset: int
    token: str
    message: str


def allowed_list(names: list[str]) -> str:
    roles = sorted({n.split(".")[1] for n in names if n.startswith("roles.")})
    terms = sorted(n.split(".", 1)[1] for n in names if n.startswith("terms."))
    others = [n for n in ("school.name", "school.short_name", "trust.name") if n in names]
    return (f"roles.<role> or roles.<role>.named (roles here: {', '.join(roles)}); "
            f"terms.<term> (terms: {', '.join(terms)}); {', '.join(others)}")


def _explain(match: re.Match, names: list[str]) -> str:
    token, name = match.group(0), placeholder_name(match)
    allowed = f"Allowed: {allowed_list(names)}."
    if match.group(2) is not None:
        return (f"'{token}' cannot be used: school text is never run as a template, so write the words "
                f"themselves, with placeholders at most. {allowed}")
    if name is None:
        return f"'{token}' is not a placeholder: only a name may go between {{{{ and }}}}, not a calculation. {allowed}"
    guess = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    hint = f" Did you mean '{{{{ {guess[0]} }}}}'?" if guess else ""
    if name.split(".")[0] == "roles" and name.split(".")[1:2] and name.split(".")[1] in Roles.model_fields:
        return f"'{token}' needs roles.{name.split('.')[1]}, which is not given: add it under roles:. {allowed}"
    if name == "trust.name":
        return f"'{token}' needs a trust: this school names no trust (add trust: <slug> at the top).{hint} {allowed}"
    return f"'{token}' is not a known placeholder.{hint} {allowed}"


def bad_tokens(text: str, names: list[str]) -> list[BadToken]:
    return [BadToken(m.start(), m.group(0), _explain(m, names))
            for m in PLACEHOLDER.finditer(text) if placeholder_name(m) not in names]


# --- where a bad token is, in the file that holds it -------------------------------------------

def _index(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _line_col(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def token_position(doc: YamlDocument, at: Loc, value: str, bad: BadToken, root: Path) -> tuple[int, int] | None:
    """Line and column of the token in the YAML source: searched from the value's mark to the next mark."""
    mark = doc.value_marks.get(at)
    try:
        source = (root / doc.path).read_text(encoding="utf-8")
    except OSError:
        return mark
    if mark is None:
        return None
    start = _index(source, *mark)
    later = [_index(source, *m) for m in (*doc.value_marks.values(), *doc.key_marks.values()) if m > mark]
    end = min(later, default=len(source))
    nth = value[:bad.offset].count(bad.token)
    found = start - 1
    for _ in range(nth + 1):
        found = source.find(bad.token, found + 1, end)
        if found < 0:
            return mark  # folded over lines or escaped: the value's own line is the best we know
    return _line_col(source, found)


def placeholder_problems(school: SchoolFile, loc: Loc, text: str, names: list[str], root: Path) -> list[Problem]:
    problems = []
    for bad in bad_tokens(text, names):
        origin, at = school.doc.source_of(loc)  # a trust's clause is found in the trust's file
        line, column = token_position(origin, at, text, bad, root) or (None, None)
        problems.append(Problem(origin.path, bad.message, dotted(at), line, column))
    return problems


def school_texts(school: SchoolFile) -> list[tuple[Loc, str]]:
    """Every school-written text that may hold placeholders, with where it is."""
    changes = school.data.clauses
    texts: list[tuple[Loc, str]] = [(("school", "ethos"), school.data.school.ethos)] if school.data.school.ethos else []
    texts += [(("clauses", "add", i, "text"), own.text) for i, own in enumerate(changes.add)]
    return texts + [(("clauses", "replace", cid), text) for cid, text in changes.replace.items()]


def placeholder_names(school: School, reference: Reference) -> list[str]:
    """The names school text may use: each role it gives, each term that has words, the school's
    names and its trust's (the table resolve/context.py placeholder_values fills)."""
    roles = [key for key in type(school.roles).model_fields if getattr(school.roles, key) is not None]
    terms = nation_terms(school, reference) | dict(school.terms)
    return ([name for key in roles for name in (f"roles.{key}", f"roles.{key}.named")]
            + [f"terms.{key}" for key, words in terms.items() if isinstance(words, str)]
            + ["school.name", "school.short_name"] + (["trust.name"] if school.trust else []))


def check_placeholders(school: SchoolFile, reference: Reference, root: Path) -> list[Problem]:
    names = placeholder_names(school.data, reference)
    return [p for loc, text in school_texts(school) for p in placeholder_problems(school, loc, text, names, root)]
