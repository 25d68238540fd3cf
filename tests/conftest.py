"""Shared fixtures: the real project, copies of it for tests that break things, and one real build."""
from __future__ import annotations

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
    """Every example school, built once with the real CLI and MkDocs."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = run_cli("build", "--out", str(out), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    return out
