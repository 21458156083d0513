"""The game's screens. :func:`screen_named` is the one place a screen is made: screens, the
window and the demo ask for one by name (``App.go``), so no screen imports another."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game.app import App
    from game.screens.base import Screen

__all__ = ["SCREENS", "screen_named"]

SCREENS = ("start", "waiting", "briefing", "plan", "simulate", "dashboard", "network", "debrief")
"""Every screen's name, in the order a round visits them."""


def screen_named(name: str, app: App, *args: Any) -> Screen:
    """The screen called ``name``, made for ``app`` (with any arguments that screen takes:
    the town for the start screen, the job for the waiting screen, a node for the network)."""
    from game.screens.branches import BranchesScreen
    from game.screens.briefing import BriefingScreen
    from game.screens.dashboard import DashboardScreen
    from game.screens.debrief import DebriefScreen
    from game.screens.network import NetworkScreen
    from game.screens.plan import PlanScreen
    from game.screens.simulate import SimulateScreen
    from game.screens.start import StartScreen
    from game.screens.waiting import WaitingScreen

    screens: dict[str, type[Screen]] = {
        "start": StartScreen,
        "waiting": WaitingScreen,
        "briefing": BriefingScreen,
        "plan": PlanScreen,
        "simulate": SimulateScreen,
        "dashboard": DashboardScreen,
        "network": NetworkScreen,
        "debrief": DebriefScreen,
        "branches": BranchesScreen,
    }
    return screens[name](app, *args)
