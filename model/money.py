"""The money rules, written once: what a team may spend and what an intervention costs in a
town of a given size, in whole pounds.

The engine (:class:`model.engine.Game`), the plan checker (``thrive check``) and the plan
player (:mod:`model.plan_rounds`) all quote money through these functions, so that a plan that
fits on paper fits in the game. Budgets and costs are quoted per 10,000 residents of the
town's *stated* size (its description's population, or the residents asked for), not of the
residents a generated town happens to hold: a town described as 60,000 people gives its
council 12 x £60,000 = £720,000 however many residents generation drew, and however the
town's population drifts over the years.
"""

from __future__ import annotations

import math

from model.interventions import Intervention, Sector

__all__ = ["budget", "cost", "pounds_range", "units_of", "whole_pounds"]


def whole_pounds(pounds: float) -> float:
    """The one rounding rule for money: every amount the engine quotes or checks is in whole
    pounds, rounded to the nearest (so a plan the screens say fits does fit).

    >>> whole_pounds(412_586.5), whole_pounds(99.49)
    (412587.0, 99.0)
    """
    return float(math.floor(pounds + 0.5))


def units_of(population: int) -> float:
    """A town's size in the 10,000s that budgets and costs are quoted for.

    >>> units_of(60_000)
    6.0
    """
    return population / 10_000.0


def budget(sector: Sector, units: float, change: float = 0.0) -> float:
    """A team's budget for a year, in whole pounds, after a share ``change`` (a funding cut of
    15% is -0.15; never below nothing).

    >>> from model.loading import load_interventions
    >>> council = load_interventions().sectors[0]
    >>> budget(council, 6.0), budget(council, 6.0, -0.15)
    (720000.0, 612000.0)
    """
    return whole_pounds(sector.budget_per_10k * units * max(1.0 + change, 0.0))


def cost(item: Intervention, units: float) -> float:
    """Pounds a year for the standard package (scale 1), in whole pounds."""
    return whole_pounds(item.cost_per_10k * units)


def pounds_range(item: Intervention, units: float) -> tuple[float, float]:
    """The least and the most pounds a year an intervention can run on, in whole pounds: the
    least rounded up and the most rounded down, so that what a screen offers is always what
    the engine accepts."""
    standard = cost(item, units)
    return (
        float(math.ceil(item.scale.min * standard - 1e-6)),
        float(math.floor(item.scale.max * standard + 1e-6)),
    )
