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

from game.band_view import WORKING, band_sentence, note_under, played_shades
from game.draw import BASELINE, HEADLINE_COLOURS, INK, MUTED, PANEL, Series, line_chart, money
from game.ledger_view import ledger_sentences
from game.lens import LENS_HELP, lens_button, lens_name, switch_lens
from game.screens.base import Screen
from game.why_across import traced_html
from model.debrief import debrief
from model.debrief_trace import trace_game
from model.ledger import ledger

if TYPE_CHECKING:
    from game.app import App

__all__ = ["DebriefScreen", "debrief_html"]


def debrief_html(session: Any) -> str:
    """The debrief's account in pygame_gui's HTML subset, from the same :class:`Debrief` the
    export writes (so the screen and the pack never disagree)."""
    summary = debrief(session.live, session.played_band)
    short = {s.id: s.short_name for s in session.interventions.sectors}
    lines = verdict_lines(session)
    lines += chance_lines(session, summary.chance)  # first: what the room asks first
    lines += [f"• {html.escape(sentence)}" for sentence in summary.sentences]
    lines += ["", "<b>Round by round</b>"]
    for entry in summary.timeline:
        lines.append(f"<b>Round {entry.round}</b> (years {entry.first_year}-{entry.last_year})")
        for team in summary.teams:
            funded = entry.team_funding(team.team)
            items = ", ".join(f"{html.escape(f.name)} {money(f.pounds_a_year)}" for f in funded)
            lines.append(f"  {short[team.team]}: {items or 'nothing funded'}")
        for shared in entry.co_funded:
            lines.append(
                f"  <i>Co-funded: {html.escape(shared.name)} "
                f"(+{shared.bonus:.0%} partnership bonus)</i>"
            )
        for event in entry.events:
            lines.append(
                f"  <font color='#b3541e'>Event, year {event.year}: "
                f"{html.escape(event.name)}</font>"
            )
        for change in entry.situations:
            verb = "set in" if change.started else "lifted"
            lines.append(f"  Year {change.year}: {html.escape(change.name)} {verb}")
        moves = ", ".join(
            f"{name} {entry.headlines[h] - entry.baseline_headlines[h]:+.2f}"
            for h, name in zip(
                session.framework.headline_ids, session.framework.headline_names, strict=True
            )
        )
        lines.append(f"  Against doing nothing at the round's end: {moves}")
    lines += ["", *traced_html(trace_game(session.live), session.framework)]
    lines += ["", "<b>A ledger for future generations</b>"]
    for title, sentences in ledger_sentences(ledger(session.live)).items():
        lines.append(f"<i>{html.escape(title)}</i>")
        lines += [f"  {html.escape(x)}" for x in sentences]
    lines += ["", "<b>Team by team</b> (the money is theirs; the outcome is everyone's)"]
    for team in summary.teams:
        lines.append(f"<b>{html.escape(team.name)}</b>: {money(team.pounds)} over the game")
        for item in team.interventions[:4]:
            nodes = ", ".join(
                f"{html.escape(e.score.name)} {e.score.vs_baseline:+.2f}" for e in item.effects
            )
            partners = (
                f" with {', '.join(short.get(p, p) for p in item.partners)}"
                if item.partners
                else ""
            )
            lines.append(f"  {html.escape(item.name)}{partners}: {nodes}")
    return "<br>".join(lines)


def chance_lines(session: Any, chance: tuple[str, ...]) -> list[str]:
    """Which changes are beyond chance (worked out on the worker: said so until it is in)."""
    if not chance:
        if session.played_band_pending:
            return [f"<i>Beyond chance? {WORKING}</i>", ""]
        problem = session.played_band_problem  # it failed: said, not a blank
        return [f"<i>Beyond chance? {html.escape(problem)}</i>", ""] if problem else []
    head, *rest = chance
    return [f"<b>{html.escape(head)}</b>", *(f"  • {html.escape(x)}" for x in rest), ""]


def verdict_lines(session: Any) -> list[str]:
    """The trainer's challenge judged, first in the account (nothing if none was chosen)."""
    if session.challenge is None:
        return []
    from model.challenges import judge

    verdict = judge(session.challenge, session.live)
    colour = "#0072b2" if verdict.met else "#b3541e"
    lines = [f"<font color='{colour}'><b>{html.escape(verdict.sentence)}</b></font>"]
    for result in verdict.results:
        lines.append(f"  • {html.escape(result.sentence)}")
    return [*lines, ""]


class DebriefScreen(Screen):
    name = "debrief"
    title = "Debrief"
    keys_help = (
        ("E", "export the debrief pack"),
        ("N", "a new game"),
        ("Page Up / Down", "scroll the account"),
        LENS_HELP,
    )

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.exported: str | None = None
        self._band_seen: tuple[bool, bool] = (False, False)

    def update(self, dt: float) -> None:
        """Ask for the game's band (which changes are beyond chance, on the worker); when it
        comes in, the account is built again to say so."""
        session = self.session
        session.refresh_played_band()
        seen = (session.played_band is not None, session.played_band_pending)
        if seen != self._band_seen:
            self._band_seen = seen
            self.app.rebuild()

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        right = pygame.Rect(
            area.left + px(700), area.top + px(64), area.right - px(724), area.height - px(140)
        )
        self.account = pygame_gui.elements.UITextBox(self.account_html(), right, self.ui)
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
        lens_button(self, pygame.Rect(right.right - px(210), area.top + px(12), px(210), px(42)))
        self._chart = pygame.Rect(area.left + px(24), area.top + px(64), px(656), px(340))
        self._ends = pygame.Rect(
            area.left + px(24),
            self._chart.bottom + px(14),
            px(656),
            area.bottom - self._chart.bottom - px(30),
        )

    def on_key(self, event: pygame.event.Event) -> bool:
        bar = self.account.scroll_bar
        if bar is not None and event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            step = 0.2 if event.key == pygame.K_PAGEDOWN else -0.2
            bar.set_scroll_from_start_percentage(min(1.0, max(0.0, bar.start_percentage + step)))
            return True
        return super().on_key(event)

    def account_html(self) -> str:
        """The account: everyone's, or in the lens's sector's words its own page of the pack."""
        if self.app.words is None:
            return debrief_html(self.session)
        from game.sector_pages import sector_html
        from model.sector_account import sector_account

        game = self.session.live
        brief = debrief(game)
        page = sector_html(sector_account(game, brief, self.app.words), brief)
        return "<br>".join([*verdict_lines(self.session), page])

    def command(self, name: str) -> None:
        if name == "lens":
            switch_lens(self.app)
        elif name == "export":
            self.export()
        elif name == "new":
            self.app.go("start")

    def export(self) -> None:
        """Write the debrief pack on the worker (charts take a moment), then name the folder."""
        from game.export import default_export_folder, export_debrief, now_label

        session = self.session
        town, game, setup = session.town, session.live, session.setup
        assert town is not None and setup is not None  # set with the game
        folder = default_export_folder(town.id, game.seed, now_label(), session.home / "exports")
        job = session.run_job(
            "Writing the debrief pack",
            lambda: export_debrief(
                game,
                town.name,
                setup.town_ref,
                folder,
                challenge=session.challenge,
                played=session.played_band,
            ),
        )

        def then(_paths: Any) -> None:
            self.exported = str(folder)
            self.app.show(self)
            self.app.toast("Debrief pack exported: its folder is named under the scores.", 8.0)

        self.app.wait(job, then, "Writing the debrief pack", back=self)

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        game = self.session.live
        fw = self.session.framework
        area = self.app.area
        town = self.session.town.name if self.session.town else "the town"
        said = lens_name(self.app)
        s.text(
            surface,
            f"Debrief: {town} after {game.year} years" + (f" · in {said}'s words" if said else ""),
            (area.left + px(24), area.top + px(14)),
            28,
            INK,
            bold=True,
            width=area.width - px(24) - px(240),  # up to the words button
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
        chart = self._chart.inflate(-px(20), -px(16))
        band, years = self.session.played_band, [r.year for r in history]
        shades = played_shades(band, years, baseline, fw)
        if band is not None and shades:
            chart = note_under(surface, s, band_sentence(band, "the game"), chart)
        line_chart(
            surface,
            s,
            chart,
            years,
            series,
            marks=marks,
            title="The headline elements, played (solid) and doing nothing (dashed)",
            shades=shades,
        )
        pygame.draw.rect(surface, PANEL, self._ends, border_radius=px(8))
        inner = self._ends.inflate(-px(20), -px(14))
        width = inner.width // 3
        for k, h in enumerate(fw.headline_ids):
            x = inner.left + k * width
            end, start, base = history[-1].scores[h], history[0].scores[h], baseline[-1].scores[h]
            colour = HEADLINE_COLOURS.get(h, INK)
            room = width - px(10)
            s.text(surface, fw.headline_names[k], (x, inner.top), 16, colour, True, width=room)
            s.text(surface, f"{end:.2f}", (x, inner.top + px(24)), 34, INK, bold=True)
            s.text(surface, f"started {start:.2f}", (x, inner.top + px(70)), 14, MUTED)
            s.text(
                surface,
                f"doing nothing {base:.2f} ({end - base:+.2f})",
                (x, inner.top + px(90)),
                14,
                MUTED,
                width=room,
            )
        if self.exported:  # under the numbers, where there is room for a long folder name
            s.wrapped(
                surface,
                f"The debrief pack is in {self.exported}",
                pygame.Rect(
                    inner.left, inner.top + px(124), inner.width, inner.bottom - inner.top - px(124)
                ),
                14,
                INK,
            )
