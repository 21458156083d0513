"""Headless runs for planners: a quiet town, or a game played by a plan or a bot.

Used by ``thrive run``; prints to the consoles it is given and writes CSV and JSON tables. A
game also writes the debrief pack (charts, ``debrief.md``, ``debrief.html``, ``save.json``; see
game/export.py), the same one the workshop's debrief screen exports.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from game.export import export_debrief, write_csv
from game.terminal import safe_text
from model.bots import bot_decisions, check_bot
from model.debrief import debrief
from model.engine import Game, GameScenario
from model.framework import Framework
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_plan,
    load_ripples,
    scenario_town,
)
from model.network import RippleNetwork
from model.plan_play import plan_round
from model.report import summary, year_columns, year_rows
from model.safefile import prepare_folder, write_text
from model.saves import autosave
from model.scoring import band_of
from model.simulation import Simulation, YearReport
from model.town.description import TownFile

__all__ = ["game_run", "quiet_run"]


def _progress(err: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )


def _headline_table(
    title: str,
    fw: Framework,
    history: Sequence[YearReport],
    baseline: Sequence[YearReport] | None = None,
) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("year", justify="right")
    table.add_column("residents", justify="right")
    for name in fw.headline_names:
        table.add_column(name, justify="right")
    for k, report in enumerate(history):
        cells = []
        for h in fw.headline_ids:
            band = band_of(report.scores[h], fw.bands)
            cell = f"{report.scores[h]:.2f} {band.symbol:>2}"
            if baseline is not None:
                cell += f" ({report.scores[h] - baseline[k].scores[h]:+.2f})"
            cells.append(cell)
        table.add_row(str(report.year), f"{report.residents:,}", *cells)
    return table


def _town(scenario: str) -> tuple[Framework, RippleNetwork, str, TownFile]:
    """The framework, the network, and the town a scenario names (all checked)."""
    fw = load_framework()
    label, description = scenario_town(scenario, fw)
    return fw, load_ripples(framework=fw), label, description


def quiet_run(
    console: Console,
    err: Console,
    scenario: str,
    years: int,
    seed: int,
    residents: int | None,
    out: Path | None,
) -> None:
    """Simulate a town with no decisions; print headline scores; write years.csv, summary.json."""
    started = time.perf_counter()
    fw, network, path, description = _town(scenario)
    folder = prepare_folder(out or Path("runs") / f"{description.id}-seed{seed}")
    name = safe_text(description.name)  # names and paths are shown, never read as markup
    with _progress(err) as progress:
        task = progress.add_task(f"Building {name}", total=years)
        sim = Simulation.from_description(fw, network, description, seed, population=residents)
        progress.update(task, description=f"Simulating {name}")
        for _ in range(years):
            sim.advance()
            progress.advance(task)
    console.print(
        _headline_table(f"{name}: headline scores (5 = England average)", fw, sim.history)
    )
    write_csv(folder / "years.csv", year_columns(fw), year_rows(fw, sim.history))
    info = summary(fw, sim.history)
    info.update(
        scenario=path,
        town=description.name,
        seed=seed,
        filled_from_england_average=list(sim.town.filled),
        start_fit=[
            {
                "indicator": f.indicator,
                "target": f.target,
                "generated": round(f.generated, 4),
                "points": round(f.points, 3),
                "within_tolerance": f.within,
                **({"why_not": f.note} if f.note else {}),
            }
            for f in sim.fit()
        ],
        seconds=round(time.perf_counter() - started, 2),
    )
    write_text(folder / "summary.json", json.dumps(info, indent=2))
    console.print(safe_text(f"Wrote {folder / 'years.csv'} and {folder / 'summary.json'}"))


def game_run(
    console: Console,
    err: Console,
    scenario: str,
    rounds: int | None,
    years_per_round: int,
    plan_path: Path | None,
    bot: str | None,
    seed: int,
    residents: int | None,
    out: Path | None,
) -> None:
    """Play a whole game with a plan or a bot, beside its do-nothing baseline; write the tables."""
    started = time.perf_counter()
    fw, network, path, description = _town(scenario)
    if bot is not None:
        check_bot(bot, fw)  # before anything is built or written
    interventions = load_interventions(framework=fw)
    events = load_events(framework=fw)
    plan = (
        load_plan(plan_path, fw, interventions, description, residents)
        if plan_path is not None
        else None
    )
    if plan is not None:
        if rounds is not None and rounds > len(plan.rounds):
            raise KeyError(f"the plan has {len(plan.rounds)} rounds, fewer than --rounds {rounds}")
        rounds = rounds or len(plan.rounds)
        residents = residents or plan.residents
    rounds = rounds or 5
    player = f"plan {plan_path}" if plan is not None else f"bot {bot}"
    folder = (
        out or Path("runs") / f"{description.id}-{(bot or 'plan').replace(':', '-')}-seed{seed}"
    )
    game_scenario = GameScenario(fw, network, description, interventions, events, residents)
    name = safe_text(description.name)  # names and paths are shown, never read as markup
    with _progress(err) as progress:
        task = progress.add_task(f"Building {name}", total=rounds)
        game = Game(game_scenario, rounds=rounds, years_per_round=years_per_round, seed=seed)
        prepare_folder(folder)
        autosave(game, folder / "autosave.json", path)
        for k in range(rounds):
            progress.update(task, description=f"Round {k + 1} of {rounds}")
            if plan is not None:
                fitted = plan_round(game, plan, k)
                decisions: Any = fitted.decisions
                for note in fitted.notes:
                    err.print(safe_text(f"Round {k + 1}: {note}"))
            else:
                assert bot is not None
                decisions = bot_decisions(bot, game)
            game.submit(decisions)
            progress.advance(task)
    console.print(
        _headline_table(
            f"{name}, {safe_text(player)}: headline scores (change against doing nothing)",
            fw,
            game.history,
            game.baseline_history,
        )
    )
    for report in game.reports:
        events_text = (
            ", ".join(f"{safe_text(e.name)} (year {e.year})" for e in report.events) or "none"
        )
        spent = sum(report.spending.values())
        console.print(
            f"Round {report.round} (years {report.first_year}-{report.last_year}): "
            f"£{spent:,.0f} a year on {len(report.allocations)} interventions; "
            f"events: {events_text}"
        )
    console.print("[bold]In a few sentences[/bold]")
    for sentence in debrief(game).sentences:
        console.print(f"  - {safe_text(sentence)}")
    extra = {"player": player, "seconds": round(time.perf_counter() - started, 2)}
    written = export_debrief(game, description.name, path, folder, extra=extra)
    console.print(
        safe_text(f"Wrote the debrief pack in {folder}: " + ", ".join(p.name for p in written))
    )
