"""Saving and loading games: a save is the game's settings and every round's decisions.

Because the engine is deterministic in (scenario, seed, decisions), loading replays the rounds
and checks that each round ends exactly where it ended when saved (a fingerprint of its
headline scores is stored): a save made by another version of the rules is caught, not
silently played differently.

A save may come from anyone (a USB stick, a mail) and is read as defensively as a scenario
file (see model/yamlfile.py): only a regular file, a size limit checked on the open file, a
depth limit before the JSON is parsed, duplicate keys refused, then a typed frozen model
(:class:`SaveFile`) that rejects unknown keys and bounds every number to what the game offers.
Every problem found is reported at once, with its path, in one
:class:`~model.errors.ScenarioError`; nothing is replayed until the file is sound, so no save
can hang the loader or eat memory. Files are written all or nothing (model/safefile.py), so a
crash mid-save never leaves a half-written save.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, Strict

from model.bounds import MAX_SEED, POPULATION
from model.branches import MAX_BRANCHES, Branch, branch_game, play_on
from model.engine import Game, GameScenario, RoundReport
from model.errors import Problem, ScenarioError
from model.events import EventsFile
from model.framework import Framework
from model.interventions import InterventionsFile
from model.network import RippleNetwork
from model.safefile import ReadError, read_limited, write_text
from model.schema import Id, Int, Record, Text, validate
from model.simulation import MAX_YEARS
from model.town.description import TownFile
from model.yamlfile import YamlDocument

__all__ = [
    "MAX_RESIDENTS",
    "MAX_ROUNDS",
    "MAX_SAVE_BYTES",
    "MAX_SAVE_DEPTH",
    "MAX_SEED",
    "MAX_YEARS_PER_ROUND",
    "MIN_RESIDENTS",
    "SAVE_FORMAT",
    "SAVE_VERSION",
    "BranchRecord",
    "LoadedSave",
    "SaveFile",
    "autosave",
    "fingerprint",
    "load_game",
    "load_saved",
    "read_save",
    "replay_branches",
    "save_game",
]

SAVE_FORMAT = "thriving-places-save"
SAVE_VERSION = 1

MAX_SAVE_BYTES = 1_000_000
"""Largest save read: 50 rounds of five teams funding every intervention is under 200 kB."""

MAX_SAVE_DEPTH = 8
"""Deepest nesting read: a save nests four levels (the file, decisions, a round, a team), six
with branches (the file, branches, a branch, its decisions, a round, a team)."""

MAX_ROUNDS = 50
"""Most rounds a game has (``thrive run --rounds``; the window offers up to 10)."""

MAX_YEARS_PER_ROUND = 10
"""Most years a round simulates (``thrive run --years-per-round``; the window offers 5)."""

MIN_RESIDENTS, MAX_RESIDENTS = POPULATION
"""The residents a town can be rescaled to (``--residents``: model/bounds.py)."""

MAX_POUNDS = 1e12
"""Most pounds a year a save may put into one intervention (budgets are in the millions)."""

Pounds = Annotated[float, Strict(), Field(ge=0, le=MAX_POUNDS)]
_DIGEST = re.compile(r"[0-9a-f]{16}")


def _digest(value: str) -> str:
    if not _DIGEST.fullmatch(value):
        raise ValueError(f"must be a round's fingerprint, 16 hex digits (got {value[:40]!r})")
    return value


def _some_teams(value: tuple[str, ...]) -> tuple[str, ...]:
    if not value:
        raise ValueError("a game needs at least one team (got none)")
    return value


Fingerprint = Annotated[str, Strict(), AfterValidator(_digest)]


WeightKey = Annotated[
    str, Strict(), Field(pattern=r"^[a-z][a-z0-9_]*->[a-z][a-z0-9_]*$", max_length=130)
]
"""A link in a branch's weights: ``source->target`` (model/branches.py)."""

BranchName = Annotated[
    str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.-]*$", max_length=40)
]


class BranchRecord(Record):
    """A branch kept in a save: the main game rewound to ``after_round`` and played on, in a
    town whose links hold ``weights`` (model/branches.py). ``decisions`` are its rounds after
    ``after_round``; ``fingerprints`` one for every round it has played, from round 1."""

    name: BranchName
    after_round: Annotated[Int, Field(ge=0, le=MAX_ROUNDS)]
    weights: dict[WeightKey, Annotated[float, Strict(), Field(ge=-1.0, le=1.0)]] = Field(
        default_factory=dict, max_length=200
    )
    decisions: tuple[dict[Id, dict[Id, Pounds]], ...] = Field(max_length=MAX_ROUNDS)
    fingerprints: tuple[Fingerprint, ...] = Field(max_length=MAX_ROUNDS)


class SaveFile(Record):
    """A save file, checked: what :func:`save_game` writes, every number within the game's
    bounds. The cross-field rules (known teams, one fingerprint a round, the rounds' years
    within :data:`~model.simulation.MAX_YEARS`) are checked by :func:`read_save`, which knows
    the sectors and lists those problems together with these."""

    format: Literal["thriving-places-save"]
    version: Literal[1]
    town: Text
    residents: Annotated[int, Strict(), Field(ge=MIN_RESIDENTS, le=MAX_RESIDENTS)] | None = None
    rounds: Annotated[Int, Field(ge=1, le=MAX_ROUNDS)]
    years_per_round: Annotated[Int, Field(ge=1, le=MAX_YEARS_PER_ROUND)]
    seed: Annotated[Int, Field(ge=0, le=MAX_SEED)]
    teams: Annotated[tuple[Id, ...], AfterValidator(_some_teams), Field(max_length=20)]
    decisions: tuple[dict[Id, dict[Id, Pounds]], ...] = Field(max_length=MAX_ROUNDS)
    fingerprints: tuple[Fingerprint, ...] = Field(max_length=MAX_ROUNDS)
    events: tuple[tuple[Id, ...] | None, ...] = Field(default=(), max_length=MAX_ROUNDS)
    """Each round's events where the facilitator chose them (injected or vetoed one), else
    None (as drawn); absent when no round's events were chosen."""
    branches: tuple[BranchRecord, ...] = Field(default=(), max_length=MAX_BRANCHES)
    """Branches besides the main game (saves from before branches have none)."""
    challenge: Id | None = None
    """The id of the trainer's challenge the game is played to (model/challenges.py), if any:
    a loaded game is judged by it again (saves from before challenges have none)."""

    @property
    def played(self) -> int:
        """Rounds played (and saved)."""
        return len(self.decisions)

    def summary(self) -> dict[str, str]:
        """What the save is, in words (``thrive check SAVE.json`` prints it)."""
        return {
            "town": self.town,
            "rounds played": f"{self.played} of {self.rounds} ({self.years_per_round} years each)",
            "teams": ", ".join(self.teams),
            "residents": "the whole town" if self.residents is None else f"{self.residents:,}",
            "seed": str(self.seed),
            **({"branches": ", ".join(b.name for b in self.branches)} if self.branches else {}),
            **({"challenge": self.challenge} if self.challenge else {}),
        }


def fingerprint(report: RoundReport) -> str:
    """A short digest of where a round ended (every score of its last year, both towns)."""
    data = [
        sorted((k, round(v, 9)) for k, v in report.years[-1].scores.items()),
        sorted((k, round(v, 9)) for k, v in report.baseline_years[-1].scores.items()),
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def save_game(
    game: Game,
    path: Path | str,
    town_ref: str,
    branches: Sequence[Branch] = (),
    challenge: str | None = None,
) -> None:
    """Write the game to ``path`` all or nothing (:class:`~model.safefile.WriteError` if it
    cannot be written). ``town_ref`` names the town it was played on; ``branches`` are kept
    with it (model/branches.py), and so is the id of the ``challenge`` it is played to."""
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
    if any(choice is not None for choice in game.event_choices):
        data["events"] = [None if c is None else list(c) for c in game.event_choices]
    if branches:
        data["branches"] = [
            {
                "name": b.name,
                # a branch taken back (undone) past where it left the main game left it there
                "after_round": min(b.after_round, len(b.game.reports)),
                "weights": dict(b.weights),
                "decisions": b.game.decisions[min(b.after_round, len(b.game.reports)) :],
                "fingerprints": [fingerprint(r) for r in b.game.reports],
            }
            for b in branches
        ]
    if challenge is not None:
        data["challenge"] = challenge
    write_text(path, json.dumps(data, indent=1))


def autosave(game: Game, path: Path | str, town_ref: str) -> None:
    """Save the game to ``path`` after every round from now on (all or nothing, so a crash in
    the middle of a round leaves the last round's save intact)."""
    game.after_round.append(lambda g: save_game(g, path, town_ref))


# -- reading -----------------------------------------------------------------------------------

_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def _depth(text: str) -> int:
    """How deeply the JSON text nests (strings skipped), found without parsing it, so that a
    200,000-level save is refused before the parser could recurse into it.

    >>> _depth('{"a": [1, {"b": "[[["}]}')
    3
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (json.loads would keep the last silently)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key '{key}' is given twice")
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save can hold")


def read_save(path: Path | str, interventions: InterventionsFile) -> SaveFile:
    """The save file at ``path``, checked against the game's teams and interventions; one
    :class:`~model.errors.ScenarioError` listing every problem if it cannot be used."""
    name = str(path)

    def refuse(message: str, where: str = "") -> ScenarioError:
        return ScenarioError([Problem(name, None, where, message)])

    try:
        raw = read_limited(path, MAX_SAVE_BYTES)
    except ReadError as exc:
        raise refuse(f"cannot read save: {exc.cause}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"not a readable save (not UTF-8 text: bad byte at offset {exc.start})"
        raise refuse(message) from None
    if not text.strip():
        raise refuse("not a readable save (corrupted?): the file is empty")
    deepest = _depth(text)
    if deepest > MAX_SAVE_DEPTH:
        raise refuse(
            f"not a save: nested {deepest:,} levels deep (a save nests at most 4, 6 with branches)"
        )
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise refuse(f"not a readable save (corrupted?): {exc}") from None
    except (ValueError, RecursionError) as exc:
        why = "a number in it is thousands of digits long" if "digits" in str(exc) else exc
        raise refuse(f"not a readable save (corrupted?): {why}") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise refuse("not a Thriving Places save file")
    if data.get("version") != SAVE_VERSION:
        version = data.get("version")
        shown = repr(version) if isinstance(version, int | float | bool) or version is None else "?"
        raise refuse(
            f"saved by a version of the game this one cannot read "
            f"({shown}; this one reads {SAVE_VERSION})",
            "version",
        )
    problems = list(_cross_checks(name, data, interventions))
    try:
        save = validate(SaveFile, YamlDocument(file=name, data=data, lines={}))
    except ScenarioError as exc:
        raise ScenarioError([*exc.problems, *problems]) from None
    if problems:
        raise ScenarioError(problems)
    return save


def _whole(value: Any, low: int, high: int) -> int | None:
    """``value`` if it is a whole number within bounds (not a bool), else None."""
    ok = isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    return value if ok else None


def _cross_checks(
    name: str, data: dict[str, Any], interventions: InterventionsFile
) -> Iterable[Problem]:
    """The rules that tie a save's fields together or to the game (read from the raw data with
    care for its types: the typed model reports wrong types on its own)."""
    sectors = [s.id for s in interventions.sectors]
    known_items = {i.id for i in interventions.interventions}
    rounds = _whole(data.get("rounds"), 1, MAX_ROUNDS)
    years = _whole(data.get("years_per_round"), 1, MAX_YEARS_PER_ROUND)
    if rounds is not None and years is not None and rounds * years > MAX_YEARS:
        yield Problem(
            name,
            None,
            "rounds",
            f"{rounds} rounds of {years} years is {rounds * years} years; at most "
            f"{MAX_YEARS} are supported",
        )
    teams = data.get("teams")
    team_ids: list[str] = []
    if isinstance(teams, list):
        team_ids = [t for t in teams if isinstance(t, str)]
        for k, team in enumerate(teams):
            if isinstance(team, str) and team not in sectors:
                message = f"'{team}' is not a team; teams: {', '.join(sectors)}"
                yield Problem(name, None, f"teams[{k}]", message)
            elif isinstance(team, str) and teams.index(team) < k:
                yield Problem(name, None, f"teams[{k}]", f"'{team}' is named twice")
    decisions, prints = data.get("decisions"), data.get("fingerprints")
    if isinstance(decisions, list) and isinstance(prints, list) and len(decisions) != len(prints):
        yield Problem(
            name,
            None,
            "fingerprints",
            f"{len(prints)} fingerprints for {len(decisions)} rounds of decisions: a save "
            "holds one of each for every round played",
        )
    if isinstance(decisions, list) and rounds is not None and len(decisions) > rounds:
        message = f"{len(decisions)} rounds played in a game of {rounds} rounds"
        yield Problem(name, None, "decisions", message)
    yield from _decision_checks(name, "decisions", decisions, team_ids, known_items)
    yield from _branch_checks(name, data, rounds, team_ids, known_items)


def _decision_checks(
    name: str, where: str, decisions: Any, team_ids: list[str], known_items: set[str]
) -> Iterable[Problem]:
    """Every round's teams and interventions known (``where``: the list's path)."""
    for k, round_ in enumerate(decisions if isinstance(decisions, list) else ()):
        for team, spend in round_.items() if isinstance(round_, dict) else ():
            if team_ids and team not in team_ids:
                yield Problem(
                    name,
                    None,
                    f"{where}[{k}].{team}",
                    f"'{team}' is not a team in this game ({', '.join(team_ids)})",
                )
            for item in spend if isinstance(spend, dict) else ():
                if item not in known_items:
                    path = f"{where}[{k}].{team}.{item}"
                    yield Problem(name, None, path, f"'{item}' is not an intervention")


def _branch_checks(
    name: str, data: dict[str, Any], rounds: int | None, team_ids: list[str], known: set[str]
) -> Iterable[Problem]:
    """A branch starts within the main game's rounds, fits in the game, has one fingerprint a
    round played and a name of its own (the weights are checked against the network when the
    branch is replayed, which knows it)."""
    branches, decisions = data.get("branches"), data.get("decisions")
    main = len(decisions) if isinstance(decisions, list) else None
    seen: set[str] = set()
    for k, branch in enumerate(branches if isinstance(branches, list) else ()):
        if not isinstance(branch, dict):
            continue
        where = f"branches[{k}]"
        label = branch.get("name")
        if isinstance(label, str) and label in seen:
            yield Problem(name, None, f"{where}.name", f"'{label[:40]}' names two branches")
        if isinstance(label, str):
            seen.add(label)
        after = _whole(branch.get("after_round"), 0, MAX_ROUNDS)
        if after is not None and main is not None and after > main:
            yield Problem(
                name,
                None,
                f"{where}.after_round",
                f"branches after round {after}, but the main game played {main}",
            )
        own, prints = branch.get("decisions"), branch.get("fingerprints")
        if after is not None and isinstance(own, list):
            if rounds is not None and after + len(own) > rounds:
                message = f"{after + len(own)} rounds played in a game of {rounds} rounds"
                yield Problem(name, None, f"{where}.decisions", message)
            if isinstance(prints, list) and len(prints) != after + len(own):
                yield Problem(
                    name,
                    None,
                    f"{where}.fingerprints",
                    f"{len(prints)} fingerprints for {after + len(own)} rounds played (a "
                    "branch holds one for every round, from round 1)",
                )
        yield from _decision_checks(name, f"{where}.decisions", own, team_ids, known)


# -- loading (replaying) -----------------------------------------------------------------------


def load_game(path: Path | str, scenario: GameScenario) -> Game:
    """Rebuild a saved game on ``scenario`` by replaying its rounds, checking each ends where
    it did; one :class:`~model.errors.ScenarioError` if the save cannot be used."""
    return replay(read_save(path, scenario.interventions), scenario, str(path))


def replay(
    save: SaveFile,
    scenario: GameScenario,
    name: str,
    on_round: Callable[[int], None] | None = None,
) -> Game:
    """Play a checked save's rounds again on ``scenario``; ``on_round(k)`` after each (a
    progress bar). A round the rules refuse or that ends elsewhere is named by its path."""
    game = Game(
        scenario,
        rounds=save.rounds,
        years_per_round=save.years_per_round,
        seed=save.seed,
        teams=save.teams,
    )
    for k, (decisions, expected) in enumerate(zip(save.decisions, save.fingerprints, strict=True)):
        try:
            chosen = save.events[k] if k < len(save.events) else None
            if chosen is not None:
                game.choose_events(chosen)
            report = game.submit(decisions)
        except ScenarioError as exc:
            raise ScenarioError(
                [
                    Problem(name, None, f"decisions[{k}].{p.path}".rstrip("."), p.message)
                    for p in exc.problems
                ]
            ) from None
        if fingerprint(report) != expected:
            raise ScenarioError(
                [
                    Problem(
                        name,
                        None,
                        f"decisions[{k}]",
                        "replaying this round did not end where the saved game did: the save was "
                        "made with different scenario files or rules",
                    )
                ]
            )
        if on_round is not None:
            on_round(k + 1)
    return game


def replay_branches(save: SaveFile, main: Game, name: str) -> tuple[Branch, ...]:
    """Rebuild a checked save's branches from the replayed main game, checking each round's
    ending; a weight outside its range or a round that ends elsewhere is named by its path."""
    out = []
    for k, record in enumerate(save.branches):
        where = f"branches[{k}]"

        def named(exc: ScenarioError, where: str = where) -> ScenarioError:
            return ScenarioError(
                [
                    Problem(name, None, f"{where}.{p.path}".rstrip("."), p.message)
                    for p in exc.problems
                ]
            )

        try:
            game = branch_game(main, record.after_round, record.weights)
        except ScenarioError as exc:
            raise named(exc) from None
        for j, decisions in enumerate(record.decisions):
            try:
                play_on(main, game, decisions)
            except ScenarioError as exc:
                raise named(exc, f"{where}.decisions[{j}]") from None
        for j, (report, expected) in enumerate(zip(game.reports, record.fingerprints, strict=True)):
            if fingerprint(report) != expected:
                raise ScenarioError(
                    [
                        Problem(
                            name,
                            None,
                            f"{where}.fingerprints[{j}]",
                            "replaying this branch did not end where the saved one did: the "
                            "save was made with different scenario files or rules",
                        )
                    ]
                )
        out.append(Branch(record.name, record.after_round, dict(record.weights), game))
    return tuple(out)


@dataclass(frozen=True)
class LoadedSave:
    """A save replayed: the file as checked, the town it names and the game rebuilt."""

    save: SaveFile
    town: TownFile
    game: Game
    branches: tuple[Branch, ...] = ()
    """The branches it keeps besides the main game, replayed (model/branches.py)."""


def load_saved(
    path: Path | str,
    framework: Framework,
    network: RippleNetwork,
    interventions: InterventionsFile,
    events: EventsFile,
    on_round: Callable[[int], None] | None = None,
) -> LoadedSave:
    """Check a save, build the town it names and replay it (the window's Load and
    ``thrive check --replay`` both load this way)."""
    from model.loading import scenario_town

    save = read_save(path, interventions)
    _, town = scenario_town(save.town, framework)
    scenario = GameScenario(framework, network, town, interventions, events, save.residents)
    game = replay(save, scenario, str(path), on_round)
    return LoadedSave(save, town, game, replay_branches(save, game, str(path)))
