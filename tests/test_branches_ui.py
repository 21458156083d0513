"""Weight debates and branches in the window, by real keys: debate a link's weight on the
network screen, accept it, rewind to round 1 and branch there on the branches screen, play a
round in the branch, see the two side by side, and find both in the save."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest
from conftest import game_scenario
from test_game_ui import draws_without_changing, frames, press, until

from game.app import App
from game.screens.branches import BranchesScreen
from game.screens.network import NetworkScreen
from model.weight_ranges import weight_range


@pytest.fixture
def app(tmp_path: Path, shipped_framework, shipped_network) -> Any:  # type: ignore[no-untyped-def]
    from model.bots import bot_decisions
    from model.engine import Game
    from model.saves import save_game

    scenario = game_scenario(shipped_framework, shipped_network, residents=2000)
    game = Game(scenario, rounds=3, years_per_round=1, seed=9, teams=("council", "health", "vcse"))
    for _ in range(2):
        game.submit(bot_decisions("partnership", game))
    path = tmp_path / "two.json"
    save_game(game, path, "brackenbury")
    application = App(size=(1280, 720), home=tmp_path)
    application.session.load(path)
    until(
        application, lambda: application.session.game is not None and not application.session.busy
    )
    yield application
    application.session.close()


def test_a_weight_debate_and_a_rewind_to_round_1_side_by_side_and_saved(app: App) -> None:
    session = app.session
    main = session.live
    app.navigate("network")
    frames(app)
    network = app.screen
    assert isinstance(network, NetworkScreen)
    network.selected = "mental_health"
    press(app, pygame.K_d)  # the strongest link into mental health
    assert network.debate is not None
    link = session.network.links[network.debate[0]]
    assert link.target == "mental_health"
    for _ in range(12):  # far past the top: held at the range's edge
        press(app, pygame.K_EQUALS)
    assert network.debate[1] == pytest.approx(weight_range(link)[1])
    press(app, pygame.K_y)
    key = f"{link.source}->{link.target}"
    assert session.desk is not None and session.desk.accepted == {key: network.debate[1]}
    draws_without_changing(app)
    press(app, pygame.K_b)
    screen = app.screen
    assert isinstance(screen, BranchesScreen)
    while screen.rewind_to > 1:
        press(app, pygame.K_LEFT)
    press(app, pygame.K_b)  # branch from the end of round 1, holding the weight
    until(app, lambda: app.screen.name == "briefing" and not session.busy)
    desk = session.desk
    assert desk.current == "branch 1" and session.live is not main
    assert desk.weights("branch 1") == {key: weight_range(link)[1]} and not desk.accepted
    assert len(session.live.reports) == 1
    # play the branch's round 2 with nothing funded: it meets main's round-2 events
    session.drafts = {team: {} for team in session.teams}
    session.simulate().result()
    assert session.live.reports[1].events == main.reports[1].events
    # side by side, at round 2
    app.go("branches")
    frames(app)
    screen = app.screen
    assert isinstance(screen, BranchesScreen)
    app.style.cuts.clear()
    draws_without_changing(app)
    assert not app.style.cuts, list(app.style.cuts)
    result = screen._comparison()
    assert not isinstance(result, str) and result.rounds == 2 and result.weights
    assert {result.a, result.b} == {"main", "branch 1"}
    # back to the main game, then both in the autosave
    press(app, pygame.K_RETURN)
    assert desk.current == "main" and session.live is main
    from model.saves import load_saved

    loaded = load_saved(
        session.autosave_path,
        session.framework,
        session.network,
        session.interventions,
        main.scenario.events,
    )
    assert [b.name for b in loaded.branches] == ["branch 1"]
    assert len(loaded.branches[0].game.reports) == 2
    assert loaded.branches[0].game.history[-1].scores == desk.game("branch 1").history[-1].scores
