"""Does a run start where `thrive places` says the place starts? (issue 12, item 2)

For a sample of districts (every ``--step``-th by code), builds each as a town and compares the
year-0 headline and domain scores of a run with the listing's (model/places.py's start
scores, from the district's figures). Prints, per district, each headline's difference and the
three domains furthest off, then how many districts agree within 0.05 everywhere. Goal: all
of at least 30.

    python benchmarks/listing_vs_run.py                  # 31 districts, 10,000 residents
    python benchmarks/listing_vs_run.py --step 5 --residents 20000
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.loading import load_framework, load_ripples, scenario_town
from model.places import find_places, start_scorecard
from model.simulation import Simulation

GOAL = 0.05


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--step", type=int, default=10, help="every STEP-th district by code (10)")
    ap.add_argument("--residents", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    fw = load_framework()
    net = load_ripples(framework=fw)
    places = sorted(find_places(None), key=lambda p: p.code)[:: args.step]
    worst: list[float] = []
    worst_heads: list[float] = []
    for p in places:
        _, desc = scenario_town(f"place:{p.code}", fw)
        sim = Simulation.from_description(fw, net, desc, seed=args.seed, population=args.residents)
        card = start_scorecard(p, fw)
        run = sim.history[0].scores
        heads = {k: run[k] - card.headlines[i] for i, k in enumerate(fw.headline_ids)}
        doms = {k: run[k] - card.domains[i] for i, k in enumerate(fw.domain_ids)}
        off = sorted(doms.items(), key=lambda kv: -abs(kv[1]))[:3]
        worst.append(max(abs(v) for v in [*heads.values(), *doms.values()]))
        worst_heads.append(max(abs(v) for v in heads.values()))
        print(
            f"{p.code} {p.name[:20]:<20} "
            + " ".join(f"{k} {v:+.3f}" for k, v in heads.items())
            + " | "
            + " ".join(f"{k} {v:+.2f}" for k, v in off),
            flush=True,
        )
    within = sum(w <= GOAL for w in worst)
    heads_within = sum(w <= GOAL for w in worst_heads)
    print(
        f"\n{heads_within} of {len(worst)} districts start within {GOAL} of the listing on every "
        f"headline (largest difference: median {np.median(worst_heads):.3f}, "
        f"worst {max(worst_heads):.3f})"
    )
    print(
        f"{within} of {len(worst)} districts start within {GOAL} of the listing on every "
        f"headline and domain (largest difference: median {np.median(worst):.2f}, "
        f"worst {max(worst):.2f}): {'met' if within == len(worst) else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
