"""Every example school builds with the real MkDocs; outputs agree; failures lose nothing."""
from __future__ import annotations

import filecmp
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, one_guide, run_cli, school_slugs

from generator.markup.markdown import to_text


class ClauseBodies(HTMLParser):
    """Collect the HTML inside each clause's body on a built policy page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.bodies: dict[str, str] = {}
        self.current: str | None = None
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.current is not None:
            self.depth += tag == "div"
            self.parts.append(self.get_starttag_text())
        elif tag == "div" and (attrs.get("id") or "").startswith("clause-"):
            self.pending = attrs["id"]
        elif tag == "div" and attrs.get("class") == "clause-body" and getattr(self, "pending", None):
            self.current, self.depth, self.parts = self.pending, 0, []

    def handle_endtag(self, tag):
        if self.current is None:
            return
        if tag == "div" and self.depth == 0:
            self.bodies[self.current] = "".join(self.parts)
            self.current = self.pending = None
            return
        self.depth -= tag == "div"
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if self.current is not None:
            self.parts.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


def test_every_example_school_builds(built_site):
    for slug in school_slugs():
        assert (built_site / slug / "index.html").is_file(), slug
        assert (built_site / slug / "policy" / "index.html").is_file(), slug
        assert (built_site / slug / "clauses.json").is_file(), slug


def test_index_lists_every_school(built_site):
    index = (built_site / "index.html").read_text(encoding="utf-8")
    for slug in school_slugs():
        assert f'href="{slug}/"' in index


def test_clauses_json_matches_the_rendered_policy_page(built_site):
    for slug in school_slugs():
        data = json.loads((built_site / slug / "clauses.json").read_text(encoding="utf-8"))
        assert data["school"] == slug and data["version"]
        parser = ClauseBodies()
        parser.feed((built_site / slug / "policy" / "index.html").read_text(encoding="utf-8"))
        clauses = [c for s in data["sections"] for c in s["clauses"]]
        assert len(parser.bodies) == len(clauses), slug
        for section in data["sections"]:
            for clause in section["clauses"]:
                assert clause["number"].startswith(section["number"] + ".")
                assert clause["source"] in ("library", "replaced", "own")
                anchor = "clause-" + clause["number"].replace(".", "-")
                assert to_text(parser.bodies[anchor]) == clause["text"], (slug, clause["id"])


def test_numbers_are_sequential_and_ids_unique(built_site):
    for slug in school_slugs():
        data = json.loads((built_site / slug / "clauses.json").read_text(encoding="utf-8"))
        assert [s["number"] for s in data["sections"]] == [str(i) for i in range(1, len(data["sections"]) + 1)]
        ids = [c["id"] for s in data["sections"] for c in s["clauses"]]
        assert len(ids) == len(set(ids)), slug


@pytest.mark.slow
def test_a_failed_build_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    one_guide(project / "data" / "schools" / "demo.yml")  # the policy page is read, no guide
    out = tmp_path / "site"
    first = run_cli("build", "--out", str(out), cwd=project)
    assert first.returncode == 0, first.stderr
    before = (out / "demo" / "policy" / "index.html").read_bytes()
    school = project / "data" / "schools" / "demo.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("jurisdiction:", "jurisdictoin:"), encoding="utf-8")
    second = run_cli("build", "--out", str(out), cwd=project)
    assert second.returncode == 2 and "Traceback" not in second.stderr
    assert (out / "demo" / "policy" / "index.html").read_bytes() == before
    assert not [p for p in tmp_path.glob(".site.*") if p.is_dir()], "temporary folders were left behind"


@pytest.mark.slow
def test_same_input_same_bytes(tmp_path):
    project = copy_project(tmp_path / "project", schools=["demo"])
    for name in ("one", "two"):
        assert run_cli("build", "--out", str(tmp_path / name), cwd=project).returncode == 0
    compared = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert _all_same(compared), "two builds of the same input differ"


def _all_same(compared: filecmp.dircmp) -> bool:
    mismatched = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)[1]
    return (not mismatched and not compared.left_only and not compared.right_only
            and all(_all_same(sub) for sub in compared.subdirs.values()))


def test_readme_has_exactly_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in readme.split("```")[1::2] if b.split("\n", 1)[0].strip() in ("bash", "sh", "console")]
    commands = [line for block in blocks for line in block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2, commands


def test_downloads_json_lists_real_pdfs_with_fillable_fields(built_site):
    from pypdf import PdfReader

    for slug in school_slugs():
        rows = json.loads((built_site / slug / "downloads.json").read_text(encoding="utf-8"))
        assert {r["kind"] for r in rows} <= {"pack", "form", "guide", "handout", "handout-a5"} and rows, slug
        for row in rows:
            pdf = built_site / slug / row["path"]
            assert pdf.is_file(), (slug, row)
            if row["kind"] == "form":
                fields = PdfReader(pdf).get_fields()
                assert fields and all(f.get("/TU") for f in fields.values()), (slug, row["id"])
        downloads_page = (built_site / slug / "downloads" / "index.html").read_text(encoding="utf-8")
        assert all(Path(r["path"]).name in downloads_page for r in rows), slug
