"""The pipeline for every school: read -> check -> resolve -> write, then swap the output in.

Nothing already built is lost: all output goes to a temporary folder beside the
target, and only a complete, successful build replaces it.
"""
from __future__ import annotations

import calendar
import datetime as dt
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from generator.errors import DataError, Problem, ProjectError, SchoolPolicyError
from generator.model.document import PolicyDocument
from generator.project import Project
from generator.readers.approved import read_approved
from generator.readers.library import Library, read_library
from generator.readers.reference import Reference, read_reference
from generator.readers.school import SchoolFile, read_school
from generator.resolve.changes import compare
from generator.resolve.crossrefs import check_reference, check_school
from generator.resolve.resolver import resolve
from generator.resolve.upcoming import upcoming_changes
from generator.writers.clauses_json import write_clauses_json
from generator.writers.docs_tree import write_docs_tree
from generator.writers.downloads import write_downloads_json
from generator.writers.index import SiteEntry, write_index
from generator.writers.site import build_site

Say = Callable[[str], None]


@dataclass(frozen=True)
class Shared:
    library: Library
    reference: Reference


@dataclass
class Checked:
    shared: Shared
    documents: list[PolicyDocument] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def load_shared(project: Project, day: dt.date | None = None) -> Shared:
    """The library, and the reference facts in force on `day` (the build date; default today)."""
    return Shared(read_library(project.content, project.root), read_reference(project.content / "reference", day))


def school_paths(project: Project, slugs: list[str]) -> list[Path]:
    if not slugs:
        return project.school_files()
    known = [p.stem for p in project.school_files()]
    missing = [s for s in slugs if s not in known]
    if missing:
        raise ProjectError(f"no data/schools/{missing[0]}.yml; schools here: {', '.join(known) or 'none yet'} "
                           f"(make one with: schoolpolicy new {missing[0]} --name \"...\")")
    return [project.school_file(s) for s in slugs]


def check_one(project: Project, path: Path, shared: Shared, today: dt.date) -> tuple[PolicyDocument, list[Problem]]:
    school: SchoolFile = read_school(path, project.display(path))
    found = check_school(school, shared.library, shared.reference, project.root, today)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        raise DataError(errors)
    document = resolve(school, shared.library, shared.reference)
    found += upcoming_changes(school, shared.library, shared.reference, document, today)
    return with_changes(document, project), found


def with_changes(document: PolicyDocument, project: Project) -> PolicyDocument:
    """Compare with the version governors last approved, when one is on record."""
    path = project.approved_file(document.slug)
    approved = read_approved(path, project.display(path))
    return replace(document, changes=compare(document, approved)) if approved else document


def check_all(project: Project, slugs: list[str], today: dt.date) -> Checked:
    """Read, check and resolve every school; report every file's problems together."""
    shared = load_shared(project, today)
    result, errors = Checked(shared, warnings=check_reference(shared.reference, today)), []
    for path in school_paths(project, slugs):
        try:
            document, warnings = check_one(project, path, shared, today)
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


def build(project: Project, slugs: list[str], out: Path, say: Say, today: dt.date, offline: bool = False) -> Checked:
    checked = check_all(project, slugs, today)
    shared = checked.shared
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for document in checked.documents:
            say(f"Building {document.slug} ({document.school.school.name})")
            build_school(document, project, shared, tmp / document.slug, offline)
        carry_over(out, tmp, {d.slug for d in checked.documents}, {p.stem for p in project.school_files()})
        write_index(tmp, index_entries(project, tmp, checked.documents), offline)
        swap_in(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return checked
