"""Real English places: the derived table of the 309 districts of 2021 as towns to play.

``scenarios/data/places.csv`` (built by ``scenarios/data/build_places.py`` from public data;
see ``scenarios/data/README.md`` for sources and the Open Government Licence) gives each
district's population, ages, ethnic mix, the deprivation profile of its neighbourhoods and the
starting value of every indicator the data covers. A place becomes a town description here; an
indicator the data does not cover starts at the England mean and is reported as filled.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from model.errors import Problem, ScenarioError
from model.framework import Framework
from model.scoring import Scorecard, scorecard
from model.town.description import TownFile
from scenarios import SCENARIO_DIR

__all__ = [
    "PLACES_TABLE",
    "PROVENANCE_TABLE",
    "PUBLIC_SOURCES",
    "Figure",
    "Place",
    "find_places",
    "load_places",
    "place",
    "place_code_of",
    "place_description",
    "start_figures",
    "start_scorecard",
    "start_scores",
    "typical_description",
]

_TEXT_COLUMNS = frozenset({"code", "name", "region", "rural_urban"})

PLACES_TABLE = SCENARIO_DIR / "data" / "places.csv"
PROVENANCE_TABLE = SCENARIO_DIR / "data" / "places_provenance.csv"
PUBLIC_SOURCES = (
    "Its starting figures are public data from the Office for National Statistics, government "
    "departments (education, transport, energy, environment, housing, health and culture), "
    "Ofsted and the Electoral Commission, used under the Open Government Licence v3.0, with "
    "district names and codes from mySociety."
)
"""Who the figures of a real place come from, in words a workshop can read out (the files and
the licence details are in scenarios/data/README.md)."""

_AGE_COLUMNS = {
    "0-4": "age_0_4",
    "5-15": "age_5_15",
    "16-24": "age_16_24",
    "25-44": "age_25_44",
    "45-64": "age_45_64",
    "65-79": "age_65_79",
    "80+": "age_80_plus",
}

LONDON_LIVING_WAGE = 10.55
"""£ an hour, the London Living Wage of 2018/19 (Living Wage Foundation), beside the £9.00
outside London that ``parameters.py`` uses: the ONS counts of jobs paid below the Living Wage,
which the table's ``low_pay`` comes from, measure London jobs against it."""

PEOPLE_PER_NEIGHBOURHOOD = 7_000
"""A place is split into neighbourhoods of about this many people (8 to 30 of them)."""


@dataclass(frozen=True)
class Place:
    """One English local authority district, as the derived table describes it."""

    code: str
    name: str
    region: str
    rural_urban: str
    population: int
    values: tuple[tuple[str, str], ...]

    def value(self, column: str) -> str:
        return dict(self.values)[column]


@cache
def _table() -> tuple[Place, ...]:
    with PLACES_TABLE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Place(
            code=r["code"],
            name=r["name"],
            region=r["region"],
            rural_urban=r["rural_urban"],
            population=int(float(r["population"])),
            values=tuple(r.items()),
        )
        for r in rows
    )


def load_places() -> list[Place]:
    """Every district in the table, in table order."""
    return list(_table())


def find_places(query: str | None = None) -> list[Place]:
    """Places whose name or code contains ``query`` (any case); all of them without one.

    >>> [p.code for p in find_places("hastings")]
    ['E07000062']
    """
    places = load_places()
    if not query:
        return places
    q = query.strip().lower()
    return [p for p in places if q in p.name.lower() or q in p.code.lower()]


def place(code: str) -> Place:
    """The place with this code, or one clear error."""
    for p in _table():
        if p.code.lower() == code.strip().lower():
            return p
    close = [f"{p.code} {p.name}" for p in find_places(code)[:3]]
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    message = f"no English district with code {code}{hint}; try: thrive places NAME"
    raise ScenarioError([Problem(f"place:{code}", None, "", message)])


def place_description(p: Place, framework: Framework) -> TownFile:
    """A town description of the place, from its row of the table."""
    row = dict(p.values)
    return _description(
        row,
        framework,
        ident="place_" + p.code.lower(),
        name=p.name,
        description=(
            f"{p.name} ({p.code}), {p.region}: {p.rural_urban.lower()}, {p.population:,} "
            f"residents in mid-2021. {PUBLIC_SOURCES}"
        ),
        population=p.population,
        source="scenarios/data/places.csv (see places_provenance.csv)",
    )


def typical_description(
    codes: Sequence[str], population: int, framework: Framework, kind_of_place: str
) -> TownFile:
    """A fictional town whose every figure is the median over the districts ``codes``.

    Medians rather than means, so that one unusual district does not pull the town; the age
    shares are renormalised to add up to 1 after taking their medians.
    """
    rows = [dict(place(c).values) for c in codes]
    columns = [c for c in rows[0] if c not in _TEXT_COLUMNS]
    medians: dict[str, str] = {}
    for column in columns:
        values = [float(r[column]) for r in rows if r[column] != ""]
        medians[column] = repr(float(np.median(values))) if values else ""
    listed = ", ".join(f"{c} {place(c).name}" for c in codes)
    return _description(
        medians,
        framework,
        ident="typical",
        name="typical",
        description="typical",
        population=population,
        source=(
            f"median over {len(codes)} districts ({kind_of_place}): {listed}; "
            "from scenarios/data/places.csv (see places_provenance.csv)"
        ),
    )


def _description(
    row: dict[str, str],
    framework: Framework,
    *,
    ident: str,
    name: str,
    description: str,
    population: int,
    source: str,
) -> TownFile:
    indicators: dict[str, float] = {}
    sources: dict[str, str] = {}
    for ind in framework.indicators:
        raw = row.get(ind.id, "")
        if raw != "":
            indicators[ind.id] = float(raw)
            sources[ind.id] = source
    shares = {band: float(row[col]) for band, col in _AGE_COLUMNS.items()}
    total = sum(shares.values())
    data: dict[str, Any] = {
        "kind": "town",
        "version": 1,
        "id": ident,
        "name": name,
        "description": description,
        "population": max(population, 1_000),
        "age_bands": {band: share / total for band, share in shares.items()},
        "female_share": float(np.clip(float(row["female_share"]), 0.4, 0.6)),
        "ethnic_minority_share": float(row["ethnic_minority_share"]),
        "neighbourhoods": {
            "count": int(np.clip(round(population / PEOPLE_PER_NEIGHBOURHOOD), 8, 30)),
            "deprivation_mean": float(row["deprivation_mean"]),
            "deprivation_spread": float(row["deprivation_spread"]),
        },
        "indicators": indicators,
        "sources": sources,
    }
    if row.get("region") == "London":
        data["low_pay_line"] = LONDON_LIVING_WAGE
    return TownFile.model_validate(data)


def _start_values(p: Place, framework: Framework) -> list[float]:
    row = dict(p.values)
    return [
        float(row[i.id]) if row.get(i.id, "") != "" else i.reference.typical
        for i in framework.indicators
    ]


def start_scorecard(p: Place, framework: Framework) -> Scorecard:
    """Every score the place starts from (indicators, nodes, domains, headlines): its figures
    (England mean where the data is silent) scored by the framework, with no hand tuning."""
    return scorecard(framework, _start_values(p, framework))


def start_scores(p: Place, framework: Framework) -> dict[str, float]:
    """The headline scores the place starts from (see :func:`start_scorecard`)."""
    card = start_scorecard(p, framework)
    return dict(zip(framework.headline_ids, card.headlines.tolist(), strict=True))


@dataclass(frozen=True)
class Figure:
    """One starting figure of a place, where it comes from, and the score it gives."""

    indicator: str
    name: str
    node: str
    value: float
    unit: str
    year: str
    geography: str
    """district (modelled, where the reference says its district figures are), county,
    merged, filled by rule (with the rule), or England mean."""
    producer: str
    score: float

    @property
    def short_geography(self) -> str:
        """The geography in a few words, for a screen: "county: value of county E10000011
        (East Sussex)" reads "East Sussex's (county)"; a rule's long text is cut at its first
        clause.

        >>> where = "county: value of county E1 (East Sussex)"
        >>> Figure("x", "X", "n", 1.0, "", "", where, "", 5.0).short_geography
        "East Sussex's (county)"
        >>> Figure("x", "X", "n", 1.0, "", "", "district", "", 5.0).short_geography
        'district'
        """
        county = re.search(r"county .*\(([^)]+)\)", self.geography)
        if self.geography.startswith("county") and county:
            return f"{county.group(1)}'s (county)"
        head, _, rule = self.geography.partition(": ")
        return f"{head}: {rule.split(';')[0].split(' (')[0]}" if rule else head


@cache
def _provenance() -> dict[tuple[str, str], tuple[str, str]]:
    with PROVENANCE_TABLE.open(encoding="utf-8") as handle:
        return {(r["code"], r["column"]): (r["status"], r["rule"]) for r in csv.DictReader(handle)}


_GEOGRAPHY = {
    "county": "county",
    "scaled": "county, scaled",
    "merged": "district (merged areas)",
    "filled": "filled by rule",
}


def start_figures(p: Place, framework: Framework) -> list[Figure]:
    """Each starting figure of the place in framework order: value, unit, year, geography
    (district, county or filled by rule, with the rule) and producer, and the score it gives.
    """
    row = dict(p.values)
    card = start_scorecard(p, framework)
    prov = _provenance()
    node_of = framework.indicator_node
    out: list[Figure] = []
    for k, ind in enumerate(framework.indicators):
        ref = ind.reference
        raw = row.get(ind.id, "")
        if raw == "":
            value, where = ref.typical, "England mean (no district data)"
        else:
            value = float(raw)
            status, rule = prov.get((p.code, ind.id), ("", ""))
            own = "district (modelled)" if "modelled" in (ref.geography or "") else "district"
            where = f"{_GEOGRAPHY[status]}: {rule}" if status else own
        out.append(
            Figure(
                indicator=ind.id,
                name=ind.name,
                node=framework.node_ids[int(node_of[k])],
                value=value,
                unit=ind.unit,
                year=ref.year,
                geography=where,
                producer=ref.source.split(";")[0].split(", via ")[0].split("; via ")[0],
                score=float(card.indicators[k]),
            )
        )
    return out


def place_code_of(scenario: str) -> str | None:
    """The district a scenario is built from: ``place:CODE``, or a shipped town file that
    names one (``place: E07000062``); None for a town with figures of its own (Brackenbury) or
    medians over several districts."""
    if scenario.lower().startswith("place:"):
        return place(scenario.partition(":")[2]).code
    from model.errors import ScenarioError
    from model.loading import town_path

    try:
        text = town_path(scenario).read_text(encoding="utf-8")
    except (OSError, ScenarioError):
        return None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key == "place" and value.strip():
            return value.strip().strip("'\"")
    return None
