"""Simulating a round: the years pass while pulses travel the ripple network.

The round is simulated on the session's worker thread; meanwhile this screen animates what the
teams funded. Each funded intervention starts pulses at the nodes it moves (once it has been
built), and each pulse travels along the links out of them, sized by the link's strength. A link
with a delay holds its pulse half-way, with a clock that runs down, for as many seconds as it
has years of delay: delays are seen, not told. Arrivals set off weaker pulses in turn. When the
round's years have passed and the results are in, the dashboard shows them.
"""

from __future__ import annotations

import heapq
import math
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pygame

from game.draw import DOWN, INK, MUTED, UP, WARN
from game.netview import NetworkPicture, legend
from game.screens.base import Screen
from model.engine import RoundReport
from model.errors import ScenarioError

if TYPE_CHECKING:
    from game.app import App

__all__ = ["SimulateScreen", "plan_pulses"]

YEAR_SECONDS = 1.6
"""How long one simulated year lasts on screen."""

TRAVEL = 0.9
"""Seconds a pulse takes to travel a link (plus its delay, held half-way)."""

MAX_PULSES = 400
FAINTEST = 0.02
"""Pulses weaker than this (points) are not drawn: the picture shows what matters."""


@dataclass(frozen=True, order=True)
class Pulse:
    """A signal on one link: it leaves at ``start`` seconds and arrives at ``arrive``."""

    start: float
    link: int
    strength: float
    sign: int
    delay: int

    @property
    def arrive(self) -> float:
        return self.start + TRAVEL + self.delay * YEAR_SECONDS


def plan_pulses(
    network: Any, pushes: list[tuple[str, float, float]], horizon: float
) -> list[Pulse]:
    """Every pulse of a round: ``pushes`` are (node, points, first second felt). A pulse's
    arrival sets off pulses on the next links (strength times weight), strongest first, until
    they are too faint, too many, or beyond the horizon."""
    out: list[Pulse] = []
    queue: list[tuple[float, str, float, int]] = []  # (time, node, signed strength, generation)
    for node, points, when in pushes:
        heapq.heappush(queue, (when, node, points, 0))
    by_source: dict[str, list[Any]] = {}
    for link in network.links:
        by_source.setdefault(link.source, []).append(link)
    while queue and len(out) < MAX_PULSES:
        when, node, strength, generation = heapq.heappop(queue)
        if when > horizon or generation > 3:
            continue
        for link in by_source.get(node, []):
            passed = strength * link.weight
            if abs(passed) < FAINTEST:
                continue
            pulse = Pulse(when, link.index, abs(passed), 1 if passed > 0 else -1, link.delay)
            out.append(pulse)
            heapq.heappush(queue, (pulse.arrive, link.target, passed, generation + 1))
    return out


class SimulateScreen(Screen):
    name = "simulate"
    title = "Simulate"
    keys_help = (
        ("Enter", "see the results (once the years have passed)"),
        ("S", "skip the animation"),
    )

    def __init__(self, app: App) -> None:
        super().__init__(app)
        session = self.session
        game = session.live
        self.first_year = game.year + 1
        self.years = game.years_per_round
        self.start_scores = dict(game.history[-1].scores)
        self.round = game.round
        scenario = game.scenario
        drafts = session.drafts
        # Every year of the round, what is funded pushes its nodes once it is built, and what
        # earlier rounds built keeps pushing: pulses set off from those nodes each year.
        working = {p.intervention: p.strength for p in game.pipeline() if p.strength > 0}
        pushes = []
        for item in scenario.interventions.interventions:
            pounds = sum(d.get(item.id, 0.0) for d in drafts.values())
            scale = pounds / game.cost(item.id)
            for year in range(self.years):
                if scale > 0 and year >= item.build_years:
                    strength = scale
                else:
                    strength = working.get(item.id, 0.0)
                if strength <= 0:
                    continue
                for effect in item.effects:
                    pushes.append((effect.node, effect.points * strength, year * YEAR_SECONDS))
        self.funded = sum(1 for d in drafts.values() for v in d.values() if v > 0)
        self.pulses = plan_pulses(session.network, pushes, self.years * YEAR_SECONDS + 8)
        self.sources = {node for node, _, _ in pushes}
        self.t = 0.0
        self.job: Future[Any] = session.simulate()
        self.report: RoundReport | None = None
        self.error: str | None = None
        self.picture: NetworkPicture | None = None

    @property
    def finished(self) -> bool:
        return self.report is not None and self.t >= self.years * YEAR_SECONDS

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        rect = pygame.Rect(
            area.left + px(16), area.top + px(70), area.width - px(32), area.height - px(110)
        )
        self.picture = NetworkPicture(
            self.session.framework, self.session.network, rect, self.style
        )
        if self.finished:
            self.button(
                pygame.Rect(area.right - px(264), area.top + px(8), px(240), px(46)),
                "See the results »",
                "results",
                tip="The dashboard (Enter)",
                key=pygame.K_RETURN,
                kind="primary",
            )
        else:
            self.button(
                pygame.Rect(area.right - px(170), area.top + px(8), px(146), px(46)),
                "Skip",
                "skip",
                tip="Skip the animation (S)",
                key=pygame.K_s,
            )

    def command(self, name: str) -> None:
        if name == "skip":
            self.t = max(self.t, self.years * YEAR_SECONDS)
        elif name == "results" and self.finished:
            self.app.go("dashboard")

    def update(self, dt: float) -> None:
        was_finished = self.finished
        if self.report is None and self.job.done():
            try:
                self.report = self.job.result()
                self.session.new_round()  # fresh drafts and timer for the next round
            except ScenarioError as exc:
                self.error = exc.report()  # the drafts stay: nobody loses their plan
            except Exception as exc:  # a fault of ours: say so, keep the window and the plan
                self.error = self.app.failure(exc)
            self.app.rebuild()  # the top bar's buttons come back once the game is free
        end = self.years * YEAR_SECONDS
        if self.t < end or self.report is not None:
            self.t = min(self.t + dt, end + 30.0)
        if self.error is not None:
            self.app.go("plan")
            self.app.toast(self.error.splitlines()[-1], 8.0)
            return
        if self.finished and not was_finished:
            self.app.rebuild()

    def year_shown(self) -> int:
        k = min(self.years, int(self.t / YEAR_SECONDS))
        if self.report is None:
            k = min(k, 0)
        return k

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        area = self.app.area
        k = self.year_shown()
        year = self.first_year - 1 + k
        scores = (
            self.start_scores if k == 0 or self.report is None else self.report.years[k - 1].scores
        )
        title = f"Round {self.round}: year {year}"
        s.text(surface, title, (area.left + px(24), area.top + px(10)), 28, INK, bold=True)
        status = (
            f"{self.funded} funding decisions ripple through the town"
            if self.report is not None or self.t < 0.5
            else "Simulating the town…"
        )
        if self.finished:
            status = "The round is over: waiting pulses are effects still to come."
        s.text(surface, status, (area.left + px(24), area.top + px(46)), 15, MUTED)
        bar = pygame.Rect(area.left + px(420), area.top + px(20), px(420), px(14))
        pygame.draw.rect(surface, (222, 224, 226), bar, border_radius=px(7))
        done = min(1.0, self.t / (self.years * YEAR_SECONDS))
        pygame.draw.rect(
            surface,
            UP,
            (bar.left, bar.top, round(bar.width * done), bar.height),
            border_radius=px(7),
        )
        s.text(
            surface,
            f"years {self.first_year}-{self.first_year + self.years - 1}",
            (bar.right + px(10), bar.centery),
            14,
            MUTED,
            anchor="midleft",
        )
        assert self.picture is not None
        self.picture.draw(surface, scores, self.app.safe_colours)
        self._draw_pulses(surface)
        end = legend(
            surface,
            s,
            (self.picture.rect.left, area.bottom - px(32)),
            self.app.safe_colours,
            self.session.framework,
            rings=True,
        )
        s.text(
            surface,
            "Pulses: blue pushes up, orange pushes down; a clock is a delay",
            (self.picture.rect.right, area.bottom - px(23)),
            12,
            MUTED,
            anchor="midright",
            width=self.picture.rect.right - end - px(6),
        )

    def _draw_pulses(self, surface: pygame.Surface) -> None:
        px = self.style.px
        picture = self.picture
        assert picture is not None
        links = self.session.network.links
        now = self.t
        for pulse in self.pulses:
            if now < pulse.start:
                continue
            link = links[pulse.link]
            path = picture.curve(link)
            half = TRAVEL / 2
            wait = pulse.delay * YEAR_SECONDS
            elapsed = now - pulse.start
            if elapsed >= TRAVEL + wait:
                continue
            if elapsed < half:
                where, waiting = elapsed / half * 0.5, None
            elif elapsed < half + wait:
                where, waiting = 0.5, (elapsed - half) / wait
            else:
                where, waiting = 0.5 + (elapsed - half - wait) / half * 0.5, None
            x, y = picture.along(path, where)
            colour = UP if pulse.sign > 0 else DOWN
            radius = px(4) + round(min(1.0, pulse.strength / 0.2) * px(9))
            pygame.draw.circle(surface, colour, (x, y), radius)
            if waiting is not None:
                ring = pygame.Rect(0, 0, 2 * (radius + px(5)), 2 * (radius + px(5)))
                ring.center = (round(x), round(y))
                pygame.draw.circle(surface, WARN, ring.center, ring.width // 2, max(1, px(1)))
                pygame.draw.arc(
                    surface,
                    WARN,
                    ring,
                    math.pi / 2,
                    math.pi / 2 + 2 * math.pi * (1 - waiting),
                    max(2, px(3)),
                )
        for node in self.sources:
            if node in picture.pos:
                x, y = picture.pos[node]
                pygame.draw.circle(surface, INK, (x, y), picture.radius + px(7), max(2, px(2)))
