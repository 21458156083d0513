"""The branches screen: rewind to any earlier round and branch there, perhaps holding weights
a team argued for (accepted on the network screen), and two branches side by side: headline
elements, domains and gaps, and why they differ (model/branches.py, explained by the
attribution of model/attribution.py).

Reached with B from the network screen. Drawing only reads; every change goes
through the session (``make_branch``, ``switch_branch``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from game.branching import MAIN
from game.draw import DOWN, INK, MUTED, PANEL, UP, signed
from game.screens.base import Screen
from model.branches import Comparison, compare
from model.errors import ScenarioError
from model.why import rounded_parts

if TYPE_CHECKING:
    from game.app import App

__all__ = ["BranchesScreen"]


class BranchesScreen(Screen):
    name = "branches"
    title = "Branches"
    keys_help = (
        ("Left / Right", "the round to rewind to"),
        ("B", "branch there (with the weights accepted on the network screen), and play it"),
        ("Up / Down", "the branch to set beside the one in play"),
        ("Enter", "play on in the chosen branch"),
    )

    def __init__(self, app: App) -> None:
        super().__init__(app)
        desk = self.session.desk
        played = len(desk.main.reports) if desk is not None else 0
        self.rewind_to = max(played - 1, 0)
        self.other: str | None = None
        self._compared: dict[tuple[str, str, int, int], Comparison | str] = {}

    def _names(self) -> list[str]:
        desk = self.session.desk
        return desk.names if desk is not None else [MAIN]

    def chosen(self) -> str:
        """The branch set beside the one in play: the one chosen, else the first other one."""
        names = self._names()
        current = self.session.desk.current if self.session.desk is not None else MAIN
        if self.other in names and self.other != current:
            return self.other
        others = [n for n in names if n != current]
        return others[-1] if others else current

    def on_key(self, event: pygame.event.Event) -> bool:
        desk = self.session.desk
        if desk is None:
            return super().on_key(event)
        played = len(desk.main.reports)
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            step = 1 if event.key == pygame.K_RIGHT else -1
            self.rewind_to = min(max(self.rewind_to + step, 0), played)
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN):
            names = [n for n in desk.names if n != desk.current]
            if names:
                k = names.index(self.chosen()) if self.chosen() in names else 0
                step = 1 if event.key == pygame.K_DOWN else -1
                self.other = names[(k + step) % len(names)]
            return True
        if event.key == pygame.K_b and not self.session.busy:
            job = self.session.make_branch(self.rewind_to)

            def then(_made: object) -> None:
                self.app.toast(
                    f"A branch from the end of round {self.rewind_to}: plan its next round."
                )
                self.app.go("briefing")

            self.app.wait(job, then, "Making the branch", back=self)
            return True
        if event.key == pygame.K_RETURN and not self.session.busy:
            target = self.chosen()
            if target != desk.current:
                self.session.switch_branch(target)
                self.app.toast(f"Playing on in {target}.")
                self.other = None
            return True
        return super().on_key(event)

    def _comparison(self) -> Comparison | str:
        desk = self.session.desk
        assert desk is not None
        a, b = desk.current, self.chosen()
        ga, gb = desk.game(a), desk.game(b)
        key = (a, b, len(ga.reports), len(gb.reports))
        if key not in self._compared:
            if a == b:
                result: Comparison | str = "Make a branch (B) to set two side by side."
            else:
                try:
                    result = compare(a, ga, b, gb, top=3)
                except ScenarioError as exc:
                    result = exc.problems[0].message
            self._compared = {key: result}
        return self._compared[key]

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        area = self.app.area
        desk = self.session.desk
        left = pygame.Rect(area.left + px(16), area.top + px(10), px(360), area.height - px(20))
        pygame.draw.rect(surface, PANEL, left, border_radius=px(8))
        inner = left.inflate(-px(24), -px(20))
        y = inner.top
        s.text(surface, "Branches", (inner.left, y), 19, INK, bold=True)
        y += px(30)
        if desk is None:
            return
        fw = self.session.framework
        for name in desk.names:
            game = desk.game(name)
            found = desk.branch(name)
            mark = "> " if name == desk.current else "   "
            bold = name in (desk.current, self.chosen())
            rounds = f"{len(game.reports)} of {game.rounds} rounds"
            s.text(surface, f"{mark}{name}", (inner.left, y), 15, INK, bold=bold)
            s.text(surface, rounds, (inner.right, y), 13, MUTED, anchor="topright")
            y += px(20)
            if found is not None:
                words = f"from the end of round {found.after_round}"
                for key, weight in found.weights.items():
                    a, _, b = key.partition("->")
                    words += f"; {fw.name_of(a)} -> {fw.name_of(b)} {weight:+.2f}"
                y = s.wrapped(
                    surface,
                    words,
                    pygame.Rect(inner.left + px(18), y, inner.width - px(18), px(60)),
                    12,
                    MUTED,
                ) + px(4)
        y += px(10)
        accepted = "; ".join(
            f"{fw.name_of(k.partition('->')[0])} -> {fw.name_of(k.partition('->')[2])} {w:+.2f}"
            for k, w in desk.accepted.items()
        )
        text = (
            f"Rewind to the end of round {self.rewind_to} (Left / Right), then B to branch "
            "there and play on. "
            + (
                f"The branch will hold the weights accepted in the debate: {accepted}."
                if accepted
                else "No weights accepted: the branch keeps the file's (debate a link's "
                "weight on the network screen: W, + and -, Y to accept)."
            )
            + " Up / Down: the branch beside the one in play; Enter: play on in it."
        )
        s.wrapped(surface, text, pygame.Rect(inner.left, y, inner.width, inner.bottom - y), 13, INK)
        right = pygame.Rect(
            left.right + px(14),
            area.top + px(10),
            area.right - left.right - px(30),
            area.height - px(20),
        )
        pygame.draw.rect(surface, PANEL, right, border_radius=px(8))
        self._draw_comparison(surface, right.inflate(-px(24), -px(20)))

    def _draw_comparison(self, surface: pygame.Surface, inner: pygame.Rect) -> None:
        s, px = self.style, self.style.px
        result = self._comparison()
        if isinstance(result, str):
            s.wrapped(surface, result, inner, 15, MUTED)
            return
        title = (
            f"{result.a} (in play, >) and {result.b} side by side, after round {result.rounds}; "
            f"difference: {result.b} minus {result.a}"
        )
        y = s.wrapped(
            surface,
            title,
            pygame.Rect(inner.left, inner.top, inner.width, px(50)),
            16,
            INK,
            bold=True,
        ) + px(4)
        for words in result.weights:
            y = s.wrapped(
                surface,
                f"Weights differ: {words}",
                pygame.Rect(inner.left, y, inner.width, px(40)),
                12,
                MUTED,
            )
        columns = (inner.left, inner.left + px(215), inner.left + px(275), inner.left + px(345))
        half = px(425)
        y += px(4)
        top = y
        for header in ((result.a, result.b, "difference"),):
            for x, words in zip(columns[1:], header, strict=True):
                s.text(surface, words, (x + px(60), y), 12, MUTED, anchor="topright", width=px(70))
        y += px(18)
        for title, lines in (
            ("Headline elements", result.headlines),
            ("Domains", result.domains),
            ("Gaps (raw, lower is fairer)", result.gaps),
        ):
            s.text(surface, title, (inner.left, y), 13, INK, bold=True)
            y += px(18)
            for line in lines:
                better = -line.difference if line.lower_is_better else line.difference
                tone = UP if better > 0.005 else DOWN if better < -0.005 else MUTED
                s.text(surface, line.name, (inner.left + px(8), y), 12, INK, width=px(205))
                s.text(
                    surface, f"{line.a:.2f}", (columns[1] + px(60), y), 12, INK, anchor="topright"
                )
                s.text(
                    surface, f"{line.b:.2f}", (columns[2] + px(60), y), 12, INK, anchor="topright"
                )
                s.text(
                    surface,
                    signed(line.difference),
                    (columns[3] + px(60), y),
                    12,
                    tone,
                    anchor="topright",
                    bold=True,
                )
                y += px(16)
            y += px(4)
        # why they differ, beside the table
        x = inner.left + half
        width = inner.right - x
        y = top
        s.text(
            surface,
            f"Why {result.b} differs from {result.a}",
            (x, y),
            14,
            INK,
            bold=True,
            width=width,
        )
        y += px(22)
        for line in result.headlines:
            s.text(
                surface,
                f"{line.name} {signed(line.difference)}",
                (x, y),
                13,
                INK,
                bold=True,
                width=width,
            )
            y += px(18)
            parts = result.why[line.id]
            shown = rounded_parts([p.points for p in parts], line.difference)
            for part, points in zip(parts, shown, strict=True):
                rect = pygame.Rect(x + px(8), y, width - px(8) - px(48), inner.bottom - y)
                bottom = s.wrapped(surface, part.label, rect, 12, MUTED)
                s.text(surface, signed(points), (inner.right, y), 12, INK, anchor="topright")
                y = max(bottom, y + px(15)) + px(1)
            y += px(6)
