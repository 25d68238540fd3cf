"""WeasyPrint itself: the only module that imports it, so `check` never pays for loading it.

Facts about WeasyPrint 70 this module relies on (checked against its source
and by rendering):

- A url_fetcher must be a `weasyprint.URLFetcher` (a subclass whose `fetch`
  returns a `URLFetcherResponse`); plain functions returning dicts no longer
  work. With `fail_on_errors=True` a refused URL stops the render.
- `pdf_variant="pdf/ua-1"` combines with `pdf_forms=True`: the fields are
  tagged as /Form structure elements. The variant only turns on `pdf_tags`,
  sets PDF 1.7 and adds the PDF/UA XMP metadata.
- Form fields come out incomplete (radio groups nested twice, tick boxes
  without an "off" appearance or a default appearance, text fields that
  PDFium lays out without Welsh letters): forms.finish_forms completes
  them before the PDF is written.
- WeasyPrint writes no trailer /ID unless `pdf_identifier` is given, and takes
  no dates from the clock for this variant, so fixing the dates and deriving
  the identifier from the input makes the output reproducible.
- Text goes through Pango and fontconfig, which would use whatever fonts the
  machine has. fontconfig reads FONTCONFIG_FILE each time a configuration is
  loaded: when WeasyPrint is imported (a check) and in every
  `FontConfiguration()`. The build points it at the project's
  content/fonts/fonts.conf before the workers' fork server starts, and
  `render` points it there again before it makes a configuration, so the only
  fonts are the project's own; the stylesheets load the same files with
  @font-face.
- The font of a form field is embedded whole (it is not subset), so print.css
  gives fields a cut of the same font (content/fonts/fields.ttf).
- A `FontConfiguration` loads each @font-face font once and keeps Pango's font
  map warm, so one is kept for all the renders in a process (about a tenth
  faster, same bytes). A font it already holds is not fetched again, so a
  render is said to have read every font file in the fonts folder.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path

from weasyprint import HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcherResponse

from generator import state
from generator.errors import BuildError
from generator.writers.pdf.forms import finish_forms
from generator.writers.pdf.jobs import (
    IMAGE_SCHEME,
    PdfJob,
    RenderedPdf,
    allowed_path,
    check_fonts,
    fonts_folder,
    identifier,
    use_project_fonts,
)


class FolderFetcher(URLFetcher):
    """Serves `file:` URLs inside the allowed folders; refuses every other URL.

    It notes every file it serves: the build cache keys a PDF by their contents too."""

    def __init__(self, allowed: list[Path], images: dict[str, bytes] | None = None):
        # fail_on_errors: a refused or missing file stops the render, rather
        # than WeasyPrint logging a warning and printing a form without styles.
        super().__init__(allowed_protocols={"file"}, fail_on_errors=True)
        self.allowed = [Path(p).resolve() for p in allowed]
        self.images = images or {}
        self.served: set[Path] = set()

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith(IMAGE_SCHEME) and url[len(IMAGE_SCHEME):] in self.images:
            return URLFetcherResponse(url, self.images[url[len(IMAGE_SCHEME):]], {"Content-Type": "image/png"})
        path = allowed_path(url, self.allowed)
        self.served.add(path)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        # WeasyPrint ignores a linked stylesheet unless it is served as text/css.
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})


_FONT_CONFIGURATION: list = state.kept([None, None], "writers.pdf.engine._FONT_CONFIGURATION", lasting=True)  # the fonts folder (its files as they were), and its configuration


def font_files(fonts: Path) -> set[Path]:
    return {path.resolve() for path in fonts.iterdir() if path.is_file()}


def font_configuration(content: Path, files: set[Path]) -> FontConfiguration:
    """This process's font configuration for the project's fonts folder as it is now (a font changed
    while `serve` runs gets a new one, so a cached PDF never holds the old font)."""
    state = sorted((str(p), (info := p.stat()).st_size, info.st_mtime_ns) for p in files)
    if _FONT_CONFIGURATION[0] != state:
        use_project_fonts(content)  # fontconfig reads it as the configuration is made
        _FONT_CONFIGURATION[:] = [state, FontConfiguration()]
    return _FONT_CONFIGURATION[1]


def render_job(job: PdfJob) -> bytes:
    return render(job).data


def render(job: PdfJob) -> RenderedPdf:
    """Render one job to tagged PDF/UA-1 bytes; the same job gives the same bytes.

    `job.allowed` lists the only folders WeasyPrint may read, besides the fonts beside
    `job.base_dir` (content/fonts)."""
    content = Path(job.base_dir).parent
    check_fonts(content)
    fonts, images = fonts_folder(content), dict(job.images)
    fetcher, font_set = FolderFetcher([*job.allowed, fonts], images), font_files(fonts)
    source = HTML(string=job.html, base_url=Path(job.base_dir).resolve().as_uri() + "/", url_fetcher=fetcher)
    try:
        document = source.render(pdf_forms=job.forms, pdf_variant="pdf/ua-1",
                                 font_config=font_configuration(content, font_set))
        # The title from the caller, not <title>, so every PDF is named the
        # same way; the dates from the data, so rebuilding changes nothing.
        document.metadata.title = job.title
        document.metadata.created = document.metadata.modified = job.created.isoformat()
        data = document.write_pdf(pdf_forms=job.forms, pdf_variant="pdf/ua-1",
                                  pdf_identifier=identifier(job.html, job.title, job.created, images),
                                  finisher=finish_forms if job.forms else None)
    except FatalURLFetchingError as exc:
        # WeasyPrint wraps the fetcher's refusal; report the refusal itself.
        cause = exc.__cause__
        raise (cause if isinstance(cause, BuildError) else BuildError(str(cause or exc))) from None
    return RenderedPdf(data, tuple(sorted(fetcher.served | font_set)))
