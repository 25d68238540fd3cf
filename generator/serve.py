"""`schoolpolicy serve SLUG`: preview one school's site, rebuilt on every save, the open page reloading itself.

MkDocs' own live-reload server (mkdocs.livereload, pinned with mkdocs) serves the site and tells
open pages to reload after each build. A save rebuilds the site alone, quickly: PDFs not in the
build cache keep their last built copy (or a blank page) while worker processes render them in
the background; when they are done the site is rebuilt once more with them. A build that fails
keeps the last good site, and every page shows the problems above its content until they are
fixed. The private parts of the server used here (_inject_js_into_html, _rebuild_cond,
_want_rebuild, observer, serve_thread, _build_loop) are those of mkdocs 1.6.1; tests/test_speed.py
drives the whole loop in Chromium.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from markupsafe import escape

from generator.build import build
from generator.cache import BuildCache, CacheStats
from generator.engines.keys import CacheKeys
from generator.engines.store import CacheStore, PendingPdf
from generator.errors import SchoolPolicyError, UsageError, printable
from generator.faults import fault
from generator.output import discard
from generator.parallel import Workers, default_jobs, render_pdf, result, warm_up
from generator.pipeline import BuildOptions
from generator.project import Project
from generator.schools import school_paths
from generator.writers.pdf.jobs import PdfJob

BANNER = ('<div role="alert" id="schoolpolicy-problems" style="position:sticky;top:0;z-index:10;margin:0;'
          'padding:1rem;background:#fff3f3;color:#7a0000;border-bottom:3px solid #b00020;font:1rem/1.4 monospace;'
          'white-space:pre-wrap">{}</div>')


POLL_SECONDS = 0.25  # where the system cannot tell us of saves (no inotify): look four times a second
SETTLE_SECONDS = 0.05  # a save is often two or three events (write, close, rename): build once they stop
# What a save, a new file, a deletion or a rename does; never opening or reading a file (the build's own reads).
SAVES = frozenset({"modified", "created", "deleted", "moved", "closed", "attrib", "events_lost"})


def stamp() -> str:
    return time.strftime("%H:%M:%S")


def not_found(start_response) -> list[bytes]:
    start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
    return [b"404 Not Found"]


def live_server(builder, host: str, port: int, root: Path):
    """MkDocs' LiveReloadServer, told of each save by the system at once (inotify, through watchdog,
    pinned with mkdocs; where there is none, it looks four times a second), and showing the last build's
    problems at the top of every page. It takes the port at once, so a port in use is said before any build."""
    import watchdog.events
    import watchdog.observers
    import watchdog.observers.polling
    from mkdocs.livereload import LiveReloadServer

    class PreviewServer(LiveReloadServer):
        problems: list[str] = []
        bound = active = False
        home = ""  # where / sends the browser: /site/<slug>/

        def server_bind(self) -> None:  # LiveReloadServer.serve() binds again: once is enough
            if not self.bound:
                super().server_bind()
                self.bound = True

        def server_activate(self) -> None:
            if not self.active:
                super().server_activate()
                self.active = True

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            if not self.problems:
                return content
            banner = BANNER.format(escape("This page is the last good build. Fix these and save:\n"
                                          + "\n".join(self.problems))).encode("utf-8")
            start = content.find(b"<body")
            at = content.find(b">", start) + 1 if start >= 0 else 0
            return content[:at] + banner + content[at:]

        def serve_request(self, environ, start_response):
            """Any request, however made (a web page can ask for /site/demo/%00), gets an answer,
            never a traceback: a path the file system cannot hold is not found."""
            path = environ.get("PATH_INFO", "")
            if "\0" in path or "%00" in path.lower():
                return not_found(start_response)
            if path in ("", "/") and self.home:  # the top of the preview is the school's site
                start_response("302 Found", [("Location", self.home), ("Content-Length", "0")])
                return []
            try:
                served = self._serve_request(environ, start_response)  # [] is a redirect: an answer
                return not_found(start_response) if served is None else served
            except Exception as exc:  # noqa: BLE001 - one line on the terminal, a plain 500 to the browser
                print(f"{stamp()} request for {printable(path, 200, cut='')} failed: {fault('serving', exc)}", flush=True)
                start_response("500 Internal Server Error", [("Content-Type", "text/plain; charset=utf-8")])
                return [b"500 Internal Server Error"]

        def serve_when_watching(self, ready) -> None:
            """LiveReloadServer.serve() once `watch_all` has started watching (a save before that would
            go unseen), saying `ready` first."""
            ready()
            self.serve_thread.start()
            self._build_loop()

        def rebuild_soon(self) -> None:
            with self._rebuild_cond:
                self._want_rebuild = True
                self._rebuild_cond.notify_all()

        def watch_all(self, folders: list[tuple[Path, bool]]) -> None:
            """Rebuild on a save in any of the (folder, recursive) given; opening or reading a file (as the
            build does) is no save. The system's own notices where it has them, else looking in turn."""
            handler = watchdog.events.FileSystemEventHandler()
            handler.on_any_event = self.saved  # type: ignore[method-assign]
            told: Any = watchdog.observers.Observer()  # inotify on Linux
            try:
                self.observer = told
                self._watching(handler, folders)
            except OSError:  # no inotify, or the system's limit of watchers reached: look in turn
                self.observer.unschedule_all()
                self.observer = watchdog.observers.polling.PollingObserver(timeout=POLL_SECONDS)
                self._watching(handler, folders)

        def _watching(self, handler, folders: list[tuple[Path, bool]]) -> None:
            for folder, recursive in folders:
                self.observer.schedule(handler, str(folder.resolve()), recursive=recursive)
                self._watched_paths[str(folder.resolve())] = 1  # pages get the reload script only when watching
            self.observer.start()  # the first look (or the system's watches) is taken before this returns

        def saved(self, event) -> None:
            if not event.is_directory and event.event_type in SAVES:
                self.rebuild_soon()

    server = PreviewServer(builder, host, port, str(root))
    server.build_delay = SETTLE_SECONDS
    try:
        server.server_bind()
        server.server_activate()
    except OSError as exc:
        server.server_close()
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; another program may be using "
                         "it: choose another port with --port, such as --port 8001") from None
    return server


class Preview:
    """Builds one school for the server: the site at once, the missing PDFs behind it."""

    def __init__(self, project: Project, slug: str, out: Path):
        self.project, self.slug, self.out = project, slug, out
        self.server: Any = None  # the live server (live_server below), once it is made
        self.workers = Workers(default_jobs(), background=True)  # never in the server's own thread
        self.rendering: dict[str, Future] = {}  # first cache key -> render under way
        self.lock = threading.Lock()
        self.stopping = False  # serve is stopping: renders cut short are not failures
        self.tidier = Tidier(out)

    def build(self) -> None:
        started = time.perf_counter()
        print(f"{stamp()} building {self.slug}...", flush=True)
        # each save redoes only what it changed: content/ is read again only when it changed, and
        # the theme's templates are compiled once; the site it replaces is removed in the background
        options = BuildOptions(jobs=1, quiet=True, stand_ins=self.out / self.slug, remember_shared=True,
                               reuse_theme=True, set_aside=self.tidier.set_aside)
        self.tidier.wait()  # the last site replaced is gone before this build looks at the folder
        self.workers.pause()  # the background PDFs wait while the page is rebuilt
        try:
            checked = build(self.project, [self.slug], self.out, lambda _m: None, dt.date.today(), options=options)
        except Exception as exc:  # keep serving the last good build, and say why on every page
            problems = exc if isinstance(exc, SchoolPolicyError) else fault(f"rebuilding {self.slug}", exc)
            self.server.problems = [str(p) for p in problems.problems]
            print("\n".join(self.server.problems), flush=True)
            print(f"{stamp()} build failed: still showing the last good site", flush=True)
            return
        finally:
            self.workers.resume()
        self.server.problems = []
        later = f"; {len(checked.missing)} PDF(s) rendering in the background" if checked.missing else ""
        print(f"{stamp()} site rebuilt in {time.perf_counter() - started:.1f} s{later}", flush=True)
        self.render_later(checked.missing)

    def render_later(self, jobs: list[PdfJob]) -> None:
        """Render the PDFs the site stood in for; those of an earlier save that no longer appear and have
        not started are dropped."""
        store = CacheStore(BuildCache(self.project.work_dir / ".cache"), CacheKeys(self.project), CacheStats())
        wanted = [store.lookup(job) for job in jobs]
        keys = {pending.first_key for pending in wanted}
        with self.lock:
            stale = [(key, future) for key, future in self.rendering.items() if key not in keys]
        for key, future in stale:
            if future.cancel():
                with self.lock:
                    self.rendering.pop(key, None)
        for pending in wanted:
            job = pending.job
            with self.lock:
                if pending.first_key in self.rendering:
                    continue
                future = self.rendering[pending.first_key] = self.workers.submit(render_pdf, job)
            future.add_done_callback(functools.partial(self.rendered, store, pending))

    def rendered(self, store: CacheStore, pending: PendingPdf, future: Future) -> None:
        """In the pool's thread: keep the PDF, and rebuild once the last one is in."""
        if future.cancelled() or self.stopping:  # serve is stopping
            return
        try:
            store.store_pdf(pending, result(future))
        except Exception as exc:  # said in one line; the next build says it again, located
            problem = exc if isinstance(exc, SchoolPolicyError) else fault(f"rendering {pending.job.path}", exc)
            print(f"{stamp()} a PDF failed: {problem}", flush=True)
        with self.lock:
            self.rendering.pop(pending.first_key, None)
            last = not self.rendering
        if last and self.server is not None:
            print(f"{stamp()} PDFs ready: rebuilding with them", flush=True)
            self.server.rebuild_soon()


class Tidier:
    """Removes the sites that rebuilds replaced in a thread of its own, so the new page is served at once:
    each is first renamed out of the way (a `.site.old-` folder, which the next build's recover() would
    also clear), then removed while the page is already served."""

    def __init__(self, out: Path):
        self.out, self.count = out, 0
        self.pending: list[threading.Thread] = []

    def set_aside(self, old: Path) -> None:
        self.count += 1
        trash = old.with_name(f".{self.out.name}.old-{os.getpid()}-{self.count}")
        old.rename(trash)
        thread = threading.Thread(target=self._remove, args=(trash,), name="schoolpolicy-tidy", daemon=True)
        thread.start()
        self.pending.append(thread)

    @staticmethod
    def _remove(folder: Path) -> None:
        try:
            discard(folder)
        except OSError:  # serve's own temporary folder: whatever is left goes when serve stops
            pass

    def wait(self) -> None:
        for thread in self.pending:
            thread.join()
        self.pending.clear()


def stop_on_sigterm() -> None:
    """SIGTERM (as from `kill` or a service manager) stops like Ctrl+C, so the temporary folder goes."""
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def serve(project: Project, slug: str, host: str, port: int) -> int:
    school_paths(project, [slug])  # a wrong slug is said before anything starts
    stop_on_sigterm()
    folder = Path(tempfile.mkdtemp(prefix="schoolpolicy-serve-"))
    preview = Preview(project, slug, folder / "site")
    try:
        preview.server = live_server(preview.build, host, port, folder)
        preview.server.home = f"/site/{slug}/"
        warm_up(2, project.content)  # the background workers' fork server, from the main thread (lifeline.py)
        print(f"Building {slug} for the preview in {folder}", flush=True)
        preview.build()
        watch(preview.server, project)
        preview.server.serve_when_watching(lambda: print(
            f"Serving http://{host}:{port}/site/{slug}/ ; edit data/schools/{slug}.yml and save: "
            "the page reloads by itself. Ctrl+C stops.", flush=True))
    except KeyboardInterrupt:  # Ctrl+C or SIGTERM: the way to stop a preview, so not a failure
        print("schoolpolicy serve: stopped.", file=sys.stderr, flush=True)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not stop the clean-up
        if preview.server is not None:
            preview.server.shutdown()
        preview.stopping = True
        preview.workers.close(cancel=True)
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def watch(server, project: Project) -> None:
    server.watch_all([(project.root, False)]  # mkdocs.yml
                     + [(folder, True) for folder in (project.root / "data", project.content, project.overrides)])
