"""PDFs from HTML: offline, tagged for screen readers, and the same bytes every build.

The pieces the PDF writers share, none of which loads WeasyPrint (engine.py does,
only when a PDF is really rendered, so `check` starts fast):

- `PdfJob`: everything one render needs, so a worker process or the build
  cache can take it as it is, and `RenderedPdf`, what comes back;
- `allowed_path`: the rule that lets WeasyPrint read files from named folders
  and nothing else, so a stray URL in a template can never reach the network;
- `render_form_html` turns a rendered form definition into the print HTML.

Rendering itself (`render`, `html_to_pdf`, `restricted_fetcher`) and the facts
about WeasyPrint 70 it relies on are in engine.py.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
from markupsafe import Markup

from generator import state
from generator.errors import BuildError
from generator.markup.words import sentence
from generator.model.document import FormRecord
from generator.project import Project

# Every path below comes from the project (Project.content), never from where this package is
# installed: a wheel in site-packages has no content/ beside it.
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
# Pictures made in memory for one PDF (the re-encoded logo) are named with this scheme.
IMAGE_SCHEME = "schoolpolicy-image:"
FORM_TEMPLATE = "form.html.j2"
STYLESHEET = "print.css"

# Markdown escapes that school data carries (see resolve/templating.data_text);
# print HTML never passes through Markdown, so they would show as backslashes.
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_\[\]{}|#!])")


@dataclass(frozen=True)
class PdfJob:
    """One PDF to render: plain values only, so it can go to a worker process and key the cache."""

    path: str  # where it goes, relative to the docs folder
    html: str
    base_dir: Path  # resolves relative URLs (the stylesheet)
    allowed: tuple[Path, ...]  # the only folders WeasyPrint may read
    title: str
    created: dt.date
    forms: bool = False
    images: tuple[tuple[str, bytes], ...] = ()  # pictures made in memory (the re-encoded logo)


@dataclass(frozen=True)
class RenderedPdf:
    """What a worker sends back. Defined here, not beside the engine: unpickling it in the
    parent must not load WeasyPrint there (that stalled the hand-out of work by half a second)."""

    data: bytes
    read: tuple[Path, ...]  # the files WeasyPrint fetched (stylesheets, fonts, pictures)


def allowed_path(url: str, allowed: list[Path]) -> Path:
    """The existing file a `file:` URL names, if it lies inside an allowed folder."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        raise BuildError(f"PDF rendering may not fetch {url!r}: only files inside "
                         f"{', '.join(str(p) for p in allowed)} may be used (no network, no data: URLs).")
    # resolve() follows '..' and symlinks, so neither can lead out of a folder.
    path = Path(url2pathname(parts.path)).resolve()
    if not any(path.is_relative_to(folder) for folder in allowed):
        raise BuildError(f"PDF rendering may not read {path}: it is outside "
                         f"{', '.join(str(p) for p in allowed)}.")
    if not path.is_file():
        raise BuildError(f"PDF rendering needs {path}, which does not exist.")
    return path


def fonts_folder(content: Path) -> Path:
    return content / "fonts"


def check_fonts(content: Path) -> None:
    """The build stops, saying what to restore, if the project's fonts (content/fonts) are not all there."""
    folder = fonts_folder(content)
    missing = [name for name in (*FONT_FILES, "fonts.conf") if not (folder / name).is_file()]
    if missing:
        raise BuildError(f"{folder}: the PDF fonts are missing ({', '.join(missing)}). They are part of "
                         "the project: restore the folder from git (git checkout -- content/fonts)")


def use_project_fonts(content: Path) -> None:
    """Point fontconfig at the project's content/fonts/fonts.conf, which names no other folder, so no
    machine's own fonts change the PDFs. Set before WeasyPrint starts (the fork server inherits it
    from this process) and again before each font configuration is made (writers/pdf/engine.py)."""
    os.environ["FONTCONFIG_FILE"] = str((fonts_folder(content) / "fonts.conf").resolve())


def identifier(html: str, title: str, created: dt.date, images: dict[str, bytes] | None = None) -> bytes:
    """A PDF file identifier that depends only on the input, never on the clock or a path."""
    digest = hashlib.sha256("\0".join((html, title, created.isoformat())).encode("utf-8"))
    for name, data in sorted((images or {}).items()):
        digest.update(name.encode("utf-8") + b"\0" + data)
    return digest.hexdigest()[:32].encode("ascii")


def project_job(project: Project, path: str, html: str, title: str, created: dt.date, forms: bool = False,
                images: dict[str, bytes] | None = None) -> PdfJob:
    """A job for one of a school's PDFs: styles and fonts from content/, pictures made in memory."""
    return PdfJob(path, html, project.content / "print", (project.content,), title, created, forms,
                  tuple(sorted((images or {}).items())))


def plain(value: Any) -> Any:
    """Drop Markdown escapes from every string in a form, keeping Markup safe."""
    if isinstance(value, str):
        text = _MARKDOWN_ESCAPE.sub(r"\1", value)
        return Markup(text) if isinstance(value, Markup) else text
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, tuple):
        return tuple(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)})
    return value


def print_environment(folder: Path) -> jinja2.Environment:
    """A strict, escaping Jinja environment over the project's content/print, made once a process (it compiles
    each template once, and again only when its file changes; the code is kept as library text's is, in the
    user's own cache folder, never in the build cache)."""
    return _print_environment(folder)


@state.keeps(lasting=True)  # reads each template again when its file changes
@functools.lru_cache(maxsize=8)
def _print_environment(folder: Path) -> jinja2.Environment:
    from generator.resolve.compiled import KeptBytecode

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             bytecode_cache=KeptBytecode())  # compiled once a machine (resolve/compiled.py)
    env.filters["sentence"] = sentence
    return env


@dataclass(frozen=True)
class FormSchool:
    """The school's names a printed form shows."""

    name: str
    short_name: str
    policy_title: str = ""


def render_form_html(form: FormRecord, school: FormSchool, *, env: jinja2.Environment, lang: str = "en-GB") -> str:
    """The print HTML for one rendered form (see content/print/form.html.j2);
    `env` is print_environment(project.content / "print")."""
    template = env.get_template(FORM_TEMPLATE)
    return template.render(form=plain(form), school=plain(school), lang=lang, stylesheet=STYLESHEET)
