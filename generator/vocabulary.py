"""The project's words, each defined once: phases, nations, kinds of school, policy kinds,
audiences, levels, the forms ids, slugs and addresses take, and the strict base model.

Readers validate against these; the starter, the CLI and resolve read the same lists.
A form's message lives beside its rule, so a school is told what to write, not which
regular expression failed.
"""

import re
import unicodedata
from collections.abc import Iterable
from typing import Annotated, Callable, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from generator.errors import UsageError, printable


class Strict(BaseModel):
    """Every record read from a file: unknown keys are refused (a typo is never ignored), values frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- lists of words ------------------------------------------------------------------------

Phase = Literal["nursery", "primary", "secondary", "all-through", "special"]
PHASES: tuple[Phase, ...] = get_args(Phase)

Nation = Literal["england", "wales", "scotland", "northern-ireland"]  # a school's `jurisdiction`
NATIONS: tuple[Nation, ...] = get_args(Nation)

SchoolType = Literal["maintained", "academy", "free-school", "independent", "special", "early-years-setting",
                     "college"]
SCHOOL_TYPES: tuple[SchoolType, ...] = get_args(SchoolType)

PolicyKind = Literal["social-media", "online-safety", "acceptable-use", "mobile-phones", "images"]
POLICY_KINDS: tuple[PolicyKind, ...] = get_args(PolicyKind)
# What each kind of policy is called unless the school says otherwise (`policy.title`).
KIND_TITLES: dict[str, str] = {
    "social-media": "Social Media Policy",
    "online-safety": "Online Safety Policy",
    "acceptable-use": "Acceptable Use Policy",
    "mobile-phones": "Mobile Phone Policy",
    "images": "Photography and Video Policy",
}

Audience = Literal["everyone", "staff", "parents", "pupils"]  # who a policy's text is for
AUDIENCES: tuple[Audience, ...] = get_args(Audience)

FormAudience = Literal["families", "staff"]  # who fills a form in: staff forms never appear on parents' pages

Learners = Literal["pupils", "students", "children", "young people", "learners"]  # what a school calls its children

Level = Literal["core", "standard", "extra"]
LEVELS: tuple[Level, ...] = get_args(Level)

# The appendices a policy may have: the forms, the agreements, then the tables (a school's policy.appendices chooses).
FORMS = ["blocked-content-access", "inappropriate-content-report", "pupil-agreement", "parent-agreement", "image-consent"]
# Acceptable use agreements, one per audience (issue 21): appendices of the acceptable use and online safety policies.
AGREEMENTS = ["aup-early-years", "aup-primary", "aup-secondary", "aup-staff", "aup-governors", "aup-visitors",
              "aup-parents"]
TABLES = ["site-contacts", "phone-providers", "parent-guides"]
APPENDICES = FORMS + AGREEMENTS + TABLES

Adopt = Literal["core", "standard", "full"]  # a school's policy.adopt: which levels its policy starts from
ADOPTED_LEVELS: dict[Adopt, tuple[Level, ...]] = {"core": LEVELS[:1], "standard": LEVELS[:2], "full": LEVELS}


# --- forms of text: each rule with the words that say how to write it ------------------------

def _form(kind: str, pattern: str, says: str, strip: bool = False,
          longest: tuple[int, str] | None = None) -> Callable[[str], str]:
    """`longest`: the most characters a value may have, and what it is ("a web address")."""
    rule = re.compile(pattern)

    def check(value: str) -> str:
        value = value.strip() if strip else value
        if longest is not None and len(value) > longest[0]:
            raise PydanticCustomError(kind, "is {length} characters long; {what} is at most {most} characters "
                                            "(no working one is longer): shorten it",
                                      {"length": f"{len(value):,}", "what": longest[1], "most": f"{longest[0]:,}"})
        if not rule.fullmatch(value):
            raise PydanticCustomError(kind, "'{value}' " + says, {"value": printable(value, 40, one_line=True)})
        return value
    return check


_ID = r"[a-z0-9][a-z0-9-]*"
ID_PATTERN = rf"{_ID}"
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")
MAX_ADDRESS = 2_000  # characters: see WebAddress

# Ids of library sections, guides, units and forms: lowercase letters, digits and hyphens.
Id = Annotated[str, AfterValidator(_form(
    "id_form", ID_PATTERN, "is not an id; ids are lowercase letters, digits and hyphens, e.g. staff-personal"))]
# A library clause: <section-id>.<slug>.
LibraryClauseId = Annotated[str, AfterValidator(_form(
    "id_form", rf"{_ID}\.{_ID}", "is not a clause id; ids look like staff-personal.no-alias"))]
# A clause a school names (a library clause, or one of its own): ids with one dot or more.
ClauseId = Annotated[str, AfterValidator(_form(
    "id_form", rf"{_ID}(\.{_ID})+", "is not a clause id; ids look like staff-personal.no-alias"))]
# A library section id (blogging) or a clause id (blogging.moderation): what include and omit accept.
PartId = Annotated[str, AfterValidator(_form(
    "id_form", rf"{_ID}(\.{_ID})*",
    "is not a clause or section id; ids look like blogging or staff-personal.no-alias"))]
OwnSectionId = Annotated[str, AfterValidator(_form(
    "id_form", rf"own\.{_ID}", "is not an own section id; start it with own., e.g. own.school-trips"))]
TermKey = Annotated[str, AfterValidator(_form(
    "id_form", r"[a-z_]+", "is not a term's name; write lowercase letters and underscores, e.g. pupils"))]
FieldName = Annotated[str, AfterValidator(_form(
    "id_form", r"[a-z][a-z0-9_]*", "is not a field name; write lowercase letters, digits and underscores"))]

Colour = Annotated[str, AfterValidator(_form(
    "text_form", r"#[0-9a-fA-F]{6}", "is not a colour; write it as # and six hex digits, e.g. #1d4f91"))]
# Lengths far beyond a real one (browsers and servers stop at about 2,000 characters of an address): an
# address is printed on every handout and sheet, where a long word is broken anywhere, at a cost that grows
# with the square of its length.
WebAddress = Annotated[str, AfterValidator(_form(
    "text_form", WEB_ADDRESS.pattern, "is not a web address; write it in full, starting with https://",
    longest=(MAX_ADDRESS, "a web address")))]
Email = Annotated[str, AfterValidator(_form(
    "text_form", r"[^@\s<>\"'()|]+@[^@\s<>\"'()|]+\.[^@\s<>\"'()|]+",
    "is not an email address; write it like office@school.example.org", strip=True,
    longest=(254, "an email address")))]
Phone = Annotated[str, AfterValidator(_form(
    "text_form", r"\+?[0-9][0-9 ()-]{5,}(\s*(ext|x)\.?\s*[0-9]+)?",
    "is not a phone number; write digits and spaces, e.g. 01632 960 123", strip=True,
    longest=(40, "a phone number")))]

FORM_KINDS = ("id_form", "text_form")  # errors whose message is already what to say (readers/schema.py)


# --- slugs: a school's or a trust's file name, site folder and part of its links ------------

SLUG_MAX = 60
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
SLUG_RULE = (f"a slug is lowercase letters, digits and hyphens, at most {SLUG_MAX} characters, "
             "starting and ending with a letter or digit")


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot name a school's (or a trust's) file and site folder, or None when it can.

    The slug becomes a file name, a folder of the site and part of its links, so it is kept to a
    set of characters that is safe in all three."""
    if len(slug) > SLUG_MAX:
        return f"is {len(slug)} characters long; {SLUG_RULE}"
    if not _SLUG.fullmatch(slug):
        return f"is not a slug: {SLUG_RULE}"
    return None


def suggest_slug(text: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A valid slug close to `text` ('My School' -> 'my-school'), avoiding the slugs `taken`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:SLUG_MAX].strip("-") or "my-school"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base[:SLUG_MAX - len(str(n)) - 1].strip('-')}-{n}", n + 1
    return slug


def check_slug(slug: str, what: str = "school") -> str:
    """`slug` when it is one; otherwise a usage error with a slug to write instead."""
    problem = slug_problem(slug)
    if problem:
        raise UsageError(f"'{printable(slug, 80, cut='...')}' {problem} "
                         f"(for example '{suggest_slug(slug)}'); nothing was changed")
    return slug


def _slug_form(value: str) -> str:
    problem = slug_problem(value)
    if problem:
        raise PydanticCustomError("id_form", "'{value}' " + problem, {"value": printable(value, 40, one_line=True)})
    return value


Slug = Annotated[str, AfterValidator(_slug_form)]


# --- placeholders in school text: {{ roles.headteacher }}, a name looked up in a fixed table ---

# Every token, including those refused. A token ends at its first }} (or %}) and holds no other {{ or {%: so
# it is found from each opening in time linear in the text, however many are never closed ("{{ " 6,000 times
# took seconds).
PLACEHOLDER = re.compile(r"\{\{((?:(?!\{[{%]).)*?)\}\}|\{%((?:(?!\{[{%]).)*?)%\}", re.S)
_PLACEHOLDER_NAME = re.compile(r"^\s*([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\s*$")


def placeholder_name(match: re.Match[str]) -> str | None:
    """The dotted name a `{{ ... }}` token holds, or None for a `{% %}` tag or anything else."""
    if match.group(2) is not None:
        return None
    found = _PLACEHOLDER_NAME.match(match.group(1))
    return found.group(1) if found else None


# {{ roles.dsl }}, {{ roles.dsl.named }} ('the designated safeguarding lead, Ms D Demo'), {{ roles.dsl.named_comma }}
# (the same, closed by a comma when the sentence goes on) and {{ roles.dsl.possessive }}: each a RoleView attribute
ROLE_FORMS = ("", "named", "named_comma", "possessive")
WORD_FORMS = ("one", "many", "possessive")  # what school text may ask a term for: {{ terms.pupils.possessive }}
SCHOOL_NAMES = ("school.name", "school.short_name")
# What reference prose (a law's `why`) may ask for: the school's word for its learners and for itself, in the form
# its sentence needs ("rules on {{ terms.pupils.possessive }} phones": "pupils' phones", "children's phones"; "the
# {{ terms.setting.possessive }} systems": "the academy's systems"). Every school has them.
WHY_PLACEHOLDERS = ("terms.pupils", "terms.pupils.possessive", "terms.pupil", "terms.pupil.possessive",
                    "terms.setting", "terms.setting.possessive")
TRUST_NAMES = ("trust.name",)


def placeholder_table(roles: Iterable[str], terms: Iterable[str], words: Iterable[str], trust: bool) -> list[str]:
    """The one table of names school text may use: each role the school gives, in each form; each term
    that has words, and the forms of those that are words with forms (`words`); the school's names, and
    its trust's when it has one. check refuses any other name (check/placeholders.py) and resolve fills
    exactly these (resolve/context.py placeholder_values), so neither can know a name the other does not."""
    words = list(words)
    return ([f"roles.{key}" + (f".{form}" if form else "") for key in roles for form in ROLE_FORMS]
            + [f"terms.{key}" for key in terms]
            + [f"terms.{key}.{form}" for key in words for form in WORD_FORMS]
            + list(SCHOOL_NAMES) + (list(TRUST_NAMES) if trust else []))
