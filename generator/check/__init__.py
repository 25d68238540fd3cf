"""check: everything that validates a school against the library, after reading and before resolving.

It takes what the readers read (the school's file, its approval record, its logo) with the shared
library and reference facts; it puts the recorded approval in place and follows renamed clause ids,
then reports every problem at once. Errors stop the build (DataError); warnings go on with the
checked school. What only the resolved policy shows (a left-out clause its words still name, a
change a dated fact will soon make) resolve says with the document.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.check.appearance import check_colours, check_logo
from generator.check.approval import apply_record
from generator.check.choices import check_school_choices, with_former_choices
from generator.check.dates import check_dates, check_reference
from generator.check.ids import (
    check_choices,
    check_clause_changes,
    check_laws,
    check_platforms,
    check_restore,
    check_terms,
)
from generator.check.links import check_school_links
from generator.check.nations import check_members, check_own_words, check_titles, check_type
from generator.check.own_data import check_own_data
from generator.check.placeholders import check_placeholders
from generator.check.renames import follow_renames
from generator.errors import DataError, Problem, capped
from generator.readers.approved import ApprovedVersion
from generator.readers.library import Library
from generator.readers.logo import PicturesRead
from generator.readers.reference import Reference
from generator.readers.school import SchoolFile

__all__ = ["CheckedSchool", "check_reference", "check_school", "school_problems"]


@dataclass(frozen=True)
class CheckedSchool:
    school: SchoolFile  # with the recorded approval in place, renamed ids followed and old choice keys read
    warnings: list[Problem]


def school_problems(school: SchoolFile, library: Library, reference: Reference, pictures: PicturesRead,
                    today: dt.date) -> list[Problem]:
    """Every problem of one school's file (errors and warnings) against the library and reference facts;
    `pictures`: what the readers made of the pictures it names (readers/logo.py pictures_of)."""
    return capped(
        school.doc.warnings + check_platforms(school, reference) + check_choices(school, library)
        + check_clause_changes(school, library) + check_laws(school, reference) + check_school_links(school)
        + check_logo(school, pictures.logo) + check_colours(school) + check_dates(school, today)
        + check_terms(school, reference) + check_restore(school)
        + check_placeholders(school, reference)
        + check_titles(school, reference) + check_own_words(school, reference) + check_members(school)
        + check_school_choices(school, library)
        + check_type(school, reference) + check_own_data(school, library, pictures))


def check_school(school: SchoolFile, library: Library, reference: Reference, record: ApprovedVersion | None,
                 record_file: Path, pictures: PicturesRead, today: dt.date) -> CheckedSchool:
    """The school with its approval record and renamed ids applied, and its problems; DataError on errors."""
    school, found = apply_record(school, record, record_file)
    school, renames = follow_renames(school, library)
    found += renames + school_problems(school, library, reference, pictures, today)
    errors = [p for p in found if p.severity == "error"]
    if errors:
        raise DataError(errors)
    return CheckedSchool(with_former_choices(school, library), found)
