"""Hostile and careless commands: schoolpolicy deletes only what it wrote, never prints a traceback.

Every refusal is run with the real CLI in a throwaway copy, and every file that was there is
checked byte for byte afterwards. Only a few tests build, all of one small school."""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import copy_project, run_cli

from generator.cli import main
from generator.output import MARKER, discard, exchange, fresh_work_folder, is_ours, output_folder, recover, swap_in
from generator.project import Project

SCHOOL = "demo"


def tree(root: Path) -> dict[str, str]:
    """Every path under root with its bytes' hash (a link by its target), to compare before and after."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            key = str(path.relative_to(root))
            if path.is_symlink():
                found[key] = "-> " + os.readlink(path)
            elif path.is_file():
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[key] = "dir"
    return found


def marked(folder: Path, *files: str) -> Path:
    folder.mkdir(parents=True)
    (folder / MARKER).write_text("ours\n", encoding="utf-8")
    for name in files:
        (folder / name).write_text(name, encoding="utf-8")
    return folder


@pytest.fixture
def place(tmp_path) -> Path:
    """tmp/project (one school) beside tmp/Documents, somebody's unrelated files."""
    copy_project(tmp_path / "project", [SCHOOL])
    documents = tmp_path / "Documents"
    (documents / "letters").mkdir(parents=True)
    (documents / "letters" / "governors.txt").write_text("Dear governors,\n", encoding="utf-8")
    (documents / "notes.txt").write_text("keep me\n", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 not ours\n")
    return tmp_path


def refused(place: Path, out: str, *words: str, cwd: Path | None = None) -> str:
    before = tree(place)
    result = run_cli("build", SCHOOL, "--out", out, cwd=cwd or place / "project", refused=True)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Building" not in result.stdout
    assert tree(place) == before, "a refused build changed files"
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


# --- --out refused: every file is still there ----------------------------------------------

@pytest.mark.parametrize("out,words", [
    (".", ["project folder itself"]),
    ("data", ["inside the project's data/"]),
    ("data/schools", ["inside the project's data/"]),
    ("content", ["inside the project's content/"]),
    ("content/new-folder", ["inside the project's content/"]),
    ("overrides", ["inside the project's overrides/"]),
    ("build", ["work folder"]),
    ("build/site", ["work folder"]),
    ("..", ["holds the project"]),
    ("../Documents", ["did not write"]),
    ("../report.pdf", ["is a file"]),
    ("site/demo", ["inside the project's site/"]),
    ("data/../content/./library", ["inside the project's content/"]),
], ids=lambda v: v if isinstance(v, str) else "")
def test_out_that_would_destroy_files_is_refused(place, out, words):
    refused(place, out, *words)


def test_out_root_of_the_file_system_is_refused(place):
    before = tree(place)
    result = run_cli("build", SCHOOL, "--out", "/", cwd=place / "project", refused=True)
    assert result.returncode == 2 and "root of the file system" in result.stderr
    assert "Traceback" not in result.stderr and tree(place) == before


def test_out_absolute_ancestor_is_refused(place):
    refused(place, str(place), "holds the project")


def test_out_symlink_is_refused_even_to_an_empty_folder(place):
    (place / "empty").mkdir()
    (place / "link").symlink_to(place / "empty")
    refused(place, str(place / "link"), "symbolic link")


def test_out_symlink_to_the_project_is_refused(place):
    (place / "link").symlink_to(place / "project")
    refused(place, str(place / "link"), "symbolic link")


def test_out_through_a_symlinked_folder_into_the_project_is_refused(place):
    (place / "way-in").symlink_to(place / "project")
    refused(place, str(place / "way-in" / "data"), "inside the project's data/")


def test_out_a_site_built_before_markers_is_refused_with_the_way_out(place):
    old = place / "old-site"
    (old / "demo").mkdir(parents=True)
    (old / "index.html").write_text("<p>old</p>", encoding="utf-8")
    refused(place, str(old), "did not write", MARKER)


def test_out_with_an_escape_sequence_is_refused_without_echoing_it(place):
    stderr = refused(place, "site\x1b[2J", "\\x1b")
    assert "\x1b" not in stderr


def test_out_with_a_nul_is_refused(place, monkeypatch, capsys):
    monkeypatch.chdir(place / "project")
    before = tree(place)
    assert main(["build", SCHOOL, "--out", "si\0te"]) == 2
    assert "\\x00" in capsys.readouterr().err and tree(place) == before


def test_the_default_site_folder_from_before_markers_is_still_ours(place):
    project = Project.find(place / "project")
    (project.default_out / "demo").mkdir(parents=True)
    (project.default_out / "index.html").write_text("<p>built by an earlier schoolpolicy</p>", encoding="utf-8")
    assert output_folder(project.root / "site", project) == project.default_out
    assert output_folder(project.root / "public", project) == project.root / "public"  # new, at the top


# --- slugs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name,suggestion", [
    ("My School", "my-school"),
    ("..", "my-school"),
    ("javascript:alert(1)<!--", "javascript-alert-1"),
    ("a" * 200, "a" * 60),
    ("-demo", "demo-2"),
    ("Demo", "demo-2"),
])
def test_school_file_with_a_name_that_is_not_a_slug_is_reported_with_the_rename(place, name, suggestion):
    project = place / "project"
    (project / "data" / "schools" / f"{name}.yml").write_text("school: {}\n", encoding="utf-8")
    before = tree(place)
    for command in ("check", "build"):
        result = run_cli(command, cwd=project, refused=True)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert f"data/schools/{suggestion}.yml" in result.stderr and "cannot name a school" in result.stderr
        assert "data/schools/" + name[:60] in result.stderr  # the file, by its path
    assert tree(place) == before


@pytest.mark.parametrize("command", [
    ["check", "../demo"], ["build", "Demo"], ["new", "my school", "--name", "My School"],
    ["new", "x" * 300, "--name", "Long"], ["approve", ".."], ["serve", "demo/"], ["new", "a-", "--name", "A"],
], ids=lambda c: c[0] + ":" + c[1][:10])
def test_slug_argument_that_is_not_a_slug_is_refused(place, command):
    before = tree(place)
    result = run_cli(*command, cwd=place / "project", refused=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "lowercase letters, digits and hyphens" in result.stderr and tree(place) == before


def test_school_file_that_is_a_folder_is_a_message_not_a_traceback(place):
    (place / "project" / "data" / "schools" / "annex.yml").mkdir()
    result = run_cli("check", cwd=place / "project")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "annex.yml" in result.stderr


def test_an_unexpected_failure_is_one_line_naming_the_file(place):
    """A raw control byte once reached the YAML reader's own exception; whatever it becomes, no traceback."""
    (place / "project" / "data" / "schools" / "bad.yml").write_bytes(b'school:\n  name: "a\x01b"\n')
    result = run_cli("check", "bad", cwd=place / "project")
    assert result.returncode in (1, 2) and "Traceback" not in result.stderr, result.stderr
    assert "data/schools/bad.yml" in result.stderr and "\x01" not in result.stderr


# --- library mistakes name the file and the clause -----------------------------------------

@pytest.mark.parametrize("mistake,words", [
    ("{{ 1 // 0 }}", ["ZeroDivisionError"]),
    ("{{ school.name + 3 }}", ["TypeError"]),
    ("{{ no_such_thing }}", ["no_such_thing", "undefined"]),
    ("{% if %}", ["line 1 of the template"]),
], ids=["zero-division", "type-error", "undefined", "syntax"])
def test_library_template_mistake_names_the_file_and_the_clause(place, mistake, words):
    project = place / "project"
    library = project / "content" / "library" / "01-about.yml"
    text = library.read_text(encoding="utf-8")
    assert "      This is the " in text
    library.write_text(text.replace("      This is the ", f"      {mistake} This is the ", 1), encoding="utf-8")
    result = run_cli("check", SCHOOL, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "content/library/01-about.yml: clause about.title-and-school: cannot render" in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


def test_library_condition_mistake_names_the_file_and_the_clause(place):
    library = place / "project" / "content" / "library" / "01-about.yml"
    text = library.read_text(encoding="utf-8")
    assert 'when: "school.units"' in text
    library.write_text(text.replace('when: "school.units"', 'when: "school.units / 0"', 1), encoding="utf-8")
    result = run_cli("check", SCHOOL, cwd=place / "project")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "content/library" in result.stderr and "about.units-covered: condition" in result.stderr


def test_guide_field_mistake_names_the_guide_and_field(place):
    project = place / "project"
    guide = project / "content" / "guides" / "discord.yml"
    text = guide.read_text(encoding="utf-8")
    assert 'title: "Discord"' in text
    guide.write_text(text.replace('title: "Discord"', 'title: "{{ [] + 1 }}"', 1), encoding="utf-8")
    result = run_cli("check", SCHOOL, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"content/guides/{guide.name}: title" in result.stderr and "TypeError" in result.stderr


def test_missing_page_template_is_a_library_error(place):
    project = place / "project"
    (project / "content" / "site" / "guide.md.j2").unlink()
    result = run_cli("check", SCHOOL, cwd=project)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "content/site/guide.md.j2 is missing" in result.stderr


# --- the swap ------------------------------------------------------------------------------

def test_exchange_swaps_two_folders_in_place(tmp_path):
    a, b = marked(tmp_path / "a", "new.html"), marked(tmp_path / "b", "old.html")
    assert exchange(a, b)  # Linux with glibc 2.28+: the one-step exchange is there
    assert (a / "old.html").is_file() and (b / "new.html").is_file()


def test_swap_in_replaces_the_old_site_and_leaves_nothing_behind(tmp_path):
    out = marked(tmp_path / "site", "old.html")
    swap_in(marked(tmp_path / ".site.tmp-1", "new.html"), out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "new.html"]


def test_discard_never_removes_a_folder_that_is_not_ours(tmp_path):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("keep", encoding="utf-8")
    discard(theirs)
    assert (theirs / "keep.txt").is_file()


@pytest.mark.parametrize("after", [0.0, 0.005, 0.01, 0.02, 0.04])
def test_a_removal_killed_part_way_leaves_a_folder_the_next_build_still_takes_as_its_own(tmp_path, after):
    """Ctrl+C or a kill while an old site or build/<slug>/ is being removed: what is left is still marked
    ours (the marker goes last), so the next build removes it rather than refusing it as someone else's."""
    folder = marked(tmp_path / "build" / "demo")
    for n in range(60):
        (folder / f"page-{n:02}").mkdir()
        for m in range(40):
            (folder / f"page-{n:02}" / f"{m}.html").write_text("x", encoding="utf-8")
    removal = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; "
                                "from generator.output import discard; print(flush=True); discard(Path(sys.argv[1]))",
                                str(folder)], stdout=subprocess.PIPE)
    assert removal.stdout is not None and removal.stdout.readline() == b"\n"  # about to remove
    time.sleep(after)
    removal.kill()
    removal.wait()
    assert not folder.exists() or is_ours(folder) or not any(folder.iterdir())
    fresh_work_folder(folder, Path("build/demo"))  # would refuse a folder of files without the marker
    assert sorted(p.name for p in folder.iterdir()) == [MARKER]


def test_a_kill_between_two_renames_is_recovered(tmp_path):
    """Without the one-step exchange a kill can fall between `site -> .site.old` and `.tmp -> site`."""
    old = marked(tmp_path / ".site.old-4242", "old.html")
    marked(tmp_path / ".site.tmp-4242", "half.html")
    stranger = tmp_path / ".site.tmp-77"
    stranger.mkdir()
    (stranger / "mine.txt").write_text("not schoolpolicy's", encoding="utf-8")
    recover(tmp_path / "site")
    assert (tmp_path / "site" / "old.html").is_file() and not old.exists()
    assert not (tmp_path / ".site.tmp-4242").exists() and (stranger / "mine.txt").is_file()


@pytest.mark.slow
def test_a_failed_build_still_puts_back_a_site_a_killed_build_moved_away(place):
    project, out = place / "project", place / "out"
    marked(place / ".out.old-4242", "index.html")
    school = project / "data" / "schools" / f"{SCHOOL}.yml"
    school.write_text(school.read_text(encoding="utf-8").replace("jurisdiction:", "jurisdictoin:"), encoding="utf-8")
    assert run_cli("build", SCHOOL, "--out", str(out), cwd=project).returncode == 2
    assert (out / "index.html").is_file() and not (place / ".out.old-4242").exists()


# --- one build at a time -------------------------------------------------------------------

@pytest.mark.slow
def test_a_second_build_into_the_same_folder_is_refused_while_one_runs(place):
    out = place / "out"
    with open(place / ".out.lock", "w", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write("31337\n")
        held.flush()
        result = run_cli("build", SCHOOL, "--out", str(out), cwd=place / "project")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "another schoolpolicy build is writing" in result.stderr and "pid 31337" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_a_second_build_of_the_project_is_refused_while_one_uses_build(place):
    work = place / "project" / "build"
    work.mkdir()
    with open(work / ".schoolpolicy.lock", "w", encoding="utf-8") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        result = run_cli("build", SCHOOL, "--out", str(place / "out"), cwd=place / "project")
    assert result.returncode == 2 and "another schoolpolicy build is writing build/" in result.stderr


@pytest.mark.slow
def test_a_work_folder_that_is_not_ours_is_kept(place):
    work = place / "project" / "build" / SCHOOL
    work.mkdir(parents=True)
    (work / "notes.txt").write_text("mine", encoding="utf-8")
    result = run_cli("build", SCHOOL, "--out", str(place / "out"), cwd=place / "project")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert f"build/{SCHOOL}/: holds files that schoolpolicy did not write" in result.stderr
    assert (work / "notes.txt").read_text(encoding="utf-8") == "mine" and not (place / "out").exists()


# --- builds that work ----------------------------------------------------------------------

@pytest.mark.slow
def test_builds_into_an_empty_folder_a_new_folder_and_again_give_the_same_bytes(place):
    """Three real builds: an empty folder adopted, a new nested folder, and a rebuild over leftovers."""
    project, empty, new = place / "project", place / "empty", place / "deeper" / "other-name"
    empty.mkdir()
    for out in (empty, new):
        result = run_cli("build", SCHOOL, "--out", str(out), cwd=project)
        assert result.returncode == 0, result.stderr
        assert (out / MARKER).is_file() and (out / SCHOOL / "policy" / "index.html").is_file()
    first = tree(empty)
    assert first == tree(new), "two builds of one school into two folders differ"
    marked(place / ".empty.tmp-4242", "half.html")  # as a killed build leaves them
    marked(place / ".empty.old-4242", "old.html")
    (place / ".empty.tmp-7").mkdir()  # not ours, but empty: removed
    assert run_cli("build", SCHOOL, "--out", str(empty), cwd=project).returncode == 0
    assert tree(empty) == first
    assert sorted(p.name for p in place.iterdir() if p.name.startswith(".empty")) == [".empty.lock"]


# --- serve ---------------------------------------------------------------------------------

def serve(project: Path, *args: str, tmp: Path) -> subprocess.Popen:
    env = os.environ | {"TMPDIR": str(tmp)}
    return subprocess.Popen([sys.executable, "-m", "generator", "serve", SCHOOL, *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_serve_on_a_port_in_use_stops_at_once_without_building(place):
    (place / "tmp").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        started = time.monotonic()
        process = serve(place / "project", "--port", str(taken.getsockname()[1]), tmp=place / "tmp")
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 2 and "cannot serve on 127.0.0.1" in stderr and "--port" in stderr
    assert "Building" not in stdout and "Traceback" not in stderr
    assert not (place / "project" / "build").exists() and not list((place / "tmp").iterdir())
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("port", ["99999", "0", "http"])
def test_serve_refuses_a_port_that_is_not_one(place, port):
    result = run_cli("serve", SCHOOL, "--port", port, cwd=place / "project")
    assert result.returncode == 2 and "1 to 65535" in result.stderr and "Traceback" not in result.stderr


def test_serve_removes_its_temporary_folder_on_sigterm(place):
    # A short folder of its own: the fork server's socket lives in TMPDIR, and a socket's path may hold at most
    # 107 bytes, which pytest-xdist's deeper temporary folders pass.
    tmp = Path(tempfile.mkdtemp(prefix="sp-", dir="/tmp"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = serve(place / "project", "--port", str(port), "--host", "127.0.0.1", tmp=tmp)
    line = process.stdout.readline()
    assert line.startswith("Building demo for the preview in " + str(tmp)), line + process.stderr.read()
    # What serve and its fork server make in TMPDIR are folders (its own, multiprocessing's pymp-*).
    # The C compiler ctypes runs to find a library while the engines load may be stopped with serve
    # and leave its scratch files (plain files: cc*, tmp*): those are not serve's to remove.
    def left() -> list[Path]:
        return [p for p in tmp.iterdir() if p.is_dir() or p.is_socket() or not p.name.startswith(("cc", "tmp"))]

    assert any(p.name.startswith("schoolpolicy-serve-") for p in left()), "serve made no temporary folder"
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert "Traceback" not in stderr and process.returncode == 0, stderr
    assert not left(), "serve left its temporary folder behind"
    shutil.rmtree(tmp)
