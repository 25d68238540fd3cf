"""Every school's PDFs and site, made by worker processes or taken from the build cache.

The document model and the print HTML are made here, in order (they are cheap); the renders
are not. Each PDF is keyed by its print HTML, its metadata, the files WeasyPrint read for it
(stylesheets, fonts, the logo: noted by the fetcher at render time) and the PDF engine's
fingerprint; each school's site by its docs tree (which names each PDF by a mark made from its
print HTML, see writers/downloads.py), its config, the base config and theme overrides, and the
site engine's fingerprint. So editing one guide re-renders that guide's handout and rebuilds
that school's site, and nothing else, and a change to the print stylesheet re-renders PDFs but
rebuilds no site; the bytes are the same as those of a build without the cache.
"""
from __future__ import annotations

import calendar
import datetime as dt
import io
import json
import os
import shutil
import stat
import tarfile
from concurrent.futures import Future, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator import fingerprint
from generator.cache import FORMAT, BuildCache, CacheStats, digest
from generator.faults import step
from generator.parallel import Workers, render_pdf, result, run_site
from generator.progress import Progress, SchoolCount
from generator.project import Project
from generator.model.document import PolicyDocument
from generator.output import fresh_work_folder
from generator.writers.changes_json import write_changes_json
from generator.writers.clauses_json import write_clauses_json
from generator.writers.docs_tree import DocsTree, write_docs_tree
from generator.writers.downloads import PlannedPdf, fill_in_pdfs, plan_pdfs, write_downloads_json
from generator.writers.pdf import PdfJob, RenderedPdf


@dataclass(frozen=True)
class BuildOptions:
    jobs: int = 1
    cache: bool = True
    quiet: bool = False
    # serve's quick pass: PDFs not in the cache are not waited for; the previous build's copy
    # (from this folder) or a blank page stands in, and `Engines.missing` lists them.
    stand_ins: Path | None = None
    engine: str = "mkdocs"  # the site engine: "mkdocs" (MkDocs + Material) or "zensical" (writers/site.py)


@dataclass
class PendingPdf:
    job: PdfJob
    first_key: str  # from the job alone; the cache maps it to the files the render read
    data: bytes | None = None
    future: Future | None = None


@dataclass(frozen=True)
class FinishedPdfs:
    data: list[bytes]
    count: SchoolCount


@dataclass
class PendingSite:
    key: str
    folder: Path
    future: Future | None = None  # None: restored from the cache


@dataclass
class Engines:
    """The worker pool, the cache and the progress report of one build."""

    project: Project
    options: BuildOptions
    progress: Progress
    workers: Workers = field(init=False)
    cache: BuildCache | None = field(init=False)
    stats: CacheStats = field(default_factory=CacheStats)
    missing: list[PdfJob] = field(default_factory=list)
    _hashes: dict[Path, str] = field(default_factory=dict)
    _root: str = field(init=False)

    def __post_init__(self) -> None:
        self._root = str(self.project.root.resolve())  # as the paths the keys hold are written
        self.workers = Workers(self.options.jobs)
        self.cache = BuildCache(self.project.work_dir / ".cache") if self.options.cache else None

    def __enter__(self) -> "Engines":
        return self

    def __exit__(self, kind, *_) -> None:
        self.workers.close(cancel=kind is not None)
        if self.cache is not None:
            self.cache.trim()

    # --- file contents, hashed once a build ------------------------------------------------

    def portable(self, path: Path | str) -> str:
        """A path as the key sees it: relative to the project when inside it, so a project moved
        or cloned elsewhere still finds its cache (the output never holds these paths)."""
        text = str(path)
        inside = text == self._root or text.startswith(self._root + "/")
        return "<project>" + text[len(self._root):] if inside else text

    def file_hash(self, path: Path) -> str:
        """A file's hash: a regular file, read without following a link at its end, up to a cap
        (a manifest naming /dev/zero or a pipe must not hang or fill memory); anything else is "missing"."""
        if path not in self._hashes:
            self._hashes[path] = hash_regular(path)
        return self._hashes[path]

    def local(self, portable: str) -> Path:
        """The file a portable path names in this project."""
        inside = portable.removeprefix("<project>")
        return Path(self._root + inside) if inside != portable else Path(portable)

    def portable_text(self, text: str) -> str:
        return text.replace(self._root, "<project>")

    def tree_parts(self, folder: Path, shared: bool = True) -> list[str]:
        """Each file's path and hash; `shared` files (not rewritten during the build) are hashed once."""
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        return [f"{p.relative_to(folder).as_posix()} {self.file_hash(p) if shared else digest(p.read_bytes())}"
                for p in files]

    # --- PDFs ------------------------------------------------------------------------------

    def first_key(self, job: PdfJob) -> str:
        return digest("pdf", FORMAT, fingerprint.pdf_engine(self.project.content / "fonts"), job.html, job.title, job.created.isoformat(),
                      str(job.forms), self.portable(job.base_dir), *map(self.portable, job.allowed),
                      *(part for name, data in job.images for part in (name, data)))

    def full_key(self, first_key: str, read: list[str]) -> str:
        """`read`: the portable paths of the files the render read."""
        return digest(first_key, *(f"{path} {self.file_hash(self.local(path))}" for path in read))

    def lookup(self, job: PdfJob) -> PendingPdf:
        pending = PendingPdf(job, self.first_key(job))
        manifest = self.cache and self.cache.read("pdf-reads", pending.first_key, ".json")
        read = manifest and project_paths(manifest)
        if read:
            pending.data = self.cache.read("pdf", self.full_key(pending.first_key, read), ".pdf")
        return pending

    def start_pdfs(self, jobs: list[PdfJob]) -> list[PendingPdf]:
        """Look every PDF up in the cache and set the workers on the others, in the order given."""
        pending = [self.lookup(job) for job in jobs]
        for item in pending:
            if item.data is None and self.options.stand_ins is None:
                item.future = self.workers.submit(render_pdf, item.job)
        return pending

    def finish_pdfs(self, slug: str, pending: list[PendingPdf]) -> FinishedPdfs:
        """Every PDF's bytes, in order, once rendered."""
        count = SchoolCount(slug, len(pending), sum(p.data is not None for p in pending))
        self.stats.reused["pdf"] += count.reused
        self.progress.pdfs(count)
        futures = {p.future: p for p in pending if p.future is not None}
        for future in as_completed(futures):
            self.store_pdf(futures[future], result(future))
            count.rendered += 1
            self.progress.pdfs(count)
        stand_ins = [p for p in pending if p.data is None]
        for item in stand_ins:
            item.data = self.stand_in(item.job)
        return FinishedPdfs([p.data for p in pending], count)

    def store_pdf(self, item: PendingPdf, rendered: RenderedPdf) -> None:
        item.data = rendered.data
        self.stats.made["pdf"] += 1
        if self.cache is None:
            return
        read = [self.portable(path) for path in rendered.read]
        # The list of files read first: an entry is never there without the way to find it.
        self.cache.write("pdf-reads", item.first_key, ".json", json.dumps(read).encode("utf-8"))
        self.cache.write("pdf", self.full_key(item.first_key, read), ".pdf", rendered.data)

    def stand_in(self, job: PdfJob) -> bytes:
        """serve's quick pass: the PDF as last built, or a blank page, until the real one is rendered."""
        self.missing.append(job)
        previous = self.options.stand_ins / job.path
        return previous.read_bytes() if previous.is_file() else blank_pdf()

    # --- sites -----------------------------------------------------------------------------

    def site_key(self, tree: DocsTree, epoch: int) -> str:
        config = yaml.safe_load(tree.config.read_text(encoding="utf-8"))
        config.pop("site_dir", None)  # where it goes does not change what it is
        return digest("site", FORMAT, fingerprint.site_engine(), self.options.engine, str(epoch),
                      self.portable_text(json.dumps(config, sort_keys=True)),
                      self.file_hash(self.project.base_config), *self.tree_parts(self.project.overrides),
                      *self.tree_parts(tree.folder / "docs", shared=False))

    def start_site(self, tree: DocsTree, epoch: int, folder: Path) -> PendingSite:
        pending = PendingSite(self.site_key(tree, epoch), folder)
        stored = self.cache and self.cache.read("site", pending.key, ".tar")
        if stored and unpack(stored, folder):
            self.stats.reused["site"] += 1
        else:
            if stored:  # checked, yet not a site this tool packed: made again, and said once
                self.cache.discard("site", pending.key, ".tar")
            pending.future = self.workers.submit(run_site, tree.config, epoch, folder, self.options.engine)
        return pending

    def finish_site(self, pending: PendingSite) -> bool:
        """Wait for the site; True when it came from the cache."""
        if pending.future is None:
            return True
        result(pending.future)
        self.stats.made["site"] += 1
        if self.cache is not None:
            self.cache.write("site", pending.key, ".tar", pack(pending.folder))
        return False


MAX_HASHED = 64 * 1024 * 1024  # far beyond any font, stylesheet or logo a PDF reads


def hash_regular(path: Path) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return "missing"
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_HASHED:
            return "missing"
        return digest(handle.read(MAX_HASHED + 1))


def project_paths(manifest: bytes) -> list[str] | None:
    """The files a cached PDF read, as its manifest lists them: only paths inside the project."""
    try:
        read = json.loads(manifest)
    except ValueError:
        return None
    if not isinstance(read, list) or not all(isinstance(p, str) and p.startswith("<project>/")
                                             and ".." not in p.split("/") for p in read):
        return None
    return read


def pack(folder: Path) -> bytes:
    """A built site as an uncompressed tar (PDFs and minified files gain little from compression)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(folder).as_posix())
    return buffer.getvalue()


def unpack(data: bytes, folder: Path) -> bool:
    """A packed site into `folder`: only plain files and folders inside it, or nothing (False)."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tar:
            members = tar.getmembers()
            if not all((m.isreg() or m.isdir()) and not m.name.startswith("/") and ".." not in m.name.split("/")
                       for m in members):
                return False
            folder.mkdir(parents=True, exist_ok=True)
            tar.extractall(folder, members=members, filter="data")  # plain files inside `folder` only
    except (tarfile.TarError, EOFError, OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)
        return False
    return True


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)  # A4
    writer.write(buffer)
    return buffer.getvalue()


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
