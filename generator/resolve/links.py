"""Links between the pages of a school's site, relative to the page being written."""
from __future__ import annotations

import posixpath
from typing import Any, Callable

from markupsafe import Markup, escape

from generator.errors import LibraryError

POLICY_PAGE = "policy.md"
FOLDER_PAGES = {"parents", "guides", "forms"}  # pages that are a folder's index


PACK_FILE = "downloads/policy-pack.pdf"  # the governors' pack, relative to the docs folder

# How a clause names a kind of policy the school does not publish beside this one.
KIND_WORDS = {
    "social-media": "social media policy",
    "online-safety": "online safety policy",
    "acceptable-use": "acceptable use policy",
    "mobile-phones": "mobile phone policy",
    "images": "photography and video policy",
}


def policy_page(kind: str, kinds: list[str]) -> str:
    """The page of one kind of the school's policies: the first keeps policy.md, each further one <kind>.md."""
    return POLICY_PAGE if not kinds or kind == kinds[0] else f"{kind}.md"


def pack_file(kind: str, kinds: list[str]) -> str:
    """The printed pack of one kind: the first keeps downloads/policy-pack.pdf."""
    return PACK_FILE if not kinds or kind == kinds[0] else f"downloads/{kind}-pack.pdf"


def clauses_file(kind: str, kinds: list[str]) -> str:
    """clauses.json of one kind, relative to the school's site: the first keeps clauses.json."""
    return "clauses.json" if not kinds or kind == kinds[0] else f"{kind}/clauses.json"


def policy_referrer(this: str, kinds: list[str], titles: dict[str, Markup], current: str,
                    setting: Any = "school") -> Callable[[str], Markup]:
    """policy_ref('acceptable-use'): "this policy" inside that kind's own document; a link to its page
    when the school publishes it too; otherwise its name in words ("the school's acceptable use policy",
    "the academy's": `setting` is terms.setting)."""
    owner = getattr(setting, "possessive", None) or Markup(escape(f"{setting}'s"))

    def policy_ref(kind: str) -> Markup:
        if kind not in KIND_WORDS:
            raise LibraryError(f"content/library: policy_ref('{kind}') names no kind of policy; "
                               f"the kinds are {', '.join(KIND_WORDS)}")
        if kind == this:
            return Markup("this policy")
        if kind in kinds:
            target = posixpath.relpath(policy_page(kind, kinds), posixpath.dirname(current) or ".")
            return Markup("the [{}]({})").format(titles[kind], target)
        return Markup("the ") + owner + Markup(" ") + KIND_WORDS[kind]

    return policy_ref


def picture_file(clause_id: str) -> str:
    """Where the picture of a school's own clause is published, relative to the docs folder."""
    return f"assets/school-pictures/{clause_id.replace('.', '-')}.png"


def form_file(form_id: str) -> str:
    """Where a form's fillable PDF is written, relative to the docs folder."""
    return f"downloads/{form_id}.pdf"


def handout_file(guide_id: str) -> str:
    """Where a guide's printable handout is written, relative to the docs folder."""
    return f"downloads/guide-{guide_id}.pdf"


def sheet_file(guide_id: str, paper: str = "A4") -> str:
    """Where a guide's one-page handout is written (A4, or the A5 version), relative to the docs folder."""
    return f"downloads/handout-{guide_id}.pdf" if paper == "A4" else f"downloads/handout-{guide_id}-{paper.lower()}.pdf"


def page_link(current: str) -> Callable[[str], str]:
    """page('guides/instagram') -> a .md path relative to the page being written."""

    def page(target: str) -> str:
        path = f"{target}/index.md" if target in FOLDER_PAGES else f"{target}.md"
        return posixpath.relpath(path, posixpath.dirname(current) or ".")

    return page


class MissingClause(LibraryError):
    """ref() named a clause that is not in this policy. The resolver knows why:
    a school's `clauses: omit` (the school's to fix) or a library condition (a maintainer's)."""

    def __init__(self, clause_id: str):
        self.clause_id = clause_id
        super().__init__(f"content/library: ref('{clause_id}') names a clause that is not in this policy")


def clause_ref(numbers: dict[str, str], current: str, home: str = POLICY_PAGE) -> Callable[[str], Markup]:
    """ref('definitions.social-media') -> a link to that clause, showing its number.
    `home`: the page the numbered policy is on (policy.md, or a further kind's page)."""

    def ref(clause_id: str) -> Markup:
        if clause_id not in numbers:
            raise MissingClause(clause_id)
        number = numbers[clause_id]
        target = "" if current == home else posixpath.relpath(home, posixpath.dirname(current) or ".")
        return Markup(f"[{number}]({target}#clause-{number.replace('.', '-')})")

    return ref


def clause_citer(numbers: dict[str, str], own_words: set[str], current: str,
                 home: str = POLICY_PAGE) -> Callable[[str, str], Markup]:
    """cite('pupils.no-alias', 'not using false names') -> 'not using false names (11.12)', or ''
    when the clause is not in this policy or the school gave it its own words (it may no longer say that)."""
    ref = clause_ref(numbers, current, home)

    def cite(clause_id: str, words: str) -> Markup:
        if clause_id not in numbers or clause_id in own_words:
            return Markup("")
        return Markup("{} ({})").format(words, ref(clause_id))

    return cite
