"""A plan: a team's allocations, round by round, as a readable YAML file (checked like every
scenario file).

    kind: plan
    version: 1
    description: "Invest early in active travel and keep funding the voluntary sector"
    town: brackenbury          # optional: lets `thrive check` test budgets and scales too
    rounds:
      - council: {active_travel_network: 360000, parks_and_street_trees: 120000}
        health: {social_prescribing: 200000}
      - council: {active_travel_network: 360000}

An allocation is pounds a year, or a share of the team's budget for the round (``"25%"``): a
plan in shares travels to a town of any size, and follows a round's funding cut or windfall.
When a round's events leave a team less than its plan asks (a funding cut), :func:`fit_round`
scales that team's allocations down in proportion, and an intervention left below the least it
can run on goes unfunded that round; every such change is said in a note. The checks on paper
(:func:`check_plan_ids`) use the engine's own money rules (:mod:`model.money`), so a plan that
passes ``thrive check`` against a town is accepted by ``thrive run`` on it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, PlainValidator

from model.bounds import POPULATION
from model.errors import Problem
from model.interventions import InterventionsFile, SectorId
from model.money import budget, pounds_range, units_of, whole_pounds
from model.schema import Id, Int, Record, Text
from model.yamlfile import YamlDocument

__all__ = ["Amount", "FittedRound", "PlanFile", "check_plan_ids", "fit_round", "share_of"]

_SHARE = re.compile(r"^(\d{1,3}(?:\.\d{1,2})?)%$")


def _amount(value: object) -> float | str:
    """Pounds a year (a number), or a share of the budget from 0% to 100% with at most two
    decimals (``"25%"``); anything else is refused in one sentence."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number (got {value!r})")
        return float(value)
    share = share_of(value)
    if share is None or share > 1.0:
        raise ValueError(
            f"must be a number (got {value!r}): pounds a year, or a share of the team's "
            f'budget from 0% to 100%, such as "25%"'
        )
    return str(value)


Amount = Annotated[float | str, PlainValidator(_amount)]
"""An allocation: pounds a year, or a share of the team's budget for the round (``"25%"``)."""


def share_of(amount: object) -> float | None:
    """The share of the budget that ``amount`` asks for (0.25 for ``"25%"``), or None if it is
    not a share.

    >>> share_of("25%"), share_of("12.5%"), share_of(250000.0), share_of("25")
    (0.25, 0.125, None, None)
    """
    if not isinstance(amount, str):
        return None
    found = _SHARE.match(amount)
    return float(found.group(1)) / 100.0 if found else None


def _pounds(amount: float | str, team_budget: float) -> float:
    """Pounds a year for an allocation, given the team's budget for the round (a share is
    rounded down to whole pounds, so shares adding up to 100% never overspend)."""
    share = share_of(amount)
    if share is None:
        return float(amount)
    return float(math.floor(share * team_budget + 1e-6))


class PlanFile(Record):
    """The whole plan file."""

    kind: Literal["plan"]
    version: Literal[1]
    description: Text | None = None
    town: Id | None = None
    residents: Int | None = Field(default=None, ge=POPULATION[0], le=POPULATION[1])
    rounds: tuple[dict[SectorId, dict[Id, Amount]], ...] = Field(max_length=50)


def check_plan_ids(
    doc: YamlDocument, interventions: InterventionsFile, population: int | None
) -> list[Problem]:
    """Unknown interventions, sectors that may not fund them, negative amounts, shares of more
    than the whole budget; and, when the town's size is known, overspending and amounts outside
    an intervention's scale, by the engine's money rules (:mod:`model.money`) for a round with
    no events.

    Works on the raw data, so that these problems are reported together with any the schema
    finds (entries the schema rejects are left to its messages)."""
    problems: list[Problem] = []
    items = {i.id: i for i in interventions.interventions}
    sectors = {s.id: s for s in interventions.sectors}
    units = units_of(population) if population else None
    raw = doc.data.get("rounds") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        return problems
    if not raw:
        return [doc.problem(("rounds",), "list at least one round")]
    for r, decisions in enumerate(raw):
        if not isinstance(decisions, dict):
            continue
        totals: dict[str, float] = {}
        for sector, spend in decisions.items():
            if sector not in sectors or not isinstance(spend, dict):
                continue
            team_budget = budget(sectors[sector], units) if units is not None else None
            spent, shares = 0.0, 0.0
            for item_id, amount in spend.items():
                share = share_of(amount)
                if share is None and (
                    isinstance(amount, bool)
                    or not isinstance(amount, int | float)
                    or not math.isfinite(amount)
                ):
                    continue  # the schema names it
                loc: tuple[str | int, ...] = ("rounds", r, sector, item_id)
                if item_id not in items:
                    problems.append(doc.problem(loc, f"unknown intervention '{item_id}'"))
                    continue
                if share is None and amount < 0:
                    problems.append(doc.problem(loc, f"must be 0 or more (got {amount:g})"))
                    continue
                if sector not in items[item_id].funders:
                    funders = ", ".join(items[item_id].funders)
                    problems.append(
                        doc.problem(loc, f"{sector} may not fund it (funders: {funders})")
                    )
                    continue
                shares += share or 0.0
                if team_budget is not None:
                    pounds = _pounds(amount, team_budget)
                    spent += pounds
                    totals[item_id] = totals.get(item_id, 0.0) + pounds
            if shares > 1.0 + 1e-9:
                problems.append(
                    doc.problem(
                        ("rounds", r, sector),
                        f"its shares add up to {shares:.0%} of its budget (at most 100%)",
                    )
                )
            elif team_budget is not None and whole_pounds(spent) > team_budget:
                problems.append(
                    doc.problem(
                        ("rounds", r, sector),
                        f"spends £{spent:,.0f} a year but its budget is £{team_budget:,.0f}",
                    )
                )
        if units is None:
            continue
        for item_id, total in totals.items():
            least, most = pounds_range(items[item_id], units)
            if 0 < whole_pounds(total) < least:
                problems.append(
                    doc.problem(
                        ("rounds", r),
                        f"{item_id}: £{total:,.0f} is too little to run it "
                        f"(at least £{least:,.0f})",
                    )
                )
            elif whole_pounds(total) > most:
                problems.append(
                    doc.problem(
                        ("rounds", r),
                        f"{item_id}: £{total:,.0f} is more than it can use (at most £{most:,.0f})",
                    )
                )
    return problems


@dataclass(frozen=True)
class FittedRound:
    """A plan's round as the game will play it: pounds a year by team and intervention, and a
    sentence for every change the round's budgets forced."""

    decisions: dict[str, dict[str, float]]
    notes: tuple[str, ...] = ()


def fit_round(
    planned: Mapping[str, Mapping[str, float | str]],
    budgets: Mapping[str, float],
    ranges: Mapping[str, tuple[float, float]],
    names: Mapping[str, str] | None = None,
) -> FittedRound:
    """A plan's round in pounds for the round's ``budgets`` (after its events) and the
    interventions' ``ranges`` (least and most pounds a year, :func:`model.money.pounds_range`).

    Shares are of the round's budgets. A team whose plan asks for more than its budget (a
    funding cut) has every allocation scaled down in proportion (whole pounds, rounded down);
    an intervention whose money then falls below the least it runs on goes unfunded this
    round, and one given more than it can use (a share of a windfall) is capped, its funders'
    money scaled alike. Teams not in ``budgets`` are left out (they are not playing).

    >>> fit_round({"council": {"park": "50%"}}, {"council": 1000.0}, {"park": (100.0, 900.0)})
    FittedRound(decisions={'council': {'park': 500.0}}, notes=())
    >>> fitted = fit_round({"council": {"park": 800.0}}, {"council": 400.0},
    ...                    {"park": (100.0, 900.0)})
    >>> fitted.decisions
    {'council': {'park': 400.0}}
    >>> fitted.notes[0].endswith("less than the £800 planned: its allocations were scaled to 50%")
    True
    """
    names = names or {}
    pounds: dict[str, dict[str, float]] = {}
    notes: list[str] = []
    for sector, spend in planned.items():
        if sector not in budgets:
            continue
        team = {item: _pounds(amount, budgets[sector]) for item, amount in spend.items()}
        team = {item: v for item, v in team.items() if v > 0}
        total = sum(team.values())
        if whole_pounds(total) > budgets[sector]:
            factor = budgets[sector] / total
            team = {item: float(math.floor(v * factor)) for item, v in team.items()}
            notes.append(
                f"{sector}: its budget this round is £{budgets[sector]:,.0f}, less than the "
                f"£{total:,.0f} planned: its allocations were scaled to {factor:.0%}"
            )
        pounds[sector] = team
    totals: dict[str, float] = {}
    for team in pounds.values():
        for item, v in team.items():
            totals[item] = totals.get(item, 0.0) + v
    for item, total in sorted(totals.items()):
        least, most = ranges[item]
        name = names.get(item, item)
        if whole_pounds(total) < least:
            for team in pounds.values():
                team.pop(item, None)
            notes.append(
                f"{name}: £{total:,.0f} is too little to run it (at least £{least:,.0f}): "
                "unfunded this round"
            )
        elif whole_pounds(total) > most:
            factor = most / total
            for team in pounds.values():
                if item in team:
                    team[item] = float(math.floor(team[item] * factor))
            notes.append(f"{name}: £{total:,.0f} is more than it can use: capped at £{most:,.0f}")
    return FittedRound({s: t for s, t in pounds.items() if t}, tuple(notes))
