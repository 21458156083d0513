"""The sector-words lens: which sector's words the network, dashboard and debrief speak.

Trainers of interpreters want the same effect explained in each sector's language. One key
(W) and a button on the network view, the dashboard and the debrief switch the words in turn:
plain, then each sector of the game's teams, then plain again. The choice is a display
setting of the window (``App.words``, like its colour-blind-safe colours), never game state,
so it is not saved and cannot change what the simulation does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:
    from game.app import App
    from game.screens.base import Screen

__all__ = ["LENS_HELP", "LENS_KEY", "lens_button", "lens_name", "next_lens", "switch_lens"]

LENS_KEY = pygame.K_w
LENS_HELP = ("W", "words: plain, then each team's sector in turn (the interpreters' lens)")


def next_lens(current: str | None, sectors: list[str]) -> str | None:
    """The lens after ``current``: plain, each sector in turn, then plain again.

    >>> next_lens(None, ["council", "health"]), next_lens("council", ["council", "health"])
    ('council', 'health')
    >>> next_lens("health", ["council", "health"]) is None
    True
    >>> next_lens("vcse", ["council"])  # a sector no longer in the game
    'council'
    """
    order: list[str | None] = [None, *sectors]
    k = order.index(current) if current in order else 0
    return order[(k + 1) % len(order)]


def _sectors(app: App) -> list[str]:
    """The sectors the lens goes through: the game's teams, or every sector before a game."""
    session = app.session
    game = session.game
    every: list[str] = [s.id for s in session.interventions.sectors]
    playing: list[str] = [s for s in every if game is None or s in game.teams]
    return playing or every


def lens_name(app: App) -> str | None:
    """The short name of the sector whose words are on, or None for plain words."""
    if app.words is None:
        return None
    for sector in app.session.interventions.sectors:
        if sector.id == app.words:
            return sector.short_name
    return None


def lens_button(screen: Screen, rect: pygame.Rect) -> None:
    """The visible control: says whose words are on, and that W changes them."""
    name = lens_name(screen.app)
    screen.button(
        rect,
        f"Words: {name or 'plain'} (W)",
        "lens",
        tip="Switch to the next sector's words: plain, then each team in turn (W)",
        key=LENS_KEY,
    )


def switch_lens(app: App) -> None:
    """Move to the next sector's words and say so."""
    app.words = next_lens(app.words, _sectors(app))
    name = lens_name(app)
    app.toast(f"In {name}'s words (W for the next)" if name else "Plain words (W for a sector's)")
    app.rebuild()
