"""The library and the reference facts in force on a day, as read and checked, kept whole between commands.

`check` of one school spent a third of its time reading the shared content: building pydantic's
validators for the library's and the reference's models, validating every file's data, checking the
library as a whole and picking the facts in force on the day; yet that content changes only when the
library is updated. So what those readers give is kept, as Python objects, in the user's own cache
folder (`~/.cache/schoolpolicy/shared`, or under $XDG_CACHE_HOME), beside the compiled templates and
with the same guards (cache.user_store):

- Never in the project: build/ may come from elsewhere, so nothing in it is trusted further than data
  (readers/kept.py keeps the parsed YAML there, and validates it again on every read).
- Used only while the build cache is (`check`, and `build` without --no-cache, which reads everything
  afresh), from a real folder owned by this user that no one else may write.
- An entry is named by a hash of everything the readers' result depends on: the bytes of every YAML
  file and page template under content/, the name and kind of every other file there (the library
  checks that the pictures it names exist), the project's folder, the day, the source of every
  module of this program, and the versions of Python, pydantic and PyYAML. Any change gives another
  name, so an entry is never used for content, code or a day other than its own; it starts with a
  hash of its own bytes (cache.py's entry header), so a damaged or cut one is dropped and the
  content read afresh.
- It is unpickled with only this program's own records allowed (the readers' models, dataclasses and
  enumerations, dates and paths): no other function or class can be named in it.
- A library with a mistake is never kept: every run reads it, and says where.

The objects are those the readers made, so every command gives the same words and bytes with or
without the entry.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import io
import os
import pickle
import stat
import sys
from pathlib import Path

from generator import state
from generator.cache import FORMAT, UserStore, digest, in_this_process, user_store
from generator.readers.files import linked_folder
from generator.readers.library import Library, read_library
from generator.readers.reference import Reference, read_reference

KIND = "shared"
VERSION = "1"  # bump when how an entry is made changes
LIMIT_BYTES = 64 * 1024 * 1024
READ = (".yml", ".yaml", ".j2")  # the files under content/ whose text the readers take in
PACKAGE = Path(__file__).resolve().parents[1]  # generator/
PLAIN = {("datetime", "date"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath")}


@state.keeps()  # found again from the environment by a new command
@functools.lru_cache(maxsize=1)
def shared_store() -> UserStore | None:
    return user_store(KIND, LIMIT_BYTES)


@state.keeps(lasting=True)  # the program's own files: any process finds the same
@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of the source of every module of this program: a new version never takes an older one's entry."""
    parts: list[str | bytes] = []
    start = len(str(PACKAGE)) + 1
    for folder, names, files in os.walk(PACKAGE):
        names[:] = sorted(n for n in names if n != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                with open(path, "rb") as handle:
                    parts += [path[start:], handle.read()]
    return digest(*parts)


def content_parts(content: Path) -> list[str | bytes]:
    """Every file and folder under content/ by name and kind (links not followed), with the bytes of
    those the readers read."""
    parts: list[str | bytes] = [str(linked_folder(content / "x"))]
    start = len(str(content)) + 1
    for folder, names, files in os.walk(content):
        names.sort()
        for name in sorted(files) + [f"{n}/" for n in names]:
            path = os.path.join(folder, name.rstrip("/"))
            try:
                info = os.lstat(path)
            except OSError:
                continue
            parts += [path[start:], str(stat.S_IFMT(info.st_mode))]
            if stat.S_ISREG(info.st_mode) and name.endswith(READ):
                with open(path, "rb") as handle:
                    parts.append(handle.read())
    return parts


def entry_key(content: Path, root: Path, day: dt.date) -> str:
    import pydantic
    import yaml

    return digest(KIND, FORMAT, VERSION, sys.version, pydantic.VERSION, yaml.__version__, code_digest(),
                  str(root.resolve()), day.isoformat(), *content_parts(content))


class _Records(pickle.Unpickler):
    """Unpickles only this program's readers' records (pydantic models, dataclasses and enumerations), dates
    and paths."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) in PLAIN:
            return super().find_class(module, name)
        if module.startswith("generator.readers."):
            found = super().find_class(module, name)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)
                                            or _model(found)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a record of the readers")


def _model(cls: type) -> bool:
    from pydantic import BaseModel

    return issubclass(cls, BaseModel)


def _loads(data: bytes) -> tuple[Library, Reference] | None:
    try:
        loaded = _Records(io.BytesIO(data)).load()
    except Exception:  # noqa: BLE001 - not an entry this program can use: read the content afresh
        return None
    if isinstance(loaded, tuple) and len(loaded) == 2 and isinstance(loaded[0], Library) \
            and isinstance(loaded[1], Reference):
        return loaded
    return None


def read_shared(content: Path, root: Path, day: dt.date | None = None) -> tuple[Library, Reference]:
    """read_library and read_reference (the facts in force on `day`, default today), taken from the user's
    cache when the same content, code and day were read before and the build cache is in use."""
    day = day or dt.date.today()
    store = shared_store() if in_this_process() is not None else None
    if store is None:
        return read_library(content, root), read_reference(content / "reference", day)
    key = entry_key(content, root, day)
    kept = store.read(KIND, key, ".pickle")
    if kept is not None:
        loaded = _loads(kept)
        if loaded is not None:
            return loaded
        store.discard(KIND, key, ".pickle")
    library, reference = read_library(content, root), read_reference(content / "reference", day)
    store.write(KIND, key, ".pickle", pickle.dumps((library, reference), protocol=pickle.HIGHEST_PROTOCOL))
    return library, reference
