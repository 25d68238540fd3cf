"""PolicyDocument -> the school's PDFs in docs/downloads/, and downloads.json describing them.

Planning a PDF (its print HTML) is cheap and done here; rendering it is the
costly part, so whoever builds renders the plans in worker processes or takes
them from the build cache. The site engine does not wait for them: it runs on a
docs tree holding an empty file for each PDF (it checks every link to them) and
a mark for each size, and `fill_in_pdfs` puts the real files and sizes in.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

import jinja2

from generator.model.document import FormPage, PolicyDocument
from generator.project import Project
from generator.resolve.links import form_file
from generator.writers.pdf.handouts import handout_job, sheet_jobs
from generator.writers.pdf.jobs import FormSchool, PdfJob, print_environment, project_job, render_form_html
from generator.writers.pdf.pack import pack_job

# Files of a site or docs tree that may name a PDF's size: the downloads page, the search index.
MARKED = {".html", ".json", ".md"}


@dataclass(frozen=True)
class Download:
    kind: str  # "pack", "form", "guide" (the full guide), "handout" (one page, A4) or "handout-a5"
    id: str
    title: str
    path: str  # relative to the school's site root
    purpose: str
    size: str
    audience: str = "families"  # or "staff"


@dataclass(frozen=True)
class PlannedPdf:
    """A download before it is rendered: what the downloads page says, and the job."""

    kind: str
    id: str
    title: str
    purpose: str
    job: PdfJob
    audience: str = "families"  # or "staff"
    listed: bool = True  # on the downloads page; a form the policy leaves out has its PDF all the same

    def download(self, size: int) -> Download:
        return Download(self.kind, self.id, self.title, self.job.path, self.purpose, human_size(size), self.audience)

    @property
    def size_mark(self) -> str:
        """Stands for the PDF's size in the site until it is rendered. Made from the PDF's own print
        HTML, so no school's text can contain it (it would have to contain its own hash)."""
        job = self.job
        identity = "\0".join((job.path, job.html, job.title, job.created.isoformat(), str(job.forms)))
        return "pdf-size-" + hashlib.sha256(identity.encode("utf-8")).hexdigest()[:24]


SHEET_PURPOSE = {"A4": "One page to hand out or pin up: the age, what to watch for, what to set, and who to tell.",
                 "A5": "The one-page handout at half the size: print it two to a sheet of A4."}


def human_size(size: int) -> str:
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def form_job(form: FormPage, doc: PolicyDocument, project: Project, env: jinja2.Environment) -> PdfJob:
    identity = doc.school.school
    school = FormSchool(identity.name, identity.short_name or identity.name, doc.title)
    html = render_form_html(form.fields, school, env=env)
    return project_job(project, form_file(form.id), html, f"{form.title}: {doc.school.school.name}", doc.as_of,
                       forms=True)


def plan_pdfs(doc: PolicyDocument, project: Project) -> list[PlannedPdf]:
    """Every PDF for one school: the pack, then the forms, then for each guide its full printable guide
    and its one-page handout on A4 and on A5."""
    env = print_environment(project.content / "print")  # one template load for every PDF
    pack = pack_pdf(doc, project, env, "policy-pack")
    packs = [pack_pdf(f, project, env, f"{f.kind}-pack") for f in doc.further]
    forms = [PlannedPdf("form", f.id, f.title, f"Fillable form: {f.fields.purpose}", form_job(f, doc, project, env),
                        f.audience, f.in_policy) for f in doc.forms]
    guides = []
    for g in doc.guides:
        guides.append(PlannedPdf("guide", g.guide.id, g.guide.title, "The full guide to print, on both sides of a "
                                 "sheet of A4.", handout_job(g, doc, project, env)))
        guides += [PlannedPdf("handout" if paper == "A4" else f"handout-{paper.lower()}", g.guide.id, g.guide.title,
                              SHEET_PURPOSE[paper], job) for paper, job in sheet_jobs(g, doc, project, env)]
    return [pack, *packs, *forms, *guides]


def pack_pdf(doc: PolicyDocument, project: Project, env: jinja2.Environment, pack_id: str) -> PlannedPdf:
    approver = doc.people.approving_body  # who approves it: governors, a committee, leaders
    return PlannedPdf("pack", pack_id, f"{doc.title}: the policy pack for the {approver}",
                      "The whole policy to print, approve and sign: cover, contents, every numbered clause, "
                      "the forms and a signature page.", pack_job(doc, project, env))


def write_stand_ins(planned: list[PlannedPdf], docs: Path) -> None:
    """Empty files where the PDFs go, so the site engine finds every link's target."""
    (docs / "downloads").mkdir(parents=True, exist_ok=True)
    for plan in planned:
        (docs / plan.job.path).write_bytes(b"")


def fill_in_pdfs(planned: list[PlannedPdf], pdfs: list[bytes], folders: list[Path]) -> list[Download]:
    """Put the rendered PDFs, and their sizes, into a built site or docs tree (each of `folders`);
    the downloads the page lists."""
    downloads = [plan.download(len(data)) for plan, data in zip(planned, pdfs, strict=True)]
    sizes = {plan.size_mark.encode(): d.size.encode() for plan, d in zip(planned, downloads, strict=True)}
    for folder in folders:
        for plan, data in zip(planned, pdfs, strict=True):
            (folder / plan.job.path).write_bytes(data)
        for path in sorted(folder.rglob("*")):
            if path.suffix in MARKED and path.is_file():
                replace_marks(path, sizes)
    return [d for plan, d in zip(planned, downloads, strict=True) if plan.listed]


def replace_marks(path: Path, sizes: dict[bytes, bytes]) -> None:
    text = path.read_bytes()
    if b"pdf-size-" not in text:
        return
    for mark, size in sizes.items():
        text = text.replace(mark, size)
    path.write_bytes(text)


def write_downloads_json(downloads: list[Download], site: Path) -> Path:
    path = site / "downloads.json"
    rows = [{k: v for k, v in asdict(d).items() if k in ("kind", "id", "title", "path")} for d in downloads]
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
