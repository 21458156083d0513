"""The facilitator's round controls in the window (issue 16), played with real keys: Ctrl+T
adds time, the plans lock at 0:00 and open again with more time; Ctrl+E injects an event or
vetoes a drawn one before the round is played, and the round plays what was chosen."""

from __future__ import annotations

import typing
from pathlib import Path

import pygame
import pytest
from test_game_ui import frames, press, start_game, until
from test_keys_and_dialogs import in_view

from game.app import App
from game.facilitator import EXTRA_MINUTES


@pytest.fixture
def app(tmp_path: Path) -> typing.Iterator[App]:
    application = App(size=(1280, 720), home=tmp_path)
    yield application
    application.session.close()


def test_timer_locks_the_plans_at_zero_and_ctrl_t_opens_them(app: App) -> None:
    start_game(app, rounds=1)
    press(app, pygame.K_RETURN)  # briefing -> plan
    assert app.screen.name == "plan"
    session = app.session
    press(app, pygame.K_t, pygame.KMOD_CTRL)
    assert session.timer_left == pytest.approx(EXTRA_MINUTES * 60, abs=1)
    session.timer_left = 0.05
    frames(app, 3, dt=0.1)  # the plan screen's clock runs out
    assert session.plans_locked and "locked" in app.toast_text
    item = session.interventions.interventions[0]
    team = item.funders[0]
    session.set_pounds(team, item.id, 1000.0)
    assert session.drafts.get(team, {}) == {}, "a locked plan does not change"
    press(app, pygame.K_t, pygame.KMOD_CTRL)
    assert not session.plans_locked
    session.set_pounds(team, item.id, 1000.0)
    assert session.drafts[team][item.id] == 1000.0


def test_ctrl_e_injects_and_vetoes_events_and_the_round_plays_them(app: App) -> None:
    start_game(app, rounds=2)
    game = app.session.live
    names = [e.id for e in game.scenario.events.events]
    drawn = [d.event for d in game.pending_events]
    for event_id in drawn:  # veto every drawn event: each one is the k-th in the list
        press(app, pygame.K_e, pygame.KMOD_CTRL)
        assert app.events_dialog is not None
        for _ in range(names.index(event_id)):
            press(app, pygame.K_DOWN)
        assert app.events_dialog.list is not None and in_view(app.events_dialog.list)
        press(app, pygame.K_RETURN)
        assert event_id not in [d.event for d in game.pending_events]
        assert "vetoed" in app.toast_text
    assert not game.pending_events
    press(app, pygame.K_e, pygame.KMOD_CTRL)
    press(app, pygame.K_DOWN)
    press(app, pygame.K_RETURN)  # the second event in the file, injected
    assert [d.event for d in game.pending_events] == [names[1]]
    assert "will happen" in app.toast_text and app.events_dialog is None
    press(app, pygame.K_e, pygame.KMOD_CTRL)
    for _ in names:  # down to the last event: the keyboard's choice stays in sight
        press(app, pygame.K_DOWN)
    assert app.events_dialog is not None and app.events_dialog.selected == len(names) - 1
    assert app.events_dialog.list is not None and in_view(app.events_dialog.list)
    press(app, pygame.K_ESCAPE)
    assert app.events_dialog is None
    report = app.session.simulate().result()
    assert [e.event for e in report.events] == [names[1]]
    assert game.event_choices == [(names[1],)]
    until(app, lambda: not app.session.busy)
