"""Tables say each thing once (issue 26): no column every row leaves empty, no cell pair saying the same."""
from __future__ import annotations

import datetime as dt
import re

from conftest import ROOT, UNIT_DAY


def clause_html(slug: str, clause_id: str, day: dt.date = UNIT_DAY) -> str:
    from generator.build import check_all
    from generator.project import Project

    (document,) = check_all(Project(ROOT), [slug], day).documents
    return next(c.html for c in document.clauses() if c.id == clause_id)


def rows(html: str) -> list[list[str]]:
    table = html[html.index("<table"):html.index("</table>")]
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]


def test_the_phone_network_table_says_check_with_your_provider_once_a_row():
    table = rows(clause_html("demo", "appendices.phone-providers"))
    for row in table[1:]:
        assert len(set(row[1:])) == len(row[1:]) or len(row) == 2, row
        assert sum("check with your provider" in cell for cell in row) <= 1, row
    assert all(any(cell for cell in column) for column in zip(*table[1:])), "a column no row fills"
    tesco = next(row for row in table if row[0] == "Tesco Mobile")
    assert "4455" in " ".join(tesco)
