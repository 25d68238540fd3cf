"""Placeholders in school-written text must name something this school has (see resolve/placeholders.py,
which fills them): any other `{{ ... }}`, and every `{% ... %}`, is refused with its line and column."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from generator.check.ids import nation_terms
from generator.check.own_data import form_texts
from generator.errors import Problem
from generator.readers.reference import Reference
from generator.readers.school import Roles, School, SchoolFile
from generator.readers.terms import NOT_WORDS
from generator.readers.yamlfile import Loc
from generator.vocabulary import (
    PLACEHOLDER,
    ROLE_FORMS,
    SCHOOL_NAMES,
    TRUST_NAMES,
    WORD_FORMS,
    placeholder_name,
    placeholder_table,
)


@dataclass(frozen=True)
class BadToken:
    offset: int
    token: str
    message: str


def allowed_list(names: list[str]) -> str:
    roles = sorted({n.split(".")[1] for n in names if n.startswith("roles.")})
    terms = sorted(n.split(".", 1)[1] for n in names if n.startswith("terms.") and n.count(".") == 1)
    others = [n for n in (*SCHOOL_NAMES, *TRUST_NAMES) if n in names]
    role_forms, word_forms = [f".{f}" for f in ROLE_FORMS if f], [f".{f}" for f in WORD_FORMS]
    return (f"roles.<role>, roles.<role>{', '.join(role_forms[:-1])} or {role_forms[-1]} (roles here: "
            f"{', '.join(roles)}); terms.<term>, or its {', '.join(word_forms[:-1])} or {word_forms[-1]} form "
            f"(terms: {', '.join(terms)}); {', '.join(others)}")


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


def placeholder_problems(school: SchoolFile, loc: Loc, text: str, names: list[str]) -> list[Problem]:
    """Each bad token, at its line and column in the file that holds it (a trust's clause in the trust's)."""
    return [school.doc.problem(loc, bad.message, piece=(bad.token, text[:bad.offset].count(bad.token)))
            for bad in bad_tokens(text, names)]


def school_texts(school: SchoolFile) -> list[tuple[Loc, str]]:
    """Every school-written text that may hold placeholders, with where it is."""
    changes, roles = school.data.clauses, school.data.roles.all_roles()
    texts: list[tuple[Loc, str]] = [(("school", "ethos"), school.data.school.ethos)] if school.data.school.ethos else []
    texts += [(("clauses", "add", i, "text"), own.text) for i, own in enumerate(changes.add)]
    texts += [(("policy", "summary", i), item) for i, item in enumerate(school.data.policy.summary)]
    texts += form_texts(school)
    texts += [(("roles", key, "responsibilities", i), item) for key, role in roles.items()
              if role is not None for i, item in enumerate(role.responsibilities)]
    texts += [(("roles", key, "members", i), member) for key, role in roles.items()
              for i, member in enumerate(getattr(role, "members", None) or [])]
    return texts + [(("clauses", "replace", cid), text) for cid, text in changes.replace.items()]


def placeholder_names(school: School, reference: Reference) -> list[str]:
    """The names school text may use (vocabulary.placeholder_table, which resolve/context.py
    placeholder_values fills): each role it gives, each term that has words, the school's names and its trust's."""
    roles = [key for key, role in school.roles.all_roles().items() if role is not None]
    terms = nation_terms(school, reference) | dict(school.terms)
    given = [key for key, words in terms.items() if isinstance(words, str) and words]
    return placeholder_table(roles, given, [key for key in given if key not in NOT_WORDS], bool(school.trust))


# A possessive made by typing after a placeholder: right for "pupils", wrong for "children" ("children' ").
TYPED_POSSESSIVE = re.compile(r"\{\{\s*((?:terms|roles)\.[a-z_]+)\s*\}\}('s|')")


def check_placeholders(school: SchoolFile, reference: Reference) -> list[Problem]:
    names = placeholder_names(school.data, reference)
    texts = school_texts(school)
    problems = [p for loc, text in texts for p in placeholder_problems(school, loc, text, names)]
    for loc, text in texts:
        for match in TYPED_POSSESSIVE.finditer(text):
            name = match.group(1)
            if f"{name}.possessive" in names:
                problems.append(school.doc.problem(loc, (
                    f"'{match.group(0)}' still works, but reads wrongly when the word changes (\"children' \", "
                    f"\"pupils's\"); write '{{{{ {name}.possessive }}}}' instead"), severity="warning"))
    return problems
