"""Checks of what a school adds of its own: roles, forms, pictures, summary (issue 22).

Errors stop a build; warnings point at what no longer holds together. What only the resolved
policy shows (a form pointed at but not published, a rule spoken of but left out) is said by
resolve/own_data.py.
"""
from __future__ import annotations

import difflib
from pathlib import Path

from generator.errors import Problem
from generator.readers.library import Library
from generator.readers.logo import LogoError, PicturesRead
from generator.readers.school import OPEN_ROLE_KEY, OwnField, Roles, SchoolFile, field_names


def check_roles(school: SchoolFile) -> list[Problem]:
    """Open role keys: lowercase words joined by underscores, and not a near miss of a fixed role."""
    problems = []
    fixed = list(Roles.model_fields)
    for key in school.data.roles.open_roles():
        loc = ("roles", key)
        if not OPEN_ROLE_KEY.match(key):
            better = "_".join("".join(ch if ch.isalnum() else " " for ch in key.lower()).split()) or "my_role"
            if not better[0].isalpha():
                better = "role_" + better
            problems.append(school.doc.problem(loc, (
                f"'{key}' cannot be a role key: write it in lowercase letters, digits and underscores, starting "
                f"with a letter, e.g. {better}. The title, as it reads in a sentence, goes under 'title:'"), key=True))
            continue
        guess = difflib.get_close_matches(key, fixed, n=1, cutoff=0.8)
        if guess:
            problems.append(school.doc.problem(loc, (
                f"'{key}' is a role of your own, so no library clause names it; if you meant the fixed role "
                f"'{guess[0]}', correct the key"), key=True, severity="warning"))
    return problems


def check_pictures(school: SchoolFile, pictures: PicturesRead) -> list[Problem]:
    """Each own clause's picture: a real PNG or JPEG inside data/, checked as the logo is (readers/logo.py
    read it once)."""
    problems = []
    for i, own in enumerate(school.data.clauses.add):
        if own.picture is None:
            continue
        found = pictures.own.get(own.picture.file)
        if isinstance(found, LogoError):
            problems.append(school.doc.problem(("clauses", "add", i, "picture", "file"), str(found)))
        if own.picture.alt.strip().lower() == Path(own.picture.file).name.lower():
            problems.append(school.doc.problem(("clauses", "add", i, "picture", "alt"), (
                "is the file's name; write what the picture shows, in words, for people who cannot see it "
                "(e.g. 'Flow chart: who to tell about a worry, and what happens next')")))
    return problems


def _duplicate_names(school: SchoolFile, loc: tuple, form) -> list[Problem]:
    """Two fields of one form with the same PDF name: a reader would fill both at once."""
    problems, seen = [], set()
    fields: list[tuple[tuple[str | int, ...], OwnField]] = [
        (("sections", i, "fields", j), f) for i, s in enumerate(form.sections) for j, f in enumerate(s.fields)]
    fields = fields or [(("fields", j), f) for j, f in enumerate(form.fields)]
    for (where, field), name in zip(fields, field_names([f for _, f in fields]), strict=True):
        if name in seen:
            problems.append(school.doc.problem(loc + where + (("name",) if field.name else ("label",)), (
                f"another field of this form is also named '{name}'; give this one its own "
                "name: (a PDF field name, e.g. second_contact_phone)")))
        seen.add(name)
    return problems


def check_forms(school: SchoolFile, library: Library) -> list[Problem]:
    """forms.add: new ids; forms.replace: library forms; each form's fields named once."""
    problems, forms = [], school.data.forms
    own_ids = [f.id for f in forms.add]
    for i, form in enumerate(forms.add):
        loc = ("forms", "add", i)
        if form.id in library.forms:
            problems.append(school.doc.problem(loc + ("id",), (
                f"'{form.id}' is a library form; to give it your own fields use 'forms: replace: - id: {form.id}', "
                f"or give your form a new id, e.g. own-{form.id}")))
        elif own_ids.count(form.id) > 1:
            problems.append(school.doc.problem(loc + ("id",), f"'{form.id}' is used twice; give each form its own id"))
        problems += _duplicate_names(school, loc, form)
    for i, change in enumerate(forms.replace):
        loc = ("forms", "replace", i)
        if change.id not in library.forms:
            guess = difflib.get_close_matches(change.id, list(library.forms), n=1, cutoff=0.6)
            hint = f" Did you mean '{guess[0]}'?" if guess else ""
            problems.append(school.doc.problem(loc + ("id",), (
                f"'{change.id}' is not a library form, so there is nothing to replace.{hint} Library forms: "
                f"{', '.join(sorted(library.forms))}. For a form of your own, use forms: add")))
        problems += _duplicate_names(school, loc, change)
    return problems


def form_texts(school: SchoolFile) -> list[tuple[tuple, str]]:
    """Every school-written text of its own forms, with where it is (placeholders are checked in each)."""
    texts: list[tuple[tuple, str]] = []
    for key, forms in (("add", school.data.forms.add), ("replace", school.data.forms.replace)):
        for i, form in enumerate(forms):
            loc = ("forms", key, i)
            texts += [(loc + (k,), getattr(form, k)) for k in ("title", "introduction", "who") if getattr(form, k)]
            parts = [(("sections", j), s) for j, s in enumerate(form.sections)]
            texts += [(loc + at + (k,), getattr(s, k)) for at, s in parts for k in ("heading", "note") if getattr(s, k)]
            fields: list[tuple[tuple[str | int, ...], OwnField]] = [
                (at + ("fields", n), f) for at, s in parts for n, f in enumerate(s.fields)]
            fields += [(("fields", n), f) for n, f in enumerate(form.fields)]
            for at, field in fields:
                texts.append((loc + at + ("label",), field.label))
                texts += [(loc + at + ("options", n), o) for n, o in enumerate(field.options)]
    return texts


def check_trust_logo(school: SchoolFile, pictures: PicturesRead) -> list[Problem]:
    """The trust's logo (shown beside its name on each academy's pack cover and site) is checked as a
    school's is. The same file as the academy's own is checked as that (readers/logo.py pictures_of)."""
    found = pictures.trust_logo
    return [school.doc.problem(("trust", "logo"), str(found))] if isinstance(found, LogoError) else []


def check_own_data(school: SchoolFile, library: Library, pictures: PicturesRead) -> list[Problem]:
    return (check_roles(school) + check_pictures(school, pictures) + check_forms(school, library)
            + check_trust_logo(school, pictures) + core_sections_omitted(school, library))


def core_sections_omitted(school: SchoolFile, library: Library) -> list[Problem]:
    """A whole section omitted that holds core clauses: legal duties, safeguarding routes or reporting."""
    problems = []
    for i, part in enumerate(school.data.clauses.omit):
        section = next((s for s in library.sections if s.id == part), None)
        if section is None:
            continue
        core = [c.id for c in section.clauses if (c.level or section.level) == "core"
                and (not c.phases or school.data.school.phase in c.phases)]
        if core:
            shown = ", ".join(core[:4]) + (f" and {len(core) - 4} more" if len(core) > 4 else "")
            problems.append(school.doc.problem(("clauses", "omit", i), (
                f"'{part}' is a core section: it holds {len(core)} core clause(s) ({shown}), which a sound policy "
                "cannot leave out (legal duties, safeguarding routes, reporting). Omit single clauses instead, or "
                f"replace them with your own words ('clauses: replace: {core[0]}: ...')"), severity="warning"))
    return problems
