"""The batch core: one run of a plan (or a bot) beside its do-nothing baseline, as a pure
function of what it is given, for ensembles, comparisons, sensitivity runs and sweeps.

A run is (town, player, seed, years, residents, vary mode, and any assumptions changed); it
returns every year's scores and gaps for the plan and for its baseline (the same town, seed
and events, no decisions), and what each team spent. Nothing here reads a clock, a file or a
global: the same :class:`RunSpec` gives the same :class:`RunResult` on one process, on many,
or on a Dask cluster (``game/batch_runner.py`` sends the runs out; ``tests/test_batch.py``
holds the three equal).

What a seed varies (``vary``):

- ``history``: one starting town, built from ``town_seed``; each run's seed draws the future
  (the residents' years, via the town's random streams, and the events). What a planner
  usually means by "what might happen to my town".
- ``town``: each run's seed builds its own town too (as ``thrive run --seed`` does), so the
  spread includes how differently a town of that description can be generated.
- ``weights``: as ``history``, and every ripple link's weight is drawn uniformly within its
  evidence range (:func:`model.weight_ranges.weight_range`: strong narrow, assumed widest).
- ``all``: as ``town``, with the weights drawn too.

The town's streams and the future's: a town is generated from its seed; a game then draws
each year afresh from a key of its own seed (:meth:`model.engine.Game._fresh_streams`), so
under ``history`` and ``weights`` the town is the same in every run and the future is the
run's seed's. A town given to :func:`run_one` is changed by it: give it a copy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from model.bots import bot_decisions
from model.engine import Game, GameScenario
from model.events import EventsFile
from model.framework import Framework
from model.interventions import InterventionsFile
from model.network import RippleNetwork
from model.plan_play import plan_round
from model.plans import PlanFile
from model.simulation import YearReport
from model.town.description import TownFile
from model.town.model import TownModel
from model.weight_ranges import weight_range, with_weights

__all__ = [
    "VARY_MODES",
    "Parts",
    "RunResult",
    "RunSpec",
    "Vary",
    "adjusted_interventions",
    "run_one",
    "sampled_weights",
    "series_keys",
    "town_seed_of",
]

Vary = Literal["history", "town", "weights", "all"]
VARY_MODES: tuple[Vary, ...] = ("history", "town", "weights", "all")

WEIGHTS_KEY = 314_159
"""Mixed into a run's seed for its sampled link weights."""
MAX_WEIGHT_DRAWS = 50
"""Draws of a set of weights before giving up on a stable one (never needed with the
shipped network, whose spectral radius stays far below the limit across its ranges)."""


@dataclass(frozen=True)
class Parts:
    """The scenario's parts every run shares (all read-only)."""

    framework: Framework
    network: RippleNetwork
    interventions: InterventionsFile
    events: EventsFile


@dataclass(frozen=True)
class RunSpec:
    """One run. ``player`` is a plan or a bot's name (None: doing nothing); ``label`` names it
    in tables (a plan's file name, say). ``weights`` (link index -> weight), ``effect_scale``
    (intervention id -> multiplier of its effects' points) and ``bonus`` (the partnership
    bonus) change the assumptions for this run alone (sensitivity runs). ``with_baseline=False``
    leaves the baseline out (see :mod:`model.shared_baseline`)."""

    town: TownFile
    player: PlanFile | str | None
    seed: int
    years: int
    residents: int | None = None
    vary: Vary = "history"
    town_seed: int = 1
    label: str = "plan"
    run: int = 0
    years_per_round: int = 2
    weights: Mapping[int, float] = field(default_factory=dict)
    effect_scale: Mapping[str, float] = field(default_factory=dict)
    bonus: float | None = None
    with_baseline: bool = True

    @property
    def rounds(self) -> int:
        return math.ceil(self.years / self.years_per_round)

    @property
    def built_from(self) -> int:
        """The seed the run's starting town is built from."""
        return town_seed_of(self.vary, self.seed, self.town_seed)


def town_seed_of(vary: Vary, seed: int, town_seed: int) -> int:
    """The seed a run's town is built from: its own under ``town`` and ``all``, else the one
    shared ``town_seed``."""
    return seed if vary in ("town", "all") else town_seed


@dataclass(frozen=True)
class RunResult:
    """A run's years (0 = the start, to ``spec.years``) for the plan and its baseline: one
    array per series key (:func:`series_keys`), and pounds spent over the run by team; the
    events each round met (event id, first and last year), which the baseline meets too."""

    label: str
    run: int
    seed: int
    plan: Mapping[str, np.ndarray]
    baseline: Mapping[str, np.ndarray]
    spending: Mapping[str, float]
    notes: tuple[str, ...] = ()
    events: tuple[tuple[tuple[str, int, int], ...], ...] = ()

    @property
    def years(self) -> int:
        return len(next(iter(self.plan.values()))) - 1


def series_keys(framework: Framework) -> list[str]:
    """The series a run reports, in order: ``score:<id>`` for every headline element, domain
    and node (each id once), then ``gap:<id>`` for every Equality node (its raw gap)."""
    fw = framework
    ids = list(dict.fromkeys([*fw.headline_ids, *fw.domain_ids, *fw.node_ids]))
    equality = [n.id for n in fw.nodes if n.headline == "equality"]
    return [f"score:{i}" for i in ids] + [f"gap:{g}" for g in equality]


def sampled_weights(network: RippleNetwork, seed: int) -> RippleNetwork:
    """The network with every link's weight drawn uniformly within its evidence range, from
    ``seed`` (a draw that would make the network unstable is drawn again)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, WEIGHTS_KEY]))
    for _ in range(MAX_WEIGHT_DRAWS):
        weights = {}
        for link in network.links:
            lo, hi = weight_range(link)
            weights[link.index] = float(rng.uniform(lo, hi))
        try:
            return with_weights(network, weights)
        except ValueError:
            continue
    raise ValueError(f"no stable set of weights in {MAX_WEIGHT_DRAWS} draws")


def adjusted_interventions(
    interventions: InterventionsFile,
    effect_scale: Mapping[str, float],
    bonus: float | None,
) -> InterventionsFile:
    """The interventions with some effects scaled and the partnership bonus replaced."""
    if not effect_scale and bonus is None:
        return interventions
    items = tuple(
        item.model_copy(
            update={
                "effects": tuple(
                    e.model_copy(update={"points": e.points * effect_scale[item.id]})
                    for e in item.effects
                )
            }
        )
        if item.id in effect_scale
        else item
        for item in interventions.interventions
    )
    partnership = (
        interventions.partnership
        if bonus is None
        else interventions.partnership.model_copy(update={"bonus": bonus})
    )
    return interventions.model_copy(update={"interventions": items, "partnership": partnership})


def run_one(parts: Parts, spec: RunSpec, town: TownModel) -> RunResult:
    """Play ``spec`` on ``town`` (built from ``spec.town`` at ``spec.residents`` with seed
    ``spec.built_from``; changed by the run) beside its do-nothing baseline.

    A plan shorter than the run keeps its last round up; a plan's round is fitted to the
    round's budgets (:func:`model.plan_play.plan_round`), its notes kept."""
    network = parts.network
    if spec.vary in ("weights", "all"):
        network = sampled_weights(network, spec.seed)
    if spec.weights:
        network = with_weights(network, spec.weights)
    interventions = adjusted_interventions(parts.interventions, spec.effect_scale, spec.bonus)
    scenario = GameScenario(
        parts.framework, network, spec.town, interventions, parts.events, spec.residents
    )
    game = Game(
        scenario,
        rounds=spec.rounds,
        years_per_round=spec.years_per_round,
        seed=spec.seed,
        town=town,
        with_baseline=spec.with_baseline,
        undoable=False,  # a batch run is never undone: no copy of each round's state
    )
    notes: list[str] = []
    spending: dict[str, float] = {}
    for k in range(spec.rounds):
        if isinstance(spec.player, PlanFile):
            fitted = plan_round(game, spec.player, min(k, len(spec.player.rounds) - 1))
            decisions: Mapping[str, Mapping[str, float]] = fitted.decisions
            notes.extend(f"round {k + 1}: {note}" for note in fitted.notes)
        elif spec.player is None:
            decisions = {}
        else:
            decisions = bot_decisions(spec.player, game)
        report = game.submit(decisions)
        years_in = min(report.last_year, spec.years) - report.first_year + 1
        for sector, pounds in report.spending.items():
            spending[sector] = spending.get(sector, 0.0) + pounds * max(years_in, 0)
    keys = series_keys(parts.framework)
    return RunResult(
        label=spec.label,
        run=spec.run,
        seed=spec.seed,
        plan=_series(keys, game.history[: spec.years + 1]),
        baseline=_series(keys, game.baseline_history[: spec.years + 1])
        if spec.with_baseline
        else {},
        spending=spending,
        notes=tuple(notes),
        events=tuple(tuple((e.event, e.year, e.until) for e in r.events) for r in game.reports),
    )


def _series(keys: list[str], history: list[YearReport]) -> dict[str, np.ndarray]:
    out = {}
    for key in keys:
        kind, _, name = key.partition(":")
        table = "scores" if kind == "score" else "gaps"
        out[key] = np.array([getattr(r, table)[name] for r in history], dtype=float)
    return out
