"""Output folders: schoolpolicy deletes or replaces only what it wrote.

Every folder it writes (the site given with --out, the work folders build/<slug>/, the
temporary folders of a build) carries a marker file. A folder without the marker is never
removed, unless it is empty. A new site replaces the old one in a single rename, so a site
is in place at every instant; one build at a time writes an output folder (a lock beside it).
"""
from __future__ import annotations

import errno
import fcntl
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from generator.errors import UsageError, printable
from generator.own_files import open_own, write_own
from generator.project import Project

MARKER = ".schoolpolicy-output"
MARKER_TEXT = ("This folder was written by schoolpolicy. The next build replaces all of it:\n"
               "keep nothing of your own here. schoolpolicy removes only folders that carry this file.\n")
# A work folder written before markers existed holds only these.
LEGACY_WORK = {"mkdocs.yml", "docs"}


def is_ours(folder: Path) -> bool:
    marker = folder / MARKER
    return folder.is_dir() and not folder.is_symlink() and marker.is_file() and not marker.is_symlink()


def mark(folder: Path) -> None:
    write_own(folder / MARKER, MARKER_TEXT, folder / MARKER)


def is_empty(folder: Path) -> bool:
    return next(folder.iterdir(), None) is None


def bad_character(text: str) -> str | None:
    """The first character that cannot be in a path we write, escaped for printing, or None."""
    return next((printable(char) for char in text if printable(char) != char), None)


# --- where a site may go -------------------------------------------------------------------

def refusal(out: Path, project: Project) -> str | None:
    """Why the site may not be written to `out` (an absolute path with no symlinks), or None."""
    if out == Path(out.anchor):
        return "is the root of the file system"
    if out.exists() and not out.is_dir():
        return "is a file, not a folder"
    if (out / MARKER).is_symlink():
        return f"its {MARKER} is a symbolic link; schoolpolicy never writes through a link: remove it"
    if out == project.root:
        return "is the project folder itself (your data, content and history)"
    if project.root.is_relative_to(out):
        return f"holds the project ({project.root}); a build would replace it"
    if out.is_relative_to(project.root):
        return inside_project(out, project)
    return None if out == project.default_out else foreign_files(out, project)


def inside_project(out: Path, project: Project) -> str | None:
    top = out.relative_to(project.root).parts[0]
    if top == project.work_dir.name:
        return f"is inside {top}/, schoolpolicy's work folder; write the site to site/ (the default) or another folder"
    if top in project.source_folders() or len(out.relative_to(project.root).parts) > 1:
        return (f"is inside the project's {top}/ folder; write the site to site/ (the default), "
                "to a new folder at the top of the project, or to a folder outside it")
    return None if out == project.default_out else foreign_files(out, project)


def foreign_files(out: Path, project: Project | None = None) -> str | None:
    if not out.is_dir() or is_ours(out) or is_empty(out) or (project is not None and was_published(project, out)):
        return None
    return ("already holds files that schoolpolicy did not write, and a build replaces the whole folder; "
            f"give a new or empty folder instead (if it is a site built before schoolpolicy marked its "
            f"folders with {MARKER}, delete it yourself once)")


def output_folder(given: str | os.PathLike, project: Project) -> Path:
    """The --out folder as an absolute path, after refusing every place a build could destroy."""
    text = os.fspath(given)
    if bad_character(text):
        raise UsageError(f"--out contains the character {bad_character(text)}, which schoolpolicy does not "
                         "write in a folder name; nothing was changed")
    path = Path(os.path.abspath(text))
    where = printable(project.display(path))
    if path.is_symlink():
        raise UsageError(f"--out {where}: is a symbolic link; give the folder it points to, or a new folder. "
                         "Nothing was changed")
    reason = refusal(path.resolve(), project)
    if reason:
        raise UsageError(f"--out {where}: {reason}. Nothing was changed")
    return path.resolve()


# --- a published site carries no marker --------------------------------------------------------
# A site built to be published is uploaded whole, so the marker is taken out of it once it is in
# place, and the folder is remembered in the work folder instead; the next build marks it again
# before replacing it (adopt), so a site built for publishing is replaced like any other.

PUBLISHED = ".schoolpolicy-published"  # in build/: the output folders published from this project


def published_list(project: Project) -> Path:
    return project.work_dir / PUBLISHED


def was_published(project: Project, out: Path) -> bool:
    listed = published_list(project)
    if listed.is_symlink() or not listed.is_file():
        return False
    return str(out) in listed.read_text(encoding="utf-8").splitlines()


def unmark_published(project: Project, out: Path) -> None:
    """Take the marker out of a site about to be published, remembering the folder as ours."""
    if not was_published(project, out):
        listed = published_list(project)
        before = listed.read_text(encoding="utf-8") if listed.is_file() and not listed.is_symlink() else ""
        project.work_dir.mkdir(parents=True, exist_ok=True)
        write_own(listed, before + f"{out}\n", listed)
    marker = out / MARKER
    if marker.is_file() and not marker.is_symlink():
        marker.unlink()


# --- one build at a time -------------------------------------------------------------------

@contextmanager
def locked(lock_file: Path, what: str) -> Iterator[None]:
    """Hold an exclusive lock while writing `what`; refuse at once if another build holds it."""
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = open_own(lock_file, os.O_RDWR | os.O_CREAT, lock_file)  # never through a link
    with os.fdopen(fd, "r+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            pid = handle.read().strip() or "unknown"
            raise UsageError(f"another schoolpolicy build is writing {what} (pid {pid}); "
                             "wait for it to finish") from None
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield  # the lock file stays: removing it would let a third build lock a different file


def out_lock(out: Path) -> Path:
    return out.with_name(f".{out.name}.lock")


# --- the swap ------------------------------------------------------------------------------

def temporary_sibling(out: Path, kind: str) -> Path:
    """`.site.tmp-PID` / `.site.old-PID`: beside the target, so renames stay on one file system."""
    return out.with_name(f".{out.name}.{kind}-{os.getpid()}")


def new_tree(out: Path) -> Path:
    tmp = temporary_sibling(out, "tmp")
    discard(tmp)
    tmp.mkdir(parents=True)
    mark(tmp)
    return tmp


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    rename = _renameat2()
    if rename is None:
        return False
    if rename(-100, os.fsencode(a), -100, os.fsencode(b), 2) == 0:  # AT_FDCWD, RENAME_EXCHANGE
        return True
    import ctypes

    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):  # old kernel, or a file system without it
        return False
    raise OSError(code, os.strerror(code), str(b))


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: only a build swapping a site in needs it
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def swap_in(new: Path, out: Path, discard_old: Callable[[Path], None] | None = None) -> None:
    """Put the finished tree `new` at `out`; the old one goes (`discard_old`, default `discard`) only once
    the new one is there."""
    discard_old = discard_old or discard
    adopt(out)
    if not out.exists():
        new.rename(out)
    elif exchange(new, out):
        discard_old(new)  # `new` now names the old site
    else:  # two renames: a kill between them leaves .site.old-PID, which recover() puts back
        old = temporary_sibling(out, "old")
        out.rename(old)
        new.rename(out)
        discard_old(old)


def discard(folder: Path) -> None:
    """Remove a folder of ours; an empty folder of anyone's; never anything else."""
    if folder.is_symlink() or not folder.is_dir():
        return
    if is_ours(folder):
        remove_ours(folder)
    elif is_empty(folder):
        folder.rmdir()


def remove_ours(folder: Path) -> None:
    """Remove a folder of ours with its marker last: a removal cut short (Ctrl+C, a kill) leaves a folder
    still marked as ours, which the next build removes, never one it must refuse as someone else's."""
    for child in sorted(folder.iterdir()):
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    (folder / MARKER).unlink(missing_ok=True)
    folder.rmdir()


def leftovers(out: Path) -> list[Path]:
    return sorted(p for kind in ("tmp", "old") for p in out.parent.glob(f".{out.name}.{kind}-*"))


def recover(out: Path) -> None:
    """After a build was killed: put an old site back if it was moved away, then clear the rest.
    Called with the lock held, so every leftover belongs to a build that has stopped."""
    olds = [p for p in leftovers(out) if ".old-" in p.name and is_ours(p)]
    if olds and not out.exists():
        olds[-1].rename(out)
    for folder in leftovers(out):
        discard(folder)


def adopt(out: Path) -> None:
    """An empty folder, or the default site/ from before markers, becomes ours."""
    if out.is_dir() and not is_ours(out):
        mark(out)


@contextmanager
def writing(out: Path, shown_as: Path) -> Iterator[None]:
    """Hold the output folder for one build: locked, cleaned of leftovers, ready to be swapped."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with locked(out_lock(out), f"{printable(shown_as)}/"):
        recover(out)
        yield


# --- work folders build/<slug>/ ------------------------------------------------------------

def fresh_work_folder(folder: Path, shown_as: Path) -> Path:
    """An empty, marked build/<slug>/, after removing the previous one if it is ours."""
    if any(p.is_symlink() for p in (folder, folder.parent)) or (folder.exists() and not folder.is_dir()):
        raise UsageError(f"{shown_as}: is not a folder schoolpolicy made; move it away and build again")
    if folder.is_dir() and not (is_ours(folder) or is_empty(folder) or _legacy_work(folder)):
        raise UsageError(f"{shown_as}/: holds files that schoolpolicy did not write; move them away "
                         "and build again (it writes each school's docs tree there)")
    if folder.is_dir():
        remove_ours(folder)
    folder.mkdir(parents=True)
    mark(folder)
    return folder


def _legacy_work(folder: Path) -> bool:
    return {p.name for p in folder.iterdir()} <= LEGACY_WORK and (folder / "mkdocs.yml").is_file()


def work_lock(project: Project) -> Path:
    """build/ is shared by every build of the project: two builds of one school would mix their files."""
    work = project.work_dir
    if work.is_symlink() or (work.exists() and not work.is_dir()):
        raise UsageError(f"{work.name}: is not a folder schoolpolicy made; move it away and build again")
    return work / ".schoolpolicy.lock"

