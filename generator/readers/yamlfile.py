"""Read YAML keeping where every key and value was, so errors can say FILE:LINE:COL.

Hostile files are refused before anything is built from them: the parser's
events are checked first (one pass, no recursion) against limits on nesting,
aliases, sizes and numbers, and the text for characters nobody can see.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, Problem, capped
from generator.readers.files import MAX_BYTES, read_regular
from generator.readers.yamlguard import NUMBER_TAGS, EventLimits, hidden_in_text, located
from generator.readers.yamltraps import OPENING_CURLY, curly_quoted, curly_warning, empty_value_problems, syntax_trap

Loc = tuple[str | int, ...]
_TYPED_TAGS = NUMBER_TAGS | {"tag:yaml.org,2002:bool"}
_NULL = "tag:yaml.org,2002:null"


# libyaml's parser when PyYAML was built with it (its wheels are): it reads the library and the
# reference facts several times faster than the pure-Python one, with the same line and column marks.
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]  # a base chosen at import: mypy cannot follow it
    """SafeLoader that leaves dates as text: the schema parses them and reports
    an impossible date such as 2021-02-30 with its line, instead of crashing."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlDocument:
    """Parsed data plus the position of each value and each key, by path."""

    path: Path
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # What was written for each unquoted value YAML read as a number or true/false ('1.10' for 1.1).
    plain: dict[Loc, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    source: str = ""  # the text as read, to find a piece of a value in (`within` below)
    # Lines where YAML found a value with nothing in it (`hashtags: #BroTeifi` reads as empty).
    empty_lines: set[int] = field(default_factory=set)

    def locate(self, loc: Loc, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of `loc`, or of its nearest parent that exists."""
        loc = tuple(loc)
        while loc:
            marks = self.key_marks if key else self.value_marks
            if loc in marks:
                return marks[loc]
            if loc in self.key_marks:
                return self.key_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), (1, 1))

    def source_of(self, loc: Loc) -> tuple[YamlDocument, Loc]:
        """The file and place a value came from: this file (a merged document says which, readers/trust.py)."""
        return self, tuple(loc)

    def within(self, loc: Loc, piece: str, nth: int) -> tuple[int, int] | None:
        """Line and column of the `nth` (from 0) `piece` written inside the value at `loc`, searched from
        the value's mark to the next mark; the value's own mark when it is folded over lines or escaped."""
        mark = self.value_marks.get(tuple(loc))
        if mark is None or not self.source:
            return mark
        start = _index(self.source, *mark)
        later = [_index(self.source, *m) for m in (*self.value_marks.values(), *self.key_marks.values()) if m > mark]
        end, found = min(later, default=len(self.source)), start - 1
        for _ in range(nth + 1):
            found = self.source.find(piece, found + 1, end)
            if found < 0:
                return mark
        before = self.source[:found]
        return before.count("\n") + 1, found - (before.rfind("\n") + 1) + 1

    def problem(self, loc: Loc, message: str, *, key: bool = False, severity: str = "error",
                piece: tuple[str, int] | None = None) -> Problem:
        """The problem at `loc`; with `piece` (text, nth), at that piece of the value (see `within`)."""
        if piece is None:
            line, column = self.locate(loc, key=key)
        else:
            line, column = self.within(loc, *piece) or (None, None)
        return Problem(self.path, message, dotted(loc), line, column, severity)


def _index(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def dotted(loc: Loc) -> str:
    """('roles', 'dsl', 'name') -> 'roles.dsl.name'; list indexes as [0]."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path, display: Path | None = None) -> YamlDocument:
    """Parse one YAML file; anything wrong with it becomes a located DataError."""
    shown = display or path
    return parse_yaml(read_regular(path, shown), shown)


def parse_yaml(raw: bytes, shown: Path) -> YamlDocument:
    """The bytes of a YAML file, checked and parsed as read_yaml does (also for a file about to be written)."""
    if len(raw) > MAX_BYTES:
        raise DataError([Problem(shown, f"is larger than {MAX_BYTES // 1_000_000} MB; a school's data file is "
                                        "a few KB, so check this is the right file", "", 1, 1)])
    text = _decode(raw, shown)
    hidden = hidden_in_text(shown, text, _check_events(text, shown))
    if hidden:
        raise DataError(hidden)
    node, data = _compose(text, shown)
    doc = YamlDocument(shown, data, source=text)
    if node is not None:
        problems = _record_marks(node, (), doc)
        if doc.empty_lines:
            problems += empty_value_problems(shown, text, doc.empty_lines)
        if problems:
            raise DataError(capped(problems))
    return doc


def _decode(raw: bytes, shown: Path) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError([Problem(shown, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", "",
                                 line, column)]) from None


def _check_events(text: str, shown: Path) -> list[tuple[int, int]]:
    """Limits, in one pass over the parser's events; returns the spans of zero-width-only values."""
    hidden = hidden_in_text(shown, text)
    if hidden:  # the parser would stop at the first one without saying where
        raise DataError(hidden)
    loader, limits = _Loader(text), EventLimits(shown, text)
    resolve = lambda value: loader.resolve(yaml.ScalarNode, value, (True, False))  # noqa: E731
    try:
        while not loader.check_event(yaml.StreamEndEvent):
            problem = limits.see(loader.get_event(), resolve)
            if problem:
                raise DataError([problem])
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(shown, exc, text)]) from None
    except yaml.YAMLError as exc:
        raise DataError([_reader_problem(shown, text, exc)]) from None
    finally:
        loader.dispose()
    return limits.blank_spans


def _compose(text: str, shown: Path) -> tuple[yaml.Node | None, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(shown, exc, text)]) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:  # a value YAML cannot build
        raise DataError([Problem(shown, f"cannot be read as YAML ({type(exc).__name__}); check the values "
                                        "changed last", "", 1, 1)]) from None
    finally:
        loader.dispose()


def _reader_problem(shown: Path, text: str, exc: yaml.YAMLError) -> Problem:
    index = getattr(exc, "position", 0)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(shown, "a character here cannot be read as YAML text; delete it", "", line, column)


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    trap = syntax_trap(path, text, exc)
    if trap is not None:
        return trap
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "is not valid YAML"
    if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
        what += f" ({exc.context} that started on line {exc.context_mark.line + 1})"
    hint = " (check the indentation and that every 'key: value' has a space after the colon)"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(path, f"YAML syntax error: {what}{hint}", "", line, column)


def _record_marks(node: yaml.Node, loc: Loc, doc: YamlDocument) -> list[Problem]:
    """Recursive, but only as deep as the limits let a document be."""
    doc.value_marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode) and not node.style:
        if node.tag in _TYPED_TAGS:
            doc.plain[loc] = node.value
        elif node.tag == _NULL and not node.value:
            doc.empty_lines.add(node.start_mark.line + 1)
        elif node.value[:1] in OPENING_CURLY and curly_quoted(node.value):
            doc.warnings.append(curly_warning(doc.path, loc[-1] if loc else None, node.value,
                                              node.start_mark.line + 1, node.start_mark.column + 1, dotted(loc)))
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(located(doc.path, key_node.start_mark, "a key must be a word or words, not a "
                                                                       "list or a set of keys"))
                continue
            key = key_node.value
            child = loc + (key,)
            if key in seen:
                problems.append(Problem(doc.path, f"'{key}' appears twice here (first on line {seen[key]}); keep one",
                                        dotted(child), key_node.start_mark.line + 1, key_node.start_mark.column + 1))
            seen[key] = key_node.start_mark.line + 1
            doc.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            problems += _record_marks(value_node, child, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems += _record_marks(item, loc + (index,), doc)
    return problems
