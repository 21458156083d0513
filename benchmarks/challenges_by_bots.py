"""How hard is each shipped challenge? Play each with the bots over two seeds and judge it.

    PYTHONPATH=. python benchmarks/challenges_by_bots.py partnership even greedy:health

A trainer's challenge should be within reach of a thoughtful team but not of a team that
spreads its money evenly: this prints each goal's change per bot and seed (4,000 residents,
so the numbers are noisier than a workshop's 10,000), to set ``at_least`` by.
"""

from __future__ import annotations

import sys

from model.bots import bot_decisions
from model.challenges import judge, shipped_challenges
from model.engine import Game, GameScenario
from model.loading import (
    load_events,
    load_framework,
    load_interventions,
    load_ripples,
    scenario_town,
)


def main(bots: list[str]) -> None:
    fw = load_framework()
    net = load_ripples(framework=fw)
    inter, events = load_interventions(framework=fw), load_events(framework=fw)
    for _, challenge in shipped_challenges(fw):
        _, town = scenario_town(challenge.town, fw)
        scenario = GameScenario(fw, net, town, inter, events, residents=4000)
        for bot in bots:
            for seed in (1, 2):
                game = Game(
                    scenario,
                    rounds=challenge.rounds,
                    years_per_round=challenge.years_per_round,
                    seed=seed,
                    teams=challenge.teams,
                )
                for _ in range(challenge.rounds):
                    game.submit(bot_decisions(bot, game))
                verdict = judge(challenge, game)
                goals = ", ".join(f"{r.goal.score} {r.change:+.2f}" for r in verdict.results)
                met = "met" if verdict.met else "not met"
                print(f"{challenge.id:24} {bot:22} seed {seed}: {met:8} {goals}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or ["partnership", "even"])
