"""Where things are: the project is the folder holding mkdocs.yml and data/schools/, as for mkdocs."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from generator.errors import ProjectError, printable
from generator.vocabulary import check_slug


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project in `start` (default: the current folder). Everything the tool reads (content/,
        its fonts and print templates, overrides/, mkdocs.yml, data/) is found from here, never from
        where the package is installed, so a `pip install .` of it works as well as an editable one."""
        root = (start or Path.cwd()).resolve()
        if not cls.holds_project(root):
            above = next((str(folder) for folder in root.parents if cls.holds_project(folder)), None)
            hint = (f"; the project is {printable(above)}: cd there first" if above else
                    " (your copy of the repository)")
            raise ProjectError(f"{printable(root)} is not a schoolpolicy project: run this in the folder that "
                               f"holds mkdocs.yml, content/ and data/schools/{hint}")
        return cls(root)

    @staticmethod
    def holds_project(folder: Path) -> bool:
        return ((folder / "mkdocs.yml").is_file() and (folder / "data" / "schools").is_dir()
                and (folder / "content").is_dir())

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def schools_dir(self) -> Path:
        return self.root / "data" / "schools"

    @property
    def base_config(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def overrides(self) -> Path:
        return self.root / "overrides"

    @property
    def work_dir(self) -> Path:
        """Generated docs trees and configs, kept for inspection and for other site engines."""
        return self.root / "build"

    @property
    def default_out(self) -> Path:
        return self.root / "site"

    def source_folders(self) -> set[str]:
        """Top-level folders the tool reads or works in, never an output folder."""
        return {"data", self.content.name, self.overrides.name, self.work_dir.name, ".git"}

    def school_files(self) -> list[Path]:
        return sorted(self.schools_dir.glob("*.yml"))

    def school_file(self, slug: str) -> Path:
        return self.schools_dir / f"{check_slug(slug)}.yml"

    @property
    def trusts_dir(self) -> Path:
        return self.root / "data" / "trusts"

    def trust_files(self) -> list[Path]:
        return sorted(self.trusts_dir.glob("*.yml"))

    def trust_file(self, slug: str) -> Path:
        return self.trusts_dir / f"{slug}.yml"

    def approved_file(self, slug: str) -> Path:
        """The policy as governors last approved it (see readers/approved.py)."""
        return self.root / "data" / "approved" / f"{check_slug(slug)}.yml"

    @property
    def site_root(self) -> Path:
        """Files copied to the top of the output folder on every build (CNAME, robots.txt...)."""
        return self.root / "data" / "site-root"

    def display(self, path: Path) -> Path:
        """Paths in messages are relative to the project, as the user sees them (links not followed:
        a linked school file is named as itself, never as the file it points at)."""
        try:
            return Path(os.path.abspath(path)).relative_to(self.root)
        except ValueError:
            return path
