"""How fast an ensemble runs: one process, local processes, and a Dask cluster on this machine.

    PYTHONPATH=. python benchmarks/ensemble_speed.py              # 100 runs x 20 y x 50,000
    PYTHONPATH=. python benchmarks/ensemble_speed.py --runs 10 --years 4 --residents 5000

Issue 14's measure: 100 runs x 20 years x 50,000 residents, ``--vary history`` (one town, built
once; each run a future of it beside its do-nothing baseline), played by the shipped plan
green_and_fair (its last round kept up). Goal: at most 60 s wall on 2 quiet cores, and at least
1.7 x the one-process rate on 2 workers. Prints, for each way of running, the median over
``--repeats`` of wall time, CPU time (this process and every worker), runs per second and the
speed-up over one process, measured side by side (the ways take turns in each repeat), so a
machine shared with others slows them alike. No town cache: every way builds its town.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.batch_runner import run_batch  # noqa: E402
from model.batch import Parts, RunSpec  # noqa: E402
from model.loading import (  # noqa: E402
    load_events,
    load_framework,
    load_interventions,
    load_plan,
    load_ripples,
    scenario_town,
)
from model.town.description import TownFile  # noqa: E402


def _cpu(processes: list[psutil.Process]) -> float:
    """CPU seconds of this process, its finished children, and ``processes`` (live workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    for p in processes:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def _workers_of_cluster() -> list[psutil.Process]:
    children: list[psutil.Process] = psutil.Process().children(recursive=True)
    return children


def history_batch(
    town_ref: str, runs: int, years: int, residents: int
) -> tuple[Parts, TownFile, list[RunSpec]]:
    """The measured batch: ``runs`` futures of one town (``--vary history``), each played by
    the shipped plan green_and_fair beside its do-nothing baseline (benchmarks/batch_split.py
    times the same batch)."""
    fw = load_framework()
    parts = Parts(
        fw, load_ripples(framework=fw), load_interventions(framework=fw), load_events(framework=fw)
    )
    _, town = scenario_town(town_ref, fw)
    plan = load_plan(
        ROOT / "scenarios" / "plans" / "green_and_fair.yaml",
        fw,
        parts.interventions,
        town,
        residents,
    )
    specs = [
        RunSpec(town, plan, 1 + k, years, residents, "history", 1, "plan", k) for k in range(runs)
    ]
    return parts, town, specs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=100)
    ap.add_argument("--years", type=int, default=20)
    ap.add_argument("--residents", type=int, default=50_000)
    ap.add_argument("--town", default="brackenbury")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--skip-one", action="store_true", help="no one-process run (slow)")
    args = ap.parse_args()

    parts, town, specs = history_batch(args.town, args.runs, args.years, args.residents)
    from dask.distributed import LocalCluster

    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    ways: dict[str, Callable[[], object]] = {}
    if not args.skip_one:
        ways["one process"] = lambda: run_batch(parts, specs, workers=1)
    ways[f"{args.workers} local processes"] = lambda: run_batch(parts, specs, workers=args.workers)
    ways[f"Dask, {args.workers} workers"] = lambda: run_batch(
        parts, specs, scheduler=cluster.scheduler_address
    )
    timings: dict[str, list[tuple[float, float]]] = {name: [] for name in ways}
    reference = None
    for _ in range(args.repeats):
        for name, work in ways.items():
            live = _workers_of_cluster() if name.startswith("Dask") else []
            cpu0, wall0 = _cpu(live), time.perf_counter()
            results = work()
            wall, cpu = time.perf_counter() - wall0, _cpu(live) - cpu0
            timings[name].append((wall, cpu))
            ends = [float(r.plan["score:equality"][-1]) for r in results]  # type: ignore[attr-defined]
            if reference is None:
                reference = ends
            assert ends == reference, f"{name} gave different numbers"
    cluster.close()
    load = os.getloadavg()
    print(
        f"{args.runs} runs x {args.years} years x {args.residents:,} residents of {town.name}, "
        f"--vary history, plan green_and_fair; {os.cpu_count()} cores; load average "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the end (other users' work included); "
        f"median of {args.repeats} repeat(s); every way gave identical numbers"
    )
    base_rate = None
    if "one process" in timings:
        base_rate = args.runs / statistics.median(w for w, _ in timings["one process"])
    print(f"{'way':<22}{'wall s':>9}{'CPU s':>9}{'runs/s':>9}{'speed-up':>10}")
    for name, values in timings.items():
        wall = statistics.median(w for w, _ in values)
        cpu = statistics.median(c for _, c in values)
        rate = args.runs / wall
        up = f"{rate / base_rate:.2f}x" if base_rate else "-"
        print(f"{name:<22}{wall:>9.1f}{cpu:>9.1f}{rate:>9.2f}{up:>10}")


if __name__ == "__main__":
    main()
