"""The derived table of English districts (groundwork for starting from a real place)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS

from model.framework import Framework

TABLE = SCENARIOS / "data" / "places.csv"
PROVENANCE = SCENARIOS / "data" / "places_provenance.csv"
SHARED_DATA = ROOT.parent / "shared" / "data"
NOT_IN_DATA = {
    "volunteering",
    "nature_visits",
}


def rows() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_english_district_of_2021_once() -> None:
    table = rows()
    codes = [r["code"] for r in table]
    assert len(codes) == 309 and len(set(codes)) == 309
    assert all(c[:3] in {"E06", "E07", "E08", "E09"} for c in codes)
    names = {r["code"]: r["name"] for r in table}
    assert names["E07000062"] == "Hastings" and names["E08000010"] == "Wigan"


def test_every_indicator_is_filled_or_declared_absent(shipped_framework: Framework) -> None:
    table = rows()
    for ind in shipped_framework.indicators:
        assert ind.id in table[0], ind.id
        values = [r[ind.id] for r in table]
        if ind.id in NOT_IN_DATA:
            assert all(v == "" for v in values), ind.id
        else:
            assert all(v != "" for v in values), ind.id
            assert all(float(v) == float(v) for v in values)  # no NaN


def test_age_shares_add_up_and_deprivation_is_on_the_national_scale() -> None:
    bands = [
        "age_0_4",
        "age_5_15",
        "age_16_24",
        "age_25_44",
        "age_45_64",
        "age_65_79",
        "age_80_plus",
    ]
    for r in rows():
        assert sum(float(r[b]) for b in bands) == pytest.approx(1.0, abs=1e-6)
        assert 0.0 < float(r["deprivation_mean"]) < 1.0
        assert 0.05 <= float(r["deprivation_spread"]) <= 0.33


def test_every_value_not_direct_has_its_rule() -> None:
    with PROVENANCE.open(encoding="utf-8") as handle:
        provenance = list(csv.DictReader(handle))
    assert {p["status"] for p in provenance} <= {"county", "filled", "merged", "scaled"}
    assert all(p["rule"].strip() for p in provenance)
    codes = {r["code"] for r in rows()}
    assert {p["code"] for p in provenance} <= codes


def test_the_licence_is_credited() -> None:
    text = (SCENARIOS / "data" / "README.md").read_text(encoding="utf-8")
    assert "Open Government Licence v3.0" in text


@pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="the shared public data is not beside the repo"
)
def test_the_derivation_reproduces_the_shipped_table(tmp_path: Path) -> None:
    script = SCENARIOS / "data" / "build_places.py"
    result = subprocess.run(
        [sys.executable, str(script), str(SHARED_DATA), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for name in ("places.csv", "places_provenance.csv", "README.md"):
        assert (tmp_path / "out" / name).read_bytes() == (SCENARIOS / "data" / name).read_bytes()


def test_a_place_is_found_by_part_of_its_name_or_code() -> None:
    from model.places import find_places

    assert [p.code for p in find_places("hastings")] == ["E07000062"]
    assert {p.name for p in find_places("lincolnshire")} >= {"North East Lincolnshire"}
    assert len(find_places("E08")) == 36  # metropolitan boroughs
    assert len(find_places()) == 309


FIVE_TOWNS = ["E08000010", "E06000012", "E07000145", "E07000062", "E08000004"]


SAMPLE = [r["code"] for r in rows()[::6]]
"""Every sixth district in table order (52 of 309: every kind and region), a fixed sample."""


def test_the_sample_is_wide_enough() -> None:
    assert len(set(SAMPLE) - set(FIVE_TOWNS)) >= 50
    assert {c[:3] for c in SAMPLE} == {"E06", "E07", "E08", "E09"}


@pytest.mark.parametrize(
    "code", FIVE_TOWNS + [c for c in SAMPLE if c not in FIVE_TOWNS], ids=lambda c: c
)
def test_a_place_runs_as_a_town(
    shipped_framework: Framework,
    shipped_network,
    code: str,  # type: ignore[no-untyped-def]
) -> None:
    from model.places import place, place_description, start_scores
    from model.simulation import Simulation

    found = place(code)
    description = place_description(found, shipped_framework)
    assert description.name == found.name
    sim = Simulation.from_description(
        shipped_framework, shipped_network, description, seed=1, population=3000
    )
    report = sim.advance()
    assert report.counts.balanced
    assert all(0.0 <= s <= 10.0 for s in report.scores.values())
    start = start_scores(found, shipped_framework)
    assert all(0.0 <= s <= 10.0 for s in start.values())
