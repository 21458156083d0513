"""Attribution across rounds (model/attribution.py): hand-computed networks with delays, loops,
same-year links and the 0-10 limits, then the real game over several seeds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pytest
from conftest import game_scenario, tiny_network

from model.attribution import (
    Attribution,
    Origin,
    Towns,
    attribute,
    attribute_game,
)
from model.network import RippleNetwork

Pushes = Mapping[str, Mapping[str, float]]


def _towns(net: RippleNetwork, years: int, pushes: Sequence[Pushes], base: float = 5.0) -> Towns:
    """A played network (year ``t`` pushed by ``pushes[t - 1]``, each a source's points on
    nodes) beside the same network left alone: the records the attribution reads."""
    fw = net.framework
    n = len(fw.nodes)
    played, left = net.start(np.full(n, base)), net.start(np.full(n, base))
    delta = np.zeros((years + 1, n))
    contrib = np.zeros((years + 1, len(net.links)))
    by_source: dict[str, np.ndarray] = {}
    for t in range(1, years + 1):
        u = np.zeros(n)
        year = pushes[t - 1] if t - 1 < len(pushes) else {}
        for source, on in year.items():
            arr = by_source.setdefault(source, np.zeros((years + 1, n)))
            for node, points in on.items():
                u[fw.node_index[node]] += points
                arr[t, fw.node_index[node]] += points
        played, rec = net.step(played, u)
        left, rec0 = net.step(left, None)
        delta[t] = rec.scores - rec0.scores
        contrib[t] = rec.contributions - rec0.contributions
    return Towns(fw, net, delta, by_source, contrib, {})


def _names(key: str, year: int) -> list[tuple[Origin, float]]:
    ident = key.partition(":")[2]
    return [(Origin("intervention", ident, ident.upper(), "team", 1), 1.0)]


def _part(result: Attribution, kind: str, key: str) -> float:
    return float(
        sum(c.points for c in result.contributions if (c.origin.kind, c.origin.key) == (kind, key))
    )


def test_a_chain_with_delays_reaches_back_to_its_push() -> None:
    # a -> b (0.5, 1 y) -> c (0.4, 2 y), a pushed +1 every year: b = 0.5 from year 2, c = 0.2
    # from year 4
    net = tiny_network(["a", "b", "c"], [("a", "b", 0.5, 1), ("b", "c", 0.4, 2)])
    towns = _towns(net, 5, [{"intervention:x": {"a": 1.0}}] * 5)
    result = attribute(towns, "c", 0, 5, _names)
    assert result.change == pytest.approx(0.2)
    (only,) = result.contributions
    assert only.origin.key == "x" and only.points == pytest.approx(0.2)
    route = only.routes[0]
    assert route.nodes == ("a", "b", "c") and route.delays == (1, 2)
    assert route.points == pytest.approx(0.2)
    # before the second link's delay has passed, nothing has reached c
    assert attribute(towns, "c", 0, 3, _names).change == pytest.approx(0.0)


def test_a_loop_with_delays_and_a_span_of_years() -> None:
    # a -> b (0.5, 1 y), b -> a (0.4, 1 y); a pushed +1 in year 1 only:
    # a(1) = 1, b(2) = 0.5, a(3) = 0.2, b(4) = 0.1, a(5) = 0.04
    net = tiny_network(["a", "b"], [("a", "b", 0.5, 1), ("b", "a", 0.4, 1)])
    towns = _towns(net, 5, [{"intervention:x": {"a": 1.0}}])
    whole = attribute(towns, "a", 0, 5, _names)
    assert whole.change == pytest.approx(0.04)
    (only,) = whole.contributions
    assert only.routes[0].nodes == ("a", "b", "a", "b", "a")
    assert only.routes[0].points == pytest.approx(0.04)
    # from the end of year 3 to the end of year 5: 0.04 - 0.2, all of it the same push's
    span = attribute(towns, "a", 3, 5, _names)
    assert span.change == pytest.approx(-0.16)
    assert span.total == pytest.approx(-0.16)
    assert span.contributions[0].points == pytest.approx(-0.16)


def test_same_year_and_delayed_links_split_between_two_origins() -> None:
    # x pushes a +1 and y pushes b +2 every year; a -> c (0.5, same year), b -> c (0.3, 1 y):
    # c = 0.5 from x and 0.6 from y once a year has passed
    net = tiny_network(["a", "b", "c"], [("a", "c", 0.5, 0), ("b", "c", 0.3, 1)])
    towns = _towns(net, 3, [{"intervention:x": {"a": 1.0}, "intervention:y": {"b": 2.0}}] * 3)
    result = attribute(towns, "c", 0, 3, _names)
    assert result.change == pytest.approx(1.1)
    assert _part(result, "intervention", "x") == pytest.approx(0.5)
    assert _part(result, "intervention", "y") == pytest.approx(0.6)
    assert [c.shown for c in result.contributions] == [0.6, 0.5]
    # in year 1 only the same-year link has carried anything
    first = attribute(towns, "c", 0, 1, _names)
    assert first.change == pytest.approx(0.5) and _part(first, "intervention", "y") == 0.0


def test_the_limits_are_an_explicit_part_that_ripples_on() -> None:
    # a starts at 9.8 and is pushed +0.5: bound keeps it at 10, so its change is 0.2, of
    # which the push is +0.5 and the limits -0.3; a -> e (0.5, 1 y) passes on 0.1
    net = tiny_network(["a", "e"], [("a", "e", 0.5, 1)])
    fw = net.framework
    n = len(fw.nodes)
    base = np.array([9.8, 5.0])
    played, left = net.start(base), net.start(base)
    delta, contrib = np.zeros((3, n)), np.zeros((3, 1))
    push = np.zeros((3, n))
    for t in (1, 2):
        u = np.array([0.5, 0.0])
        push[t] = u
        played, rec = net.step(played, u)
        left, rec0 = net.step(left, None)
        delta[t], contrib[t] = rec.scores - rec0.scores, rec.contributions - rec0.contributions
    towns = Towns(fw, net, delta, {"intervention:x": push}, contrib, {})
    at_a = attribute(towns, "a", 0, 2, _names)
    assert at_a.change == pytest.approx(0.2)
    assert _part(at_a, "intervention", "x") == pytest.approx(0.5)
    assert _part(at_a, "own", "a") == pytest.approx(-0.3)
    at_d = attribute(towns, "e", 0, 2, _names)
    assert at_d.change == pytest.approx(0.1)
    assert _part(at_d, "intervention", "x") == pytest.approx(0.25)
    assert _part(at_d, "own", "a") == pytest.approx(-0.15)


def test_routes_shown_and_the_rest_add_up_to_each_origins_total() -> None:
    net = tiny_network(
        ["a", "b", "c", "e"],
        [
            ("a", "b", 0.5, 1),
            ("b", "c", 0.4, 0),
            ("a", "c", 0.2, 2),
            ("c", "e", 0.6, 1),
            ("e", "a", 0.3, 1),
            ("b", "e", -0.2, 1),
        ],
    )
    rng = np.random.default_rng(4)
    pushes = [
        {"intervention:x": {"a": float(rng.normal())}, "intervention:y": {"c": float(rng.normal())}}
        for _ in range(6)
    ]
    towns = _towns(net, 8, pushes)
    for node in "abce":
        for start, end in ((0, 8), (2, 8), (3, 5)):
            result = attribute(towns, node, start, end, _names)
            assert result.total == pytest.approx(result.change, abs=1e-12)
            assert sum(c.shown for c in result.contributions) == pytest.approx(
                round(result.change, 2), abs=1e-9
            )
            for c in result.contributions:
                assert abs(c.routes[0].points) >= abs(c.routes[-1].points)
                assert c.other_routes + sum(r.points for r in c.routes) == pytest.approx(c.points)


# -- the real game -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def games(shipped_framework, shipped_network):  # type: ignore[no-untyped-def]
    from model.bots import bot_decisions
    from model.engine import Game

    scenario = game_scenario(shipped_framework, shipped_network, residents=2000)
    out = []
    for seed in (2, 5, 11):
        game = Game(scenario, rounds=3, years_per_round=2, seed=seed)
        for _ in range(3):
            game.submit(bot_decisions("partnership", game))
        out.append(game)
    return out


TARGETS = ("mental_health", "unemployment", "housing", "health", "equality", "sustainability")


def test_the_parts_add_up_to_the_change_against_doing_nothing(games) -> None:  # type: ignore[no-untyped-def]
    for game in games:
        for target in TARGETS:
            for span in ((1, 3), (2, 3), (1, 1), (3, 3)):
                result = attribute_game(game, target, *span)
                end = game.reports[span[1] - 1].last_year
                start = game.reports[span[0] - 1].first_year - 1
                shown = game.history[end].scores[target] - game.baseline_history[end].scores[target]
                before = (
                    game.history[start].scores[target] - game.baseline_history[start].scores[target]
                )
                assert result.change == pytest.approx(shown - before, abs=1e-12)
                assert result.total == pytest.approx(result.change, abs=1e-9)
                assert sum(c.shown for c in result.contributions) == pytest.approx(
                    round(result.change, 2), abs=1e-9
                )


def test_mental_health_reaches_back_to_an_earlier_rounds_intervention(games) -> None:  # type: ignore[no-untyped-def]
    for game in games:
        result = attribute_game(game, "mental_health")
        long_routes = [
            (c.origin, r)
            for c in result.contributions
            if c.origin.kind == "intervention" and c.origin.round < 3
            for r in c.routes
            if r.hops >= 2 and abs(r.points) >= 1e-4
        ]
        assert long_routes, "no route of two or more links back to an earlier round"
        names = {i.name for i in game.scenario.interventions.interventions}
        teams = {s.name for s in game.scenario.interventions.sectors}
        for origin, route in long_routes:
            assert origin.label in names and origin.team in teams
            assert route.nodes[-1] == "mental_health"


def test_nothing_is_credited_to_money_not_yet_paid(games) -> None:  # type: ignore[no-untyped-def]
    for game in games:
        first = attribute_game(game, "local_conditions", 1, 1)
        assert all(
            c.origin.round == 1 for c in first.contributions if c.origin.kind == "intervention"
        )
        later = attribute_game(game, "local_conditions", 1, 3)
        assert {c.origin.round for c in later.contributions if c.origin.kind == "intervention"} <= {
            1,
            2,
            3,
        }


def test_a_game_doing_nothing_credits_no_intervention(shipped_framework, shipped_network) -> None:  # type: ignore[no-untyped-def]
    from model.engine import Game

    scenario = game_scenario(shipped_framework, shipped_network, residents=2000)
    game = Game(scenario, rounds=2, years_per_round=2, seed=3)
    game.submit({})
    game.submit({})
    result = attribute_game(game, "mental_health")
    assert result.change == pytest.approx(0.0, abs=1e-12)
    assert not [c for c in result.contributions if c.origin.kind == "intervention"]


def test_the_debrief_traces_every_headline_and_splits_the_decisions_by_team(games) -> None:  # type: ignore[no-untyped-def]
    from game.debrief_doc import blocks, to_markdown
    from model.debrief import debrief
    from model.debrief_trace import trace_game

    for game in games:
        traced = trace_game(game)
        fw = game.scenario.framework
        for h in fw.headline_ids:
            change = game.history[-1].scores[h] - game.baseline_history[-1].scores[h]
            assert traced.headlines[h].change == pytest.approx(change, abs=1e-12)
            assert sum(traced.by_kind[h].values()) == pytest.approx(change, abs=1e-9)
            teams = sum(points[h] for points in traced.by_team.values())
            assert teams == pytest.approx(traced.by_kind[h]["intervention"], abs=1e-9)
        text = to_markdown(blocks(debrief(game), fw, "brackenbury", {}, None, traced))
        assert "## Why it changed, traced back" in text
        assert "What each team's money did" in text
        for team in traced.by_team:
            assert f"| {team} |" in text
