"""Trainers' challenges: a town, teams, rounds and a goal, with hints, judged at the debrief.

A trainer of interpreters sets a challenge as a YAML file (``scenarios/challenges/`` ships
several; a trainer's own go in the user scenarios folder, see ``model/user_folder.py``)::

    kind: challenge
    version: 1
    id: fair_and_green
    name: "Fairer without costing the Earth"
    description: "Raise Equality by 0.5 against doing nothing without lowering Sustainability."
    town: forgeley                 # a shipped town, place:CODE, or a town of the user folder
    residents: 10000               # optional: fewer residents model faster
    teams: [council, health, vcse]
    rounds: 3
    years_per_round: 2
    goals:
      - score: equality            # any headline element, domain or node id
        at_least: 0.5              # its change against doing nothing (the default)
      - score: sustainability
        compared_with: start       # or its change since the start
        at_least: 0.0
    hints:
      - round: 1
        text: "Which sectors' money reaches the most deprived neighbourhoods?"
    reveal:                        # optional: the network shown domain by domain
      - round: 1
        domains: [work_economy, health]
      - round: 2
        domains: [equality]

A goal is met when the score's change at the end of the game is within its bounds
(``at_least`` and/or ``at_most``, in score points). Against doing nothing is the default,
because it is what the decisions changed; since the start also holds what events and the
town's own trends did.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from model.bounds import POPULATION
from model.errors import Problem, ScenarioError
from model.framework import Framework
from model.schema import Float, Id, Int, Name, Record, Text, validate
from model.words import SectorId
from model.yamlfile import YamlDocument

if TYPE_CHECKING:
    from model.engine import Game

__all__ = [
    "MAX_ROUNDS",
    "MAX_YEARS_PER_ROUND",
    "ChallengeFile",
    "Goal",
    "GoalResult",
    "Hint",
    "Reveal",
    "Verdict",
    "challenge_from_document",
    "goal_sentence",
    "hints_for",
    "judge",
    "reveal_rounds",
    "revealed_domains",
    "shipped_challenges",
]

MAX_ROUNDS = 10
"""The most rounds a game may have (the start screen's limit)."""
MAX_YEARS_PER_ROUND = 5
"""The most simulated years a round may cover (the start screen's limit)."""


class Goal(Record):
    """One condition of a challenge, on one score's change by the end of the game."""

    score: Id
    compared_with: Literal["doing_nothing", "start"] = "doing_nothing"
    at_least: Float | None = Field(default=None, ge=-10, le=10)
    at_most: Float | None = Field(default=None, ge=-10, le=10)

    @model_validator(mode="after")
    def _bounded(self) -> Goal:
        if self.at_least is None and self.at_most is None:
            raise ValueError("a goal needs 'at_least' or 'at_most' (or both)")
        if self.at_least is not None and self.at_most is not None and self.at_most < self.at_least:
            raise ValueError(
                f"'at_most' ({self.at_most:g}) is below 'at_least' ({self.at_least:g}): "
                "no result could meet it"
            )
        return self


class Hint(Record):
    """A hint shown to the teams: in one round's briefing, or (no round) from the start."""

    round: Int | None = Field(default=None, ge=1, le=MAX_ROUNDS)
    text: Text


class Reveal(Record):
    """The domains of the network shown from a round on (the network revealed step by step).
    A headline element's id stands for all of its domains (``equality``: the five gaps)."""

    round: Int = Field(ge=1, le=MAX_ROUNDS)
    domains: tuple[Id, ...] = Field(min_length=1)


class ChallengeFile(Record):
    """The whole challenge file."""

    kind: Literal["challenge"]
    version: Literal[1]
    id: Id
    name: Name
    description: Text
    town: Name
    residents: Int | None = Field(default=None, ge=POPULATION[0], le=POPULATION[1])
    teams: tuple[SectorId, ...] = Field(min_length=2, max_length=5)
    rounds: Int = Field(ge=1, le=MAX_ROUNDS)
    years_per_round: Int = Field(default=2, ge=1, le=MAX_YEARS_PER_ROUND)
    goals: tuple[Goal, ...] = Field(min_length=1, max_length=6)
    hints: tuple[Hint, ...] = ()
    reveal: tuple[Reveal, ...] = ()

    @model_validator(mode="after")
    def _coherent(self) -> ChallengeFile:
        problems = []
        if len(set(self.teams)) != len(self.teams):
            problems.append("each team may appear once in 'teams'")
        rounds = [r.round for r in self.reveal]
        if any(b <= a for a, b in itertools.pairwise(rounds)):
            problems.append("'reveal' rounds must increase from entry to entry")
        if self.reveal and self.reveal[0].round != 1:
            problems.append("'reveal' must start in round 1 (or the network would be empty)")
        late = [r for r in (*rounds, *(h.round for h in self.hints if h.round)) if r > self.rounds]
        if late:
            problems.append(
                f"round {max(late)} is named in 'hints' or 'reveal' but the game has "
                f"{self.rounds} round(s)"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self


def challenge_from_document(
    doc: YamlDocument, framework: Framework, towns: Mapping[str, str] | None = None
) -> ChallengeFile:
    """Check a parsed challenge in full: its schema, then every id it names (scores, domains,
    and its town, which must be one ``thrive run`` can build, or one of ``towns``: a user
    folder's towns by id)."""
    from model.loading import scenario_town

    problems: list[Problem] = []
    record: ChallengeFile | None = None
    try:
        record = validate(ChallengeFile, doc)
    except ScenarioError as exc:  # the ids are still checked, so that all are named at once
        problems.extend(exc.problems)
    data = doc.data if isinstance(doc.data, dict) else {}
    scores = [*framework.node_ids, *framework.domain_ids, *framework.headline_ids]
    for k, goal in enumerate(_mappings(data.get("goals"))):
        score = goal.get("score")
        if isinstance(score, str) and score not in scores:
            problems.append(doc.problem(("goals", k, "score"), _unknown("score", score, scores)))
    known = [*framework.domain_ids, *framework.headline_ids]
    for k, reveal in enumerate(_mappings(data.get("reveal"))):
        domains = reveal.get("domains")
        for j, domain in enumerate(domains if isinstance(domains, list) else []):
            if isinstance(domain, str) and domain not in known:
                problems.append(
                    doc.problem(
                        ("reveal", k, "domains", j),
                        _unknown("domain or headline element", domain, known),
                    )
                )
    town = data.get("town")
    try:
        if isinstance(town, str) and town not in (towns or {}):
            scenario_town(town, framework)
    except ScenarioError as exc:
        message = "; ".join(p.message for p in exc.problems)
        if towns:
            message += f"; this folder's towns: {', '.join(sorted(towns))}"
        problems.append(doc.problem(("town",), message))
    if problems or record is None:
        raise ScenarioError(problems)
    return record


def _mappings(items: object) -> list[dict[str, object]]:
    """The mappings of a list in raw YAML data (other items are left to the schema)."""
    return [i if isinstance(i, dict) else {} for i in items] if isinstance(items, list) else []


def _unknown(what: str, name: str, known: Sequence[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown {what} '{name}'{hint}"


def goal_sentence(goal: Goal, framework: Framework) -> str:
    """A goal as a facilitator reads it out.

    >>> from model.loading import load_framework
    >>> fw = load_framework()
    >>> goal_sentence(Goal(score="equality", at_least=0.5), fw)
    'Equality up by at least +0.50 against doing nothing'
    >>> goal_sentence(Goal(score="sustainability", compared_with="start", at_least=0.0), fw)
    'Sustainability no lower than at the start'
    >>> goal_sentence(Goal(score="energy_carbon", at_least=-0.05), fw)
    'Energy & Carbon no more than 0.05 below doing nothing'
    """
    name = framework.name_of(goal.score)
    against = (
        "against doing nothing" if goal.compared_with == "doing_nothing" else "since the start"
    )
    than = "doing nothing" if goal.compared_with == "doing_nothing" else "at the start"
    low, high = goal.at_least, goal.at_most
    if low == 0 and high is None:
        return f"{name} no lower than {than}"
    if low is not None and low < 0 and high is None:  # "no worse, give or take chance"
        return f"{name} no more than {-low:.2f} below {than}"
    if high == 0 and low is None:
        return f"{name} no higher than {than}"
    if low is not None and high is not None:
        return f"{name} changed by {low:+.2f} to {high:+.2f} {against}"
    if low is not None:
        return f"{name} up by at least {low:+.2f} {against}"
    assert high is not None
    return f"{name} changed by at most {high:+.2f} {against}"


@dataclass(frozen=True)
class GoalResult:
    """One goal, judged."""

    goal: Goal
    wanted: str
    """The goal in words (:func:`goal_sentence`)."""
    change: float
    met: bool

    @property
    def sentence(self) -> str:
        verdict = "met" if self.met else "not met"
        return f"{self.wanted}: {self.change:+.2f}, {verdict}."


@dataclass(frozen=True)
class Verdict:
    """A challenge judged at the end of a game (or so far)."""

    challenge: str
    name: str
    results: tuple[GoalResult, ...]
    finished: bool
    """Whether every round was played (a verdict before the end is provisional)."""

    @property
    def met(self) -> bool:
        return all(r.met for r in self.results)

    @property
    def sentence(self) -> str:
        met = sum(r.met for r in self.results)
        whole = f"{met} of {len(self.results)} goal(s) met"
        if not self.finished:
            return f"Challenge '{self.name}' so far: {whole} (the game is not over)."
        if self.met:
            return f"Challenge '{self.name}' met: every goal reached."
        return f"Challenge '{self.name}' not met: {whole}."


def judge(challenge: ChallengeFile, game: Game) -> Verdict:
    """Judge a game against a challenge: each goal's score change at the latest year, rounded
    to the two decimals every screen shows (so a goal shown as met is met)."""
    fw = game.scenario.framework
    now, start, base = game.history[-1], game.history[0], game.baseline_history[-1]
    results = []
    for goal in challenge.goals:
        other = base if goal.compared_with == "doing_nothing" else start
        change = round(now.scores[goal.score] - other.scores[goal.score], 2)
        met = (goal.at_least is None or change >= goal.at_least) and (
            goal.at_most is None or change <= goal.at_most
        )
        results.append(GoalResult(goal, goal_sentence(goal, fw), change, met))
    return Verdict(challenge.id, challenge.name, tuple(results), game.over)


def hints_for(challenge: ChallengeFile, round_: int) -> tuple[str, ...]:
    """The hints for a round's briefing: those for every round, and those for this one."""
    return tuple(h.text for h in challenge.hints if h.round is None or h.round == round_)


def reveal_rounds(challenge: ChallengeFile | None, framework: Framework) -> dict[str, int]:
    """The round from which each domain is shown; empty if the whole network is shown at once.
    A domain no entry names is shown only once the game is over."""
    if challenge is None or not challenge.reveal:
        return {}
    out: dict[str, int] = {}
    for k, domain in enumerate(framework.domain_ids):
        headline = framework.headline_ids[framework.domain_headline[k]]
        out[domain] = next(
            (r.round for r in challenge.reveal if domain in r.domains or headline in r.domains),
            challenge.rounds + 1,
        )
    return out


def revealed_domains(
    challenge: ChallengeFile | None, round_: int, framework: Framework
) -> frozenset[str] | None:
    """The domains the network shows in a round, or None for all of them (no reveal).

    >>> from model.loading import load_framework
    >>> fw = load_framework()
    >>> ch = ChallengeFile.model_validate(dict(kind="challenge", version=1, id="x", name="X",
    ...     description="d", town="brackenbury", teams=["council", "health"], rounds=2,
    ...     goals=[{"score": "equality", "at_least": 0.1}],
    ...     reveal=[{"round": 1, "domains": ["health"]}, {"round": 2, "domains": ["equality"]}]))
    >>> sorted(revealed_domains(ch, 1, fw))
    ['health']
    >>> len(revealed_domains(ch, 2, fw)), revealed_domains(None, 1, fw)
    (6, None)
    """
    rounds = reveal_rounds(challenge, framework)
    if not rounds:
        return None
    return frozenset(d for d, r in rounds.items() if r <= max(round_, 1))


def shipped_challenges(framework: Framework) -> list[tuple[str, ChallengeFile]]:
    """The shipped challenges as ``(path shown, challenge)``, by name."""
    from model.loading import load_document
    from scenarios import SCENARIO_DIR

    found = []
    for path in sorted((SCENARIO_DIR / "challenges").glob("*.yaml")):
        doc = load_document(path)
        found.append((doc.file, challenge_from_document(doc, framework)))
    return sorted(found, key=lambda f: f[1].name)
