"""What the engines' output depends on beyond their input: versions, libraries, fonts, our own code.

Part of every build-cache key (generator/pipeline.py): upgrading WeasyPrint, Pango, MkDocs or
Material, or changing the code that drives an engine invalidates what the engine made before.
Cheap to compute: package metadata, a few file sizes, and the hashes of a few small files;
nothing here imports an engine.
"""
from __future__ import annotations

import functools
import os
import re
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

from generator import state
from generator.cache import digest

HERE = Path(__file__).resolve().parent
# Our code that runs inside the engines, or changes what they write: this package's own files, the one
# thing located through where it is installed (content, fonts and templates come from the project).
PDF_CODE = [HERE / "writers" / "pdf" / "engine.py", HERE / "writers" / "pdf" / "jobs.py", HERE / "writers" / "pdf" / "forms.py"]
SITE_CODE = [HERE / "writers" / "site" / "engine.py", HERE / "writers" / "site" / "prune.py", HERE / "markup" / "sanitise.py"]
# Native libraries WeasyPrint draws text with; their file names carry their versions.
LIBRARIES = re.compile(r"lib(pango-1\.0|pangoft2-1\.0|harfbuzz|harfbuzz-subset|fontconfig|freetype)\.(so|dylib)")
LIBRARY_DIRS = ["/usr/lib", "/usr/lib64", "/usr/local/lib", "/opt/homebrew/lib", f"{sys.prefix}/lib",
                f"/usr/lib/{sysconfig.get_config_var('MULTIARCH') or ''}"]
_REQUIREMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def distributions(root: str) -> list[str]:
    """`name==version` for a distribution and everything it requires, sorted."""
    seen: dict[str, str] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = dist.version
        todo += [m.group(0) for r in dist.requires or [] if "extra ==" not in r and (m := _REQUIREMENT.match(r))]
    return sorted(f"{k}=={v}" for k, v in seen.items())


def libraries_stamp() -> list[str]:
    """The native text libraries: each folder is listed, not walked (they hold thousands of files)."""
    stamps = []
    for folder in dict.fromkeys(LIBRARY_DIRS):
        try:
            names = sorted(n for n in os.listdir(folder) if LIBRARIES.match(n))
        except OSError:
            continue
        for name in names:
            path = os.path.realpath(os.path.join(folder, name))
            if os.path.isfile(path):
                stamps.append(f"{path} {os.path.getsize(path)}")
    return sorted(set(stamps))  # the same library is often listed under several names


def code_hash(paths: list[Path]) -> list[str]:
    return [digest(p.name, p.read_bytes()) for p in paths]


@state.keeps(lasting=True)
@functools.cache
def pdf_engine(fonts_folder: Path) -> str:
    """`fonts_folder`: the project's content/fonts. The renderer sees only those fonts: its fonts.conf
    (read by fontconfig, not through the fetcher, so hashed here) names no other folder, so the
    machine's fonts are not part of the key, and a cache restored on another machine with the same
    libraries still serves."""
    fonts = code_hash([p for p in [fonts_folder / "fonts.conf"] if p.is_file()])
    return digest(*distributions("weasyprint"), *libraries_stamp(), *fonts, *code_hash(PDF_CODE))


@state.keeps(lasting=True)
@functools.cache
def site_engine() -> str:
    return digest(*distributions("mkdocs-material"), *distributions("mkdocs"), *code_hash(SITE_CODE))
