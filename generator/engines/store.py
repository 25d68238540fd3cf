"""Reading and writing the build cache's entries for PDFs and sites (generator/cache.py keeps the files)."""
from __future__ import annotations

import io
import json
import shutil
import tarfile
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

from generator.cache import BuildCache, CacheStats
from generator.engines.keys import CacheKeys
from generator.writers.pdf.jobs import PdfJob, RenderedPdf


@dataclass
class PendingPdf:
    job: PdfJob
    first_key: str  # from the job alone; the cache maps it to the files the render read
    data: bytes | None = None
    future: Future | None = None


class CacheStore:
    """PDFs and sites taken from the cache, and stored in it once made; with no cache, every
    lookup misses and nothing is stored."""

    def __init__(self, cache: BuildCache | None, keys: CacheKeys, stats: CacheStats) -> None:
        self.cache, self.keys, self.stats = cache, keys, stats

    def lookup(self, job: PdfJob) -> PendingPdf:
        pending = PendingPdf(job, self.keys.pdf_first_key(job))
        manifest = self.cache and self.cache.read("pdf-reads", pending.first_key, ".json")
        read = manifest and project_paths(manifest)
        if self.cache is not None and read:
            pending.data = self.cache.read("pdf", self.keys.pdf_key(pending.first_key, read), ".pdf")
        return pending

    def store_pdf(self, item: PendingPdf, rendered: RenderedPdf) -> None:
        item.data = rendered.data
        self.stats.made["pdf"] += 1
        if self.cache is None:
            return
        read = [self.keys.portable(path) for path in rendered.read]
        # The list of files read first: an entry is never there without the way to find it.
        self.cache.write("pdf-reads", item.first_key, ".json", json.dumps(read).encode("utf-8"))
        self.cache.write("pdf", self.keys.pdf_key(item.first_key, read), ".pdf", rendered.data)

    def restore_site(self, key: str, folder: Path) -> bool:
        """The site unpacked into `folder` from the cache; False when it is not there."""
        stored = self.cache and self.cache.read("site", key, ".tar")
        if not stored:
            return False
        if not unpack(stored, folder):
            if self.cache is not None:  # checked, yet not a site this tool packed: made again, and said once
                self.cache.discard("site", key, ".tar")
            return False
        self.stats.reused["site"] += 1
        return True

    def store_site(self, key: str, folder: Path) -> None:
        self.stats.made["site"] += 1
        if self.cache is not None:
            self.cache.write("site", key, ".tar", pack(folder))


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
