"""Fast builds that change nothing: parallel and cached builds give the bytes of a cold serial build,
the cache reuses what did not change and survives a killed build, outputs are small, `check`
loads no engine, and `serve` reloads the open page after a save (in Chromium)."""
from __future__ import annotations

import filecmp
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, run_cli, run_cli_process
from pypdf import PdfReader, PdfWriter
from test_errors import GOOD

SCHOOLS = {"test-school": GOOD,
           "second-school": GOOD.replace("Test Primary School", "Second Test School").replace("TPS", "STS")}
GUIDE = "talking-about-life-online"  # the one guide every school has
STATS = re.compile(r"pdf: (\d+) built, (\d+) from the cache; site: (\d+) built, (\d+) from the cache")


def make_project(target: Path) -> Path:
    project = copy_project(target, schools=[])
    for slug, text in SCHOOLS.items():
        (project / "data" / "schools" / f"{slug}.yml").write_text(text, encoding="utf-8")
    return project


def build(project: Path, out: Path, *args: str) -> subprocess.CompletedProcess:
    result = run_cli("build", "--out", str(out), *args, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def stats(result: subprocess.CompletedProcess) -> tuple[int, int, int, int]:
    """(PDFs rendered, PDFs reused, sites built, sites reused), from the build's cache line."""
    found = STATS.search(result.stdout)
    assert found, result.stdout
    return tuple(int(n) for n in found.groups())


def same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (byte for byte)."""
    names = sorted({p.relative_to(a) for p in a.rglob("*") if p.is_file()}
                   | {p.relative_to(b) for p in b.rglob("*") if p.is_file()})
    return [str(n) for n in names if not ((a / n).is_file() and (b / n).is_file()
                                          and filecmp.cmp(a / n, b / n, shallow=False))]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """A cold serial build without the cache, then two parallel builds through the cache."""
    base = tmp_path_factory.mktemp("speed")
    project = make_project(base / "project")
    found = {"project": project, "cold": base / "cold" / "site", "first": base / "first" / "site",
             "again": base / "again" / "site"}
    build(project, found["cold"], "--jobs", "1", "--no-cache")
    assert not (project / "build" / ".cache").exists(), "--no-cache wrote a cache"
    found["first_stats"] = stats(build(project, found["first"], "--jobs", "2"))
    found["again_stats"] = stats(build(project, found["again"], "--jobs", "2"))
    return found


def pdf_count(site: Path) -> int:
    return len(list(site.glob("*/downloads/*.pdf")))


def test_parallel_and_cached_builds_give_the_bytes_of_a_cold_serial_build(builds):
    assert pdf_count(builds["cold"]) >= 12
    assert same_tree(builds["cold"], builds["first"]) == []
    assert same_tree(builds["cold"], builds["again"]) == []


def test_an_unchanged_rebuild_renders_nothing(builds):
    rendered = pdf_count(builds["cold"])
    assert builds["first_stats"] == (rendered, 0, 2, 0)
    assert builds["again_stats"] == (0, rendered, 0, 2)


@pytest.mark.slow
def test_editing_one_guide_renders_only_its_handouts(builds, tmp_path):
    project = builds["project"]
    guide = project / "content" / "guides" / f"{GUIDE}.yml"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("Short\n      chats work better", "Short\n      talks work better", 1), encoding="utf-8")
    try:
        edited = tmp_path / "edited" / "site"
        # One full guide a school (both have the guide; the one-page handouts show only its
        # at-a-glance box, which did not change); both sites, as the guide page changed.
        assert stats(build(project, edited, "--jobs", "2")) == (2, pdf_count(builds["cold"]) - 2, 2, 0)
        changed = same_tree(builds["cold"], edited)
        handouts = {f"{s}/downloads/guide-{GUIDE}.pdf" for s in SCHOOLS}
        assert handouts <= set(changed)
        assert not [c for c in changed if c.endswith(".pdf") and c not in handouts]
        fresh = tmp_path / "fresh" / "site"
        build(project, fresh, "test-school", "--jobs", "2", "--no-cache")
        assert same_tree(fresh / "test-school", edited / "test-school") == []
    finally:
        guide.write_text(text, encoding="utf-8")


@pytest.mark.slow
def test_a_project_moved_elsewhere_keeps_its_cache(builds, tmp_path):
    moved = tmp_path / "elsewhere" / "project"
    shutil.copytree(builds["project"], moved, symlinks=True)  # as a clone with the CI's cache restored
    out = tmp_path / "moved" / "site"
    assert stats(build(moved, out, "--jobs", "2")) == (0, pdf_count(builds["cold"]), 0, 2)
    assert same_tree(builds["cold"], out) == []


@pytest.mark.slow
def test_a_killed_build_leaves_a_usable_cache(builds, tmp_path):
    project = make_project(tmp_path / "project")
    cache = project / "build" / ".cache"
    command = [sys.executable, "-m", "generator", "build", "--jobs", "2", "--out", str(tmp_path / "killed" / "site")]
    started = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # its own process group: the workers die with it
    try:
        deadline = time.monotonic() + 300
        while not list(cache.glob("pdf/*/*.pdf")) and time.monotonic() < deadline and started.poll() is None:
            time.sleep(0.05)
    finally:
        os.killpg(started.pid, signal.SIGKILL)
        started.wait()
    entries = list(cache.glob("pdf/*/*.pdf"))
    assert entries, "the build finished or failed before any PDF was cached"
    from generator.cache import HEADER_BYTES

    for entry in entries:
        data = entry.read_bytes()[HEADER_BYTES:]  # after the line holding the entry's hash
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), entry
    out = tmp_path / "after" / "site"
    rendered, reused, _, _ = stats(build(project, out, "--jobs", "2"))
    assert reused >= len(entries) and rendered + reused == pdf_count(builds["cold"])
    assert same_tree(builds["cold"], out) == []
    assert not (tmp_path / "killed" / "site").exists(), "a killed build must not leave a half-built site"


def test_cache_stays_within_its_limit(tmp_path):
    from generator.cache import HEADER_BYTES, BuildCache

    size = 1000 + HEADER_BYTES  # each entry starts with a line holding its hash
    cache = BuildCache(tmp_path / ".cache", limit=3 * size)
    for n in range(5):
        cache.write("pdf", f"{n:064x}", ".pdf", bytes(1000))
        os.utime(cache.path("pdf", f"{n:064x}", ".pdf"), (n, n))  # entry n last used at time n
    cache.read("pdf", f"{0:064x}", ".pdf")  # now the most recently used
    (tmp_path / ".cache" / "pdf" / "notes.txt").write_text("not ours")
    assert cache.trim() == 3 * size
    kept = sorted(p.name[-6:-4] for p in (tmp_path / ".cache").glob("pdf/*/*.pdf"))
    assert kept == ["00", "03", "04"]
    assert (tmp_path / ".cache" / "pdf" / "notes.txt").is_file()


# --- small outputs -----------------------------------------------------------------------------

def test_form_pdfs_are_small_and_fillable(builds):
    forms = [p for p in builds["cold"].glob("test-school/downloads/*.pdf")
             if not p.name.startswith(("guide-", "handout-", "policy-pack"))]
    assert len(forms) >= 4
    for form in forms:
        assert form.stat().st_size <= 100 * 1024, (form.name, form.stat().st_size)
        reader = PdfReader(form)
        texts = [name for name, f in reader.get_fields().items() if f.get("/FT") == "/Tx"]
        writer = PdfWriter(clone_from=reader)
        values = {name: f"Zofia Łukasiewicz {i}" for i, name in enumerate(texts)}
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        buffer = io.BytesIO()
        writer.write(buffer)
        filled = PdfReader(io.BytesIO(buffer.getvalue())).get_fields()
        assert {name: filled[name].get("/V") for name in texts} == values, form.name


def test_a_site_is_small_and_ships_only_what_it_uses(builds):
    site = builds["cold"] / "test-school"
    size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    assert size <= 3.5 * 1024 * 1024, size
    assert not list(site.rglob("*.map"))
    assert not (site / "assets" / "javascripts" / "lunr").exists()  # English needs no lunr language pack
    assert list(site.glob("assets/javascripts/workers/search.*.js")) and (site / "search").is_dir()
    assert b"sourceMappingURL" not in b"".join(p.read_bytes() for p in site.rglob("*.js"))


@pytest.mark.slow
def test_an_offline_site_has_no_search_engine_and_reuses_the_pdfs(builds, tmp_path):
    out = tmp_path / "offline" / "site"
    rendered, _, sites, _ = stats(build(builds["project"], out, "test-school", "--offline", "--jobs", "1"))
    assert rendered == 0 and sites == 1
    assert not (out / "test-school" / "assets" / "javascripts" / "workers").exists()
    assert not (out / "test-school" / "search").exists()


# --- lean start-up -----------------------------------------------------------------------------

def test_check_loads_no_engine():
    code = ("import sys; from generator.cli import main; code = main(['check', 'demo']); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'mkdocs', 'material', 'weasyprint', "
            "'pypdf', 'pydyf', 'fontTools'})); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_markdown_is_kept_compiled_code_never_and_damage_is_made_again(tmp_path):
    """`check` keeps library text made into HTML in the build cache, but never compiled templates
    (code read back from build/ would run); a damaged entry is made again, said once, and edited
    text is never served from an entry made for the old."""
    project = make_project(tmp_path / "project")
    run_cli = run_cli_process  # each command a new process: nothing in memory, only what the cache holds
    first = run_cli("clauses", "test-school", cwd=project)
    cache = project / "build" / ".cache"
    entries = list(cache.glob("markdown/??/*.html"))
    assert first.returncode == 0 and len(entries) > 50, first.stderr
    assert not [p for p in cache.rglob("*") if p.suffix in (".jinja", ".pyc", ".pickle")]
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-20])  # cut short
    again = run_cli("clauses", "test-school", cwd=project)
    assert again.returncode == 0 and again.stdout == first.stdout, again.stderr
    assert again.stderr.count("made again") == 1, again.stderr
    assert "made again" not in run_cli("clauses", "test-school", cwd=project).stderr  # made again, and whole
    library = project / "content" / "library" / "04-scope.yml"
    library.write_text(library.read_text(encoding="utf-8").replace(
        "Some rules are for one group only.", "Some rules are for one group alone.", 1), encoding="utf-8")
    edited = run_cli("clauses", "test-school", "--search", "one group alone", cwd=project)
    assert edited.returncode == 0 and "scope.who" in edited.stdout, edited.stdout + edited.stderr


def test_check_works_where_the_cache_cannot_be_written(tmp_path):
    """A project whose build/ is not a folder (or cannot be written) is checked all the same."""
    project = make_project(tmp_path / "project")
    (project / "build").write_text("not a folder", encoding="utf-8")
    result = run_cli("check", "test-school", cwd=project)
    assert result.returncode == 0 and "ok: data/schools/test-school.yml" in result.stdout, result.stderr
    assert (project / "build").read_text(encoding="utf-8") == "not a folder"


@pytest.mark.slow
def test_a_parallel_build_leaves_the_engines_to_its_workers(tmp_path):
    """The parent hands out the work; loading WeasyPrint there (to unpickle a result) held it up."""
    project = make_project(tmp_path / "project")
    code = ("import sys; from generator.cli import main; "
            f"code = main(['build', 'test-school', '--jobs', '2', '--quiet', '--out', {str(tmp_path / 'site')!r}]); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'pydyf', 'fontTools'})); "
            "sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


# --- serve: the open page reloads itself --------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Served:
    """`schoolpolicy serve` in the background, its output collected line by line."""

    def __init__(self, project: Path, slug: str):
        self.port = free_port()
        self.process = subprocess.Popen([sys.executable, "-m", "generator", "serve", slug, "--port", str(self.port)],
                                        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, after: int = 0, timeout: float = 240) -> int:
        """The number of lines printed once one (from line `after` on) contains `text`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines[after:]):
                return len(self.lines)
            assert self.process.poll() is None, "\n".join(self.lines)
            time.sleep(0.05)
        raise AssertionError(f"no {text!r} in:\n" + "\n".join(self.lines))

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def in_chromium(steps) -> None:
    """Run steps(browser) in Debian's Chromium, in a thread of its own: test_browser.py's session
    browser holds this thread's Playwright event loop."""
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = CHROMIUM if CHROMIUM.is_file() else shutil.which("chromium")
    if not chromium:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with sync_api.sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
                try:
                    steps(browser)
                finally:
                    browser.close()
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's own thread
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@pytest.mark.browser
@pytest.mark.slow
def test_serve_reloads_the_open_page_after_a_save(tmp_path):
    project = make_project(tmp_path / "project")
    school = project / "data" / "schools" / "test-school.yml"
    served = Served(project, "test-school")
    try:
        seen = served.wait_for("PDFs ready")  # the background renders are done: the machine is quiet
        seen = served.wait_for("site rebuilt", after=seen)
        in_chromium(lambda browser: reload_steps(browser, served, school, seen))
    finally:
        served.stop()


def reload_steps(browser, served: Served, school: Path, seen: int) -> None:
    """Save a change, then a mistake, then the fix, with the page open; it follows each by itself.
    Each must show within the wait of saved_and_reloaded."""
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/site/test-school/")
    assert "Test Primary School" in page.title()
    time.sleep(1)  # the page is now waiting for news from the server

    before_rename = len(served.lines)
    renamed = saved_and_reloaded(page, school, GOOD.replace("Test Primary School", "Renamed Primary School"),
                                 "Renamed Primary School")
    assert any("building test-school" in line for line in served.lines[seen:])

    seen = len(served.lines)
    school.write_text(GOOD.replace("phase: primary", "phase: [primary"), encoding="utf-8")
    served.wait_for("build failed", after=seen)
    page.wait_for_selector("#schoolpolicy-problems", timeout=60_000)
    assert "test-school.yml:5" in page.inner_text("#schoolpolicy-problems")
    assert "Renamed Primary School" in page.title(), "the last good site must stay open"

    served.wait_for("PDFs ready", after=before_rename)  # the renders the rename started are over
    fixed = saved_and_reloaded(page, school, GOOD, "Test Primary School")
    assert page.query_selector("#schoolpolicy-problems") is None
    # How quickly is the benchmark's to say (benchmarks/build_speed.py: save to new page), not a timed test's.
    print(f"serve: the page reloaded {renamed:.2f} s and {fixed:.2f} s after a save")


def saved_and_reloaded(page, school: Path, text: str, title: str) -> float:
    """Seconds from saving `text` to the open page showing `title`, by itself."""
    saved = time.monotonic()
    school.write_text(text, encoding="utf-8")
    page.wait_for_function(f"document.title.includes({title!r})", timeout=60_000)
    return time.monotonic() - saved


@pytest.mark.slow
def test_serve_sends_the_top_address_to_the_schools_site(tmp_path):
    import urllib.request

    project = make_project(tmp_path / "project")
    served = Served(project, "test-school")
    try:
        served.wait_for("Serving")
        with urllib.request.urlopen(f"http://127.0.0.1:{served.port}/", timeout=60) as answer:
            assert answer.status == 200 and answer.url.endswith("/site/test-school/"), answer.url
            assert b"Test Primary School" in answer.read()
    finally:
        served.stop()
