"""A school's own clauses are placed in time linear in their number (resolve/planning.place_all), in the
order placing them one at a time (planning.place) gives."""
from __future__ import annotations

import random

from generator.resolve.planning import Placement, PlannedClause, place, place_all


def clause(cid: str, closing: bool = False) -> PlannedClause:
    return PlannedClause(cid, (), "library" if closing else "own", None, None, (), closing)


def one_at_a_time(planned: list[PlannedClause], placements: list[Placement]) -> list[str]:
    result = list(planned)
    for p in placements:
        place(result, p.clause, p.after, p.before, p.first)
    return [c.id for c in result]


def random_case(rng: random.Random, library: int, own: int, duplicates: bool = False):
    planned = [clause(f"lib.{i}", closing=rng.random() < 0.2) for i in range(library)]
    names = [f"lib.{i}" for i in range(library)] + [f"own.{j}" for j in range(own)] + ["missing", None]
    placements = []
    for j in range(own):
        cid = f"own.{rng.randrange(own)}" if duplicates and rng.random() < 0.3 else f"own.{j}"
        how = rng.random()
        placements.append(Placement(clause(cid), rng.choice(names) if how < 0.5 else None,
                                    rng.choice(names) if 0.3 < how < 0.8 else None, first=how > 0.9))
    return planned, placements


def test_own_clauses_go_where_placing_them_one_at_a_time_puts_them():
    rng = random.Random(20261206)
    for _ in range(400):
        planned, placements = random_case(rng, rng.randrange(0, 12), rng.randrange(0, 30))
        assert [c.id for c in place_all(planned, placements)] == one_at_a_time(planned, placements)


def test_a_clause_named_twice_is_placed_as_before():
    rng = random.Random(7)
    for _ in range(200):
        planned, placements = random_case(rng, rng.randrange(0, 8), rng.randrange(1, 20), duplicates=True)
        assert [c.id for c in place_all(planned, placements)] == one_at_a_time(planned, placements)


def test_five_thousand_own_clauses_keep_their_order():
    """Each after the one before it, or before the section's closing clause: the order the file gives them,
    before the signatures; a few firsts at the top in the file's order (add_own_clauses reverses them)."""
    planned = [clause("lib.a"), clause("lib.b"), clause("lib.sign", closing=True), clause("lib.table", closing=True)]
    placements = [Placement(clause("own.0"), "lib.b")]
    placements += [Placement(clause(f"own.{i}"), f"own.{i - 1}" if i % 2 else None) for i in range(1, 5000)]
    placed = [c.id for c in place_all(planned, placements)]
    assert placed == ["lib.a", "lib.b", *(f"own.{i}" for i in range(5000)), "lib.sign", "lib.table"]
    small = placements[:300]
    assert [c.id for c in place_all(planned, small)] == one_at_a_time(planned, small)
