"""Roles, units and signatories as templates use them: how people read in a sentence.

One person reads "the headteacher, Mrs A Khan"; several read "the executive
headteachers, Mrs A Khan and Mr B Shah". Every string is school data, so it is
escaped here once (see templating.data_text).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from generator.markup.words import data_text, join_and
from generator.model.people import PersonView, RoleView, Signer, UnitView
from generator.readers.school import Role, School, Signatory, Unit
from generator.resolve.words import Lexicon

DEFAULT_SIGNERS = ("headteacher", "chair_of_governors")  # when governance.signatories is empty
# Roles whose `members` are the people who hold it (the deputies' names), not a group's make-up.
NAMED_MEMBERS = ("deputy_dsls",)


def plural_of(title: str) -> str:
    """'executive headteacher' -> 'executive headteachers'; 'chair of trustees' -> 'chairs of trustees'."""
    head, sep, tail = title.partition(" of ")
    words = head.split(" ")
    last = words[-1]
    if re.search(r"(s|x|ch|sh)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return " ".join(words[:-1] + [last]) + sep + tail


def _person(name: str, phone: str | None, email: str | None) -> PersonView:
    return PersonView(data_text(name), data_text(phone) if phone else None, data_text(email) if email else None)


def held_by_nobody(key: str, role: Role | None) -> bool:
    """A role such as the deputies, given with nobody in it (`deputy_dsls: {members: []}`): the school has none."""
    return role is not None and key in NAMED_MEMBERS and not (role.title or role.name or role.people or role.members)


def role_view(key: str, role: Role | None, titles: dict[str, str], lexicon: Lexicon | None = None) -> RoleView | None:
    if role is None:
        return None
    title = role.title or titles[key]
    people = [_person(p.name, p.phone, p.email) for p in role.people]
    if role.name:
        people = [_person(role.name, role.phone, role.email)]
    name = join_and(p.name for p in people) if people else None
    count = len(people) or (len(role.members) if key in NAMED_MEMBERS and role.members else None)
    safe = data_text(title) if role.title else Markup(escape(title))
    if lexicon is not None:
        forms, written_plural = lexicon.forms(str(safe))
        one, many = Markup(forms.one), data_text(role.plural) if role.plural else Markup(forms.many)
        if not written_plural:
            one = safe  # the title as the school wrote it
    else:
        one, many = safe, data_text(role.plural or plural_of(title))
    return RoleView(safe, name, [data_text(m) for m in role.members], people, many, one, count)


def role_views(roles: Mapping[Any, Role | None], titles: dict[str, str],
               lexicon: Lexicon | None = None) -> dict[str, RoleView | None]:
    return {key: role_view(key, role, titles, lexicon) for key, role in roles.items()}


def unit_views(units: list[Unit], school_roles: dict[str, RoleView | None], titles: dict[str, str],
               lexicon: Lexicon | None = None) -> list[UnitView]:
    return [UnitView(u.id, data_text(u.name), school_roles | role_views(dict(u.roles), titles, lexicon), bool(u.roles))
            for u in units]


def signer_rows(signatory: Signatory, view: RoleView | None, default_title: str) -> list[Signer]:
    """One row per person who signs: a role held by several people signs once each."""
    title = data_text(signatory.title) if signatory.title else ((view.singular or view.title) if view else Markup(escape(default_title)))
    if signatory.name:
        names: list[Markup | None] = [data_text(signatory.name)]
    else:
        names = [p.name for p in view.people] if view and view.people else [None]
    return [Signer(title, n, signatory.signed) for n in names]


def signers(school: School, roles: dict[str, RoleView | None], titles: dict[str, str]) -> list[Signer]:
    """Who signs the approved policy: governance.signatories, or the head and the chair."""
    chosen = school.governance.signatories or [Signatory(role=r) for r in DEFAULT_SIGNERS]
    return [row for s in chosen for row in signer_rows(s, roles.get(s.role), titles[s.role])]

