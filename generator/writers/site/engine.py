"""Run the site engine (MkDocs + Material) over a docs tree. The only module that imports mkdocs."""
from __future__ import annotations

import logging
import os
from contextlib import contextmanager
from pathlib import Path

from markupsafe import Markup, escape

from generator.errors import BuildError
from generator.markup.sanitise import clean_html
from generator.writers.site.prune import prune_site


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


def _published_html_plugin():
    """A plugin that cleans every page body after Markdown, as the last step before the theme.

    Nothing re-reads the HTML as Markdown after this, so what the sanitiser lets
    through is what is published (the search index is built from it too).
    """
    from mkdocs.plugins import BasePlugin, event_priority

    class PublishedHtml(BasePlugin):
        @event_priority(-100)  # after every other plugin has had its say
        def on_page_content(self, html: str, **_kwargs) -> str:
            return clean_html(html)

    return PublishedHtml()


def prepared(config) -> None:
    """What the generator adds to MkDocs itself: the sanitiser, and the site name as escaped text."""
    config.plugins["schoolpolicy-published-html"] = _published_html_plugin()
    # Material prints site_name both as is and through `| e`: escaped once and marked safe, it
    # shows the same (O'Neill, not O&#39;Neill) in the title, the header and the tooltip.
    config["site_name"] = Markup(escape(config["site_name"]))


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
            prepared(config)
            build(config)
        prune_site(Path(config["site_dir"]))
    except (MkDocsException, SystemExit, OSError) as exc:
        details = "; ".join(collect.messages) or str(exc)
        raise BuildError(f"{config_file}: the site engine failed: {details}") from None
    finally:
        logger.removeHandler(collect)
        logger.propagate = old_propagate
