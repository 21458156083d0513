"""Does a town left alone hold steady? (issue 12, item 4)

For the ready-made towns and a sample of districts, over several seeds, runs the town with
nobody acting (the ripple network and the residents together) and prints, per run: the
population after 30 years against the start, the node that moved most in 30 years and by how
much, and any node that reached 0 or 10 within 50 years having started inside. Then the
targets: population within +/-10% after 30 years; no node drifting more than 1.5 points from
its start in 30 years (its drift: the mean change over the seeds of a town, since one run's
change is drift and chance together; the largest change of any one run is printed beside it);
none at 0 or 10 by itself within 50 years (counted for nodes that start more than the drift
limit from that bound; those that start nearer, which an allowed drift or the first years'
chance can take there, are counted beside them).

    python benchmarks/steady_town.py                       # 9 towns + 12 districts, 3 seeds
    python benchmarks/steady_town.py --places 30 --seeds 2 --residents 20000
    python benchmarks/steady_town.py --places 0 --seeds 1 --residents 0   # towns at own size
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.loading import load_framework, load_ripples, scenario_town, town_path
from model.places import find_places
from model.simulation import Simulation

POPULATION_BAND = 0.10
DRIFT_LIMIT = 1.5


@dataclass(frozen=True)
class Run:
    town: str
    seed: int
    population: float
    """Residents after 30 years over residents at the start."""
    worst_node: str
    worst_drift: float
    changes: tuple[float, ...]
    """Every node's 30-year change, in the framework's order."""
    limits: tuple[tuple[str, int, float], ...]
    """Nodes that reached 0 or 10 having started inside, with the year and the start's
    distance from that bound."""


def steady_run(ref: str, seed: int, residents: int | None, years: int = 50) -> Run:
    fw = load_framework()
    _, desc = scenario_town(ref, fw)
    sim = Simulation.from_description(
        fw, load_ripples(framework=fw), desc, seed=seed, population=residents
    )
    for _ in range(years):
        sim.advance(None)
    nodes = [n.id for n in fw.nodes]
    scores = np.array([[r.scores[k] for k in nodes] for r in sim.history])
    at = min(30, years)
    drift = scores[at] - scores[0]
    worst = int(np.argmax(np.abs(drift)))
    edge = (scores <= 0.0) | (scores >= 10.0)
    limits = tuple(
        (nodes[j], year, float(min(scores[0, j], 10.0 - scores[0, j])))
        for j in range(len(nodes))
        if not edge[0, j] and edge[:, j].any()
        for year in [int(np.argmax(edge[:, j]))]
    )
    pop = sim.history[at].residents / sim.history[0].residents
    return Run(ref, seed, pop, nodes[worst], float(drift[worst]), tuple(drift.tolist()), limits)


def sample_places(count: int) -> list[str]:
    """Every ``len / count``-th district in code order: a spread of regions and kinds."""
    places = sorted(find_places(None), key=lambda p: p.code)
    step = max(1, len(places) // max(count, 1))
    return [f"place:{p.code}" for p in places[::step][:count]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--places", type=int, default=12, help="districts sampled (12)")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument(
        "--residents", type=int, default=10_000, help="0: each town at its own size (10,000)"
    )
    ap.add_argument("--no-towns", action="store_true", help="districts only")
    args = ap.parse_args()
    towns = (
        []
        if args.no_towns
        else sorted(p.stem for p in town_path("brackenbury").parent.glob("*.yaml"))
    )
    refs = towns + sample_places(args.places)
    runs = []
    for ref in refs:
        for seed in range(1, args.seeds + 1):
            run = steady_run(ref, seed, args.residents or None)
            runs.append(run)
            flag = "" if abs(run.worst_drift) <= DRIFT_LIMIT and not run.limits else "  <--"
            print(
                f"{ref:>18} seed {seed}: population x{run.population:.3f}, most moved "
                f"{run.worst_node} {run.worst_drift:+.2f}, to 0 or 10: "
                f"{', '.join(f'{n} (year {y}, {d:.2f} away)' for n, y, d in run.limits) or 'none'}"
                f"{flag}",
                flush=True,
            )
    pops = [r.population for r in runs]
    drifts = [abs(r.worst_drift) for r in runs]
    over = [r for r in runs if abs(r.worst_drift) > DRIFT_LIMIT]
    edges = [r for r in runs if r.limits]
    print(
        f"\n{len(runs)} runs ({len(refs)} towns x {args.seeds} seeds, "
        f"{f'{args.residents:,}' if args.residents else 'their own'} residents)"
    )
    ok = all(abs(p - 1.0) <= POPULATION_BAND for p in pops)
    print(
        f"population after 30 years: x{min(pops):.3f} to x{max(pops):.3f} "
        f"(target within +/-{POPULATION_BAND:.0%}): {'met' if ok else 'MISSED'}"
    )
    print(
        f"largest node change in one run, drift and chance together: median "
        f"{np.median(drifts):.2f}, worst {max(drifts):.2f}; {len(over)} runs over {DRIFT_LIMIT}"
    )
    # A node's drift: its mean change over the seeds of a town (chance's part averages out)
    nodes = [n.id for n in load_framework().nodes]
    town_drift = []
    for ref in refs:
        mean = np.mean([r.changes for r in runs if r.town == ref], axis=0)
        j = int(np.argmax(np.abs(mean)))
        town_drift.append((abs(float(mean[j])), ref, nodes[j], float(mean[j])))
    worst_drift = max(town_drift)
    drifting = [t for t in town_drift if t[0] > DRIFT_LIMIT]
    print(
        f"largest node drift in 30 years (mean change over {args.seeds} seeds): median "
        f"{np.median([t[0] for t in town_drift]):.2f}, worst {worst_drift[2]} "
        f"{worst_drift[3]:+.2f} in {worst_drift[1]}; {len(drifting)} towns over {DRIFT_LIMIT} "
        f"(target none): {'met' if not drifting else 'MISSED'}"
    )
    # A node that starts within the drift limit of 0 or 10 can reach it by an allowed drift,
    # or by chance in its first years: told apart from one that falls from the middle
    middle = [r for r in runs if any(d > DRIFT_LIMIT for _, _, d in r.limits)]
    print(
        f"runs with a node reaching 0 or 10 by itself within 50 years: {len(edges)}, of which "
        f"{len(middle)} from more than {DRIFT_LIMIT} points away (target none): "
        f"{'met' if not middle else 'MISSED'}"
        + (
            f"; the others started within {DRIFT_LIMIT} of the bound"
            if len(edges) > len(middle)
            else ""
        )
    )


if __name__ == "__main__":
    main()
