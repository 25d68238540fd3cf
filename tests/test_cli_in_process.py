"""run_cli runs most commands in the test process (conftest.py): the same commands, run there and in
a new Python process, print the same bytes, exit the same way and write the same files, one after
another on two copies of a project, so that nothing one command leaves in the process reaches the next."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import copy_project, run_cli_here, run_cli_process

SCHOOLS = ["demo", "ncjps", "larkmoor-elm", "larkmoor-castle"]  # and the larkmoor trust


def files_of(root: Path) -> dict[str, bytes]:
    """Every file a command may write (data/ and build/), by its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for place in ("data", "build") if (root / place).is_dir()
            for p in sorted((root / place).rglob("*")) if p.is_file()}


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def damage_cache(root: Path) -> None:
    """Cut every kept Markdown entry short: both ways must find it, say so once and make it again."""
    entries = sorted((root / "build" / ".cache").glob("markdown/??/*.html"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:-20])


# (what it shows, the command, a change made to both projects before it runs); in this order, on the
# same two projects: later commands run after earlier ones changed the projects and the process.
STEPS = [
    ("check one school", ["check", "demo"], None),
    ("check a trust and a school on a leap day", ["check", "demo", "--trust", "larkmoor", "--date", "2028-02-29"], None),
    ("a damaged cache entry is said once", ["check", "demo"], damage_cache),
    ("clauses, every one", ["clauses", "demo", "--all"], None),
    ("choices", ["choices", "demo"], None),
    ("facts", ["facts", "--all"], None),
    ("help", ["--help"], None),
    ("an unknown option", ["check", "--colour"], None),
    ("a located mistake, its hidden characters escaped", ["check", "demo"],
     lambda root: edit(root, "data/schools/demo.yml", "  add:\n",
                       "  add:\n    - {id: own.x\u202e\x1b[31m, section: nowhere, text: X.}\n")),
    ("new, a name in any script", ["new", "zoes-school", "--name", "Zoë’s 学校 School", "--jurisdiction", "wales"], None),
    ("new, refusing to overwrite", ["new", "zoes-school", "--name", "Again"], None),
    ("approve", ["approve", "ncjps", "--on", "2026-10-01", "--by", "the full governing body"], None),
    ("build refused before anything is written", ["build", "demo", "--out", "content"], None),
]


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("both-ways")
    return copy_project(base / "here", schools=SCHOOLS), copy_project(base / "process", schools=SCHOOLS)


@pytest.mark.parametrize("step", STEPS, ids=[s[0] for s in STEPS])
def test_a_command_run_in_process_is_the_command_run_as_a_process(projects, step):
    _, args, change = step
    here, process = projects
    for root in (here, process):
        if change:
            change(root)
    ran_here = run_cli_here(*args, cwd=here)
    ran = run_cli_process(*args, cwd=process)
    assert (ran_here.returncode, ran_here.stdout, ran_here.stderr) == (ran.returncode, ran.stdout, ran.stderr)
    assert ran.stdout or ran.stderr, "a step that says nothing shows nothing"
    assert files_of(here) == files_of(process)
    assert Path.cwd() != here and os.environ.get("COLUMNS") == ORIGINAL_COLUMNS


ORIGINAL_COLUMNS = os.environ.get("COLUMNS")
