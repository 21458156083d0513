"""How long the game's bands take (model/future_bands.py), beside what they follow.

For each town size: build a game (Brackenbury), play one round with the partnership bot, then,
several times over, time side by side the point-estimate preview of the bot's next plan (the
round's kept work already done), the preview's band of 8 futures, and the point estimate again
(so that the band is seen not to slow the point estimate). Then play the game out (4 rounds of
2 years) and time side by side the debrief alone and the played game's band (8 replays of the
whole game on a twin of 10,000 residents, what the debrief's "beyond chance" costs). Prints the
medians and the ratios of neighbours in time (the machine is shared: timings are noisy).

Goal (issue 14 item 7): the debrief of a 100,000-resident town no more than a few seconds extra.

    python benchmarks/band_speed.py                  # 25,000 and 100,000 residents
    python benchmarks/band_speed.py --sizes 100000 --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.bots import partnership
from model.debrief import debrief
from model.engine import Game, GameScenario
from model.future_bands import played_band, preview_band
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_ripples,
    scenario_town,
)


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def measure(residents: int, repeats: int) -> None:
    fw = load_framework()
    _, town = scenario_town("brackenbury", fw)
    scenario = GameScenario(
        fw,
        load_ripples(framework=fw),
        town,
        load_interventions(framework=fw),
        load_events(framework=fw),
        residents,
    )
    game = Game(scenario, rounds=4, years_per_round=2, seed=3)
    game.submit(partnership(game))
    plan = partnership(game)
    game.preview(plan)  # the round's kept work, once
    point, band, after = [], [], []
    for _ in range(repeats):
        point.append(_timed(lambda: game.preview(plan)))
        band.append(_timed(lambda: preview_band(game, plan)))
        after.append(_timed(lambda: game.preview(plan)))
    print(
        f"{residents:>7,} residents  preview: point {statistics.median(point):.3f} s, "
        f"band of 8 futures {statistics.median(band):.2f} s "
        f"(x{statistics.median(b / p for b, p in zip(band, point, strict=True)):.0f} the point), "
        f"point after the band {statistics.median(after):.3f} s"
    )
    while not game.over:
        game.submit(partnership(game))
    alone, chance = [], []
    for _ in range(repeats):
        alone.append(_timed(lambda: debrief(game)))
        chance.append(_timed(lambda: debrief(game, played_band(game))))
    extra = [c - a for c, a in zip(chance, alone, strict=True)]
    print(
        f"{residents:>7,} residents  debrief of {game.year} years: alone "
        f"{statistics.median(alone):.3f} s, with beyond chance {statistics.median(chance):.2f} s "
        f"(+{statistics.median(extra):.2f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for residents in args.sizes:
        measure(residents, args.repeats)


if __name__ == "__main__":
    main()
