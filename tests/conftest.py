"""Shared fixtures: the real project, copies of it for tests that break things, and one real build."""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import subprocess
import sys
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


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The real command, as a school runs it."""
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True)


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
