"""The planner's batch commands: ``thrive ensemble``, ``thrive compare``, ``thrive
sensitivity`` and ``thrive sweep`` (registered on the ``thrive`` app by :func:`register`).

Each builds :class:`model.batch.RunSpec` runs, sends them out with
:func:`game.batch_runner.run_batch` (local processes by default, or ``--scheduler`` for a Dask
cluster), and writes its tables, charts and report into ``--out``.
"""

from __future__ import annotations

import time
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from game.terminal import safe_text
from model.bounds import MAX_SEED, POPULATION
from model.errors import ScenarioError
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_plan,
    load_ripples,
    scenario_town,
)
from model.plans import PlanFile
from model.safefile import prepare_folder
from model.simulation import MAX_YEARS

if TYPE_CHECKING:  # the batch machinery (Dask, matplotlib...) is imported when a batch runs
    from model.batch import Parts, RunResult, RunSpec, Vary
    from model.town.description import TownFile

VARY_MODES = ("history", "town", "weights", "all")
"""As :data:`model.batch.VARY_MODES` (a test holds them equal)."""

__all__ = ["register"]

MAX_RUNS = 10_000
"""Most seeds a batch takes (a typo's guard: 10,000 runs of a small town take hours)."""

SeedsOpt = Annotated[int, typer.Option(min=1, max=MAX_RUNS, help="Runs (seeds) per plan.")]
YearsOpt = Annotated[
    int | None,
    typer.Option(min=1, max=MAX_YEARS, help="Years to run (default: the plan's rounds x 2)."),
]
ResidentsOpt = Annotated[
    int | None,
    typer.Option(min=POPULATION[0], max=POPULATION[1], help="Residents modelled."),
]
VaryOpt = Annotated[
    str,
    typer.Option(help="What a seed varies: history (default), town, weights or all."),
]
WorkersOpt = Annotated[
    int | None,
    typer.Option(min=1, max=512, help="Local processes (default: every core; 1: this one)."),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(help="A Dask scheduler's address, tcp://HOST:PORT, to run on its cluster."),
]
SeedOpt = Annotated[
    int,
    typer.Option(min=0, max=MAX_SEED, help="The first seed (runs use SEED, SEED+1, ...)."),
]
OutOpt = Annotated[Path | None, typer.Option(help="Folder for the tables, charts and report.")]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Build every town afresh; keep none on disk.")
]


def refusals() -> AbstractContextManager[None]:
    from game.cli import refusals as refused

    return refused()


def _parts() -> Parts:
    from model.batch import Parts

    fw = load_framework()
    return Parts(
        fw,
        load_ripples(framework=fw),
        load_interventions(framework=fw),
        load_events(framework=fw),
    )


def _vary(vary: str, err: Console) -> Vary:
    if vary not in VARY_MODES:
        err.print(f"--vary takes {', '.join(VARY_MODES)} (got '{safe_text(vary)}')")
        raise typer.Exit(2)
    return vary  # type: ignore[return-value]  # one of VARY_MODES


def _scheduler(address: str | None, err: Console) -> str | None:
    if address is None:
        return None
    host = address.removeprefix("tcp://")
    name, sep, port = host.rpartition(":")
    if not (address.startswith("tcp://") and sep and name and port.isdigit()):
        err.print(f"--scheduler takes tcp://HOST:PORT (got '{safe_text(address)}')")
        raise typer.Exit(2)
    return address


def _specs(
    town: TownFile,
    players: list[tuple[str, PlanFile | str]],
    seeds: int,
    first_seed: int,
    years: int,
    residents: int | None,
    vary: Vary,
) -> list[RunSpec]:
    from model.batch import RunSpec

    return [
        RunSpec(
            town=town,
            player=player,
            seed=first_seed + k,
            years=years,
            residents=residents,
            vary=vary,
            town_seed=first_seed,
            label=label,
            run=k,
        )
        for label, player in players
        for k in range(seeds)
    ]


def _batch(
    console: Console,
    err: Console,
    command: str,
    town_ref: str,
    players: list[tuple[str, PlanFile | str]],
    seeds: int,
    first_seed: int,
    years: int | None,
    residents: int | None,
    vary: str,
    workers: int | None,
    scheduler: str | None,
    out: Path | None,
    no_cache: bool,
    parts: Parts,
) -> None:
    """Run every player on the same seeds and write the batch's files."""
    from game.batch_report import BatchInfo, write_batch
    from game.batch_runner import (
        default_cache,
        describe_where,
        progress_bar,
        run_sharing_baselines,
    )
    from model.shared_baseline import split

    mode = _vary(vary, err)
    address = _scheduler(scheduler, err)
    started = time.perf_counter()
    _, town = scenario_town(town_ref, parts.framework)
    plans = [p for _, p in players if isinstance(p, PlanFile)]
    if years is None:
        years = max((len(p.rounds) * 2 for p in plans), default=10)
    folder = prepare_folder(out or Path("runs") / f"{town.id}-{command}")
    specs = _specs(town, players, seeds, first_seed, years, residents, mode)
    where = describe_where(workers, address)
    shared = split(specs)  # one baseline a seed for all the plans (model/shared_baseline.py)
    runs = (
        f"{len(specs)} runs"
        if shared is None
        else f"{len(specs)} runs (with {len(shared.baselines)} baselines shared by the plans)"
    )
    err.print(
        safe_text(
            f"{runs} of {years} years of {town.name} "
            f"({residents or town.population:,} residents), {where}"
        )
    )
    cache = None if no_cache else default_cache()
    with progress_bar(err, safe_text(town.name)) as tell:
        results = run_sharing_baselines(parts, specs, workers, address, cache, tell)
    groups: dict[str, list[RunResult]] = {}
    for r in results:
        groups.setdefault(r.label, []).append(r)
    info = BatchInfo(
        command=command,
        town=town.name,
        runs=seeds,
        years=years,
        residents=residents or town.population,
        vary=mode,
        seeds=f"{first_seed} to {first_seed + seeds - 1}",
        where=where,
        seconds=time.perf_counter() - started,
    )
    written = write_batch(folder, parts.framework, parts.interventions, groups, info)
    _print_verdicts(console, parts, groups, years)
    console.print(safe_text(f"Wrote {folder}: " + ", ".join(p.name for p in written)))


def _print_verdicts(
    console: Console, parts: Parts, groups: dict[str, list[RunResult]], years: int
) -> None:
    from model.ensemble_stats import matrix, paired, sentence, verdict

    fw = parts.framework
    heads = list(zip(fw.headline_ids, fw.headline_names, strict=True))
    labels = list(groups)
    for label in labels:
        runs = groups[label]
        console.print(f"[bold]{safe_text(label)} against doing nothing[/bold] ({len(runs)} runs)")
        for h, name in heads:
            diff = matrix(runs, f"score:{h}") - matrix(runs, f"score:{h}", "baseline")
            console.print("  " + safe_text(sentence(name, "doing nothing", verdict(diff), years)))
    for other in labels[1:]:
        console.print(f"[bold]{safe_text(other)} against {safe_text(labels[0])}[/bold]")
        for h, name in heads:
            v = verdict(paired(groups[other], groups[labels[0]], f"score:{h}"))
            console.print("  " + safe_text(sentence(name, labels[0], v, years)))


def _plan(path: Path, parts: Parts, town_ref: str, residents: int | None) -> PlanFile:
    """A plan, checked against the town at the size the runs use."""
    _, town = scenario_town(town_ref, parts.framework)
    return load_plan(path, parts.framework, parts.interventions, town, residents)


def register(app: typer.Typer, console: Console, err: Console) -> None:
    """Add the batch commands to ``app``."""

    @app.command()
    def ensemble(
        town: Annotated[str, typer.Argument(help="A shipped town's id, a town file, place:CODE.")],
        plan: Annotated[Path | None, typer.Option(help="A plan file.")] = None,
        bot: Annotated[str | None, typer.Option(help="Or a bot: even, silo, ...")] = None,
        seeds: SeedsOpt = 20,
        years: YearsOpt = None,
        residents: ResidentsOpt = None,
        vary: VaryOpt = "history",
        workers: WorkersOpt = None,
        scheduler: SchedulerOpt = None,
        seed: SeedOpt = 1,
        out: OutOpt = None,
        no_cache: NoCacheOpt = False,
    ) -> None:
        """Run a plan (or a bot) on many seeds beside doing nothing: runs.csv, summary.csv
        (10/50/90th percentiles of the plan, the baseline and their paired difference), fan
        charts and report.html."""
        if (plan is None) == (bot is None):
            err.print("give --plan PLAN.yaml or --bot NAME (one of them)")
            raise typer.Exit(2)
        with refusals():
            parts = _parts()
            if bot is not None:
                from model.bots import check_bot

                check_bot(bot, parts.framework)
                players: list[tuple[str, PlanFile | str]] = [(f"bot {bot}", bot)]
            else:
                assert plan is not None
                players = [(plan.stem, _plan(plan, parts, town, residents))]
            _batch(
                console, err, "ensemble", town, players, seeds, seed, years, residents,
                vary, workers, scheduler, out, no_cache, parts,
            )  # fmt: skip

    @app.command()
    def compare(
        town: Annotated[str, typer.Argument(help="A shipped town's id, a town file, place:CODE.")],
        plans: Annotated[list[Path], typer.Argument(help="Two or more plan files.")],
        seeds: SeedsOpt = 20,
        years: YearsOpt = None,
        residents: ResidentsOpt = None,
        vary: VaryOpt = "history",
        workers: WorkersOpt = None,
        scheduler: SchedulerOpt = None,
        seed: SeedOpt = 1,
        out: OutOpt = None,
        no_cache: NoCacheOpt = False,
    ) -> None:
        """Compare plans on the same seeds and events: paired differences, a sentence for every
        headline element and domain on whether the difference is beyond chance, fan charts on
        shared axes and a table per team of money and what it moved."""
        if len(plans) < 2:
            err.print("compare needs two or more plan files")
            raise typer.Exit(2)
        with refusals():
            parts = _parts()
            players: list[tuple[str, PlanFile | str]] = []
            for path in plans:
                label = path.stem
                while label in {name for name, _ in players}:
                    label += "'"
                players.append((label, _plan(path, parts, town, residents)))
            _batch(
                console, err, "compare", town, players, seeds, seed, years, residents,
                vary, workers, scheduler, out, no_cache, parts,
            )  # fmt: skip

    @app.command()
    def sensitivity(
        town: Annotated[str, typer.Argument(help="A shipped town's id, a town file, place:CODE.")],
        plan: Annotated[Path, typer.Option(help="A plan file.")],
        method: Annotated[str, typer.Option(help="morris (default) or sobol.")] = "morris",
        samples: Annotated[
            int,
            typer.Option(
                min=2,
                max=4096,
                help="Morris: trajectories (runs = N x (factors + 1)); Sobol: base samples, "
                "a power of two (runs = N x (factors + 2)).",
            ),
        ] = 4,
        years: YearsOpt = None,
        residents: Annotated[
            int,
            typer.Option(min=POPULATION[0], max=POPULATION[1], help="Residents modelled."),
        ] = 5_000,
        workers: WorkersOpt = None,
        scheduler: SchedulerOpt = None,
        seed: SeedOpt = 1,
        out: OutOpt = None,
        no_cache: NoCacheOpt = False,
    ) -> None:
        """Which assumptions a plan's result depends on most: SALib (Morris or Sobol) over the
        link weights (within their evidence ranges), the effect sizes of what the plan funds
        and the partnership bonus; a ranked table, a chart and report.html."""
        if method not in ("morris", "sobol"):
            err.print(f"--method takes morris or sobol (got '{safe_text(method)}')")
            raise typer.Exit(2)
        if method == "sobol" and samples & (samples - 1):
            err.print(f"--samples for sobol must be a power of two (got {samples})")
            raise typer.Exit(2)
        address = _scheduler(scheduler, err)
        with refusals():
            _sensitivity(
                console, err, town, plan, method, samples, years, residents, workers,
                address, seed, out, no_cache,
            )  # fmt: skip

    @app.command()
    def sweep(
        plan: Annotated[Path, typer.Argument(help="A plan file (shares travel best).")],
        places: Annotated[
            str, typer.Option(help="Part of a district's name or code, or all (every one).")
        ] = "all",
        seeds: SeedsOpt = 5,
        years: YearsOpt = None,
        residents: Annotated[
            int,
            typer.Option(
                min=POPULATION[0], max=POPULATION[1], help="Residents modelled in each place."
            ),
        ] = 10_000,
        vary: VaryOpt = "history",
        workers: WorkersOpt = None,
        scheduler: SchedulerOpt = None,
        seed: SeedOpt = 1,
        out: OutOpt = None,
        no_cache: NoCacheOpt = False,
    ) -> None:
        """Run a plan on every matching English district, each against its own baseline: a
        table and a chart of where it helps most and least, by region and rural-urban class."""
        mode = _vary(vary, err)
        address = _scheduler(scheduler, err)
        with refusals():
            _sweep(
                console, err, plan, places, seeds, years, residents, mode, workers, address,
                seed, out, no_cache,
            )  # fmt: skip


def _sweep(
    console: Console,
    err: Console,
    plan_path: Path,
    query: str,
    seeds: int,
    years: int | None,
    residents: int,
    vary: Vary,
    workers: int | None,
    scheduler: str | None,
    first_seed: int,
    out: Path | None,
    no_cache: bool,
) -> None:
    from rich.table import Table

    from game.batch_runner import default_cache, describe_where, progress_bar, run_batch
    from game.sweep_report import outcome_of, write_sweep
    from model.places import find_places, place_description

    started = time.perf_counter()
    parts = _parts()
    fw = parts.framework
    found = find_places(None if query.lower() == "all" else query)
    if not found:
        err.print(f"no English district matches '{safe_text(query)}'")
        raise typer.Exit(1)
    players: list[tuple[str, PlanFile | str]] = []
    towns: dict[str, TownFile] = {}
    refused: list[str] = []
    specs: list[RunSpec] = []
    for p in found:
        town = place_description(p, fw)
        try:
            plan = load_plan(plan_path, fw, parts.interventions, town, residents)
        except ScenarioError as exc:
            refused.append(f"{p.name}: {exc.problems[0].message}")
            continue
        towns[p.code] = town
        players = [(p.code, plan)]
        specs += _specs(town, players, seeds, first_seed, years or len(plan.rounds) * 2,
                        residents, vary)  # fmt: skip
    if not specs:
        err.print(safe_text("the plan fits none of the places: " + "; ".join(refused[:3])))
        raise typer.Exit(1)
    run_years = specs[0].years
    where = describe_where(workers, scheduler)
    err.print(
        safe_text(
            f"{len(towns)} places x {seeds} seeds: {len(specs)} runs of {run_years} years at "
            f"{residents:,} residents, {where}"
        )
    )
    folder = prepare_folder(out or Path("runs") / f"sweep-{plan_path.stem}")
    cache = None if no_cache else default_cache()
    with progress_bar(err, "Sweep") as tell:
        results = run_batch(parts, specs, workers, scheduler, cache, tell)
    by_place: dict[str, list[RunResult]] = {}
    for r in results:
        by_place.setdefault(r.label, []).append(r)
    place_of = {p.code: p for p in found}
    outcomes = [outcome_of(place_of[c], runs, fw.headline_ids) for c, runs in by_place.items()]
    info = {
        "plan": plan_path.stem,
        "what": (
            f"thrive sweep: {plan_path.stem} on {len(towns)} English districts matching "
            f"'{query}', each at {residents:,} residents for {run_years} years, {seeds} seeds "
            f"each ({first_seed} to {first_seed + seeds - 1}, varying {vary}), each against "
            f"its own do-nothing baseline; run {where} in "
            f"{time.perf_counter() - started:.0f} s. The figures are the median and the 80% "
            "interval of the plan's score minus doing nothing's at the last year."
            + (
                f" The plan does not fit {len(refused)} places: " + "; ".join(refused[:5])
                if refused
                else ""
            )
        ),
    }
    written = write_sweep(folder, fw, outcomes, info)
    heads = list(zip(fw.headline_ids, fw.headline_names, strict=True))
    table = Table(title=f"{plan_path.stem}: against doing nothing after {run_years} years")
    for column in ("place", "region", "rural-urban", *(n for _, n in heads)):
        table.add_column(safe_text(column))
    for o in sorted(outcomes, key=lambda o: -o.median[heads[0][0]])[:15]:
        cells = [
            f"{o.median[h]:+.2f}{'' if o.beyond(h) else ' ~'}" for h, _ in heads
        ]  # ~: within chance
        table.add_row(
            safe_text(o.place.name), safe_text(o.place.region), safe_text(o.place.rural_urban),
            *cells,
        )  # fmt: skip
    console.print(table)
    console.print("(~ within chance: its 80% interval includes zero)")
    console.print(safe_text(f"Wrote {folder}: " + ", ".join(p.name for p in written)))


def _sensitivity(
    console: Console,
    err: Console,
    town_ref: str,
    plan_path: Path,
    method: str,
    samples: int,
    years: int | None,
    residents: int,
    workers: int | None,
    scheduler: str | None,
    seed: int,
    out: Path | None,
    no_cache: bool,
) -> None:
    from rich.table import Table

    from game.batch_runner import default_cache, describe_where, progress_bar, run_batch
    from game.sensitivity_report import analyse, sample, write_sensitivity
    from model.batch import RunSpec
    from model.sensitivity import factors, outcomes, problem, specs_for

    started = time.perf_counter()
    parts = _parts()
    fw = parts.framework
    _, town = scenario_town(town_ref, fw)
    plan = _plan(plan_path, parts, town_ref, residents)
    years = years or len(plan.rounds) * 2
    items = factors(parts.network, plan)
    prob = problem(items)
    x = sample(method, prob, samples, seed)
    base = RunSpec(town, plan, seed, years, residents, "history", seed, plan_path.stem)
    specs = specs_for(base, items, x)
    folder = prepare_folder(out or Path("runs") / f"{town.id}-sensitivity")
    where = describe_where(workers, scheduler)
    err.print(
        safe_text(
            f"{method}: {len(items)} factors, {len(specs)} runs of {years} years of "
            f"{town.name} ({residents:,} residents), {where}"
        )
    )
    cache = None if no_cache else default_cache()
    with progress_bar(err, safe_text(town.name)) as tell:
        results = run_batch(parts, specs, workers, scheduler, cache, tell)
    rankings = [analyse(method, prob, x, outcomes(results, h), h, seed) for h in fw.headline_ids]
    info = {
        "plan": plan_path.stem,
        "town": town.name,
        "what": (
            f"thrive sensitivity, {method}: {len(items)} factors (every link weight within its "
            f"evidence range, the effects of the {sum(f.kind == 'effect' for f in items)} "
            "interventions the plan funds at 50% to 150% of their stated size, and the "
            f"partnership bonus from 0 to 0.4), {len(specs)} runs of {years} years of "
            f"{town.name} at {residents:,} residents, all on seed {seed} (one future, so the "
            f"differences are the factors'), run {where} in "
            f"{time.perf_counter() - started:.0f} s. The outcome is the plan's score minus "
            "doing nothing's at the last year, for each headline element."
        ),
    }
    written = write_sensitivity(folder, fw, method, items, rankings, info)
    names = dict(zip(fw.headline_ids, fw.headline_names, strict=True))
    for r in rankings:
        table = Table(title=f"{names[r.headline]}: what the result depends on most")
        for column in ("factor", "range", "importance", "±"):
            table.add_column(column, justify="left" if column == "factor" else "right")
        for k in sorted(range(len(items)), key=lambda k: -r.importance[k])[:8]:
            f = items[k]
            table.add_row(
                safe_text(f.name),
                f"{f.low:.3g} to {f.high:.3g}",
                f"{r.importance[k]:.4f}",
                f"{r.confidence[k]:.4f}",
            )
        console.print(table)
    console.print(safe_text(f"Wrote {folder}: " + ", ".join(p.name for p in written)))
