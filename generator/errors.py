"""One exception hierarchy. Every problem a user can fix carries where it is."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
        where = str(self.path) if self.path else "schoolpolicy"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        label = "warning: " if self.severity == "warning" else ""
        return f"{where}:{field} {label}{self.message}"


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
