"""A waiting screen: the town is being built, a save replayed, a round undone.

The work runs on the session's worker thread; this screen keeps the window alive (it redraws
every frame, so nothing freezes) and hands the result on when the job is done. If the job fails
with a problem the player can fix (a bad save file), the screen goes back and says what it was.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

import pygame

from game.draw import ACCENT, INK, MUTED
from game.screens.base import Screen
from model.errors import ScenarioError

if TYPE_CHECKING:
    from game.app import App

__all__ = ["WaitingScreen"]


class WaitingScreen(Screen):
    name = "waiting"

    def __init__(
        self,
        app: App,
        job: Future[Any],
        then: Callable[[Any], None],
        label: str,
        back: Screen,
    ) -> None:
        super().__init__(app)
        self.job, self.then, self.label, self.back = job, then, label, back
        self.elapsed = 0.0

    def update(self, dt: float) -> None:
        self.elapsed += dt
        if not self.job.done():
            return
        try:
            result = self.job.result()
        except ScenarioError as exc:
            self.app.show(self.back)
            self.app.toast(exc.report().splitlines()[-1].strip(), 8.0)
            return
        except Exception as exc:  # a fault of ours: say so, keep the window and the work
            self.app.show(self.back)
            self.app.toast(self.app.failure(exc), 12.0)
            return
        self.then(result)

    def draw(self, surface: pygame.Surface) -> None:
        s = self.style
        centre = self.app.area.center
        radius = s.px(28)
        for k in range(10):
            angle = self.elapsed * 4 + k * math.tau / 10
            shade = 60 + k * 18
            pygame.draw.circle(
                surface,
                (max(0, ACCENT[0] - 80 + shade), ACCENT[1], ACCENT[2]),
                (
                    centre[0] + radius * math.cos(angle),
                    centre[1] - s.px(40) + radius * math.sin(angle),
                ),
                s.px(3 + k * 0.5),
            )
        s.text(
            surface,
            f"{self.label}…",
            (centre[0], centre[1] + s.px(20)),
            24,
            INK,
            bold=True,
            anchor="center",
        )
        s.text(
            surface,
            f"{self.elapsed:.0f} s",
            (centre[0], centre[1] + s.px(56)),
            16,
            MUTED,
            anchor="center",
        )
