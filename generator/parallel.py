"""Worker processes for the costly steps: rendering PDFs and running the site engine.

WeasyPrint and MkDocs hold the interpreter while they work, so the build spreads them over
processes, one a CPU by default. Workers come from a fork server that has already loaded both
engines, so each starts in milliseconds, and none is forked from a process running threads
(`serve` runs a web server and a file watcher). With one job, everything runs here, in order.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import forkserver
from pathlib import Path
from typing import Any, Callable

from generator.errors import BuildError
from generator.lifeline import COMMAND_PID
from generator.writers.pdf.jobs import PdfJob, use_project_fonts

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


def run_site(config_file: Path, epoch: int, site_dir: Path | None = None, engine: str = "mkdocs",
             reuse_theme: bool = False) -> None:
    from generator.writers.site.engine import build_site

    build_site(config_file, epoch, site_dir, engine=engine, reuse_theme=reuse_theme)


def fork_server() -> multiprocessing.context.BaseContext:
    """The context the pools use, its fork server running."""
    context = multiprocessing.get_context("forkserver")
    start_fork_server(context)
    return context


# An AF_UNIX socket's path holds at most 107 bytes. multiprocessing puts the fork server's socket in a
# folder it makes under TMPDIR, which may be deeper than that allows (a CI runner's, or pytest's under
# xdist); the folder then goes under /tmp. multiprocessing removes it when the command exits.
_SOCKET_PATH_ROOM = 60
_SHORT_TEMPORARY = "/tmp"


def _ensure_running() -> None:
    longest = tempfile.gettempdir()
    if len(os.fsencode(longest)) <= _SOCKET_PATH_ROOM or not os.path.isdir(_SHORT_TEMPORARY):
        forkserver.ensure_running()
        return
    chosen = tempfile.tempdir
    tempfile.tempdir = _SHORT_TEMPORARY
    try:
        forkserver.ensure_running()
    finally:
        tempfile.tempdir = chosen


def start_fork_server(context: multiprocessing.context.BaseContext) -> None:
    """Start the fork server (once) so that it dies with this command and its workers ignore Ctrl+C
    from their first instruction (see lifeline.py). Both need the main thread (signals are set only
    there; Linux ties a child's life to the thread that made it); from another thread, the workers'
    initializer ignores Ctrl+C a moment later, and the fork server leaves once it has loaded."""
    if threading.current_thread() is not threading.main_thread():
        context.set_forkserver_preload(ENGINES)
        _ensure_running()
        return
    context.set_forkserver_preload(["generator.lifeline_fork_server", *ENGINES])
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ[COMMAND_PID] = str(os.getpid())
    try:
        _ensure_running()
    finally:
        os.environ.pop(COMMAND_PID, None)
        signal.signal(signal.SIGINT, previous)


def warm_up(jobs: int, content: Path) -> None:
    """Start the fork server at once: it loads the engines while this process reads and checks the data.
    `content`: the project's content/, whose fonts are the only ones the PDF engine may see (set here,
    before WeasyPrint starts in this process or in the fork server, which takes this environment)."""
    use_project_fonts(content)
    if jobs > 1:
        fork_server()


def _in_worker(command: int, temporary: str | None = None) -> None:
    # Ctrl+C reaches the whole process group; the command alone decides what stops. A worker ends
    # with the command, however that ends (lifeline.py).
    from generator.lifeline import in_worker

    in_worker(command)
    if temporary:
        # WeasyPrint keeps each font configuration's fonts in a weasyprint-* folder it removes only
        # when the configuration is collected, which a worker's exit never does: the worker's
        # temporary files go into a folder the command removes once the pool is closed.
        tempfile.tempdir = temporary


def _in_background(command: int, temporary: str | None = None) -> None:
    """A background worker (serve's PDFs) yields the CPU to the preview's rebuild and the browser."""
    _in_worker(command, temporary)
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
        self._temporary: str | None = None  # the workers' temporary folder

    def submit(self, fn: Callable, *args: Any) -> Future:
        if self.inline:
            return _done(fn, args)
        return self.pool().submit(fn, *args)

    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            setup = _in_background if self.background else _in_worker
            self._temporary = tempfile.mkdtemp(prefix="schoolpolicy-workers-")
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=fork_server(), initializer=setup,
                                             initargs=(os.getpid(), self._temporary))
        return self._pool

    def pause(self) -> None:
        """Stop the workers where they are until `resume` (serve: the page being rebuilt gets the CPU)."""
        self._signal(getattr(signal, "SIGSTOP", None))

    def resume(self) -> None:
        self._signal(getattr(signal, "SIGCONT", None))

    def _signal(self, signum: int | None) -> None:
        if self._pool is None or signum is None:
            return
        for worker in list((getattr(self._pool, "_processes", None) or {}).values()):
            try:
                os.kill(worker.pid, signum)
            except (ProcessLookupError, TypeError):  # gone already, or not started
                pass

    def close(self, cancel: bool = False) -> None:
        """Wait for the workers to finish and leave; `cancel` (an interrupted or failed command): stop
        them now, without waiting for the renders under way. Their temporary folder goes with them."""
        try:
            self._close(cancel)
        finally:
            if self._temporary is not None:
                shutil.rmtree(self._temporary, ignore_errors=True)
                self._temporary = None

    def _close(self, cancel: bool) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if not cancel:
            pool.shutdown(wait=True)
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())  # Python 3.14: terminate_workers()
        results = getattr(pool, "_result_queue", None)  # shutdown() lets go of it
        for worker in workers:  # a paused worker would not stop until it runs again
            try:
                os.kill(worker.pid, getattr(signal, "SIGCONT", 0))
            except (ProcessLookupError, TypeError):
                pass
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            if worker.is_alive():
                worker.kill()  # its renders are thrown away: nothing to finish or tidy in it
        for worker in workers:
            worker.join(5)
        # A worker killed while sending its result leaves half a message in the result pipe, and the
        # pool's manager thread waits for the rest for ever: Python joins that thread as it exits, so
        # the command would never end. This process holds the pipe's last writing end: closing it
        # ends the wait (the pool then finds itself broken and cleans up).
        writer = getattr(results, "_writer", None)
        if writer is not None:
            writer.close()


def result(future: Future) -> Any:
    """A worker's result; a worker that died (killed, out of memory) is a BuildError, not a traceback."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise BuildError("a worker process stopped before finishing (out of memory, or killed); "
                         "build again, with --jobs 1 to use less memory") from None
