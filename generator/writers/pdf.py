"""PDFs from HTML: offline, tagged for screen readers, and the same bytes every build.

Three small pieces the PDF writers share:

- `restricted_fetcher` lets WeasyPrint read files from named folders and
  nothing else, so a stray URL in a template can never reach the network;
- `html_to_pdf` renders HTML to PDF bytes (optionally with fillable fields);
- `render_form_html` turns a rendered form definition into the print HTML.

Facts about WeasyPrint 70 this module relies on (checked against its source
and by rendering):

- A url_fetcher must be a `weasyprint.URLFetcher` (a subclass whose `fetch`
  returns a `URLFetcherResponse`); plain functions returning dicts no longer
  work. With `fail_on_errors=True` a refused URL stops the render.
- `pdf_variant="pdf/ua-1"` combines with `pdf_forms=True`: the fields are
  tagged as /Form structure elements. The variant only turns on `pdf_tags`,
  sets PDF 1.7 and adds the PDF/UA XMP metadata.
- Radio groups come out malformed: each button widget also carries the
  group's /T and is listed in /AcroForm /Fields, so readers see a second,
  nested field per group ("x.x"). `tidy_radio_groups` repairs that.
- WeasyPrint writes no trailer /ID unless `pdf_identifier` is given, and takes
  no dates from the clock for this variant, so fixing the dates and deriving
  the identifier from the input makes the output reproducible.
- Text goes through Pango and fontconfig, which would use whatever fonts the
  machine has. FONTCONFIG_FILE is pointed at content/fonts/fonts.conf before
  WeasyPrint is first imported (fontconfig reads it once, when it starts), so
  the only fonts are the project's own; the stylesheets load the same files
  with @font-face. Form fields embed the font of their CSS style.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import jinja2
import pydyf
from markupsafe import Markup

from generator.errors import BuildError
from generator.resolve.templating import sentence

PRINT_DIR = Path(__file__).resolve().parents[2] / "content" / "print"
FONTS_DIR = PRINT_DIR.parent / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf")
# Before WeasyPrint (and so fontconfig) starts: the machine's own fonts must never be seen.
os.environ["FONTCONFIG_FILE"] = str(FONTS_DIR / "fonts.conf")

from weasyprint import HTML, URLFetcher  # noqa: E402  (after FONTCONFIG_FILE, on purpose)
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse  # noqa: E402

# Pictures made in memory for one PDF (the re-encoded logo) are named with this scheme.
IMAGE_SCHEME = "schoolpolicy-image:"
FORM_TEMPLATE = "form.html.j2"
STYLESHEET = "print.css"

# Markdown escapes that school data carries (see resolve/templating.data_text);
# print HTML never passes through Markdown, so they would show as backslashes.
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_\[\]{}|#!])")


class _FolderFetcher(URLFetcher):
    """Serves `file:` URLs inside the allowed folders; refuses every other URL."""

    def __init__(self, allowed: list[Path], images: dict[str, bytes] | None = None):
        # fail_on_errors: a refused or missing file stops the render, rather
        # than WeasyPrint logging a warning and printing a form without styles.
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.allowed = [Path(p).resolve() for p in allowed]
        self.images = images or {}

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith(IMAGE_SCHEME) and url[len(IMAGE_SCHEME):] in self.images:
            return URLFetcherResponse(url, self.images[url[len(IMAGE_SCHEME):]], {"Content-Type": "image/png"})
        path = allowed_path(url, self.allowed)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # WeasyPrint ignores a linked stylesheet unless it is served as text/css.
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})


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


def restricted_fetcher(allowed: list[Path], images: dict[str, bytes] | None = None) -> URLFetcher:
    """A WeasyPrint url_fetcher (callable with a URL) limited to files in `allowed`,
    plus the PNG `images` given, as `schoolpolicy-image:NAME`.

    Calling it with a refused URL raises BuildError. Inside a render, WeasyPrint
    wraps that in FatalURLFetchingError, which `html_to_pdf` turns back into it.
    """
    return _FolderFetcher(allowed, images)


def check_fonts(content: Path) -> None:
    """The build stops, saying what to restore, if the project's fonts (content/fonts) are not all there."""
    for folder in dict.fromkeys((FONTS_DIR, content / "fonts")):
        missing = [name for name in (*FONT_FILES, "fonts.conf") if not (folder / name).is_file()]
        if missing:
            raise BuildError(f"{folder}: the PDF fonts are missing ({', '.join(missing)}). They are part of "
                             "the project: restore the folder from git (git checkout -- content/fonts)")


def identifier(html: str, title: str, created: dt.date, images: dict[str, bytes] | None = None) -> bytes:
    """A PDF file identifier that depends only on the input, never on the clock or a path."""
    digest = hashlib.sha256("\0".join((html, title, created.isoformat())).encode("utf-8"))
    for name, data in sorted((images or {}).items()):
        digest.update(name.encode("utf-8") + b"\0" + data)
    return digest.hexdigest()[:32].encode("ascii")


def tidy_radio_groups(document: Any, pdf: pydyf.PDF) -> None:
    """A WeasyPrint `finisher`: make each radio group one field with plain widget kids.

    A kid widget is part of its parent's field, so it must have no name (/T)
    of its own and must not be listed in /Fields beside its parent.
    """
    form = pdf.catalog.get("AcroForm")
    if not form:
        return
    kids = set()
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/Widget" and "Parent" in obj:
            obj.pop("T", None)
            kids.add(obj.reference)
    form["Fields"] = pydyf.Array(ref for ref in form["Fields"] if ref not in kids)


def html_to_pdf(html: str, *, base_dir: Path, allowed: list[Path], title: str,
                created: dt.date, forms: bool = False, images: dict[str, bytes] | None = None) -> bytes:
    """Render HTML to tagged PDF/UA-1 bytes; the same arguments give the same bytes.

    `base_dir` resolves relative URLs (the stylesheet); `allowed` lists the
    only folders WeasyPrint may read, besides the fonts beside `base_dir`
    (content/fonts). The language comes from `<html lang>`.
    """
    fonts = Path(base_dir).parent
    check_fonts(fonts)
    source = HTML(string=html, base_url=Path(base_dir).resolve().as_uri() + "/",
                  url_fetcher=restricted_fetcher([*allowed, fonts / "fonts"], images))
    try:
        document = source.render(pdf_forms=forms, pdf_variant="pdf/ua-1")
        # The title from the caller, not <title>, so every PDF is named the
        # same way; the dates from the data, so rebuilding changes nothing.
        document.metadata.title = title
        document.metadata.created = document.metadata.modified = created.isoformat()
        return document.write_pdf(pdf_forms=forms, pdf_variant="pdf/ua-1",
                                  pdf_identifier=identifier(html, title, created, images),
                                  finisher=tidy_radio_groups if forms else None)
    except FatalURLFetchingError as exc:
        # WeasyPrint wraps the fetcher's refusal; report the refusal itself.
        cause = exc.__cause__
        raise (cause if isinstance(cause, BuildError) else BuildError(str(cause or exc))) from None


def plain(value: Any) -> Any:
    """Drop Markdown escapes from every string in a form, keeping Markup safe."""
    if isinstance(value, str):
        text = _MARKDOWN_ESCAPE.sub(r"\1", value)
        return Markup(text) if isinstance(value, Markup) else text
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def print_environment(folder: Path = PRINT_DIR) -> jinja2.Environment:
    """A strict, escaping Jinja environment over content/print."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["sentence"] = sentence
    return env


def render_form_html(form: dict[str, Any], school: dict[str, Any], *,
                     env: jinja2.Environment | None = None, lang: str = "en-GB") -> str:
    """The print HTML for one rendered form definition (see content/print/form.html.j2)."""
    template = (env or print_environment()).get_template(FORM_TEMPLATE)
    names = {"name": school["name"], "short_name": school.get("short_name") or school["name"],
             "policy_title": school.get("policy_title") or ""}
    return template.render(form=plain(form), school=plain(names), lang=lang, stylesheet=STYLESHEET)
