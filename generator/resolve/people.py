"""The Key people table: who holds each role, and how to reach them, from the school's roles."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.markup.words import data_text, sentence
from generator.model.people import KeyPerson
from generator.readers.school import School
from generator.resolve.roles import NAMED_MEMBERS  # roles whose members are people's names

# The roles a parent or carer may need to contact, in the order the parents' page lists them.
PARENT_CONTACTS = ("dsl", "deputy_dsls", "headteacher", "consent_record_keeper", "chair_of_governors")


def _people(key: str, role: Any) -> list[tuple[str, str, str]]:
    """(name, phone, email) for each person holding a role: one `name`, or several `people`."""
    found = [(p.name, p.phone or "", p.email or "") for p in getattr(role, "people", None) or []]
    if role.name or role.phone or role.email:
        found.insert(0, (role.name or "", role.phone or "", role.email or ""))
    if not found and key in NAMED_MEMBERS:
        found = [(member, "", "") for member in role.members]
    return found


def parent_facing(school: School) -> tuple[str, ...]:
    """The roles a parent may contact: the usual ones and any role the school marks `parent_facing: true`,
    less any it marks `parent_facing: false`."""
    every = school.roles.all_roles()
    usual = [k for k in PARENT_CONTACTS if (role := every.get(k)) is None or role.parent_facing is not False]
    marked = [k for k, role in every.items() if role is not None and role.parent_facing and k not in usual]
    return tuple(usual + marked)


def key_people(school: School, roles: dict[str, Any], only: tuple[str, ...] | None = None) -> list[KeyPerson]:
    """A row per person named in the school's roles (a role with only a title has no row)."""
    rows: list[KeyPerson] = []
    every = school.roles.all_roles()
    for key in only or tuple(every):
        role, view = every.get(key), roles.get(key)
        if role is None or view is None:
            continue
        for name, phone, email in _people(key, role):
            title = sentence(view.singular or view.title)  # one person a row: the title for one
            person = KeyPerson(key, title, data_text(name) if name else Markup(""), phone, email)
            if (person.title, person.name, phone, email) not in {(r.title, r.name, r.phone, r.email) for r in rows}:
                rows.append(person)  # one person in two roles of the same title (network manager) once
    return rows
