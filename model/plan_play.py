"""A plan played in a game: each round's allocations fitted to the round's budgets.

Kept apart from :mod:`model.plans` (which checks plan files and is loaded before any game
exists) because it asks a :class:`model.engine.Game` for its budgets and ranges.
"""

from __future__ import annotations

from collections.abc import Mapping

from model.engine import Game
from model.plans import FittedRound, PlanFile, fit_round

__all__ = ["plan_round"]


def plan_round(game: Game, plan: PlanFile, index: int) -> FittedRound:
    """Round ``index`` (0-based) of ``plan`` as ``game`` will play it this round: shares of
    the round's budgets in pounds, and a funding cut's or a windfall's changes (see
    :func:`model.plans.fit_round`)."""
    planned: Mapping[str, Mapping[str, float | str]] = {
        str(sector): spend for sector, spend in plan.rounds[index].items()
    }
    items = {item for spend in planned.values() for item in spend}
    ranges = {item: game.pounds_range(item) for item in items}
    names = {item: game.scenario.intervention(item).name for item in items}
    return fit_round(planned, game.budgets(), ranges, names)
