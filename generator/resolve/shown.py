"""Reference facts as pages see them: the value, plain words, the date checked and a source link; never
a maintainer's `note`, `confidence` or raw `source` (content/README.md, "Reference data").

Templates get every reference entry through `shown()`. Asking one for a maintainer's field stops the
render with a message naming the clause (MaintainersOnly), so no clause, guide or page can print a note
meant for maintainers."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from generator.readers.reference import SHOWN

MAINTAINERS_ONLY = frozenset({"note", "confidence", "source"})


class MaintainersOnly(Exception):
    """A template asked for provenance. Not an AttributeError, so Jinja cannot turn it into a quiet Undefined."""


class Shown:
    """A read-only view of one reference entry without its maintainers' fields."""

    __slots__ = ("_entry",)

    def __init__(self, entry: BaseModel):
        object.__setattr__(self, "_entry", entry)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        if name in MAINTAINERS_ONLY:
            raise MaintainersOnly(f"'{name}' is for the maintainers of content/reference, never for pages: "
                                  "use .value, .detail, .known, .link or .checked")
        return shown(getattr(self._entry, name))

    @property
    def link(self) -> str | None:
        """The source's web address, for a fact pages state (confirmed, or from a reliable third party)."""
        source = getattr(self._entry, "source", None)
        sure = getattr(self._entry, "confidence", None) in SHOWN
        return source if sure and isinstance(source, str) and source.startswith(("https://", "http://")) else None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("reference facts are read-only")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Shown) and other._entry is self._entry

    def __hash__(self) -> int:
        return hash(id(self._entry))

    def __reduce__(self) -> tuple[Any, ...]:
        return Shown, (self._entry,)

    def __repr__(self) -> str:
        return f"Shown({type(self._entry).__name__} {getattr(self._entry, 'id', '')})".replace(" )", ")")


def shown(value: Any) -> Any:
    """The same data for pages: every reference entry (however deep) wrapped in Shown."""
    if isinstance(value, Shown):
        return value
    if isinstance(value, BaseModel):
        return Shown(value)
    if isinstance(value, list):
        return [shown(v) for v in value]
    if isinstance(value, tuple):
        return tuple(shown(v) for v in value)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    return value


def entry_of(value: Any) -> Any:
    """The reference entry behind a view, for resolve's own reading (never handed to a template)."""
    return object.__getattribute__(value, "_entry") if isinstance(value, Shown) else value
