"""Run a site engine over a docs tree (writers/site/docs_tree.py). The only module that imports mkdocs.

Two engines, each with a small adapter; the tree is the same for both:

- "mkdocs" (the default): MkDocs with Material for MkDocs, through its Python API, so the site goes
  straight to its folder. The adapter marks the config's text as already escaped (the tree
  escapes it: Material prints the site name as it is in most places and through `| e` in two
  tooltips) and leaves out of the site what it never loads (writers/prune.py). It adds no
  sanitiser: the tree is safe as written (tests/test_published_safety.py builds the hostile
  payloads with MkDocs, tests/test_engines.py with Zensical, which runs no plugin of ours).
- "zensical": Zensical, Material's successor, run as its own command in the tree, which writes
  the tree's site/ folder; that is then moved to the site's folder. Zensical runs no MkDocs
  plugins; it keeps its search worker (its search needs it), and only source maps are dropped.

ProperDocs (a maintained fork of MkDocs 1.6) builds the same tree as MkDocs does; the tests
build the example trees with all three.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import state
from generator.errors import BuildError
from generator.writers.site.prune import drop_source_maps, prune_site

ENGINES = ("mkdocs", "zensical")


class _Collect(logging.Handler):
    """Keep MkDocs' warnings so a strict failure can say what went wrong."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def source_date(epoch: int):
    """Pin MkDocs' build date (sitemap, gzip headers) so builds are reproducible."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


def prepared(config) -> None:
    """What the MkDocs adapter adds: the site name marked as the escaped text it is."""
    # Escaped in the tree; marked safe, Material's `| e` leaves it as it is, so it shows the same
    # (O'Neill & Sons "Academy") in the title, the header and the tooltips.
    config["site_name"] = Markup(config["site_name"])


# serve keeps one theme environment a process (BuildOptions.reuse_theme), so Material's templates are
# compiled once rather than on every save; a build compiles them afresh.
_THEME_ENVS: dict[tuple, Any] = state.kept({}, "writers.site.engine._THEME_ENVS")


def _theme_files(folder: str) -> str:
    """What the theme's own folder (the tree's overrides) holds, so a changed override is seen."""
    import hashlib

    found = hashlib.sha256()
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            found.update(path.as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return found.hexdigest()


def _reuse_theme(theme) -> None:
    key = (tuple(theme.dirs), str(theme.locale), tuple(theme.static_templates),
           _theme_files(theme.dirs[0]) if theme.dirs else "")
    env = _THEME_ENVS.get(key)
    if env is None:
        _THEME_ENVS.clear()  # one school is served: the last environment is the one to keep
        env = _THEME_ENVS[key] = theme.get_env()
        env.list_templates = _listed_once(env.list_templates)
    theme.get_env = lambda: env


def _listed_once(list_templates):
    """The theme's files, listed and filtered once an environment: MkDocs asks on every build, with the same
    filter (Files.add_files_from_theme's, which reads only the theme's static_templates, part of the key),
    and the theme's folders do not change while it is kept (a changed override makes a new environment)."""
    listed: dict[tuple, list[str]] = {}

    def cached(extensions=None, filter_func=None) -> list[str]:
        key = (tuple(extensions) if extensions is not None else None,
               getattr(filter_func, "__code__", filter_func))
        if key not in listed:
            listed[key] = list_templates(extensions=extensions, filter_func=filter_func)
        return list(listed[key])

    return cached


def build_site(config_file: Path, epoch: int, site_dir: Path | None = None, strict: bool = True,
               engine: str = "mkdocs", reuse_theme: bool = False) -> None:
    """Build the tree whose config is `config_file` into `site_dir` (default: the tree's own site/).
    `reuse_theme`: compile the theme's templates once a process (serve), not once a build."""
    if engine == "zensical":
        return build_with_zensical(config_file, epoch, site_dir)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    logger.propagate, old_propagate = False, logger.propagate
    try:
        with source_date(epoch):
            config = load_config(config_file=str(config_file), strict=strict)
            if site_dir is not None:
                config["site_dir"] = str(site_dir)
            prepared(config)
            if reuse_theme:
                _reuse_theme(config["theme"])
            build(config)
        prune_site(Path(config["site_dir"]))
    except (MkDocsException, SystemExit, OSError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise BuildError(f"{config_file}: the site engine failed: {details}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = old_propagate


def build_with_zensical(config_file: Path, epoch: int, site_dir: Path | None = None) -> None:
    """Zensical in the tree (it will only write inside it), then its site moved to `site_dir`."""
    tree = config_file.parent
    built = tree / "site"
    shutil.rmtree(built, ignore_errors=True)
    env = os.environ | {"SOURCE_DATE_EPOCH": str(epoch)}
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "-f", config_file.name],
                            cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not (built / "index.html").is_file():
        details = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise BuildError(f"{config_file}: the site engine (zensical) failed: {' '.join(details)}")
    drop_source_maps(built)
    if site_dir is not None and site_dir.resolve() != built.resolve():
        shutil.rmtree(site_dir, ignore_errors=True)
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(built), str(site_dir))
