"""The debrief: what the teams did, what happened, and what it changed, against doing nothing.

The three headline elements over the whole game with the baseline beneath and the rounds and
events marked; the end against doing nothing; and a scrollable account: round by round, each
team's decisions and the events; team by team, what it funded and how its objective moved.
One key exports the whole debrief (charts, a Markdown and an HTML report, the tables and the
save) into a folder the screen names.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.draw import BASELINE, HEADLINE_COLOURS, INK, MUTED, PANEL, Series, line_chart
from game.screens.base import Screen
from game.screens.plan import money

if TYPE_CHECKING:
    from game.app import App

__all__ = ["DebriefScreen", "debrief_html"]


def debrief_html(session: Any) -> str:
    """The debrief's account in pygame_gui's HTML subset (bold, colour, line breaks)."""
    game = session.game
    fw = session.framework
    names = {i.id: i.name for i in session.interventions.interventions}
    short = {s.id: s.short_name for s in session.interventions.sectors}
    lines: list[str] = []
    try:
        from model.debrief import debrief

        summary = debrief(game)
        for sentence in getattr(summary, "headlines", ()):
            lines.append(f"• {html.escape(sentence)}")
        if lines:
            lines.append("")
    except ImportError:
        pass
    lines.append("<b>Round by round</b>")
    for report in game.reports:
        lines.append(f"<b>Round {report.round}</b> (years {report.first_year}-{report.last_year})")
        for team in game.teams:
            spend = report.decisions.get(team, {})
            if not spend:
                lines.append(f"  {short[team]}: nothing funded")
                continue
            items = ", ".join(f"{html.escape(names[i])} {money(v)}" for i, v in spend.items())
            lines.append(f"  {short[team]}: {items}")
        shared = [names[a.intervention] for a in report.allocations if a.partnership]
        if shared:
            lines.append(f"  <i>Co-funded: {html.escape(', '.join(shared))}</i>")
        for event in report.events:
            lines.append(
                f"  <font color='#b3541e'>Event, year {event.year}: "
                f"{html.escape(event.name)}</font>"
            )
        end = report.years[-1].scores
        base = report.baseline_years[-1].scores
        moves = ", ".join(
            f"{fw.headline_names[k]} {end[h] - base[h]:+.2f}" for k, h in enumerate(fw.headline_ids)
        )
        lines.append(f"  Against doing nothing at the round's end: {moves}")
    lines.append("")
    lines.append("<b>Team by team</b>")
    sectors = {s.id: s for s in session.interventions.sectors}
    now, start, base = game.history[-1], game.history[0], game.baseline_history[-1]
    for team in game.teams:
        total = sum(sum(d.get(team, {}).values()) for d in game.decisions) * game.years_per_round
        node = sectors[team].objective_node
        lines.append(
            f"<b>{html.escape(sectors[team].name)}</b>: {money(total)} over the game. "
            f"{html.escape(fw.name_of(node))} from {start.scores[node]:.2f} "
            f"to {now.scores[node]:.2f} "
            f"({now.scores[node] - base.scores[node]:+.2f} against doing nothing)"
        )
    return "<br>".join(lines)


class DebriefScreen(Screen):
    name = "debrief"
    title = "Debrief"
    keys_help = (("E", "export the debrief pack"), ("N", "a new game"))

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.exported: str | None = None

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        right = pygame.Rect(
            area.left + px(700), area.top + px(64), area.right - px(724), area.height - px(140)
        )
        self.account = pygame_gui.elements.UITextBox(debrief_html(self.session), right, self.ui)
        y = area.bottom - px(64)
        self.button(
            pygame.Rect(right.left, y, px(270), px(48)),
            "Export the debrief pack",
            "export",
            tip="Charts, a report and the tables in one folder (E)",
            key=pygame.K_e,
            kind="primary",
        )
        self.button(
            pygame.Rect(right.left + px(282), y, px(170), px(48)),
            "A new game",
            "new",
            tip="Back to the start screen (N)",
            key=pygame.K_n,
        )
        self._chart = pygame.Rect(area.left + px(24), area.top + px(64), px(656), px(340))
        self._ends = pygame.Rect(
            area.left + px(24),
            self._chart.bottom + px(14),
            px(656),
            area.bottom - self._chart.bottom - px(30),
        )

    def command(self, name: str) -> None:
        if name == "export":
            self.export()
        elif name == "new":
            from game.screens.start import StartScreen

            self.app.show(StartScreen(self.app))

    def export(self) -> None:
        session = self.session
        try:
            from game.export import export_debrief
        except ImportError:
            self.app.toast("The debrief export is not available in this version.")
            return
        town = session.town
        folder = (
            session.home
            / "exports"
            / f"{town.id}-seed{session.setup.seed}-round{len(session.game.reports)}"
        )
        export_debrief(session.game, town.name, session.setup.town_ref, folder)
        self.exported = str(folder)
        self.app.toast(f"Debrief exported to {folder}", 8.0)

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        game = self.session.game
        fw = self.session.framework
        area = self.app.area
        town = self.session.town.name if self.session.town else "the town"
        s.text(
            surface,
            f"Debrief: {town} after {game.year} years",
            (area.left + px(24), area.top + px(14)),
            28,
            INK,
            bold=True,
        )
        pygame.draw.rect(surface, PANEL, self._chart, border_radius=px(8))
        history, baseline = game.history, game.baseline_history
        series = []
        for k, h in enumerate(fw.headline_ids):
            series.append(Series([r.scores[h] for r in baseline], BASELINE, 2, dashed=True))
            series.append(
                Series(
                    [r.scores[h] for r in history],
                    HEADLINE_COLOURS.get(h, INK),
                    3,
                    label=fw.headline_names[k],
                )
            )
        marks = [(r.first_year - 1, f"round {r.round}") for r in game.reports]
        line_chart(
            surface,
            s,
            self._chart.inflate(-px(20), -px(16)),
            [r.year for r in history],
            series,
            marks=marks,
            title="The headline elements, played (solid) and doing nothing (dashed)",
        )
        pygame.draw.rect(surface, PANEL, self._ends, border_radius=px(8))
        inner = self._ends.inflate(-px(20), -px(14))
        width = inner.width // 3
        for k, h in enumerate(fw.headline_ids):
            x = inner.left + k * width
            end, start, base = history[-1].scores[h], history[0].scores[h], baseline[-1].scores[h]
            colour = HEADLINE_COLOURS.get(h, INK)
            s.text(surface, fw.headline_names[k], (x, inner.top), 16, colour, bold=True)
            s.text(surface, f"{end:.2f}", (x, inner.top + px(24)), 34, INK, bold=True)
            s.text(surface, f"started {start:.2f}", (x, inner.top + px(70)), 14, MUTED)
            s.text(
                surface,
                f"doing nothing {base:.2f} ({end - base:+.2f})",
                (x, inner.top + px(90)),
                14,
                MUTED,
            )
        if self.exported:
            s.text(
                surface,
                f"Exported to {self.exported}",
                (self.account.rect.left, self.account.rect.bottom + px(4)),
                12,
                MUTED,
            )
