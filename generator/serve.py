"""`schoolpolicy serve SLUG`: build one school, serve it, rebuild when its files change."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from generator.build import build, school_paths
from generator.errors import SchoolPolicyError, UsageError
from generator.faults import fault
from generator.project import Project


def snapshot(project: Project, slug: str) -> dict[Path, float]:
    """Modification times of everything a build of this school reads."""
    watched = [project.school_file(slug), project.approved_file(slug), project.base_config,
               *project.trust_files()]  # an academy reads its trust's file too
    for folder in (project.content, project.overrides):
        watched += [p for p in folder.rglob("*") if p.is_file()]
    return {p: p.stat().st_mtime for p in watched if p.exists()}


def rebuild(project: Project, slug: str, out: Path) -> None:
    try:
        build(project, [slug], out, lambda _m: None, dt.date.today())
        print(f"{time.strftime('%H:%M:%S')} rebuilt {slug}", flush=True)
    except SchoolPolicyError as exc:  # keep serving the last good build
        print("\n".join(str(p) for p in exc.problems), flush=True)
    except Exception as exc:  # keep serving, and say what failed in one line
        print("\n".join(str(p) for p in fault(f"rebuilding {slug}", exc).problems), flush=True)


def listen(host: str, port: int, folder: Path) -> http.server.ThreadingHTTPServer:
    """Take the port before building, so a port in use is said at once, not after a build."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    try:
        return http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise UsageError(f"cannot serve on {host}:{port}: {exc.strerror or exc}; another program may be using "
                         "it: choose another port with --port, such as --port 8001") from None


def stop_on_sigterm() -> None:
    """SIGTERM (as from `kill` or a service manager) stops like Ctrl+C, so the temporary folder goes."""
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def serve(project: Project, slug: str, host: str, port: int) -> int:
    school_paths(project, [slug])  # a wrong slug is said before anything starts
    stop_on_sigterm()
    folder = Path(tempfile.mkdtemp(prefix="schoolpolicy-serve-"))
    try:
        with listen(host, port, folder) as server:
            print(f"Building {slug} for the preview in {folder}", flush=True)
            rebuild(project, slug, folder / "site")
            threading.Thread(target=server.serve_forever, daemon=True).start()
            try:
                watch(project, slug, folder / "site", f"http://{host}:{port}/site/{slug}/")
            finally:
                server.shutdown()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not stop the clean-up
        shutil.rmtree(folder, ignore_errors=True)
    return 0


def watch(project: Project, slug: str, out: Path, address: str) -> None:
    print(f"Serving {address} ; edit data/schools/{slug}.yml and save. Ctrl+C stops.", flush=True)
    seen = snapshot(project, slug)
    while True:
        time.sleep(1)
        now = snapshot(project, slug)
        if now != seen:
            seen = now
            rebuild(project, slug, out)
