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
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from model.bounds import POPULATION
from model.errors import Problem
from model.interventions import InterventionsFile, SectorId
from model.schema import Float, Id, Int, Record, Text
from model.yamlfile import YamlDocument

__all__ = ["PlanFile", "check_plan_ids"]


class PlanFile(Record):
    """The whole plan file."""

    kind: Literal["plan"]
    version: Literal[1]
    description: Text | None = None
    town: Id | None = None
    residents: Int | None = Field(default=None, ge=POPULATION[0], le=POPULATION[1])
    rounds: tuple[dict[SectorId, dict[Id, Float]], ...] = Field(max_length=50)


def check_plan_ids(
    doc: YamlDocument, interventions: InterventionsFile, population: int | None
) -> list[Problem]:
    """Unknown interventions, sectors that may not fund them, negative amounts; and, when the
    town's size is known, overspending and amounts outside an intervention's scale.

    Works on the raw data, so that these problems are reported together with any the schema
    finds (entries the schema rejects are left to its messages)."""
    problems: list[Problem] = []
    items = {i.id: i for i in interventions.interventions}
    budgets = {s.id: s.budget_per_10k for s in interventions.sectors}
    units = population / 10_000 if population else None
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
            if sector not in budgets or not isinstance(spend, dict):
                continue
            spent = 0.0
            for item_id, amount in spend.items():
                if isinstance(amount, bool) or not isinstance(amount, int | float):
                    continue
                loc: tuple[str | int, ...] = ("rounds", r, sector, item_id)
                if item_id not in items:
                    problems.append(doc.problem(loc, f"unknown intervention '{item_id}'"))
                    continue
                if amount < 0:
                    problems.append(doc.problem(loc, f"must be 0 or more (got {amount:g})"))
                    continue
                if sector not in items[item_id].funders:
                    funders = ", ".join(items[item_id].funders)
                    problems.append(
                        doc.problem(loc, f"{sector} may not fund it (funders: {funders})")
                    )
                    continue
                spent += amount
                totals[item_id] = totals.get(item_id, 0.0) + amount
            if units is not None and spent > budgets[sector] * units + 0.5:
                problems.append(
                    doc.problem(
                        ("rounds", r, sector),
                        f"spends £{spent:,.0f} a year but its budget is "
                        f"£{budgets[sector] * units:,.0f}",
                    )
                )
        if units is None:
            continue
        for item_id, total in totals.items():
            item = items[item_id]
            cost = item.cost_per_10k * units
            if 0 < total < item.scale.min * cost - 0.5:
                problems.append(
                    doc.problem(
                        ("rounds", r),
                        f"{item_id}: £{total:,.0f} is too little to run it "
                        f"(at least £{item.scale.min * cost:,.0f})",
                    )
                )
            elif total > item.scale.max * cost + 0.5:
                problems.append(
                    doc.problem(
                        ("rounds", r),
                        f"{item_id}: £{total:,.0f} is more than it can use "
                        f"(at most £{item.scale.max * cost:,.0f})",
                    )
                )
    return problems
