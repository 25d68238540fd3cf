"""The library and reference facts as read, kept in the user's own cache folder (readers/snapshot.py): the
same school as reading afresh, never kept in the project, never used for other content, code or day, and
an entry that is damaged or names anything but the readers' records read afresh."""
from __future__ import annotations

import datetime as dt
import io
import os
import pickle
from pathlib import Path

import pytest

from generator.build import check_one, load_shared
from generator.cache import HEADER_BYTES, BuildCache, use_in_this_process
from generator.errors import LibraryError
from generator.project import Project
from generator.readers import snapshot
from tests.conftest import copy_project

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 1)


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A user cache folder of the test's own, and a build cache (as `check` has)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    forget()
    use_in_this_process(BuildCache(tmp_path / "build" / ".cache"))
    yield tmp_path / "user-cache" / "schoolpolicy" / snapshot.KIND
    use_in_this_process(None)
    forget()


def forget() -> None:
    snapshot.shared_store.cache_clear()  # a new store: trims once again


def kept(folder: Path) -> list[Path]:
    return sorted(folder.glob(f"{snapshot.KIND}/??/*.pickle"))


def documents(root: Path, slug: str = "demo", day: dt.date = DAY):
    project = Project(root)
    shared = load_shared(project, day)
    document, warnings = check_one(project, root / "data" / "schools" / f"{slug}.yml", shared, day)
    return document, [str(w) for w in warnings]


def test_the_kept_library_gives_the_same_school_as_reading_afresh(store, tmp_path):
    use_in_this_process(None)  # --no-cache: everything read afresh, nothing kept
    fresh = documents(ROOT)
    assert not store.exists() or kept(store) == []
    use_in_this_process(BuildCache(tmp_path / "build" / ".cache"))
    first = documents(ROOT)  # read, then kept
    (entry,) = kept(store)
    forget()
    again = documents(ROOT)  # taken from the entry
    assert kept(store) == [entry]
    assert fresh == first == again
    assert load_shared(Project(ROOT), DAY) == load_shared(Project(ROOT), DAY)
    assert not list((ROOT / "build" / ".cache").glob(f"{snapshot.KIND}/**/*"))  # never in the project
    documents(ROOT, day=DAY + dt.timedelta(days=1))  # the facts in force on another day: another entry
    assert len(kept(store)) == 2


def test_an_edit_to_the_library_is_read_not_the_kept_copy(store, tmp_path):
    root = copy_project(tmp_path / "project", ["demo"])
    documents(root)
    assert len(kept(store)) == 1
    library = root / "content" / "library"
    section = sorted(library.glob("*.yml"))[0]
    text = section.read_text(encoding="utf-8")
    section.write_text(text + "\n# a maintainer's comment\n", encoding="utf-8")
    forget()
    documents(root)  # same data, other bytes: read again and kept again
    assert len(kept(store)) == 2
    section.write_text(text.replace("id:", "idd:", 1), encoding="utf-8")
    forget()
    with pytest.raises(LibraryError):  # a mistake is said on every run, never hidden by a kept copy
        documents(root)
    assert len(kept(store)) == 2
    section.write_text(text, encoding="utf-8")
    picture = sorted((root / "content" / "pictures").glob("*.svg"))[0]
    drawing = picture.read_bytes()
    picture.unlink()  # not a file the readers parse, but one the library says must be there
    forget()
    with pytest.raises(LibraryError, match="is missing"):
        documents(root)
    picture.write_bytes(drawing)
    forget()
    documents(root)  # as before: the entry kept first
    assert len(kept(store)) == 2


class Planted:
    """What a hostile entry would hold: a call of anything at all, on loading."""

    def __reduce__(self):
        return (os.getcwd, ())


def test_an_entry_that_is_damaged_or_names_anything_else_is_read_afresh(store):
    expected = documents(ROOT)
    (entry,) = kept(store)
    good = entry.read_bytes()[HEADER_BYTES:]
    cache = snapshot.shared_store()
    as_read = snapshot._loads(good)
    assert cache is not None and as_read is not None
    for planted in (pickle.dumps(Planted()), pickle.dumps((Planted(), Planted())), pickle.dumps((1, 2)),
                    good[:-200]):
        cache.write(snapshot.KIND, entry.stem, ".pickle", planted)  # a whole entry with a good header: not enough
        forget()
        assert documents(ROOT) == expected
        assert snapshot._loads(entry.read_bytes()[HEADER_BYTES:]) == as_read  # made again
    entry.write_bytes(entry.read_bytes()[:-1] + b"!")  # bytes that do not match the header's hash
    forget()
    assert documents(ROOT) == expected
    assert snapshot._loads(entry.read_bytes()[HEADER_BYTES:]) == as_read
    with pytest.raises(pickle.UnpicklingError):
        snapshot._Records(io.BytesIO(pickle.dumps(Planted()))).load()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folders' owners and modes are POSIX")
def test_a_folder_others_may_write_is_never_used(store):
    store.parent.mkdir(parents=True)
    store.parent.chmod(0o777)  # anyone could plant objects here
    assert snapshot.shared_store() is None
    assert documents(ROOT)[1] == documents(ROOT)[1]
    assert not store.exists()
