"""Bots that play the teams' part: for demonstrations, tests and planners' comparisons.

Each bot decides a round from what the teams can see: budgets, costs, scale ranges, who may
fund what, and what each intervention is expected to do in the long run. The long-run effect of
a push ``u`` on the network is ``(I - W)^-1 u`` (``W`` the delay-summed weights; the network
is checked to be stable, so the inverse exists): that is what a well-briefed team would expect.

- ``even``: every team spreads its budget evenly over the interventions it leads.
- ``silo``: every team funds only interventions it leads, best value for what it watches first.
- ``partnership``: teams pool money into the interventions that do most for all three
  headline elements per pound, each funding team paying its share (earning the bonus).
- ``greedy:<domain id>``: all money to the best-value interventions for one domain.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from model.engine import Game
from model.framework import Framework
from model.interventions import Intervention

__all__ = ["BOTS", "bot_decisions", "check_bot", "long_run_effects"]

FloatArray = npt.NDArray[np.float64]


def long_run_effects(game: Game) -> dict[str, FloatArray]:
    """Each intervention's long-run change to every node, per standard package."""
    fw = game.scenario.framework
    net = game.scenario.network
    total = np.array(net.weights_by_delay).sum(axis=0)
    response = np.linalg.inv(np.eye(len(fw.nodes)) - total)
    out = {}
    for item in game.scenario.interventions.interventions:
        push = np.zeros(len(fw.nodes))
        for effect in item.effects:
            # A gap node's rule already works on the group its gap is about, so aiming at
            # that group does not dilute it; anything else reaches only part of the town
            reach = 1.0 if fw.node(effect.node).headline == "equality" else _reach(item)
            push[fw.node_index[effect.node]] = effect.points * reach
        out[item.id] = response @ push
    return out


def _reach(item: Intervention) -> float:
    """The share of the town an intervention's target reaches (rough, for planning only)."""
    return {
        "everyone": 1.0,
        "most_deprived": 0.33,
        "low_income": 0.2,
        "children": 0.18,
        "young_people": 0.11,
        "older_people": 0.2,
        "minority": 0.1,
        "women": 0.5,
        "poor_health": 0.2,
        "out_of_work": 0.1,
    }[item.target]


def _value(game: Game, ids: set[str]) -> dict[str, float]:
    """Expected points on the given framework ids per pound, for every intervention."""
    fw = game.scenario.framework
    effects = long_run_effects(game)
    headline_of = {n.id: n.headline for n in fw.nodes}
    domain_of = {n.id: n.domain for n in fw.nodes}
    out = {}
    for item in game.scenario.interventions.interventions:
        change = effects[item.id]
        picked = [
            change[k]
            for k, node in enumerate(fw.node_ids)
            if node in ids or domain_of[node] in ids or headline_of[node] in ids
        ]
        out[item.id] = float(np.mean(picked)) / game.cost(item.id) if picked else 0.0
    return out


def _fill(game: Game, sector: str, ranked: list[str], budget: float) -> dict[str, float]:
    """Fund ``ranked`` interventions at the standard scale in turn, then scale up the best."""
    spend: dict[str, float] = {}
    left = budget
    for item_id in ranked:
        item = game.scenario.intervention(item_id)
        need = game.cost(item_id) * max(1.0, item.scale.min)
        if need <= left and sector in item.funders:
            spend[item_id] = need
            left -= need
    for item_id in list(spend):
        item = game.scenario.intervention(item_id)
        room = game.cost(item_id) * item.scale.max - spend[item_id]
        extra = min(room, left)
        spend[item_id] += extra
        left -= extra
    return spend


def even(game: Game) -> dict[str, dict[str, float]]:
    decisions: dict[str, dict[str, float]] = {}
    for sector, budget in game.budgets().items():
        own = [i for i in game.scenario.interventions.interventions if i.lead == sector]
        own.sort(key=lambda i: game.cost(i.id))
        while own:
            share = budget / len(own)
            if all(game.cost(i.id) * i.scale.min <= share for i in own):
                break
            own.pop()  # drop the dearest until every share can run
        decisions[sector] = {
            i.id: min(budget / len(own), game.cost(i.id) * i.scale.max) for i in own
        }
    return decisions


def silo(game: Game) -> dict[str, dict[str, float]]:
    decisions: dict[str, dict[str, float]] = {}
    for sector_record in game.scenario.interventions.sectors:
        if sector_record.id not in game.teams:
            continue
        value = _value(game, set(sector_record.watches))
        own = [
            i.id for i in game.scenario.interventions.interventions if i.lead == sector_record.id
        ]
        ranked = sorted((i for i in own if value[i] > 0), key=lambda i: -value[i])
        decisions[sector_record.id] = _fill(
            game, sector_record.id, ranked, game.budgets()[sector_record.id]
        )
    return decisions


def partnership(game: Game) -> dict[str, dict[str, float]]:
    fw = game.scenario.framework
    # A shared goal across all three headline elements: each one's value per pound is scaled
    # by the best on offer for it, so that no element is left behind
    value = {i: 0.0 for i in game.cost_table()}
    for headline in fw.headline_ids:
        per_pound = _value(game, {headline})
        best = max(per_pound.values())
        if best <= 0:
            continue
        for item_id, v in per_pound.items():
            value[item_id] += v / best
    budgets = dict(game.budgets())
    decisions: dict[str, dict[str, float]] = {s: {} for s in budgets}
    shared = [
        i
        for i in game.scenario.interventions.interventions
        if len([s for s in i.funders if s in budgets]) >= 2 and value[i.id] > 0
    ]
    for item in sorted(shared, key=lambda i: -value[i.id]):
        payers = [s for s in item.funders if s in budgets and budgets[s] > 0]
        if len(payers) < 2:
            continue
        need = game.cost(item.id) * max(1.0, item.scale.min)
        share = need / len(payers)
        if all(budgets[s] >= share for s in payers):
            for s in payers:
                decisions[s][item.id] = share
                budgets[s] -= share
    # Whatever is left goes to each team's best own interventions
    for sector, left in budgets.items():
        ranked = sorted(
            (
                i.id
                for i in game.scenario.interventions.interventions
                if sector in i.funders and value[i.id] > 0
            ),
            key=lambda i: -value[i],
        )
        for item_id in ranked:
            item = game.scenario.intervention(item_id)
            current = sum(d.get(item_id, 0.0) for d in decisions.values())
            room = game.cost(item_id) * item.scale.max - current
            if current == 0:
                need = game.cost(item_id) * item.scale.min
                if need > left:
                    continue
            extra = min(room, left)
            if extra > 0:
                decisions[sector][item_id] = decisions[sector].get(item_id, 0.0) + extra
                left -= extra
    return decisions


def check_bot(name: str, framework: Framework) -> None:
    """Raise one clear ``KeyError`` if ``name`` is no bot, naming the valid ones.

    >>> from model.loading import load_framework
    >>> check_bot("greedy:health", load_framework())
    >>> check_bot("greedy:nonsense", load_framework())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "greedy:nonsense: 'nonsense' is not a domain id. Domain ids: place_environment, ...
    """
    if name.startswith("greedy:"):
        target = name.partition(":")[2]
        fw = framework
        if target in fw.domain_ids or target in fw.headline_ids or target in fw.node_index:
            return
        raise KeyError(
            f"{name}: '{target}' is not a domain id. Domain ids: {', '.join(fw.domain_ids)} "
            f"(a headline id such as {fw.headline_ids[0]}, or a sub-domain id such as "
            f"{fw.node_ids[0]}, works too)"
        )
    if name not in BOTS:
        raise KeyError(f"unknown bot '{name}'; bots: even, silo, partnership, greedy:<domain id>")


def greedy(domain: str) -> Callable[[Game], dict[str, dict[str, float]]]:
    def play(game: Game) -> dict[str, dict[str, float]]:
        check_bot(f"greedy:{domain}", game.scenario.framework)
        value = _value(game, {domain})
        ranked = sorted((i for i in value if value[i] > 0), key=lambda i: -value[i])
        decisions: dict[str, dict[str, float]] = {}
        totals: dict[str, float] = {}
        for sector, budget in game.budgets().items():
            spend: dict[str, float] = {}
            left = budget
            for item_id in ranked:
                item = game.scenario.intervention(item_id)
                if sector not in item.funders:
                    continue
                room = game.cost(item_id) * item.scale.max - totals.get(item_id, 0.0)
                if totals.get(item_id, 0.0) == 0 and left < game.cost(item_id) * item.scale.min:
                    continue
                extra = min(room, left)
                if extra > 0:
                    spend[item_id] = extra
                    totals[item_id] = totals.get(item_id, 0.0) + extra
                    left -= extra
            decisions[sector] = spend
        return decisions

    return play


BOTS: dict[str, Callable[[Game], dict[str, dict[str, float]]]] = {
    "even": even,
    "silo": silo,
    "partnership": partnership,
}


def bot_decisions(name: str, game: Game) -> dict[str, dict[str, float]]:
    """The decisions of the named bot (``greedy:<domain id>`` included) for this round."""
    check_bot(name, game.scenario.framework)
    if name.startswith("greedy:"):
        return greedy(name.partition(":")[2])(game)
    return BOTS[name](game)
