"""Never a traceback: what was being done when something unexpected failed, in one line."""
from __future__ import annotations

import os
from contextlib import contextmanager
from typing import Iterator

from generator.errors import InternalError, LibraryError, SchoolPolicyError, UsageError, printable


def describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        target = f"{printable(exc.filename)}: " if exc.filename else ""
        return f"{target}{exc.strerror}"
    return printable(f"{type(exc).__name__}: {exc}", 500)


def template_file(exc: BaseException) -> str | None:
    """The file and line of a template that does not compile, as a message names it."""
    import jinja2

    if not isinstance(exc, jinja2.TemplateSyntaxError) or not (exc.filename or exc.name):
        return None
    name = exc.filename or exc.name or ""
    if os.path.isabs(name):
        relative = os.path.relpath(name)
        name = relative if not relative.startswith("..") else name
    return f"{printable(name)}:{exc.lineno}"


def fault(what: str, exc: BaseException) -> SchoolPolicyError:
    """OSError is the machine's state (a folder not writable, a full disk): the user can fix it.
    A template that does not compile is the library's mistake, named by file and line.
    Anything else unexpected is a fault in schoolpolicy."""
    where = template_file(exc)
    if where:
        message = getattr(exc, "message", "")  # a jinja2.TemplateSyntaxError's own words
        return LibraryError(f"{where}: this template does not compile ({what}): {printable(message, 300, cut='')}; "
                            "fix the template in content/")
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
