"""Export a game's debrief pack to a folder: charts, a Markdown and an HTML summary, the tables
and a save that reloads the game.

Used by the debrief screen ("export" names the folder it wrote) and by ``thrive run`` after a
game, so planners get the same pack headless. Also holds the table-writing helpers that
``game/headless.py`` shares. No pygame here; matplotlib draws off-screen (see game/charts.py).
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from game import charts
from game.debrief_doc import blocks, to_html, to_markdown
from game.ledger_view import ledger_sentences
from game.sector_pages import challenge_blocks, sector_index, write_sector_pages
from model.challenges import ChallengeFile, judge
from model.debrief import debrief
from model.debrief_trace import trace_game
from model.engine import Game
from model.future_bands import FuturesBand, played_band
from model.ledger import ledger
from model.report import game_rows, round_records, spending_columns, summary, year_columns
from model.safefile import prepare_folder, write_text, writing
from model.saves import save_game

__all__ = [
    "default_export_folder",
    "export_debrief",
    "game_record",
    "now_label",
    "write_csv",
    "write_game_tables",
]


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> Path:
    """Write rows (dicts keyed by ``columns``) as a CSV file with a header row, all or
    nothing (:class:`~model.safefile.WriteError` if it cannot be written)."""
    with writing(path, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def game_record(
    game: Game, town_name: str, town_ref: str, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``rounds.json``: the settings, both towns' summaries and every round's record."""
    fw = game.scenario.framework
    record: dict[str, Any] = {
        "scenario": town_ref,
        "town": town_name,
        "seed": game.seed,
        "rounds": game.rounds,
        "years_per_round": game.years_per_round,
        "teams": list(game.teams),
        "summary": summary(fw, game.history),
        "baseline_summary": summary(fw, game.baseline_history),
        "rounds_played": round_records(game),
    }
    record.update(extra or {})
    return record


def write_game_tables(
    game: Game,
    folder: Path,
    town_name: str,
    town_ref: str,
    extra: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write ``years.csv``, ``baseline.csv`` and ``rounds.json`` for a game into ``folder``."""
    prepare_folder(folder)
    columns = year_columns(game.scenario.framework) + spending_columns(game)
    record = game_record(game, town_name, town_ref, extra)
    rounds = folder / "rounds.json"
    write_text(rounds, json.dumps(record, indent=2))
    return [
        write_csv(folder / "years.csv", columns, game_rows(game)),
        write_csv(folder / "baseline.csv", columns, game_rows(game, baseline=True)),
        rounds,
    ]


def export_debrief(
    game: Game,
    town_name: str,
    town_ref: str,
    folder: Path,
    *,
    extra: Mapping[str, Any] | None = None,
    challenge: ChallengeFile | None = None,
    played: FuturesBand | None = None,
) -> list[Path]:
    """Write the debrief pack into ``folder`` (created if needed) and return the paths written.

    ``town_ref`` is what reloads the town (a shipped town's id or file, or ``place:CODE``); it
    goes into ``save.json``. ``extra`` adds fields to ``rounds.json`` (``player`` is also named
    in the summary); ``challenge`` is judged under the title; ``played`` (the game's
    band, :func:`model.future_bands.played_band`) is worked out here if not given. Files:
    ``headlines.png``, ``domains.png``, ``gaps.png``, ``co2.png``,
    ``spending.png``, ``debrief.md``, ``debrief.html``, one page per sector
    (``debrief_SECTOR.md`` and ``.html``), ``years.csv``, ``baseline.csv``,
    ``rounds.json``, ``save.json``. Each file is written all or nothing; the first that cannot
    be written stops the export with :class:`~model.safefile.WriteError` (one sentence).
    """
    prepare_folder(folder)
    played = played or played_band(game)  # which changes are beyond chance (a few seconds)
    brief = dataclasses.replace(debrief(game, played), town=town_name)
    bands = game.scenario.framework.bands
    written = [
        charts.headlines_chart(brief, bands, folder / "headlines.png"),
        charts.domains_chart(brief, bands, folder / "domains.png"),
        charts.gaps_chart(brief, folder / "gaps.png"),
    ]
    if brief.co2 is not None:
        written.append(charts.co2_chart(brief, folder / "co2.png"))
    if brief.timeline:
        written.append(charts.spending_chart(brief, folder / "spending.png"))
    roles = {p.stem: p.name for p in written}
    book = ledger_sentences(ledger(game))
    doc = blocks(brief, game.scenario.framework, town_ref, roles, extra, trace_game(game), book)
    if challenge is not None:  # the trainer's challenge, judged, under the title
        doc[2:2] = challenge_blocks(judge(challenge, game))
    sectors = [(s.id, s.name) for s in game.scenario.interventions.sectors]
    doc += sector_index(brief, sectors)
    markdown = folder / "debrief.md"
    write_text(markdown, to_markdown(doc))
    page = folder / "debrief.html"
    write_text(page, to_html(doc, f"Debrief: {town_name}"))
    written += [markdown, page]
    written += write_sector_pages(game, brief, folder)
    written += write_game_tables(game, folder, town_name, town_ref, extra)
    save = folder / "save.json"
    save_game(game, save, town_ref)
    written.append(save)
    return written


def default_export_folder(
    town_id: str, seed: int, when_label: str, root: Path = Path("exports")
) -> Path:
    """Where an export goes by default: ``exports/<town-id>-seed<seed>-<when_label>``.

    ``when_label`` is e.g. ``round3`` (after round 3) or a timestamp from :func:`now_label`.

    >>> default_export_folder("brackenbury", 7, "round3").as_posix()
    'exports/brackenbury-seed7-round3'
    """
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in town_id)
    return root / f"{safe}-seed{seed}-{when_label}"


def now_label(now: datetime | None = None) -> str:
    """A timestamp for a folder name, e.g. ``20250301-1405`` (game/ may read the clock)."""
    return (now or datetime.now()).strftime("%Y%m%d-%H%M")
