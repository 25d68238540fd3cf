"""`schoolpolicy serve SLUG`: build one school, serve it, rebuild when its files change."""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import tempfile
import threading
import time
from pathlib import Path

from generator.build import build
from generator.errors import SchoolPolicyError
from generator.project import Project


def snapshot(project: Project, slug: str) -> dict[Path, float]:
    """Modification times of everything a build of this school reads."""
    watched = [project.school_file(slug), project.base_config, *project.trust_files()]  # an academy reads its trust's
    for folder in (project.content, project.overrides):
        watched += [p for p in folder.rglob("*") if p.is_file()]
    return {p: p.stat().st_mtime for p in watched if p.exists()}


def rebuild(project: Project, slug: str, out: Path) -> None:
    try:
        build(project, [slug], out, lambda _m: None, dt.date.today())
        print(f"{time.strftime('%H:%M:%S')} rebuilt {slug}", flush=True)
    except SchoolPolicyError as exc:  # keep serving the last good build
        print("\n".join(str(p) for p in exc.problems), flush=True)


def serve(project: Project, slug: str, port: int) -> int:
    out = Path(tempfile.mkdtemp(prefix="schoolpolicy-serve-")) / "site"
    rebuild(project, slug, out)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{port}/site/{slug}/ ; edit data/schools/{slug}.yml and save. Ctrl+C stops.")
    seen = snapshot(project, slug)
    try:
        while True:
            time.sleep(1)
            now = snapshot(project, slug)
            if now != seen:
                seen = now
                rebuild(project, slug, out)
    except KeyboardInterrupt:
        server.shutdown()
    return 0
