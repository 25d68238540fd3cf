"""The Key people table: who holds each role, and how to reach them, from the school's roles."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.readers.school import School
from generator.resolve.roles import NAMED_MEMBERS  # roles whose members are people's names
from generator.resolve.templating import data_text, sentence

# The roles a parent or carer may need to contact, in the order the parents' page lists them.
PARENT_CONTACTS = ("dsl", "deputy_dsls", "headteacher", "consent_record_keeper", "chair_of_governors")


@dataclass(frozen=True)
class KeyPerson:
    role: str  # the role key
    title: Markup  # "Designated safeguarding lead"
    name: Markup  # escaped school text; empty when the role gives none
    phone: str
    email: str

    @property
    def contact(self) -> Markup:
        """Links to phone and email, safe HTML for a Markdown table cell or the pack."""
        parts = []
        if self.phone:
            dial = "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
            parts.append(Markup('<a href="tel:{}">{}</a>').format(dial, self.phone))
        if self.email:
            parts.append(Markup('<a href="mailto:{0}">{0}</a>').format(self.email))
        return Markup("<br>").join(parts) if parts else Markup("through the school office")

    @property
    def printed_contact(self) -> Markup:
        """For paper: the phone number as text, the email address as a mail link."""
        parts = [Markup("{}").format(self.phone)] if self.phone else []
        parts += [Markup('<a href="mailto:{0}">{0}</a>').format(self.email)] if self.email else []
        return Markup("<br>").join(parts) if parts else Markup("through the school office")




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
    usual = [k for k in PARENT_CONTACTS if every.get(k) is None or every[k].parent_facing is not False]
    marked = [k for k, role in every.items() if role is not None and role.parent_facing and k not in usual]
    return tuple(usual + marked)


def key_people(school: School, roles: dict[str, Any], only: tuple[str, ...] | None = None) -> list[KeyPerson]:
    """A row per person named in the school's roles (a role with only a title has no row)."""
    rows = []
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
