"""The library's and reference's parsed YAML kept in the build cache (readers/kept.py): the same models
as reading the files, a damaged, swapped or foreign entry never used, a file with a mistake never kept."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.build import load_shared
from generator.cache import FORMAT, BuildCache, damage_warning, digest, entry_header, use_in_this_process
from generator.errors import LibraryError
from generator.project import Project
from generator.readers.kept import KIND, PARSED, read_model
from generator.readers.library import SectionSpec

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 1)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A project with a copy of content/, and a build cache in use for this process."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    use_in_this_process(BuildCache(tmp_path / "build" / ".cache"))
    damage_warning()  # nothing left over from another test
    yield tmp_path
    use_in_this_process(None)


def entries(project: Path) -> list[Path]:
    return sorted((project / "build" / ".cache" / KIND).glob("??/*.json"))


def test_kept_data_gives_the_same_library_and_reference(content):
    use_in_this_process(None)
    fresh = load_shared(Project(content), DAY)
    use_in_this_process(BuildCache(content / "build" / ".cache"))
    first, kept = load_shared(Project(content), DAY), len(entries(content))
    assert kept > 40  # every section, guide, form and reference file
    again = load_shared(Project(content), DAY)
    assert fresh == first == again
    assert damage_warning() is None


def entry_of(project: Path, path: Path) -> Path:
    """Where the parsed data of the file at `path` is kept."""
    import yaml

    key = digest(KIND, FORMAT, PARSED, yaml.__version__, path.read_bytes())
    return BuildCache(project / "build" / ".cache").path(KIND, key, ".json")


@pytest.mark.parametrize("damage", ["cut", "swapped", "not json", "not valid"])
def test_a_damaged_or_foreign_entry_is_never_used(content, damage):
    section = content / "content" / "library" / "04-scope.yml"
    shown = Path("content/library/04-scope.yml")
    other = content / "content" / "library" / "05-definitions.yml"
    expected = read_model(section, shown, SectionSpec)
    read_model(other, Path("content/library/05-definitions.yml"), SectionSpec)
    mine, theirs = entry_of(content, section), entry_of(content, other)
    assert mine.is_file() and theirs.is_file()
    if damage == "cut":
        mine.write_bytes(mine.read_bytes()[:-20])
    elif damage == "swapped":  # another file's whole entry under this file's key
        mine.write_bytes(theirs.read_bytes())
    elif damage == "not json":  # written by something else, with a header made to pass
        mine.write_bytes(entry_header(KIND, mine.stem, b"\xff{") + b"\xff{")
    else:  # JSON, but not this file's data, nor valid for it: the file is read
        data = b'{"id": "scope", "title": 5}'
        mine.write_bytes(entry_header(KIND, mine.stem, data) + data)
    assert read_model(section, shown, SectionSpec) == expected
    if damage != "not valid":
        assert "made again" in str(damage_warning())
    assert read_model(section, shown, SectionSpec) == expected  # kept again, whole
    assert damage_warning() is None


def test_an_edited_file_is_read_again_and_a_mistake_is_never_kept(content):
    section = content / "content" / "library" / "04-scope.yml"
    shown = Path("content/library/04-scope.yml")
    read_model(section, shown, SectionSpec)
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("Some rules are for one group only.", "Some rules are for one group alone.", 1),
                       encoding="utf-8")
    assert "one group alone" in repr(read_model(section, shown, SectionSpec))
    section.write_text(text.replace("title:", "titel:", 1), encoding="utf-8")
    for _ in range(2):  # said each time, with its line
        with pytest.raises(Exception) as raised:
            load_shared(Project(content), DAY)
        assert isinstance(raised.value, LibraryError)
        assert "04-scope.yml" in str(raised.value.problems[0]) and "titel" in str(raised.value.problems[0])
    assert not entry_of(content, section).exists()
