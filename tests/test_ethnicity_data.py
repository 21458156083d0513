"""The staged ethnic employment gap (issue 12 item 3), modelled from neighbourhoods.

Staged by scenarios/data/stage_ethnicity.py: England's gap with its part between
neighbourhoods replaced by the district's own (Census 2021 ethnic groups on IoD 2019
employment deprivation by LSOA). Not yet read by the derivations (docs/framework.md,
Equality, says why); this checks the table is what its definition says, so that it can be
wired in as it stands.
"""

from __future__ import annotations

import csv

from conftest import SCENARIOS

TABLE = SCENARIOS / "data" / "staged" / "ethnicity_neighbourhood_gaps_lad21.csv"


def _rows() -> dict[str, dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return {r["gss_code"]: r for r in csv.DictReader(handle)}


def test_the_modelled_gap_is_one_within_neighbourhood_part_plus_the_districts_own() -> None:
    rows = _rows()
    assert len(rows) == 309
    within = {
        round(
            float(r["ethnic_employment_gap_modelled_pp"])
            - float(r["employment_deprivation_exposure_gap_pp"]),
            2,
        )
        for r in rows.values()
    }
    assert len(within) == 1 and 8.0 < within.pop() < 11.0
    # the places where minorities live in the most deprived neighbourhoods lead (Pendle,
    # Bradford); where they live in less deprived ones than White residents, it is below
    assert float(rows["E07000122"]["employment_deprivation_exposure_gap_pp"]) > 5.0
    assert float(rows["E08000032"]["employment_deprivation_exposure_gap_pp"]) > 4.0
    assert float(rows["E07000135"]["employment_deprivation_exposure_gap_pp"]) < 0.0
    # one neighbourhood: no gap between neighbourhoods
    assert float(rows["E06000053"]["employment_deprivation_exposure_gap_pp"]) == 0.0
