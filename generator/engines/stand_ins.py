"""serve's quick pass: a PDF not in the cache is not waited for; the previous build's copy (from
the folder being served) or a blank page stands in until the real one is rendered."""
from __future__ import annotations

import io
from pathlib import Path

from generator.writers.pdf.jobs import PdfJob


class StandIns:
    def __init__(self, previous: Path | None) -> None:
        self.previous = previous  # None: every PDF is waited for
        self.missing: list[PdfJob] = []  # the PDFs stood in for, to render later

    @property
    def wanted(self) -> bool:
        return self.previous is not None

    def stand_in(self, job: PdfJob) -> bytes:
        """The PDF as last built, or a blank page, until the real one is rendered."""
        self.missing.append(job)
        previous = self.previous / job.path if self.previous is not None else None
        return previous.read_bytes() if previous is not None and previous.is_file() else blank_pdf()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(595, 842)  # A4
    writer.write(buffer)
    return buffer.getvalue()
