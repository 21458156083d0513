"""How exactly the attribution adds up, what share of a change it names, and how fast it is.

    python benchmarks/attribution.py                        # brackenbury, 10,000, 5 seeds
    python benchmarks/attribution.py --residents 4000 --seeds 1 2 3

For each seed it plays a game (3 rounds of 2 years, the partnership bot), then traces every
node, domain and headline element over the whole game and over the last round
(model/attribution.py). It prints the largest gap between the parts' sum and the change
(should be at floating-point size), the median share of each change's size that named origins
(interventions, events, situations) account for against the town's own dynamics, and median
seconds per trace for a node and for a headline element, measured side by side in one run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.attribution import attribute_game
from model.bots import bot_decisions
from model.engine import Game, GameScenario
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_ripples,
    scenario_town,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--town", default="brackenbury")
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    args = parser.parse_args()
    fw = load_framework()
    network = load_ripples(framework=fw)
    _, town = scenario_town(args.town, fw)
    scenario = GameScenario(
        fw,
        network,
        town,
        load_interventions(framework=fw),
        load_events(framework=fw),
        args.residents,
    )
    worst = 0.0
    named: list[float] = []
    node_s: list[float] = []
    head_s: list[float] = []
    targets = [*fw.node_ids, *fw.domain_ids, *fw.headline_ids]
    for seed in args.seeds:
        game = Game(scenario, rounds=3, years_per_round=2, seed=seed)
        for _ in range(3):
            game.submit(bot_decisions("partnership", game))
        for target in targets:
            for span in ((1, 3), (3, 3)):
                started = time.perf_counter()
                result = attribute_game(game, target, *span)
                took = time.perf_counter() - started
                (head_s if target in fw.headline_ids else node_s).append(took)
                worst = max(worst, abs(result.total - result.change))
                size = sum(abs(c.points) for c in result.contributions)
                if size > 0:
                    outside = sum(
                        abs(c.points)
                        for c in result.contributions
                        if c.origin.kind in ("intervention", "event", "situation")
                    )
                    named.append(outside / size)
        print(f"seed {seed}: traced {len(targets)} scores over 2 spans", flush=True)
    print(f"largest |sum of parts - change|: {worst:.2e} points")
    print(f"median share of the parts named (decisions, events): {statistics.median(named):.0%}")
    node, head = statistics.median(node_s), statistics.median(head_s)
    print(f"median seconds a trace: node {node:.3f}, headline {head:.3f} (ratio {head / node:.1f})")


if __name__ == "__main__":
    main()
