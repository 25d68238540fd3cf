"""Which school files a command acts on: the slugs given, a trust's academies, or what `build --publish`
publishes; a file whose name cannot be a slug is refused before anything is read."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.errors import DataError, Problem, ProjectError, printable
from generator.project import Project
from generator.readers.school import is_example
from generator.readers.trust import says_trust, trust_named
from generator.vocabulary import SLUG_RULE, check_slug, slug_problem, suggest_slug


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
    members: list[str] = []
    unreadable: list[Problem] = []
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
    name = printable(path.stem, 80, cut="...")
    better = suggest_slug(path.stem, taken)
    return Problem(Path(printable(project.display(path))),
                   f"'{name}' cannot name a school: {SLUG_RULE}. Rename the file to data/schools/{better}.yml")


def published_slugs(project: Project) -> list[str]:
    """What `build --publish` builds: a fork's own schools, or the examples while it has none."""
    own, examples = list[str](), list[str]()
    for path in school_paths(project, []):
        (examples if is_example(path, project.display(path)) else own).append(path.stem)
    return own or examples
