"""Worker processes for the costly steps: rendering PDFs and running the site engine.

WeasyPrint and MkDocs hold the interpreter while they work, so the build spreads them over
processes, one a CPU by default. Workers come from a fork server that has already loaded both
engines, so each starts in milliseconds, and none is forked from a process running threads
(`serve` runs a web server and a file watcher). With one job, everything runs here, in order.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from pathlib import Path
from typing import Any, Callable

from generator.errors import BuildError
from generator.writers.pdf.jobs import PdfJob

ENGINES = ["generator.writers.pdf.engine", "generator.writers.site.engine"]


def default_jobs() -> int:
    """The CPUs this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def render_pdf(job: PdfJob) -> Any:
    from generator.writers.pdf.engine import render  # in the worker, already loaded by the fork server

    return render(job)


def run_site(config_file: Path, epoch: int) -> None:
    from generator.writers.site.engine import build_site

    build_site(config_file, epoch)


def fork_server() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(ENGINES)
    return context


def warm_up(jobs: int) -> None:
    """Start the fork server at once: it loads the engines while this process reads and checks the data."""
    if jobs > 1:
        fork_server()
        forkserver.ensure_running()


def _ignore_interrupts() -> None:
    # Ctrl+C reaches the whole process group; the parent alone decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _in_background() -> None:
    """A background worker (serve's PDFs) yields the CPU to the preview's rebuild and the browser."""
    _ignore_interrupts()
    try:
        os.nice(10)
    except OSError:  # not allowed here: run at the usual priority
        pass


def _done(fn: Callable, args: tuple) -> Future:
    future: Future = Future()
    try:
        future.set_result(fn(*args))
    except Exception as exc:  # noqa: BLE001 - handed to whoever waits on the future
        future.set_exception(exc)
    return future


class Workers:
    """`jobs` worker processes, started at the first task; with one job and not `background`, none.
    `background` workers run at a lower priority."""

    def __init__(self, jobs: int, background: bool = False):
        self.jobs = max(1, jobs)
        self.inline = self.jobs == 1 and not background
        self.background = background
        self._pool: ProcessPoolExecutor | None = None

    def submit(self, fn: Callable, *args: Any) -> Future:
        if self.inline:
            return _done(fn, args)
        return self.pool().submit(fn, *args)

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            setup = _in_background if self.background else _ignore_interrupts
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=fork_server(), initializer=setup)
        return self._pool

    def close(self, cancel: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None


def result(future: Future) -> Any:
    """A worker's result; a worker that died (killed, out of memory) is a BuildError, not a traceback."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise BuildError("a worker process stopped before finishing (out of memory, or killed); "
                         "build again, with --jobs 1 to use less memory") from None
