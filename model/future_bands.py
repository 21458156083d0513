"""Uncertainty inside the game: the 10-90% band of a small ensemble of futures (pure).

A point estimate is one future of the town; the residents' years are drawn at random, so a plan's
effect moves by chance too (Equality about 0.2 points a year, the size of many plans' effects).
A band runs the same decisions in a few futures drawn afresh and says where most of them fall.
Two bands, one kind of object (:class:`FuturesBand`):

- **the preview's** (:func:`preview_band`): the drafts kept up for the preview's years, in
  :data:`BAND_FUTURES` futures of the town the preview runs on (a big town's twin), each beside
  doing nothing on the same draws (:meth:`model.engine.Game.preview_future`). The events are
  this round's, as in the preview: what varies is the residents' years.
- **the played game's** (:func:`played_band`): the rounds played so far, replayed from the
  start with the same allocations and events in as many futures, on a twin of the starting town
  of :data:`PLAYED_RESIDENTS` residents, beside its baseline
  (:meth:`model.engine.Game.replay_future`). The debrief says from it which changes are beyond
  chance (:func:`chance_sentences`); the dashboard shades it behind the played line.

What is banded first is the **paired difference**, the decisions minus doing nothing future by
future, so that what a future's draws did to both falls out; a change is *beyond chance* when
its 80% interval over the futures excludes zero (:func:`model.ensemble_stats.verdict`: the
percentiles and the verdict are written once, there). The screens shade doing nothing plus that
band, so that "clear of the dashed line" reads "beyond chance". The decisions' own score is
banded too (``scores``); on a twin, each future's years are put on the whole town's scale as the
preview's point estimate is (see the two engine methods).

A twin's futures spread as a town of the twin's size does, wider than a bigger town's own: the
band is on the cautious side for a town above :data:`model.engine.PREVIEW_RESIDENTS` (or
:data:`PLAYED_RESIDENTS`), and a town below it is run whole. Eight futures make rough
percentiles (each tail rests on one or two of them); they are enough to tell a clear effect from
noise, which is what a workshop needs, and few enough to follow the game. Deterministic given
(scenario, seed, decisions): every future's draws come from a key of the seed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from model.engine import Decisions, FutureYears, Game
from model.ensemble_stats import Band, Verdict, band, sentence, verdict
from model.framework import Framework
from model.scoring import MAX_SCORE, MIN_SCORE

__all__ = [
    "BAND_FUTURES",
    "PLAYED_RESIDENTS",
    "FuturesBand",
    "band_keys",
    "chance_sentences",
    "played_band",
    "preview_band",
]

BAND_FUTURES = 8
"""Futures in a band: enough for a rough 80% interval (the 10th and 90th percentiles of 8), few
enough to follow the game (some 0.4 s each on the preview's twin, then of 25,000 residents,
measured by ``benchmarks/band_speed.py`` on a shared 2-core machine; the twin is now of
15,000)."""

PLAYED_RESIDENTS = 10_000
"""The played game's futures run on a twin of the starting town of about this many residents:
a whole game replayed 8 times beside its baseline then adds some 3 s to the debrief of any
town (2.9 s at 100,000 residents, ``benchmarks/band_speed.py``). Assumed, for that cost: a
bigger twin would spread less, closer to a big town's own chance."""

KeepGoing = Callable[[], bool]
"""Asked before each future: False stops the band (the drafts changed, say)."""


@dataclass(frozen=True)
class FuturesBand:
    """A band over ``futures`` futures, ``years`` (calendar years of the game) by score key
    (:func:`band_keys`): ``scores`` holds the decisions' score and ``changes`` the decisions
    minus doing nothing, each an array of futures x years. ``residents`` is the size of the
    town the futures ran on (a twin's, for a big town)."""

    futures: int
    residents: int
    years: tuple[int, ...]
    scores: Mapping[str, np.ndarray]
    changes: Mapping[str, np.ndarray]

    def score_band(self, key: str) -> Band:
        return band(self.scores[key])

    def change_band(self, key: str) -> Band:
        return band(self.changes[key])

    def verdict(self, key: str, year: int = -1) -> Verdict:
        """The verdict on the change at ``year`` (an index into ``years``; the last by default)."""
        return verdict(self.changes[key], year)

    def shading(self, key: str, nothing: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """The shaded region a chart draws: doing nothing (one value a year of ``years``) plus
        the 10th and the 90th percentile of the change, kept on the score scale."""
        b = self.change_band(key)
        base = np.asarray(nothing, dtype=float)
        return (
            np.clip(base + b.p10, MIN_SCORE, MAX_SCORE),
            np.clip(base + b.p90, MIN_SCORE, MAX_SCORE),
        )


def band_keys(framework: Framework) -> list[str]:
    """The scores a band covers: the headline elements, then the domains (each once)."""
    return list(dict.fromkeys([*framework.headline_ids, *framework.domain_ids]))


def preview_band(
    game: Game,
    decisions: Decisions,
    years: int | None = None,
    futures: int = BAND_FUTURES,
    keep_going: KeepGoing | None = None,
) -> FuturesBand | None:
    """The preview's band for ``decisions`` (None if ``keep_going`` said stop). Raises
    :class:`~model.errors.ScenarioError` for decisions the game would refuse."""
    runs = []
    for future in range(futures):
        if keep_going is not None and not keep_going():
            return None
        runs.append(game.preview_future(decisions, future, years))
    return _collect(runs, band_keys(game.scenario.framework))


def played_band(
    game: Game,
    futures: int = BAND_FUTURES,
    residents: int = PLAYED_RESIDENTS,
    keep_going: KeepGoing | None = None,
) -> FuturesBand | None:
    """The band of the rounds played so far (None before any round, or if stopped)."""
    if not game.reports:
        return None
    runs = []
    for future in range(futures):
        if keep_going is not None and not keep_going():
            return None
        runs.append(game.replay_future(future, residents))
    return _collect(runs, band_keys(game.scenario.framework))


def _collect(runs: Sequence[FutureYears], keys: Sequence[str]) -> FuturesBand:
    """The runs' years as arrays of futures x years by key."""
    years = tuple(r.year for r in runs[0].plan)
    scores, changes = {}, {}
    for key in keys:
        plan = np.array([[y.scores[key] for y in r.plan] for r in runs], dtype=float)
        nothing = np.array([[y.scores[key] for y in r.nothing] for r in runs], dtype=float)
        scores[key], changes[key] = plan, plan - nothing
    return FuturesBand(len(runs), runs[0].residents, years, scores, changes)


def chance_sentences(played: FuturesBand, framework: Framework) -> tuple[str, ...]:
    """What the debrief says of chance: a sentence saying how the futures were run, then for
    each headline element whether the game's change against doing nothing is beyond chance."""
    n, years = played.futures, played.years[-1] - played.years[0]
    lead = (
        f"Beyond chance? The game's decisions were played again in {n} futures drawn afresh "
        f"(the same events, on a {played.residents:,}-resident copy of the town): a change is "
        "beyond chance when its 80% interval across them stays clear of doing nothing."
    )
    against = f"doing nothing across {n} futures"
    rest = (
        sentence(name, against, played.verdict(h), years)
        for h, name in zip(framework.headline_ids, framework.headline_names, strict=True)
    )
    return (lead, *rest)
