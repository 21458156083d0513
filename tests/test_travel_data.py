"""The staged walking and cycling table (issue 12 item 3), modelled from travel to work.

Staged by scenarios/data/stage_travel.py: England's assumed share moved by the district's
difference in walking and cycling to work (Census 2011), read by the derivations as
active_travel (docs/framework.md, Human-Environment Connection); this checks the table is
what its definition says.
"""

from __future__ import annotations

import csv

import pytest
from conftest import SCENARIOS

TABLE = SCENARIOS / "data" / "staged" / "census2011_active_commute_lad21.csv"


def _rows() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return {r["gss_code"]: r for r in csv.DictReader(handle)}


def test_the_modelled_share_is_englands_moved_by_the_districts_own_difference() -> None:
    rows = _rows()
    assert len(rows) == 309
    shift = {
        round(float(r["active_travel_modelled_pct"]) - float(r["active_commute_pct_2011"]), 2)
        for r in rows.values()
    }
    assert len(shift) == 1  # one England figure less one mean district
    mean = sum(float(r["active_commute_pct_2011"]) for r in rows.values()) / len(rows)
    assert shift.pop() == pytest.approx(35.0 - mean, abs=0.01)
    assert float(rows["E07000008"]["active_commute_pct_2011"]) > 25.0  # Cambridge
    values = [float(r["active_travel_modelled_pct"]) for r in rows.values()]
    assert len(set(values)) > 250 and 0 < min(values) < max(values) < 100


def test_merged_districts_are_their_predecessors_together() -> None:
    rows = _rows()
    merged = {c for c, r in rows.items() if r["merged"] == "1"}
    assert len(merged) == 8
    assert all(";" in rows[c]["districts_2011"] for c in merged)
    assert rows["E06000059"]["districts_2011"].count(";") == 4  # Dorset, five districts
    assert not any(";" in r["districts_2011"] for c, r in rows.items() if c not in merged)
