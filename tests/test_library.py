"""The clause library covers every provision, is written afresh, and is current."""
from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SEED_SCHOOLS, needs_shared


def catalogue() -> dict[str, dict]:
    data = yaml.safe_load((needs_shared() / "spec" / "provisions.yml").read_text(encoding="utf-8"))
    return {p["id"]: p for group in data.values() for p in group}


def library_covers() -> set[str]:
    covered = set()
    for path in (ROOT / "content" / "library").glob("*.yml"):
        for clause in yaml.safe_load(path.read_text(encoding="utf-8"))["clauses"]:
            covered |= {c if isinstance(c, str) else c["id"] for c in clause.get("covers", [])}
    return covered


def test_every_provision_is_covered_by_the_library():
    missing = sorted(set(catalogue()) - library_covers())
    assert not missing, f"provisions no clause covers: {missing}"


def test_library_names_only_catalogue_provisions():
    unknown = sorted(library_covers() - set(catalogue()))
    assert not unknown, f"covers: names that are not in the catalogue: {unknown}"


@pytest.mark.parametrize("slug", sorted(SEED_SCHOOLS))
def test_seed_school_covers_its_seed(built_site, slug):
    seed = SEED_SCHOOLS[slug]
    wanted = {pid for pid, p in catalogue().items() if seed in p["seeds"]}
    data = json.loads((built_site / slug / "clauses.json").read_text(encoding="utf-8"))
    covered = {pid for s in data["sections"] for c in s["clauses"] for pid in c["covers"]}
    assert not sorted(wanted - covered), f"{slug} lacks: {sorted(wanted - covered)}"


def clause_ids(built_site: Path, slug: str) -> set[str]:
    data = json.loads((built_site / slug / "clauses.json").read_text(encoding="utf-8"))
    return {c["id"] for s in data["sections"] for c in s["clauses"]}


def test_alternatives_follow_each_seed(built_site):
    assert "staff-personal.work-time-permission" in clause_ids(built_site, "mosaic")
    assert "staff-personal.work-time-breaks" not in clause_ids(built_site, "mosaic")
    assert "data-protection.images-website-only" in clause_ids(built_site, "carville")
    assert "data-protection.images-with-consent" not in clause_ids(built_site, "carville")
    policy = (built_site / "jones-memorial" / "policy" / "index.html").read_text(encoding="utf-8")
    assert "principal" in policy and "board of governors" in policy.lower()
    assert "headteacher" not in policy.lower()


def test_no_dead_platforms_or_superseded_law_in_any_policy(built_site):
    # "X (formerly Twitter)" helps readers recognise it; Twitter on its own is out of date.
    dead = re.compile(r"(?<!formerly )\bTwitter\b|\bThinkuknow\b|\bVine\b|\bBBM\b|\bAsk\.fm\b|(?<!UK )\bGDPR\b")
    for folder in sorted(p for p in built_site.iterdir() if p.is_dir()):
        data = json.loads((folder / "clauses.json").read_text(encoding="utf-8"))
        for s in data["sections"]:
            for c in s["clauses"]:
                assert not dead.search(c["text"]), (folder.name, c["id"], dead.search(c["text"]).group())


def test_no_wording_copied_from_the_seeds():
    shared = needs_shared()
    spec = importlib.util.spec_from_file_location("originality", shared / "tools" / "originality.py")
    originality = importlib.util.module_from_spec(spec)
    sys.modules["originality"] = originality  # its dataclasses look their module up
    spec.loader.exec_module(originality)
    paths = [ROOT / d for d in ("content", "data/schools", "overrides", "generator")]
    copies = originality.find_copies(paths, shared / "seeds", 10)
    assert not copies, "\n".join(f"{c.path}: {c.words}" for c in copies[:10])


def test_jurisdictions_use_their_own_terms(built_site):
    expect = {"demo-wales": "Keeping learners safe", "demo-scotland": "Scotland", "demo-ni": "principal"}
    for slug, words in expect.items():
        if (built_site / slug).is_dir():
            assert words.lower() in (built_site / slug / "policy" / "index.html").read_text(encoding="utf-8").lower(), slug
