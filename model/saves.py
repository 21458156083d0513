"""Saving and loading games: a save is the game's settings and every round's decisions.

Because the engine is deterministic in (scenario, seed, decisions), loading replays the rounds
and checks that each round ends exactly where it ended when saved (a fingerprint of its
headline scores is stored): a save made by another version of the rules is caught, not
silently played differently. Files are written atomically (a temporary file, then a rename),
so a crash mid-save never leaves a half-written save; loading a bad file raises one clear
:class:`~model.errors.ScenarioError` and changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from model.engine import Game, GameScenario, RoundReport
from model.errors import Problem, ScenarioError

__all__ = ["SAVE_FORMAT", "SAVE_VERSION", "autosave", "fingerprint", "load_game", "save_game"]

SAVE_FORMAT = "thriving-places-save"
SAVE_VERSION = 1


def fingerprint(report: RoundReport) -> str:
    """A short digest of where a round ended (every score of its last year, both towns)."""
    data = [
        sorted((k, round(v, 9)) for k, v in report.years[-1].scores.items()),
        sorted((k, round(v, 9)) for k, v in report.baseline_years[-1].scores.items()),
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def save_game(game: Game, path: Path | str, town_ref: str) -> None:
    """Write the game to ``path`` atomically. ``town_ref`` names the town it was played on."""
    data: dict[str, Any] = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "town": town_ref,
        "residents": game.scenario.residents,
        "rounds": game.rounds,
        "years_per_round": game.years_per_round,
        "seed": game.seed,
        "teams": list(game.teams),
        "decisions": game.decisions,
        "fingerprints": [fingerprint(r) for r in game.reports],
    }
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def autosave(game: Game, path: Path | str, town_ref: str) -> None:
    """Save the game to ``path`` after every round from now on (atomically, so a crash in the
    middle of a round leaves the last round's save intact)."""
    game.after_round.append(lambda g: save_game(g, path, town_ref))


def read_save(path: Path | str) -> dict[str, Any]:
    """The save file's contents, checked; one clear error if it cannot be used."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScenarioError(
            [Problem(name, None, "", f"cannot read save: {exc.strerror}")]
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ScenarioError(
            [Problem(name, None, "", f"not a readable save (corrupted?): {exc}")]
        ) from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise ScenarioError([Problem(name, None, "", "not a Thriving Places save file")])
    if data.get("version") != SAVE_VERSION:
        raise ScenarioError(
            [
                Problem(
                    name,
                    None,
                    "version",
                    f"saved by a version of the game this one cannot read "
                    f"({data.get('version')!r}; this one reads {SAVE_VERSION})",
                )
            ]
        )
    needed = ("town", "rounds", "years_per_round", "seed", "teams", "decisions", "fingerprints")
    missing = [k for k in needed if k not in data]
    if missing:
        raise ScenarioError([Problem(name, None, "", f"save is missing {', '.join(missing)}")])
    return data


def load_game(path: Path | str, scenario: GameScenario) -> Game:
    """Rebuild a saved game by replaying its rounds, checking each ends where it did."""
    data = read_save(path)
    game = Game(
        scenario,
        rounds=int(data["rounds"]),
        years_per_round=int(data["years_per_round"]),
        seed=int(data["seed"]),
        teams=tuple(data["teams"]),
    )
    for k, (decisions, expected) in enumerate(
        zip(data["decisions"], data["fingerprints"], strict=True)
    ):
        report = game.submit(decisions)
        if fingerprint(report) != expected:
            raise ScenarioError(
                [
                    Problem(
                        str(path),
                        None,
                        f"decisions[{k}]",
                        "replaying this round did not end where the saved game did: the save was "
                        "made with different scenario files or rules",
                    )
                ]
            )
    return game
