"""Run the site engine (MkDocs + Material) over a docs tree. The only module that imports mkdocs."""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from generator.errors import BuildError
from generator.writers.prune import prune_site


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


def build_site(config_file: Path, epoch: int, strict: bool = True) -> None:
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
            build(config)
        prune_site(Path(config["site_dir"]))
    except (MkDocsException, SystemExit, OSError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise BuildError(f"{config_file}: the site engine failed: {details}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = old_propagate
