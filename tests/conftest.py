"""Shared fixtures: the real project, copies of it for tests that break things, and one real build."""
from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import io
import locale
import os
import re
import shutil
import signal
import subprocess
import sys
import traceback
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED_SCHOOLS = {"ncjps": "ncjps", "mosaic": "mosaic", "jones-memorial": "jones", "longroyde": "longroyde",
                "carville": "carville"}  # our slug -> the catalogue's seed key


def needs_shared() -> Path:
    """Tests that read ../shared skip in a school's fork, which has none; CI always has it."""
    if not SHARED.is_dir():
        pytest.skip("../shared (seed policies and provisions catalogue) is not beside this checkout; "
                    "it exists only in the project's own CI, not in a school's fork")
    return SHARED


# --- the command line: the real `schoolpolicy`, as a school runs it -------------------------
# Most tests check what a command says and its exit status. Starting Python and importing the
# generator cost about a second of CPU a command, most of the quick layer's time, so run_cli runs
# those commands here, through the same entry point (generator.cli.main) with what a new process
# has: the folder, empty output streams encoded as a child's are, and none of the per-process state
# an earlier command left (fresh_process_state). Builds and serve get a process of their own (worker
# pools, the fork server, the fonts environment, signals), unless the test expects the build to be
# refused before it starts any of that (`refused=True`: checked after the run); so does any command
# given `env` or `process=True`, and every command when SCHOOLPOLICY_TEST_PROCESSES=1 (the suite
# then runs as it did before). tests/test_cli_in_process.py shows both ways print the same bytes.
COMMAND = [sys.executable, "-m", "generator"]
OWN_PROCESS = {"build", "serve"}
EVERY_COMMAND_A_PROCESS = os.environ.get("SCHOOLPOLICY_TEST_PROCESSES") == "1"


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float | None = None,
            process: bool = False, refused: bool = False) -> subprocess.CompletedProcess:
    """The real command, as a school runs it (its output and exit status). `env`: variables added to
    this environment, for a command in its own process. `refused`: a build expected to stop before it
    starts its engines (at its output folder, slugs or site root) may run in this process. `timeout`:
    seconds before subprocess.TimeoutExpired is raised (by default the command may take as long as it takes)."""
    command = next((a for a in args if not a.startswith("-")), None)
    if (process or env is not None or EVERY_COMMAND_A_PROCESS or
            (command in OWN_PROCESS and not (refused and command == "build"))):
        return run_cli_process(*args, cwd=cwd, env=env, timeout=timeout)
    return run_cli_here(*args, cwd=cwd, timeout=timeout)


def run_cli_process(*args: str, cwd: Path, env: dict[str, str] | None = None,
                    timeout: float | None = None) -> subprocess.CompletedProcess:
    """The command in a new Python process."""
    return subprocess.run([*COMMAND, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=None if env is None else os.environ | env)


class _TimedOut(BaseException):
    """Raised in the command by the alarm: not an Exception, so the command's own handler lets it by."""


def _stream() -> io.TextIOWrapper:
    """An output stream as a child process's stdout/stderr is when it writes to a pipe."""
    encoding, errors = child_streams()
    return io.TextIOWrapper(io.BytesIO(), encoding=encoding, errors=errors, write_through=True)


def _read_back(stream: io.TextIOWrapper) -> str:
    """The text subprocess.run(text=True) would give for these bytes."""
    stream.flush()
    data = stream.buffer.getvalue()  # type: ignore[attr-defined]
    text = data.decode(locale.getpreferredencoding(False))
    return text.replace("\r\n", "\n").replace("\r", "\n")


@functools.cache
def child_streams() -> tuple[str, str]:
    """The encoding and error handler of a child Python's stdout writing to a pipe."""
    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding, sys.stdout.errors)"],
                           capture_output=True, text=True, check=True)
    encoding, errors = probe.stdout.split()
    return encoding, errors


def fresh_process_state() -> None:
    """What an earlier command left in this process, cleared as a new process starts without it.
    What any process would make alike stays (state.kept(..., lasting=True): compiled templates, keyed by
    their text, hold no I/O). Converted Markdown does not: a new process reads it from (and writes it to)
    the project's build cache."""
    from generator import state

    state.forget()  # every module-level cache in generator/ registers there (generator/state.py)


def run_cli_here(*args: str, cwd: Path, timeout: float | None = None) -> subprocess.CompletedProcess:
    """The command in this process: generator.cli.main, as `python -m generator` calls it."""
    from generator.cli import main

    def alarm(signum, frame):
        raise _TimedOut()

    fresh_process_state()
    before = engines_state()
    out, err = _stream(), _stream()
    folder = os.getcwd()
    earlier = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout or 0)  # 0: no alarm
    os.chdir(cwd)
    columns = os.environ.get("COLUMNS")
    if columns is None:  # help is wrapped to the terminal; a child writing to a pipe has none: 80 columns
        os.environ["COLUMNS"] = "80"
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors and --help; as the interpreter exits
                code = exc.code % 256 if isinstance(exc.code, int) else 0 if exc.code is None else 1
                if not isinstance(exc.code, (int, type(None))):
                    print(exc.code, file=sys.stderr)
            except _TimedOut:
                raise subprocess.TimeoutExpired([*COMMAND, *args], timeout) from None
            except KeyboardInterrupt:
                raise
            except BaseException:  # as the interpreter prints an uncaught exception
                traceback.print_exc()
                code = 1
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, earlier)
        os.chdir(folder)
        if columns is None:
            os.environ.pop("COLUMNS", None)
    ran = subprocess.CompletedProcess([*COMMAND, *args], code, _read_back(out), _read_back(err))
    if engines_state() != before:  # a build went further than the test expected: it needs its own process
        os.environ.clear()
        os.environ.update(before[0])
        pytest.fail(f"schoolpolicy {' '.join(args)} changed the test process's environment or started the fork "
                    f"server (exit {code}); run it with process=True\n{ran.stdout}{ran.stderr}")
    return ran


def engines_state() -> tuple[dict[str, str], object]:
    """This process's environment (a build sets the fonts' and the workers' variables) and its fork server."""
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    return dict(os.environ), getattr(server, "_forkserver_pid", None)


def school_slugs() -> list[str]:
    return sorted(p.stem for p in (ROOT / "data" / "schools").glob("*.yml"))


def copy_project(target: Path, schools: list[str] | None = None) -> Path:
    """A throwaway copy of the project (same content), optionally with only some schools."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "content", "overrides", "pyproject.toml"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, target / name)
    (target / "data" / "schools").mkdir(parents=True)
    if (ROOT / "data" / "trusts").is_dir():  # the trusts' shared files, for any academy copied
        shutil.copytree(ROOT / "data" / "trusts", target / "data" / "trusts")
    for slug in schools if schools is not None else school_slugs():
        shutil.copyfile(ROOT / "data" / "schools" / f"{slug}.yml", target / "data" / "schools" / f"{slug}.yml")
    shutil.copytree(ROOT / "data" / "schools" / "logos", target / "data" / "schools" / "logos")  # demo's logo
    return target


def one_guide(school: Path, guide: str = "youtube") -> Path:
    """A copied school publishes one parent guide instead of its list (often all eleven): each guide is three
    PDFs (the guide and its A4 and A5 handouts), most of a school's build. For a test that reads no guide."""
    text = school.read_text(encoding="utf-8")
    changed, count = re.subn(r"(?m)^(  guides:) .*$", rf"\1 [{guide}]", text)
    assert count == 1, f"{school}: no policy guides line"
    school.write_text(changed, encoding="utf-8")
    return school


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Every example school, built once with the real CLI and MkDocs. Under pytest-xdist the workers
    share one build: it writes the project's build/, which one build at a time may hold."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers' temporary folders sit in
    out = shared / "built" / "site"
    done = shared / "built" / "done"
    (shared / "built").mkdir(exist_ok=True)
    with open(shared / "built.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait here until the first has built
        if not done.exists():
            result = run_cli("build", "--out", str(out), cwd=ROOT)
            assert result.returncode == 0, result.stdout + result.stderr
            done.touch()
    return out


# Fixtures that build a site (MkDocs, often with every PDF). A test that uses one, directly or
# through another fixture, is marked `slow` here; a test that builds by itself says
# @pytest.mark.slow. `pytest -m "not slow"` is then the quick layer (see CONTRIBUTING.md).
BUILDING_FIXTURES = {"built_site", "site", "flow", "hostile", "starter_site", "two_builds", "builds"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILDING_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
        if "tests/unit/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.unit)
    items.sort(key=lambda item: -MODULE_SECONDS.get(item.nodeid.replace("\\", "/").split("::")[0], 0))  # stable


# --- the order modules start in ----------------------------------------------------------------
# `bash .ci/run` hands each worker a whole module at a time (--dist loadfile). A long module handed out
# last keeps one worker busy after the other has finished, so modules start longest first (the
# longest-processing-time rule), not in xdist's own order (most tests first). The seconds are rough: one
# worker's wall time for the module in a full run on two busy cores (December 2026), scaled to an idle
# machine, after the cuts that came with this table; a module not listed takes under 40 s and starts after.
MODULE_SECONDS = {
    "tests/test_browser.py": 270,
    "tests/test_speed.py": 195,
    "tests/test_wording.py": 160,
    "tests/test_fact_provenance.py": 140,
    "tests/test_kinds_starters.py": 120,
    "tests/test_pack_pdf.py": 115,
    "tests/test_engines.py": 105,
    "tests/test_releases.py": 100,
    "tests/test_handouts.py": 75,
    "tests/test_build.py": 75,
    "tests/test_nations.py": 70,
    "tests/test_topics_a.py": 70,
    "tests/test_topics_b.py": 60,
    "tests/test_dates.py": 60,
    "tests/test_wheel_install.py": 55,
    "tests/test_adoption.py": 55,
    "tests/test_hostile_input.py": 55,
    "tests/test_first_hour.py": 50,
    "tests/test_errors.py": 40,
    "tests/test_same_bytes.py": 40,
    "tests/test_valid_html.py": 40,
}


def pytest_configure(config):
    # A test run started in the background (`nohup ... &`, some CI runners) inherits Ctrl+C ignored, and
    # every command a test starts would inherit that too: the tests that press Ctrl+C need it received.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if getattr(config.option, "dist", "no") in ("loadfile", "loadscope"):
        config.option.loadscopereorder = False  # pytest-xdist keeps the order above


# --- the unit layer (tests/unit/): each stage in process on the real library, no site built -------

UNIT_DAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="session")
def library():
    from generator.readers.library import read_library

    return read_library(ROOT / "content", ROOT)


@pytest.fixture(scope="session")
def reference():
    from generator.readers.reference import read_reference

    return read_reference(ROOT / "content" / "reference", UNIT_DAY)


@pytest.fixture
def school_file(tmp_path):
    """Write a school file (an example's, with `changes` applied as text replacements); its path."""
    def write(changes: dict[str, str] | None = None, slug: str = "demo", start: str = "demo") -> Path:
        text = (ROOT / "data" / "schools" / f"{start}.yml").read_text(encoding="utf-8")
        for old, new in (changes or {}).items():
            assert old in text, old
            text = text.replace(old, new, 1)
        folder = tmp_path / "data" / "schools"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{slug}.yml"
        path.write_text(text, encoding="utf-8")
        return path
    return write


# --- the browser: one Playwright for the whole session --------------------------------------
# Playwright's sync API holds an event loop in this thread while it runs, so a second
# sync_playwright() in the same process fails; every module shares this one.
CHROMIUM = Path("/usr/bin/chromium")
# Playwright drives the browser Debian installed; nothing is downloaded, and no host name resolves.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-default-apps",
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = CHROMIUM if CHROMIUM.is_file() else shutil.which("chromium")
    if not chromium:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
