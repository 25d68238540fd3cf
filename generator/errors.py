"""One exception hierarchy. Every problem a user can fix carries where it is."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_MESSAGE = 1_000  # characters of one message; a value pasted by mistake is cut, not printed whole
MAX_SHOWN = 50  # problems listed per file; the rest are counted


def printable(value: object, limit: int = MAX_MESSAGE, *, one_line: bool = False, cut: str = "…") -> str:
    """Text safe for a terminal, the one helper every message uses: control characters, bidi
    overrides and other hidden characters shown as codes (\\x1b, U+202E), long text cut to
    `limit` characters, and with `one_line` only the first line kept."""
    text = str(value)
    first = text.split("\n", 1)[0] if one_line else text
    out = []
    for char in first[:limit]:
        if char.isprintable() or char == " ":
            out.append(char)
        elif unicodedata.category(char) == "Zs":  # a visible space of another width
            out.append(" ")
        else:
            out.append(f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"U+{ord(char):04X}")
    return "".join(out) + (cut if len(first) > limit or first != text else "")


@dataclass(frozen=True)
class Problem:
    """One located message: file, line and column, dotted field path, what to do."""

    path: Path | None
    message: str
    field: str = ""
    line: int | None = None
    column: int | None = None
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        """One line, whatever the file held: hidden characters escaped, long values cut."""
        where = printable(str(self.path), 300) if self.path else "schoolpolicy"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {printable(self.field, 200)}:" if self.field else ""
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}:{field} {label}{printable(self.message)}"


def capped(problems: list[Problem]) -> list[Problem]:
    """The first MAX_SHOWN problems, then one line counting the rest: 6,000 lines help nobody."""
    if len(problems) <= MAX_SHOWN:
        return problems
    rest = problems[MAX_SHOWN:]
    severity = "error" if any(p.severity == "error" for p in rest) else "warning"
    return problems[:MAX_SHOWN] + [Problem(rest[0].path, f"and {len(rest):,} more problems like these, from "
                                                         "here on; fix those above and check again", "",
                                           rest[0].line, rest[0].column, severity)]


class SchoolPolicyError(Exception):
    """Base for every error the tool reports to a user (exit status 1 unless said)."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(None, problems)]
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DataError(SchoolPolicyError):
    """A school's data file is wrong: the user fixes the file (exit status 2)."""

    exit_code = 2


class LibraryError(SchoolPolicyError):
    """The shared library or reference data is wrong: a maintainer fixes content/."""


class ProjectError(SchoolPolicyError):
    """The command was run somewhere that is not a schoolpolicy project."""

    exit_code = 2


class BuildError(SchoolPolicyError):
    """The site engine or PDF renderer failed on otherwise valid input."""


class UsageError(SchoolPolicyError):
    """An argument is wrong (a slug, --out, --port): the user changes the command (exit status 2)."""

    exit_code = 2


class InternalError(SchoolPolicyError):
    """Something schoolpolicy did not expect: a fault of ours, said in one line (exit status 1)."""
