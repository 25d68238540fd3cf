"""Read YAML keeping where every key and value was, so errors can say FILE:LINE:COL."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import DataError, Problem

Loc = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
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

    def problem(self, loc: Loc, message: str, *, key: bool = False, severity: str = "error") -> Problem:
        line, column = self.locate(loc, key=key)
        return Problem(self.path, message, dotted(loc), line, column, severity)


def dotted(loc: Loc) -> str:
    """('roles', 'dsl', 'name') -> 'roles.dsl.name'; list indexes as [0]."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def read_yaml(path: Path, display: Path | None = None) -> YamlDocument:
    """Parse one YAML file; a syntax error becomes a located DataError."""
    shown = display or path
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError([Problem(shown, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8")]) from None
    except OSError as exc:
        raise DataError([Problem(shown, f"cannot be read: {exc.strerror}")]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise DataError([_syntax_problem(shown, exc)]) from None
    finally:
        loader.dispose()
    doc = YamlDocument(shown, data)
    if node is not None:
        problems = _record_marks(node, (), doc)
        if problems:
            raise DataError(problems)
    return doc


def _syntax_problem(path: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = exc.problem or "is not valid YAML"
    if exc.context and exc.context_mark and mark and exc.context_mark.line != mark.line:
        what += f" ({exc.context} that started on line {exc.context_mark.line + 1})"
    hint = " (check the indentation and that every 'key: value' has a space after the colon)"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(path, f"YAML syntax error: {what}{hint}", "", line, column)


def _record_marks(node: yaml.Node, loc: Loc, doc: YamlDocument) -> list[Problem]:
    doc.value_marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
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
