"""A fork's publish path, as .github/workflows/pages.yml runs it: `pip install .` (a wheel, not an
editable install) into a fresh virtual environment, then `schoolpolicy build --publish` in the fork's
folder. Everything the build reads (content/, its fonts and print templates, overrides/) must come
from the project, never from where the package is installed."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from pypdf import PdfReader

pytestmark = pytest.mark.slow

PAGES_URL = "https://example.github.io/our-policy/"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, f"{args}: {done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `schoolpolicy` command of a wheel built from this checkout, in a venv of its own."""
    place = tmp_path_factory.mktemp("wheel")
    source = place / "source"  # only what the wheel is made of, so nothing is written into the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, source / name)
    shutil.copytree(ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q",
        "-w", place / "dist", source, cwd=place)
    (wheel,) = (place / "dist").glob("schoolpolicy-*.whl")
    venv = place / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=place)  # no --system-site-packages: nothing borrowed
    run(venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "-q", wheel, cwd=place)
    return venv / "bin" / "schoolpolicy"


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    """A fork as its owner leaves it: the examples, plus one school of its own (which is not one)."""
    project = copy_project(tmp_path_factory.mktemp("fork") / "our-policy")
    (project / "pyproject.toml").unlink()  # nothing of the package's source is here to fall back on
    own = [line for line in (ROOT / "data" / "schools" / "demo.yml").read_text(encoding="utf-8").splitlines()
           if not line.startswith("example:") and "site_url:" not in line]
    (project / "data" / "schools" / "our-school.yml").write_text("\n".join(own) + "\n", encoding="utf-8")
    (project / "data" / "site-root").mkdir()
    (project / "data" / "site-root" / "CNAME").write_text("policy.example.org\n", encoding="utf-8")
    return project


def test_a_wheel_install_publishes_a_fork_with_every_pdf(installed, fork):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "FONTCONFIG_FILE")}
    package = run(installed.parent / "python", "-c", "import generator; print(generator.__file__)",
                  cwd=fork.parent, env=env).stdout.strip()
    assert "site-packages" in package and not (Path(package).parents[1] / "content").exists()

    # As pages.yml: SCHOOLPOLICY_SITE_URL from actions/configure-pages, then build --publish.
    run(installed, "build", "--publish", cwd=fork, env=env | {"SCHOOLPOLICY_SITE_URL": PAGES_URL})

    site = fork / "site"
    assert (site / "index.html").is_file() and (site / "CNAME").is_file()  # our school is the whole site
    assert not (site / "demo").exists()  # the examples are left out once the fork has its own school
    listed = json.loads((site / "downloads.json").read_text(encoding="utf-8"))
    kinds = {item["kind"] for item in listed}
    assert {"pack", "form", "guide"} <= kinds, kinds
    for item in listed:
        pdf = site / item["path"]
        assert pdf.is_file(), f"{item['path']} is listed but was not written"
        reader = PdfReader(pdf)
        assert len(reader.pages) >= 1 and reader.metadata.title
    on_disk = {p.relative_to(site).as_posix() for p in site.rglob("*.pdf")}
    assert on_disk == {item["path"] for item in listed}
    assert PAGES_URL in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_outside_a_project_the_message_says_where_to_run(installed, fork):
    done = subprocess.run([str(installed), "check"], cwd=fork / "data", capture_output=True, text=True)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "is not a schoolpolicy project" in done.stderr and f"the project is {fork}: cd there first" in done.stderr
