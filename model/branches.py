"""Branches: the same game rewound to an earlier round and played on differently, perhaps in a
town whose links carry the weights a team argued for, and two branches compared side by side.

A weight debate: during planning a team proposes a different weight for a link, anywhere in
the range its evidence allows (:mod:`model.weight_ranges`, THE table of ranges); the
facilitator accepts it for a branch. A weight is a belief about how the town works, so a branch
holds its weights from the start: it replays the main game's decisions up to its round, meeting
the very events the main game met in those rounds (the same seed draws them, and they are
given to the branch rather than drawn again, since an event that waits for a score to fall
could otherwise differ), and plays on from there, meeting the main game's events in every
round the main game played (:func:`play_on`). A branch with no weights changed is the main
game rewound (:meth:`model.engine.Game.branch`).

Comparing two branches: every headline element, domain and gap at the last year both reached,
and the difference in each headline element explained by :mod:`model.attribution`: each
branch's score is its baseline plus its change against doing nothing, and each change is
exactly the sum of its origins' parts, so the difference is exactly the sum over origins of
(part in B - part in A) plus the difference between the two baselines (which only weights can
make: the town doing nothing is the same in every branch that keeps the file's weights).

Pure: games in, games and numbers out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from model.attribution import attribute_game, by_intervention
from model.engine import Decisions, EventDraw, Game
from model.errors import Problem, ScenarioError
from model.network import RippleNetwork
from model.weight_ranges import weight_range, with_weights

__all__ = [
    "MAX_BRANCHES",
    "Branch",
    "Comparison",
    "Line",
    "Part",
    "branch_game",
    "compare",
    "link_key",
    "play",
    "play_on",
    "weights_by_index",
]

MAX_BRANCHES = 10
"""Most branches a game (and a save) keeps besides the main one: a day's course tries a few,
and eleven games of 50 rounds of five teams still fit in a save's 1 MB."""


@dataclass(frozen=True)
class Branch:
    """A named branch of a game: rewound to ``after_round``, with its own weights, played on."""

    name: str
    after_round: int
    weights: Mapping[str, float]
    """Link (``source->target``) to the weight the branch holds for it."""
    game: Game


def link_key(source: str, target: str) -> str:
    """How a link is named in a branch's weights (and in a save): ``source->target``."""
    return f"{source}->{target}"


def weights_by_index(
    network: RippleNetwork, weights: Mapping[str, float], where: str = "weights"
) -> dict[int, float]:
    """A branch's weights by link index, or :class:`ScenarioError` naming every link that is
    not in the network or whose weight is outside the range its evidence allows."""
    index = {link_key(k.source, k.target): k for k in network.links}
    problems: list[Problem] = []
    out: dict[int, float] = {}
    for key, weight in weights.items():
        link = index.get(key)
        if link is None:
            problems.append(Problem(where, None, key, f"no link {key} in the ripple network"))
            continue
        lo, hi = weight_range(link)
        if not lo - 1e-12 <= weight <= hi + 1e-12:
            problems.append(
                Problem(
                    where,
                    None,
                    key,
                    f"weight {weight:g} is outside {lo:g} to {hi:g}, the range "
                    f"{link.evidence.level} evidence allows (model/weight_ranges.py)",
                )
            )
            continue
        out[link.index] = float(weight)
    if problems:
        raise ScenarioError(problems)
    return out


def branch_game(parent: Game, after_round: int, weights: Mapping[str, float] | None = None) -> Game:
    """``parent`` rewound to the end of ``after_round`` (0: the start), in a town whose links
    hold ``weights`` (see the module's docstring), ready for its next round."""
    if not 0 <= after_round <= len(parent.reports):
        raise ScenarioError(
            [
                Problem(
                    "branch",
                    None,
                    "after_round",
                    f"can only branch after rounds 0 to {len(parent.reports)}",
                )
            ]
        )
    if not weights:
        game = parent.branch(after_round)
        game.after_round = []  # the parent's hooks (its autosave) are the parent's
        if after_round < len(parent.reports):
            game.pending_events = parent.reports[after_round].events
        return game
    network = parent.scenario.network
    try:
        changed = with_weights(network, weights_by_index(network, weights))
    except ValueError as exc:  # the spectral radius: no single weight in range can do this
        raise ScenarioError([Problem("branch", None, "weights", str(exc))]) from None
    game = Game(
        replace(parent.scenario, network=changed),
        rounds=parent.rounds,
        years_per_round=parent.years_per_round,
        seed=parent.seed,
        teams=parent.teams,
    )
    for k, (report, decisions) in enumerate(
        zip(parent.reports[:after_round], parent.decisions, strict=False)
    ):
        try:
            play(game, decisions, events=report.events)
        except ScenarioError as exc:  # e.g. a budget the changed town no longer gives
            raise ScenarioError(
                [
                    Problem("branch", None, f"round {k + 1}", f"replaying it: {p.message}")
                    for p in exc.problems
                ]
            ) from None
    if after_round < len(parent.reports):
        game.pending_events = parent.reports[after_round].events
    return game


def play(game: Game, decisions: Decisions, events: Sequence[EventDraw] | None = None) -> None:
    """Play a round, meeting ``events`` (a parent's) rather than drawing them, if given."""
    if events is not None:
        game.pending_events = tuple(events)
    game.submit(decisions)


def play_on(main: Game, game: Game, decisions: Decisions) -> None:
    """Play a branch's next round, meeting the events the main game met in that round (if it
    played it): a branch and the main game meet the same events, round by round, so that
    what differs between them is the decisions and the weights."""
    k = len(game.reports)
    play(game, decisions, main.reports[k].events if k < len(main.reports) else None)


# -- comparing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One row of the side-by-side: a score (or gap) in branch A and in branch B."""

    id: str
    name: str
    a: float
    b: float
    lower_is_better: bool = False

    @property
    def difference(self) -> float:
        return self.b - self.a


@dataclass(frozen=True)
class Part:
    """One part of the difference B - A in a headline element."""

    label: str
    points: float


@dataclass(frozen=True)
class Comparison:
    """Two branches side by side at the last year both reached."""

    a: str
    b: str
    rounds: int
    year: int
    headlines: tuple[Line, ...]
    domains: tuple[Line, ...]
    gaps: tuple[Line, ...]
    why: Mapping[str, tuple[Part, ...]]
    """By headline id: the parts of B - A, largest first, the last the rest; they add up."""
    weights: tuple[str, ...]
    """The links whose weights differ between the two, in words."""


def compare(a_name: str, a: Game, b_name: str, b: Game, top: int = 5) -> Comparison:
    """Branches ``a`` and ``b`` side by side (see the module's docstring)."""
    fw = a.scenario.framework
    rounds = min(len(a.reports), len(b.reports))
    if rounds == 0:
        raise ScenarioError(
            [Problem("compare", None, "", "both branches need a round played to compare")]
        )
    year = min(a.reports[rounds - 1].last_year, b.reports[rounds - 1].last_year)
    sa, sb = a.history[year].scores, b.history[year].scores
    headlines = tuple(
        Line(h, n, sa[h], sb[h]) for h, n in zip(fw.headline_ids, fw.headline_names, strict=True)
    )
    domains = tuple(
        Line(d, n, sa[d], sb[d]) for d, n in zip(fw.domain_ids, fw.domain_names, strict=True)
    )
    ga, gb = a.history[year].gaps, b.history[year].gaps
    gaps = tuple(Line(g, fw.node(g).name, ga[g], gb[g], lower_is_better=True) for g in ga)
    why = {h: _why_different(a, b, h, rounds, year, top) for h in fw.headline_ids}
    return Comparison(
        a_name, b_name, rounds, year, headlines, domains, gaps, why, _weights(a_name, a, b_name, b)
    )


def _why_different(
    a: Game, b: Game, target: str, rounds: int, year: int, top: int
) -> tuple[Part, ...]:
    parts: dict[str, float] = {}
    for sign, game in ((-1.0, a), (1.0, b)):
        result = by_intervention(attribute_game(game, target, 1, rounds))
        for c in result.contributions:
            label = c.origin.describe(teams=False)
            parts[label] = parts.get(label, 0.0) + sign * c.points
    base = b.baseline_history[year].scores[target] - a.baseline_history[year].scores[target]
    items = sorted(parts.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    kept = [Part(label, points) for label, points in items[:top] if abs(points) >= 0.005]
    rest = sum(points for _, points in items) - sum(p.points for p in kept)
    out = [*kept]
    if abs(base) >= 1e-12:
        out.append(Part("the town doing nothing differs (other weights)", base))
    out.append(Part(f"{len(items) - len(kept)} smaller parts", rest))
    return tuple(out)


def _weights(a_name: str, a: Game, b_name: str, b: Game) -> tuple[str, ...]:
    out = []
    for la, lb in zip(a.scenario.network.links, b.scenario.network.links, strict=True):
        if la.weight != lb.weight:
            out.append(
                f"{link_key(la.source, la.target)}: {la.weight:+g} in {a_name}, "
                f"{lb.weight:+g} in {b_name}"
            )
    return tuple(out)
