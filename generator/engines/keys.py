"""Cache keys: a hash of everything an output depends on, so a hit gives the bytes a fresh render would.

Each PDF is keyed by its print HTML, its metadata, the files WeasyPrint read for it (stylesheets,
fonts: noted by the fetcher at render time) and the PDF engine's fingerprint; each school's site
by its docs tree (which names each PDF by a mark made from its print HTML, see
writers/pdf/downloads.py), its config, the base config and theme overrides, and the site engine's
fingerprint. Paths inside the project are written relative to it, so a project moved or cloned
elsewhere still finds its cache (the output never holds these paths).
"""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import yaml

from generator import fingerprint
from generator.cache import FORMAT, digest
from generator.project import Project
from generator.writers.pdf.jobs import PdfJob
from generator.writers.site.docs_tree import DocsTree


class CacheKeys:
    """The keys of one build; each file's contents are hashed once a build."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._root = str(project.root.resolve())  # as the paths the keys hold are written
        self._hashes: dict[Path, str] = {}

    def portable(self, path: Path | str) -> str:
        """A path as the key sees it: relative to the project when inside it."""
        text = str(path)
        inside = text == self._root or text.startswith(self._root + "/")
        return "<project>" + text[len(self._root):] if inside else text

    def local(self, portable: str) -> Path:
        """The file a portable path names in this project."""
        inside = portable.removeprefix("<project>")
        return Path(self._root + inside) if inside != portable else Path(portable)

    def portable_text(self, text: str) -> str:
        return text.replace(self._root, "<project>")

    def file_hash(self, path: Path) -> str:
        """A file's hash: a regular file, read without following a link at its end, up to a cap
        (a manifest naming /dev/zero or a pipe must not hang or fill memory); anything else is "missing"."""
        if path not in self._hashes:
            self._hashes[path] = hash_regular(path)
        return self._hashes[path]

    def tree_parts(self, folder: Path, shared: bool = True) -> list[str]:
        """Each file's path and hash; `shared` files (not rewritten during the build) are hashed once."""
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        return [f"{p.relative_to(folder).as_posix()} {self.file_hash(p) if shared else digest(p.read_bytes())}"
                for p in files]

    def pdf_first_key(self, job: PdfJob) -> str:
        """From the job alone; the cache maps it to the files the render read."""
        return digest("pdf", FORMAT, fingerprint.pdf_engine(self.project.content / "fonts"), job.html, job.title, job.created.isoformat(),
                      str(job.forms), self.portable(job.base_dir), *map(self.portable, job.allowed),
                      *(part for name, data in job.images for part in (name, data)))

    def pdf_key(self, first_key: str, read: list[str]) -> str:
        """`read`: the portable paths of the files the render read."""
        return digest(first_key, *(f"{path} {self.file_hash(self.local(path))}" for path in read))

    def site_key(self, tree: DocsTree, epoch: int, engine: str = "mkdocs") -> str:
        config = yaml.safe_load(tree.config.read_text(encoding="utf-8"))
        config.pop("site_dir", None)  # where it goes does not change what it is
        return digest("site", FORMAT, fingerprint.site_engine(), engine, str(epoch),
                      self.portable_text(json.dumps(config, sort_keys=True)),
                      self.file_hash(self.project.base_config), *self.tree_parts(self.project.overrides),
                      *self.tree_parts(tree.folder / "docs", shared=False))


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
