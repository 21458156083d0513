"""The game window, played headless (SDL's dummy drivers) by posting real keys and clicks.

A full three-round game with three teams: allocate by keyboard and by mouse, co-fund, undo and
redo, preview, simulate, undo a round, save, debrief and export, then load the save into a new
window. Along the way every screen is drawn, and drawing is checked never to change the game.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pygame_gui

from game.app import App
from game.screens.plan import PlanScreen
from game.screens.start import StartScreen
from model.saves import fingerprint

RESIDENTS = 3000


def frames(app: App, n: int = 2, dt: float = 1 / 30) -> None:
    for _ in range(n):
        app.frame(dt)


def until(app: App, done: Callable[[], bool], seconds: float = 120.0, dt: float = 0.05) -> None:
    """Run frames until ``done`` (each frame advances the UI's clock by ``dt``). Like the real
    loop, which waits for the next frame at 60 a second, it rests between frames: a loop that
    never rests starves the worker thread of Python's lock."""
    limit = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < limit, f"timed out on screen {app.screen.name}"
        app.frame(dt)
        time.sleep(0.002)


def press(app: App, key: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    frames(app, 2)


def button(app: App, command: str) -> Any:
    found = [e for e, c in {**app.buttons, **app.screen.buttons}.items() if c == command]
    assert found, f"no '{command}' button on {app.screen.name}"
    return found[0]


def click(app: App, command: str) -> None:
    """Click a button with the mouse, as a person would."""
    element = button(app, command)
    assert element.is_enabled, f"'{command}' is disabled"
    pos = element.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
    frames(app, 3)


def state(app: App) -> str:
    """A digest of everything in the game that drawing must never change."""
    game = app.session.game
    if game is None:
        return ""
    parts = (
        game._played,
        game._baseline,
        game._effects,
        game.reports,
        game.decisions,
        game.pending_events,
        app.session.drafts,
    )
    return hashlib.sha256(pickle.dumps(parts)).hexdigest()


def draws_without_changing(app: App) -> None:
    """Draw the screen several times (and the help and pause overlays): the game is unchanged."""
    before = state(app)
    app.draw()
    app.show_help = True
    app.draw()
    app.show_help = False
    app.paused = True
    app.draw()
    app.paused = False
    app.draw()
    assert state(app) == before, f"drawing {app.screen.name} changed the game"


@pytest.fixture
def app(tmp_path: Path) -> Any:
    application = App(size=(1280, 720), home=tmp_path)
    yield application
    application.session.close()


def start_game(app: App, rounds: int = 3) -> None:
    screen = app.screen
    assert isinstance(screen, StartScreen)
    for _ in range(len(screen.towns)):  # the ready-made towns, by keyboard
        if screen.choice == "brackenbury":
            break
        press(app, pygame.K_DOWN)
    assert screen.choice == "brackenbury"
    screen.residents = RESIDENTS  # the start screen's menu offers this size when asked for it
    app.rebuild()
    draws_without_changing(app)
    while screen.rounds > rounds:
        click(app, "rounds:-1")
    assert screen.setup().teams == ("council", "health", "business")
    press(app, pygame.K_RETURN)
    assert app.screen.name == "waiting"
    draws_without_changing(app)
    until(app, lambda: app.screen.name == "briefing")


def choose(app: App, item_id: str) -> None:
    """Move the plan screen's selection to an intervention with the arrow keys."""
    screen = app.screen
    assert isinstance(screen, PlanScreen)
    for _ in range(60):
        if screen.current().id == item_id:
            return
        press(app, pygame.K_DOWN)
    raise AssertionError(f"could not reach {item_id}")


def shared_item(app: App, teams: tuple[str, str]) -> str:
    for item in app.session.interventions.interventions:
        if all(t in item.funders for t in teams) and item.scale.min <= 0.5:
            return item.id
    raise AssertionError("no intervention both teams may fund")


def simulate_round(app: App) -> None:
    press(app, pygame.K_RETURN)
    assert app.screen.name == "simulate", app.toast_text
    frames(app, 3)
    draws_without_changing(app) if not app.session.busy else app.draw()
    press(app, pygame.K_s)  # skip the animation
    until(app, lambda: getattr(app.screen, "finished", False))
    draws_without_changing(app)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "dashboard"


def test_a_full_three_round_game_with_three_teams(app: App, tmp_path: Path) -> None:
    session = app.session
    start_game(app)
    game = session.game
    assert game is not None and game.teams == ("council", "health", "business")
    draws_without_changing(app)

    # Round 1: the council funds a shared intervention by keyboard; health joins in (co-funding)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "plan"
    item = shared_item(app, ("council", "health"))
    choose(app, item)
    press(app, pygame.K_f)  # the standard package, or what the budget allows
    council = session.drafts["council"][item]
    assert council > 0
    press(app, pygame.K_2)
    assert app.screen.team == "health"  # type: ignore[attr-defined]
    choose(app, item)
    press(app, pygame.K_RIGHT)
    assert set(session.funders(item)) == {"council", "health"}
    press(app, pygame.K_z, pygame.KMOD_CTRL)
    assert set(session.funders(item)) == {"council"}
    press(app, pygame.K_y, pygame.KMOD_CTRL)
    assert set(session.funders(item)) == {"council", "health"}
    draws_without_changing(app)
    press(app, pygame.K_l)  # the interpreters' lens: every sector's words
    assert app.screen.all_words  # type: ignore[attr-defined]
    draws_without_changing(app)
    press(app, pygame.K_l)
    until(app, lambda: session.preview is not None or session.preview_error is not None)
    assert session.preview_error is None and session.preview is not None
    change = session.preview.headline_change(session.framework)
    assert set(change) == set(session.framework.headline_ids)
    draws_without_changing(app)
    simulate_round(app)
    report = game.reports[0]
    shared = next(a for a in report.allocations if a.intervention == item)
    assert shared.partnership and set(shared.pounds) == {"council", "health"}
    assert shared.pounds["council"] == pytest.approx(council)
    draws_without_changing(app)
    press(app, pygame.K_F5)
    assert app.screen.name == "network"
    press(app, pygame.K_DOWN)
    assert app.screen.selected is not None  # type: ignore[attr-defined]
    draws_without_changing(app)
    press(app, pygame.K_F4)
    assert app.screen.name == "dashboard"

    # Round 2: business funds by mouse; then the facilitator undoes the round and replays it
    press(app, pygame.K_RETURN)
    assert app.screen.name == "briefing" and game.round == 2
    draws_without_changing(app)
    click(app, "plan")
    assert app.screen.name == "plan"
    click(app, "team:business")
    click(app, "standard")
    decisions = {t: dict(d) for t, d in session.drafts.items()}
    assert decisions["business"]
    simulate_round(app)
    assert len(game.reports) == 2
    first_try = fingerprint(game.reports[1])
    press(app, pygame.K_BACKSPACE, pygame.KMOD_CTRL)
    until(app, lambda: app.screen.name == "plan")
    assert len(game.reports) == 1
    assert session.drafts == decisions  # the undone round's decisions are back on the table
    simulate_round(app)
    assert fingerprint(game.reports[1]) == first_try  # same decisions, same round
    press(app, pygame.K_s, pygame.KMOD_CTRL)
    saves = list((tmp_path / "saves").glob("brackenbury-*round2.json"))
    assert saves, app.toast_text

    # Round 3: nothing funded (each team clears what was carried over); the debrief
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "plan"
    for team in session.teams:
        session.clear_team(team)
    simulate_round(app)
    assert game.over
    press(app, pygame.K_RETURN)
    assert app.screen.name == "debrief"
    draws_without_changing(app)
    press(app, pygame.K_e)
    until(app, lambda: app.screen.name == "debrief" and app.screen.exported is not None)  # type: ignore[attr-defined]
    folder = Path(app.screen.exported)  # type: ignore[attr-defined]
    for name in ("debrief.md", "debrief.html", "headlines.png", "years.csv", "save.json"):
        assert (folder / name).exists(), name

    # A new window loads the round-2 save and is exactly where the game was
    other = App(size=(1280, 720), home=tmp_path)
    try:
        assert other.session.autosave_offer() is None  # the last game was finished
        pygame.event.post(
            pygame.event.Event(
                pygame_gui.UI_FILE_DIALOG_PATH_PICKED, text=str(saves[0]), ui_element=None
            )
        )
        frames(other, 2)
        until(other, lambda: other.screen.name == "briefing")
        loaded = other.session.game
        assert loaded is not None and len(loaded.reports) == 2
        assert [fingerprint(r) for r in loaded.reports] == [
            fingerprint(r) for r in game.reports[:2]
        ]
    finally:
        other.session.close()


def test_the_unfinished_game_is_offered_for_resuming(app: App, tmp_path: Path) -> None:
    start_game(app, rounds=2)
    press(app, pygame.K_RETURN)
    simulate_round(app)
    other = App(size=(1280, 720), home=tmp_path)
    try:
        assert other.screen.name == "start"
        click(other, "resume")
        until(other, lambda: other.screen.name == "briefing")
        assert len(other.session.game.reports) == 1
        assert other.session.game.round == 2
    finally:
        other.session.close()


def test_overspending_is_named_and_nothing_is_simulated(app: App) -> None:
    start_game(app, rounds=1)
    press(app, pygame.K_RETURN)
    session = app.session
    items = [i for i in session.interventions.interventions if "business" in i.funders]
    for item in items:  # set straight in the drafts: the screen itself never lets a team overspend
        session.set_pounds("business", item.id, session.game.cost(item.id) * item.scale.max)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "plan"
    assert "budget" in app.toast_text
    assert not session.game.reports


def test_every_screen_draws_at_full_hd_and_after_a_resize(app: App) -> None:
    start_game(app, rounds=1)
    app.resize((1920, 1080))
    assert app.style.scale == pytest.approx(1.5)
    for key in (pygame.K_F2, pygame.K_F3, pygame.K_F4, pygame.K_F5):
        press(app, key)
        draws_without_changing(app)
    press(app, pygame.K_F3)
    press(app, pygame.K_RETURN)
    frames(app, 2)
    draws_without_changing(app) if not app.session.busy else app.draw()
    press(app, pygame.K_k, pygame.KMOD_CTRL)
    assert app.safe_colours
    until(app, lambda: getattr(app.screen, "finished", False))
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "debrief"
    draws_without_changing(app)
    path = app.screenshot()
    assert pygame.image.load(str(path)).get_size() == (1920, 1080)


def test_pulses_wait_for_their_links_delays_and_fade_along_the_way(app: App) -> None:
    from game.screens.simulate import FAINTEST, TRAVEL, YEAR_SECONDS, plan_pulses

    network = app.session.network
    pulses = plan_pulses(network, [("transport", 1.0, 0.0)], horizon=30.0)
    first = [p for p in pulses if network.links[p.link].source == "transport" and p.start == 0.0]
    assert {network.links[p.link].target for p in first} == {
        link.target for link in network.outputs("transport") if abs(link.weight) >= FAINTEST
    }
    for pulse in pulses:
        link = network.links[pulse.link]
        assert pulse.arrive == pytest.approx(pulse.start + TRAVEL + link.delay * YEAR_SECONDS)
        assert pulse.strength >= FAINTEST
    later = [p for p in pulses if p.start > 0]
    assert later, "arrivals set off pulses further along"
    assert max(p.strength for p in later) < max(p.strength for p in first)


def test_the_demo_plays_by_itself_and_saves_every_screen(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    env["THRIVE_HOME"] = str(tmp_path / "home")
    shots = tmp_path / "shots"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "game.cli",
            "play",
            "--demo",
            "--screenshots",
            str(shots),
            "--residents",
            "3000",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = sorted(p.name for p in shots.glob("*.png"))
    for screen in ("start", "briefing", "plan", "simulate", "dashboard", "network", "debrief"):
        assert any(screen in n for n in names), (screen, names)
    image = pygame.image.load(str(shots / names[0]))
    assert image.get_size() == (1280, 720)
    assert list((tmp_path / "home" / "exports").glob("*/debrief.md"))


def test_the_start_screen_works_from_the_keyboard(app: App) -> None:
    screen = app.screen
    assert isinstance(screen, StartScreen)
    rounds, years, residents = screen.rounds, screen.years, screen.residents
    press(app, pygame.K_EQUALS)
    press(app, pygame.K_RIGHTBRACKET)
    press(app, pygame.K_m)
    assert (screen.rounds, screen.years) == (rounds + 1, years + 1)
    assert screen.residents != residents
    press(app, pygame.K_3)  # a third team is chosen by default: key 3 removes it
    assert len(screen.teams) == 2
    press(app, pygame.K_3)
    press(app, pygame.K_f, pygame.KMOD_CTRL)
    assert app.typing()
    for letter in "hastings":
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=letter))
    frames(app, 3)
    assert any(p.code == "E07000062" for p in screen.found)
    press(app, pygame.K_RETURN)
    assert screen.choice == "place:E07000062"
    assert app.screen.name == "start"  # Enter in the search box chooses; it does not start
    town = screen.town()
    assert town is not None and "Hastings" in town.name
    draws_without_changing(app)


def test_the_round_timer_counts_down_only_while_planning_and_not_when_paused(app: App) -> None:
    screen = app.screen
    assert isinstance(screen, StartScreen)
    press(app, pygame.K_t)  # the round timer: 5 minutes
    assert screen.timer == 5
    start_game(app, rounds=1)
    session = app.session
    assert session.timer_left == pytest.approx(300.0)
    frames(app, 10, dt=1.0)  # on the briefing the clock does not run
    assert session.timer_left == pytest.approx(300.0)
    press(app, pygame.K_RETURN)
    frames(app, 10, dt=1.0)
    assert 285.0 <= session.timer_left < 300.0
    press(app, pygame.K_p, pygame.KMOD_CTRL)
    assert app.paused
    held = session.timer_left
    frames(app, 10, dt=1.0)
    assert session.timer_left == held
    press(app, pygame.K_p, pygame.KMOD_CTRL)
    frames(app, 400, dt=1.0)
    assert session.timer_left == 0.0
    draws_without_changing(app)  # "time!" is shown; nothing is forced


def test_full_screen_and_back_keeps_the_game(app: App) -> None:
    start_game(app, rounds=1)
    before = state(app)
    press(app, pygame.K_F11)
    assert app.fullscreen
    press(app, pygame.K_F11)
    assert not app.fullscreen and app.window.get_size() == (1280, 720)
    assert app.screen.name == "briefing" and state(app) == before


def test_a_new_round_opens_with_last_rounds_funding_and_each_team_can_clear_it(
    app: App,
) -> None:
    start_game(app, rounds=3)
    session = app.session
    press(app, pygame.K_RETURN)
    item = shared_item(app, ("council", "health"))
    choose(app, item)
    press(app, pygame.K_f)
    press(app, pygame.K_2)
    choose(app, item)
    press(app, pygame.K_RIGHT)
    round1 = {t: dict(d) for t, d in session.drafts.items() if d}
    simulate_round(app)
    press(app, pygame.K_RETURN)  # the briefing of round 2
    press(app, pygame.K_RETURN)
    assert app.screen.name == "plan"
    assert {t: d for t, d in session.drafts.items() if d} == round1  # co-funding included
    assert session.carried_from == {"council": 1, "health": 1}
    draws_without_changing(app)
    press(app, pygame.K_c)  # the council's tab: clear it
    assert not session.drafts["council"] and session.drafts["health"] == round1["health"]
    assert "council" not in session.carried_from
    press(app, pygame.K_z, pygame.KMOD_CTRL)
    assert session.drafts["council"] == round1["council"]


def test_carried_over_funding_is_cut_to_a_smaller_budget(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A funding cut this round (an event) leaves last round's funding over budget: it is cut
    in proportion, to whole pounds, so that the round can be played, and the plan says so."""
    start_game(app, rounds=3)
    session = app.session
    game = session.live
    press(app, pygame.K_RETURN)
    item = shared_item(app, ("council", "health"))
    choose(app, item)
    press(app, pygame.K_f)
    simulate_round(app)
    spent = sum(session.live.decisions[-1]["council"].values())
    budgets = game.budgets()
    cut = {**budgets, "council": 0.6 * spent}
    monkeypatch.setattr(game, "budgets", lambda: cut)
    session.new_round()
    assert 0 < sum(session.drafts["council"].values()) <= 0.6 * spent
    assert all(v == int(v) for v in session.drafts["council"].values())  # whole pounds
    assert session.trimmed == {"council": spent}
    assert session.drafts["health"] == session.live.decisions[-1]["health"]  # untouched
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "plan"
    draws_without_changing(app)


def test_steps_that_add_up_to_the_least_scale_are_accepted(app: App) -> None:
    """4 steps from one team and 1 from another make half a package: the engine must agree
    with the screen (it once said £412,585 was too little when £412,587 was needed)."""
    start_game(app, rounds=1)
    session, game = app.session, app.session.game
    assert game is not None
    press(app, pygame.K_RETURN)
    candidates = [
        i
        for i in session.interventions.interventions
        if {"council", "business"} <= set(i.funders) and i.scale.min == pytest.approx(0.5)
    ]
    assert candidates
    for item in candidates:
        choose(app, item.id)
        for _ in range(4):
            press(app, pygame.K_RIGHT)
        press(app, pygame.K_3)  # business
        choose(app, item.id)
        press(app, pygame.K_RIGHT)
        assert sum(session.funders(item.id).values()) >= game.pounds_range(item.id)[0]
        assert not [p for p in session.problems() if item.name in p], session.problems()
        press(app, pygame.K_c)
        press(app, pygame.K_1)
        press(app, pygame.K_c)


def test_a_new_game_has_a_fresh_seed_that_can_be_typed_to_repeat_one(app: App) -> None:
    from game.screens.start import StartScreen

    seeds = {StartScreen(app).seed for _ in range(6)}
    assert len(seeds) > 1  # fresh each time (five digits from 90,000: all equal is 1 in 10^23)
    screen = app.screen
    assert isinstance(screen, StartScreen)
    assert screen.seed_entry.get_text() == str(screen.seed)  # shown
    screen.seed_entry.set_text("424")
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_TEXT_ENTRY_CHANGED, text="424", ui_element=screen.seed_entry
        )
    )
    frames(app, 2)
    assert screen.setup().seed == 424
