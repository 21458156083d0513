"""What every screen is: widgets built from state, a handler for input, and a drawing.

A screen keeps its state (which team's tab is open, which node is selected) in plain
attributes, never only in widgets, because the app rebuilds every widget whenever the window
changes size or mode. Buttons are registered with a command name; the screen's :meth:`command`
receives the name, whether the button was clicked or its key pressed, so every action is
reachable by keyboard.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.draw import Style

if TYPE_CHECKING:
    from game.app import App
    from game.session import Session

__all__ = [
    "HTML_SIZES",
    "Screen",
    "as_html",
    "heading_html",
    "keep_in_view",
    "list_start",
    "scroll_by",
    "sized_html",
]

HTML_SIZES = (14, 17, 19)
"""Text sizes (at 1280x720) used inside text boxes besides the theme's; the app preloads
their fonts, regular and bold."""


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


def as_html(text: str) -> str:
    """Plain text for a pygame_gui text box: escaped, with its line breaks kept."""
    return html.escape(text).replace("\n", "<br>")


def heading_html(style: Style, text: str, size: int = 19, colour: str = "#1d232a") -> str:
    """A bold heading inside a text box, scaled with the window like the drawn headings."""
    return sized_html(style, f"<b>{html.escape(text)}</b>", size, colour)


def sized_html(style: Style, markup: str, size: int, colour: str = "#1d232a") -> str:
    """Markup at one of :data:`HTML_SIZES`, scaled with the window."""
    assert size in HTML_SIZES, "preload the font in App._manager first"
    return f"<font pixel_size={style.px(size)} color='{colour}'>{markup}</font>"


def list_start(items: pygame_gui.elements.UISelectionList | None) -> float:
    """How far down a list is scrolled (0 to 1), to keep it there when the list is rebuilt."""
    bar = items.scroll_bar if items is not None else None
    return float(bar.start_percentage) if bar is not None else 0.0


def keep_in_view(
    items: pygame_gui.elements.UISelectionList, index: int | None, start: float = 0.0
) -> None:
    """Scroll a list to ``start`` (where it was before a rebuild), then just enough to show
    item ``index`` (the one the keyboard chose): a selection is never out of sight."""
    bar = items.scroll_bar
    if bar is None or items.item_list_container is None:
        return
    row = items.list_item_height
    total = max(1, items.total_height_of_list)
    view = items.item_list_container.relative_rect.height
    offset = start * total
    if index is not None:
        if index * row < offset:
            offset = index * row
        elif (index + 1) * row > offset + view:
            offset = (index + 1) * row - view
    offset = min(max(0.0, offset), max(0.0, total - view))
    bar.set_scroll_from_start_percentage(offset / total)
    items.update(0.0)  # place the rows now, not after the scroll bar's own update


def scroll_by(box: pygame_gui.elements.UITextBox | None, pages: float) -> bool:
    """Scroll a text box by a share of its height (Page Up / Page Down); False if it has
    nothing to scroll."""
    bar = box.scroll_bar if box is not None else None
    if bar is None:
        return False
    step = pages * bar.visible_percentage
    bar.set_scroll_from_start_percentage(min(1.0, max(0.0, bar.start_percentage + step)))
    return True
