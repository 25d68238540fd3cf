"""The pipeline for every school: read -> check -> resolve -> write, then swap the output in.

Nothing already built is lost: all output goes to a temporary folder beside the
target, and only a complete, successful build replaces it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from generator.errors import DataError, Problem, ProjectError, SchoolPolicyError
from generator.model.document import PolicyDocument
from generator.project import Project
from generator.readers.approved import ApprovedVersion, read_approved
from generator.readers.library import Library, read_library
from generator.readers.reference import Reference, read_reference
from generator.readers.school import SchoolFile, is_example, read_school, with_site_url
from generator.resolve.approval import apply_record, review
from generator.resolve.crossrefs import check_reference, check_school
from generator.resolve.renames import follow_renames
from generator.resolve.resolver import resolve
from generator.writers.changes_json import write_changes_json
from generator.writers.clauses_json import write_clauses_json
from generator.writers.docs_tree import write_docs_tree
from generator.writers.downloads import write_downloads_json
from generator.writers.index import SiteEntry, write_index
from generator.writers.site import build_site

Say = Callable[[str], None]


@dataclass(frozen=True)
class Publish:
    """Where the output folder is published: its address, and whether its one school is its root."""

    base_url: str | None = None
    one_at_root: bool = False

    def site_url(self, slug: str) -> str | None:
        if not self.base_url:
            return None
        base = self.base_url.rstrip("/") + "/"
        return base if self.one_at_root else f"{base}{slug}/"


@dataclass(frozen=True)
class Shared:
    library: Library
    reference: Reference


@dataclass
class Checked:
    shared: Shared
    documents: list[PolicyDocument] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def load_shared(project: Project) -> Shared:
    return Shared(read_library(project.content, project.root), read_reference(project.content / "reference"))


def school_paths(project: Project, slugs: list[str]) -> list[Path]:
    if not slugs:
        return project.school_files()
    known = [p.stem for p in project.school_files()]
    missing = [s for s in slugs if s not in known]
    if missing:
        raise ProjectError(f"no data/schools/{missing[0]}.yml; schools here: {', '.join(known) or 'none yet'} "
                           f"(make one with: schoolpolicy new {missing[0]} --name \"...\")")
    return [project.school_file(s) for s in slugs]


def published_slugs(project: Project) -> list[str]:
    """What `build --publish` builds: a fork's own schools, or the examples while it has none."""
    own, examples = [], []
    for path in project.school_files():
        (examples if is_example(path, project.display(path)) else own).append(path.stem)
    return own or examples


def check_one(project: Project, path: Path, shared: Shared, today: dt.date, approving: ApprovedVersion | None = None,
              site_url: str | None = None) -> tuple[PolicyDocument, list[Problem]]:
    """One school, checked and resolved. `approving`: resolve it as approved so, for `approve`."""
    school: SchoolFile = with_site_url(read_school(path, project.display(path)), site_url)
    record_file = project.display(project.approved_file(school.slug))
    record = approving or read_approved(project.approved_file(school.slug), record_file)
    school, found = apply_record(school, record, record_file)
    school, renames = follow_renames(school, shared.library)
    found += renames + check_school(school, shared.library, shared.reference, project.root, today)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        raise DataError(errors)
    document = resolve(school, shared.library, shared.reference)
    if approving:
        return document, found
    document, notes = review(document, school, record, shared.library, checked_dates(shared.reference), record_file)
    return document, found + notes


def checked_dates(reference: Reference) -> set[dt.date]:
    return {checked for _, checked in reference.dated_facts()}


def check_all(project: Project, slugs: list[str], today: dt.date, publish: Publish | None = None) -> Checked:
    """Read, check and resolve every school; report every file's problems together."""
    shared = load_shared(project)
    result, errors = Checked(shared, warnings=check_reference(shared.reference, today)), []
    for path in school_paths(project, slugs):
        try:
            site_url = publish.site_url(path.stem) if publish else None
            document, warnings = check_one(project, path, shared, today, site_url=site_url)
        except DataError as exc:
            errors += exc.problems
            continue
        result.documents.append(document)
        result.warnings += warnings
    if errors:
        raise DataError(errors)
    return result


def epoch_of(day: dt.date) -> int:
    return calendar.timegm(day.timetuple())


def build_school(document: PolicyDocument, project: Project, shared: Shared, site: Path, offline: bool) -> None:
    tree, downloads = write_docs_tree(document, project, shared.library.pages, project.work_dir / document.slug, site,
                                      offline)
    build_site(tree.config, epoch_of(document.as_of))
    write_clauses_json(document, site)
    write_changes_json(document, site)
    write_downloads_json(downloads, site)


def carry_over(old: Path, new: Path, rebuilt: set[str], known: set[str]) -> None:
    """On a partial build keep the other schools' sites as they were."""
    if not old.is_dir():
        return
    for folder in old.iterdir():
        if folder.is_dir() and folder.name in known and folder.name not in rebuilt:
            shutil.copytree(folder, new / folder.name)


def swap_in(tmp: Path, out: Path) -> None:
    old = out.with_name(f".{out.name}.old-{os.getpid()}")
    if out.exists():
        out.rename(old)
    tmp.rename(out)
    if old.exists():
        shutil.rmtree(old)


def index_entries(project: Project, site: Path, documents: list[PolicyDocument]) -> list[SiteEntry]:
    names = {d.slug: d.school.school.name for d in documents}
    for slug in (f.name for f in site.iterdir() if f.is_dir() and f.name not in names):
        try:
            names[slug] = read_school(project.school_file(slug)).data.school.name
        except SchoolPolicyError:
            names[slug] = slug
    return [SiteEntry(slug, name) for slug, name in names.items()]


def copy_site_root(project: Project, site: Path) -> list[Problem]:
    """The school's own files for the top of the site (data/site-root/), never over a built file."""
    found = []
    for source in sorted(project.site_root.rglob("*")) if project.site_root.is_dir() else []:
        target, shown = site / source.relative_to(project.site_root), project.display(source.parent) / source.name
        inside = source.resolve().is_relative_to(project.site_root.resolve())  # not through a linked folder
        if source.is_symlink() or not inside or not (source.is_file() or source.is_dir()):
            found.append(Problem(shown, "is not a plain file or folder; left out of the site", severity="warning"))
        elif source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif target.exists():
            found.append(Problem(shown, "the build writes this file itself; yours was left out", severity="warning"))
        else:
            shutil.copyfile(source, target)
    return found


def write_sites(checked: Checked, project: Project, out: Path, tmp: Path, say: Say, offline: bool,
                at_root: bool) -> None:
    """Each school's site in its own folder with an index at the top, or one school's site as the top."""
    for document in checked.documents:
        say(f"Building {document.slug} ({document.school.school.name})")
        build_school(document, project, checked.shared, tmp if at_root else tmp / document.slug, offline)
    if not at_root:
        carry_over(out, tmp, {d.slug for d in checked.documents}, {p.stem for p in project.school_files()})
        write_index(tmp, index_entries(project, tmp, checked.documents), offline)


def build(project: Project, slugs: list[str], out: Path, say: Say, today: dt.date, offline: bool = False,
          publish: Publish | None = None) -> Checked:
    checked = check_all(project, slugs, today, publish)
    at_root = publish is not None and publish.one_at_root and len(checked.documents) == 1
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        write_sites(checked, project, out, tmp, say, offline, at_root)
        checked.warnings += copy_site_root(project, tmp)
        swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return checked
