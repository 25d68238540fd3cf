"""Checks a YAML text must pass before it is composed: limits and invisible characters.

Everything here is one linear pass, over the text or over the parser's events,
so an alias bomb or 10,000 levels of nesting gets a located message at once,
not a hang, a MemoryError or a RecursionError.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.errors import Problem
from generator.readers.text import ZERO_WIDTH, brief, char_name, first_hidden, hidden_char, is_blank

MAX_DEPTH = 20
MAX_ALIASES = 100
MAX_NODES = 100_000  # values in the document once every alias is expanded
MAX_STRING = 20_000
# Markdown's table extension reads every line left in a block once for each line it takes off: the cost of
# a text grows with the square of its lines, a few seconds at 6,000 lines, nothing at a thousand.
MAX_LINES = 1_000
MAX_ITEMS = 5_000
MAX_NUMBER = 20  # characters in an unquoted number
NUMBER_TAGS = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str"}
_ESCAPE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.DOTALL)
_SHORT_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "r": "\r", "v": "\v",
                  "N": "\x85", "L": "\u2028", "P": "\u2029"}


def located(path: Path, mark: yaml.Mark, message: str) -> Problem:
    return Problem(path, message, "", mark.line + 1, mark.column + 1)


def hidden_in_text(path: Path, text: str, blank_spans: list[tuple[int, int]] | None = None) -> list[Problem]:
    """Hidden characters written as is, with their line and column.

    Without blank_spans: every kind but zero-width ones (which YAML can parse).
    With them: only zero-width ones outside those spans (values of nothing else count as empty).
    """
    problems, offset = [], 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line.isprintable():  # fast path: almost every line is printable
            problems += _hidden_in_line(path, line, number, offset, blank_spans)
        offset += len(line) + 1
        if len(problems) >= 10:
            break
    return problems


def _hidden_in_line(path, line, number, offset, blank_spans) -> list[Problem]:
    found = []
    for column, char in enumerate(line, 1):
        index = offset + column - 1
        if (char == "\r" and column == len(line)) or (index == 0 and char == "\ufeff") or not hidden_char(char):
            continue  # Windows line ends and a leading byte-order mark are how editors save files
        if (char in ZERO_WIDTH) != (blank_spans is not None) or _inside(index, blank_spans or []):
            continue
        found.append(Problem(path, f"{char_name(char)} here cannot be seen or is a control character; "
                                   "delete it (retype the text around it if unsure)", "", number, column))
    return found


def _inside(index: int, spans: list[tuple[int, int]]) -> bool:
    at = bisect_right(spans, (index, float("inf"))) - 1
    return at >= 0 and spans[at][0] <= index < spans[at][1]


def escaped_hidden(text: str, event: yaml.ScalarEvent) -> int:
    """Index in text of the escape (\\e, \\u202e...) that wrote a hidden character into a quoted value."""
    start, end = event.start_mark.index, event.end_mark.index
    for match in _ESCAPE.finditer(text, start, end):
        body = match.group()[1:]
        char = chr(int(body[1:], 16)) if len(body) > 1 else _SHORT_ESCAPES.get(body, body)
        if hidden_char(char):
            return match.start()
    return start


@dataclass
class _Open:
    """A mapping or sequence being read: where it began and how much is in it so far."""

    mark: yaml.Mark
    mapping: bool
    anchor: str | None
    nodes_before: int
    depth: int
    children: int = 0
    height: int = 0


@dataclass
class EventLimits:
    """Fed every parser event in order; returns a Problem at the first limit passed."""

    path: Path
    text: str
    nodes: int = 0
    aliases: int = 0
    stack: list[_Open] = field(default_factory=list)
    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)  # anchor -> (nodes, height)
    blank_spans: list[tuple[int, int]] = field(default_factory=list)  # values of zero-width characters only

    def see(self, event: yaml.Event, resolve) -> Problem | None:
        if isinstance(event, yaml.CollectionEndEvent):
            return self._close()
        if not isinstance(event, yaml.NodeEvent):
            return None  # stream and document markers
        problem = self._count_child() or self._tag(event)
        if problem:
            return problem
        if isinstance(event, yaml.AliasEvent):
            return self._alias(event)
        if isinstance(event, yaml.CollectionStartEvent):
            return self._open(event)
        return self._scalar(event, resolve)

    def _tag(self, event: yaml.NodeEvent) -> Problem | None:
        """Explicit tags (!!timestamp, !!python/...) build values the schema never expects."""
        tag = getattr(event, "tag", None)
        if tag in _ALLOWED_TAGS:
            return None
        return self._at(event, f"the tag '{brief(tag.replace('tag:yaml.org,2002:', '!!'))}' is not used in "
                               "these files; remove it (write text in quotes instead)")

    def _at(self, event: yaml.Event, message: str) -> Problem:
        return located(self.path, event.start_mark, message)

    def _count_child(self) -> Problem | None:
        self.nodes += 1
        if not self.stack:
            return None
        parent = self.stack[-1]
        parent.children += 1
        if parent.children > MAX_ITEMS * (2 if parent.mapping else 1):
            kind = "keys" if parent.mapping else "items"
            return located(self.path, parent.mark, f"has more than {MAX_ITEMS:,} {kind}; a school file needs "
                                                   "far fewer, so check this is the right file")
        return None

    def _open(self, event: yaml.CollectionStartEvent) -> Problem | None:
        depth = len(self.stack) + 1
        if depth > MAX_DEPTH:
            return self._at(event, f"is nested more than {MAX_DEPTH} levels deep; move it back to the left "
                                   "(check the indentation)")
        self.stack.append(_Open(event.start_mark, isinstance(event, yaml.MappingStartEvent), event.anchor,
                                self.nodes - 1, depth))
        return None

    def _close(self) -> Problem | None:
        done = self.stack.pop()
        if self.stack:
            self.stack[-1].height = max(self.stack[-1].height, done.height + 1)
        if done.anchor is not None:
            self.anchors[done.anchor] = (self.nodes - done.nodes_before, done.height + 1)
        return None

    def _alias(self, event: yaml.AliasEvent) -> Problem | None:
        self.aliases += 1
        if any(o.anchor == event.anchor for o in self.stack):
            return self._at(event, f"*{event.anchor} is inside the &{event.anchor} it refers to, which would "
                                   "never end; write the values out instead")
        nodes, height = self.anchors.get(event.anchor, (1, 0))
        self.nodes += nodes - 1
        if self.aliases > MAX_ALIASES:
            return self._at(event, f"more than {MAX_ALIASES} aliases (*name) in one file; write the values out "
                                   "instead")
        if self.nodes > MAX_NODES:
            return self._at(event, f"*{brief(event.anchor)} here would expand the file to more than {MAX_NODES:,} "
                                   "values (aliases inside aliases); write the values out instead")
        if len(self.stack) + height > MAX_DEPTH:
            return self._at(event, f"*{event.anchor} nests the values more than {MAX_DEPTH} levels deep; "
                                   "write them out instead")
        if self.stack:
            self.stack[-1].height = max(self.stack[-1].height, height)
        return None

    def _scalar(self, event: yaml.ScalarEvent, resolve) -> Problem | None:
        value = event.value
        if event.anchor is not None:
            self.anchors[event.anchor] = (1, 0)
        if self.nodes > MAX_NODES:
            return self._at(event, f"the file has more than {MAX_NODES:,} values; check this is the right file")
        if len(value) > MAX_STRING:
            return self._at(event, f"this text is longer than {MAX_STRING:,} characters; shorten it")
        if value.count("\n") >= MAX_LINES:
            return self._at(event, f"this text has {value.count(chr(10)) + 1:,} lines; a text may have at most "
                                   f"{MAX_LINES:,}: shorten it, or split it into several clauses")
        if not event.style and len(value) > MAX_NUMBER and resolve(value) in NUMBER_TAGS:
            return self._at(event, f"a number longer than {MAX_NUMBER} characters; if it is text, write it "
                                   "in quotes")
        if value and is_blank(value) and any(c in ZERO_WIDTH for c in value):
            self.blank_spans.append((event.start_mark.index, event.end_mark.index))
            return None
        if event.style == '"' and first_hidden(value) is not None:
            index = escaped_hidden(self.text, event)
            line = self.text.count("\n", 0, index)
            column = index - (self.text.rfind("\n", 0, index) + 1)
            return Problem(self.path, "this escape writes a character that cannot be seen or is a control "
                                      "character; delete it", "", line + 1, column + 1)
        return None
