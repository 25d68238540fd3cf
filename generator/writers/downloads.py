"""PolicyDocument -> the school's PDFs in docs/downloads/, and downloads.json describing them.

PDFs are written into the docs tree before the site engine runs, so the engine
copies them and checks every link to them.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2

from generator.model.document import FormPage, PolicyDocument
from generator.project import Project
from generator.resolve.links import form_file, handout_file
from generator.writers.handouts import write_handout
from generator.writers.pack import write_pack
from generator.writers.pdf import html_to_pdf, print_environment, render_form_html


@dataclass(frozen=True)
class Download:
    kind: str  # "pack", "form" or "guide"
    id: str
    title: str
    path: str  # relative to the school's site root
    purpose: str
    size: str
    audience: str = "families"  # or "staff"


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def form_pdf(form: FormPage, doc: PolicyDocument, project: Project, env: jinja2.Environment) -> bytes:
    school = {"name": doc.school.school.name, "short_name": doc.school.school.short_name,
              "policy_title": doc.title}
    html = render_form_html(form.fields, school, env=env)
    return html_to_pdf(html, base_dir=project.content / "print", allowed=[project.content],
                       title=f"{form.title}: {doc.school.school.name}", created=doc.as_of, forms=True)


def write_form_pdfs(doc: PolicyDocument, project: Project, docs: Path, env: jinja2.Environment) -> list[Download]:
    """Every form's PDF (its page links to it); only the forms in the policy are listed as downloads."""
    found = []
    for form in doc.forms:
        path = docs / form_file(form.id)
        path.write_bytes(form_pdf(form, doc, project, env))
        if form.in_policy:
            found.append(Download("form", form.id, form.title, form_file(form.id),
                                  f"Fillable form: {form.fields['purpose']}", human_size(path.stat().st_size),
                                  form.audience))
    return found


def write_pack_pdf(doc: PolicyDocument, project: Project, docs: Path, env: jinja2.Environment) -> Download:
    path = write_pack(doc, project, env, docs / "downloads")
    return Download("pack", "policy-pack", f"{doc.title}: the policy pack for governors", "downloads/" + path.name,
                    "The whole policy to print, approve and sign: cover, contents, every numbered clause, "
                    "the forms and a signature page.", human_size(path.stat().st_size))


def write_handout_pdfs(doc: PolicyDocument, project: Project, docs: Path, env: jinja2.Environment) -> list[Download]:
    found = []
    for page in doc.guides:
        path = write_handout(page, doc, project, env, docs)
        found.append(Download("guide", page.guide.id, page.guide.title, handout_file(page.guide.id),
                              "A printable guide for parents and carers, on one sheet of A4.",
                              human_size(path.stat().st_size)))
    return found


def write_pdfs(doc: PolicyDocument, project: Project, docs: Path) -> list[Download]:
    """Every PDF for one school: the pack, then the forms, then the guide handouts."""
    (docs / "downloads").mkdir(parents=True, exist_ok=True)
    env = print_environment(project.content / "print")  # one template load for every PDF
    return [write_pack_pdf(doc, project, docs, env), *write_form_pdfs(doc, project, docs, env),
            *write_handout_pdfs(doc, project, docs, env)]


def write_downloads_json(downloads: list[Download], site: Path) -> Path:
    path = site / "downloads.json"
    rows = [{k: v for k, v in asdict(d).items() if k in ("kind", "id", "title", "path")} for d in downloads]
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
