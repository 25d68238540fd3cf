"""One reset for what a process keeps between commands (generator/state.py): every module-level cache in
generator/ is registered, and `state.forget()` leaves each one as a new process has it."""
from __future__ import annotations

import ast
import importlib
import pkgutil
import threading
from pathlib import Path

import generator
from generator import state
from tests.conftest import copy_project, run_cli

GENERATOR = Path(generator.__file__).resolve().parent
CACHING_DECORATORS = {"lru_cache", "cache"}  # functools'
MUTABLE_CALLS = {"dict", "list", "set", "local", "defaultdict", "OrderedDict", "Counter", "WeakKeyDictionary",
                 "WeakValueDictionary", "WeakSet", "deque"}


def every_module() -> list:
    return [importlib.import_module(info.name)
            for info in pkgutil.walk_packages([str(GENERATOR)], prefix="generator.")]


def name_of(node: ast.expr) -> str:
    node = node.func if isinstance(node, ast.Call) else node
    return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""


def state_held(value: ast.expr) -> bool:
    """A value a module-level name holds that the process changes: an empty container, a cell such as
    [None] or [False], a thread-local object (constants are tuples, frozensets or filled dicts)."""
    if isinstance(value, (ast.Dict, ast.Set)):
        return not (value.keys if isinstance(value, ast.Dict) else value.elts)
    if isinstance(value, ast.List):
        return all(isinstance(e, ast.Constant) and not isinstance(e.value, str) for e in value.elts)
    return isinstance(value, ast.Call) and name_of(value) in MUTABLE_CALLS


def unregistered_in_source() -> list[str]:
    found = []
    for path in sorted(set(GENERATOR.rglob("*.py")) - {GENERATOR / "state.py"}):  # the register itself
        where = path.relative_to(GENERATOR.parent)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names = [name_of(d) for d in node.decorator_list]
                if CACHING_DECORATORS & set(names) and "keeps" not in names:
                    found.append(f"{where}:{node.lineno} {node.name}: a cache not registered (@state.keeps())")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                if state_held(node.value):  # state.kept(...) around it is a call to `kept`: not flagged
                    found.append(f"{where}:{node.lineno}: module-level state not registered (state.kept(...))")
    return found


def test_every_module_level_cache_in_the_source_is_registered():
    assert unregistered_in_source() == []


def test_the_scan_finds_an_unregistered_cache():
    module = ast.parse("import functools\nSEEN = {}\n_cells = [None]\nKNOWN = {'a': 1}\n"
                       "@functools.lru_cache(maxsize=4)\ndef f(x): return x\n")
    flagged = [n for n in module.body if isinstance(n, ast.Assign) and state_held(n.value)]
    assert [n.targets[0].id for n in flagged] == ["SEEN", "_cells"]  # type: ignore[attr-defined]


def holders(modules: list) -> dict[int, tuple[str, object]]:
    """Every module-level dict, list, set, thread-local or functools cache in generator/, by identity."""
    found = {}
    for module in modules:
        if module is state:  # the register itself
            continue
        for key, value in vars(module).items():
            if callable(getattr(value, "cache_info", None)):
                if getattr(value, "__module__", "").startswith("generator."):  # not urllib's, imported
                    found[id(value)] = (f"{module.__name__}.{key}", value)
            elif isinstance(value, (dict, list, set, threading.local)):
                if not key.startswith("__"):
                    found[id(value)] = (f"{module.__name__}.{key}", value)
    return found


def size(value: object) -> object:
    if callable(getattr(value, "cache_info", None)):
        return value.cache_info().currsize  # type: ignore[attr-defined]
    if isinstance(value, threading.local):
        return sorted(vars(value))
    return repr(value)


def test_after_a_command_every_cache_is_registered_and_forgotten_by_one_call(tmp_path):
    modules = every_module()
    every = holders(modules)
    registered = {id(entry.held): entry for entry in state.registered()}
    functools_caches = [name for key, (name, value) in every.items()
                        if callable(getattr(value, "cache_info", None)) and key not in registered]
    assert functools_caches == []

    state.forget(lasting=True)
    before = {key: size(value) for key, (_, value) in every.items()}
    project = copy_project(tmp_path / "project", ["demo", "larkmoor-ashby"])  # an academy: its trust read too
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    # run_cli forgot before the command; what the command changed is what it left in the process
    changed = sorted(name for key, (name, value) in every.items() if size(value) != before[key])
    assert changed, "the command kept nothing: the test proves nothing"
    assert [name for key, (name, _) in every.items() if name in changed and key not in registered] == []
    assert any(entry.lasting and not entry.fresh() for entry in registered.values())
    assert any(not entry.lasting and not entry.fresh() for entry in registered.values())

    state.forget()
    assert [e.name for e in registered.values() if not e.lasting and not e.fresh()] == []
    assert any(not entry.fresh() for entry in registered.values() if entry.lasting)  # kept, as another process has them
    state.forget(lasting=True)
    assert [e.name for e in registered.values() if not e.fresh()] == []
