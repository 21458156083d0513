"""The staged neighbourhood belonging table (issue 12, community cohesion), modelled from
rurality.

Staged by scenarios/data/stage_cohesion.py: the Community Life Survey 2017/18 rates for rural
(68%) and urban (61%) adults applied to each district's 2011 share of residents in rural Output
Areas, read by the derivations as belonging (docs/framework.md, community cohesion); this
checks the table is what its definition says.
"""

from __future__ import annotations

import csv

import pytest
from conftest import ROOT, SCENARIOS

TABLE = SCENARIOS / "data" / "staged" / "cls_belonging_by_rurality_lad21.csv"
RAW = ROOT.parent / "shared" / "data" / "more" / "ruc2011_lad18.csv"


def _rows() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return {r["gss_code"]: r for r in csv.DictReader(handle)}


def test_every_district_is_the_urban_rate_moved_by_its_rural_share() -> None:
    rows = _rows()
    assert len(rows) == 309
    for r in rows.values():
        share = int(r["rural_residents_2011"]) / int(r["residents_2011"])
        assert float(r["rural_share_2011"]) == pytest.approx(share, abs=1e-5)
        assert float(r["belonging_pct_modelled"]) == pytest.approx(61 + 7 * share, abs=1e-3)
    values = [float(r["belonging_pct_modelled"]) for r in rows.values()]
    assert 61.0 <= min(values) < max(values) <= 68.0
    assert len(set(values)) > 200  # many London and metropolitan districts sit near 61
    # the most urban and the most rural: City of London has no rural Output Area
    assert rows["E09000001"]["belonging_pct_modelled"] == "61.0"
    assert float(rows["E07000166"]["belonging_pct_modelled"]) > 66  # Richmondshire


def test_merged_districts_are_their_predecessors_together() -> None:
    rows = _rows()
    merged = {c for c, r in rows.items() if r["merged"] == "1"}
    assert len(merged) == 8
    assert rows["E06000059"]["districts_2018"].count(";") == 4  # Dorset, five districts
    assert not any(";" in r["districts_2018"] for c, r in rows.items() if c not in merged)


@pytest.mark.skipif(not RAW.is_file(), reason="the shared public data is not beside the repo")
def test_a_district_carries_the_raw_lookups_rural_residents() -> None:
    with RAW.open(encoding="utf-8") as handle:
        raw = {r["LAD18CD"]: r for r in csv.DictReader(handle)}
    rows = _rows()
    for code in ("E07000166", "E08000025", "E06000052"):  # Richmondshire, Birmingham, Cornwall
        assert rows[code]["rural_residents_2011"] == raw[code]["Total Rural population 2011"]
        assert rows[code]["residents_2011"] == raw[code]["Total population 2011"]
    dorset = [raw[c] for c in rows["E06000059"]["districts_2018"].split(";")]
    assert int(rows["E06000059"]["rural_residents_2011"]) == sum(
        int(r["Total Rural population 2011"]) for r in dorset
    )
