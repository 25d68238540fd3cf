"""Leave out of a built site what it never loads: source maps, unused search languages, and the
search engine itself when the site has no search (offline sites).

The theme ships everything any site might need; a school's site is published, copied onto USB
sticks and downloaded on phones, so it carries only what its pages use. Deterministic: the same
built site is always pruned the same way.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

JAVASCRIPTS = Path("assets") / "javascripts"
LUNR = JAVASCRIPTS / "lunr"
WORKERS = JAVASCRIPTS / "workers"
SEARCH_INDEX = Path("search") / "search_index.json"
# Material's search worker loads these for the languages in the index's config.
SEGMENTERS = {"ja": "tinyseg.js", "hi": "wordcut.js", "th": "wordcut.js"}


def search_languages(site: Path) -> list[str] | None:
    """The languages the search index is built for; None when the site has no search."""
    index = site / SEARCH_INDEX
    if not index.is_file():
        return None
    return json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]


def lunr_files(languages: list[str]) -> set[str]:
    """What the search worker imports for these languages (none for English alone)."""
    others = [lang for lang in languages if lang != "en"]
    if not others:
        return set()
    wanted = {"min/lunr.stemmer.support.min.js", *(f"min/lunr.{lang}.min.js" for lang in others)}
    wanted |= {SEGMENTERS[lang] for lang in languages if lang in SEGMENTERS}
    return wanted | ({"min/lunr.multi.min.js"} if len(languages) > 1 else set())


def drop_source_maps(site: Path) -> None:
    for source_map in sorted(site.rglob("*.map")):
        source_map.unlink()
        built = source_map.with_suffix("")
        if built.is_file():  # its last line points to the map a browser's tools would ask for
            pointer = f"sourceMappingURL={source_map.name}".encode()
            data = built.read_bytes()
            built.write_bytes(data.replace(b"\n//# " + pointer, b"").replace(b"/*# " + pointer + b" */", b""))


def prune_search(site: Path) -> None:
    languages = search_languages(site)
    if languages is None:
        for folder in (site / LUNR, site / WORKERS):
            shutil.rmtree(folder, ignore_errors=True)
        return
    keep = lunr_files(languages)
    for path in sorted((site / LUNR).rglob("*")):
        if path.is_file() and path.relative_to(site / LUNR).as_posix() not in keep:
            path.unlink()
    for folder in sorted((site / LUNR).rglob("*"), reverse=True) + [site / LUNR]:
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def prune_site(site: Path) -> None:
    drop_source_maps(site)
    prune_search(site)
