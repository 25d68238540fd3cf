"""The clause library (`content/library/NN-<section>.yml`) and the guides (`content/guides/`)."""

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

from generator.errors import DataError, LibraryError, Problem
from generator.readers.choices import Choice, ChoicesFile
from generator.readers.kept import read_model
from generator.vocabulary import (
    Audience,
    FieldName,
    FormAudience,
    Id,
    Level,
    LibraryClauseId,
    Phase,
    PolicyKind,
    SchoolType,
    Strict,
)


class CoverIf(Strict):
    """A provision a clause covers only under a condition."""

    id: str
    when: str


class PupilLines(Strict):
    """A clause's pupil line written for each age: `school` for every phase but nursery, `nursery` for a page a
    parent reads with a young child. A phase left out has no line (the rule means nothing to a three-year-old)."""

    school: str | None = None
    nursery: str | None = None


class ClauseSpec(Strict):
    id: LibraryClauseId
    level: Level | None = None  # None: the section's level
    closing: bool = False  # signatures, tables: a school's own clause without `after` goes before these
    known_as: list[str] = []  # names other text uses for it ("the SMART rules"): `check` warns when it is left out
    former_ids: list[LibraryClauseId] = []  # ids it had in earlier releases: schools naming them keep working
    covers: list[str | CoverIf] = []
    when: str | None = None
    phases: list[Phase] = []  # the school phases the clause suits; empty: every phase
    types: list[SchoolType] = []  # the kinds of school (school.type) it suits; empty: every kind
    kinds: list[PolicyKind] = []  # the kinds of policy it belongs to; empty: its section's kinds
    audience: Audience | None = None  # None: its section's audience
    pupil: str | PupilLines | None = None  # the rule in one line a nine-year-old can read, for the pupils' page
    needs: list[str] = []
    choice: str | None = None  # a variant: in the policy only when the school's option for this choice ...
    option: str | None = None  # ... is this option
    options: list[str] = []  # ... or one of these
    reads: list[str] = []  # choices whose option changes this clause's words (`choices['<id>']` in its text)
    # Clauses that set a rule this clause's words speak of ("the rule on keeping evidence does not apply"):
    # `check` warns when none of them is in a policy that holds this one.
    speaks_of: list[LibraryClauseId] = []
    text: str

    def choice_options(self) -> list[str]:
        return ([self.option] if self.option else []) + list(self.options)

    def pupil_line(self, phase: str) -> str | None:
        """The clause's pupil line for a school of this phase, if it has one."""
        if isinstance(self.pupil, PupilLines):
            return self.pupil.nursery if phase == "nursery" else self.pupil.school
        return self.pupil


class RetiredClause(Strict):
    """A clause taken out of the library, kept so schools that name it are told why."""

    id: LibraryClauseId
    note: str


class SectionSpec(Strict):
    id: Id
    title: str
    level: Level = "standard"  # the default for its clauses
    when: str | None = None
    phases: list[Phase] = []  # as for clauses
    types: list[SchoolType] = []  # as for clauses
    kinds: list[PolicyKind] = ["social-media"]  # the kinds of policy that hold this section (and, by default, its clauses)
    audience: Audience = "everyone"
    intro: str | None = None
    clauses: list[ClauseSpec]

    def kinds_of(self, clause: ClauseSpec) -> list[PolicyKind]:
        """The kinds of policy a clause of this section belongs to."""
        return clause.kinds or self.kinds

    def audience_of(self, clause: ClauseSpec) -> Audience:
        return clause.audience or self.audience

    retired: list[RetiredClause] = []


Three = Field(min_length=3, max_length=3)  # the at-a-glance lists and the handout's panels


class GlancePictures(Strict):
    """A picture (content/pictures/<id>.svg) for each panel of the one-page handout, in order."""

    watch_for: Annotated[list[Id], Three]
    settings: Annotated[list[Id], Three]


class GuideGlance(Strict):
    what_it_is: str
    watch_for: Annotated[list[str], Three]
    settings: Annotated[list[str], Three]
    pictures: GlancePictures


class Picture(Strict):
    """One of the project's own pictures (content/pictures/pictures.yml)."""

    alt: Annotated[str, StringConstraints(min_length=1)]  # what it shows, for screen readers


class PictureIndex(RootModel[dict[Id, Picture]]):
    model_config = ConfigDict(frozen=True, defer_build=True)


class GuideSetting(Strict):
    name: str
    why: str | None = None
    steps: list[str]


class GuideItem(Strict):
    title: str
    text: str


class GuideTopic(Strict):
    heading: str
    body: str


class Guide(Strict):
    id: Id
    platform: Id | None = None
    title: str
    glance: GuideGlance
    what_it_is: str | None = None
    settings: list[GuideSetting] = []
    watch_for: list[GuideItem] = []
    report_and_block: str | None = None
    extra_help: str | None = None
    topics: list[GuideTopic] = []

    @property
    def kind(self) -> Literal["platform", "general"]:
        return "platform" if self.platform else "general"


class FormOption(Strict):
    value: str
    label: str


class FormField(Strict):
    name: FieldName
    label: str
    type: Literal["text", "textarea", "date", "checkbox", "radio", "signature"]
    lines: int | None = None
    options: list[FormOption] = []
    when: str | None = None  # a condition, as for clauses: false leaves the field out for this school


class FormPicture(Strict):
    """A rule shown as a picture (content/forms/pictures/<file>, drawn for this project) and a short line."""

    file: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*\.svg$")]
    alt: str  # what the picture shows, for screen readers and the PDF's tags
    text: str


class FormSection(Strict):
    heading: str
    note: str | None = None
    pictures: list[FormPicture] = []  # for young children: each rule as a picture and a few words
    fields: list[FormField] = []
    when: str | None = None


class Form(Strict):
    """A fillable form (content/forms/<id>.yml): one definition for its web page and its PDF."""

    id: Id
    title: str
    audience: FormAudience = "families"  # staff forms never appear on parents' pages
    purpose: str
    who: str | None = None
    sections: list[FormSection]


@dataclass(frozen=True)
class Library:
    sections: list[SectionSpec]
    guides: dict[str, Guide]
    pages: dict[str, str]  # content/site/*.j2 page templates, by file name
    forms: dict[str, Form]
    files: dict[str, Path] = field(default_factory=dict)  # section id -> its file, for messages
    choices: dict[str, Choice] = field(default_factory=dict)  # content/choices.yml, by id, in file order
    pictures: dict[str, Picture] = field(default_factory=dict)  # content/pictures/<id>.svg, with alt text

    def page(self, name: str) -> str:
        """A page template from content/site/; a missing one is the library's mistake, said so."""
        if name not in self.pages:
            raise LibraryError(f"content/site/{name} is missing: every school's site is written from it "
                               f"(templates there: {', '.join(sorted(self.pages)) or 'none'})")
        return self.pages[name]

    def file_of(self, section_id: str) -> str:
        return str(self.files.get(section_id, "content/library"))

    def clause_ids(self) -> list[str]:
        return [c.id for s in self.sections for c in s.clauses]

    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]

    def clause(self, clause_id: str) -> ClauseSpec | None:
        return next((c for s in self.sections for c in s.clauses if c.id == clause_id), None)

    def choice_clauses(self, choice_id: str) -> list[ClauseSpec]:
        """The variant clauses of one choice, in library order."""
        return [c for s in self.sections for c in s.clauses if c.choice == choice_id]

    def clauses_reading(self, choice_id: str) -> list[ClauseSpec]:
        """Clauses whose words change with one choice."""
        return [c for s in self.sections for c in s.clauses if choice_id in c.reads]

    def renamed(self) -> dict[str, str]:
        """Former clause id -> the id it has now."""
        return {old: c.id for s in self.sections for c in s.clauses for old in c.former_ids}

    def retired(self) -> dict[str, str]:
        """Clause id taken out of the library -> why."""
        return {r.id: r.note for s in self.sections for r in s.retired}


def _read(path: Path, root: Path, model: type[BaseModel]):
    try:
        return read_model(path, path.relative_to(root), model)
    except DataError as exc:  # shared content: a maintainer's error, not the school's
        raise LibraryError(exc.problems) from None


def read_library(content: Path, root: Path) -> Library:
    section_files = sorted((content / "library").glob("*.yml"))
    sections = [_read(p, root, SectionSpec) for p in section_files]
    guides = [_read(p, root, Guide) for p in sorted((content / "guides").glob("*.yml"))]
    pages = {p.name: p.read_text(encoding="utf-8") for p in sorted((content / "site").glob("*.j2"))}
    forms = [_read(p, root, Form) for p in sorted((content / "forms").glob("*.yml"))]
    choices_file = content / "choices.yml"
    choices = _read(choices_file, root, ChoicesFile).choices if choices_file.is_file() else []
    library = Library(sections, {g.id: g for g in guides}, pages, {f.id: f for f in forms},
                      {s.id: p.relative_to(root) for s, p in zip(sections, section_files, strict=True)},
                      {c.id: c for c in choices}, read_pictures(content, root))
    _check_unique(library, content)
    _check_choices(library, content, [c.id for c in choices])
    _check_pictures(library, content, root)
    _check_form_pictures(library, content, root)
    return library


def read_pictures(content: Path, root: Path) -> dict[str, Picture]:
    index = content / "pictures" / "pictures.yml"
    return dict(_read(index, root, PictureIndex).root) if index.is_file() else {}


def _check_pictures(library: Library, content: Path, root: Path) -> None:
    """Every picture a guide names is listed (with its alt text) and drawn."""
    folder = content / "pictures"
    problems = [Problem(folder / f"{picture_id}.svg", "is missing: pictures.yml lists it")
                for picture_id in library.pictures if not (folder / f"{picture_id}.svg").is_file()]
    for guide in library.guides.values():
        for panels in ("watch_for", "settings"):
            for picture_id in getattr(guide.glance.pictures, panels):
                if picture_id not in library.pictures:
                    problems.append(Problem(
                        content / "guides" / f"{guide.id}.yml",
                        f"glance.pictures.{panels}: no picture '{picture_id}' in content/pictures/pictures.yml "
                        f"(pictures: {', '.join(sorted(library.pictures)) or 'none'})"))
    if problems:
        raise LibraryError(problems)


def _check_choices(library: Library, content: Path, ids: list[str]) -> None:
    """Every variant clause names a real choice and option; every option has at least one clause."""
    where = content / "choices.yml"
    problems = [Problem(where, f"choice '{i}' is defined twice") for i in sorted(set(ids)) if ids.count(i) > 1]
    used: set[tuple[str, str]] = set()
    for section in library.sections:
        for clause in section.clauses:
            for read in clause.reads:
                if read not in library.choices:
                    problems.append(Problem(Path(library.file_of(section.id)), f"clause '{clause.id}' reads "
                                            f"'{read}', which is not a choice in content/choices.yml"))
                else:
                    used |= {(read, o) for o in library.choices[read].option_ids()}
            if not clause.choice and not clause.choice_options():
                continue
            choice = library.choices.get(clause.choice or "")
            if choice is None or not clause.choice_options():
                problems.append(Problem(Path(library.file_of(section.id)), f"clause '{clause.id}': give both 'choice:' "
                                        f"(one of {', '.join(library.choices) or 'none'}) and 'option:' or 'options:'"))
                continue
            for option in clause.choice_options():
                if option not in choice.option_ids():
                    problems.append(Problem(Path(library.file_of(section.id)), f"clause '{clause.id}': '{option}' is not an "
                                            f"option of choice '{choice.id}' ({', '.join(choice.option_ids())})"))
                used.add((choice.id, option))
    for choice in library.choices.values():
        problems += [Problem(where, f"choice '{choice.id}': option '{o}' sets no clause; give it a variant clause "
                                    f"(choice: {choice.id}, option: {o})")
                     for o in choice.option_ids() if (choice.id, o) not in used]
    if problems:
        raise LibraryError(problems)


def _check_form_pictures(library: Library, content: Path, root: Path) -> None:
    """Every picture a form shows is a file in content/forms/pictures/."""
    problems = [Problem((content / "forms" / f"{form.id}.yml").relative_to(root),
                        f"picture '{picture.file}' is not in content/forms/pictures/")
                for form in library.forms.values() for section in form.sections for picture in section.pictures
                if not (content / "forms" / "pictures" / picture.file).is_file()]
    if problems:
        raise LibraryError(problems)


def _check_unique(library: Library, content: Path) -> None:
    seen: set[str] = set()
    problems = []
    for section in library.sections:
        for clause in section.clauses:
            if clause.id in seen:
                problems.append(Problem(content / "library", f"clause id '{clause.id}' is used twice"))
            seen.add(clause.id)
    if len(set(library.section_ids())) != len(library.sections):
        problems.append(Problem(content / "library", "two section files share an id"))
    for section in library.sections:
        for clause in section.clauses:
            unknown = [c for c in clause.speaks_of if c not in seen]
            if unknown:
                problems.append(Problem(library.files.get(section.id, content / "library"),
                                        f"clause '{clause.id}' says speaks_of: {unknown}, which no clause is"))
            stray = [k for k in clause.kinds if k not in section.kinds]
            if stray:
                problems.append(Problem(library.files.get(section.id, content / "library"),
                                        f"clause '{clause.id}' says kinds: {stray}, which its section "
                                        f"'{section.id}' is not in; add them to the section's kinds"))
    problems += _check_history(library, content, seen)
    if problems:
        raise LibraryError(problems)


def _check_history(library: Library, content: Path, current: set[str]) -> list[Problem]:
    """A former or retired id must mean one thing only, and never a clause that exists now."""
    problems, seen = [], set()
    old = [i for s in library.sections for c in s.clauses for i in c.former_ids]
    old += [r.id for s in library.sections for r in s.retired]
    for clause_id in old:
        if clause_id in current:
            problems.append(Problem(content / "library", f"'{clause_id}' is a clause now, so it cannot also be "
                                                         "a former or retired id; give the new clause another id"))
        elif clause_id in seen:
            problems.append(Problem(content / "library", f"'{clause_id}' is listed twice in former_ids/retired"))
        seen.add(clause_id)
    return problems
