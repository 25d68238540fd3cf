"""The wording scan (issue 23): what reads wrong in a school's published text, whoever the school is.

`findings(school, page, where, text)` lists every problem in one piece of library text, each naming
the school, the page and the clause (or guide, form, section). The rules:

- broken possessives: "children' ", "pupils's";
- doubled words: "a nursery nursery", "the the";
- a singular verb after a role several people hold ("the technical support providers runs");
- another nation's words (jurisdictions.yml `own_words`: Ofsted in Wales...);
- words wrong for the phase or kind of school: sanctions, form tutors and former pupils in a
  nursery, governors where a school has none, "the whole school" in a federation of nurseries;
- a list whose items start some with a capital and some without.
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import Any

import yaml
from conftest import ROOT


@dataclass(frozen=True)
class Finding:
    school: str
    page: str
    where: str
    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.school}: {self.page}: {self.where}: {self.rule}: ...{self.excerpt}..."


@functools.cache
def own_words() -> dict[str, list[re.Pattern]]:
    data = yaml.safe_load((ROOT / "content" / "reference" / "jurisdictions.yml").read_text(encoding="utf-8"))
    return {p["id"]: [re.compile(w) for w in p["own_words"]] for p in data["jurisdictions"]}


@functools.cache
def irregular_plurals() -> tuple[str, ...]:
    """Plurals that do not end in s ('children', 'young people'): their possessive is 's."""
    data = yaml.safe_load((ROOT / "content" / "reference" / "words.yml").read_text(encoding="utf-8"))
    return tuple(sorted({w["many"] for w in data["words"] if not w["many"].endswith("s")}, key=len, reverse=True))


def plain(text: str) -> str:
    """Markdown or HTML as the words a reader sees (tags, links' addresses and emphasis gone)."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text).replace("\\", "")
    return re.sub(r"[*_`\[\]]", "", text)


# A word ending in s that is not a verb after a plural subject ("the deputies as well").
NOT_VERBS = {"as", "always", "across", "this", "its", "us", "thus", "plus", "unless", "perhaps", "less", "yes",
             "besides", "towards", "afterwards", "sometimes"}


@dataclass(frozen=True)
class Reader:
    """What is wrong for one school: its nation, phase, type and the roles several people hold."""

    school: str
    nation: str
    phase: str
    type: str
    setting: str
    plural_titles: tuple[str, ...] = ()
    units_all_nurseries: bool = False
    has_governors: bool = True
    principal: bool = False  # the school calls its head "principal" itself

    def findings(self, page: str, where: str, text: str) -> list[Finding]:
        words = " ".join(plain(text).split())
        found: list[Finding] = []

        def add(rule: str, match: re.Match) -> None:
            start, end = max(0, match.start() - 50), match.end() + 30
            found.append(Finding(self.school, page, where, rule, words[start:end]))

        for plural in irregular_plurals():
            for m in re.finditer(rf"\b{re.escape(plural)}'(?!s)", words):
                add("broken possessive", m)
        for m in re.finditer(r"\b\w+s's\b", words):
            if not m.group().lower().endswith("ss's"):
                add("broken possessive", m)
        for line in plain(text).splitlines():  # a heading's last word may start the next paragraph
            for m in re.finditer(r"\b(\w{2,})[ \t]+\1\b", line, re.I):
                if not re.fullmatch(r"\d+|that|had", m.group(1).lower()):
                    found.append(Finding(self.school, page, where, "doubled word", line[max(0, m.start() - 50):m.end() + 30]))
        for title in self.plural_titles:
            for m in re.finditer(rf"\b{re.escape(title)}(?:, [^,.;]+,)? (\w+)\b", words, re.I):
                verb = m.group(1).lower()
                if verb in ("is", "has", "was", "does") or (
                        verb.endswith("s") and not verb.endswith("ss") and verb not in NOT_VERBS and len(verb) > 3
                        and not verb.endswith("'s") and verb[-2:] != "us"):
                    add(f"singular verb after {title!r}", m)
        for other, patterns in own_words().items():
            for pattern in patterns if other != self.nation else []:
                if "rincipal" in pattern.pattern and self.principal:
                    continue  # the school's own title for its head (academies, colleges: check allows it)
                for m in pattern.finditer(words):
                    add(f"{other}'s word", m)
        for rule, pattern in self.wrong_for_school():
            for m in re.finditer(pattern, words):
                add(rule, m)
        found += self.list_starts(page, where, text)
        return found

    def wrong_for_school(self) -> list[tuple[str, str]]:
        rules = []
        nursery = self.phase == "nursery" or self.type == "early-years-setting"
        if nursery:
            rules += [
                ("sanctions in a nursery", r"(?i)\bsuspension\b|\bsuspended or\b|\bexclu(ded|sion)\b|\bexpel(led)?\b"),
                ("form tutor in a nursery", r"(?i)form tutor"),
                ("former pupils in a nursery", r"(?i)\bformer (children|pupils?|students?|young people|child)\b"),
            ]
        rules.append(("former learners", r"(?i)\bformer (children|child|young people|young person)\b"))
        if self.phase == "primary":
            rules.append(("form tutor in a primary school", r"(?i)form tutor"))
        if not self.has_governors:
            rules.append(("governors where there are none", r"\bGovernors use it\b|policy pack for governors"))
        if self.units_all_nurseries:
            rules.append(("the whole school in a federation of nurseries", r"(?i)\bwhole school\b(?! (day|year|session))"))
        if self.setting in ("nursery", "setting", "pre-school"):
            rules.append(("the setting's word doubled", rf"(?i)\ba {re.escape(self.setting)} {re.escape(self.setting)}\b"))
        return rules

    def list_starts(self, page: str, where: str, text: str) -> list[Finding]:
        """Items of one Markdown list start all with a capital or all without."""
        found = []
        for block in re.split(r"\n\s*\n", text):
            items = re.findall(r"^\s*(?:[-*+]|\d+\.)\s+(?:\*\*)?([A-Za-z])", block, re.M)
            if len(items) > 1 and len({c.isupper() for c in items}) > 1:
                found.append(Finding(self.school, page, where, "list items start differently",
                                     " | ".join(line.strip()[:40] for line in block.splitlines()[:6])))
        return found


def reader_for(document: Any) -> Reader:
    school, context = document.school, document.context
    roles = [r for r in context["roles"].values() if r is not None and r.several]
    units = school.school.units
    terms = context["terms"]
    return Reader(
        school=document.slug, nation=school.school.jurisdiction, phase=school.school.phase, type=school.school.type,
        setting=str(terms["setting"]),
        plural_titles=tuple(sorted({str(r.label) for r in roles}, key=len, reverse=True)),
        units_all_nurseries=bool(units) and school.school.phase == "nursery",
        principal="principal" in str(context["roles"]["headteacher"].title).lower(),
        has_governors="govern" in str(terms["governing_body"]).lower())


def document_texts(document: Any) -> list[tuple[str, str, str]]:
    """(page, where, text) for every piece of library text in a resolved document."""
    texts = [("policy", f"clause {c.id}", c.markdown) for c in document.clauses() if c.source == "library"]
    texts += [("policy", f"section {s.id}", f"{s.title}\n\n{s.intro_markdown}") for s in document.sections]
    texts += [(f"guides/{g.guide.id}", f"guide {g.guide.id}", g.markdown) for g in document.guides]
    return texts + [(f"forms/{f.id}", f"form {f.id}", f.markdown) for f in document.forms]
