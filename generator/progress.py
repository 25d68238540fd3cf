"""What a long build is doing, on the terminal: which school, how many of its PDFs are done.

On a terminal one status line is rewritten as PDFs finish; in a log (CI, a pipe) each school
gets one line when it is done. `--quiet` prints none of it.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Callable, TextIO

Say = Callable[[str], None]


@dataclass
class SchoolCount:
    slug: str
    total: int
    reused: int
    rendered: int = 0

    @property
    def done(self) -> int:
        return self.reused + self.rendered


class Progress:
    def __init__(self, say: Say, quiet: bool = False, stream: TextIO | None = None):
        self.say = say
        self.quiet = quiet
        self.stream = stream or sys.stdout
        self.live = not quiet and self.stream.isatty()
        self._shown = 0  # width of the status line on screen

    def pdfs(self, count: SchoolCount) -> None:
        if self.live:
            self._status(f"  {count.slug}: {count.done}/{count.total} PDFs")

    def school(self, count: SchoolCount, site_reused: bool) -> None:
        if self.quiet:
            return
        self._status("")
        made = f"{count.rendered} rendered, {count.reused} from the cache" if count.reused else f"{count.rendered} rendered"
        self.say(f"  {count.slug}: {count.total} PDFs ({made}); site {'from the cache' if site_reused else 'built'}")

    def line(self, text: str) -> None:
        if not self.quiet:
            self._status("")
            self.say(text)

    def _status(self, text: str) -> None:
        if not self.live or (not text and not self._shown):
            return
        self.stream.write("\r" + text.ljust(self._shown) + ("" if text else "\r"))
        self.stream.flush()
        self._shown = len(text)
