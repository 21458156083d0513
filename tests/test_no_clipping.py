"""Nothing on any screen is cut short without a way to read it, at 1280x720 and 1920x1080.

Every screen (start, the load dialog, briefing, plan, the quit question, simulate, dashboard,
network with each node selected, debrief, and the help overlay on each) is drawn with the
longest texts the game ships: the ready-made town with the longest description, the district
with the longest name, five teams, the intervention with the longest name and words funded by
every team that may, a round in which every event happens and every situation holds.

Two kinds of text are checked. pygame_gui's buttons (list rows and menus are buttons too) must
be wide and tall enough for their text in their font. Text the game draws itself goes through
:class:`game.draw.Style`, which records every text it had to shorten; a cut is allowed only when
the caller marked that the whole text can be opened on the same screen. (Text boxes scroll.)

With ``THRIVE_SHOTS=DIR`` every screen checked is also saved as a PNG there, to look at.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame
import pygame_gui
from pygame_gui.core.utility import translate

from game.app import App
from game.draw import Style
from game.screens.plan import PlanScreen
from game.screens.start import StartScreen

RESIDENTS = 3000
SIZES = [(1280, 720), (1920, 1080)]


def frames(app: App, n: int = 2, dt: float = 1 / 30) -> None:
    for _ in range(n):
        app.frame(dt)


def until(app: App, done: Callable[[], bool], seconds: float = 180.0) -> None:
    limit = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < limit, f"timed out on screen {app.screen.name}"
        app.frame(0.05)
        time.sleep(0.002)


def press(app: App, key: int, mod: int = 0) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0))
    frames(app, 2)


def _widgets(ui: pygame_gui.UIManager) -> Iterator[Any]:
    for element in ui.get_sprite_group().sprites():
        if element.alive() and getattr(element, "visible", True):
            yield element


def clipped_widgets(app: App) -> list[str]:
    """Every button (list rows, menus, tabs) whose text does not fit inside it."""
    problems = []
    for element in _widgets(app.ui):
        if not isinstance(element, pygame_gui.elements.UIButton) or element.font is None:
            continue
        text = translate(element.text, **(element.text_kwargs or {}))
        if not text.strip():
            continue
        border = element.border_width
        if isinstance(border, dict):
            sides = border["left"] + border["right"], border["top"] + border["bottom"]
        else:
            sides = 2 * border, 2 * border
        room_w = element.rect.width - sides[0] - 2 * element.shadow_width
        if element.text_horiz_alignment != "center":  # the padding is kept from its edge
            room_w -= 2 * element.text_horiz_alignment_padding
        room_h = element.rect.height - sides[1] - 2 * element.shadow_width
        width, line = element.font.size(text)
        height = round(0.85 * line)  # a line of Noto Sans less its spacing: the letters
        if width > room_w or height > room_h:
            problems.append(f"button {text!r}: needs {width}x{height} px, has {room_w}x{room_h}")
    return problems


def hidden_text(app: App, label: str, rebuild: bool = True) -> list[str]:
    """What a person could not read on the screen as it is now (also with help shown)."""
    app.style.cuts.clear()
    if rebuild:  # a screen may paint into a cache once: paint it again, recording
        app.rebuild()
        frames(app, 1)
    app.draw()
    problems = clipped_widgets(app)
    shots = os.environ.get("THRIVE_SHOTS")
    if shots:
        size = "x".join(map(str, app.window.get_size()))
        app.screenshot(Path(shots), f"{size}-{label}.png")
    app.show_help = True
    app.draw()
    app.show_help = False
    problems += [
        f"{cut.why}: {cut.text!r} shown as {cut.shown!r}"
        for cut in app.style.cuts.values()
        if not cut.openable
    ]
    return [f"{label}: {p}" for p in problems]


def longest_town(app: App) -> str:
    screen = app.screen
    assert isinstance(screen, StartScreen)
    return max(
        screen.towns,
        key=lambda t: len(getattr(t[1], "briefing", None) or t[1].description),
    )[0]


def longest_district() -> Any:
    from model.places import load_places

    return max(load_places(), key=lambda p: len(StartScreen._place_label(p)))


def longest_item(app: App) -> Any:
    """The intervention with the most funders, then the longest name and words."""
    return max(
        app.session.interventions.interventions,
        key=lambda i: (len(i.funders), len(i.name) + max(len(w) for w in i.language.values())),
    )


def every_event_and_situation(app: App) -> None:
    """Make the round about to be played one in which every event happens and every
    situation holds (only what the screens show: the drawing is what is tested)."""
    from model.engine import EventDraw

    game = app.session.live
    events = game.scenario.events
    game.pending_events = tuple(
        EventDraw(e.id, e.name, game.year + 1 + k % game.years_per_round, game.year + 2)
        for k, e in enumerate(events.events)
    )
    ids = tuple(sorted(x.id for x in events.situations))
    game.situations_now = lambda: ids  # type: ignore[method-assign]


def fund_all_that_fits(app: App, first: Any) -> None:
    """Every team that may puts money into ``first``, then into as many interventions as its
    budget allows at their least scale (longest names first): full lists, a long pipeline."""
    session = app.session
    game = session.live
    for team in game.teams:
        if team in first.funders:
            session.set_pounds(team, first.id, 0.2 * game.cost(first.id))
    items = sorted(session.interventions.interventions, key=lambda i: -len(i.name))
    for team in game.teams:
        for item in items:
            if team not in item.funders or item is first:
                continue
            session.set_pounds(team, item.id, item.scale.min * game.cost(item.id) + 1)
            if session.problems():
                session.set_pounds(team, item.id, 0.0)
    session.end_edit()
    assert not session.problems()


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    application = App(size=request.param, home=tmp_path)
    yield application
    application.session.close()


def test_every_screen_shows_its_longest_texts_whole_or_openable(app: App) -> None:
    problems: list[str] = []
    start = app.screen
    assert isinstance(start, StartScreen)
    start.teams = [s.id for s in start.sectors]
    start.choice = longest_town(app)
    problems += hidden_text(app, "start")
    start.command("load")
    frames(app, 2)
    problems += hidden_text(app, "start-load-dialog", rebuild=False)
    app.rebuild()
    place = longest_district()
    start.query = place.name
    start._search()
    start.choice = f"place:{place.code}"
    start.residents = RESIDENTS
    start.rounds, start.years = 1, 5
    problems += hidden_text(app, "start-district")

    press(app, pygame.K_RETURN)
    if app.screen.name == "waiting":
        problems += hidden_text(app, "waiting", rebuild=False)
    until(app, lambda: app.screen.name == "briefing")
    session = app.session
    every_event_and_situation(app)
    problems += hidden_text(app, "briefing")

    press(app, pygame.K_RETURN)
    plan = app.screen
    assert isinstance(plan, PlanScreen)
    item = longest_item(app)
    fund_all_that_fits(app, item)
    game = session.live
    for team in game.teams:
        plan.command(f"team:{team}")
        if team in item.funders:
            plan.selected[team] = item.id
        problems += hidden_text(app, f"plan-{team}")
    plan.all_words = True
    problems += hidden_text(app, "plan-words")
    plan.all_words = False
    plan.still = 10.0
    until(app, lambda: session.preview is not None or session.preview_error is not None)
    problems += hidden_text(app, "plan-preview")
    press(app, pygame.K_q, pygame.KMOD_CTRL)
    assert app.asking_to_quit
    problems += hidden_text(app, "plan-quit", rebuild=False)
    press(app, pygame.K_ESCAPE)
    assert app.running and not app.asking_to_quit

    press(app, pygame.K_RETURN)
    assert app.screen.name == "simulate", app.toast_text
    frames(app, 20, dt=0.1)
    problems += hidden_text(app, "simulate", rebuild=False)
    until(app, lambda: app.session.live.reports != [] and not app.session.busy)
    press(app, pygame.K_s)
    until(app, lambda: getattr(app.screen, "finished", False))
    problems += hidden_text(app, "simulate-finished")
    press(app, pygame.K_RETURN)
    assert app.screen.name == "dashboard"
    problems += hidden_text(app, "dashboard")

    press(app, pygame.K_F5)
    assert app.screen.name == "network"
    problems += hidden_text(app, "network")
    for node in session.framework.node_ids:
        app.screen.selected = node  # type: ignore[attr-defined]
        problems += hidden_text(app, f"network-{node}", rebuild=False)

    press(app, pygame.K_F6)
    assert app.screen.name == "debrief"
    problems += hidden_text(app, "debrief")
    press(app, pygame.K_e)
    until(app, lambda: app.screen.name == "debrief" and app.screen.exported is not None)  # type: ignore[attr-defined]
    problems += hidden_text(app, "debrief-exported")
    assert not problems, "\n".join(problems)


def test_the_checks_find_text_that_is_cut_short(app: App) -> None:
    """The checks above can fail: a shortened text, a button too small for its label."""
    style = app.style
    assert isinstance(style, Style)
    surface = pygame.Surface((200, 100))
    style.cuts.clear()
    style.fit("A long sentence that cannot fit", 60)
    style.fit("Another long sentence, whose whole is shown elsewhere", 60, openable=True)
    style.wrapped(
        surface, "one two three four five six seven", pygame.Rect(0, 0, 60, 200), 16, max_lines=2
    )
    style.text(surface, "past the edge", (180, 0))
    assert [(c.why, c.openable) for c in style.cuts.values()] == [
        ("ellipsis", False),
        ("ellipsis", True),
        ("lines", False),
        ("outside", False),
    ]
    pygame_gui.elements.UIButton(pygame.Rect(10, 10, 60, 40), "A label far too long", app.ui)
    problems = hidden_text(app, "start", rebuild=False)
    assert any("A label far too long" in p for p in problems), problems


def test_the_network_says_why_a_node_moved_in_full(tmp_path: Path) -> None:
    app = App(size=(1280, 720), home=tmp_path)
    try:
        start = app.screen
        assert isinstance(start, StartScreen)
        start.residents, start.rounds, start.years = RESIDENTS, 1, 5
        press(app, pygame.K_RETURN)
        until(app, lambda: app.screen.name == "briefing")
        press(app, pygame.K_RETURN)
        fund_all_that_fits(app, longest_item(app))
        press(app, pygame.K_RETURN)
        press(app, pygame.K_s)
        until(app, lambda: getattr(app.screen, "finished", False))
        press(app, pygame.K_RETURN)
        press(app, pygame.K_F5)
        problems = []
        for node in app.session.framework.node_ids:
            app.screen.selected = node  # type: ignore[attr-defined]
            problems += hidden_text(app, f"network-{node}", rebuild=False)
        assert not problems, "\n".join(problems)
    finally:
        app.session.close()
