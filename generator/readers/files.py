"""Read a data file only when it is a plain file of the project: no links, devices or pipes.

A symlink could point at a private key, a FIFO would block `check` forever and
/dev/zero never ends, so the file is opened without following links and without
blocking, checked with fstat, and read to at most a fixed size.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import DataError, Problem

MAX_BYTES = 1_000_000  # a school file is a few KB; 1 MB is far beyond any real one
_KINDS = {stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (FIFO)", stat.S_IFCHR: "a device",
          stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket"}


def _whole_file(shown: Path, message: str) -> DataError:
    """A problem with the file itself, placed at its start so editors and CI annotations can jump to it."""
    return DataError([Problem(shown, message, "", 1, 1)])


def _refuse(shown: Path, what: str) -> DataError:
    return _whole_file(shown, f"{what}; schoolpolicy reads only regular files inside the project, "
                              "so put the file itself here")


def linked_folder(path: Path) -> str | None:
    """The first folder on the way to path that is a symbolic link, if any."""
    absolute = Path(os.path.abspath(path))
    for folder in reversed(absolute.parents):
        if folder.is_symlink():
            return str(folder)
    return None


def read_regular(path: Path, shown: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, refusing links, special files and anything over limit."""
    if os.path.islink(path):
        raise _refuse(shown, "is a symbolic link, not a file")
    via = linked_folder(path)
    if via:
        raise _refuse(shown, f"is reached through a symbolic link ({Path(via).name}/)")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _whole_file(shown, f"cannot be read: {exc.strerror}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _refuse(shown, f"is {_KINDS.get(stat.S_IFMT(mode), 'not a regular file')}")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise _whole_file(shown, f"is larger than {limit // 1_000_000} MB; a school's data file is a few KB, "
                                 "so check this is the right file")
    return data
