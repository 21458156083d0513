"""``thrive branch`` and ``thrive compare-branches``: weight debates and rewinds, headless.

``thrive branch SAVE --name N --after-round K [--weight SOURCE->TARGET=W ...] --bot B`` rewinds
the saved game to the end of round K, in a town whose links hold the argued weights (each
within the range its evidence allows: model/weight_ranges.py), lets a bot (or a plan) play the
rounds the main game played after K, and keeps the branch in the save.
``thrive compare-branches SAVE [A] [B]`` shows two branches side by side (headline elements,
domains, gaps) with the difference in each headline element explained by the attribution
(model/branches.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from game.terminal import safe_text
from model.branches import MAX_BRANCHES, Branch, Comparison, branch_game, compare, play_on
from model.errors import Problem, ScenarioError
from model.saves import LoadedSave
from model.why import rounded_parts

__all__ = ["branch", "compare_branches"]

MAIN = "main"
"""What the main game is called among its branches."""


def _load(save: Path) -> LoadedSave:
    from game.cli_why import find_save
    from model.loading import load_events, load_framework, load_interventions, load_ripples
    from model.saves import load_saved

    fw = load_framework()
    network = load_ripples(framework=fw)
    events = load_events(framework=fw)
    try:
        path = find_save(save)
    except FileNotFoundError as exc:
        raise ScenarioError([Problem(str(save), None, "", str(exc))]) from None
    return load_saved(path, fw, network, load_interventions(framework=fw), events)


def _weights(given: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    problems = []
    for item in given or ():
        key, sep, value = item.partition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = float("nan")
        if not sep or "->" not in key or weight != weight:
            problems.append(
                Problem(
                    "--weight",
                    None,
                    item,
                    "give SOURCE->TARGET=WEIGHT, e.g. unemployment->mental_health=0.3",
                )
            )
            continue
        out[key.strip()] = weight
    if problems:
        raise ScenarioError(problems)
    return out


def branch(
    save: Annotated[Path, typer.Argument(help="A save file, or a run folder holding one.")],
    name: Annotated[str, typer.Option(help="The branch's name (letters, digits, - _ .).")],
    after_round: Annotated[
        int, typer.Option("--after-round", min=0, help="Rewind to the end of this round.")
    ],
    weight: Annotated[
        list[str] | None,
        typer.Option(help="A weight argued for a link: SOURCE->TARGET=WEIGHT (repeatable)."),
    ] = None,
    bot: Annotated[
        str, typer.Option(help="Who plays the branch's rounds: even, silo, partnership...")
    ] = "partnership",
) -> None:
    """Rewind a saved game to a round, perhaps with argued link weights, play on, keep it."""
    from game.cli import console, refusals
    from model.bots import bot_decisions, check_bot
    from model.saves import BranchName, save_game

    with refusals():
        loaded = _load(save)
        weights = _weights(weight)
        fw = loaded.game.scenario.framework
        check_bot(bot, fw)
        from pydantic import TypeAdapter, ValidationError

        try:
            TypeAdapter(BranchName).validate_python(name)
        except ValidationError:
            raise ScenarioError(
                [Problem("--name", None, name[:40], "letters, digits, space - _ . (40 at most)")]
            ) from None
        kept = list(loaded.branches)
        if name == MAIN or any(b.name == name for b in kept):
            raise ScenarioError([Problem("--name", None, name, "a branch has this name already")])
        if len(kept) >= MAX_BRANCHES:
            raise ScenarioError(
                [Problem(str(save), None, "branches", f"keeps {MAX_BRANCHES} already, the most")]
            )
        main = loaded.game
        game = branch_game(main, after_round, weights)
        while len(game.reports) < len(main.reports):
            play_on(main, game, bot_decisions(bot, game))
    from game.cli_why import find_save

    path = find_save(save)
    with refusals():  # a save that cannot be written is said in a sentence
        save_game(main, path, loaded.save.town, [*kept, Branch(name, after_round, weights, game)])
    console.print(
        safe_text(
            f"Branch '{name}': rewound to the end of round {after_round}"
            + (f", with {', '.join(f'{k} = {v:g}' for k, v in weights.items())}" if weights else "")
            + f", then {len(game.reports) - after_round} rounds played by bot {bot}; "
            f"kept in {path}. See it beside the main game: "
            f"thrive compare-branches {path} main {name}"
        )
    )


def compare_branches(
    save: Annotated[Path, typer.Argument(help="A save file, or a run folder holding one.")],
    a: Annotated[str, typer.Argument(help="One branch ('main' is the main game).")] = MAIN,
    b: Annotated[str | None, typer.Argument(help="The other (default: the first).")] = None,
) -> None:
    """Two branches of a saved game side by side, and why they differ."""
    from game.cli import console, err, refusals

    with refusals():
        loaded = _load(save)
    games: dict[str, Any] = {MAIN: loaded.game} | {x.name: x.game for x in loaded.branches}
    if b is None:
        if not loaded.branches:
            err.print("this save keeps no branches: make one with thrive branch")
            raise typer.Exit(2)
        b = loaded.branches[0].name
    for label in (a, b):
        if label not in games:
            err.print(f"no branch '{safe_text(label)}'; this save keeps: {', '.join(games)}")
            raise typer.Exit(2)
    with refusals():
        result = compare(a, games[a], b, games[b])
    _print(console, result)


def _print(console: Any, c: Comparison) -> None:
    console.print(
        f"[bold]{escape(safe_text(c.a))} and {escape(safe_text(c.b))}[/bold] after round "
        f"{c.rounds} (year {c.year})"
    )
    for words in c.weights:
        console.print(f"  weights differ: {escape(safe_text(words))}")
    for title, lines in (
        ("Headline elements", c.headlines),
        ("Domains", c.domains),
        ("Gaps (raw, lower is fairer)", c.gaps),
    ):
        table = Table(title=title, title_justify="left")
        for column in ("", c.a, c.b, f"{c.b} - {c.a}"):
            table.add_column(escape(safe_text(column)), justify="right" if column else "left")
        for line in lines:
            table.add_row(
                escape(line.name), f"{line.a:.2f}", f"{line.b:.2f}", f"{line.difference:+.2f}"
            )
        console.print(table)
    console.print(
        f"[bold]Why {escape(safe_text(c.b))} differs from {escape(safe_text(c.a))}[/bold]"
    )
    for line in c.headlines:
        console.print(f"  [bold]{escape(line.name)} {line.difference:+.2f}[/bold]")
        parts = c.why[line.id]
        shown = rounded_parts([p.points for p in parts], line.difference)
        for part, points in zip(parts, shown, strict=True):
            console.print(f"    {points:+.2f}  {escape(safe_text(part.label))}")
