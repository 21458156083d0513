"""``thrive why RUN_DIR NODE``: a score's change against doing nothing, traced back across
rounds through the ripple links to the decisions and events that started it.

RUN_DIR is a folder ``thrive run --out`` wrote (its ``save.json``, or ``autosave.json`` if the
run stopped early) or a save file itself. The save is checked and replayed like any other
(model/saves.py), then explained by model/attribution.py; the rows come from
model/attribution_text.py, the same the network view and the debrief show.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from game.terminal import safe_text
from model.attribution import attribute_game, by_intervention
from model.attribution_text import Row, headline, rows
from model.errors import ScenarioError
from model.framework import Framework

__all__ = ["find_save", "why"]

_NOTE = (
    "How the parts add up: each round's pushes and each link's share are followed back, year by "
    "year, through the links and their delays, to where they started; what the year's pushes "
    "and links do not account for is the town's own dynamics (on a node measured on residents: "
    "the residents still adjusting to earlier pressure, and chance) and is listed as such. "
    "See docs/model.md, 'Attribution across rounds'."
)


def find_save(run: Path) -> Path:
    """The save a run folder holds (``save.json``, else ``autosave.json``), or ``run`` itself."""
    if run.is_dir():
        for name in ("save.json", "autosave.json"):
            if (run / name).is_file():
                return run / name
        raise FileNotFoundError(f"{run} holds no save.json or autosave.json (is it a game run?)")
    return run


def _target(fw: Framework, node: str) -> str | None:
    ids = [*fw.node_ids, *fw.domain_ids, *fw.headline_ids]
    if node in ids:
        return node
    by_name = {fw.name_of(i).lower(): i for i in ids}
    return by_name.get(node.lower())


def why(
    run: Annotated[Path, typer.Argument(help="A run folder (thrive run --out) or a save file.")],
    node: Annotated[str, typer.Argument(help="A node, domain or headline element (id or name).")],
    from_round: Annotated[
        int, typer.Option("--from-round", min=1, help="First round of the span.")
    ] = 1,
    to_round: Annotated[
        int | None, typer.Option("--to-round", min=1, help="Last round (default: the last).")
    ] = None,
    top: Annotated[
        int, typer.Option(min=1, max=50, help="Origins listed per group; the rest are summed.")
    ] = 6,
    branch: Annotated[
        str | None, typer.Option(help="A branch the save keeps (thrive branch), not the main game.")
    ] = None,
) -> None:
    """Why did a score change? Its change against doing nothing over a span of rounds, split
    into the interventions (by team and round), events and the town's own dynamics that made
    it, with the routes of links and delays each took. The parts add up to the change."""
    from game.cli import _fail, console, err
    from model.loading import load_events, load_framework, load_interventions, load_ripples
    from model.saves import load_saved

    try:
        fw = load_framework()
        target = _target(fw, node)
        if target is None:
            ids = [*fw.node_ids, *fw.domain_ids, *fw.headline_ids]
            close = difflib.get_close_matches(node, ids, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else " (thrive node lists them)"
            err.print(f"no node, domain or headline element '{safe_text(node)}'{hint}")
            raise typer.Exit(2)
        try:
            path = find_save(run)
        except FileNotFoundError as exc:
            err.print(safe_text(str(exc)))
            raise typer.Exit(2) from None
        network = load_ripples(framework=fw)
        interventions = load_interventions(framework=fw)
        loaded = load_saved(path, fw, network, interventions, load_events(framework=fw))
    except ScenarioError as exc:
        raise _fail(exc) from None
    game = loaded.game
    if branch is not None:
        kept = {b.name: b.game for b in loaded.branches}
        if branch not in kept:
            names = ", ".join(["main", *kept])
            err.print(f"no branch '{safe_text(branch)}'; this save keeps: {names}")
            raise typer.Exit(2)
        game = kept[branch]
    played = len(game.reports)
    last = played if to_round is None else to_round
    if played == 0:
        err.print(f"{safe_text(str(path))}: no round has been played yet")
        raise typer.Exit(2)
    if not from_round <= last <= played:
        err.print(f"rounds run from 1 to {played}: cannot explain rounds {from_round} to {last}")
        raise typer.Exit(2)
    result = by_intervention(attribute_game(game, target, from_round, last))
    first_year = game.reports[from_round - 1].first_year
    spans = (
        f"round {from_round}" if from_round == last else f"rounds {from_round} to {last}"
    ) + f" (years {first_year}-{game.reports[last - 1].last_year})"
    _print(console, result_rows=rows(result, fw, per_group=top), title=headline(result, fw, spans))
    console.print(f"  {'=':>6} {result.shown_change:+.2f}  the change against doing nothing")
    console.print(f"[dim]{escape(_NOTE)}[/dim]")


def _print(console: Console, result_rows: Sequence[Row], title: str) -> None:
    console.print(f"[bold]{escape(safe_text(title))}[/bold]")
    for row in result_rows:
        text = escape(safe_text(row.text))
        if row.depth == 0:
            console.print(f"  [bold]{row.points:+6.2f}  {text}[/bold]")
        elif row.depth == 1:
            console.print(f"    {row.points:+6.2f}  {text}")
        else:
            console.print(f"[dim]          {row.points:+6.2f}  {text}[/dim]")
