"""`check`: links and pictures in the Markdown a school writes (ethos, own clauses and sections, replacements).

The text is rendered exactly as it will be published and the HTML is read back,
so reference links, autolinks, entities and odd characters are judged by what a
browser would follow, not by a pattern over the Markdown. The sanitiser
(markup/sanitise.py) removes anything this misses; this says which line to fix.
"""
from __future__ import annotations

from typing import Iterator

from generator.errors import Problem, printable
from generator.markup.markdown import to_html
from generator.markup.sanitise import ALLOWED, SCHEME, links_and_images, normalise_url, url_problem
from generator.markup.words import data_markdown
from generator.readers.school import SchoolFile

Loc = tuple


def school_markdown(school: SchoolFile) -> Iterator[tuple[Loc, str]]:
    """Every field that keeps the school's Markdown formatting, with where it is."""
    data = school.data
    if data.school.ethos:
        yield ("school", "ethos"), data.school.ethos
    for i, own in enumerate(data.clauses.add):
        yield ("clauses", "add", i, "text"), own.text
    for clause_id, text in data.clauses.replace.items():
        yield ("clauses", "replace", clause_id), text
    for i, section in enumerate(data.clauses.add_sections):
        if section.intro:
            yield ("clauses", "add_sections", i, "intro"), section.intro


def target_problems(tag: str, url: str, text: str) -> str | None:
    if tag == "img":
        return (f"the picture '{printable(text, 80)}' ({printable(url, 80)}) cannot be used: policy text may not show "
                "pictures, and nothing is fetched from outside the project. Describe it in words instead "
                "(the school's logo goes in school.logo)")
    reason = url_problem(url) or _not_a_place(url)
    if reason is None:
        return None
    return (f"the link '{printable(text.strip(), 80)}' goes to '{printable(url, 80)}': {reason}. Links may be {ALLOWED} "
            "(e.g. https://www.example.sch.uk/page or #clause-5-2)")


def _not_a_place(url: str) -> str | None:
    """School text is on the policy page: a link without a scheme may only be a place on it."""
    if _has_scheme(url) or url.startswith("#"):
        return None
    return "that is neither a web address nor a place in this policy"


def _has_scheme(url: str) -> bool:
    return SCHEME.match(normalise_url(url)) is not None


def check_school_links(school: SchoolFile) -> list[Problem]:
    problems = []
    for loc, markdown in school_markdown(school):
        html = to_html(str(data_markdown(markdown)))
        for tag, url, text in links_and_images(html):
            message = target_problems(tag, url, text)
            if message:
                problems.append(school.doc.problem(loc, message))
    return problems
