"""PolicyDocument -> the governors' policy pack: one printable, signable A4 PDF.

The policy in the pack is the document model's own clause HTML, the same
HTML the site shows, so the printed words and numbers cannot drift from the
published ones. Only links change (see print_links).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from generator.markup.markdown import published_html
from generator.markup.words import long_date, sentence
from generator.model.changes import Approval, Changes, ClauseChange, SameEdit, grouped, version_label
from generator.model.document import FormRecord, PolicyDocument, Section
from generator.project import Project
from generator.resolve.links import pack_file
from generator.writers.logo import cover_png, own_pictures
from generator.writers.pdf.jobs import IMAGE_SCHEME, PdfJob, plain, project_job
from generator.writers.pdf.print_links import for_print, page_address

PACK_TEMPLATE = "pack.html.j2"
STYLESHEETS = ("print.css", "pack.css")


@dataclass(frozen=True)
class PackSchool:
    name: str
    short_name: str
    motto: str
    policy_title: str
    trust: str  # the trust's name, or ""


@dataclass(frozen=True)
class PackDates:
    version: str
    written: str
    last_reviewed: str
    next_review: str
    as_of: str


@dataclass(frozen=True)
class PackApproval:
    state: str  # 'approved' (this version), 'awaiting' (it differs from the one approved) or 'none'
    on: str
    by: str
    version: str


@dataclass(frozen=True)
class PackRow:
    """One row of the authorisations table."""

    date: str
    by: str
    version: str


@dataclass(frozen=True)
class PackHistory:
    date: str
    changes: str
    next_review: str


@dataclass(frozen=True)
class PackClause:
    id: str
    number: str
    anchor: str
    html: Markup


@dataclass(frozen=True)
class PackSection:
    number: str
    title: str
    anchor: str
    intro: Markup | None
    clauses: tuple[PackClause, ...]


@dataclass(frozen=True)
class PackForm:
    id: str
    fields: FormRecord


@dataclass(frozen=True)
class PackSigner:
    title: str
    name: str
    last_signed: str


@dataclass(frozen=True)
class PackChanges:
    """What changed since the approved version on record."""

    since_version: str
    since_date: str
    listed: tuple[ClauseChange | SameEdit, ...]  # renumbering alone is counted, not listed
    changed: int
    added: int
    removed: int
    moved: int


@dataclass(frozen=True)
class PackPerson:
    title: str
    name: str
    contact: Markup  # role title, name and contact links (safe HTML)
    reachable: bool  # a phone number or email address is given


@dataclass(frozen=True)
class PolicyPack:
    """What the pack template shows, all of it plain values or safe HTML."""

    school: PackSchool
    title: str
    dates: PackDates
    approval: PackApproval
    authorisations: tuple[PackRow, ...]
    history: tuple[PackHistory, ...]
    sections: tuple[PackSection, ...]
    forms: tuple[PackForm, ...]
    signatories: tuple[PackSigner, ...]
    governing_body: str
    approving_body: str  # who approves the policy: terms.approving_body
    site_address: str | None
    changes: PackChanges | None  # since the approved version on record
    key_people: tuple[PackPerson, ...]
    summary: tuple[Markup, ...] = ()  # the school's key messages (policy.summary), as safe HTML
    setting_possessive: str = "school's"  # terms.setting's possessive: "the academy's website"


def local_places(forms: list[str], page: str) -> dict[str, str]:
    """Site pages the pack itself holds, and the id of their place in it (`page`: the policy's own page)."""
    return {page: "policy"} | {f"forms/{f}.md": f"form-{f}" for f in forms}


def picture_name(path: str) -> str:
    """assets/school-pictures/own-flow.png -> picture-own-flow.png: its name among the pack's images."""
    return "picture-" + path.rsplit("/", 1)[-1]


_OWN_PICTURE = re.compile(r'src="(?:\.\./)*(assets/school-pictures/[a-z0-9-]+\.png)"')


def pack_section(section: Section, site_url: str | None, local: dict[str, str], page: str) -> PackSection:
    def printed(html: str) -> Markup:
        html = _OWN_PICTURE.sub(lambda m: f'src="{IMAGE_SCHEME}{picture_name(m.group(1))}"', html)
        return for_print(html, page, site_url, local)

    return PackSection(section.number, section.title, section.anchor,
                       printed(section.intro_html) if section.intro_markdown else None,
                       tuple(PackClause(c.id, c.number, c.anchor, printed(c.html)) for c in section.clauses))


def pack_dates(doc: PolicyDocument) -> PackDates:
    gov = doc.school.governance
    return PackDates(version_label(gov.version, doc.approval), long_date(gov.written), long_date(gov.last_reviewed), long_date(doc.next_review),
                     long_date(doc.as_of))


def pack_approval(approval: Approval | None) -> PackApproval:
    """'approved' (this version), 'awaiting' (it differs from the one approved) or 'none'."""
    if approval is None:
        return PackApproval("none", "", "", "")
    return PackApproval("awaiting" if approval.awaiting else "approved", long_date(approval.on), approval.by or "",
                        approval.version)


def authorisations(doc: PolicyDocument) -> tuple[PackRow, ...]:
    """The school file's rows, and the approval on record when no row says it yet."""
    rows = [(a.date, a.by, a.version) for a in doc.school.governance.authorisations]
    record = doc.approval
    if record and record.on_record and record.on:
        body = sentence(plain(doc.people.approving_body))
        for on, by, version in (*record.earlier, (record.on, record.by, record.version)):
            if (on, version) not in {(d, v) for d, _, v in rows}:
                rows.append((on, by or body, version))
    return tuple(PackRow(long_date(d), by, v) for d, by, v in sorted(rows, key=lambda r: r[0]))


def signatories(doc: PolicyDocument) -> tuple[PackSigner, ...]:
    """Who signs (governance.signatories, or the head and the chair), and when each last did."""
    return tuple(PackSigner(plain(r.title), plain(r.name or ""), long_date(r.signed)) for r in doc.people.signers)


def pack_changes(changes: Changes | None) -> PackChanges | None:
    if changes is None:
        return None
    return PackChanges(changes.since_version, long_date(changes.since_date),
                       tuple(grouped([c for c in changes.items if c.kind != "moved"])), changes.count("reworded", "renamed"),
                       changes.count("added"), changes.count("removed"), changes.count("moved"))


def build_pack(doc: PolicyDocument) -> PolicyPack:
    identity, gov = doc.school.school, doc.school.governance
    forms = doc.listed_forms()
    local = local_places([f.id for f in forms], doc.page)
    return PolicyPack(
        school=PackSchool(identity.name, identity.short_name or identity.name, identity.motto or "",
                          doc.title, doc.school.trust.name if doc.school.trust else ""),
        title=doc.title, dates=pack_dates(doc),
        authorisations=authorisations(doc), approval=pack_approval(doc.approval),
        history=tuple(PackHistory(long_date(h.date), h.changes, long_date(h.next_review)) for h in gov.history),
        sections=tuple(pack_section(s, identity.site_url, local, doc.page) for s in doc.sections),
        forms=tuple(PackForm(f.id, plain(f.fields)) for f in forms),
        signatories=signatories(doc), governing_body=plain(doc.people.governing_body),
        approving_body=plain(doc.people.approving_body),
        site_address=page_address(identity.site_url, doc.page), changes=pack_changes(doc.changes),
        key_people=tuple(PackPerson(plain(p.title), plain(p.name), p.printed_contact, bool(p.phone or p.email))
                         for p in doc.people.key_people),
        summary=tuple(for_print(inline_html(m), doc.page, identity.site_url, local)
                      for m in doc.context["policy"]["summary"]),
        setting_possessive=plain(doc.context["terms"]["setting"].possessive))


def inline_html(markdown: str) -> str:
    """One key message as HTML for a list item: its paragraph without the <p> around it."""
    html = published_html(markdown).strip()
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html


COVER_LOGO = "cover-logo.png"
TRUST_LOGO = "trust-logo.png"


def cover_images(doc: PolicyDocument) -> dict[str, bytes]:
    """The logos for the cover, as check read them (doc.pictures), re-encoded like the site's (never
    the school's or trust's own file). The trust's is there when the academy shows its own logo too."""
    pictures = doc.pictures
    images = {COVER_LOGO: cover_png(pictures.logo)} if pictures.logo else {}
    if pictures.trust_logo:
        images[TRUST_LOGO] = cover_png(pictures.trust_logo)
    return images


def pack_html(pack: PolicyPack, env: jinja2.Environment, images: dict[str, bytes], lang: str = "en-GB") -> str:
    # A fixed name, not a file path, so the PDF does not depend on where the project is.
    logo = IMAGE_SCHEME + COVER_LOGO if COVER_LOGO in images else None
    trust = IMAGE_SCHEME + TRUST_LOGO if TRUST_LOGO in images else None
    return env.get_template(PACK_TEMPLATE).render(pack=pack, logo=logo, trust_logo=trust, lang=lang,
                                                  stylesheets=STYLESHEETS)


def pack_job(doc: PolicyDocument, project: Project, env: jinja2.Environment) -> PdfJob:
    pack = build_pack(doc)
    images = cover_images(doc) | {picture_name(path): data for path, data in own_pictures(doc).items()}
    path = pack_file(doc.kind, doc.school.policy.kind_list)
    return project_job(project, path, pack_html(pack, env, images), f"{doc.title}: {doc.school.school.name}",
                       doc.as_of, images=images)
