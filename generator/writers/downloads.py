"""PolicyDocument -> the school's PDFs in docs/downloads/, and downloads.json describing them.

PDFs are written into the docs tree before the site engine runs, so the engine
copies them and checks every link to them. Planning a PDF (its print HTML) is
cheap and done here; rendering it is the costly part, so whoever builds may
render the plans in worker processes or take them from the build cache.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

import jinja2

from generator.model.document import FormPage, PolicyDocument
from generator.project import Project
from generator.resolve.links import form_file
from generator.writers.handouts import handout_job
from generator.writers.pack import pack_job
from generator.writers.pdf import PdfJob, print_environment, project_job, render_form_html, render_job

# PDF bytes for each job, in order: rendered here and now, or by a worker pool and cache.
Render = Callable[[list[PdfJob]], list[bytes]]


@dataclass(frozen=True)
class Download:
    kind: str  # "pack", "form" or "guide"
    id: str
    title: str
    path: str  # relative to the school's site root
    purpose: str
    size: str


@dataclass(frozen=True)
class PlannedPdf:
    """A download before it is rendered: what the downloads page says, and the job."""

    kind: str
    id: str
    title: str
    purpose: str
    job: PdfJob

    def download(self, size: int) -> Download:
        return Download(self.kind, self.id, self.title, self.job.path, self.purpose, human_size(size))


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def form_job(form: FormPage, doc: PolicyDocument, project: Project, env: jinja2.Environment) -> PdfJob:
    school = {"name": doc.school.school.name, "short_name": doc.school.school.short_name}
    html = render_form_html(form.fields, school, env=env)
    return project_job(project, form_file(form.id), html, f"{form.title}: {doc.school.school.name}", doc.as_of,
                       forms=True)


def form_pdf(form: FormPage, doc: PolicyDocument, project: Project, env: jinja2.Environment) -> bytes:
    return render_job(form_job(form, doc, project, env))


def plan_pdfs(doc: PolicyDocument, project: Project) -> list[PlannedPdf]:
    """Every PDF for one school: the pack, then the forms, then the guide handouts."""
    env = print_environment(project.content / "print")  # one template load for every PDF
    pack = PlannedPdf("pack", "policy-pack", f"{doc.title}: the policy pack for governors",
                      "The whole policy to print, approve and sign: cover, contents, every numbered clause, "
                      "the forms and a signature page.", pack_job(doc, project, env))
    forms = [PlannedPdf("form", f.id, f.title, f"Fillable form: {f.fields['purpose']}", form_job(f, doc, project, env))
             for f in doc.forms]
    guides = [PlannedPdf("guide", g.guide.id, g.guide.title, "A printable guide for parents and carers, on one sheet "
                         "of A4.", handout_job(g, doc, project, env)) for g in doc.guides]
    return [pack, *forms, *guides]


def render_here(jobs: list[PdfJob]) -> list[bytes]:
    return [render_job(job) for job in jobs]


def write_pdfs(planned: list[PlannedPdf], pdfs: list[bytes], docs: Path) -> list[Download]:
    """Put the rendered PDFs in the docs tree; the downloads they make, in plan order."""
    (docs / "downloads").mkdir(parents=True, exist_ok=True)
    for plan, data in zip(planned, pdfs, strict=True):
        (docs / plan.job.path).write_bytes(data)
    return [plan.download(len(data)) for plan, data in zip(planned, pdfs)]


def write_downloads_json(downloads: list[Download], site: Path) -> Path:
    path = site / "downloads.json"
    rows = [{k: v for k, v in asdict(d).items() if k in ("kind", "id", "title", "path")} for d in downloads]
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
