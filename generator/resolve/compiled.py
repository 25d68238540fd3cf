"""Library templates compiled once a machine, not once a command: kept in the user's own cache folder.

Compiling the library's text with Jinja took most of the time `check` spends on a school (0.15 s of
0.5 s), though the text changes only when the library does. Jinja compiles a template to Python
code; Python keeps compiled modules in __pycache__ beside the code, and Jinja offers the same for
templates (its bytecode caches). Here the code Jinja made is kept the same way, with these guards:

- Never in the project: build/ may come from elsewhere (a folder handed on, a fork that committed it,
  a restored CI cache), so nothing is ever run from it (cache.py keeps only data there). The code is
  kept in the user's own cache folder ($XDG_CACHE_HOME or ~/.cache, then schoolpolicy/templates/),
  used only when it and its parent are real folders owned by this user that no one else may write;
  otherwise nothing is kept and every command compiles, as before.
- Each entry is named by a hash of the template's text and of everything that shapes the code
  (Jinja's and Python's versions, the environment's options, filters and tests); it starts with a
  hash of its own bytes (cache.py's entry header), so a damaged, cut or swapped entry is dropped and
  the template compiled again; entries are written whole or not at all, and the folder is kept
  under a size limit, least recently used first.

The code is the code Jinja would make now, so a page is the same, byte for byte, with or without it.
"""
from __future__ import annotations

import functools
import importlib.util
import marshal
import os
import sys
from types import CodeType

import jinja2
import jinja2.bccache

from generator import state
from generator.cache import FORMAT, UserStore, digest, user_store

KIND = "template"
VERSION = "1"  # bump when what is compiled, or how an entry is made, changes
LIMIT_BYTES = 64 * 1024 * 1024
OFF = "SCHOOLPOLICY_NO_TEMPLATE_CACHE"  # set (to anything): compile every template afresh, keep nothing


@state.keeps()  # found again from the environment by a new command
@functools.lru_cache(maxsize=1)
def code_store() -> UserStore | None:
    """The user's template cache, made if need be; None where it cannot be had safely. Like Python's
    __pycache__, it holds no output: `--no-cache` renders every PDF and site afresh, from code compiled
    from the same text."""
    if os.environ.get(OFF):
        return None
    return user_store("templates", LIMIT_BYTES)


def environment_key(env: jinja2.Environment) -> str:
    """What shapes the code Jinja makes, besides the template's text."""
    options = (env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
               env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
               env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence,
               env.keep_trailing_newline, env.optimized, env.autoescape, env.undefined, env.finalize,
               env.is_async, sorted(env.extensions), sorted(env.filters), sorted(env.tests))
    return repr(options)


def compile_kept(env: jinja2.Environment, source: str) -> jinja2.Template:
    """env.from_string(source), with the compiled code taken from, or kept in, the user's cache."""
    store = code_store()
    if store is None:
        return env.from_string(source)
    key = digest(KIND, FORMAT, VERSION, jinja2.__version__, sys.version, importlib.util.MAGIC_NUMBER,
                 environment_key(env), source)
    code = _load(store, key)
    if code is None:
        code = env.compile(source)  # a mistake in the text is said here, as before
        _keep(store, key, code)
    return env.template_class.from_code(env, code, env.make_globals(None))


def compile_expression_kept(env: jinja2.Environment, source: str) -> jinja2.environment.TemplateExpression:
    """env.compile_expression(source) (a library condition), with the code kept as compile_kept keeps it."""
    store = code_store()
    if store is None:
        return env.compile_expression(source)
    key = digest(KIND, FORMAT, VERSION, "expression", jinja2.__version__, sys.version, importlib.util.MAGIC_NUMBER,
                 environment_key(env), source)
    code = _load(store, key)
    if code is None:
        try:
            code = env.compile(_expression_template(env, source))
        except jinja2.TemplateSyntaxError:  # said as Jinja says it
            return env.compile_expression(source)
        _keep(store, key, code)
    template = env.template_class.from_code(env, code, env.make_globals(None))
    return jinja2.environment.TemplateExpression(template, undefined_to_none=True)


def _expression_template(env: jinja2.Environment, source: str) -> jinja2.nodes.Template:
    """The template Environment.compile_expression (Jinja 3.1) makes of an expression: `result = <expression>`."""
    from jinja2 import nodes
    from jinja2.parser import Parser

    parser = Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise jinja2.TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
    expr.set_environment(env)
    return nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)], lineno=1)


class KeptBytecode(jinja2.BytecodeCache):
    """Jinja's bytecode-cache hook for templates it loads from files (content/print/), over the same
    folder and with the same guards: an entry is named by the template's name and file, the hash Jinja
    makes of its text, and what shapes the code."""

    def _key(self, bucket: jinja2.bccache.Bucket) -> str:
        return digest(KIND, FORMAT, VERSION, "file", jinja2.__version__, sys.version, importlib.util.MAGIC_NUMBER,
                      environment_key(bucket.environment), bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        store = code_store()
        code = _load(store, self._key(bucket)) if store is not None else None
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        store = code_store()
        if store is not None and isinstance(bucket.code, CodeType):
            _keep(store, self._key(bucket), bucket.code)


def _load(store: UserStore, key: str) -> CodeType | None:
    data = store.read(KIND, key, ".code")
    if data is None:
        return None
    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        code = None
    if not isinstance(code, CodeType):
        store.discard(KIND, key, ".code")
        return None
    return code


def _keep(store: UserStore, key: str, code: CodeType) -> None:
    store.write(KIND, key, ".code", marshal.dumps(code))
