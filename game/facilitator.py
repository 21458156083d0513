"""The facilitator's round controls in the window, the same as on ``thrive host``'s host page:
more time on the round timer (which locks the plans at zero), and injecting an event from the
events file or vetoing one drawn for the round, before the round is played.

Keys: Ctrl+T adds two minutes to the round timer (starting one if there is none); Ctrl+E opens
the round's events: Enter (or a double click) on an event injects it, or vetoes it if it was
drawn; Esc closes the list. Both act through :class:`~game.session.Session` only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.screens.base import keep_in_view

if TYPE_CHECKING:
    from game.app import App

__all__ = ["EXTRA_MINUTES", "KEYS", "EventsDialog", "facilitator_key"]

EXTRA_MINUTES = 2
KEYS = (
    ("Ctrl+T", f"add {EXTRA_MINUTES} minutes to the round timer (at 0:00 plans lock)"),
    ("Ctrl+E", "inject an event this round, or veto one drawn"),
)


def facilitator_key(app: App, event: pygame.event.Event) -> bool:
    """Ctrl+T and Ctrl+E; True if the key was one of them."""
    if not event.mod & pygame.KMOD_CTRL or event.key not in (pygame.K_t, pygame.K_e):
        return False
    session = app.session
    if session.game is None or session.busy or session.game.over:
        app.toast("There is no round to change now.")
        return True
    if event.key == pygame.K_t:
        session.extend_timer(EXTRA_MINUTES)
        left = int(session.timer_left or 0)
        app.toast(f"Round timer: {left // 60}:{left % 60:02d} to go; plans are open.")
    else:
        app.events_dialog = EventsDialog(app)
    return True


class EventsDialog:
    """A list of every event in the events file, the round's drawn ones marked."""

    def __init__(self, app: App) -> None:
        self.app = app
        s = app.style
        width, height = app.window.get_size()
        rect = pygame.Rect(
            0, 0, min(width - s.px(40), s.px(620)), min(height - s.px(60), s.px(440))
        )
        rect.center = (width // 2, height // 2)
        self.window = pygame_gui.elements.UIWindow(
            rect, app.ui, window_display_title="This round's events: Enter injects or vetoes"
        )
        self.list: pygame_gui.elements.UISelectionList | None = None
        self._build(0)

    def _build(self, selected: int) -> None:
        """The list, with the ``selected``-th event chosen (built again as the arrows move)."""
        if self.list is not None:
            self.list.kill()
        items: list[str | tuple[str, str]] = list(self._items())
        inner = self.window.get_container().get_rect()
        self.list = pygame_gui.elements.UISelectionList(
            pygame.Rect(0, 0, inner.width, inner.height),
            items,
            self.app.ui,
            container=self.window,
            default_selection=items[selected],
        )
        self.selected = selected
        keep_in_view(self.list, selected)
        self.app.ui.set_focus_set(self.list)

    def _items(self) -> list[tuple[str, str]]:
        game = self.app.session.live
        drawn = {d.event: d for d in game.pending_events}
        items = []
        for e in game.scenario.events.events:
            if e.id in drawn:
                items.append((f"DRAWN, year {drawn[e.id].year}: {e.name} (Enter vetoes)", e.id))
            else:
                items.append((f"{e.name} (Enter injects)", e.id))
        return items

    def close(self) -> None:
        self.window.kill()
        self.app.events_dialog = None

    def handle(self, event: pygame.event.Event) -> bool:
        """Events meant for the list; True if it took one."""
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.window:
            self.app.events_dialog = None
            return True
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.close()
            return True
        chosen = None
        double_click = (
            event.type == pygame_gui.UI_SELECTION_LIST_DOUBLE_CLICKED_SELECTION
            and event.ui_element is self.list
        )
        enter = event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
        if (double_click or enter) and self.list is not None:
            chosen = self.list.get_single_selection(include_object_id=True)
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_DOWN, pygame.K_UP):
            self._move(1 if event.key == pygame.K_DOWN else -1)
            return True
        if isinstance(chosen, tuple):
            self.toggle(chosen[1])
            return True
        return False

    def _move(self, step: int) -> None:
        """Arrow keys move the selection (the list alone answers only the mouse)."""
        self._build(max(0, min(len(self._items()) - 1, self.selected + step)))

    def toggle(self, event_id: str) -> None:
        session = self.app.session
        drawn = {d.event for d in session.live.pending_events}
        text = session.veto_event(event_id) if event_id in drawn else session.inject_event(event_id)
        self.app.toast(text, 6.0)
        self.close()
        self.app.rebuild()  # the briefing and the plan show the round's events and budgets
