"""Compare the bots on a town over several seeds: final headline scores against doing nothing.

    python benchmarks/bots_compare.py                       # default town, 5 seeds
    python benchmarks/bots_compare.py --residents 60000 --seeds 1 2 3 4 5

For each bot and seed it plays a whole game (5 rounds of 2 years by default) and prints the
change of each headline element at the end against the do-nothing baseline (same seed, same
events), then the mean over seeds. The issue's check: ``partnership`` ends ahead of the
baseline on all three on average; ``greedy:<domain>`` shows a trade-off elsewhere.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.bots import bot_decisions
from model.engine import Game, GameScenario
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_ripples,
    load_town,
    town_path,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--town", default="brackenbury")
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--years-per-round", type=int, default=2)
    parser.add_argument(
        "--bots",
        nargs="+",
        default=["even", "silo", "partnership", "greedy:work_economy", "greedy:sustainability"],
    )
    args = parser.parse_args()
    fw = load_framework()
    scenario = GameScenario(
        fw,
        load_ripples(framework=fw),
        load_town(town_path(args.town), fw),
        load_interventions(framework=fw),
        load_events(framework=fw),
        args.residents,
    )
    print(
        f"{args.town}, {args.residents:,} residents, {args.rounds} rounds of "
        f"{args.years_per_round} years; change against doing nothing at the end"
    )
    header = "".join(f"{name[:16]:>18}" for name in fw.headline_names)
    print(f"{'bot':<24}{'seed':>5}{header}")
    for bot in args.bots:
        finals: list[list[float]] = []
        for seed in args.seeds:
            game = Game(
                scenario, rounds=args.rounds, years_per_round=args.years_per_round, seed=seed
            )
            for _ in range(args.rounds):
                game.submit(bot_decisions(bot, game))
            delta = game.reports[-1].headline_vs_baseline(fw)
            finals.append([delta[h] for h in fw.headline_ids])
            print(f"{bot:<24}{seed:>5}" + "".join(f"{d:>+18.3f}" for d in finals[-1]))
        means = [statistics.mean(col) for col in zip(*finals, strict=True)]
        print(f"{bot + ' (mean)':<24}{'':>5}" + "".join(f"{m:>+18.3f}" for m in means))


if __name__ == "__main__":
    main()
