"""Turnout and loneliness from district data (issue 12 item 3), and what that asks of generation.

The two figures are the places' own (staged by scenarios/data/stage_community.py); a town built
from a place starts at them, and a behaviour's figure moves nothing else in the generated town.
"""

from __future__ import annotations

import csv

import pytest
from conftest import SCENARIOS

from model.framework import Framework
from model.loading import shipped_towns
from model.places import place, place_description
from model.town.generate import fit_report, generate_town

STAGED = SCENARIOS / "data" / "staged"
PLACES = ("E08000010", "E07000145", "E09000030", "E07000166")
"""Wigan, Great Yarmouth, Tower Hamlets, Richmondshire: a metropolitan borough, a coastal
district, an inner London borough and a rural district."""


def _rows(name: str) -> dict[str, dict[str, str]]:
    with (STAGED / name).open(encoding="utf-8") as handle:
        return {r["gss_code"]: r for r in csv.DictReader(handle)}


def test_turnout_is_votes_over_electorate_and_merged_districts_are_electorate_weighted() -> None:
    rows = _rows("eu_referendum_turnout_2016_lad21.csv")
    assert len(rows) == 309
    for r in rows.values():
        share = 100 * int(r["votes_cast_2016"]) / int(r["electorate_2016"])
        assert float(r["eu_referendum_turnout_pct_2016"]) == pytest.approx(share, abs=5e-4)
        assert (r["merged"] == "1") == (";" in r["counting_areas"])
    # Dorset (2019) is its five districts of 2016 together
    assert rows["E06000059"]["counting_areas"].count(";") == 4
    with (SCENARIOS / "data" / "places_provenance.csv").open(encoding="utf-8") as handle:
        flagged = {r["code"] for r in csv.DictReader(handle) if r["column"] == "voter_turnout"}
    assert flagged == {c for c, r in rows.items() if r["merged"] == "1"}


def test_every_district_has_both_figures_and_they_differ_between_places() -> None:
    with (SCENARIOS / "data" / "places.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    for column in ("voter_turnout", "loneliness"):
        values = [float(r[column]) for r in table]
        assert len(values) == 309 and 0 < min(values) < max(values) < 100
        assert len(set(values)) > 250, column


@pytest.mark.parametrize("code", PLACES)
def test_a_place_starts_at_its_turnout_and_loneliness(
    shipped_framework: Framework, code: str
) -> None:
    desc = place_description(place(code), shipped_framework)
    town = generate_town(desc, shipped_framework, 2, population=3_000)
    fits = {f.indicator: f for f in fit_report(town)}
    for ident in ("voter_turnout", "loneliness"):
        assert fits[ident].target == pytest.approx(float(dict(place(code).values)[ident]))
        assert fits[ident].within, fits[ident]


@pytest.mark.parametrize("ref", ["brackenbury", "great_yarmouth"])
def test_a_behaviours_figure_moves_no_other_figure_of_the_generated_town(
    shipped_framework: Framework, ref: str
) -> None:
    """Each behaviour draws on a stream of its own, so a place's turnout or loneliness cannot
    re-roll its pay or income fit (before, new turnout and loneliness figures moved Great
    Yarmouth's low pay fit by 0.15 to 0.9 points, seeds 1 and 3)."""
    desc = dict(shipped_towns(shipped_framework))[ref]
    moved = dict(desc.indicators)
    moved["voter_turnout"] -= 6.0
    moved["loneliness"] += 2.0
    a = generate_town(desc, shipped_framework, 3, population=3_000)
    other = desc.model_copy(update={"indicators": moved})
    b = generate_town(other, shipped_framework, 3, population=3_000)
    fa = {f.indicator: f.generated for f in fit_report(a)}
    fb = {f.indicator: f.generated for f in fit_report(b)}
    assert fb["voter_turnout"] == pytest.approx(fa["voter_turnout"] - 6.0, abs=0.1)
    others = set(fa) - {"voter_turnout", "loneliness"}
    assert {k: (fa[k], fb[k]) for k in others if fa[k] != fb[k]} == {}
