"""Keyboard and dialogs, played by posting real keys and clicks (SDL's dummy drivers).

A list's keyboard choice scrolls into view; Esc and Tab leave a text box; the load dialog's
file names are legible; Ctrl+Q (or closing the window) asks before it throws away a plan with
money in it or a round not yet saved, and quits at once otherwise.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pygame
import pygame_gui
import pytest
from test_game_ui import click, frames, press, simulate_round, start_game

from game.app import App
from game.screens.briefing import likelihood_phrase
from game.screens.plan import PlanScreen
from game.screens.start import StartScreen
from model.events import Likelihood


@pytest.fixture
def app(tmp_path: Path) -> typing.Iterator[App]:
    application = App(size=(1280, 720), home=tmp_path)
    yield application
    application.session.close()


def in_view(items: pygame_gui.elements.UISelectionList) -> bool:
    """The list's selected row is drawn, and wholly inside the list's visible part."""
    assert items.item_list_container is not None
    view = items.item_list_container.rect
    rows = [item for item in items.item_list if item["selected"]]
    assert len(rows) == 1, "one row is selected"
    button = rows[0]["button_element"]
    return button is not None and view.contains(button.rect)


def scrolled(items: pygame_gui.elements.UISelectionList) -> float:
    return items.scroll_bar.start_percentage if items.scroll_bar is not None else 0.0


def type_text(app: App, text: str) -> None:
    for letter in text:
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=letter))
    frames(app, 3)


def test_the_start_screens_lists_scroll_the_keyboards_choice_into_view(app: App) -> None:
    screen = app.screen
    assert isinstance(screen, StartScreen)
    refs = [ref for ref, _ in screen.towns]
    assert len(refs) > 5, "more towns than the list shows"
    for k in range(len(refs)):  # down to the last town, then round to the first
        press(app, pygame.K_DOWN)
        assert in_view(screen.town_list), (k, screen.choice)
    assert scrolled(screen.town_list) == 0.0  # back at the first town, at the top
    press(app, pygame.K_UP)  # round to the last one
    assert screen.choice == refs[-1] and in_view(screen.town_list)

    press(app, pygame.K_f, pygame.KMOD_CTRL)
    type_text(app, "shire")
    assert len(screen.found) > 4
    press(app, pygame.K_RETURN)  # takes the first district found, and leaves the box
    assert screen.choice == f"place:{screen.found[0].code}"
    assert not app.typing()
    for k in range(1, 6):  # on through the districts found
        press(app, pygame.K_DOWN)
        assert screen.choice == f"place:{screen.found[k].code}"
        assert in_view(screen.found_list), k
    assert scrolled(screen.found_list) > 0


def test_the_plan_list_scrolls_the_keyboards_choice_into_view_and_stays(app: App) -> None:
    start_game(app, rounds=1)
    press(app, pygame.K_RETURN)
    screen = app.screen
    assert isinstance(screen, PlanScreen)
    items = screen.items()
    assert len(items) > 12, "more interventions than the list shows"
    for k in range(len(items) - 1):
        press(app, pygame.K_DOWN)
        assert screen.current().id == items[k + 1].id
        assert in_view(screen.item_list), (k, screen.current().id)
    at = scrolled(screen.item_list)
    assert at > 0.5
    # a click on a row higher up: the list is rebuilt, and stays where it was scrolled
    rows = [i for i in screen.item_list.item_list if i["button_element"] is not None]
    row = rows[len(rows) // 2]["button_element"]
    pos = row.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos))
    frames(app, 3)
    assert screen.current().id != items[-1].id
    assert scrolled(screen.item_list) == pytest.approx(at)
    assert in_view(screen.item_list)
    press(app, pygame.K_TAB)  # the next team's list starts at its top
    assert scrolled(screen.item_list) == 0.0 and in_view(screen.item_list)


def test_esc_and_tab_leave_the_text_boxes(app: App) -> None:
    screen = app.screen
    assert isinstance(screen, StartScreen)
    rounds = screen.rounds
    press(app, pygame.K_f, pygame.KMOD_CTRL)
    assert app.typing()
    press(app, pygame.K_EQUALS)
    assert screen.rounds == rounds, "while typing, keys are for the box"
    press(app, pygame.K_ESCAPE)
    assert not app.typing()
    press(app, pygame.K_EQUALS)
    assert screen.rounds == rounds + 1, "out of the box, keys are shortcuts again"

    press(app, pygame.K_f, pygame.KMOD_CTRL)
    press(app, pygame.K_TAB)  # on to the next text box: the seed
    assert app.ui.get_focus_set() is not None and screen.seed_entry in app.ui.get_focus_set()
    press(app, pygame.K_TAB, pygame.KMOD_SHIFT)  # back to the search box
    assert screen.search in app.ui.get_focus_set()
    press(app, pygame.K_TAB)
    press(app, pygame.K_TAB)  # past the last text box: out
    assert not app.typing()

    press(app, pygame.K_l, pygame.KMOD_CTRL)  # the load dialog has a text box too
    dialog = next(
        e
        for e in app.ui.get_sprite_group().sprites()
        if isinstance(e, pygame_gui.windows.UIFileDialog)
    )
    app.ui.set_focus_set(dialog.file_path_text_line)
    assert app.typing()
    press(app, pygame.K_ESCAPE)
    assert not app.typing()


def test_long_texts_scroll_with_page_up_and_down(app: App) -> None:
    screen = app.screen
    assert isinstance(screen, StartScreen)
    bar = screen.about.scroll_bar
    assert bar is not None, "the town's description is longer than its box"
    press(app, pygame.K_PAGEDOWN)
    assert bar.start_percentage > 0
    press(app, pygame.K_PAGEUP)
    assert bar.start_percentage == 0
    screen.seed = 1  # a fixed story (a new game's seed is fresh): round 1 draws several events
    start_game(app, rounds=1)
    story = app.screen.story  # type: ignore[attr-defined]
    assert story.scroll_bar is not None, "round 1's briefing is longer than its box"
    press(app, pygame.K_PAGEDOWN)
    assert story.scroll_bar.start_percentage > 0


def _luminance(colour: pygame.Color) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.r) + 0.7152 * channel(colour.g) + 0.0722 * channel(colour.b)


def contrast(a: pygame.Color, b: pygame.Color) -> float:
    """The WCAG contrast ratio of two colours (4.5 or more reads well)."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_load_dialog_shows_file_names_legibly(app: App, tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    (saves / "older").mkdir(parents=True)
    (saves / "hastings-seed1-round2.json").write_text("{}")
    press(app, pygame.K_l, pygame.KMOD_CTRL)
    rows = [
        e
        for e in app.ui.get_sprite_group().sprites()
        if isinstance(e, pygame_gui.elements.UIButton)
        and e.text in ("hastings-seed1-round2.json", "older")
    ]
    assert len(rows) == 2
    for row in rows:
        for state in ("normal", "hovered", "selected"):
            text, bg = row.colours[f"{state}_text"], row.colours[f"{state}_bg"]
            assert contrast(text, bg) >= 4.5, (row.text, state, text, bg)
    # and on screen: the row's own pixels hold a dark name on a light row
    app.draw()
    row = rows[0]
    pixels = [
        app.window.get_at((x, y))
        for x in range(row.rect.left + 2, row.rect.right - 2, 2)
        for y in range(row.rect.top + 2, row.rect.bottom - 2, 2)
    ]
    background = max(set(map(tuple, pixels)), key=[tuple(p) for p in pixels].count)
    darkest = min(pixels, key=_luminance)
    assert contrast(pygame.Color(*background), darkest) >= 4.5


def test_quitting_with_nothing_to_lose_is_at_once(app: App) -> None:
    press(app, pygame.K_q, pygame.KMOD_CTRL)  # the start screen: no game yet
    assert not app.running


def test_quitting_asks_first_when_a_plan_has_money_in_it(app: App) -> None:
    start_game(app, rounds=2)
    press(app, pygame.K_q, pygame.KMOD_CTRL)  # the briefing: nothing drafted, all saved
    assert not app.running
    app.running = True
    press(app, pygame.K_RETURN)
    press(app, pygame.K_f)  # the council funds its first intervention
    assert app.session.spent("council") > 0
    press(app, pygame.K_q, pygame.KMOD_CTRL)
    assert app.running and app.asking_to_quit
    assert any("has not been played" in line for line in app.unsaved())
    press(app, pygame.K_RETURN)  # nothing else acts while the question is open
    assert app.screen.name == "plan" and app.asking_to_quit
    press(app, pygame.K_ESCAPE)
    assert app.running and not app.asking_to_quit
    press(app, pygame.K_q, pygame.KMOD_CTRL)
    click(app, "quit:no")  # "Keep playing", with the mouse
    assert app.running and not app.asking_to_quit
    assert app.session.spent("council") > 0, "the plan is still there"
    pygame.event.post(pygame.event.Event(pygame.QUIT))  # the window's close button asks too
    frames(app, 2)
    assert app.running and app.asking_to_quit
    press(app, pygame.K_q, pygame.KMOD_CTRL)  # asked twice: quit
    assert not app.running


def test_quitting_asks_first_when_a_round_is_not_saved(app: App) -> None:
    start_game(app, rounds=3)
    session = app.session
    press(app, pygame.K_RETURN)
    simulate_round(app)  # the autosave keeps up: nothing to lose
    assert session.unsaved_rounds == 0
    press(app, pygame.K_q, pygame.KMOD_CTRL)
    assert not app.running
    app.running = True
    session.live.after_round.clear()  # the autosave fails to run (a full disk, say)
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    simulate_round(app)
    assert session.unsaved_rounds == 1
    press(app, pygame.K_q, pygame.KMOD_CTRL)
    assert app.running and app.asking_to_quit
    assert any("1 round has been played since the last save" in s for s in app.unsaved())
    click(app, "quit:no")
    press(app, pygame.K_s, pygame.KMOD_CTRL)  # saved: now Ctrl+Q quits at once
    assert session.unsaved_rounds == 0
    press(app, pygame.K_q, pygame.KMOD_CTRL)
    assert not app.running


def test_every_likelihood_reads_with_the_right_article() -> None:
    words = typing.get_args(Likelihood)
    assert set(words) == {"rare", "unlikely", "possible", "likely", "very_likely"}
    assert [likelihood_phrase(w) for w in words] == [
        {
            "rare": "a rare event",
            "unlikely": "an unlikely event",
            "possible": "a possible event",
            "likely": "a likely event",
            "very_likely": "a very likely event",
        }[w]
        for w in words
    ]


def test_the_simulate_legend_says_what_a_double_ring_means(app: App) -> None:
    from game.netview import legend

    surface = pygame.Surface((1280, 60))
    fw = app.session.framework
    app.style.cuts.clear()
    plain = legend(surface, app.style, (0, 10), False, fw)
    with_rings = legend(surface, app.style, (0, 10), False, fw, rings=True)
    assert with_rings > plain + app.style.px(150)
    assert not app.style.cuts
