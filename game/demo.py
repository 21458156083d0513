"""The game playing itself: for exhibitions, for trainers showing the flow, and for checks.

A script takes the steps a facilitator and the teams would: choose a town and teams, read the
briefing, let each team fund what the partnership bot would, look at the preview, simulate,
read the dashboard and the network, and after the last round the debrief and its export. It acts
only through the same commands the buttons and keys send. With a screenshots folder it saves a
PNG of every screen it shows and stops at the end; without one it pauses on each screen long
enough to read, then starts again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from game.screens.network import NetworkScreen
from game.screens.plan import PlanScreen
from model.bots import bot_decisions

if TYPE_CHECKING:
    from game.app import App

__all__ = ["Demo"]

Wait = float | Callable[[], bool]


class Demo:
    """A frame hook for :meth:`game.app.App.run` that plays a short game."""

    def __init__(
        self,
        app: App,
        screenshots: Path | None = None,
        town: str = "brackenbury",
        residents: int = 10_000,
        rounds: int = 3,
        dwell: float | None = None,
    ) -> None:
        self.app = app
        self.folder = screenshots
        self.town = town
        self.residents = residents
        self.rounds = rounds
        self.dwell = dwell if dwell is not None else (0.3 if screenshots else 3.5)
        self.shots: list[Path] = []
        self._script = self.script()
        self._wait: Wait = 0.5
        self._seconds = 0.0

    def __call__(self, app: App, dt: float) -> None:
        if app.paused:
            return
        self._seconds += dt
        if isinstance(self._wait, float | int):
            if self._seconds < self._wait:
                return
        elif not self._wait():
            return
        self._seconds = 0.0
        try:
            self._wait = next(self._script)
        except StopIteration:
            if self.folder is not None:
                app.running = False
            else:
                self._script = self.script()
                self._wait = self.dwell

    def shoot(self, label: str) -> None:
        """Save the screen as it is now (after one more frame has been drawn)."""
        if self.folder is None:
            return
        self.app.draw()
        name = f"{len(self.shots) + 1:02d}-{label}.png"
        self.shots.append(self.app.screenshot(self.folder, name))

    def _previewed(self) -> bool:
        """The plan's preview is in (or its problems are on the screen)."""
        session = self.app.session
        return (
            session.preview is not None
            or session.preview_error is not None
            or bool(session.problems())
        )

    def _on(self, name: str) -> Callable[[], bool]:
        return lambda: self.app.screen.name == name and not self.app.session.busy

    def script(self) -> Iterator[Wait]:
        app = self.app
        from game.screens.start import StartScreen

        if app.screen.name != "start":
            app.go("start")
        start = app.screen
        assert isinstance(start, StartScreen)
        start.choice = self.town
        start.residents = self.residents
        start.rounds = self.rounds
        start.years = 2
        start.teams = ["council", "health", "vcse"]
        app.rebuild()
        yield self.dwell
        self.shoot("start")
        start.command("start")
        yield 0.2
        self.shoot("building")
        yield self._on("briefing")
        for round_ in range(1, self.rounds + 1):
            yield self.dwell
            self.shoot(f"briefing-round{round_}")
            app.screen.command("plan")
            yield self._on("plan")
            game = app.session.live
            decisions = bot_decisions("partnership", game)
            plan = app.screen
            assert isinstance(plan, PlanScreen)
            for team in game.teams:
                plan.command(f"team:{team}")
                app.session.clear_team(team)  # the bot plans afresh: last round's goes
                for item, pounds in decisions.get(team, {}).items():
                    app.session.set_pounds(team, item, pounds)
                    app.session.end_edit()
                    plan.selected[team] = item
                app.rebuild()
                yield self.dwell / 2
            plan.still = 10.0
            yield self._previewed
            yield lambda: app.session.band_ready  # the range, shaded behind the lines
            yield self.dwell
            self.shoot(f"plan-round{round_}")
            plan.command("simulate")
            yield self._on("simulate")
            yield 2.6
            self.shoot(f"simulate-round{round_}")
            yield lambda: getattr(app.screen, "finished", True)
            yield self.dwell
            app.screen.command("results")
            yield self._on("dashboard")
            yield self.dwell
            yield lambda: app.session.played_band_ready
            yield self.dwell / 2
            self.shoot(f"dashboard-round{round_}")
            app.navigate("network")
            network = app.screen
            assert isinstance(network, NetworkScreen)
            network.selected = "mental_health"
            yield self.dwell
            self.shoot(f"network-round{round_}")
            if round_ == self.rounds > 1:  # the change traced back across rounds (A)
                network.across = True
                yield self.dwell
                self.shoot("network-across")
                network.across = False
            app.navigate("dashboard")
            yield self.dwell / 2
            app.screen.command("briefing" if round_ < self.rounds else "debrief")
            yield self._on("briefing" if round_ < self.rounds else "debrief")
        yield lambda: app.session.played_band_ready
        yield self.dwell
        self.shoot("debrief")
        if self.folder is not None:
            app.screen.command("export")
            yield lambda: self._on("debrief")() and app.screen.exported is not None  # type: ignore[attr-defined]
            yield self.dwell
            self.shoot("debrief-exported")
            app.show_help = True
            yield self.dwell / 2
            self.shoot("help")
            app.show_help = False
