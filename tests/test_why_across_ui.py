"""The network view's "across rounds" panel (A), played headless by real keys: it draws the
attribution of model/attribution.py for the chosen node and span, whose rows add up, and
drawing it never changes the game."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pytest
from conftest import game_scenario
from test_game_ui import draws_without_changing, frames, press, until

from game.app import App
from game.screens.network import NetworkScreen, _moved_span
from game.why_across import _fitting
from model.attribution import attribute_game, by_intervention


@pytest.fixture
def loaded(tmp_path: Path, shipped_framework, shipped_network) -> Any:  # type: ignore[no-untyped-def]
    from model.bots import bot_decisions
    from model.engine import Game
    from model.saves import save_game

    scenario = game_scenario(shipped_framework, shipped_network, residents=3000)
    game = Game(scenario, rounds=3, years_per_round=2, seed=6, teams=("council", "health", "vcse"))
    for _ in range(3):
        game.submit(bot_decisions("partnership", game))
    path = tmp_path / "three.json"
    save_game(game, path, "brackenbury")
    app = App(size=(1280, 720), home=tmp_path)
    app.session.load(path)
    until(app, lambda: app.session.game is not None and not app.session.busy)
    yield app
    app.session.close()


def test_a_traces_the_selected_node_across_a_span_of_rounds(loaded: App) -> None:
    app = loaded
    app.navigate("network")
    frames(app)
    screen = app.screen
    assert isinstance(screen, NetworkScreen)
    screen.selected = "mental_health"
    press(app, pygame.K_a)
    assert screen.across and screen.span_now() == (1, 3)
    app.style.cuts.clear()
    draws_without_changing(app)
    assert not app.style.cuts, list(app.style.cuts)
    shown = screen._traced[("mental_health", 1, 3, 3)]
    game = app.session.live
    assert shown.change == pytest.approx(
        game.history[-1].scores["mental_health"] - game.baseline_history[-1].scores["mental_health"]
    )
    press(app, pygame.K_RIGHTBRACKET)  # the span's first round later
    assert screen.span_now() == (2, 3)
    press(app, pygame.K_LEFTBRACKET, pygame.KMOD_SHIFT)  # its last round earlier
    assert screen.span_now() == (2, 2)
    draws_without_changing(app)
    assert ("mental_health", 2, 2, 3) in screen._traced
    press(app, pygame.K_a)
    assert not screen.across  # back to the last year's "why"
    draws_without_changing(app)
    # the debrief's account traces each headline element too
    from game.screens.debrief import debrief_html

    account = debrief_html(app.session)
    assert "Why it changed, traced back" in account
    assert "A ledger for future generations" in account and "CO2 against the town" in account
    for name in fw_names(game):
        assert f"<b>{name} " in account
    # with less room, fewer rows are listed, and they still add up
    fw = game.scenario.framework
    result = by_intervention(attribute_game(game, "equality"))
    lengths = []
    for room in (2000, 400, 250, 160):
        got = _fitting(app.style, result, fw, 360, room)
        lengths.append(len(got))
        groups = [r.points for r in got if r.depth == 0]
        assert sum(groups) == pytest.approx(result.shown_change, abs=1e-9)
    assert lengths == sorted(lengths, reverse=True) and lengths[0] > lengths[-1]


def fw_names(game: Any) -> list[str]:
    return list(game.scenario.framework.headline_names)


def test_the_span_stays_within_the_rounds_played() -> None:
    assert _moved_span((1, 3), 3, last=False, step=-1) == (1, 3)
    assert _moved_span((3, 3), 3, last=False, step=1) == (3, 3)
    assert _moved_span((2, 3), 3, last=True, step=-1) == (2, 2)
    assert _moved_span((2, 2), 3, last=True, step=-1) == (2, 2)
    assert _moved_span((1, 2), 3, last=True, step=1) == (1, 3)
