"""GuidePage -> a parent guide handout: the web guide on one or two A4 pages.

The handout prints the guide's own page body, so paper and site say the same;
it adds the school's name and contacts and the guide's address on the site.
"""
from __future__ import annotations

from typing import Any

import jinja2

from generator.model.document import GuidePage, PolicyDocument
from generator.project import Project
from generator.resolve.links import handout_file
from generator.writers.pdf.jobs import PdfJob, plain, project_job
from generator.writers.pdf.print_links import for_print, page_address

HANDOUT_TEMPLATE = "handout.html.j2"
STYLESHEET = "handout.css"
CONTACT_ROLES = ("dsl", "headteacher")


def school_contacts(doc: PolicyDocument) -> list[dict[str, Any]]:
    """Who parents can speak to, as the guide pages name them."""
    views = [view for role in CONTACT_ROLES if (view := doc.people.roles.get(role))]
    return [{"title": plain(view.plural if view.several and view.plural else view.title), "name": plain(view.name or "")}
            for view in views]


def handout_html(page: GuidePage, doc: PolicyDocument, env: jinja2.Environment, lang: str = "en-GB") -> str:
    identity, where = doc.school.school, f"guides/{page.guide.id}.md"
    return env.get_template(HANDOUT_TEMPLATE).render(
        guide={"title": page.guide.title, "html": for_print(page.html, where, identity.site_url)},
        school={"name": identity.name, "website": identity.website or ""},
        contacts=school_contacts(doc), address=page_address(identity.site_url, where),
        lang=lang, stylesheet=STYLESHEET)


def handout_job(page: GuidePage, doc: PolicyDocument, project: Project, env: jinja2.Environment) -> PdfJob:
    return project_job(project, handout_file(page.guide.id), handout_html(page, doc, env),
                       f"{page.guide.title}: a guide from {doc.school.school.name}", doc.as_of)
