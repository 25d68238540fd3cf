"""The one Jinja environment: strict, escaping, and only for library text.

School data is never a template. It enters the context as values that are
already escaped (see context.py), so `{{ }}` written in a school's file is
shown as text, never evaluated.
"""
from __future__ import annotations

import functools
import re
from typing import Any

import jinja2
from markupsafe import Markup

from generator import state
from generator.errors import LibraryError, SchoolPolicyError
from generator.markup.words import join_and, long_date, sentence
from generator.resolve.compiled import compile_expression_kept, compile_kept
from generator.resolve.words import verb

# Text without these renders as itself: most library text has no placeholder, and compiling it
# took most of the time `check` spends on a school. (Jinja also turns \r\n into \n.)
_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]|\r")


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(sentence=sentence, date=long_date, join_and=join_and, verb=verb)
    return env


@state.keeps(lasting=True)
@functools.lru_cache(maxsize=1)
def shared_environment() -> jinja2.Environment:
    return make_environment()


@state.keeps(lasting=True)  # keyed by the text; holds no I/O
@functools.lru_cache(maxsize=8192)
def compiled(template: str) -> jinja2.Template:
    """Library text compiled once a process: the same clause text renders for every school. The code
    is kept in the user's own cache folder (resolve/compiled.py), never in the build cache, which is data."""
    return compile_kept(shared_environment(), template)


@state.keeps(lasting=True)
@functools.lru_cache(maxsize=1024)
def compiled_expression(expression: str) -> Any:
    return compile_expression_kept(shared_environment(), expression)


def failure(exc: Exception) -> str:
    """A library template's mistake in words: Jinja's own message, or the Python error it hit."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"line {exc.lineno} of the template: {exc.message}"
    if isinstance(exc, jinja2.TemplateError):
        return str(exc.message if exc.message is not None else exc)
    return f"{type(exc).__name__}: {exc}"


Answers = dict[tuple[str | None, str], "bool | SchoolPolicyError"]


class Renderer:
    """Evaluates library conditions and text; names the library file and the clause or field on failure.

    Any exception from a library template (a division by zero, a wrong type, an undefined name) is a
    maintainer's mistake, said as a LibraryError; errors the context raises on purpose pass through."""

    def __init__(self, context: dict[str, Any]):
        self.env = shared_environment()
        self.context = context

    def tests(self, conditions: list[tuple[str | None, str]]) -> Answers:
        """Many library conditions in one pass: each (expression, where) with its answer, or the error
        testing it raised, which is said only if the answer is needed (resolve/planning.py holds)."""
        answers: Answers = {}
        for expression, where in conditions:
            try:
                answers[expression, where] = self.test(expression, where)
            except SchoolPolicyError as exc:
                answers[expression, where] = exc
        return answers

    def test(self, expression: str | None, where: str, source: str = "content/library") -> bool:
        if expression is None:
            return True
        try:
            return bool(compiled_expression(expression)(**self.context))
        except SchoolPolicyError:
            raise
        except Exception as exc:
            raise LibraryError(f"{source}: {where}: condition {expression!r} failed: {failure(exc)}") from None

    def render(self, template: str, where: str, **extra: Any) -> str:
        """`where` names the file first, then the clause or field: 'content/library/06-roles.yml: clause x'."""
        if not _TEMPLATE_SYNTAX.search(template):
            return template
        try:
            return compiled(template).render(**self.context, **extra)
        except SchoolPolicyError:
            raise
        except Exception as exc:
            raise LibraryError(f"{where}: cannot render: {failure(exc)}") from None


def render_tree(value: Any, renderer: Renderer, where: str, extra: dict[str, Any], field: str = "") -> Any:
    """Render every string in a guide or form definition (they may use placeholders) to Markdown.

    `where` is the file; `field` the dotted path inside it, named when a text fails."""
    if isinstance(value, str):
        return Markup(renderer.render(value, f"{where}: {field}" if field else where, **extra).strip())
    if isinstance(value, list):
        return [render_tree(v, renderer, where, extra, f"{field}.{i}" if field else str(i))
                for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: render_tree(v, renderer, where, extra, f"{field}.{k}" if field else k) for k, v in value.items()}
    return value
