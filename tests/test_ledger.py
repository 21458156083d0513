"""The ledger for future generations (model/ledger.py) on the real game, over several seeds."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from conftest import game_scenario

from game.ledger_view import ledger_sentences
from model.attribution import target_weights
from model.bots import bot_decisions
from model.engine import Game
from model.ledger import BUDGET_CUT, CO2, ledger


@pytest.fixture(scope="module")
def scenario(shipped_framework, shipped_network):  # type: ignore[no-untyped-def]
    return game_scenario(shipped_framework, shipped_network, residents=2000)


def _game(scenario: Any, seed: int, rounds: int, bot: str | None = "partnership") -> Game:
    game = Game(scenario, rounds=rounds + 1, years_per_round=2, seed=seed)
    for _ in range(rounds):
        game.submit(bot_decisions(bot, game) if bot else {})
    return game


@pytest.mark.parametrize("seed", [2, 7])
def test_co2_against_the_budget_and_the_ripples_still_to_arrive(scenario: Any, seed: int) -> None:
    game = _game(scenario, seed, rounds=2)
    book = ledger(game)
    history = game.history
    assert book.co2_emitted == pytest.approx(sum(r.values[CO2] * r.residents for r in history[1:]))
    start = history[0].values[CO2] * history[0].residents
    path = [start * (1 - BUDGET_CUT) ** t for t in range(1, game.year + 1)]
    assert book.co2_budget == pytest.approx(sum(path))
    assert book.over_budget == pytest.approx(book.co2_emitted - book.co2_budget)
    # the ripples due next year are what the links with a delay pass on next year (to within
    # the scale's edges on place nodes: model/attribution.py)
    due = {c.year: c.points for c in book.ripples}
    game.submit({})
    net, fw = game.scenario.network, game.scenario.framework
    year = book.year + 1
    arrived = np.zeros(len(fw.nodes))
    played, base = game.history[year], game.baseline_history[year]
    for link in net.links:
        if link.delay >= 1:
            change = played.contributions[link.index] - base.contributions[link.index]
            arrived[fw.node_index[link.target]] += change
    for h in fw.headline_ids:
        expected = float(target_weights(fw, h) @ arrived)
        got = due.get(year, {}).get(h, 0.0) if due.get(year) else 0.0
        assert got == pytest.approx(expected, abs=2e-3 if year in due else 0.005)
    assert all(c.year > book.year for c in (*book.pipeline, *book.ripples))


def test_upkeep_pipeline_and_gaps(scenario: Any) -> None:
    game = _game(scenario, 4, rounds=2)
    book = ledger(game)
    working = [p for p in game.pipeline() if p.status in ("working", "fading")]
    assert {u.name for u in book.upkeep} == {p.name for p in working}
    last = game.reports[-1].decisions
    for u in book.upkeep:
        item = next(p for p in working if p.name == u.name)
        paid = sum(d.get(item.intervention, 0.0) for d in last.values())
        assert paid == 0 or u.pounds_a_year == pytest.approx(paid)
        assert u.gone_by > u.holds_until >= game.year
    building = [p for p in game.pipeline() if p.felt_from is not None]
    for item in building:
        assert any(c.year == item.felt_from and item.name in c.text for c in book.pipeline)
    assert book.gaps[0].name == "Children's education"
    words = ledger_sentences(book)
    assert list(words) == [
        "CO2 against the town's budget",
        "Still in the pipeline",
        "Upkeep the interventions need",
        "Left to the next generation",
    ]
    assert "assumed rate" in " ".join(words["CO2 against the town's budget"])
    from game.debrief_doc import blocks, to_markdown
    from model.debrief import debrief

    fw = game.scenario.framework
    text = to_markdown(blocks(debrief(game), fw, "brackenbury", {}, None, None, words))
    assert (
        "## A ledger for future generations" in text and "### Upkeep the interventions need" in text
    )


def test_doing_nothing_commits_nothing(scenario: Any) -> None:
    game = _game(scenario, 3, rounds=1, bot=None)
    book = ledger(game)
    assert book.pipeline == () and book.ripples == () and book.upkeep == ()
    assert book.co2_emitted == pytest.approx(book.co2_baseline)
    words = ledger_sentences(book)
    assert words["Still in the pipeline"] == ["Nothing committed yet."]
