"""The ``thrive`` command: check scenario files, explore the ripple network, play.

Every command that reads scenario files reports bad input as one clear list of problems (file,
line, path, message) and exits 1; it never shows a traceback for a user's mistake.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from game.cli_batch import register as register_batch
from game.cli_user import SCENARIOS_HELP, check_user_folder, print_user_folder
from game.terminal import plain, safe_text
from model.bounds import MAX_PUSH, MAX_SEED, POPULATION, check_number
from model.errors import Problem, ScenarioError
from model.experiments import sustained_push
from model.loading import (
    check_files,
    default_files,
    load_framework,
    load_ripples,
    scenario_town,
)
from model.safefile import WriteError
from model.scoring import band_of, scorecard_from_nodes
from model.simulation import MAX_YEARS

app = typer.Typer(
    name="thrive",
    help="Thriving Places: a systems-thinking simulation game for UK towns.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 140)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _fail(exc: ScenarioError | WriteError) -> typer.Exit:
    """Print every problem, unwrapped (one per line, so editors can jump to them), and exit 1;
    a file that could not be written is the one sentence that says which and why."""
    sys.stderr.write(plain(exc.report() if isinstance(exc, ScenarioError) else str(exc)) + "\n")
    return typer.Exit(1)


@contextmanager
def refusals() -> Iterator[None]:
    """The refusals a command can meet, each as its message and exit code: problems with files
    or saves (every one listed, exit 1), a file that cannot be written (one sentence, exit 1)
    and an unknown place code (its sentence, exit 2: a usage error). Written once, for every
    command that runs a game or a batch."""
    try:
        yield
    except (ScenarioError, WriteError) as exc:
        raise _fail(exc) from None
    except KeyError as exc:
        err.print(safe_text(exc.args[0]))
        raise typer.Exit(2) from None


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Scenario files or saves (.json) to check (default: the shipped files).",
            show_default=False,
        ),
    ] = None,
    replay: Annotated[
        bool,
        typer.Option("--replay", help="Also replay each save and verify every round's ending."),
    ] = False,
    scenarios: Annotated[
        Path | None,
        typer.Option(help=SCENARIOS_HELP, show_default=False),
    ] = None,
    town: Annotated[
        str | None,
        typer.Option(help="Check plans' money against this town (e.g. hastings, place:CODE)."),
    ] = None,
    residents: Annotated[
        int | None,
        typer.Option(
            min=POPULATION[0], max=POPULATION[1], help="...at this size, as thrive run would."
        ),
    ] = None,
) -> None:
    """Check scenario files and saves and print a summary, or every problem with its file and
    line. A save (.json) is checked without replaying it unless --replay is given. A plan's
    budgets and scales are checked as `thrive run TOWN --plan PLAN [--residents N]` will play
    them (default: against the town the plan names)."""
    files = paths or default_files()
    saves = [p for p in files if p.suffix.lower() == ".json"]
    problems: list[Problem] = []
    results = []
    try:
        against = scenario_town(town, load_framework())[1] if town is not None else None
        scenario_files = [p for p in files if p.suffix.lower() != ".json"]
        results = check_files(scenario_files, against, residents) if scenario_files else []
    except ScenarioError as exc:
        problems.extend(exc.problems)
    except KeyError as exc:  # an unknown place:CODE
        err.print(safe_text(exc.args[0]))
        raise typer.Exit(2) from None
    checked_saves = _check_saves(saves, replay, problems)
    user = check_user_folder(scenarios, bool(paths), problems)
    if problems:
        raise _fail(ScenarioError(problems))
    for result in results:
        console.print(f"[bold]{safe_text(result.path)}[/bold] ({result.kind}): OK")
        for key, value in result.summary.items():
            console.print(f"  {key:<20} {value}")
        for note in result.notes:
            console.print(f"  ({note})")
        for warning in result.warnings:
            console.print(f"  [yellow]warning:[/yellow] {safe_text(warning)}")
    for path, summary in checked_saves:
        console.print(f"[bold]{safe_text(path)}[/bold] (save): OK")
        for key, text in summary.items():
            console.print(f"  {key:<20} {safe_text(text)}")
    print_user_folder(console, user)
    warned = sum(len(r.warnings) for r in results)
    also = f" ({warned} warning(s) above)" if warned else ""
    count = len(results) + len(checked_saves) + (len(user.files) if user else 0)
    console.print(f"{count} file(s) checked, no problems found{also}.")


def _check_saves(
    saves: list[Path], replay: bool, problems: list[Problem]
) -> list[tuple[Path, dict[str, str]]]:
    """Check each save (and replay it, with ``replay``); what each is, in words. Problems are
    added to ``problems`` so that every file's are reported together."""
    if not saves:
        return []
    from model.loading import load_events, load_interventions
    from model.saves import load_saved, read_save

    try:
        fw = load_framework()
        network = load_ripples(framework=fw)
        interventions = load_interventions(framework=fw)
        events = load_events(framework=fw)
    except ScenarioError as exc:
        problems.extend(exc.problems)
        return []
    checked = []
    for path in saves:
        try:
            if replay:
                loaded = load_saved(path, fw, network, interventions, events)
                summary = loaded.save.summary()
                summary["replayed"] = (
                    f"{loaded.save.played} rounds, each ending where it did when saved"
                )
            else:
                summary = read_save(path, interventions).summary()
        except ScenarioError as exc:
            problems.extend(exc.problems)
            continue
        checked.append((path, summary))
    return checked


@app.command()
def node(
    node_id: Annotated[str, typer.Argument(help="A node id, e.g. transport or mental_health.")],
) -> None:
    """Show a node: its indicators, and the ripple links into and out of it with evidence."""
    try:
        network = load_ripples(framework=load_framework())
    except ScenarioError as exc:
        raise _fail(exc) from None
    fw = network.framework
    if node_id not in fw.node_index:
        err.print(f"unknown node '{safe_text(node_id)}'. Nodes: {', '.join(fw.node_ids)}")
        raise typer.Exit(1)
    info = fw.node(node_id)
    console.print(
        f"[bold]{escape(info.name)}[/bold] ({info.id}), {info.domain} / {info.headline}, "
        f"measured on {info.kind}"
    )
    console.print(escape(info.description))
    for ind in info.indicators:  # escaped: rich would take "[tonnes CO2 ...]" for a style
        better = "higher" if ind.direction == "higher" else "lower"
        console.print(
            escape(
                f"  - {ind.name} [{ind.unit}], {better} is better; England "
                f"{ind.reference.mean:g} ± {ind.reference.sd:g} ({ind.reference.status})"
            )
        )
    for title, links, other in (
        ("Moved by", network.inputs(node_id), "source"),
        ("Moves", network.outputs(node_id), "target"),
    ):
        table = Table(title=title, title_justify="left")
        for column in ("node", "weight", "delay", "evidence", "mechanism"):
            table.add_column(column, overflow="fold")
        for k in links:
            table.add_row(
                escape(fw.node(getattr(k, other)).name),
                f"{k.weight:+.2f}",
                f"{k.delay} y",
                k.evidence.level,
                escape(k.mechanism),
            )
        console.print(table)


@app.command()
def ripple(
    push: Annotated[
        list[str],
        typer.Option("--push", "-p", help="NODE=POINTS held every year, e.g. transport=1."),
    ],
    years: Annotated[int, typer.Option(min=1, max=50, help="Years to run.")] = 10,
    top: Annotated[int, typer.Option(min=1, max=27, help="Nodes to show.")] = 10,
) -> None:
    """Push nodes of an average English place and watch the change ripple out, year by year."""
    try:
        network = load_ripples(framework=load_framework())
    except ScenarioError as exc:
        raise _fail(exc) from None
    pushes: dict[str, float] = {}
    for item in push:
        name, sep, value = item.partition("=")
        try:
            pushes[name.strip()] = check_number(value, -MAX_PUSH, MAX_PUSH) if sep else 1.0
        except ValueError as exc:
            err.print(
                safe_text(
                    f"--push {item!r}: {exc}; POINTS must be from {-MAX_PUSH:g} to "
                    f"{MAX_PUSH:g}, e.g. transport=1"
                )
            )
            raise typer.Exit(2) from None
    try:
        record = sustained_push(network, pushes, years)
    except KeyError as exc:
        err.print(f"{safe_text(exc.args[0])}. Nodes: {', '.join(network.framework.node_ids)}")
        raise typer.Exit(2) from None
    _print_ripples(network, record, top)


def _print_ripples(network, record, top: int) -> None:  # type: ignore[no-untyped-def]
    fw = network.framework
    final = record[-1]
    order = sorted(range(len(fw.nodes)), key=lambda k: -abs(final.change[k]))[:top]
    table = Table(title="Change in score since the start (points)", title_justify="left")
    table.add_column("node")
    for r in record:
        table.add_column(f"y{r.year}", justify="right")
    for k in order:
        table.add_row(fw.nodes[k].name, *(f"{r.change[k]:+.2f}" for r in record))
    console.print(table)
    cards = [scorecard_from_nodes(fw, r.scores) for r in record]
    heads = Table(title="Headline elements (start 5.00 = England average)", title_justify="left")
    heads.add_column("headline")
    for r in record:
        heads.add_column(f"y{r.year}", justify="right")
    heads.add_column("band")
    for h, name in enumerate(fw.headline_names):
        last = float(cards[-1].headlines[h])
        band = band_of(last, fw.bands)
        heads.add_row(name, *(f"{c.headlines[h]:.2f}" for c in cards), f"{band.symbol} {band.name}")
    console.print(heads)
    console.print(f"[bold]Why did they change in year {final.year}?[/bold]")
    for k in order[:5]:
        node_id = fw.nodes[k].id
        reasons = network.why(final.contributions, node_id, top=3)
        pushed = float(final.push[k])
        parts = [f"push {pushed:+.2f}"] if pushed else []
        parts += [
            f"{fw.node(lk.source).name} {c:+.2f} (after {lk.delay} y)"
            for lk, c in reasons
            if abs(c) >= 0.005
        ]
        console.print(f"  {fw.nodes[k].name}: " + (", ".join(parts) or "no change"))


@app.command()
def run(
    scenario: Annotated[
        str, typer.Argument(help="A town file, or a shipped town's id (e.g. brackenbury).")
    ] = "brackenbury",
    years: Annotated[
        int,
        typer.Option(min=1, max=MAX_YEARS, help="Years to simulate (a run with no decisions)."),
    ] = 30,
    rounds: Annotated[
        int | None, typer.Option(min=1, max=50, help="Play a game of this many rounds.")
    ] = None,
    years_per_round: Annotated[int, typer.Option(min=1, max=10, help="Years per round.")] = 2,
    plan: Annotated[
        Path | None, typer.Option(help="A plan file: each team's allocations, round by round.")
    ] = None,
    bot: Annotated[
        str | None,
        typer.Option(help="Let a bot play: even, silo, partnership or greedy:<domain id>."),
    ] = None,
    seed: Annotated[
        int, typer.Option(min=0, max=MAX_SEED, help="Random seed: same seed, same run.")
    ] = 1,
    residents: Annotated[
        int | None,
        typer.Option(
            min=POPULATION[0], max=POPULATION[1], help="Rescale the town to this many residents."
        ),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Folder for the tables it writes.")] = None,
) -> None:
    """Run a town headless: quietly for some years, or as a game played by a plan or a bot.

    A quiet run writes years.csv and summary.json. A game also writes baseline.csv (the same
    town doing nothing, same seed and events) and rounds.json (decisions, events, situations
    and the pipeline, round by round).
    """
    from game import headless

    if plan is not None and bot is not None:
        err.print("give --plan or --bot, not both")
        raise typer.Exit(2)
    if rounds is not None and rounds * years_per_round > MAX_YEARS:
        err.print(
            f"{rounds} rounds of {years_per_round} years is {rounds * years_per_round} years; "
            f"at most {MAX_YEARS} are supported (as long as a town left alone is measured)"
        )
        raise typer.Exit(2)
    with refusals():
        if plan is None and bot is None and rounds is None:
            headless.quiet_run(console, err, scenario, years, seed, residents, out)
        else:
            if plan is None and bot is None:
                err.print("a game needs a player: give --plan PLAN.yaml or --bot NAME")
                raise typer.Exit(2)
            headless.game_run(
                console, err, scenario, rounds, years_per_round, plan, bot, seed, residents, out
            )


@app.command()
def places(
    query: Annotated[
        str | None, typer.Argument(help="Part of a name or code, e.g. hastings or E08.")
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="table (default) or csv: every score at the start.")
    ] = "table",
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Each starting figure of one place and its source."),
    ] = False,
) -> None:
    """List English districts you can run or play, with their starting headline scores."""
    from model.places import find_places, start_scorecard, start_scores

    fw = load_framework()
    if format not in {"table", "csv"}:
        err.print(f"--format takes table or csv (got '{safe_text(format)}')")
        raise typer.Exit(2)
    found = find_places(query)
    if not found:
        err.print(f"no English district matches '{safe_text(query)}'")
        raise typer.Exit(1)
    if explain:
        if len(found) != 1:
            err.print(f"--explain needs one place; '{safe_text(query)}' matches {len(found)}")
            raise typer.Exit(2)
        _explain_place(found[0], fw)
        return
    if format == "csv":
        import csv
        import sys

        # the Equality and Sustainability domains are nodes too: each id once
        ids = list(dict.fromkeys([*fw.headline_ids, *fw.domain_ids, *fw.node_ids]))
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["code", "name", "region", "rural_urban", "population", *ids])
        for p in found:
            scores = start_scorecard(p, fw).as_dict()
            writer.writerow(
                [p.code, p.name, p.region, p.rural_urban, p.population]
                + [f"{scores[i]:.3f}" for i in ids]
            )
        return
    table = Table(
        title=f"{len(found)} places (run one: thrive run place:CODE)", title_justify="left"
    )
    for column in ("code", "name", "region", "rural-urban", "population"):
        table.add_column(column, justify="right" if column == "population" else "left")
    for name in fw.headline_names:
        table.add_column(name, justify="right")
    for p in found:
        scores = start_scores(p, fw)
        cells = [f"{scores[h]:.2f} {band_of(scores[h], fw.bands).symbol}" for h in fw.headline_ids]
        table.add_row(p.code, p.name, p.region, p.rural_urban, f"{p.population:,}", *cells)
    console.print(table)


def _explain_place(p: Any, fw: Any) -> None:
    """Print each starting figure of a place with its source and the score it gives."""
    from model.places import PUBLIC_SOURCES, start_figures, start_scores

    heads = start_scores(p, fw)
    console.print(
        f"[bold]{p.name}[/bold] ({p.code}), {p.region}, {p.rural_urban.lower()}, "
        f"{p.population:,} residents: "
        + ", ".join(
            f"{n} {heads[h]:.2f}" for h, n in zip(fw.headline_ids, fw.headline_names, strict=True)
        )
    )
    table = Table(title="Starting figures", title_justify="left", show_lines=False)
    for column in ("node", "indicator", "value", "unit", "year", "geography", "producer", "score"):
        table.add_column(column, justify="right" if column in {"value", "score"} else "left")
    for f in start_figures(p, fw):
        table.add_row(
            f.node,
            f.name,
            f"{f.value:.4g}",
            f.unit,
            f.year,
            f.geography,
            f.producer,
            f"{f.score:.2f} {band_of(f.score, fw.bands).symbol}",
        )
    console.print(table)
    console.print(
        f"{PUBLIC_SOURCES} Contains public sector information licensed under the Open "
        "Government Licence v3.0; sources and rules: scenarios/data/README.md."
    )


_SMALLEST_WINDOW = (960, 600)
"""The smallest window the screens are laid out for."""
_LARGEST_WINDOW = (7680, 4320)
"""An 8K display: a larger window is a typo, and would ask for gigabytes of pixels."""


@app.command()
def play(
    scenario: Annotated[
        str | None,
        typer.Argument(help="A town to start with: brackenbury, a scenario file, or place:CODE."),
    ] = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="The game plays a short game by itself.")
    ] = False,
    screenshots: Annotated[
        Path | None,
        typer.Option(help="With --demo: save a PNG of every screen here, then stop."),
    ] = None,
    fullscreen: Annotated[bool, typer.Option("--fullscreen", help="Start in full screen.")] = False,
    residents: Annotated[
        int | None,
        typer.Option(
            min=POPULATION[0], max=POPULATION[1], help="With --demo: residents modelled (10,000)."
        ),
    ] = None,
    size: Annotated[
        str,
        typer.Option(help="The window's size, WIDTHxHEIGHT (a projector's, say: 1920x1080)."),
    ] = "1280x720",
    scenarios: Annotated[
        Path | None,
        typer.Option(help=SCENARIOS_HELP, show_default=False),
    ] = None,
) -> None:
    """Open the workshop game: teams plan, co-fund, simulate, see the ripples and debrief."""
    from game.play import play as run_game

    width, _, height = size.lower().partition("x")
    if not (
        all(part.isascii() and part.isdigit() and len(part) <= 5 for part in (width, height))
        and _SMALLEST_WINDOW[0] <= int(width) <= _LARGEST_WINDOW[0]
        and _SMALLEST_WINDOW[1] <= int(height) <= _LARGEST_WINDOW[1]
    ):
        err.print(
            f"--size takes WIDTHxHEIGHT, from {_SMALLEST_WINDOW[0]}x{_SMALLEST_WINDOW[1]} to "
            f"{_LARGEST_WINDOW[0]}x{_LARGEST_WINDOW[1]} (got '{safe_text(size)}')"
        )
        raise typer.Exit(2)
    window = (int(width), int(height))
    code = run_game(
        scenario, demo, screenshots, fullscreen, window, residents=residents, scenarios=scenarios
    )
    if code:
        raise typer.Exit(code)


from game.cli_host import host as _host  # noqa: E402  (its own module: issue 16)

app.command(name="host")(_host)
from game.cli_branches import branch as _branch  # noqa: E402  (issue 15's weight debates)
from game.cli_branches import compare_branches as _compare  # noqa: E402
from game.cli_why import why as _why  # noqa: E402  (its own module: issue 15's attribution)

app.command(name="why")(_why)
app.command(name="branch")(_branch)
app.command(name="compare-branches")(_compare)
register_batch(app, console, err)  # thrive ensemble, compare, sensitivity, sweep


def main() -> None:
    """Entry point of the ``thrive`` console script."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except WriteError as exc:  # a file any command could not write: one sentence, exit 1
        sys.stderr.write(f"{exc}\n")
        sys.exit(1)


if __name__ == "__main__":
    main()
