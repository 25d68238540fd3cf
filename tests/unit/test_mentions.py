"""Words that name a clause the policy leaves out ("the SMART rules") are pointed at in every kind of
policy a school publishes, not only its first (resolve/mentions.py)."""
from __future__ import annotations

from conftest import UNIT_DAY

from generator.readers.school import read_school
from generator.resolve import resolve_school

POSTER = ("  add:\n", "  add:\n    - {id: own.rules-poster, section: online-rules, kind: online-safety,\n"
                      "       text: Posters of the SMART rules hang in every classroom.}\n")
TWO_KINDS = ("  title: Social Media Policy", "  kinds: [social-media, online-safety]\n  title: Social Media Policy")


def mentions(school_file, library, reference, changes: dict[str, str]) -> list[str]:
    school = read_school(school_file(changes))
    _, found = resolve_school(school, library, reference, UNIT_DAY, None, school.doc.path)
    return [str(p) for p in found if "SMART rules" in str(p)]


def test_words_in_a_further_kind_that_name_a_left_out_clause_are_pointed_at(school_file, library, reference):
    found = mentions(school_file, library, reference, dict([POSTER, TWO_KINDS]))
    assert len(found) == 1, found
    assert "clauses.add[0]: warning:" in found[0] and "of the Online Safety Policy mentions \"SMART rules\"" in found[0]
    assert "'online-rules.smart-rules' is not in the Online Safety Policy" in found[0]


def test_the_main_kind_still_says_the_policy(school_file, library, reference):
    own = ("  add:\n", "  add:\n    - {id: own.rules-poster, section: online-rules,\n"
                       "       text: Posters of the SMART rules hang in every classroom.}\n")
    found = mentions(school_file, library, reference, dict([own]))
    assert len(found) == 1, found
    assert ") mentions \"SMART rules\", but 'online-rules.smart-rules' is not in the policy (" in found[0]
