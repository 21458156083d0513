"""Where a batch run's CPU goes: the town's years against everything around them.

    PYTHONPATH=. python benchmarks/batch_split.py                 # 5 runs x 20 y x 50,000
    PYTHONPATH=. python benchmarks/batch_split.py --runs 20 --residents 100000

Runs issue 14's batch (``benchmarks/ensemble_speed.py``'s runs: ``--vary history``, the plan
green_and_fair, one town built once) in this process, with a CPU timer around a few functions
instead of a profiler (which would inflate the many small calls of a year and shift the
split). The timed parts nest: a run (``_run_task``: unpickle its town, play it) holds the
game's rounds, which hold both towns' years (``Simulation.advance``), which hold the
residents' year (``TownModel.advance``), the measuring of them and the year's pushes. What a
run spends outside ``Simulation.advance`` is the batch's own overhead.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ensemble_speed import history_batch  # noqa: E402  (benchmarks/ is on the path)

import game.batch_runner as batch_runner  # noqa: E402
import model.simulation as simulation  # noqa: E402
from model.engine import Game  # noqa: E402
from model.town.model import TownModel  # noqa: E402

PARTS: tuple[tuple[Any, str, str], ...] = (
    (batch_runner, "_build", "build the town (once a batch)"),
    (batch_runner, "_run_task", "a run: unpickle its town and play it"),
    (Game, "__init__", "  the game's start (baseline copied)"),
    (Game, "_play_years", "  the rounds' years, both towns"),
    (simulation.Simulation, "advance", "    Simulation.advance (the years)"),
    (TownModel, "advance", "      TownModel.advance (residents)"),
    (simulation, "measure_people", "      measure_people (and the start's)"),
    (simulation.Simulation, "_push_array", "      the year's pushes"),
)


def timed(owner: Any, name: str, into: dict[str, float], label: str) -> None:
    """Replace ``owner.name`` by itself with its CPU time added to ``into[label]``."""
    inner: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            into[label] = into.get(label, 0.0) + time.process_time() - start

    setattr(owner, name, wrapper)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--residents", type=int, default=50_000)
    ap.add_argument("--town", default="brackenbury")
    args = ap.parse_args()

    parts, town, specs = history_batch(args.town, args.runs, args.years, args.residents)
    spent: dict[str, float] = {}
    for owner, name, label in PARTS:
        timed(owner, name, spent, label)
    start = time.process_time()
    batch_runner.run_batch(parts, specs, workers=1)
    total = time.process_time() - start
    town_years = 2 * args.runs * args.years
    print(
        f"{args.runs} runs x {args.years} years x {args.residents:,} residents of {town.name}, "
        f"one process: {total:.2f} CPU s, {town_years} town-years (plan and baseline)"
    )
    print(f"{'part':<42}{'CPU s':>8}{'share':>8}{'ms a run':>10}{'ms a town-year':>16}")
    for _, _, label in PARTS:
        value = spent.get(label, 0.0)
        print(
            f"{label:<42}{value:>8.2f}{value / total:>8.1%}{value / args.runs * 1000:>10.1f}"
            f"{value / town_years * 1000:>16.2f}"
        )
    run = spent.get(PARTS[1][2], 0.0)
    years = spent.get(PARTS[4][2], 0.0)
    print(
        f"a run outside its towns' years (the batch's overhead): "
        f"{(run - years) / args.runs * 1000:.1f} ms, {(run - years) / run:.1%} of a run"
    )


if __name__ == "__main__":
    main()
