"""Who is who in a policy, as resolve rendered it: roles, units, signers and the Key people table.

Every name here is school data already escaped (markup/words.data_text), so templates and
writers print these records as they are. Resolve makes them (resolve/roles.py, resolve/people.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.markup.words import possessive


@dataclass(frozen=True)
class PersonView:
    name: Markup
    phone: Markup | None = None
    email: Markup | None = None

    def __html__(self) -> str:
        return self.name

    __str__ = __html__


@dataclass(frozen=True)
class RoleView:
    """A role as clauses use it: `{{ roles.dsl }}` reads 'the designated safeguarding lead'."""

    title: Markup
    name: Markup | None
    members: list[Markup]
    people: list[PersonView] = field(default_factory=list)
    plural: Markup | None = None
    singular: Markup | None = None  # the title for one person (the title as written, unless that is plural)
    count: int | None = None  # how many hold it; None: nobody is named, and the title says the number

    @property
    def several(self) -> bool:
        """Several people hold the role: verbs and titles agree (`{{ roles.dsl|verb('leads') }}`)."""
        if self.count is None:
            return bool(self.plural) and self.title == self.plural and self.title != self.singular
        return self.count > 1

    @property
    def label(self) -> Markup:
        """The title in the role's number, without 'the': 'deputy designated safeguarding lead' for one."""
        if self.several:
            return self.plural or self.title
        return self.singular or self.title

    @property
    def one(self) -> Markup:
        """'the deputy designated safeguarding lead': one of the people who hold it."""
        return Markup("the ") + (self.singular or self.title)

    @property
    def possessive(self) -> Markup:
        """"the headteacher's", "the executive headteachers'"."""
        return Markup(possessive(str(self.__html__()), self.several))

    def __html__(self) -> str:
        return Markup("the ") + self.label

    __str__ = __html__

    @property
    def named(self) -> Markup:
        """'the principal, Mrs K Doyle': ends a phrase ('Tell {{ roles.headteacher.named }}.')."""
        return self.__html__() + (Markup(", ") + self.name if self.name else Markup(""))

    @property
    def named_comma(self) -> Markup:
        """'the principal, Mrs K Doyle,': the name set off on both sides, for more words after it
        ('{{ roles.dsl.named_comma|sentence }} leads on it'); with no name, just the title."""
        return self.named + (Markup(",") if self.name else Markup(""))

    def agree(self, one: str, several: str) -> str:
        """The verb that agrees with the role: `{{ roles.headteacher.agree('has', 'have') }}`."""
        return several if self.several else one


@dataclass(frozen=True)
class UnitView:
    """A unit of the school; `roles` holds its own people, falling back to the school's."""

    id: str
    name: Markup
    roles: dict[str, RoleView | None]
    own_people: bool

    def __html__(self) -> str:
        return self.name

    __str__ = __html__


@dataclass(frozen=True)
class Signer:
    """One row of the signature table: a role held by several people signs once each."""

    title: Markup
    name: Markup | None
    signed: dt.date | None


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


@dataclass(frozen=True)
class People:
    """What the writers need of who is who: the role views, the bodies' names, signers, Key people."""

    roles: dict[str, RoleView | None]
    governing_body: Markup | str
    approving_body: Markup | str
    signers: tuple[Signer, ...]
    key_people: tuple[KeyPerson, ...]
    units: tuple[UnitView, ...] = ()
