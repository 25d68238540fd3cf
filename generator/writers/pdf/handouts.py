"""GuidePage -> a guide's printed forms: the one-page handout (A4 and A5) and the full printable guide.

The one-page handout is the guide's at-a-glance box made into a sheet that is taken in at a
glance: the app's minimum age (reference data), three things to watch for and three settings
to change as numbered panels, each with one of the project's own pictures (content/pictures),
who to tell at this school, and a QR code that opens the full guide on the school's site. The
A5 version is the same sheet, smaller, so two print on one sheet of A4.

The full printable guide prints the guide's own page body, so paper and site say the same; it
adds the school's name and contacts and the guide's address on the site.
"""
from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup

from generator.markup.markdown import published_html
from generator.model.document import GuidePage, Panel, PolicyDocument
from generator.project import Project
from generator.resolve.links import handout_file, sheet_file
from generator.writers.pdf.jobs import PdfJob, plain, project_job
from generator.writers.pdf.print_links import for_print, page_address
from generator.writers.pdf.qr import qr_svg

HANDOUT_TEMPLATE = "handout.html.j2"
STYLESHEET = "handout.css"
SHEET_TEMPLATE = "sheet.html.j2"
SHEET_STYLESHEET = "sheet.css"
PAPERS = ("A4", "A5")  # the one-page handout's sizes; A5 prints two to a sheet of A4
CONTACT_ROLES = ("dsl", "headteacher")
PICTURES = "../pictures"  # content/pictures, from content/print where the stylesheets are


def school_contacts(doc: PolicyDocument) -> list[dict[str, Any]]:
    """Who parents can speak to, as the guide pages name them."""
    views = [view for role in CONTACT_ROLES if (view := doc.people.roles.get(role))]
    return [{"title": plain(view.plural if view.several and view.plural else view.title), "name": plain(view.name or "")}
            for view in views]


def handout_html(page: GuidePage, doc: PolicyDocument, env: jinja2.Environment, lang: str = "en-GB") -> str:
    identity, where = doc.school.school, f"guides/{page.guide.id}.md"
    return env.get_template(HANDOUT_TEMPLATE).render(
        guide={"title": page.guide.title, "html": for_print(page.html, where, identity.site_url)},
        school={"name": identity.name, "website": identity.website or "",
                "possessive": plain(doc.context["terms"]["setting"].possessive)},
        contacts=school_contacts(doc), address=page_address(identity.site_url, where),
        lang=lang, stylesheet=STYLESHEET)


def handout_job(page: GuidePage, doc: PolicyDocument, project: Project, env: jinja2.Environment) -> PdfJob:
    return project_job(project, handout_file(page.guide.id), handout_html(page, doc, env),
                       f"{page.guide.title}: a guide from {doc.school.school.name}", doc.as_of)


# The one-page handout.

def inline(markdown: str) -> Markup:
    """One short Markdown text (a glance item) as HTML without its paragraph; links print as text."""
    html = published_html(markdown).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[len("<p>"):-len("</p>")]
    return for_print(html, "guides/index.md", None)


def panels(items: tuple[Panel, ...]) -> list[dict[str, Any]]:
    return [{"text": inline(p.text), "picture": f"{PICTURES}/{p.picture}.svg", "alt": p.alt} for p in items]


def who_to_tell(doc: PolicyDocument) -> dict[str, Any]:
    """Who to tell at this school, from its data: the safeguarding lead(s), any deputies and the
    head, and at each unit with its own people, that unit's safeguarding lead."""
    roles = doc.people.roles
    dsl, deputies, head = roles.get("dsl"), roles.get("deputy_dsls"), roles.get("headteacher")
    units = []
    for unit in doc.people.units:
        lead = unit.roles.get("dsl")
        if unit.own_people and lead:
            units.append({"name": plain(unit.name), "dsl": plain(lead.name or Markup(lead.__html__())),
                          "emails": [plain(p.email) for p in lead.people if p.email]})
    return {"dsl": plain(dsl.named) if dsl else None,
            "dsl_title": plain(dsl.title) if dsl else "safeguarding lead",
            "deputies": plain(list(deputies.members)) if deputies and deputies.members else [],
            "head": plain(head.named) if head else None,
            "units": units}


def sheet_html(page: GuidePage, doc: PolicyDocument, env: jinja2.Environment, paper: str, lang: str = "en-GB") -> str:
    identity, guide, sheet = doc.school.school, page.guide, page.sheet
    assert sheet is not None, "every guide page has its sheet (resolve/guides.py)"
    age = {"value": sheet.age.value, "sure": sheet.age.sure} if sheet.age else None
    address = page_address(identity.site_url, f"guides/{guide.id}.md")
    qr = qr_svg(address, f"QR code: opens the full guide at {address}") if address else None
    return env.get_template(SHEET_TEMPLATE).render(
        guide={"title": guide.title, "what_it_is": inline(sheet.what_it_is), "general": sheet.general},
        age=age, watch=panels(sheet.watch_for), settings=panels(sheet.settings), tell=who_to_tell(doc),
        school={"name": identity.name, "setting": plain(doc.setting)},
        emergency=doc.emergency,
        address=address, qr=qr, paper=paper, lang=lang, stylesheet=SHEET_STYLESHEET)


def sheet_jobs(page: GuidePage, doc: PolicyDocument, project: Project,
               env: jinja2.Environment) -> list[tuple[str, PdfJob]]:
    """The one-page handout at each paper size: (paper, job)."""
    title = f"{page.guide.title}: a one-page guide from {doc.school.school.name}"
    return [(paper, project_job(project, sheet_file(page.guide.id, paper), sheet_html(page, doc, env, paper),
                                f"{title} ({paper})", doc.as_of))
            for paper in PAPERS]
