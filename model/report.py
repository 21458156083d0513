"""Tables of a run's year reports, ready to write out (pure: no files here).

``years.csv`` has one row per year (year 0 = the start) and these columns: ``year``,
``residents``; ``score:<id>`` for every headline element, domain and node; ``value:<id>`` for
every indicator; ``gap:<id>`` for every Equality domain (the raw gap, in its indicator's units).
Ids are as in ``framework.yaml``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from model.engine import Game
from model.framework import Framework
from model.simulation import YearReport

__all__ = ["game_rows", "round_records", "spending_columns", "summary", "year_columns", "year_rows"]


def year_columns(framework: Framework) -> list[str]:
    """The column names of ``years.csv``, in order."""
    fw = framework
    equality = [n.id for n in fw.nodes if n.headline == "equality"]
    return [
        "year",
        "residents",
        *(f"score:{h}" for h in fw.headline_ids),
        *(f"score:{d}" for d in fw.domain_ids if d not in fw.node_index),
        *(f"score:{n}" for n in fw.node_ids),
        *(f"value:{i.id}" for i in fw.indicators),
        *(f"gap:{g}" for g in equality),
    ]


def year_rows(framework: Framework, history: Sequence[YearReport]) -> list[dict[str, Any]]:
    """One dict per year, keyed by :func:`year_columns`."""
    rows = []
    for r in history:
        row: dict[str, Any] = {"year": r.year, "residents": r.residents}
        row.update({f"score:{k}": round(v, 4) for k, v in r.scores.items()})
        row.update({f"value:{k}": round(v, 6) for k, v in r.values.items()})
        row.update({f"gap:{k}": round(v, 4) for k, v in r.gaps.items()})
        rows.append(row)
    return rows


def summary(framework: Framework, history: Sequence[YearReport]) -> dict[str, Any]:
    """The start, the end and the change of the headline elements and the gaps."""
    fw = framework
    first, last = history[0], history[-1]
    return {
        "years": last.year,
        "residents": {"start": first.residents, "end": last.residents},
        "population": {
            "births": sum(r.counts.births for r in history[1:]),
            "deaths": sum(r.counts.deaths for r in history[1:]),
            "moved_in": sum(r.counts.moved_in for r in history[1:]),
            "moved_out": sum(r.counts.moved_out for r in history[1:]),
        },
        "headlines": {
            h: {
                "name": name,
                "start": round(first.scores[h], 3),
                "end": round(last.scores[h], 3),
                "change": round(last.scores[h] - first.scores[h], 3),
                "start_band": first.bands[h],
                "end_band": last.bands[h],
            }
            for h, name in zip(fw.headline_ids, fw.headline_names, strict=True)
        },
        "gaps": {
            g: {"start": round(first.gaps[g], 3), "end": round(last.gaps[g], 3)} for g in first.gaps
        },
    }


def spending_columns(game: Game) -> list[str]:
    """Extra ``years.csv`` columns of a game: pounds spent a year by sector and intervention."""
    return [
        *(f"spend:{s}" for s in game.teams),
        *(f"spend:{i.id}" for i in game.scenario.interventions.interventions),
    ]


def game_rows(game: Game, baseline: bool = False) -> list[dict[str, Any]]:
    """``years.csv`` (or ``baseline.csv``) rows of a game, with its spending columns."""
    fw = game.scenario.framework
    history = game.baseline_history if baseline else game.history
    rows = year_rows(fw, history)
    columns = spending_columns(game)
    for row in rows:
        row.update(dict.fromkeys(columns, 0.0))
        if baseline:
            continue
        for report in game.reports:
            if report.first_year <= row["year"] <= report.last_year:
                for sector, total in report.spending.items():
                    row[f"spend:{sector}"] = round(total, 2)
                for alloc in report.allocations:
                    row[f"spend:{alloc.intervention}"] = round(alloc.total, 2)
    return rows


def round_records(game: Game) -> list[dict[str, Any]]:
    """``rounds.json``: decisions, events, situations, pipeline and outcomes, per round."""
    fw = game.scenario.framework
    out = []
    for r in game.reports:
        out.append(
            {
                "round": r.round,
                "years": [r.first_year, r.last_year],
                "budgets": {k: round(v, 2) for k, v in r.budgets.items()},
                "decisions": r.decisions,
                "spending": {k: round(v, 2) for k, v in r.spending.items()},
                "allocations": [
                    {
                        "intervention": a.intervention,
                        "pounds": {k: round(v, 2) for k, v in a.pounds.items()},
                        "scale": round(a.scale, 4),
                        "partnership": a.partnership,
                    }
                    for a in r.allocations
                ],
                "events": [
                    {"event": e.event, "name": e.name, "year": e.year, "until": e.until}
                    for e in r.events
                ],
                "situations": {str(y): list(s) for y, s in r.situations.items()},
                "baseline_situations": {str(y): list(s) for y, s in r.baseline_situations.items()},
                "pipeline": [
                    {
                        "intervention": p.intervention,
                        "strength": round(p.strength, 4),
                        "status": p.status,
                        "felt_from": p.felt_from,
                        "fading": p.fading,
                        "effects": dict(p.effects),
                    }
                    for p in r.pipeline
                ],
                "vcse_capacity": round(r.vcse_capacity, 4),
                "headlines": {
                    h: {
                        "score": round(r.years[-1].scores[h], 4),
                        "baseline": round(r.baseline_years[-1].scores[h], 4),
                    }
                    for h in fw.headline_ids
                },
            }
        )
    return out
