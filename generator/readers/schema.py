"""Turn pydantic's validation errors into messages a school can act on."""
from __future__ import annotations

import copy
import difflib
import re
import types
import typing
from collections import defaultdict
from typing import Any

from pydantic import BaseModel, ValidationError

from generator.errors import DataError, Problem
from generator.readers.text import brief, looks_like_person
from generator.readers.yamlfile import Loc, YamlDocument, capped

_TYPE_WORDS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list (lines starting with '- ')",
    "dict_type": "a set of 'key: value' lines",
    "model_type": "a set of 'key: value' lines",
    "model_attributes_type": "a set of 'key: value' lines",
}


_PATTERN_WORDS = {
    r"^https?://[^\s<>\"']+$": "is not a web address; write it in full, starting with https://",
    r"^#[0-9a-fA-F]{6}$": "is not a colour; write it as # and six hex digits, e.g. #1d4f91",
    r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$": "is not a clause id; ids look like staff-personal.no-alias",
    r"^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*$": "is not a clause or section id; ids look like blogging or staff-personal.no-alias",
    r"^own\.[a-z0-9][a-z0-9-]*$": "is not an own section id; start it with own., e.g. own.school-trips",
    r"^[^@\s<>\"'()|]+@[^@\s<>\"'()|]+\.[^@\s<>\"'()|]+$": "is not an email address; write it like office@school.example.org",
    r"^\+?[0-9][0-9 ()-]{5,}(\s*(ext|x)\.?\s*[0-9]+)?$": "is not a phone number; write digits and spaces, e.g. 01632 960 123",
}


def validate(model: type[BaseModel], doc: YamlDocument) -> Any:
    """Validate doc.data against model, reporting every problem at once.

    An unquoted number where text belongs (`version: 2.1`) is kept as written, with a
    warning, when YAML reads it back unchanged; `version: 1.10` (read as 1.1) is refused.
    """
    data = doc.data if doc.data is not None else {}
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    kept = _kept_numbers(doc, errors)
    if kept:
        doc.warnings += [doc.problem(loc, f"write it in quotes: {_written(loc, raw)}, so YAML keeps it as text",
                                     severity="warning") for loc, raw in kept.items()]
        try:
            return model.model_validate(_with_text(data, kept))
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
    problems = _unique([_problem(model, doc, err) for err in _drop_typo_twins(errors)])
    raise DataError(doc.warnings + capped(problems)) from None


def _kept_numbers(doc: YamlDocument, errors: list[dict]) -> dict[Loc, str]:
    """Unquoted numbers given for text that read back exactly as written (2.1, 3)."""
    kept = {}
    for err in errors:
        where = _data_loc(doc, tuple(err["loc"]))
        raw = doc.plain.get(where)
        if err["type"] == "string_type" and raw is not None and _reads_back(err.get("input"), raw):
            kept[where] = raw
    return kept


def _reads_back(value: Any, raw: str) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and str(value) == raw


def _with_text(data: Any, kept: dict[Loc, str]) -> Any:
    data = copy.deepcopy(data)
    for loc, raw in kept.items():
        parent = data
        for part in loc[:-1]:
            parent = parent[part]
        parent[loc[-1]] = raw
    return data


def _written(loc: Loc, raw: str) -> str:
    """How the quoted value looks in the file: `version: "1.10"`, or `- "1.10"` in a list."""
    return f'- "{raw}"' if not loc or isinstance(loc[-1], int) else f'{loc[-1]}: "{raw}"'


def _drop_typo_twins(errors: list[dict]) -> list[dict]:
    """'short_nmae' is unknown AND 'short_name' is missing: say it once, as a typo.

    Each unknown key is compared only with the keys missing beside it, so this is
    linear in the number of unknown keys (a handful of missing ones at most).
    """
    missing: dict[tuple, list[str]] = defaultdict(list)
    for e in errors:
        if e["type"] == "missing":
            missing[tuple(e["loc"][:-1])].append(str(e["loc"][-1]))
    typos = {(parent, m) for e in errors if e["type"] == "extra_forbidden"
             and (parent := tuple(e["loc"][:-1])) in missing
             for m in difflib.get_close_matches(str(e["loc"][-1]), missing[parent], cutoff=0.6)}
    return [e for e in errors if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), str(e["loc"][-1])) in typos)]


def _unique(problems: list[Problem]) -> list[Problem]:
    seen, kept = set(), []
    for p in problems:
        if (p.line, p.field, p.message) not in seen:
            seen.add((p.line, p.field, p.message))
            kept.append(p)
    return sorted(kept, key=lambda p: (p.line or 0, p.column or 0))


def _data_loc(doc: YamlDocument, loc: tuple) -> Loc:
    """Drop pydantic's internal steps (union branches, validators) from a loc."""
    kept: list = []
    for part in loc:
        candidate = tuple(kept) + (part,)
        if candidate in doc.value_marks or candidate in doc.key_marks:
            kept.append(part)
    return tuple(kept)


# Errors raised by readers/text.py and the models: their message is already what to say.
_OWN_KINDS = {"text_empty", "text_hidden", "bool_not_number", "float_not_whole", "number_not_bool",
              "date_form", "date_range"}


def _problem(model: type[BaseModel], doc: YamlDocument, err: dict) -> Problem:
    loc, kind = tuple(err["loc"]), err["type"]
    where = _data_loc(doc, loc)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, where[:-1])
        return doc.problem(where, _unknown_key(str(where[-1]), allowed), key=True)
    if kind == "missing":
        name = loc[-1]
        return doc.problem(where + (name,), f"is required but missing: add '{name}:' here", key=True)
    return doc.problem(where, _describe(err, kind, where, doc.plain.get(where)))


def _unknown_key(key: str, allowed: list[str]) -> str:
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    hint = f" Did you mean '{guess[0]}'?" if guess else ""
    return f"unknown key '{brief(key)}'.{hint} Allowed here: {', '.join(allowed)}."


def _describe(err: dict, kind: str, where: Loc, raw: str | None) -> str:
    given = err.get("input")
    shown = f"'{brief(given)}'" if isinstance(given, (str, int, float, bool)) else "this value"
    key = next((str(p) for p in reversed(where) if isinstance(p, str)), "")
    if kind in _OWN_KINDS:
        return str(err["msg"])
    if kind == "role_is_person":
        return _role_fix(key, str(err["ctx"]["name"]))
    if kind == "open_role_title":
        fixed = err["ctx"]["fixed"].split(", ")
        guess = difflib.get_close_matches(key, fixed, n=1, cutoff=0.6)
        hint = f"If you meant the fixed role '{guess[0]}', correct the key. " if guess else ""
        return (f"'{brief(key)}' is not one of the fixed roles, so it is a role of your own and needs a title: "
                f"write {brief(key)}: {{title: link governor, name: ..., responsibilities: [...]}}. {hint}"
                f"Fixed roles: {', '.join(fixed)}")
    if kind == "string_type":
        return _not_text(given, raw, where, shown)
    if kind in ("model_type", "model_attributes_type", "dict_type") and isinstance(given, (str, int, float)):
        # The value is not echoed: text pasted here by mistake (a key, a token) stays off the screen.
        return (f"should be a set of 'key: value' lines, not text or a number: write them on the lines "
                f"below '{key}:', indented, or as {key}: {{key: value, ...}}")
    if kind == "literal_error":
        return f"{shown} is not allowed; use one of: {err['ctx']['expected'].replace(chr(39), '')}"
    if kind.startswith("date"):
        return f"{shown} is not a real date; write dates as YYYY-MM-DD, e.g. 2026-09-01"
    if kind in _TYPE_WORDS:
        return f"should be {_TYPE_WORDS[kind]}, not {shown}"
    if kind == "string_too_long" and isinstance(given, str):
        limit = err["ctx"]["max_length"]
        return (f"is {len(given):,} characters long; it may be at most {limit:,} characters here "
                f"(no working {key.replace('_', ' ')} is longer): shorten it")
    if kind == "string_pattern_mismatch":
        return f"{shown} {_PATTERN_WORDS.get(err['ctx']['pattern'], 'is not in the right form')}"
    if kind == "value_error":
        return brief(str(err["msg"]).removeprefix("Value error, "), 300)
    return f"{brief(err['msg'], 200)} (got {shown})"


_SEVERAL_NAMES = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def _role_fix(key: str, written: str) -> str:
    """A name where a role belongs: the fix keeps the title the nation gives the role (a role with a
    name and no title reads "the designated safeguarding person" in Wales); several names go in people."""
    names = [n for n in _SEVERAL_NAMES.split(written.strip()) if n]
    if len(names) > 1 and all(looks_like_person(n) for n in names):
        people = ", ".join(f"{{name: {brief(n)}}}" for n in names)
        return (f"'{brief(written, 80)}' names {len(names)} people, but {key} needs the role, with each person "
                f"in its people list: write {key}: {{people: [{people}]}} (the title your nation uses for the "
                "role stays; add title: only to use another)")
    name = brief(written)
    return (f"'{name}' is a person's name, but {key} needs the role, with the name inside it: write "
            f"{key}: {{name: {name}}} (the title your nation uses for the role stays; add title: only to "
            "use another)")


def _not_text(given: Any, raw: str | None, where: Loc, shown: str) -> str:
    """Text was expected: say what YAML made of what was written, and how to write text."""
    if raw is not None:
        what = "true or false" if isinstance(given, bool) else f"the number {given}"
        return f"YAML reads {brief(raw)} as {what}; write it in quotes: {_written(where, brief(raw))}"
    if isinstance(given, dict):
        return ("should be text, not a set of 'key: value' lines; write the text itself after the colon, "
                "on one line or as a block starting with |")
    if isinstance(given, list):
        return "should be one piece of text, not a list; write the text itself after the colon"
    return f"should be text, not {shown if given is not None else 'empty'}"


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys allowed at loc, by walking the model's annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) or not _is_model(current):
            current = _item_type(current)
            if isinstance(part, int):
                continue
        current = _unwrap(current)
        if _is_model(current) and part in current.model_fields:
            current = current.model_fields[part].annotation
        elif _is_model(current) and _extra_type(current) is not None:
            current = _extra_type(current)  # a key of the model's own choosing (roles.<key>)
    current = _unwrap(current)
    return sorted(current.model_fields) if _is_model(current) else []


def _extra_type(model: type[BaseModel]) -> Any:
    """The type of a model's free keys (`__pydantic_extra__: dict[str, X]` -> X), or None."""
    if model.model_config.get("extra") != "allow":
        return None
    hints = typing.get_type_hints(model)
    extra = hints.get("__pydantic_extra__")
    return typing.get_args(extra)[-1] if extra is not None and typing.get_args(extra) else None


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _unwrap(tp: Any) -> Any:
    """Optional[X] / X | None / Annotated[X, ...] -> X (the first model in a union)."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        models = [a for a in args if _is_model(_unwrap(a))]
        return _unwrap((models or args)[0])
    return tp


def _item_type(tp: Any) -> Any:
    args = typing.get_args(tp)
    return args[-1] if args else tp
