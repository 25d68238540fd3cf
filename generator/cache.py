"""The build cache in build/.cache/: each costly output stored under a hash of everything it depends on.

An entry is one file (a PDF, or a school's built site as a tar), so a lookup is one read and
a store is one atomic rename: a build killed at any moment leaves at worst a temporary file,
which lookups never see and `trim` clears. The cache never grows past its limit: `trim`
drops the entries used least recently (each use touches the file's time).

The keys are made by the callers (generator/pipeline.py): a key changes whenever anything
that goes into the output changes, so a hit gives the same bytes a fresh render would.
Entries are data (PDFs, tars, HTML, lists of paths), never code, and each is checked when
read (BuildCache): a folder handed on with build/ inside, a build/ committed to a fork or a
restored CI cache is never trusted further than that.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from generator import state
from generator.errors import Problem, UsageError

FORMAT = "3"  # bump when what an entry holds, or how keys are made, changes
LIMIT_BYTES = 500 * 1024 * 1024
STALE_TEMP_SECONDS = 3600  # a temporary file this old belongs to a build that was killed
TOUCH_AFTER_SECONDS = 600  # an entry read is marked as used when it was last marked longer ago than this
# https://bford.info/cachedir/ : backup tools skip a folder holding this file.
TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
       "# The schoolpolicy build cache (PDFs and sites it can reuse). Safe to delete; `build --no-cache` ignores it.\n")
ENTRY = re.compile(r"[0-9a-f]{64}\.[a-z]+")
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


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


_THIS_PROCESS: list["BuildCache | None"] = state.kept([None], "cache._THIS_PROCESS")


def use_in_this_process(cache: "BuildCache | None") -> None:
    """The cache that cheap, repeated steps of this process (compiled templates, Markdown made into
    HTML) keep their results in; None while a build runs with --no-cache, and in tests that ask none."""
    _THIS_PROCESS[0] = cache


def in_this_process() -> "BuildCache | None":
    return _THIS_PROCESS[0]


class BuildCache:
    """Entries are data, checked on every read: each file starts with a line naming the format and
    the hash of its kind, key and bytes, so a damaged, cut or swapped entry (another school's site
    under this one's key) is never used; entries are regular files inside the cache, read without
    following links and without blocking (a FIFO), up to a size cap. Such an entry is removed and
    made again, and the command says so once (`damage_warning`). Nothing read from here is run:
    compiled templates are kept in memory only."""

    def __init__(self, folder: Path, limit: int = LIMIT_BYTES):
        refuse_linked(folder)
        self.folder = folder
        self.limit = limit
        self._root = str(folder)
        self._real: set[str] = set()  # folders of entries seen to be real folders, not links

    def path(self, kind: str, key: str, suffix: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}{suffix}"

    def read(self, kind: str, key: str, suffix: str) -> bytes | None:
        # Paths as strings here: `check` reads hundreds of small entries, and making Path objects
        # for each cost more than reading it.
        kind_folder = os.path.join(self._root, kind)
        shard = os.path.join(kind_folder, key[:2])
        path = os.path.join(shard, key + suffix)
        checked = self._read_checked(path, (kind_folder, shard), kind, key)
        if checked is None:
            if os.path.lexists(path):  # there, but not a whole, regular entry of this kind and key
                self._discard(Path(path))
            return None
        data, used = checked
        if time.time() - used > TOUCH_AFTER_SECONDS:
            try:
                os.utime(path, follow_symlinks=False)  # most recently used: the last to be trimmed
            except OSError:
                pass
        return data

    def _read_checked(self, path: str, folders: tuple[str, str], kind: str, key: str) -> tuple[bytes, float] | None:
        """The entry's bytes and when it was last used, or None when there is no whole, regular entry
        of this kind and key at `path`, inside `folders` that are not links."""
        for part in folders:
            if part not in self._real:
                if os.path.islink(part):
                    return None
                if os.path.isdir(part):  # a folder not made yet may be made (by write) as a real one
                    self._real.add(part)
        try:
            fd = os.open(path, os.O_RDONLY | NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > HEADER_BYTES + cap(kind):
                return None
            with os.fdopen(fd, "rb", closefd=False) as handle:
                raw = handle.read(HEADER_BYTES + cap(kind) + 1)
        except OSError:
            return None
        finally:
            os.close(fd)
        header, data = raw[:HEADER_BYTES], raw[HEADER_BYTES:]
        return (data, info.st_mtime) if header == entry_header(kind, key, data) else None

    def discard(self, kind: str, key: str, suffix: str) -> None:
        """An entry that passed its check but could not be used."""
        self._discard(self.path(kind, key, suffix))

    def _discard(self, path: Path) -> None:
        """A bad entry goes, and is counted once."""
        self._remove(path)
        _DAMAGED.append(path)

    @staticmethod
    def _remove(path: Path) -> None:
        """An entry goes: a link is removed, never followed; a folder is left."""
        try:
            if not path.is_dir() or path.is_symlink():
                path.unlink(missing_ok=True)
        except OSError:
            pass

    def write(self, kind: str, key: str, suffix: str, data: bytes) -> None:
        if len(data) > cap(kind):
            return  # too large to keep: made afresh next time
        path = self.path(kind, key, suffix)
        temp = path.with_name(f".{key}.{os.getpid()}.{time.monotonic_ns()}.tmp")
        try:
            if not self._ensure(path.parent):
                return
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o644)
            with os.fdopen(fd, "wb") as handle:
                handle.write(entry_header(kind, key, data))
                handle.write(data)
            if os.path.islink(path) or (os.path.lexists(path) and not path.is_file()):
                self._discard(path)
            os.replace(temp, path)  # a reader sees the whole entry or none
        except OSError:  # a full disk, a read-only project, a build/ that is a file: no entry, same output
            try:
                temp.unlink(missing_ok=True)
            except OSError:
                pass

    def _ensure(self, folder: Path) -> bool:
        """The entry's folder, made if need be; False when any folder on the way is a link or not a folder."""
        if not (self.folder / "CACHEDIR.TAG").is_file():
            refuse_linked(self.folder)
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / "CACHEDIR.TAG", os.O_WRONLY | os.O_CREAT | os.O_TRUNC | NOFOLLOW, 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(TAG)
        for step in (folder.parent, folder):
            if step.is_symlink():
                return False
            step.mkdir(exist_ok=True)
            if step.is_symlink() or not step.is_dir():
                return False
        return True

    def entries(self) -> list[tuple[float, int, Path]]:
        """(last used, size, path) of every entry; only files this cache names, nothing else,
        never through a link (a linked folder inside the cache is not looked into)."""
        found = []
        for kind in _folders(self.folder):
            for shard in _folders(kind):
                try:
                    names = os.listdir(shard)
                except OSError:
                    continue
                for name in names:
                    path = shard / name
                    try:
                        info = path.lstat()
                    except OSError:
                        continue
                    if ENTRY.fullmatch(name) and stat.S_ISREG(info.st_mode):
                        found.append((info.st_mtime, info.st_size, path))
                    elif ENTRY.fullmatch(name) and not stat.S_ISDIR(info.st_mode):
                        path.unlink(missing_ok=True)  # a link or a pipe where an entry goes: never ours
                    elif name.endswith(".tmp") and stat.S_ISREG(info.st_mode) \
                            and time.time() - info.st_mtime > STALE_TEMP_SECONDS:
                        path.unlink(missing_ok=True)
        return sorted(found)

    def trim(self) -> int:
        """Drop the least recently used entries until the cache fits its limit; the bytes it holds."""
        if self.folder.is_symlink() or self.folder.parent.is_symlink() \
                or not (self.folder / "CACHEDIR.TAG").is_file():
            return 0  # not a cache this tool made: touch nothing
        entries = self.entries()
        total = sum(size for _, size, _ in entries)
        for _, size, path in entries:
            if total <= self.limit:
                break
            path.unlink(missing_ok=True)
            total -= size
        return total


def _folders(folder: Path) -> list[Path]:
    """The real folders in `folder`: links to folders are not followed."""
    try:
        return [Path(entry.path) for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return []


HEADER_BYTES = len(b"schoolpolicy cache 3 ") + 64 + 1
CAPS = {"pdf": 64 * 1024 * 1024, "site": 256 * 1024 * 1024, "pdf-reads": 1024 * 1024, "markdown": 4 * 1024 * 1024,
        "yaml": 8 * 1024 * 1024, "picture": 4096}
_DAMAGED: list[Path] = state.kept([], "cache._DAMAGED")  # entries discarded by this process, for one warning


def cap(kind: str) -> int:
    """The largest entry of a kind kept: far beyond a real one, so a damaged size header cannot make a read huge."""
    return CAPS.get(kind, 64 * 1024 * 1024)


def entry_header(kind: str, key: str, data: bytes) -> bytes:
    """The first line of an entry: the format and a hash of its kind, its key and its bytes."""
    return b"schoolpolicy cache 3 " + digest("entry", kind, key, data).encode("ascii") + b"\n"


def refuse_linked(folder: Path) -> None:
    """The cache folder and build/ are the project's own folders: as links, trimming the cache
    would delete files wherever they point. (Where they are files, nothing is cached.)"""
    for place in (folder.parent, folder):
        if place.is_symlink():
            raise UsageError(f"{place.parent.name}/{place.name}: is a symbolic link; schoolpolicy keeps its work "
                             "and its build cache only in folders of its own: remove the link (or use --no-cache)")


class UserStore(BuildCache):
    """A BuildCache in the user's own cache folder (compiled templates, the library as read): an entry that
    fails its check is dropped quietly and made again, not reported as damage to the project's build/.cache."""

    def __init__(self, folder: Path, limit: int = LIMIT_BYTES):
        super().__init__(folder, limit)
        self._trimmed = False

    def _discard(self, path: Path) -> None:
        self._remove(path)

    def write(self, kind: str, key: str, suffix: str, data: bytes) -> None:
        super().write(kind, key, suffix, data)
        if not self._trimmed:  # something changed: once a command, drop what has not been used for longest
            self._trimmed = True
            self.trim()


def private_folder(folder: Path) -> bool:
    """A real folder, owned by this user, that no other user may write."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def user_store(name: str, limit: int) -> UserStore | None:
    """The folder `name` in the user's own cache folder ($XDG_CACHE_HOME or ~/.cache, then schoolpolicy/),
    made if need be; None where it cannot be had safely: it and schoolpolicy/ must be real folders owned
    by this user that no one else may write."""
    if not hasattr(os, "getuid"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    if not base.is_absolute():
        return None
    mine, folder = base / "schoolpolicy", base / "schoolpolicy" / name
    try:
        for place in (mine, folder):  # each made, or found, private before anything goes in it
            if not os.path.lexists(place):
                place.mkdir(mode=0o700, parents=place is mine)
            if not private_folder(place):
                return None
        return UserStore(folder, limit=limit)
    except Exception:  # noqa: BLE001 - no home, a read-only or linked folder: nothing is kept
        return None


def damage_warning(shown_folder: str = "build/.cache") -> Problem | None:
    """One warning for every entry this process found damaged, linked or not a file, and discarded."""
    if not _DAMAGED:
        return None
    count, first = len(set(_DAMAGED)), _DAMAGED[0]
    _DAMAGED.clear()
    return Problem(Path(shown_folder), f"{count} cache entr{'y was' if count == 1 else 'ies were'} damaged, cut "
                                       f"short, linked or not a file (first: {first.parent.parent.name}/"
                                       f"{first.parent.name}/{first.name[:16]}…), so discarded and made again. If this "
                                       "happens again, delete the folder: it holds nothing you need",
                   severity="warning")
