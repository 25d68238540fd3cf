"""Same input, same bytes, anywhere: the PDFs use the project's fonts, not the machine's.

Two clean builds of one school (PDFs included) from two copies of the project
in different places, into different output folders, one of them with another
font set visible to fontconfig, another time zone, locale, hash seed, home and
user name, must give byte-identical trees.
"""
from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_project, run_cli
from pypdf import PdfReader

LIBERATION = Path("/usr/share/fonts/truetype/liberation")


def _other_fonts(folder: Path) -> Path:
    """A fontconfig file that shows only Liberation fonts (or none at all, without them)."""
    fonts = LIBERATION if LIBERATION.is_dir() else folder / "no-fonts"
    fonts.mkdir(exist_ok=True) if fonts != LIBERATION else None
    config = folder / "fonts.conf"
    config.write_text(f'<?xml version="1.0"?>\n<fontconfig><dir>{fonts}</dir></fontconfig>\n', encoding="utf-8")
    return config


def _build(project: Path, out: str, env: dict[str, str]) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "build", "demo", "--out", out],
                            cwd=project, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def _differences(compared: filecmp.dircmp, where: str = "") -> list[str]:
    found = [f"{where}{name}" for name in compared.left_only + compared.right_only + compared.diff_files]
    mismatched = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)[1]
    found += [f"{where}{name}" for name in mismatched]
    for name, sub in compared.subdirs.items():
        found += _differences(sub, f"{where}{name}/")
    return sorted(set(found))


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("same-bytes")
    first = copy_project(root / "one" / "project", ["demo"])
    second = copy_project(root / "two" / "somewhere" / "else" / "project", ["demo"])
    home = root / "home"
    home.mkdir()
    plain = os.environ | {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"}
    other = os.environ | {"FONTCONFIG_FILE": str(_other_fonts(root)), "TZ": "Pacific/Kiritimati",
                          "LANG": "fr_FR.UTF-8", "LC_ALL": "fr_FR.UTF-8", "PYTHONHASHSEED": "4242",
                          "HOME": str(home), "USER": "someone-else", "LOGNAME": "someone-else"}
    _build(first, "site", plain)  # relative, inside the project
    out = root / "elsewhere" / "published"
    _build(second, str(out), other)  # absolute, outside it
    return first / "site", out


def test_two_builds_anywhere_give_the_same_bytes(two_builds):
    one, two = two_builds
    assert len(list((one / "demo" / "downloads").glob("*.pdf"))) > 5
    assert _differences(filecmp.dircmp(one, two)) == []


def test_pdfs_embed_only_the_projects_fonts(two_builds):
    one, _ = two_builds
    for pdf in sorted((one / "demo" / "downloads").glob("*.pdf")):
        reader = PdfReader(pdf)
        fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
                 for font in (page["/Resources"].get("/Font") or {}).values()}
        form = reader.trailer["/Root"].get("/AcroForm")
        if form and "/DR" in form:  # the font fillable fields are drawn with
            fonts |= {str(f.get_object()["/BaseFont"]) for f in form["/DR"].get_object()["/Font"].values()}
        assert fonts and all("+Policy-Sans" in name for name in fonts), (pdf.name, fonts)


@pytest.mark.slow
def test_missing_fonts_stop_the_build_with_a_clear_message(tmp_path):
    project = copy_project(tmp_path / "project", ["demo"])
    (project / "content" / "fonts" / "DejaVuSans-Bold.ttf").unlink()
    result = run_cli("build", "demo", "--out", str(tmp_path / "site"), cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "the PDF fonts are missing (DejaVuSans-Bold.ttf)" in result.stderr
    assert "content/fonts" in result.stderr
