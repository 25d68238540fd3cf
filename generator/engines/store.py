"""Reading and writing the build cache's entries for PDFs and sites (generator/cache.py keeps the files)."""
from __future__ import annotations

import io
import json
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
        if self.cache is not None and manifest:
            pending.data = self.cache.read("pdf", self.keys.pdf_key(pending.first_key, json.loads(manifest)), ".pdf")
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
        unpack(stored, folder)
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


def unpack(data: bytes, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r") as tar:
        tar.extractall(folder, filter="data")  # plain files inside `folder` only
