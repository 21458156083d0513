"""The game's screens. :func:`screen_named` makes the one the top bar's buttons name."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.app import App
    from game.screens.base import Screen

__all__ = ["screen_named"]


def screen_named(name: str, app: App) -> Screen:
    from game.screens.briefing import BriefingScreen
    from game.screens.dashboard import DashboardScreen
    from game.screens.debrief import DebriefScreen
    from game.screens.network import NetworkScreen
    from game.screens.plan import PlanScreen

    screens = {
        "briefing": BriefingScreen,
        "plan": PlanScreen,
        "dashboard": DashboardScreen,
        "network": NetworkScreen,
        "debrief": DebriefScreen,
    }
    return screens[name](app)
