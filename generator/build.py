"""The pipeline for every school: read -> check -> resolve -> write, then swap the output in.

Nothing already built is lost: all output goes to a temporary folder beside the
target, and only a complete, successful build replaces it, in one rename (output.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator import state
from generator.cache import BuildCache, use_in_this_process
from generator.check import check_reference, check_school
from generator.errors import DataError, Problem
from generator.faults import step
from generator.model.document import PolicyDocument
from generator.project import Project
from generator.readers.approved import ApprovedVersion, read_approved
from generator.readers.library import Library
from generator.readers.logo import Decoded, pictures_of
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile, read_school, with_site_url
from generator.readers.snapshot import read_shared
from generator.resolve import resolve_school
from generator.schools import school_paths

if TYPE_CHECKING:  # the writing side is imported when a build writes: `check` never loads it
    from generator.pipeline import BuildOptions
    from generator.writers.pdf.jobs import PdfJob

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
    missing: list[PdfJob] = field(default_factory=list)  # PDFs serve's quick pass left for later


# What `load_shared(remember=True)` read (serve's BuildOptions.remember_shared): content/ is read
# again only when a file in it changes. Other commands read it once anyway.
_remembered: dict[tuple[object, ...], Shared] = state.kept({}, "build._remembered")


def content_state(content: Path) -> tuple[object, ...]:
    """Every file under content/ with its size and modification time: a cheap sign of any change."""
    return tuple(sorted((str(p), s.st_size, s.st_mtime_ns) for p in content.rglob("*")
                        if p.is_file() for s in [p.stat()]))


def load_shared(project: Project, day: dt.date | None = None, remember: bool = False) -> Shared:
    """The library, and the reference facts in force on `day` (the build date; default today).
    `remember`: keep them in this process, and hand them out again while no file under content/ changes."""
    key = (str(project.root), day, content_state(project.content)) if remember else None
    if key is not None and key in _remembered:
        return _remembered[key]
    with step("reading content/ (the clause library and reference data)"):
        shared = Shared(*read_shared(project.content, project.root, day))
    if key is not None:
        _remembered.clear()
        _remembered[key] = shared
    return shared


def check_one(project: Project, path: Path, shared: Shared, today: dt.date, approving: ApprovedVersion | None = None,
              site_url: str | None = None, seen: Decoded | None = None) -> tuple[PolicyDocument, list[Problem]]:
    """One school read, checked and resolved. `approving`: resolve it as approved so, for `approve`.
    `seen`: the pictures this build has decoded (check_all's: a trust's logo once for all its academies)."""
    school: SchoolFile = with_site_url(read_school(path, project.display(path)), site_url)
    record_file = project.display(project.approved_file(school.slug))
    record = approving or read_approved(project.approved_file(school.slug), record_file)
    pictures = pictures_of(project.root, school.data, seen)  # the logos and own pictures, read once for every stage
    checked = check_school(school, shared.library, shared.reference, record, record_file, pictures, today)
    document, found = resolve_school(checked.school, shared.library, shared.reference, today, record, record_file,
                                     pictures.usable(), approving=approving is not None)
    return document, checked.warnings + found


def check_all(project: Project, slugs: list[str], today: dt.date, publish: Publish | None = None,
              cache: bool = False, remember_shared: bool = False) -> Checked:
    """Read, check and resolve every school; report every file's problems together. `cache`: keep the
    library's parsed YAML and converted Markdown in the build cache, and use what was kept before.
    `remember_shared`: see load_shared."""
    paths = school_paths(project, slugs)  # a wrong slug or file name is said before anything is read or kept
    use_in_this_process(BuildCache(project.work_dir / ".cache") if cache else None)
    shared = load_shared(project, today, remember=remember_shared)
    result, errors = Checked(shared, warnings=check_reference(shared.reference, today)), []
    seen = Decoded()  # this build's: a picture changed before the next (serve's) is decoded again
    for path in paths:
        try:
            site_url = publish.site_url(path.stem) if publish else None
            with step(f"{project.display(path)}: checking"):
                document, warnings = check_one(project, path, shared, today, site_url=site_url, seen=seen)
        except DataError as exc:
            errors += exc.problems
            continue
        result.documents.append(document)
        result.warnings += warnings
    if errors:
        raise DataError(list(dict.fromkeys(errors)))  # a mistake in a trust's file is found once per academy
    return result


def build(project: Project, slugs: list[str], out: Path, say: Say, today: dt.date, offline: bool = False,
          publish: Publish | None = None, options: BuildOptions | None = None) -> Checked:
    from generator.output import locked, output_folder, unmark_published, work_lock, writing
    from generator.parallel import warm_up
    from generator.pipeline import BuildOptions
    from generator.writers.site.tree import site_root_refusal

    options = options or BuildOptions()
    out = output_folder(out, project)
    school_paths(project, slugs)  # wrong slugs and file names are said before anything is written
    site_root_refusal(project)
    warm_up(options.jobs, project.content)  # the workers' fork server loads the engines while the data is checked
    with writing(out, project.display(out)):  # a site a killed build moved away is back before checking
        checked = check_all(project, slugs, today, publish, cache=options.cache,
                            remember_shared=options.remember_shared)
        at_root = publish is not None and publish.one_at_root and len(checked.documents) == 1
        with locked(work_lock(project), f"{project.display(project.work_dir)}/"):
            write_sites(project, checked, out, say, offline, options, at_root)
            if publish is not None:  # uploaded whole: schoolpolicy's own marker is not published
                unmark_published(project, out)
    return checked


def write_sites(project: Project, checked: Checked, out: Path, say: Say, offline: bool,
                options: BuildOptions | None = None, at_root: bool = False) -> None:
    """Every school into a new tree beside `out`, then the tree swapped in whole.
    `at_root`: the one school's site is the whole tree (a published fork), with no index."""
    from generator.output import discard, new_tree, swap_in
    from generator.pipeline import BuildOptions, Engines, build_schools
    from generator.progress import Progress
    from generator.writers.site.index import write_index
    from generator.writers.site.tree import carry_over, copy_site_root, hoist, index_entries

    options = options or BuildOptions()
    progress = Progress(say, options.quiet)
    tmp = new_tree(out)
    try:
        with Engines(project, options, progress) as engines:
            for document in checked.documents:
                progress.line(f"Building {document.slug} ({document.school.school.name})")
            build_schools(checked.documents, project, checked.shared.library.pages, tmp, offline, engines)
        if at_root:
            hoist(tmp / checked.documents[0].slug)
        else:
            with step("writing the index of school sites"):
                carry_over(out, tmp, {d.slug for d in checked.documents}, {p.stem for p in project.school_files()})
                write_index(tmp, index_entries(project, tmp, checked.documents), offline)
        with step("copying data/site-root/"):
            checked.warnings += copy_site_root(project, tmp)
        swap_in(tmp, out, options.set_aside)
    finally:
        discard(tmp)
    if engines.cache is not None:
        progress.line(f"Cache ({project.display(engines.cache.folder)}/): {engines.stats.line()}")
    checked.missing = engines.missing
