"""One do-nothing baseline a seed for a batch of several plans (``thrive compare``), pure.

Every run of :func:`model.batch.run_one` plays its plan beside its own baseline: the same town,
seed and events, no decisions. When several plans run on the same seeds, those baselines are the
same run again and again, with one exception: an event may depend on the played town's scores
(``when:`` in ``events.yaml``, four shipped events), so a plan can meet other events than
doing nothing would, and its baseline (which meets the plan's events) then differs. So:

1. :func:`split` turns the batch into its plans' runs without their baselines, and one
   do-nothing run (also without a baseline: with no decisions, the played town *is* the
   baseline) for each distinct seed and town;
2. :func:`pair` pairs every plan's run with its seed's do-nothing run, if they met the same
   events round by round (then the baseline it would have simulated is that run, draw for
   draw: the same town, streams, events and no decisions); the others are named, to be run
   again whole.

The numbers are those of every plan run with its own baseline (``tests/test_shared_baseline.py``
holds them equal, and counts the towns simulated: plans + 1 a seed, not twice the plans).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from model.batch import RunResult, RunSpec

__all__ = ["Split", "pair", "split"]

BaselineKey = tuple[str, int, int, int | None, str, int, int]


@dataclasses.dataclass(frozen=True)
class Split:
    """The batch split: the plans' runs (in the batch's order) and the do-nothing runs, and for
    each plan's run the index of its do-nothing run."""

    plans: tuple[RunSpec, ...]
    baselines: tuple[RunSpec, ...]
    baseline_of: tuple[int, ...]


def _key(spec: RunSpec) -> BaselineKey:
    """What a do-nothing run depends on (a changed assumption is not shared: see
    :func:`split`)."""
    return (
        spec.town.id,
        spec.seed,
        spec.built_from,
        spec.residents,
        spec.vary,
        spec.years,
        spec.years_per_round,
    )


def split(specs: Sequence[RunSpec]) -> Split | None:
    """The batch split into plans and shared baselines, or None where nothing would be shared
    (no seed run by two plans) or a run changes an assumption (weights, effect sizes, the
    bonus: sensitivity runs, each its own)."""
    if any(s.weights or s.effect_scale or s.bonus is not None for s in specs):
        return None  # (weights sampled under ``--vary weights`` follow the seed: shared alike)
    keys = [_key(s) for s in specs]
    if len(set(keys)) == len(keys):
        return None
    order = list(dict.fromkeys(keys))
    first = {k: specs[keys.index(k)] for k in order}
    baselines = tuple(
        dataclasses.replace(first[k], player=None, label="doing nothing", with_baseline=False)
        for k in order
    )
    plans = tuple(dataclasses.replace(s, with_baseline=False) for s in specs)
    return Split(plans, baselines, tuple(order.index(k) for k in keys))


def pair(
    parts: Split, plans: Sequence[RunResult], baselines: Sequence[RunResult]
) -> tuple[list[RunResult | None], list[int]]:
    """Each plan's result with its seed's do-nothing run as its baseline (None where the events
    differed), and the indices of those to run again with their own baselines."""
    out: list[RunResult | None] = []
    again: list[int] = []
    for k, (result, which) in enumerate(zip(plans, parts.baseline_of, strict=True)):
        nothing = baselines[which]
        if result.events != nothing.events:
            out.append(None)
            again.append(k)
            continue
        out.append(dataclasses.replace(result, baseline=nothing.plan))
    return out, again
