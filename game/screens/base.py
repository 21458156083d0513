"""What every screen is: widgets built from state, a handler for input, and a drawing.

A screen keeps its state (which team's tab is open, which node is selected) in plain
attributes, never only in widgets, because the app rebuilds every widget whenever the window
changes size or mode. Buttons are registered with a command name; the screen's :meth:`command`
receives the name, whether the button was clicked or its key pressed, so every action is
reachable by keyboard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.draw import Style

if TYPE_CHECKING:
    from game.app import App
    from game.session import Session

__all__ = ["Screen"]


class Screen:
    """Base class. Subclasses set ``name`` and ``title`` and override what they need."""

    name = "screen"
    title = ""
    keys_help: tuple[tuple[str, str], ...] = ()

    def __init__(self, app: App) -> None:
        self.app = app
        self.buttons: dict[pygame_gui.core.UIElement, str] = {}
        self.shortcuts: dict[int, str] = {}

    @property
    def style(self) -> Style:
        return self.app.style

    @property
    def ui(self) -> pygame_gui.UIManager:
        return self.app.ui

    @property
    def session(self) -> Session:
        return self.app.session

    def button(
        self,
        rect: pygame.Rect,
        text: str,
        command: str,
        tip: str | None = None,
        key: int | None = None,
        kind: str | None = None,
        enabled: bool = True,
        container: pygame_gui.core.IContainerLikeInterface | None = None,
    ) -> pygame_gui.elements.UIButton:
        """A button that runs ``command``; ``key`` is its keyboard shortcut."""
        element = pygame_gui.elements.UIButton(
            relative_rect=rect,
            text=text,
            manager=self.ui,
            tool_tip_text=tip,
            container=container,
            object_id=pygame_gui.core.ObjectID(class_id=f"@{kind}") if kind else None,
        )
        if not enabled:
            element.disable()
        self.buttons[element] = command
        if key is not None:
            self.shortcuts[key] = command
        return element

    def build(self, area: pygame.Rect) -> None:
        """Create this screen's widgets inside ``area`` (everything below the top bar)."""

    def command(self, name: str) -> None:
        """Do what a button or key asked."""

    def handle(self, event: pygame.event.Event) -> bool:
        """Any other input (sliders, lists, text, mouse over drawings). True if used."""
        return False

    def update(self, dt: float) -> None:
        """Advance animations; ``dt`` is real seconds since the last frame."""

    def draw(self, surface: pygame.Surface) -> None:
        """Paint what widgets cannot (under the widgets). Must not change the game."""

    def on_key(self, event: pygame.event.Event) -> bool:
        """Screen-level keys beyond the button shortcuts. True if used."""
        command = self.shortcuts.get(event.key)
        if command is not None:
            self.command(command)
            return True
        return False
