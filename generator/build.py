"""The pipeline for every school: read -> check -> resolve -> write, then swap the output in.

Nothing already built is lost: all output goes to a temporary folder beside the
target, and only a complete, successful build replaces it, in one rename (output.py).
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.cache import BuildCache, use_in_this_process
from generator.errors import DataError, Problem, ProjectError, SchoolPolicyError
from generator.faults import step
from generator.model.document import PolicyDocument
from generator.project import SLUG_RULE, Project, check_slug, shown, slug_problem, suggest_slug
from generator.readers.approved import ApprovedVersion, read_approved
from generator.readers.library import Library, read_library
from generator.readers.reference import Reference, read_reference
from generator.readers.school import SchoolFile, is_example, read_school, with_site_url
from generator.readers.trust import says_trust, trust_named
from generator.resolve.approval import apply_record, review
from generator.resolve.crossrefs import check_reference, check_school
from generator.resolve.mentions import check_mentions
from generator.resolve.own_data import after_resolve
from generator.resolve.renames import follow_renames
from generator.resolve.resolver import resolve_all
from generator.resolve.upcoming import upcoming_changes

if TYPE_CHECKING:  # the writing side is imported when a build writes: `check` never loads it
    from generator.pipeline import BuildOptions
    from generator.writers.index import SiteEntry
    from generator.writers.pdf import PdfJob

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


# serve reads content/ once and again only when a file in it changes (set by serve.py); other
# commands read it once anyway.
REMEMBER_SHARED = False
_remembered: dict[tuple, Shared] = {}


def content_state(content: Path) -> tuple:
    """Every file under content/ with its size and modification time: a cheap sign of any change."""
    return tuple(sorted((str(p), s.st_size, s.st_mtime_ns) for p in content.rglob("*")
                        if p.is_file() for s in [p.stat()]))


def load_shared(project: Project, day: dt.date | None = None, cache: bool = False) -> Shared:
    """The library, and the reference facts in force on `day` (the build date; default today).
    `cache`: keep compiled templates and converted Markdown in the build cache, and use those kept before."""
    use_in_this_process(BuildCache(project.work_dir / ".cache") if cache else None)
    key = (str(project.root), day, content_state(project.content)) if REMEMBER_SHARED else None
    if key is not None and key in _remembered:
        return _remembered[key]
    with step("reading content/ (the clause library and reference data)"):
        shared = Shared(read_library(project.content, project.root), read_reference(project.content / "reference", day))
    if key is not None:
        _remembered.clear()
        _remembered[key] = shared
    return shared


def school_paths(project: Project, slugs: list[str]) -> list[Path]:
    for slug in slugs:
        check_slug(slug)
    files = project.school_files()
    misnamed = [misnamed_file(project, p, {f.stem for f in files}) for p in files if slug_problem(p.stem)]
    if misnamed:
        raise DataError(misnamed)
    if not slugs:
        return files
    known = [p.stem for p in files]
    missing = [s for s in slugs if s not in known]
    if missing:
        raise ProjectError(f"no data/schools/{missing[0]}.yml; schools here: {', '.join(known) or 'none yet'} "
                           f"(make one with: schoolpolicy new {missing[0]} --name \"...\")")
    return [project.school_file(s) for s in slugs]


def trust_members(project: Project, trust: str) -> list[str]:
    """The slugs of the schools whose files say `trust: <trust>`. A file that cannot be read as YAML
    is an academy when its text says so (check then names its mistake at its line); one that cannot
    be read at all is an error, as it could be one: no academy silently drops out of --trust."""
    known = [p.stem for p in project.trust_files()]
    if slug_problem(trust) or trust not in known:
        raise ProjectError(f"no data/trusts/{trust}.yml; trusts here: {', '.join(known) or 'none yet'}")
    members, unreadable = [], []
    for path in project.school_files():
        try:
            named = trust_named(path, project.display(path))
        except DataError as exc:
            if says_trust(path, trust):
                members.append(path.stem)
            else:
                unreadable += [replace(p, message=f"{p.message} (so it cannot tell whether this school is an "
                                                  f"academy of {trust}: fix it, or move it out of data/schools/)")
                               for p in exc.problems]
            continue
        if named == trust:
            members.append(path.stem)
    if unreadable:
        raise DataError(unreadable)
    if not members:
        raise ProjectError(f"no school in data/schools/ names trust: {trust}; add 'trust: {trust}' at the top "
                           f"of each academy's file (or make one with: schoolpolicy new SLUG --trust {trust} --name \"...\")")
    return members


def misnamed_file(project: Project, path: Path, taken: set[str]) -> Problem:
    """A school file whose name cannot be a slug (it names the site folder and its links)."""
    name = shown(path.stem[:80]) + ("..." if len(path.stem) > 80 else "")
    better = suggest_slug(path.stem, taken)
    return Problem(Path(shown(str(project.display(path)))),
                   f"'{name}' cannot name a school: {SLUG_RULE}. Rename the file to data/schools/{better}.yml")


def published_slugs(project: Project) -> list[str]:
    """What `build --publish` builds: a fork's own schools, or the examples while it has none."""
    own, examples = [], []
    for path in school_paths(project, []):
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
    document = resolve_all(school, shared.library, shared.reference)
    found += upcoming_changes(school, shared.library, shared.reference, document, today)
    found += check_mentions(school, document, shared.library) + after_resolve(school, document, shared.library)
    if approving:
        return document, found
    document, notes = review(document, school, record, shared.library, checked_dates(shared.reference), record_file)
    return document, found + notes


def checked_dates(reference: Reference) -> set[dt.date]:
    return {checked for _, checked in reference.dated_facts()}


def check_all(project: Project, slugs: list[str], today: dt.date, publish: Publish | None = None,
              cache: bool = False) -> Checked:
    """Read, check and resolve every school; report every file's problems together."""
    shared = load_shared(project, today, cache)
    result, errors = Checked(shared, warnings=check_reference(shared.reference, today)), []
    for path in school_paths(project, slugs):
        try:
            site_url = publish.site_url(path.stem) if publish else None
            with step(f"{project.display(path)}: checking"):
                document, warnings = check_one(project, path, shared, today, site_url=site_url)
        except DataError as exc:
            errors += exc.problems
            continue
        result.documents.append(document)
        result.warnings += warnings
    if errors:
        raise DataError(list(dict.fromkeys(errors)))  # a mistake in a trust's file is found once per academy
    return result


def carry_over(old: Path, new: Path, rebuilt: set[str], known: set[str]) -> None:
    """On a partial build keep the other schools' sites as they were."""
    if not old.is_dir():
        return
    for folder in old.iterdir():
        if folder.is_dir() and folder.name in known and folder.name not in rebuilt:
            shutil.copytree(folder, new / folder.name)


def site_entry(slug: str, school) -> SiteEntry:
    from generator.writers.index import SiteEntry

    return SiteEntry(slug, school.school.name, school.trust.name if school.trust else None)


def index_entries(project: Project, site: Path, documents: list[PolicyDocument]) -> list[SiteEntry]:
    from generator.writers.index import SiteEntry

    entries = {d.slug: site_entry(d.slug, d.school) for d in documents}
    for slug in (f.name for f in site.iterdir() if f.is_dir() and f.name not in entries):
        try:
            entries[slug] = site_entry(slug, read_school(project.school_file(slug)).data)
        except SchoolPolicyError:
            entries[slug] = SiteEntry(slug, slug)
    return list(entries.values())


def build(project: Project, slugs: list[str], out: Path, say: Say, today: dt.date, offline: bool = False,
          publish: Publish | None = None, options: BuildOptions | None = None) -> Checked:
    from generator.output import locked, output_folder, unmark_published, work_lock, writing
    from generator.parallel import warm_up
    from generator.pipeline import BuildOptions

    options = options or BuildOptions()
    out = output_folder(out, project)
    school_paths(project, slugs)  # wrong slugs and file names are said before anything is written
    site_root_refusal(project)
    warm_up(options.jobs, project.content)  # the workers' fork server loads the engines while the data is checked
    with writing(out, project.display(out)):  # a site a killed build moved away is back before checking
        checked = check_all(project, slugs, today, publish, cache=options.cache)
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
    from generator.writers.index import write_index

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
        swap_in(tmp, out)
    finally:
        discard(tmp)
    if engines.cache is not None:
        progress.line(f"Cache ({project.display(engines.cache.folder)}/): {engines.stats.line()}")
    checked.missing = engines.missing


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
    from generator.own_files import open_own

    fd = open_own(source, os.O_RDONLY, seen_as, DataError)
    with os.fdopen(fd, "rb") as handle, open(target, "xb") as out:
        shutil.copyfileobj(handle, out)
