"""The output folder's tree around the schools' sites: other schools' sites kept on a partial build,
the index of schools, one school's site made the top of a published fork, and data/site-root/."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.errors import DataError, Problem, SchoolPolicyError
from generator.model.document import PolicyDocument
from generator.own_files import open_own
from generator.project import Project
from generator.readers.school import read_school
from generator.writers.site.index import SiteEntry


def carry_over(old: Path, new: Path, rebuilt: set[str], known: set[str]) -> None:
    """On a partial build keep the other schools' sites as they were."""
    if not old.is_dir():
        return
    for folder in old.iterdir():
        if folder.is_dir() and folder.name in known and folder.name not in rebuilt:
            shutil.copytree(folder, new / folder.name)


def site_entry(slug: str, school) -> SiteEntry:
    return SiteEntry(slug, school.school.name, school.trust.name if school.trust else None)


def index_entries(project: Project, site: Path, documents: list[PolicyDocument]) -> list[SiteEntry]:
    entries = {d.slug: site_entry(d.slug, d.school) for d in documents}
    for slug in (f.name for f in site.iterdir() if f.is_dir() and f.name not in entries):
        try:
            entries[slug] = site_entry(slug, read_school(project.school_file(slug)).data)
        except SchoolPolicyError:
            entries[slug] = SiteEntry(slug, slug)
    return list(entries.values())


def hoist(site: Path) -> None:
    """Move a school's site up into its parent folder (built as usual, then made the top)."""
    for item in sorted(site.iterdir()):
        item.rename(site.parent / item.name)
    site.rmdir()


def site_root_refusal(project: Project) -> None:
    """data/site-root/ is published whole: as a link (to .git, to /etc) it would publish what it points at."""
    root = project.site_root
    for place in (root.parent, root):
        if place.is_symlink():
            raise DataError([Problem(project.display(place), "is a symbolic link; schoolpolicy publishes "
                                     "only the project's own files: put the files themselves in data/site-root/")])
    if os.path.lexists(root) and not root.is_dir():
        raise DataError([Problem(project.display(root), "should be a folder of files for the top of the site")])


def copy_site_root(project: Project, site: Path) -> list[Problem]:
    """The school's own files for the top of the site (data/site-root/), never over a built file;
    nothing through a link, nothing but plain files and folders."""
    site_root_refusal(project)
    found: list[Problem] = []
    if not project.site_root.is_dir():
        return found
    for folder, dirnames, filenames in os.walk(project.site_root):  # links to folders are not walked
        dirnames.sort()
        for name in sorted(dirnames) + sorted(filenames):
            source = Path(folder, name)
            target, seen_as = site / source.relative_to(project.site_root), project.display(source)
            if source.is_symlink() or not (source.is_file() or source.is_dir()):
                found.append(Problem(seen_as, "is not a plain file or folder; left out of the site",
                                     severity="warning"))
                if name in dirnames:
                    dirnames.remove(name)
            elif source.is_dir():
                target.mkdir(parents=True, exist_ok=True)
            elif target.exists():
                found.append(Problem(seen_as, "the build writes this file itself; yours was left out",
                                     severity="warning"))
            else:
                copy_plain(source, target, seen_as)
    return found


def copy_plain(source: Path, target: Path, seen_as: Path) -> None:
    """A regular file's bytes, opened without following a link (one swapped in since the walk is refused)."""
    fd = open_own(source, os.O_RDONLY, seen_as, DataError)
    with os.fdopen(fd, "rb") as handle, open(target, "xb") as out:
        shutil.copyfileobj(handle, out)
