"""The build cache in build/.cache/: each costly output stored under a hash of everything it depends on.

An entry is one file (a PDF, or a school's built site as a tar), so a lookup is one read and
a store is one atomic rename: a build killed at any moment leaves at worst a temporary file,
which lookups never see and `trim` clears. The cache never grows past its limit: `trim`
drops the entries used least recently (each use touches the file's time).

The keys are made by the callers (generator/pipeline.py): a key changes whenever anything
that goes into the output changes, so a hit gives the same bytes a fresh render would.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "2"  # bump when what an entry holds, or how keys are made, changes
LIMIT_BYTES = 500 * 1024 * 1024
STALE_TEMP_SECONDS = 3600  # a temporary file this old belongs to a build that was killed
# https://bford.info/cachedir/ : backup tools skip a folder holding this file.
TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
       "# The schoolpolicy build cache (PDFs and sites it can reuse). Safe to delete; `build --no-cache` ignores it.\n")
ENTRY = re.compile(r"[0-9a-f]{64}\.[a-z]+")


def digest(*parts: str | bytes) -> str:
    """A hash of the parts, each length-prefixed so that no two lists of parts collide."""
    hasher = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "big"))
        hasher.update(data)
    return hasher.hexdigest()


@dataclass
class CacheStats:
    reused: Counter = field(default_factory=Counter)  # kind -> entries taken from the cache
    made: Counter = field(default_factory=Counter)  # kind -> outputs made afresh

    def line(self) -> str:
        kinds = sorted(set(self.reused) | set(self.made))
        return "; ".join(f"{kind}: {self.made[kind]} built, {self.reused[kind]} from the cache" for kind in kinds)


_THIS_PROCESS: list["BuildCache | None"] = [None]


def use_in_this_process(cache: "BuildCache | None") -> None:
    """The cache that cheap, repeated steps of this process (compiled templates, Markdown made into
    HTML) keep their results in; None while a build runs with --no-cache, and in tests that ask none."""
    _THIS_PROCESS[0] = cache


def in_this_process() -> "BuildCache | None":
    return _THIS_PROCESS[0]


class BuildCache:
    def __init__(self, folder: Path, limit: int = LIMIT_BYTES):
        self.folder = folder
        self.limit = limit

    def path(self, kind: str, key: str, suffix: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}{suffix}"

    def read(self, kind: str, key: str, suffix: str) -> bytes | None:
        path = self.path(kind, key, suffix)
        try:
            data = path.read_bytes()
            os.utime(path)  # most recently used: the last to be trimmed
        except OSError:  # absent, or trimmed by another build a moment ago
            return None
        return data

    def write(self, kind: str, key: str, suffix: str, data: bytes) -> None:
        path = self.path(kind, key, suffix)
        temp = path.with_name(f".{key}.{os.getpid()}.{time.monotonic_ns()}.tmp")
        try:
            self._ensure(path.parent)
            temp.write_bytes(data)
            os.replace(temp, path)  # a reader sees the whole entry or none
        except OSError:  # a full disk, a read-only project, a build/ that is a file: no entry, same output
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass

    def _ensure(self, folder: Path) -> None:
        if not (self.folder / "CACHEDIR.TAG").is_file():
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "CACHEDIR.TAG").write_text(TAG, encoding="utf-8")
        folder.mkdir(parents=True, exist_ok=True)

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last used, size, path) of every entry; only files this cache names, nothing else."""
        found = []
        for path in self.folder.glob("*/??/*"):
            try:
                info = path.stat()
            except OSError:
                continue
            if ENTRY.fullmatch(path.name):
                found.append((info.st_mtime, info.st_size, path))
            elif path.name.endswith(".tmp") and time.time() - info.st_mtime > STALE_TEMP_SECONDS:
                path.unlink(missing_ok=True)
        return sorted(found)

    def trim(self) -> int:
        """Drop the least recently used entries until the cache fits its limit; the bytes it holds."""
        if not (self.folder / "CACHEDIR.TAG").is_file():
            return 0  # not a cache this tool made: touch nothing
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.limit:
                break
            path.unlink(missing_ok=True)
            total -= size
        return total
