"""YAML's traps for someone writing it for the first time, said in plain English with the fix to type.

The parser's own words ("mapping values are not allowed in this context", "found a tab character
that violates indentation") name the symptom, often lines after the cause. These functions look
at the text for the usual causes: a hashtag read as a comment, a tab, a second ": " in a value, a
key indented by a different number of spaces from its neighbours, and Word's curly quotes.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.errors import Problem

OPENING_CURLY = "“‘"
CLOSING_CURLY = "”’"
_TOKEN_BEFORE = ":-[{,?"  # after one of these (or at a line's start) a quote opens a quoted value
_HASHTAG = re.compile(r"#[^\s,\]}\"']+")


def _token_start(before: str) -> bool:
    stripped = before.rstrip()
    return not stripped or stripped[-1] in _TOKEN_BEFORE


def comment_at(line: str) -> int | None:
    """Where a comment starts on a line, outside quoted values; None when there is none (or a
    quoted value runs on to the next line, which this does not follow)."""
    i, n = 0, len(line)
    while i < n:
        char = line[i]
        if char == "#" and (i == 0 or line[i - 1] in " \t[{,"):
            return i
        if char in "'\"" and _token_start(line[:i]):
            close = _closing(line, i)
            if close is None:
                return None
            i = close
        i += 1
    return None


def _closing(line: str, start: int) -> int | None:
    quote, i = line[start], start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            if quote == "'" and line[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return None


def hashtag_at(line: str) -> tuple[int, str] | None:
    """(column index, fix) when a comment starts where a value belongs with '#' and a word
    (`hashtags: [#BroTeifi]`, `- #BroTeifi`): a hashtag, not a comment."""
    if "#" not in line:
        return None
    at = comment_at(line)
    if at is None or at + 1 >= len(line) or line[at + 1] in " #!":
        return None
    before = line[:at].rstrip()
    if not before or before[-1] not in ":-[{,":
        return None
    fixed = before.strip() + (" " if before[-1] in ":-" else "") + _HASHTAG.sub(lambda m: f'"{m.group()}"',
                                                                               line[at:])
    return at, fixed.strip()


def hashtag_problem(path: Path, text_lines: list[str], number: int) -> Problem | None:
    found = hashtag_at(text_lines[number - 1])
    if found is None:
        return None
    at, fixed = found
    word = _HASHTAG.match(text_lines[number - 1], at)
    shown = word.group() if word else "#"
    return Problem(path, f"YAML reads '#' as the start of a comment, so {shown} and the rest of the line "
                         f"are not read. Put it in quotes: {fixed}", "", number, at + 1)


def empty_value_problems(path: Path, text: str, lines: set[int]) -> list[Problem]:
    """Hashtags YAML read as comments where it found an empty value (`hashtags: #BroTeifi`)."""
    text_lines = text.split("\n")
    return [p for n in sorted(lines) if n <= len(text_lines)
            for p in [hashtag_problem(path, text_lines, n)] if p is not None]


def quoted(value: str) -> str:
    return f'"{value}"' if '"' not in value and "\\" not in value else "'" + value.replace("'", "''") + "'"


def curly_quoted(value: str) -> bool:
    return len(value) >= 2 and value[0] in OPENING_CURLY and value[-1] in CLOSING_CURLY


def curly_warning(path: Path, key: str | int | None, value: str, line: int, column: int, field: str) -> Problem:
    written = f"{key}: " if isinstance(key, str) else ""
    return Problem(path, "starts and ends with curly quotes (“ ” or ‘ ’, as Word types them), which YAML "
                         "does not read as quotes, so they would be published as part of the text. Type "
                         f"straight quotes instead: {written}{quoted(value[1:-1])}", field, line, column, "warning")


def syntax_trap(path: Path, text: str, exc: yaml.MarkedYAMLError) -> Problem | None:
    """A plain-English message for the usual causes of a syntax error, at the line to change."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    lines = text.split("\n")
    number = min(mark.line + 1, len(lines))
    first = exc.context_mark.line + 1 if exc.context_mark else max(1, number - 3)
    for n in range(first, number + 1):  # a hashtag that hid the end of a list, often lines above
        found = hashtag_problem(path, lines, n)
        if found is not None:
            return found
    for n in range(1, number + 1):
        line = lines[n - 1]
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent] or (n == number and line[mark.column:mark.column + 1] == "\t"):
            column = line.index("\t") + 1
            return Problem(path, "a tab character: YAML lines things up with spaces only, never tabs. Replace "
                                 "it with spaces (the same number as the key this line belongs with)", "",
                           n, column)
    problem = exc.problem or ""
    line = lines[number - 1]
    if "mapping values are not allowed" in problem:
        colon = _colon_trap(path, line, number, mark.column)
        if colon is not None:
            return colon
    if any(words in problem for words in ("mapping values are not allowed", "expected key", "expected <block end>",
                                          "expected '-' indicator")):
        return _indent_trap(path, lines, number)
    return None


def _colon_trap(path: Path, line: str, number: int, column: int) -> Problem | None:
    """`passwords_kept: in the office: top drawer`: a second ': ' in an unquoted value."""
    head, sep, value = line.partition(": ")
    if not sep or len(head) + 2 > column or comment_at(head) is not None:
        return None
    key = head.strip().removeprefix("- ").strip()
    value = value.strip()
    if curly_quoted(value):
        return Problem(path, "Word's curly quotes (“ ” or ‘ ’) are not quotes to YAML, so the ': ' inside "
                             f"this value ends a key. Type straight quotes: {key}: {quoted(value[1:-1])}",
                       "", number, len(head) + 3)
    return Problem(path, "a second ': ' in this value: YAML reads a colon followed by a space as the end of a "
                         f"key, so a value holding one goes in quotes. Write: {key}: {quoted(value)}",
                   "", number, column + 1)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _meaningful(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent_trap(path: Path, lines: list[str], number: int) -> Problem | None:
    """A line whose indent matches none of the keys it could belong with (three spaces among twos)."""
    line = lines[number - 1]
    if not _meaningful(line):
        return None
    spaces = _indent(line)
    above = [(n, lines[n - 1]) for n in range(number - 1, 0, -1) if _meaningful(lines[n - 1])]
    if not above:
        return None
    levels: list[tuple[int, int, str]] = []  # (spaces, line number, key) of the keys this line could line up with
    lowest = None
    for n, text in above:
        indent = _indent(text)
        if lowest is None or indent < lowest:
            lowest = indent
            levels.append((indent, n, text.strip().split(":", 1)[0]))
    if any(spaces == indent for indent, _, _ in levels):
        return None
    previous = levels[0]
    if spaces > previous[0] and lines[previous[1] - 1].rstrip().endswith(":"):
        return None  # deeper under a key that opens a block: that is allowed
    best = min(levels, key=lambda level: (abs(level[0] - spaces), level is not previous))
    want, where, key = best
    return Problem(path, f"this line starts with {spaces} space{'s' if spaces != 1 else ''}, but '{key}:' on line "
                         f"{where} with {want}: YAML knows what belongs together only by the spaces in front. "
                         f"Make it {want} spaces to line up with '{key}:'", "", number, spaces + 1)
