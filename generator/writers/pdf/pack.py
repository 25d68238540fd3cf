"""PolicyDocument -> the governors' policy pack: one printable, signable A4 PDF.

The policy in the pack is the document model's own clause HTML, the same
HTML the site shows, so the printed words and numbers cannot drift from the
published ones. Only links change (see print_links).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from generator.markup.words import long_date, sentence
from generator.model.changes import Approval, Changes
from generator.model.document import PolicyDocument, Section
from generator.project import Project
from generator.resolve.links import PACK_FILE, POLICY_PAGE
from generator.writers.logo import cover_png
from generator.writers.pdf.jobs import IMAGE_SCHEME, PdfJob, plain, project_job
from generator.writers.pdf.print_links import for_print, page_address

PACK_TEMPLATE = "pack.html.j2"
STYLESHEETS = ("print.css", "pack.css")


@dataclass(frozen=True)
class PolicyPack:
    """What the pack template shows, all of it plain values or safe HTML."""

    school: dict[str, Any]
    title: str
    dates: dict[str, str]
    approval: dict[str, str]
    authorisations: list[dict[str, str]]
    history: list[dict[str, str]]
    sections: list[dict[str, Any]]
    forms: list[dict[str, Any]]
    signatories: list[dict[str, str]]
    governing_body: str
    approving_body: str  # who approves the policy: terms.approving_body
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
            "intro": printed(section.intro_html) if section.intro_markdown else None,
            "clauses": [{"id": c.id, "number": c.number, "anchor": c.anchor, "html": printed(c.html)}
                        for c in section.clauses]}


def pack_dates(doc: PolicyDocument) -> dict[str, str]:
    gov = doc.school.governance
    return {"version": gov.version, "written": long_date(gov.written), "last_reviewed": long_date(gov.last_reviewed),
            "next_review": long_date(doc.next_review), "as_of": long_date(doc.as_of)}


def pack_approval(approval: Approval | None) -> dict[str, str]:
    """'approved' (this version), 'awaiting' (it differs from the one approved) or 'none'."""
    if approval is None:
        return {"state": "none", "on": "", "by": "", "version": ""}
    return {"state": "awaiting" if approval.awaiting else "approved", "on": long_date(approval.on),
            "by": approval.by or "", "version": approval.version}


def authorisations(doc: PolicyDocument) -> list[dict[str, str]]:
    """The school file's rows, and the approval on record when no row says it yet."""
    rows = [(a.date, a.by, a.version) for a in doc.school.governance.authorisations]
    record = doc.approval
    if record and record.on_record and record.on and (record.on, record.version) not in {(d, v) for d, _, v in rows}:
        rows.append((record.on, record.by or sentence(plain(doc.people.approving_body)), record.version))
    return [{"date": long_date(d), "by": by, "version": v} for d, by, v in sorted(rows, key=lambda r: r[0])]


def signatories(doc: PolicyDocument) -> list[dict[str, str]]:
    """Who signs (governance.signatories, or the head and the chair), and when each last did."""
    return [{"title": plain(r.title), "name": plain(r.name or ""), "last_signed": long_date(r.signed)}
            for r in doc.people.signers]


def pack_changes(changes: Changes | None) -> dict[str, Any] | None:
    if changes is None:
        return None
    listed = [c for c in changes.items if c.kind != "moved"]  # renumbering alone is counted, not listed
    return {"since_version": changes.since_version, "since_date": long_date(changes.since_date), "listed": listed,
            "changed": changes.count("reworded", "renamed"),
            **{kind: changes.count(kind) for kind in ("added", "removed", "moved")}}


def build_pack(doc: PolicyDocument) -> PolicyPack:
    identity, gov = doc.school.school, doc.school.governance
    forms = doc.listed_forms()
    local = local_places([f.id for f in forms])
    return PolicyPack(
        school={"name": identity.name, "short_name": identity.short_name or identity.name,
                "motto": identity.motto or "", "logo": identity.logo, "policy_title": doc.title},
        title=doc.title, dates=pack_dates(doc),
        authorisations=authorisations(doc), approval=pack_approval(doc.approval),
        history=[{"date": long_date(h.date), "changes": h.changes, "next_review": long_date(h.next_review)}
                 for h in gov.history],
        sections=[pack_section(s, identity.site_url, local) for s in doc.sections],
        forms=[{"id": f.id, "fields": plain(f.fields)} for f in forms],
        signatories=signatories(doc), governing_body=plain(doc.people.governing_body),
        approving_body=plain(doc.people.approving_body),
        site_address=page_address(identity.site_url, POLICY_PAGE), changes=pack_changes(doc.changes),
        key_people=[{"title": plain(p.title), "name": plain(p.name), "contact": p.printed_contact}
                    for p in doc.people.key_people])


COVER_LOGO = "cover-logo.png"


def cover_images(doc: PolicyDocument) -> dict[str, bytes]:
    """The logo for the cover, re-encoded like the site's (never the school's own file)."""
    return {COVER_LOGO: cover_png(doc.logo)} if doc.logo else {}


def pack_html(pack: PolicyPack, env: jinja2.Environment, images: dict[str, bytes], lang: str = "en-GB") -> str:
    # A fixed name, not a file path, so the PDF does not depend on where the project is.
    logo = IMAGE_SCHEME + COVER_LOGO if COVER_LOGO in images else None
    return env.get_template(PACK_TEMPLATE).render(pack=pack, logo=logo, lang=lang, stylesheets=STYLESHEETS)


def pack_job(doc: PolicyDocument, project: Project, env: jinja2.Environment) -> PdfJob:
    pack = build_pack(doc)
    images = cover_images(doc)
    return project_job(project, PACK_FILE, pack_html(pack, env, images), f"{doc.title}: {doc.school.school.name}",
                       doc.as_of, images=images)
