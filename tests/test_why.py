""" "Why did this change?": a node's change against doing nothing, split into parts that add up.

The parts are tested on the engine over several towns, seeds and rounds: they must add up to
the number shown beside every node; on place nodes (whose rule is push plus link contributions)
the rest must be nil except at the 0-10 limits; an intervention's part must be its own push;
events that hit both towns must cancel; one intervention state is told the same way everywhere.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from conftest import game_scenario
from hypothesis import example, given
from hypothesis import strategies as st

from model.bots import partnership
from model.engine import Game, GameScenario
from model.framework import Framework
from model.network import RippleNetwork
from model.scoring import indicator_scores
from model.why import rounded_parts


def shipped_game(fw: Framework, net: RippleNetwork, town_ref: str, seed: int) -> Game:
    return Game(game_scenario(fw, net, town_ref), rounds=3, years_per_round=2, seed=seed)


@pytest.fixture(scope="module")
def small(small_scenario: GameScenario) -> Game:
    return Game(small_scenario, rounds=4, years_per_round=2, seed=5)


def at_limit(game: Game, node_id: str, year: int) -> bool:
    """Whether any of the node's indicator scores sits at 0 or 10 in either town, or the
    node's score does in any neighbourhood (the network bounds each neighbourhood's score:
    a node starting near 0, such as Oldham's safety, meets the bound in its poorest
    neighbourhoods while the town's score stays above it). The neighbourhoods' scores are read
    from the network's memory of recent years (a test's look inside, nothing the game shows)."""
    fw = game.scenario.framework
    for history in (game.history, game.baseline_history):
        values = history[year].values
        scores = indicator_scores(fw, np.array([values[i.id] for i in fw.indicators]))
        for ind in fw.node(node_id).indicators:
            if not 1e-6 < scores[fw.indicator_index[ind.id]] < 10 - 1e-6:
                return True
    k = fw.node_ids.index(node_id)
    for branch in (game._played, game._baseline):
        state = branch.sim._state
        back = state.year - year  # the network's memory holds the latest year first
        if 0 <= back < state.history.shape[0]:
            local = state.base[:, k] + state.history[back][:, k]
            if np.any(local <= 1e-9) or np.any(local >= 10 - 1e-9):
                return True
    return False


@pytest.mark.parametrize(("town", "seed"), [("hastings", 1), ("oldham", 2), ("brackenbury", 3)])
def test_the_parts_add_up_to_the_change_shown_on_every_node(
    shipped_framework: Framework, shipped_network: RippleNetwork, town: str, seed: int
) -> None:
    game = shipped_game(shipped_framework, shipped_network, town, seed)
    place_rests = []
    for _ in range(3):
        game.submit(partnership(game))
        for year in range(game.year - 1, game.year + 1):
            for node in shipped_framework.node_ids:
                why = game.explain(node, year)
                played = game.history[year].scores[node]
                base = game.baseline_history[year].scores[node]
                assert why.change == pytest.approx(played - base, abs=1e-12)
                assert sum(p.points for p in why.parts) == pytest.approx(why.change, abs=1e-9)
                # what the panel shows adds up exactly, to 2 decimals, even when shortened
                assert round(sum(p.shown for p in why.parts), 2) == why.shown_change
                assert round(sum(p.shown for p in why.top(4)), 2) == why.shown_change
                if why.node_kind == "place" and not at_limit(game, node, year):
                    place_rests.append((node, year, why.rest.points))
    assert place_rests, "some place node should be away from the limits"
    assert max(abs(r) for *_, r in place_rests) < 0.01, place_rests


def test_a_funded_interventions_part_is_its_own_push(small: Game) -> None:
    game = copy.deepcopy(small)
    cost = game.cost("park")
    game.submit({"council": {"park": 1.5 * cost}})
    why = game.explain("ecosystem_health")
    assert all(p.kind != "intervention" for p in why.parts)  # being built: nothing yet
    game.submit({"council": {"park": 1.5 * cost}})  # year 3: the first year's funding is felt
    why = game.explain("ecosystem_health")
    (part,) = [p for p in why.parts if p.kind == "intervention"]
    assert part.key == "park" and part.label == game.scenario.intervention("park").name
    assert part.points == pytest.approx(1.0 * 1.5)  # one point a package, at scale 1.5
    state = game.intervention_state("park")
    assert state is not None and state.strength == pytest.approx(1.5)


def test_a_people_node_names_the_intervention_pushing_it(
    shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    """The newcomer's complaint: Adult education up while Apprenticeship levy pooling was
    funded, and the panel said "Nothing reached it"."""
    game = shipped_game(shipped_framework, shipped_network, "hastings", 4)
    cost = game.cost("apprenticeship_levy_pooling")
    item = game.scenario.intervention("apprenticeship_levy_pooling")
    funder = item.funders[0]
    for _ in range(2):
        game.submit({funder: {"apprenticeship_levy_pooling": cost}})
    why = game.explain("adult_education")
    named = {p.key: p for p in why.parts if p.kind == "intervention"}
    assert "apprenticeship_levy_pooling" in named
    assert named["apprenticeship_levy_pooling"].points > 0.0
    assert named["apprenticeship_levy_pooling"].label == item.name


def test_events_in_both_towns_cancel_and_are_named_apart(small: Game) -> None:
    for seed in range(20, 40):
        game = Game(small.scenario, rounds=4, years_per_round=2, seed=seed)
        storms = [e for e in game.pending_events if e.event == "storm"]
        if storms:
            break
    else:
        pytest.skip("no storm in 20 seeds")
    game.submit({"council": {"grants": game.cost("grants")}})  # the towns now differ
    why = game.explain("housing", storms[0].year)
    assert "Storm" in why.in_both
    assert all(p.kind != "event" for p in why.parts)
    assert sum(p.points for p in why.parts) == pytest.approx(why.change, abs=1e-12)


def test_explain_rejects_a_year_not_simulated(small: Game) -> None:
    with pytest.raises(ValueError, match="not been simulated"):
        small.explain("housing", 3)


@given(st.lists(st.floats(-3, 3), min_size=1, max_size=12))
@example([0.015])  # stored a hair below 0.015: shown as 0.01
def test_rounded_parts_add_up_to_the_rounded_total(values: list[float]) -> None:
    total = sum(values)
    shown = rounded_parts(values, total)
    assert round(sum(shown), 2) == round(total, 2)
    assert all(abs(s - v) < 0.01 + 1e-9 for s, v in zip(shown, values, strict=True))


# -- one intervention state, told the same way everywhere ----------------------------------------


def test_an_interventions_state_through_its_life(small: Game) -> None:
    game = copy.deepcopy(small)
    cost = game.cost("park")  # builds in 2 years, lasts 5 unfunded, fades over 2
    game.submit({"council": {"park": cost}})  # years 1-2
    state = game.intervention_state("park")
    assert state is not None
    assert (state.status, state.felt_from, state.first_felt) == ("building", 3, None)
    assert state.short() == "building: from year 3"
    game.submit({"council": {"park": cost}})  # years 3-4: felt, and more being built
    state = game.intervention_state("park")
    assert state is not None
    assert (state.status, state.felt_from, state.first_felt) == ("working", 5, 3)
    assert "from year 5" in state.describe()
    assert game.unfelt_spending("park") == (pytest.approx(2 * cost), 5, 6)
    game.submit({})  # years 5-6: the last funding comes through
    state = game.intervention_state("park")
    assert state is not None
    assert (state.status, state.felt_from, state.lasts_until) == ("working", None, 11)
    assert game.unfelt_spending("park") == (0.0, None, None)
    game.submit({})  # years 7-8: still within its five years
    state = game.intervention_state("park")
    assert state is not None and state.status == "working"
    # every view of the game reads this one state
    (item,) = [p for p in game.pipeline() if p.intervention == "park"]
    assert item == state
    assert game.reports[-1].pipeline == game.pipeline()
    assert game.intervention_state("clinic") is None  # never funded
