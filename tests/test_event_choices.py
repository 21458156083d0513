"""The facilitator's events (issue 16): ``Game.choose_events`` vetoes drawn events and injects
others before a round, the round plays what was chosen, undo gives the choice back, and a save
keeps it so that loading replays the game exactly. A save with no choice is written as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model.engine import Game, GameScenario
from model.errors import ScenarioError
from model.saves import fingerprint, load_game, save_game


@pytest.mark.parametrize("seed", [3, 8])
def test_chosen_events_are_played_undone_and_replayed(
    small_scenario: GameScenario, tmp_path: Path, seed: int
) -> None:
    game = Game(small_scenario, rounds=3, years_per_round=1, seed=seed)
    ids = [e.id for e in small_scenario.events.events]
    before = game.pending_events
    with pytest.raises(ScenarioError, match="unknown events: flood_of_frogs"):
        game.choose_events(["flood_of_frogs"])
    assert game.pending_events == before
    game.choose_events([])  # every drawn event vetoed
    assert not game.pending_events
    injected = ids[-1]  # then one chosen: as drawn if it was, else from the round's first year
    game.choose_events([injected])
    year = next((d.year for d in before if d.event == injected), game.year + 1)
    assert [(d.event, d.year) for d in game.pending_events] == [(injected, year)]
    first = game.submit({})
    assert [e.event for e in first.events] == [injected]
    game.undo()
    assert [d.event for d in game.pending_events] == [injected]  # the choice comes back
    assert game.event_choices == []
    first = game.submit({})
    game.submit({})  # round 2 as drawn
    assert game.event_choices == [(injected,), None]
    save = tmp_path / "save.json"
    save_game(game, save, "brackenbury")
    assert json.loads(save.read_text())["events"] == [[injected], None]
    again = load_game(save, small_scenario)
    assert [fingerprint(r) for r in again.reports] == [fingerprint(r) for r in game.reports]
    assert again.event_choices == game.event_choices


def test_a_game_without_choices_saves_as_before(
    small_scenario: GameScenario, tmp_path: Path
) -> None:
    game = Game(small_scenario, rounds=2, years_per_round=1, seed=4)
    game.submit({})
    save_game(game, tmp_path / "s.json", "brackenbury")
    assert "events" not in json.loads((tmp_path / "s.json").read_text())
    game.submit({})
    with pytest.raises(ScenarioError, match="the game is over"):
        game.choose_events([])
