"""The ethnic employment gap from district data (issue 12 item 3), modelled from neighbourhoods.

Staged by scenarios/data/stage_ethnicity.py: England's gap with its part between
neighbourhoods replaced by the district's own (Census 2021 ethnic groups on IoD 2019
employment deprivation by LSOA). A town built from a place starts at it, and the listing and
the start screen say the figure is modelled.
"""

from __future__ import annotations

import csv

import pytest
from conftest import SCENARIOS

from model.framework import Framework
from model.places import place, place_description, start_figures
from model.town.generate import fit_report, generate_town

TABLE = SCENARIOS / "data" / "staged" / "ethnicity_neighbourhood_gaps_lad21.csv"
PLACES = ("E07000122", "E09000030", "E07000166", "E06000016")
"""Pendle (the widest modelled gap), Tower Hamlets (most residents of an ethnic minority),
Richmondshire (rural, few) and Leicester (a minority majority, a gap below England's)."""


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


def test_every_district_has_its_own_gap_but_the_two_smallest() -> None:
    with (SCENARIOS / "data" / "places.csv").open(encoding="utf-8") as handle:
        table = {r["code"]: float(r["ethnic_employment_gap"]) for r in csv.DictReader(handle)}
    assert len(table) == 309 and len(set(table.values())) > 250
    with (SCENARIOS / "data" / "places_provenance.csv").open(encoding="utf-8") as handle:
        filled = {
            r["code"] for r in csv.DictReader(handle) if r["column"] == "ethnic_employment_gap"
        }
    assert filled == {"E09000001", "E06000053"}  # City of London, Isles of Scilly
    own = _rows()
    for code, value in table.items():
        if code not in filled:
            assert value == pytest.approx(float(own[code]["ethnic_employment_gap_modelled_pp"]))


def test_the_figure_shows_as_modelled_with_its_producer(shipped_framework: Framework) -> None:
    for code in ("E07000062", "E07000122"):
        (fig,) = [
            f
            for f in start_figures(place(code), shipped_framework)
            if f.indicator == "ethnic_employment_gap"
        ]
        assert fig.geography == "district (modelled)"
        assert fig.producer.startswith("ONS Census 2021")


@pytest.mark.parametrize("code", PLACES)
@pytest.mark.parametrize("seed", [2, 5])
def test_a_place_starts_at_its_ethnic_employment_gap(
    shipped_framework: Framework, code: str, seed: int
) -> None:
    desc = place_description(place(code), shipped_framework)
    town = generate_town(desc, shipped_framework, seed, population=3_000)
    fit = {f.indicator: f for f in fit_report(town)}["ethnic_employment_gap"]
    assert fit.target == pytest.approx(float(dict(place(code).values)["ethnic_employment_gap"]))
    assert fit.within, fit
