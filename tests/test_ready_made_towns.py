"""The ready-made towns: the five pilot places of the roadmap report, three teaching archetypes
and Brackenbury, as a start screen lists them (``shipped_towns``)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import SCENARIOS

from model.errors import ScenarioError
from model.framework import Framework
from model.loading import check_files, load_town, scenario_town, shipped_towns
from model.network import RippleNetwork
from model.places import place
from model.simulation import Simulation
from model.town.description import TownFile

REAL = {
    "wigan": "E08000010",
    "grimsby": "E06000012",
    "great_yarmouth": "E07000145",
    "hastings": "E07000062",
    "oldham": "E08000004",
}
ARCHETYPES = {"saltmouth", "forgeley", "kingsmere"}
KNOWN_MISSES = {
    "hastings": {"income_deprivation": 1.2},
    "oldham": {"child_poverty": 0.5},
    "great_yarmouth": {"income_deprivation_gap": 0.4},
}
"""Figures three pilot towns can start off, and by how many score points at most (against a
tolerance of 0.2): the out-of-work income (Hastings) or the child element (Oldham) reaches zero
first, because the Indices of Deprivation and the child poverty count measure low income
differently from the model (docs/model.md). Hastings misses by 0.4 to 1.0 points (seeds 1 to
3) since its child poverty is its own (ONS Health Index, 21.4%) rather than East Sussex's
scaled to it: with so many children in low-income homes, the child element is as low as the
figure allows and the out-of-work income cannot go lower, so fewer adults are on a low income
than the Indices count. Great Yarmouth's income gap between neighbourhoods (28.4 points) needs
residential sorting at its bound: since the year's draws are tied to residents (which re-rolled
every town) its town of 10,000 at seed 1 starts 1.0 below it (0.29 points), as the fit's note
says (in the model a neighbourhood's low incomes come from its residents' pay and out-of-work
incomes alone, while worklessness, disability and pension credit cluster in the Indices too).
Reported by the fit, not hidden."""
QUOTE = re.compile(r"\{([^{}:]*)(?::([^{}]*))?\}")
TOWNS = SCENARIOS / "towns"


def raw_briefing(ref: str) -> str:
    import yaml

    data = yaml.safe_load((TOWNS / f"{ref}.yaml").read_text(encoding="utf-8"))
    return str(data["briefing"])


def not_direct(code: str) -> set[str]:
    """Columns of the district that are county values or filled by a rule."""
    with (SCENARIOS / "data" / "places_provenance.csv").open(encoding="utf-8") as handle:
        return {r["column"] for r in csv.DictReader(handle) if r["code"] == code}


@pytest.fixture(scope="module")
def towns(shipped_framework: Framework) -> list[tuple[str, TownFile]]:
    return shipped_towns(shipped_framework)


def test_shipped_towns_come_in_start_screen_order(towns: list[tuple[str, TownFile]]) -> None:
    refs = [ref for ref, _ in towns]
    assert set(refs[:5]) == set(REAL)
    assert set(refs[5:8]) == ARCHETYPES
    assert refs[8:] == ["brackenbury"]
    assert refs == sorted(refs[:5], key=lambda r: dict(towns)[r].name) + refs[5:]
    assert all(t.name and t.description and t.briefing for _, t in towns)


def test_every_ref_is_what_thrive_run_accepts(
    shipped_framework: Framework, towns: list[tuple[str, TownFile]]
) -> None:
    for ref, town in towns:
        _, again = scenario_town(ref, shipped_framework)
        assert again == town


def test_briefings_are_short_plain_and_quote_the_table(
    towns: list[tuple[str, TownFile]],
) -> None:
    for ref, town in towns:
        if ref not in REAL and ref not in ARCHETYPES:
            continue
        assert town.briefing is not None
        assert 80 <= len(town.briefing.split()) <= 150, ref
        raw = raw_briefing(ref)
        quoted = QUOTE.findall(raw)
        assert len(quoted) >= 6, f"{ref}: a briefing quotes the town's own figures"
        # Every number in a briefing comes from the data: none is typed in by hand
        assert not re.search(r"\d", QUOTE.sub("", raw)), ref
        for name, spec in quoted:
            if name.startswith("england.") or name in {"population", "ethnic_minority_share"}:
                continue
            assert format(town.indicators[name], spec) in town.briefing, (ref, name)


FILE_PATH = re.compile(r"[\w-]+/[\w./-]+|\b[\w-]+\.(?:md|csv|yaml|json|py)\b")


def test_what_participants_read_names_sources_not_files(
    shipped_framework: Framework, towns: list[tuple[str, TownFile]]
) -> None:
    """A workshop cannot open scenarios/data/README.md: briefings and descriptions credit the
    public sources by name instead."""
    from model.places import place_description

    real = place_description(place("E06000012"), shipped_framework)
    texts = {"place:E06000012": real.description}
    for ref, town in towns:
        texts[f"{ref} description"] = town.description
        texts[f"{ref} briefing"] = town.briefing or ""
    for where, text in texts.items():
        assert not FILE_PATH.search(text), (where, FILE_PATH.findall(text))
    for source in ("Office for National Statistics", "Ofsted", "Open Government Licence v3.0"):
        assert source in real.description


def test_real_briefings_quote_the_district_s_own_figures_only() -> None:
    import yaml

    for ref, code in REAL.items():
        data = yaml.safe_load((TOWNS / f"{ref}.yaml").read_text(encoding="utf-8"))
        assert data["place"] == code
        row = dict(place(code).values)
        county = not_direct(code)
        for name, _ in QUOTE.findall(str(data["briefing"])):
            if name.startswith("england.") or name in {"population", "ethnic_minority_share"}:
                continue
            assert name not in county, f"{ref}: {name} is a county value, not the district's"
            assert row[name] != ""


def test_real_towns_are_their_districts(
    shipped_framework: Framework, towns: list[tuple[str, TownFile]]
) -> None:
    from model.places import place_description

    by_ref = dict(towns)
    for ref, code in REAL.items():
        town, table = by_ref[ref], place_description(place(code), shipped_framework)
        assert town.indicators == table.indicators
        assert town.population == table.population
        assert town.neighbourhoods == table.neighbourhoods


def test_archetypes_are_medians_of_their_districts(towns: list[tuple[str, TownFile]]) -> None:
    import yaml

    by_ref = dict(towns)
    for ref in ARCHETYPES:
        data = yaml.safe_load((TOWNS / f"{ref}.yaml").read_text(encoding="utf-8"))
        codes = data["typical_of"]["places"]
        assert len(codes) >= 12 and not set(codes) & set(REAL.values())
        rows = [dict(place(c).values) for c in codes]
        town = by_ref[ref]
        for name in ("employment_rate", "income_deprivation", "co2_per_head"):
            assert town.indicators[name] == pytest.approx(np.median([float(r[name]) for r in rows]))
        assert town.neighbourhoods.deprivation_mean == pytest.approx(
            np.median([float(r["deprivation_mean"]) for r in rows])
        )
        assert town.population == data["typical_of"]["population"]
        assert all("median over" in s for s in town.sources.values())


@pytest.mark.parametrize("ref", [*REAL, *sorted(ARCHETYPES)])
def test_a_ready_made_town_starts_at_its_figures_and_runs(
    shipped_framework: Framework,
    shipped_network: RippleNetwork,
    towns: list[tuple[str, TownFile]],
    ref: str,
) -> None:
    town = dict(towns)[ref]
    sim = Simulation.from_description(
        shipped_framework, shipped_network, town, seed=1, population=10_000
    )
    misses = {f.indicator: f for f in sim.fit() if not f.within}
    known = KNOWN_MISSES.get(ref, {})
    assert set(misses) <= set(known), misses
    # A known miss is no larger than stated, and the fit says why (a constant at its bound)
    assert all(f.note and abs(f.points) < known[k] for k, f in misses.items()), misses
    report = sim.advance()
    assert report.counts.balanced
    assert all(0.0 <= s <= 10.0 for s in report.scores.values())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "town.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        check_files([path])
    return [f"{p.line} {p.path}: {p.message}" for p in caught.value.problems]


HEAD = "kind: town\nversion: 1\nid: x\nname: X\ndescription: A town.\n"


def test_bad_place_files_get_one_clear_message_each(tmp_path: Path) -> None:
    assert messages(write(tmp_path, HEAD + "place: E07999999\n")) == [
        "6 place: no English district with code E07999999; try: thrive places NAME"
    ]
    assert messages(write(tmp_path, HEAD + "place: hastings\n")) == [
        "6 place: 'hastings' is not an English district code: E06, E07, E08 or E09 and six "
        "digits (e.g. E07000062; find one with: thrive places NAME)"
    ]
    typical = (
        "typical_of:\n  kind_of_place: k\n  population: 5000\n"
        "  places: [E07000062, E07000062, E07000061, E07000063, E07000064, E07000065]\n"
    )
    assert messages(write(tmp_path, HEAD + typical)) == [
        "9 typical_of.places: each district may be listed once (repeated: E07000062)"
    ]
    both = HEAD + "place: E07000062\n" + typical.replace("E07000062, E07000062", "E07000062")
    assert messages(write(tmp_path, both)) == [
        "1 : give exactly one of 'place' (a district code) and 'typical_of'"
    ]
    assert messages(write(tmp_path, HEAD + "place: E07000062\npopulation: 5000\n")) == [
        "7 population: unknown key 'population'"
    ]


def test_briefing_quotes_are_checked(tmp_path: Path) -> None:
    text = HEAD + "place: E07000062\nbriefing: >-\n  Pay is {median_weekly_pay:.0f} and\n"
    found = messages(write(tmp_path, text + "  {smokng} and {gcse_english_maths:q} and {.\n"))
    assert found == [
        "7 briefing: '{gcse_english_maths:q}': 'q' is not a figure format a briefing may use "
        "(use {name}, {name:,}, {name:.1f} or {name:.0%}, with 0 to 3 decimals)",
        "7 briefing: '{smokng}' is not a figure of the town (did you mean 'smoking'?)",
    ]
    found = messages(write(tmp_path, text + "  {volunteering:.0f}% volunteer.\n"))
    assert found == ["7 briefing: '{volunteering}' quotes a figure this town does not give"]
    town = load_town(write(tmp_path, text + "  {smoking}% smoke, {population:,} people.\n"))
    assert town.briefing == "Pay is 414 and 15.9% smoke, 90,959 people."


def test_a_full_town_file_may_have_a_briefing(tmp_path: Path, shipped_framework: Framework) -> None:
    text = (TOWNS / "brackenbury.yaml").read_text(encoding="utf-8")
    head, _, rest = text.partition("briefing: >-\n")
    rest = rest[rest.index("population:") :]
    text = head + "briefing: Smoking is {smoking:.1f}% (England {england.smoking:.1f}%).\n" + rest
    town = load_town(write(tmp_path, text), shipped_framework)
    assert town.briefing == "Smoking is 15.5% (England 11.7%)."
    assert messages(write(tmp_path, text.replace("briefing:", "brief:"))) == [
        "13 brief: unknown key 'brief' (did you mean 'briefing'?)"
    ]
