"""Never a traceback: what was being done when something unexpected failed, in one line."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from generator.errors import InternalError, SchoolPolicyError, UsageError, printable


def describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        target = f"{printable(exc.filename)}: " if exc.filename else ""
        return f"{target}{exc.strerror}"
    return printable(f"{type(exc).__name__}: {exc}", 500)


def fault(what: str, exc: BaseException) -> SchoolPolicyError:
    """OSError is the machine's state (a folder not writable, a full disk): the user can fix it.
    Anything else unexpected is a fault in schoolpolicy."""
    if isinstance(exc, OSError):
        return UsageError(f"{what}: {describe(exc)}")
    return InternalError(f"{what}: unexpected {describe(exc)}. This is a fault in schoolpolicy, "
                         "not in your files: please report it with this line")


@contextmanager
def step(what: str) -> Iterator[None]:
    """Name the step (and school) in any unexpected failure inside it."""
    try:
        yield
    except SchoolPolicyError:
        raise
    except Exception as exc:
        raise fault(what, exc) from exc
