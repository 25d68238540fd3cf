"""Every school's PDFs and site, made by worker processes or taken from the build cache.

The document model and the print HTML are made here, in order (they are cheap); the renders
are not. What keys each output is engines/keys.py; so editing one guide re-renders that guide's
handout and rebuilds that school's site, and nothing else, and a change to the print stylesheet
re-renders PDFs but rebuilds no site; the bytes are the same as those of a build without the cache.
"""
from __future__ import annotations

import calendar
import datetime as dt
from concurrent.futures import Future, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator.cache import BuildCache, CacheStats
from generator.engines.keys import CacheKeys
from generator.engines.stand_ins import StandIns
from generator.engines.store import CacheStore, PendingPdf
from generator.faults import step
from generator.model.document import PolicyDocument
from generator.output import fresh_work_folder
from generator.parallel import Workers, render_pdf, result, run_site
from generator.progress import Progress, SchoolCount
from generator.project import Project
from generator.writers.data.changes_json import write_changes_json
from generator.writers.data.clauses_json import write_clauses_json
from generator.writers.pdf.downloads import PlannedPdf, fill_in_pdfs, plan_pdfs, write_downloads_json
from generator.writers.pdf.jobs import PdfJob
from generator.writers.site.docs_tree import DocsTree, write_docs_tree


@dataclass(frozen=True)
class BuildOptions:
    jobs: int = 1
    cache: bool = True
    quiet: bool = False
    # serve's quick pass: PDFs not in the cache are not waited for; the previous build's copy
    # (from this folder) or a blank page stands in, and `Engines.missing` lists them.
    stand_ins: Path | None = None
    engine: str = "mkdocs"  # the site engine: "mkdocs" (MkDocs + Material) or "zensical" (writers/site/engine.py)
    # serve's rebuilds, each in the same process as the last: content/ is read again only when a file
    # in it changed (build.load_shared), and the site theme's templates are compiled once
    # (writers/site/engine.py). A build reads and compiles everything afresh.
    remember_shared: bool = False
    reuse_theme: bool = False
    # serve: takes the site a rebuild replaced out of the way at once and removes it in the background
    # (output.swap_in's discard_old); a build removes it before it ends.
    set_aside: Callable[[Path], None] | None = None


@dataclass(frozen=True)
class FinishedPdfs:
    data: list[bytes]
    count: SchoolCount


@dataclass
class PendingSite:
    key: str
    folder: Path
    future: Future | None = None  # None: restored from the cache


class Engines:
    """One build's engines: the worker pool (parallel.py), the cache's keys and entries
    (engines/keys.py, engines/store.py), serve's stand-ins (engines/stand_ins.py) and the progress report."""

    def __init__(self, project: Project, options: BuildOptions, progress: Progress) -> None:
        self.project, self.options, self.progress = project, options, progress
        self.stats = CacheStats()
        self.workers = Workers(options.jobs)
        self.cache = BuildCache(project.work_dir / ".cache") if options.cache else None
        self.keys = CacheKeys(project)
        self.store = CacheStore(self.cache, self.keys, self.stats)
        self.stand_ins = StandIns(options.stand_ins)

    def __enter__(self) -> Engines:
        return self

    def __exit__(self, kind, *_) -> None:
        self.workers.close(cancel=kind is not None)
        if self.cache is not None:
            self.cache.trim()

    @property
    def missing(self) -> list[PdfJob]:
        """The PDFs serve's quick pass stood in for."""
        return self.stand_ins.missing

    def start_pdfs(self, jobs: list[PdfJob]) -> list[PendingPdf]:
        """Look every PDF up in the cache and set the workers on the others, in the order given."""
        pending = [self.store.lookup(job) for job in jobs]
        for item in pending:
            if item.data is None and not self.stand_ins.wanted:
                item.future = self.workers.submit(render_pdf, item.job)
        return pending

    def finish_pdfs(self, slug: str, pending: list[PendingPdf]) -> FinishedPdfs:
        """Every PDF's bytes, in order, once rendered."""
        count = SchoolCount(slug, len(pending), sum(p.data is not None for p in pending))
        self.stats.reused["pdf"] += count.reused
        self.progress.pdfs(count)
        futures = {p.future: p for p in pending if p.future is not None}
        for future in as_completed(futures):
            self.store.store_pdf(futures[future], result(future))
            count.rendered += 1
            self.progress.pdfs(count)
        for item in pending:
            if item.data is None:
                item.data = self.stand_ins.stand_in(item.job)
        return FinishedPdfs([p.data for p in pending if p.data is not None], count)

    def start_site(self, tree: DocsTree, epoch: int, folder: Path) -> PendingSite:
        pending = PendingSite(self.keys.site_key(tree, epoch, self.options.engine), folder)
        if not self.store.restore_site(pending.key, folder):
            pending.future = self.workers.submit(run_site, tree.config, epoch, folder, self.options.engine,
                                                 self.options.reuse_theme)
        return pending

    def finish_site(self, pending: PendingSite) -> bool:
        """Wait for the site; True when it came from the cache."""
        if pending.future is None:
            return True
        result(pending.future)
        self.store.store_site(pending.key, pending.folder)
        return False


# --- every school ----------------------------------------------------------------------------

@dataclass
class SchoolJob:
    document: PolicyDocument
    planned: list[PlannedPdf]
    tree: DocsTree
    site: PendingSite
    pdfs: list[PendingPdf]


def build_schools(documents: list[PolicyDocument], project: Project, pages: dict[str, str], out: Path,
                  offline: bool, engines: Engines) -> None:
    """Each school's site into out/<slug>/. Every site and PDF is set going first (the site first:
    with the pack, the longest task), then each school is finished as its parts come in."""
    schools = []
    for document in documents:
        slug = document.slug
        with step(f"{slug}: writing the docs tree"):
            work = fresh_work_folder(project.work_dir / slug, project.display(project.work_dir / slug))
            planned = plan_pdfs(document, project)
            tree, _ = write_docs_tree(document, project, pages, work, out / slug, offline, planned)
        with step(f"{slug}: starting the site engine and the PDF renders"):
            site = engines.start_site(tree, epoch_of(document.as_of), out / slug)
            schools.append(SchoolJob(document, planned, tree, site, engines.start_pdfs([p.job for p in planned])))
    for school in schools:
        with step(f"{school.document.slug}: rendering the PDFs and building the site"):
            finish_school(school, out, engines)


def finish_school(school: SchoolJob, out: Path, engines: Engines) -> None:
    doc, site = school.document, out / school.document.slug
    finished = engines.finish_pdfs(doc.slug, school.pdfs)
    reused = engines.finish_site(school.site)  # stored in the cache before the PDFs go in
    downloads = fill_in_pdfs(school.planned, finished.data, [site, school.tree.folder / "docs"])
    for folder in (site, school.tree.folder / "docs"):  # the tree holds them too: it is the whole site
        write_clauses_json(doc, folder)
        write_changes_json(doc, folder)
        write_downloads_json(downloads, folder)
    engines.progress.school(finished.count, reused)


def epoch_of(day: dt.date) -> int:
    return calendar.timegm(day.timetuple())
