"""Which assumptions a plan's outcome depends on most: the factors a sensitivity analysis
varies, their ranges, and the runs that sample them (pure; SALib does the sampling and the
analysis, ``game/cli_sensitivity.py`` sends the runs out).

The factors:

- every ripple link's weight, within its evidence range (:func:`model.weight_ranges.weight_range`:
  strong evidence narrow, assumed widest);
- each intervention the plan funds, a multiplier of its effects' points from
  :data:`EFFECT_RANGE` (assumed: the interventions' effect sizes come from reviews whose
  effects vary about that much between places and programmes; see interventions.yaml's
  evidence);
- the partnership bonus, from :data:`BONUS_RANGE` (assumed: from no bonus at all to twice the
  stated 20%).

The outcome of a run is, for each headline element, the plan's score minus its baseline's at
the run's last year; every sample is run on the same town and seed (common random numbers),
so the differences between samples are the factors' doing, for that one future.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from model.batch import RunResult, RunSpec
from model.network import RippleNetwork
from model.plans import PlanFile
from model.weight_ranges import weight_range

__all__ = [
    "BONUS_RANGE",
    "EFFECT_RANGE",
    "Factor",
    "factors",
    "outcomes",
    "problem",
    "specs_for",
]

EFFECT_RANGE = (0.5, 1.5)
"""An intervention's effects as a share of their stated size (assumed; see above)."""
BONUS_RANGE = (0.0, 0.4)
"""The partnership bonus's range (assumed; see above)."""


@dataclass(frozen=True)
class Factor:
    """One assumption varied: its kind (link, effect or bonus), what it is, its range."""

    kind: str
    key: str
    name: str
    low: float
    high: float


def factors(network: RippleNetwork, plan: PlanFile, bonus: bool = True) -> list[Factor]:
    """Every factor for ``plan``: the links, the effects of what it funds, the bonus."""
    out = []
    names = {n.id: n.name for n in network.framework.nodes}
    for link in network.links:
        lo, hi = weight_range(link)
        if hi - lo <= 0:
            continue
        out.append(
            Factor(
                "link",
                str(link.index),
                f"{names[link.source]} -> {names[link.target]} ({link.evidence.level})",
                lo,
                hi,
            )
        )
    funded = sorted({item for r in plan.rounds for spend in r.values() for item in spend})
    out += [Factor("effect", item, f"effect of {item}", *EFFECT_RANGE) for item in funded]
    if bonus:
        out.append(Factor("bonus", "bonus", "partnership bonus", *BONUS_RANGE))
    return out


def problem(items: Sequence[Factor]) -> dict[str, object]:
    """The SALib problem for ``items``."""
    return {
        "num_vars": len(items),
        "names": [f.name for f in items],
        "bounds": [[f.low, f.high] for f in items],
    }


def specs_for(base: RunSpec, items: Sequence[Factor], samples: np.ndarray) -> list[RunSpec]:
    """One run for each row of ``samples`` (SALib's matrix: a column a factor): ``base``
    with the row's weights, effect sizes and bonus."""
    specs = []
    for k, row in enumerate(samples):
        weights, effects, bonus = {}, {}, None
        for f, value in zip(items, row, strict=True):
            v = float(min(max(value, f.low), f.high))
            if f.kind == "link":
                weights[int(f.key)] = v
            elif f.kind == "effect":
                effects[f.key] = v
            else:
                bonus = v
        specs.append(replace(base, weights=weights, effect_scale=effects, bonus=bonus, run=k))
    return specs


def outcomes(results: Sequence[RunResult], headline: str) -> np.ndarray:
    """Each run's plan minus baseline for ``headline`` at its last year."""
    key = f"score:{headline}"
    return np.array([r.plan[key][-1] - r.baseline[key][-1] for r in results], dtype=float)
