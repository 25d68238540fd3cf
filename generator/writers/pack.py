"""PolicyDocument -> the governors' policy pack: one printable, signable A4 PDF.

The policy in the pack is the document model's own clause HTML, the same
HTML the site shows, so the printed words and numbers cannot drift from the
published ones. Only links change (see print_links).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from generator.model.changes import Approval, Changes, grouped, version_label
from generator.model.document import PolicyDocument, Section
from generator.project import Project
from generator.readers.logo import read_logo
from generator.resolve.links import pack_file
from generator.resolve.markdown import published_html
from generator.resolve.templating import long_date, sentence
from generator.writers.logo import cover_png, own_pictures
from generator.writers.pdf import IMAGE_SCHEME, PdfJob, plain, project_job
from generator.writers.print_links import for_print, page_address

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
    summary: list[Markup] = ()  # the school's key messages (policy.summary), as safe HTML
    setting_possessive: str = "school's"  # terms.setting's possessive: "the academy's website"


def local_places(forms: list[str], page: str) -> dict[str, str]:
    """Site pages the pack itself holds, and the id of their place in it (`page`: the policy's own page)."""
    return {page: "policy"} | {f"forms/{f}.md": f"form-{f}" for f in forms}


def picture_name(path: str) -> str:
    """assets/school-pictures/own-flow.png -> picture-own-flow.png: its name among the pack's images."""
    return "picture-" + path.rsplit("/", 1)[-1]


_OWN_PICTURE = re.compile(r'src="(?:\.\./)*(assets/school-pictures/[a-z0-9-]+\.png)"')


def pack_section(section: Section, site_url: str | None, local: dict[str, str], page: str) -> dict[str, Any]:
    def printed(html: str) -> Markup:
        html = _OWN_PICTURE.sub(lambda m: f'src="{IMAGE_SCHEME}{picture_name(m.group(1))}"', html)
        return for_print(html, page, site_url, local)

    return {"number": section.number, "title": section.title, "anchor": section.anchor,
            "intro": printed(published_html(section.intro_markdown)) if section.intro_markdown else None,
            "clauses": [{"id": c.id, "number": c.number, "anchor": c.anchor, "html": printed(c.html)}
                        for c in section.clauses]}


def pack_dates(doc: PolicyDocument) -> dict[str, str]:
    gov = doc.school.governance
    return {"version": version_label(gov.version, doc.approval), "written": long_date(gov.written), "last_reviewed": long_date(gov.last_reviewed),
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
    if record and record.on_record and record.on:
        body = sentence(plain(doc.context["terms"]["approving_body"]))
        for on, by, version in (*record.earlier, (record.on, record.by, record.version)):
            if (on, version) not in {(d, v) for d, _, v in rows}:
                rows.append((on, by or body, version))
    return [{"date": long_date(d), "by": by, "version": v} for d, by, v in sorted(rows, key=lambda r: r[0])]


def signatories(doc: PolicyDocument) -> list[dict[str, str]]:
    """Who signs (governance.signatories, or the head and the chair), and when each last did."""
    return [{"title": plain(r["title"]), "name": plain(r["name"] or ""), "last_signed": long_date(r["signed"])}
            for r in doc.context["signers"]]


def pack_changes(changes: Changes | None) -> dict[str, Any] | None:
    if changes is None:
        return None
    listed = grouped([c for c in changes.items if c.kind != "moved"])  # renumbering alone is counted, not listed
    return {"since_version": changes.since_version, "since_date": long_date(changes.since_date), "listed": listed,
            "changed": changes.count("reworded", "renamed"),
            **{kind: changes.count(kind) for kind in ("added", "removed", "moved")}}


def build_pack(doc: PolicyDocument) -> PolicyPack:
    identity, gov = doc.school.school, doc.school.governance
    forms = doc.listed_forms()
    local = local_places([f.id for f in forms], doc.page)
    return PolicyPack(
        school={"name": identity.name, "short_name": identity.short_name or identity.name,
                "motto": identity.motto or "", "logo": identity.logo, "policy_title": doc.title,
                "trust": doc.school.trust.name if doc.school.trust else "", "trust_logo": trust_logo(doc)},
        title=doc.title, dates=pack_dates(doc),
        authorisations=authorisations(doc), approval=pack_approval(doc.approval),
        history=[{"date": long_date(h.date), "changes": h.changes, "next_review": long_date(h.next_review)}
                 for h in gov.history],
        sections=[pack_section(s, identity.site_url, local, doc.page) for s in doc.sections],
        forms=[{"id": f.id, "fields": plain(f.fields)} for f in forms],
        signatories=signatories(doc), governing_body=plain(doc.context["terms"]["governing_body"]),
        approving_body=plain(doc.context["terms"]["approving_body"]),
        site_address=page_address(identity.site_url, doc.page), changes=pack_changes(doc.changes),
        key_people=[{"title": plain(p.title), "name": plain(p.name), "contact": p.printed_contact,
                     "reachable": bool(p.phone or p.email)}
                    for p in doc.context["key_people"]],
        summary=[for_print(inline_html(m), doc.page, identity.site_url, local)
                 for m in doc.context["policy"]["summary"]],
        setting_possessive=plain(doc.context["terms"]["setting"].possessive))


def inline_html(markdown: str) -> str:
    """One key message as HTML for a list item: its paragraph without the <p> around it."""
    html = published_html(markdown).strip()
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html


COVER_LOGO = "cover-logo.png"
TRUST_LOGO = "trust-logo.png"


def trust_logo(doc: PolicyDocument) -> str | None:
    """The trust's logo, when the academy shows its own as well (without one, it shows the trust's as its own)."""
    trust = doc.school.trust
    return trust.logo if trust and trust.logo and trust.logo != doc.school.school.logo else None


def cover_images(pack: PolicyPack, project: Project) -> dict[str, bytes]:
    """The logos for the cover, re-encoded like the site's (never the school's or trust's own file)."""
    images = {COVER_LOGO: cover_png(read_logo(project.root, pack.school["logo"]))} if pack.school["logo"] else {}
    if pack.school["trust_logo"]:
        images[TRUST_LOGO] = cover_png(read_logo(project.root, pack.school["trust_logo"]))
    return images


def pack_html(pack: PolicyPack, env: jinja2.Environment, images: dict[str, bytes], lang: str = "en-GB") -> str:
    # A fixed name, not a file path, so the PDF does not depend on where the project is.
    logo = IMAGE_SCHEME + COVER_LOGO if COVER_LOGO in images else None
    trust = IMAGE_SCHEME + TRUST_LOGO if TRUST_LOGO in images else None
    return env.get_template(PACK_TEMPLATE).render(pack=pack, logo=logo, trust_logo=trust, lang=lang,
                                                  stylesheets=STYLESHEETS)


def pack_job(doc: PolicyDocument, project: Project, env: jinja2.Environment) -> PdfJob:
    pack = build_pack(doc)
    images = cover_images(pack, project) | {picture_name(path): data
                                            for path, data in own_pictures(doc, project.root).items()}
    path = pack_file(doc.kind, doc.context["policy"]["kinds"])
    return project_job(project, path, pack_html(pack, env, images), f"{doc.title}: {doc.school.school.name}",
                       doc.as_of, images=images)
