"""A picture that decoded well is known by its bytes in the build cache (readers/logo.py), so `check`
after an edit neither loads Pillow nor decodes an unchanged logo again: the same Logo as decoding it,
a damaged or foreign entry never used, a picture that fails never kept, the limits still applied."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from generator.cache import BuildCache, damage_warning, entry_header, use_in_this_process
from generator.readers.logo import FORMATS, KIND, LogoError, _key, decoded

ROOT = Path(__file__).resolve().parents[2]


def png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (10, 90, 160)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def cache(tmp_path: Path) -> BuildCache:
    kept = BuildCache(tmp_path / "build" / ".cache")
    use_in_this_process(kept)
    damage_warning()  # nothing left over from another test
    yield kept
    use_in_this_process(None)


def entry(cache: BuildCache, data: bytes) -> Path:
    return cache.path(KIND, _key(data, FORMATS), ".json")


def test_a_kept_picture_is_the_picture_decoded(cache):
    data = png()
    use_in_this_process(None)
    fresh = decoded(data, "logo.png")
    use_in_this_process(cache)
    assert decoded(data, "logo.png") == fresh and entry(cache, data).is_file()
    assert decoded(data, "logo.png") == fresh == decoded(data, "logo.png")
    assert fresh.format == "PNG" and fresh.size == (40, 20)
    assert damage_warning() is None


@pytest.mark.parametrize("damage", ["cut", "not json", "another kind", "no size"])
def test_a_damaged_or_foreign_entry_is_never_used(cache, damage):
    data = png()
    expected = decoded(data, "logo.png")
    kept = entry(cache, data)
    if damage == "cut":
        kept.write_bytes(kept.read_bytes()[:-3])
    else:  # written by something else, with a header made to pass
        body = {"not json": b"\xff[", "another kind": b'["GIF", 40, 20]', "no size": b'["PNG", 0, true]'}[damage]
        kept.write_bytes(entry_header(KIND, kept.stem, body) + body)
    assert decoded(data, "logo.png") == expected
    assert "made again" in str(damage_warning())
    assert decoded(data, "logo.png") == expected  # kept again, whole
    assert damage_warning() is None


@pytest.mark.parametrize("weasyprint_loaded", [False, True])
def test_a_picture_that_fails_is_never_kept(cache, monkeypatch, weasyprint_loaded):
    """Refused each time, and never kept; also in a process where WeasyPrint told Pillow to accept
    cut-off pictures (as it does when imported: a build or serve renders PDFs)."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", weasyprint_loaded)
    broken = png()[:60]  # the header says PNG; the pixels are cut off
    for _ in range(2):
        with pytest.raises(LogoError, match="can be read"):
            decoded(broken, "logo.png")
    assert not (cache.folder / KIND).exists()
    assert ImageFile.LOAD_TRUNCATED_IMAGES is weasyprint_loaded  # as it was, for WeasyPrint


def test_the_limits_hold_for_a_kept_picture(cache):
    data = png(30, 30)
    decoded(data, "logo.png")  # kept as a PNG
    with pytest.raises(LogoError, match="is a PNG picture; use JPEG"):
        decoded(data, "flow.jpg", {"JPEG": "JPEG"}, "a picture")  # another list of formats: its own entry
    tall = png(10, 4001)
    with pytest.raises(LogoError, match="4000 pixels"):
        decoded(tall, "tall.png")
    assert not entry(cache, tall).exists()


def test_check_of_an_unchanged_logo_does_not_load_pillow(tmp_path):
    """The second check of the example school finds its logo kept: Pillow's decoders are never imported."""
    for name in ("mkdocs.yml", "content", "overrides", "data"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copyfile)(ROOT / name, tmp_path / name)
    probe = ("import sys; from generator.cli import main; code = main(['check', 'demo']); "
             "print('PIL.Image' in sys.modules); sys.exit(code)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
            for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs[-1].stderr
    assert [r.stdout.strip().splitlines()[-1] for r in runs] == ["True", "False"]
