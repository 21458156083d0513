"""What the projected board page shows, as plain numbers for its script to draw.

The board has four views the facilitator switches between (the briefing, the dashboard, the
ripple network with pulses while the round's years play out, the debrief). Everything is read
from the session's game here, in the game's own terms: the framework's bands (colour, the
colour-blind-safe colour and the symbol, so the band is carried in text as well), the headline
colours of :mod:`game.draw`, and the network's columns of :func:`game.netview.columns`, so the
board and the window agree. Read only between jobs (never while a round is being simulated).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from model.debrief import debrief
from model.scoring import band_of

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
from game.draw import DOWN, HEADLINE_COLOURS, UP
from game.netview import columns

if TYPE_CHECKING:
    from game.host_room import Room
    from game.session import Session

__all__ = ["board_data"]


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def board_data(session: Session, room: Room) -> dict[str, Any]:
    """Every view's numbers for the board at this point of the game."""
    game = session.live
    fw = game.scenario.framework
    town = session.town
    now = game.history[-1]
    base = game.baseline_history[-1]
    bands = [
        {
            "id": b.id,
            "name": b.name,
            "min": b.min,
            "colour": b.colour,
            "safe": b.colour_safe,
            "symbol": b.symbol,
        }
        for b in fw.bands
    ]

    def band(score: float) -> str:
        return band_of(score, fw.bands).id

    headlines = [
        {
            "id": h,
            "name": name,
            "colour": _hex(HEADLINE_COLOURS.get(h, (29, 35, 42))),
            "score": now.scores[h],
            "band": band(now.scores[h]),
            "vs": now.scores[h] - base.scores[h],
            "series": [y.scores[h] for y in game.history],
            "baseline": [y.scores[h] for y in game.baseline_history],
        }
        for h, name in zip(fw.headline_ids, fw.headline_names, strict=True)
    ]
    domains = [
        {
            "id": d,
            "name": name,
            "score": now.scores[d],
            "band": band(now.scores[d]),
            "vs": now.scores[d] - base.scores[d],
        }
        for d, name in zip(fw.domain_ids, fw.domain_names, strict=True)
        if d in now.scores
    ]
    sectors: dict[str, Any] = {s.id: s for s in session.interventions.sectors}
    budgets = game.budgets() if not game.over else {}
    briefing = {
        "town": town.name if town else game.scenario.town.id,
        "text": (town.briefing or town.description) if town else "",
        "round": game.round,
        "rounds": game.rounds,
        "year": game.year,
        "years_per_round": game.years_per_round,
        "over": game.over,
        "events": [
            {
                "name": d.name,
                "year": d.year,
                "description": next(
                    e.description for e in game.scenario.events.events if e.id == d.event
                ),
            }
            for d in game.pending_events
        ],
        "situations": list(game.situations_now()),
        "teams": [
            {
                "id": t,
                "name": sectors[t].name,
                "objective": sectors[t].objective,
                "budget": budgets.get(t, 0.0),
                "ready": t in room.ready,
            }
            for t in game.teams
        ],
    }
    network = {
        "columns": [
            {"title": c.title, "headline": c.headline, "nodes": list(c.nodes)} for c in columns(fw)
        ],
        "names": {n.id: n.name for n in fw.nodes},
        "scores": {n.id: now.scores[n.id] for n in fw.nodes},
        "bands": {n.id: band(now.scores[n.id]) for n in fw.nodes},
        "links": [
            [k.source, k.target, 1 if k.weight > 0 else -1] for k in game.scenario.network.links
        ],
        "pulses": _pulses(game),
    }
    brief = debrief(game)
    debrief_view = {
        "played": len(game.reports),
        "headlines": [
            {
                "name": m.name,
                "start": m.start,
                "end": m.end,
                "baseline": m.baseline_end,
                "vs": m.vs_baseline,
            }
            for m in brief.headlines
        ],
        "sentences": list(brief.sentences),
        "rounds": [
            {
                "round": r.round,
                "funded": sum(r.spending.values()),
                "events": [e.name for e in r.events],
                "shared": sum(1 for a in r.allocations if a.partnership),
            }
            for r in game.reports
        ],
    }
    return {
        "bands": bands,
        "up": _hex(UP),
        "down": _hex(DOWN),
        "headlines": headlines,
        "domains": domains,
        "briefing": briefing,
        "network": network,
        "debrief": debrief_view,
    }


def _pulses(game: Any) -> list[dict[str, Any]]:
    """The last round's years as pulses: for each year, how much each node moved against the
    year before, played town minus baseline (what the decisions did), largest first."""
    if not game.reports:
        return []
    report = game.reports[-1]
    out = []
    before = game.history[report.first_year - 1] if report.first_year >= 1 else report.years[0]
    base_before = game.baseline_history[report.first_year - 1]
    for year, base in zip(report.years, report.baseline_years, strict=True):
        moves = {
            n: (year.scores[n] - before.scores[n]) - (base.scores[n] - base_before.scores[n])
            for n in year.scores
            if n in {x.id for x in game.scenario.framework.nodes}
        }
        top = sorted(moves.items(), key=lambda kv: -abs(kv[1]))[:12]
        out.append({"year": year.year, "moves": {k: v for k, v in top if abs(v) > 0.005}})
        before, base_before = year, base
    return out
