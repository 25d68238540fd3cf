"""A fork's life across library releases, with real git repositories and real builds.

An upstream repository is made from this project; a fork clones it, adds its
own school (not an example), approves it and publishes. Upstream then renames
three clauses (one reworded, one not, one the fork omits), retires one, rewords
two (one the fork replaced) and re-checks some facts. The fork pulls without a
conflict, and `check`, the pack, the site and changes.json each say what
happened, and nothing else.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import copy_project, run_cli

SLUG = "oakfield"
SITE_URL = "https://policy.oakfield.example.org/policy/"
GIT = ["git", "-c", "user.name=Upstream Maintainer", "-c", "user.email=maintainer@example.org",
       "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false"]

FORK_CLAUSES = """clauses:
  add: []
  replace:
    parents.complaints-channel: >-
      Please bring any worry about the school to us in person or by phone, never to social media.
  omit:
    - parents.no-malicious-comments
"""

# Upstream's release, as edits to its own files: (file, old text, new text).
RELEASE = [
    ("content/library/12-parents.yml",  # renamed and reworded
     "  - id: parents.report-negative\n", "  - id: parents.report-harmful-posts\n    former_ids: [parents.report-negative]\n"),
    ("content/library/12-parents.yml", "{{ roles.headteacher }} rather than reply.",
     "{{ roles.headteacher }} rather than replying to them."),
    ("content/library/12-parents.yml",  # renamed, same words
     "  - id: parents.no-school-info\n", "  - id: parents.school-news\n    former_ids: [parents.no-school-info]\n"),
    ("content/library/12-parents.yml",  # renamed; the fork omits it under its old id
     "  - id: parents.no-malicious-comments\n",
     "  - id: parents.no-spiteful-comments\n    former_ids: [parents.no-malicious-comments]\n"),
    ("content/library/12-parents.yml",  # reworded; the fork replaced it
     "This is the quickest way to get a problem put right.", "That is the fastest way to put a problem right."),
    ("content/library/12-parents.yml",  # reworded
     "Parents and carers have every right to use social media,", "Parents and carers are free to use social media,"),
]
RETIRED_NOTE = "Threats to staff are now covered by the school's staff wellbeing policy."


@dataclass
class Release:
    fork: Path
    first_site: Path
    site: Path
    approve: subprocess.CompletedProcess
    first_check: subprocess.CompletedProcess
    pull: subprocess.CompletedProcess
    check: subprocess.CompletedProcess


def git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def ok(result: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stdout + result.stderr
    return result


def add_school(fork: Path) -> None:
    ok(run_cli("new", SLUG, "--name", "Oakfield Primary School", cwd=fork))
    path = fork / "data" / "schools" / f"{SLUG}.yml"
    text = re.sub(r"written: \d{4}-\d\d-\d\d", "written: 2026-09-01", path.read_text(encoding="utf-8"))
    path.write_text(text[: text.index("clauses:\n")] + FORK_CLAUSES, encoding="utf-8")
    root = fork / "data" / "site-root"
    root.mkdir(parents=True)
    (root / "CNAME").write_text("policy.oakfield.example.org\n", encoding="utf-8")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")


def release(upstream: Path) -> None:
    for name, old, new in RELEASE:
        edit(upstream / name, old, new)
    parents = upstream / "content" / "library" / "12-parents.yml"
    text = parents.read_text(encoding="utf-8")
    start = text.index("  - id: parents.threats-to-staff\n")
    parents.write_text(text[:start].rstrip() + "\n", encoding="utf-8")  # the section's last clause
    edit(parents, "clauses:\n", f"retired:\n  - id: parents.threats-to-staff\n    note: {RETIRED_NOTE}\nclauses:\n")
    # Facts re-checked: the newest minimum-age check moves on (a date a clause prints).
    platforms = upstream / "content" / "reference" / "platforms.yml"
    platforms.write_text(re.sub(r"(minimum_age:\n(?:    .*\n)*?    checked: )2026-12-05", r"\g<1>2026-12-08",
                                platforms.read_text(encoding="utf-8")), encoding="utf-8")


@pytest.fixture(scope="module")
def flow(tmp_path_factory) -> Release:
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    base = tmp_path_factory.mktemp("releases")
    upstream = copy_project(base / "upstream", schools=["demo"])
    git("init", "-q", cwd=upstream)
    git("add", "-A", cwd=upstream)
    git("commit", "-qm", "Upstream release 1", cwd=upstream)
    git("clone", "-q", str(upstream), str(base / "fork"), cwd=base)
    fork = base / "fork"

    add_school(fork)
    approve = ok(run_cli("approve", SLUG, "--on", "2026-11-20", "--by", "the full governing body", cwd=fork))
    first_check = ok(run_cli("check", SLUG, cwd=fork))
    git("add", "-A", cwd=fork)
    git("commit", "-qm", "Our school, approved", cwd=fork)
    ok(run_cli("build", "--publish", "--site-url", SITE_URL, "--out", str(base / "first"), cwd=fork))

    release(upstream)
    git("commit", "-qam", "Upstream release 2: renames, a retirement, rewordings", cwd=upstream)
    pull = git("pull", "--no-rebase", cwd=fork)
    check = ok(run_cli("check", SLUG, cwd=fork))
    ok(run_cli("build", "--publish", "--site-url", SITE_URL, "--out", str(base / "site"), cwd=fork))
    return Release(fork, base / "first", base / "site", approve, first_check, pull, check)


def pack_text(site: Path) -> str:
    reader = PdfReader(site / "downloads" / "policy-pack.pdf")
    text = " ".join(" ".join((page.extract_text() or "") for page in reader.pages).split())
    return text.replace("https:// ", "https://")  # an address broken over two lines


def page_text(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def changes(site: Path) -> dict:
    return json.loads((site / "changes.json").read_text(encoding="utf-8"))


# --- before the release: approve once, publish ---------------------------------------------

def test_publishing_a_fork_puts_its_one_school_at_the_root(flow):
    site = flow.first_site
    assert json.loads((site / "clauses.json").read_text(encoding="utf-8"))["school"] == SLUG
    assert not (site / "demo").exists() and not (site / SLUG).exists()  # the example is left out
    assert "Oakfield Primary School" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "CNAME").read_text(encoding="utf-8") == "policy.oakfield.example.org\n"
    assert (site / "robots.txt").is_file()


def test_the_published_address_reaches_links_sitemap_404_and_print(flow):
    site = flow.first_site
    assert f"<loc>{SITE_URL}policy/</loc>" in (site / "sitemap.xml").read_text(encoding="utf-8")
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="/policy/assets/stylesheets/' in missing  # assets load from any depth
    assert f"The current version is always at {SITE_URL}policy/" in pack_text(site)


def test_approval_in_one_step_shows_everywhere(flow):
    assert "data/approved/oakfield.yml" in flow.approve.stdout
    assert "differ" not in flow.first_check.stderr and "governance.approved" not in flow.first_check.stderr
    text = pack_text(flow.first_site)
    assert "Approved 20 November 2026 by the full governing body" in text  # the cover
    assert "approved version 1.0 of the Social Media Policy of Oakfield Primary School on 20 November 2026" in text
    assert "The wording is the same as version 1.0, approved on 20 November 2026" in text
    assert "Approved: 20 November 2026, by the full governing body" in text  # the key dates clause
    assert "Approved by the governing body on 20 November 2026." in page_text(flow.first_site, "policy")
    recorded = changes(flow.first_site)
    assert recorded["changes"] == [] and recorded["awaiting_approval"] is False
    assert recorded["approved"] == {"version": "1.0", "on": "2026-11-20", "by": "the full governing body",
                                    "on_record": True}


def test_every_clause_id_is_in_its_number_link(flow):
    page = (flow.first_site / "policy" / "index.html").read_text(encoding="utf-8")
    listed = json.loads((flow.first_site / "clauses.json").read_text(encoding="utf-8"))
    for section in listed["sections"]:
        for clause in section["clauses"]:
            cid = clause["id"]
            assert f'<a class="clause-number" id="{cid}" href="#{cid}"' in page, cid


# --- the release: pull, check, build -----------------------------------------------------

def test_the_fork_pulls_the_release_without_conflict(flow):
    assert "CONFLICT" not in flow.pull.stdout
    library = (flow.fork / "content" / "library" / "12-parents.yml").read_text(encoding="utf-8")
    assert "parents.report-harmful-posts" in library and "retired:" in library
    assert (flow.fork / "data" / "schools" / f"{SLUG}.yml").is_file()


def test_check_follows_a_renamed_id_and_gives_the_line_to_write(flow):
    warnings = flow.check.stderr
    assert re.search(r"data/schools/oakfield\.yml:\d+:\d+: clauses\.omit\[0\]: warning: 'parents\.no-malicious-"
                     r"comments' is now called 'parents\.no-spiteful-comments'.*change this line to: "
                     r"- parents\.no-spiteful-comments", warnings), warnings
    assert "Did you mean" not in warnings


def test_check_says_the_library_reworded_a_clause_the_school_replaced(flow):
    assert re.search(r"oakfield\.yml:\d+:\d+: clauses\.replace\.parents\.complaints-channel: warning: the library "
                     r"has reworded 'parents\.complaints-channel'", flow.check.stderr), flow.check.stderr
    assert "That is the fastest way to put a problem right." in flow.check.stderr


def test_check_says_the_policy_differs_from_the_approved_version(flow):
    found = re.search(r"data/approved/oakfield\.yml: warning: (\d+) clauses differ from version 1\.0 approved on "
                      r"20 November 2026: (.*?)\. The pack's", flow.check.stderr)
    assert found, flow.check.stderr
    assert found.group(1) == "3"
    assert "reworded" in found.group(2) and "renamed (was parents.report-negative)" in found.group(2)
    assert "removed" in found.group(2)


def test_changes_json_lists_each_change_once(flow):
    recorded = changes(flow.site)
    assert recorded["awaiting_approval"] is True
    by_id = {c["id"]: c for c in recorded["changes"]}
    assert sorted(c["kind"] for c in recorded["changes"]) == ["removed", "renamed", "reworded"], recorded
    assert by_id["parents.report-harmful-posts"]["former_id"] == "parents.report-negative"
    assert by_id["parents.right-to-use"]["kind"] == "reworded"
    assert by_id["parents.threats-to-staff"]["kind"] == "removed"
    # Renamed with the same words, omitted, re-checked facts: no change at all.
    assert not {"parents.school-news", "parents.no-school-info", "appendices.site-contacts"} & set(by_id)
    assert "8 December 2026" in json.dumps(json.loads((flow.site / "clauses.json").read_text(encoding="utf-8")))


def test_the_pack_and_site_say_the_version_awaits_approval(flow):
    text = pack_text(flow.site)
    # a draft of the next version since issue 26 ("this draft is awaiting approval")
    assert "is awaiting approval by the governing body (version 1.0 was approved on 20 November" in text
    assert "approved on 20 November 2026: 2 clauses reworded, 0 added and 1 removed" in text
    assert "rather than replying to them" in text
    assert "is awaiting approval by the governing body. Version 1.0 was approved on 20 November 2026." \
        in page_text(flow.site, "policy")
    assert (flow.site / "CNAME").is_file()  # the school's own files survive every build


def test_a_retired_id_is_explained_in_omit_and_an_error_in_replace(flow):
    school = flow.fork / "data" / "schools" / f"{SLUG}.yml"
    original = school.read_text(encoding="utf-8")
    try:
        edit(school, "    - parents.no-malicious-comments\n",
             "    - parents.no-malicious-comments\n    - parents.threats-to-staff\n")
        omitted = ok(run_cli("check", SLUG, cwd=flow.fork))
        assert re.search(r"clauses\.omit\[1\]: warning: 'parents\.threats-to-staff' was retired from the library: "
                         + re.escape(RETIRED_NOTE), omitted.stderr), omitted.stderr
        school.write_text(original.replace("  replace:\n", "  replace:\n    parents.threats-to-staff: Our words.\n"),
                          encoding="utf-8")
        replaced = run_cli("check", SLUG, cwd=flow.fork)
        assert replaced.returncode == 2 and "Traceback" not in replaced.stderr
        assert re.search(r"oakfield\.yml:\d+:\d+: clauses\.replace\.parents\.threats-to-staff: 'parents\.threats-to-"
                         r"staff' was retired from the library", replaced.stderr), replaced.stderr
        assert "Did you mean" not in replaced.stderr and "clauses: add:" in replaced.stderr
    finally:
        school.write_text(original, encoding="utf-8")
