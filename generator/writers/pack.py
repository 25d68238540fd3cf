"""PolicyDocument -> the governors' policy pack: one printable, signable A4 PDF.

The policy in the pack is the document model's own clause HTML, the same
HTML the site shows, so the printed words and numbers cannot drift from the
published ones. Only links change (see print_links).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.model.changes import Changes
from generator.model.document import PolicyDocument, Section
from generator.project import Project
from generator.resolve.links import POLICY_PAGE
from generator.resolve.markdown import to_html
from generator.resolve.templating import long_date
from generator.writers.pdf import html_to_pdf, plain
from generator.writers.print_links import for_print, page_address

PACK_TEMPLATE = "pack.html.j2"
STYLESHEETS = ("print.css", "pack.css")
SIGNATORIES = ("headteacher", "chair_of_governors")


@dataclass(frozen=True)
class PolicyPack:
    """What the pack template shows, all of it plain values or safe HTML."""

    school: dict[str, Any]
    title: str
    dates: dict[str, str]
    authorisations: list[dict[str, str]]
    history: list[dict[str, str]]
    sections: list[dict[str, Any]]
    forms: list[dict[str, Any]]
    signatories: list[dict[str, str]]
    governing_body: str
    site_address: str | None
    changes: dict[str, Any] | None  # since the approved version on record
    key_people: list[dict[str, Any]]  # role title, name and contact links (safe HTML)


def local_places(forms: list[str]) -> dict[str, str]:
    """Site pages the pack itself holds, and the id of their place in it."""
    return {POLICY_PAGE: "policy"} | {f"forms/{f}.md": f"form-{f}" for f in forms}


def pack_section(section: Section, site_url: str | None, local: dict[str, str]) -> dict[str, Any]:
    def printed(html: str) -> Markup:
        return for_print(html, POLICY_PAGE, site_url, local)

    return {"number": section.number, "title": section.title, "anchor": section.anchor,
            "intro": printed(to_html(section.intro_markdown)) if section.intro_markdown else None,
            "clauses": [{"id": c.id, "number": c.number, "anchor": c.anchor, "html": printed(c.html)}
                        for c in section.clauses]}


def pack_dates(doc: PolicyDocument) -> dict[str, str]:
    gov = doc.school.governance
    return {"version": gov.version, "written": long_date(gov.written), "approved": long_date(gov.approved),
            "approved_by": gov.approved_by or "", "last_reviewed": long_date(gov.last_reviewed),
            "next_review": long_date(doc.next_review), "as_of": long_date(doc.as_of)}


def signer(doc: PolicyDocument, role: str) -> tuple[Any, Any]:
    """The title and name of a signatory, from the school's roles or the nation's usual terms."""
    view, terms = doc.context["roles"].get(role), doc.context["terms"]
    if view:
        return view.title, view.name or ""
    return (terms["head"], "") if role == "headteacher" else (f"chair of the {plain(terms['governing_body'])}", "")


def signatories(doc: PolicyDocument) -> list[dict[str, str]]:
    """The head and the chair always sign; the data records when each last did."""
    signed = {s.role: s.signed for s in doc.school.governance.signatories}
    return [dict(zip(("title", "name"), map(plain, signer(doc, r))), last_signed=long_date(signed.get(r)))
            for r in SIGNATORIES]


def pack_changes(changes: Changes | None) -> dict[str, Any] | None:
    if changes is None:
        return None
    listed = [c for c in changes.items if c.kind != "moved"]  # renumbering alone is counted, not listed
    return {"since_version": changes.since_version, "since_date": long_date(changes.since_date), "listed": listed,
            **{kind: changes.count(kind) for kind in ("added", "changed", "removed", "moved")}}


def build_pack(doc: PolicyDocument) -> PolicyPack:
    identity, gov = doc.school.school, doc.school.governance
    forms = doc.listed_forms()
    local = local_places([f.id for f in forms])
    return PolicyPack(
        school={"name": identity.name, "short_name": identity.short_name or identity.name,
                "motto": identity.motto or "", "logo": identity.logo, "policy_title": doc.title},
        title=doc.title, dates=pack_dates(doc),
        authorisations=[{"date": long_date(a.date), "by": a.by, "version": a.version} for a in gov.authorisations],
        history=[{"date": long_date(h.date), "changes": h.changes, "next_review": long_date(h.next_review)}
                 for h in gov.history],
        sections=[pack_section(s, identity.site_url, local) for s in doc.sections],
        forms=[{"id": f.id, "fields": plain(f.fields)} for f in forms],
        signatories=signatories(doc), governing_body=plain(doc.context["terms"]["governing_body"]),
        site_address=page_address(identity.site_url, POLICY_PAGE), changes=pack_changes(doc.changes),
        key_people=[{"title": plain(p.title), "name": plain(p.name), "contact": p.printed_contact}
                    for p in doc.context["key_people"]])


def pack_html(pack: PolicyPack, project: Project, env: jinja2.Environment, lang: str = "en-GB") -> str:
    logo = (project.root / pack.school["logo"]).resolve().as_uri() if pack.school["logo"] else None
    return env.get_template(PACK_TEMPLATE).render(pack=pack, logo=logo, lang=lang, stylesheets=STYLESHEETS)


def pack_pdf(doc: PolicyDocument, project: Project, env: jinja2.Environment) -> bytes:
    html = pack_html(build_pack(doc), project, env)
    return html_to_pdf(html, base_dir=project.content / "print", allowed=[project.content, project.root / "data"],
                       title=f"{doc.title}: {doc.school.school.name}", created=doc.as_of)


def write_pack(doc: PolicyDocument, project: Project, env: jinja2.Environment, folder: Path) -> Path:
    path = folder / "policy-pack.pdf"
    path.write_bytes(pack_pdf(doc, project, env))
    return path
