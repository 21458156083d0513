"""What sharing one do-nothing baseline a seed saves ``thrive compare`` (model/shared_baseline.py).

Runs the two shipped plans and the partnership bot on the same seeds on one process, each way in
turn (every plan beside its own baseline, then one baseline a seed shared), several times, and
prints each way's median wall time, the towns' simulated years counted, the ratio of neighbours
in time, and whether the numbers are identical.

    python benchmarks/compare_baselines.py                    # 5 seeds, 10 years, 5,000 residents
    python benchmarks/compare_baselines.py --seeds 10 --residents 20000 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.batch_runner import run_batch, run_sharing_baselines
from model.batch import Parts, RunResult, RunSpec
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_plan,
    load_ripples,
    scenario_town,
)
from model.plans import PlanFile
from model.simulation import Simulation

ROOT = Path(__file__).resolve().parents[1]
COUNT = [0]


def _counting() -> None:
    real = Simulation.advance

    def advance(self: Simulation, *args: object, **kwargs: object) -> object:
        COUNT[0] += 1
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    Simulation.advance = advance  # type: ignore[assignment,method-assign]


def _same(a: list[RunResult], b: list[RunResult]) -> bool:
    return all(
        np.array_equal(x.plan[k], y.plan[k]) and np.array_equal(x.baseline[k], y.baseline[k])
        for x, y in zip(a, b, strict=True)
        for k in x.plan
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--town", default="hastings")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--residents", type=int, default=5_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    fw = load_framework()
    parts = Parts(
        fw, load_ripples(framework=fw), load_interventions(framework=fw), load_events(framework=fw)
    )
    _, town = scenario_town(args.town, fw)
    players: list[tuple[str, PlanFile | str]] = [
        (name, load_plan(ROOT / "scenarios" / "plans" / f"{name}.yaml", fw,
                         parts.interventions, town, args.residents))
        for name in ("green_and_fair", "work_and_health_first")
    ]  # fmt: skip
    players.append(("partnership", "partnership"))
    specs = [
        RunSpec(town, p, 1 + k, args.years, args.residents, "history", 1, label, k)
        for label, p in players
        for k in range(args.seeds)
    ]
    _counting()
    times: dict[str, list[float]] = {"own": [], "shared": []}
    years: dict[str, int] = {}
    results: dict[str, list[RunResult]] = {}
    for _ in range(args.repeats):
        for name, run in (("own", run_batch), ("shared", run_sharing_baselines)):
            COUNT[0] = 0
            start = time.perf_counter()
            results[name] = run(parts, specs, workers=1)
            times[name].append(time.perf_counter() - start)
            years[name] = COUNT[0]
    ratio = statistics.median(o / s for o, s in zip(times["own"], times["shared"], strict=True))
    print(
        f"{len(specs)} runs ({len(players)} plans x {args.seeds} seeds) x {args.years} years x "
        f"{args.residents:,} residents, one process:"
    )
    for name in ("own", "shared"):
        print(
            f"  {name:>6} baselines: median {statistics.median(times[name]):.1f} s, "
            f"{years[name]} town-years simulated"
        )
    print(
        f"  shared is {ratio:.2f} x as fast (median of neighbours); numbers identical: "
        f"{_same(results['own'], results['shared'])}"
    )


if __name__ == "__main__":
    main()
