"""How fast the plan screen's preview is, and how close its twin's forecast is to the whole town.

Speed: for each town size, build a game (Brackenbury), play one round with the partnership
bot, then time ``Game.preview`` of the bot's next plan for 6 and 10 years: first once with the
round's baseline and twin still to work out (the first preview of a round: "first"), then
several times with them kept, each between two timings of one simulated year of the whole town
under the same plan, so that each ratio compares neighbours in time on a shared machine.
Prints the median and worst preview, the first, the median full-town year and the median
ratio; then the round's kept work done ahead (``Game.prepare_preview``, which the window runs
in the background as a round begins) and the first preview after it (medians of three).
Goals (issue 11): 10 years at 100,000 residents in at most 100 ms median on a quiet machine,
and at most 4 x one full-town year.

"first" includes the round's kept work: the whole town's years doing nothing and the
baseline's (ten full-town years each), the twin drawn and its years doing nothing.

Error: for several towns, seeds and plans, the forecast the preview shows (each headline
element of the plan against doing nothing, year by year) on the twin against the same forecast
on the whole town (``twin=False``): for each case the mean absolute difference over the years
and headline elements (goal: at most 0.1 points in every case) and the largest single one; then
the mean and worst over the cases.

    python benchmarks/preview_speed.py                     # speed at 20k, 60k, 100k; error
    python benchmarks/preview_speed.py --sizes 100000 --no-error
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from model.bots import even, greedy, partnership
from model.engine import Game, GameScenario
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_ripples,
    scenario_town,
)


def scenario(town_ref: str, residents: int) -> GameScenario:
    fw = load_framework()
    _, town = scenario_town(town_ref, fw)
    return GameScenario(
        fw,
        load_ripples(framework=fw),
        town,
        load_interventions(framework=fw),
        load_events(framework=fw),
        residents=residents,
    )


def full_year(game: Game, plan: dict[str, dict[str, float]]) -> float:
    """Seconds for one simulated year of the whole town under ``plan`` (on a copy)."""
    trial = game._trial(1.0, with_baseline=False)
    allocations = game.check(plan)
    start = time.perf_counter()
    trial._play_years(game.year + 1, 1, allocations, game.pending_events, with_baseline=False)
    return time.perf_counter() - start


def speed(size: int, repeats: int) -> None:
    """Previews and full-town years timed in turn, so each ratio is of neighbours in time."""
    game = Game(scenario("brackenbury", size), rounds=6, years_per_round=2, seed=1)
    game.submit(partnership(game))
    plan = partnership(game)
    for years in (6, 10):
        game._preview_kept.clear()
        start = time.perf_counter()
        game.preview(plan, years=years)
        first = time.perf_counter() - start
        times, ratios, year_times = [], [], []
        for _ in range(repeats):
            before = full_year(game, plan)
            start = time.perf_counter()
            game.preview(plan, years=years)
            took = time.perf_counter() - start
            after = full_year(game, plan)
            times.append(took)
            year_times += [before, after]
            ratios.append(took / ((before + after) / 2))
        aheads, prepared_firsts = [], []
        for _ in range(3):
            game._preview_kept.clear()
            start = time.perf_counter()
            game.prepare_preview(years=years)
            aheads.append(time.perf_counter() - start)
            start = time.perf_counter()
            game.preview(plan, years=years)
            prepared_firsts.append(time.perf_counter() - start)
        ahead, prepared = statistics.median(aheads), statistics.median(prepared_firsts)
        print(
            f"{size:>9,} {years:>5} {statistics.median(times) * 1000:>10.0f} "
            f"{max(times) * 1000:>9.0f} {first * 1000:>11.0f} "
            f"{statistics.median(year_times) * 1000:>9.1f} {statistics.median(ratios):>7.1f} "
            f"{ahead * 1000:>8.0f} {prepared * 1000:>14.0f}"
        )


def error(towns: list[str], seeds: list[int], residents: int) -> None:
    plans = {"partnership": partnership, "even": even, "greedy:health": greedy("health")}
    diffs, largest = [], []
    print(
        f"\nTwin forecast error at {residents:,} residents, 10 years "
        "(mean and largest |twin - whole| over years and headline elements):"
    )
    for town in towns:
        sc = scenario(town, residents)
        for seed in seeds:
            game = Game(sc, rounds=6, years_per_round=2, seed=seed)
            game.submit(partnership(game))
            for name, bot in plans.items():
                plan = bot(game)
                fw = game.scenario.framework
                forecasts = []
                for twin in (True, False):
                    p = game.preview(plan, years=10, twin=twin)
                    forecasts.append(
                        np.array(
                            [
                                [y.scores[h] - b.scores[h] for h in fw.headline_ids]
                                for y, b in zip(p.years, p.baseline_years, strict=True)
                            ]
                        )
                    )
                gap = np.abs(forecasts[0] - forecasts[1])
                diffs.append(float(np.mean(gap)))
                largest.append(float(np.max(gap)))
                print(f"  {town:<14} seed {seed}  {name:<14} {diffs[-1]:.3f}  {largest[-1]:.2f}")
    over = sum(d > 0.1 for d in diffs)
    print(
        f"mean {statistics.mean(diffs):.3f}, worst case {max(diffs):.3f} over {len(diffs)} cases "
        f"({over} above 0.1); largest single difference {max(largest):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[20_000, 60_000, 100_000])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-error", action="store_true")
    parser.add_argument("--towns", nargs="*", default=["hastings", "oldham", "brackenbury"])
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3, 4, 5])
    parser.add_argument("--error-residents", type=int, default=100_000)
    args = parser.parse_args()
    print(
        f"{'residents':>9} {'years':>5} {'median ms':>10} {'worst ms':>9} "
        f"{'first ms':>11} {'1 year ms':>9} {'ratio':>7} {'ahead ms':>8} {'first after ms':>14}"
    )
    for size in args.sizes:
        speed(size, args.repeats)
    if not args.no_error:
        error(args.towns, args.seeds, args.error_residents)


if __name__ == "__main__":
    main()
