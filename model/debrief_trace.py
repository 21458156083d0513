"""The debrief's "why it changed, traced back": each headline element's change against doing
nothing over the whole game, split by model/attribution.py into the decisions (by
intervention and round, and by team), events, and the town's own dynamics.

Kept apart from model/debrief.py (the debrief's sentences and tables) so that the two can be
read, and changed, on their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from model.attribution import Attribution, attribute_game, by_intervention
from model.engine import Game

__all__ = ["Traced", "trace_game"]


@dataclass(frozen=True)
class Traced:
    """The whole game's change in each headline element, traced back."""

    headlines: Mapping[str, Attribution]
    """By headline id: the attribution with each intervention's teams merged per round."""
    by_team: Mapping[str, Mapping[str, float]]
    """By team name, then headline id: the points its share of the money's pushes made,
    through every route (the residents' own course and events are nobody's)."""
    by_kind: Mapping[str, Mapping[str, float]]
    """By headline id, then origin kind: decisions, events, situations, own dynamics, edges."""


def trace_game(game: Game) -> Traced:
    """Trace every headline element of a game with at least one round played."""
    fw = game.scenario.framework
    headlines: dict[str, Attribution] = {}
    teams: dict[str, dict[str, float]] = {
        s.name: dict.fromkeys(fw.headline_ids, 0.0)
        for s in game.scenario.interventions.sectors
        if s.id in game.teams
    }
    kinds: dict[str, dict[str, float]] = {}
    for h in fw.headline_ids:
        full = attribute_game(game, h)
        headlines[h] = by_intervention(full)
        for c in full.contributions:
            if c.origin.kind == "intervention":
                teams.setdefault(c.origin.team, dict.fromkeys(fw.headline_ids, 0.0))
                teams[c.origin.team][h] += c.points
        kinds[h] = {
            k: full.by_kind(k) for k in ("intervention", "event", "situation", "own", "edges")
        }
    return Traced(headlines, teams, kinds)
