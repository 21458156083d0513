"""A ledger for future generations: what a game's decisions, so far, commit the town to later.

Four accounts, worked out from a game as it stands after any round:

- **the pipeline by year**: each funded intervention's effect still to come (being built, felt
  from a year), and when one left unfunded stops holding and is gone; and the ripples already
  set off that have not yet arrived (each link's ``weight x`` its source's change, due
  ``delay`` years after the change: the first link of each route, as the network will pass
  it on, to within the scale's edges on place nodes: model/attribution.py), summed per
  headline element and year;
- **CO2 against a budget**: the town's emissions each year (CO2 per person x residents),
  summed since the start, against a budget that starts at the town's own emissions and falls by
  :data:`BUDGET_CUT` a year. The shape follows the Tyndall Centre's local carbon budgets for UK
  authorities (carbonbudget.manchester.ac.uk: a cumulative energy-CO2 budget with immediate,
  steep yearly cuts); the rate is **assumed**, of the order those reports recommend for English
  authorities, not this town's own figure (a trainer can read their own area's report);
- **maintenance**: what each intervention working now needs a year to keep working (the
  pounds last paid for it), and, if that stops, until when it holds and by when it is gone;
- **gaps left to the next generation**: children's education, child poverty and the
  attainment gap by income, now, at the start and doing nothing.

Pure: it reads the game's reports, pipeline and network.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from model.attribution import carrying, node_kinds, target_weights, towns_from_reports
from model.engine import Game

__all__ = ["BUDGET_CUT", "CO2", "FUTURE", "Commitment", "Gap", "Ledger", "Upkeep", "ledger"]

BUDGET_CUT = 0.13
"""Yearly cut of the town's CO2 budget path: assumed (see the module's docstring)."""

CO2 = "co2_per_head"
FUTURE = (
    ("childrens_education", "node", "Children's education", False),
    ("child_poverty", "value", "Children in low-income families (%)", True),
    ("attainment_gap", "value", "Attainment gap by income (Attainment 8 points)", True),
)
"""What the next generation inherits: (id, node score or indicator value, name, lower is
better)."""


@dataclass(frozen=True)
class Commitment:
    """Something already committed that arrives (or ends) in a later year."""

    year: int
    text: str
    points: dict[str, float] | None = None
    """For ripples still travelling: the points due per headline element that year."""


@dataclass(frozen=True)
class Upkeep:
    """What an intervention working now needs to keep working."""

    name: str
    pounds_a_year: float
    holds_until: int
    """If unfunded from now: the last year it holds at full strength."""
    gone_by: int


@dataclass(frozen=True)
class Gap:
    name: str
    start: float
    now: float
    baseline: float
    lower_is_better: bool


@dataclass(frozen=True)
class Ledger:
    """The ledger after ``year`` (see the module's docstring)."""

    year: int
    pipeline: tuple[Commitment, ...]
    ripples: tuple[Commitment, ...]
    co2_emitted: float
    """Tonnes of CO2 the played town has emitted since the start."""
    co2_baseline: float
    """The same doing nothing."""
    co2_budget: float
    """Tonnes the budget path allows to this year."""
    co2_left: float
    """What the budget path still allows from next year on (its whole remaining sum)."""
    upkeep: tuple[Upkeep, ...]
    gaps: tuple[Gap, ...]

    @property
    def upkeep_pounds(self) -> float:
        return float(sum(u.pounds_a_year for u in self.upkeep))

    @property
    def over_budget(self) -> float:
        """Tonnes emitted beyond the budget so far (negative: within it)."""
        return self.co2_emitted - self.co2_budget


def ledger(game: Game) -> Ledger:
    """The ledger of a game as it stands now."""
    year = game.year
    history, baseline = game.history, game.baseline_history
    emitted = _tonnes(history)
    start = history[0].values[CO2] * history[0].residents
    budget = sum(start * (1.0 - BUDGET_CUT) ** t for t in range(1, year + 1))
    left = start * (1.0 - BUDGET_CUT) ** (year + 1) / BUDGET_CUT
    gaps = []
    for key, where, name, lower in FUTURE:
        if where == "node":
            values = (history[0].scores[key], history[-1].scores[key], baseline[-1].scores[key])
        else:
            values = (history[0].values[key], history[-1].values[key], baseline[-1].values[key])
        gaps.append(Gap(name, *values, lower_is_better=lower))
    return Ledger(
        year=year,
        pipeline=tuple(_pipeline(game)),
        ripples=tuple(_ripples(game)) if game.reports else (),
        co2_emitted=emitted,
        co2_baseline=_tonnes(baseline),
        co2_budget=budget,
        co2_left=left,
        upkeep=tuple(_upkeep(game)),
        gaps=tuple(gaps),
    )


def _tonnes(history: list) -> float:  # type: ignore[type-arg]
    return float(sum(r.values[CO2] * r.residents for r in history[1:]))


def _pipeline(game: Game) -> list[Commitment]:
    out = []
    for item in game.pipeline():
        if item.felt_from is not None:
            out.append(Commitment(item.felt_from, f"{item.name}: paid for, felt from this year"))
        if item.lasts_until is not None:
            out.append(
                Commitment(item.lasts_until, f"{item.name}: unfunded, holds until this year")
            )
        if item.gone_by is not None:
            out.append(Commitment(item.gone_by, f"{item.name}: fading, gone by this year"))
    return sorted(out, key=lambda c: (c.year, c.text))


def _ripples(game: Game) -> list[Commitment]:
    """Ripples set off by now that arrive later: each link's weight times its source's carried
    change, ``delay`` years on (the first link; what they set off in turn is not counted)."""
    net = game.scenario.network
    fw = net.framework
    towns = towns_from_reports(net, game.history, game.baseline_history)
    now = towns.years
    carry = carrying(fw, now + net.max_delay)
    kinds = node_kinds(fw)
    out = []
    weights = {h: target_weights(fw, h) for h in fw.headline_ids}
    for k in range(1, net.max_delay + 1):
        due = np.zeros(len(fw.nodes))
        for li, link in enumerate(net.links):
            source_year = now + k - link.delay
            if link.delay < k or source_year < 1:
                continue  # changes after now: not yet set off
            m = int(net.source[li])
            carried = sum(
                share * towns.delta[source_year - back, m]
                for back, share in carry[kinds[m]][source_year]
            )
            due[int(net.target[li])] += link.weight * carried
        points = {h: float(weights[h] @ due) for h in fw.headline_ids}
        if any(abs(p) >= 0.005 for p in points.values()):
            words = ", ".join(f"{fw.name_of(h)} {p:+.2f}" for h, p in points.items())
            out.append(Commitment(now + k, f"ripples already set off arrive: {words}", points))
    return out


def _upkeep(game: Game) -> list[Upkeep]:
    out = []
    for item in game.pipeline():
        if item.status not in ("working", "fading"):
            continue
        spec = game.scenario.intervention(item.intervention)
        paid = 0.0
        for report in reversed(game.reports):
            paid = sum(d.get(item.intervention, 0.0) for d in report.decisions.values())
            if paid:
                break
        holds = item.lasts_until if item.lasts_until is not None else game.year + spec.lasts_years
        gone = item.gone_by if item.gone_by is not None else holds + spec.decay_years
        out.append(Upkeep(item.name, paid, holds, gone))
    return sorted(out, key=lambda u: -u.pounds_a_year)
