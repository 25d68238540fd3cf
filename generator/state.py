"""What a process keeps between commands, in one register.

Every module-level cache in generator/ registers here as it is made (`kept(...)`), so one call,
`forget()`, leaves the process as a new one starts: the tests' in-process commands call it before
each command, and a new cache cannot be left out (tests/unit/test_process_state.py scans generator/
for module-level caches and fails on one that is not registered).

Two sorts:
- what a command leaves (serve's remembered content, the build cache in use, Markdown converted
  through it, damaged entries to warn about): `forget()` drops it;
- `lasting=True`: what any process on this machine would make alike from the same arguments
  (compiled template code, the installed engines' fingerprints): `forget()` keeps it, as a new
  process would find the same; `forget(lasting=True)` drops that too.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Kept:
    name: str  # module.name, for messages
    lasting: bool
    clear: Callable[[], None]
    fresh: Callable[[], bool]  # as a new process has it
    held: Any


_KEPT: list[Kept] = []


def kept(held: T, name: str, lasting: bool = False) -> T:
    """Register a module-level cache and hand it back: a dict or set (emptied), a list (put back as it
    is now: [None], [False]), a thread-local object (this thread's attributes dropped) or a function
    made by functools.lru_cache / functools.cache (its cache cleared)."""
    if isinstance(held, (dict, set)):
        clear, fresh = held.clear, (lambda: not held)
    elif isinstance(held, list):
        first = list(held)

        def clear() -> None:
            held[:] = first

        def fresh() -> bool:
            return len(held) == len(first) and all(a is b for a, b in zip(held, first, strict=True))
    elif isinstance(held, threading.local):
        clear, fresh = vars(held).clear, (lambda: not vars(held))
    elif callable(getattr(held, "cache_clear", None)):
        clear, fresh = held.cache_clear, (lambda: held.cache_info().currsize == 0)  # type: ignore[attr-defined]
    else:
        raise TypeError(f"{name}: not a cache state.kept knows how to clear: {type(held).__name__}")
    _KEPT.append(Kept(name, lasting, clear, fresh, held))
    return held


def keeps(lasting: bool = False) -> Callable[[F], F]:
    """Register a function's functools.lru_cache / functools.cache (written above it):
    `@state.keeps()` then `@functools.lru_cache(maxsize=...)`."""
    def register(function: F) -> F:
        kept(function, f"{function.__module__}.{function.__qualname__}", lasting)
        return function
    return register


def forget(lasting: bool = False) -> None:
    """Leave this process as a new one starts: every registered cache cleared (those marked lasting too
    when `lasting`)."""
    for entry in _KEPT:
        if lasting or not entry.lasting:
            entry.clear()


def registered() -> tuple[Kept, ...]:
    return tuple(_KEPT)


# Dropped as the process ends, while the interpreter is whole: what a cache holds then runs its finaliser
# in good order (WeasyPrint's FontConfiguration removes its temporary folder), not during the modules'
# teardown, where shutil may already be gone (the register holds them until its own module goes).
atexit.register(forget, lasting=True)
