"""A trust's or federation's shared file, `data/trusts/<slug>.yml`, merged under each member school's file.

A school file that says `trust: <slug>` holds only what differs from its trust.
Values merge school over trust (mappings key by key, anything else whole);
`clauses` changes compose: the trust's add / replace / omit first, then the
school's, which may also `restore` what the trust omitted or replaced; so do
`forms.add` and `forms.replace`: the trust's forms, then the school's. Each
part of the merged document remembers which file it came from, so every
error still points at the line that holds the mistake.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from generator.errors import DataError, Problem
from generator.readers.files import read_regular
from generator.readers.yamlfile import Loc, YamlDocument, read_yaml
from generator.vocabulary import slug_problem

Origin = tuple[YamlDocument, Loc]


@dataclass
class SourcedDocument(YamlDocument):
    """A merged document: each loc maps to the file, and the place in it, it came from."""

    origins: dict[Loc, Origin] = field(default_factory=dict)

    def source_of(self, loc: Loc) -> Origin:
        loc = tuple(loc)
        for cut in range(len(loc), -1, -1):
            if loc[:cut] in self.origins:
                doc, at = self.origins[loc[:cut]]
                return doc, at + loc[cut:]
        raise KeyError(loc)  # () is always recorded

    def locate(self, loc: Loc, key: bool = False) -> tuple[int | None, int | None]:
        doc, at = self.source_of(loc)
        return doc.locate(at, key=key)

    def problem(self, loc: Loc, message: str, *, key: bool = False, severity: str = "error",
                piece: tuple[str, int] | None = None) -> Problem:
        doc, at = self.source_of(loc)
        return doc.problem(at, message, key=key, severity=severity, piece=piece)


def trust_path(school_path: Path, slug: str) -> Path:
    """data/schools/<school>.yml -> data/trusts/<slug>.yml"""
    return school_path.parent.parent / "trusts" / f"{slug}.yml"


def trust_slugs(schools_dir: Path) -> list[str]:
    return sorted(p.stem for p in (schools_dir.parent / "trusts").glob("*.yml"))


def trust_named(path: Path, shown: Path | None = None) -> str | None:
    """The trust a school file names, read without validating the rest (for grouping and loops);
    a file that cannot be read as YAML is a DataError."""
    data = read_yaml(path, shown).data
    slug = data.get("trust") if isinstance(data, dict) else None
    return slug if isinstance(slug, str) else None


def says_trust(path: Path, slug: str) -> bool:
    """Whether a file that is not valid YAML still says `trust: <slug>` on a line of its own."""
    try:
        text = read_regular(path, path).decode("utf-8", "replace")
    except DataError:
        return False
    return re.search(rf"^trust\s*:\s*['\"]?{re.escape(slug)}['\"]?\s*(#.*)?$", text, re.M) is not None


def with_trust(doc: YamlDocument, path: Path) -> YamlDocument:
    """The school's document merged over its trust's, or the school's own when it names no trust."""
    if not isinstance(doc.data, dict) or "trust" not in doc.data:
        return doc
    slug = doc.data["trust"]
    trust_file = trust_path(path, slug) if isinstance(slug, str) else None
    if trust_file is None or slug_problem(slug):  # the same rule as a school's slug
        raise DataError([doc.problem(("trust",), f"{slug!r} is not a trust's slug: write the name of the trust's "
                                                 "file in data/trusts/ without '.yml', e.g. trust: oak-learning-trust")])
    if not os.path.lexists(trust_file):  # a folder, a link or a pipe there is read_yaml's to refuse, by name
        known = trust_slugs(path.parent)
        guess = difflib.get_close_matches(slug, known, n=1, cutoff=0.6)
        hint = f" Did you mean '{guess[0]}'?" if guess else ""
        raise DataError([doc.problem(("trust",), f"there is no data/trusts/{slug}.yml.{hint} "
                                                 f"Trusts here: {', '.join(known) or 'none yet'}")])
    shown = doc.path.parent.parent / "trusts" / f"{slug}.yml"
    return merge(read_yaml(trust_file, shown), doc, slug)


def merge(trust: YamlDocument, school: YamlDocument, slug: str) -> SourcedDocument:
    origins: dict[Loc, Origin] = {(): (school, ())}
    if trust.data is not None and not isinstance(trust.data, dict):
        raise DataError([Problem(trust.path, "should be a set of 'key: value' lines (what the trust's academies "
                                             "share: trust:, school:, roles:, ...), not a list or text", "", 1, 1)])
    base = trust.data or {}
    if isinstance(base.get("clauses"), dict) and "restore" in base["clauses"]:
        raise DataError([trust.problem(("clauses", "restore"), "restore belongs in an academy's file: it undoes "
                                       "what the trust omits or replaces. In the trust's file, take the id out of "
                                       "clauses.omit or clauses.replace instead", key=True)])
    data = _deep_merge({k: v for k, v in base.items() if k != "trust"}, school.data, (), trust, school, origins)
    identity = base.get("trust")
    data["trust"] = {**identity, "slug": slug} if isinstance(identity, dict) else identity
    _brand(data, identity, trust, origins)
    origins[("trust",)] = (trust, ("trust",))
    origins[("trust", "slug")] = (school, ("trust",))
    own_forms = compose_forms(base.get("forms"), school.data.get("forms"), trust, school, origins)
    if own_forms is not None:
        data["forms"], dropped = own_forms
        school_changes = school.data.get("clauses")
        if dropped and isinstance(school_changes, dict) and isinstance(school_changes.get("omit"), list):
            school_changes = {**school_changes, "omit": [c for c in school_changes["omit"] if c not in dropped]}
    else:
        school_changes = school.data.get("clauses")
    if isinstance(base.get("clauses"), dict) or isinstance(school_changes, dict):
        data["clauses"] = compose_clauses(base.get("clauses") or {}, school_changes or {}, trust, school, origins)
    merged = SourcedDocument(school.path, data, warnings=trust.warnings + school.warnings, origins=origins)
    _copy_marks(merged, data, ())
    return merged


def _brand(data: dict, identity: Any, trust: YamlDocument, origins: dict[Loc, Origin]) -> None:
    """An academy without its own logo or colours uses the trust's."""
    if not (isinstance(identity, dict) and isinstance(data.get("school"), dict)):
        return
    for key in ("logo", "colours"):
        if key in identity and key not in data["school"]:
            data["school"] = {**data["school"], key: identity[key]}  # a copy: the school's own data stays as read
            origins[("school", key)] = (trust, ("trust", key))


def _deep_merge(base: Any, over: Any, loc: Loc, trust: YamlDocument, school: YamlDocument,
                origins: dict[Loc, Origin]) -> Any:
    """School over trust: mappings merged key by key; lists and values taken whole from the school."""
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over
    merged = dict(base)
    origins.update({loc + (k,): (trust, loc + (k,)) for k in base})
    for key, value in over.items():
        merged[key] = _deep_merge(base.get(key), value, loc + (key,), trust, school, origins)
        origins[loc + (key,)] = (school, loc + (key,))
    return merged


def _copy_marks(merged: SourcedDocument, value: Any, loc: Loc) -> None:
    """Marks by merged loc, so schema.py can tell data keys from pydantic's internal steps."""
    doc, at = merged.source_of(loc)
    if at in doc.value_marks:
        merged.value_marks[loc] = doc.value_marks[at]
    if at in doc.key_marks:
        merged.key_marks[loc] = doc.key_marks[at]
    if at in doc.plain:  # what was written for an unquoted number (readers/schema.py)
        merged.plain[loc] = doc.plain[at]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        _copy_marks(merged, child, loc + (key,))


FORM_LISTS = ("add", "replace")
OWN_FORM_CLAUSE = "own.form-"  # an own form's appendix clause (resolve/own_forms.appendix_clause_id)


def compose_forms(trust_forms: Any, school_forms: Any, trust: YamlDocument, school: YamlDocument,
                  origins: dict[Loc, Origin]) -> tuple[Any, set[str]] | None:
    """`forms.add` and `forms.replace`: the trust's forms, then the academy's, which adds to them. An
    academy's form with the id of one of the trust's takes its place (so a file written when an
    academy's list replaced the trust's still builds the same forms), and an academy leaves out one
    of the trust's own forms by omitting its appendix clause, `clauses: omit: [own.form-<id>]`.
    Returns the merged `forms` and the omit entries used up, or None when there is nothing to compose
    (a side without forms, or a shape that validation refuses at its line)."""
    if school_forms is None and isinstance(trust_forms, dict):
        school_forms = {}  # the trust's forms, less any the academy omits
    if not (isinstance(trust_forms, dict) and isinstance(school_forms, dict)):
        return None
    changes = school.data.get("clauses")
    omitted = set(_ids(changes.get("omit", []))) if isinstance(changes, dict) and isinstance(
        changes.get("omit"), list) else set()
    merged, dropped = dict(school_forms), set()
    for key, value in trust_forms.items():
        if key not in school_forms:
            merged[key] = value
    for key in FORM_LISTS:
        t_list, s_list = trust_forms.get(key), school_forms.get(key, [])
        if not (isinstance(t_list, list) and isinstance(s_list, list)):
            continue  # one side's list is taken whole, as any other value is
        s_ids: dict[Any, int] = {}
        for k, item in enumerate(s_list):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                s_ids.setdefault(item["id"], k)
        out: list[tuple[Any, YamlDocument, int]] = []
        placed: set[int] = set()
        for j, item in enumerate(t_list):
            form_id = item.get("id") if isinstance(item, dict) else None
            if key == "add" and isinstance(form_id, str) and OWN_FORM_CLAUSE + form_id in omitted:
                dropped.add(OWN_FORM_CLAUSE + form_id)
                continue  # the academy leaves out one of the trust's own forms
            if form_id in s_ids:  # the academy's own version, in the trust's place
                placed.add(s_ids[form_id])
                out.append((s_list[s_ids[form_id]], school, s_ids[form_id]))
            else:
                out.append((item, trust, j))
        out += [(item, school, k) for k, item in enumerate(s_list) if k not in placed]
        for n, (_, doc, at) in enumerate(out):
            origins[("forms", key, n)] = (doc, ("forms", key, at))
        merged[key] = [item for item, _, _ in out]
    return merged, dropped


@dataclass
class _Composer:
    """Builds the merged `clauses` mapping, recording where each entry came from."""

    trust: YamlDocument
    school: YamlDocument
    origins: dict[Loc, Origin]
    out: dict[str, Any] = field(default_factory=dict)

    def put(self, kind: str, value: Any, index: str | int | None, doc: YamlDocument, at: Loc) -> None:
        if index is None:
            self.out.setdefault(kind, []).append(value)
            index = len(self.out[kind]) - 1
        else:
            self.out.setdefault(kind, {})[index] = value
        self.origins[("clauses", kind, index)] = (doc, at)


LIST_KINDS = ("add", "omit", "include", "add_sections", "restore")


def _entries(changes: dict, kind: str, empty: Any) -> Any:
    value = changes.get(kind, empty)
    return value if isinstance(value, type(empty)) else empty


def _ids(values: list) -> list:
    """The ids among values that can be ids; a list or mapping in their place is validation's to report."""
    return [v for v in values if isinstance(v, str)]


def compose_clauses(trust_changes: Any, school_changes: Any, trust: YamlDocument, school: YamlDocument,
                    origins: dict[Loc, Origin]) -> Any:
    """The trust's add / replace / omit, then the school's; `restore` undoes a trust omit or replace.
    A change of the wrong shape (a text `omit`, a mapping `add`, a list `replace`) is kept as it was
    written, so validation refuses it at its line, as it does in a school's own file."""
    if not (isinstance(trust_changes, dict) and isinstance(school_changes, dict)):
        return school_changes if school_changes else trust_changes
    c = _Composer(trust, school, origins)
    origins[("clauses",)] = (school, ("clauses",)) if "clauses" in school.data else (trust, ("clauses",))
    wrong = set()
    for doc, changes in ((trust, trust_changes), (school, school_changes)):
        for kind in LIST_KINDS + ("replace",):
            if kind in changes and not isinstance(changes[kind], dict if kind == "replace" else list):
                c.out[kind], origins[("clauses", kind)] = changes[kind], (doc, ("clauses", kind))
                wrong.add(kind)
    t_add, t_replace, t_omit = (_entries(trust_changes, k, e) for k, e in (("add", []), ("replace", {}), ("omit", [])))
    s_add, s_replace, s_omit, s_restore = (_entries(school_changes, k, e) for k, e in
                                           (("add", []), ("replace", {}), ("omit", []), ("restore", [])))
    if wrong:  # the right shapes of the others still merge, so their own mistakes are found too
        t_add, t_omit, s_add, s_omit, s_restore = ([] if k in wrong else v for k, v in (
            ("add", t_add), ("omit", t_omit), ("add", s_add), ("omit", s_omit), ("restore", s_restore)))
        t_replace, s_replace = ({}, {}) if "replace" in wrong else (t_replace, s_replace)
    trust_own = _ids([a.get("id") for a in t_add if isinstance(a, dict)])
    for j, item in enumerate(t_add):
        own_id = item.get("id") if isinstance(item, dict) else None
        if own_id is not None and own_id in s_omit:
            continue  # the school leaves out one of the trust's own clauses
        reworded = isinstance(own_id, str) and own_id in s_replace
        c.put("add", {**item, "text": s_replace[own_id]} if reworded else item, None, trust, ("clauses", "add", j))
        if reworded:
            origins[("clauses", "add", len(c.out["add"]) - 1, "text")] = (school, cast(Loc, ("clauses", "replace", own_id)))
    for k, item in enumerate(s_add):
        c.put("add", item, None, school, ("clauses", "add", k))
    for cid, text in t_replace.items():
        if cid not in s_restore and cid not in s_replace:
            c.put("replace", text, cid, trust, ("clauses", "replace", cid))
    for cid, text in s_replace.items():
        if cid not in trust_own:
            c.put("replace", text, cid, school, ("clauses", "replace", cid))
    for j, cid in enumerate(t_omit):
        if cid not in s_restore:
            c.put("omit", cid, None, trust, ("clauses", "omit", j))
    for k, cid in enumerate(s_omit):
        if cid not in trust_own and cid not in c.out.get("omit", []):
            c.put("omit", cid, None, school, ("clauses", "omit", k))
    undone = list(t_omit) + list(t_replace)
    for k, cid in enumerate(s_restore):
        if cid not in undone:  # nothing to restore: check reports it at this line
            c.put("restore", cid, None, school, ("clauses", "restore", k))
    for kind in ("include", "add_sections"):  # the trust's, then the school's
        if kind in wrong:
            continue
        for doc, changes in ((trust, trust_changes), (school, school_changes)):
            for k, item in enumerate(_entries(changes, kind, [])):
                c.put(kind, item, None, doc, ("clauses", kind, k))
    for doc, changes in ((trust, trust_changes), (school, school_changes)):
        for key in set(changes) - {"add", "replace", "omit", "restore", "include", "add_sections"}:
            c.out[key] = changes[key]  # unknown keys: validation reports them in their own file
            origins[("clauses", key)] = (doc, ("clauses", key))
    return c.out
