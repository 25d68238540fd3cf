"""Files schoolpolicy writes itself (locks, markers, starters): opened without following links.

A symbolic link where one of these files goes could point at anybody's file (a dangling one
would create it), so the last part of the path is opened with O_NOFOLLOW, and anything that is
not a regular file is refused, with its path, before a byte is written.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from generator.errors import SchoolPolicyError, UsageError

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def link_refusal(shown: str | Path) -> str:
    return (f"{shown}: is a symbolic link; schoolpolicy never writes through a link (it could point at "
            "anybody's file): remove it and run the command again")


def open_own(path: Path, flags: int, shown: str | Path, error: type[SchoolPolicyError] = UsageError,
             mode: int = 0o644) -> int:
    """A file descriptor for `path`, opened with `flags` and never through a link at its last part."""
    try:
        fd = os.open(path, flags | NOFOLLOW | CLOEXEC | getattr(os, "O_NONBLOCK", 0), mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EEXIST and os.path.islink(path)):
            raise error(link_refusal(shown)) from None
        raise
    kind = os.fstat(fd).st_mode
    if not stat.S_ISREG(kind):
        os.close(fd)
        raise error(f"{shown}: is not a plain file (a folder, a pipe or a device); move it away and run again")
    os.set_blocking(fd, True)
    return fd


def write_own(path: Path, text: str, shown: str | Path, *, new: bool = False,
              error: type[SchoolPolicyError] = UsageError) -> None:
    """Write `text` to `path`, never through a link; `new`: only if nothing (not even a link) is there."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if new else os.O_TRUNC)
    fd = open_own(path, flags, shown, error)
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
