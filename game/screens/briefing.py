"""The round's briefing: where the town stands, what has happened, what each team is after.

Read out by the facilitator at the start of every round: the year, the events drawn for this
round and the situations the town is in, in plain words; then each team's objective, how it is
going (its objective's score now, at the start, and against doing nothing) and its budget.
"""

from __future__ import annotations

import pygame

from game.draw import DOWN, INK, MUTED, PANEL, UP, WARN, band_glyph, hex_colour
from game.screens.base import Screen
from model.scoring import band_of

__all__ = ["BriefingScreen"]


class BriefingScreen(Screen):
    name = "briefing"
    title = "Briefing"
    keys_help = (("Enter", "go on to planning"),)

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        game = self.session.live
        label, command = (
            ("Plan the round", "plan") if not game.over else ("See the debrief", "debrief")
        )
        self.button(
            pygame.Rect(area.right - px(244), area.bottom - px(64), px(220), px(48)),
            f"{label} »",
            command,
            tip="Enter",
            key=pygame.K_RETURN,
            kind="primary",
        )

    def command(self, name: str) -> None:
        self.app.navigate(name)

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        session = self.session
        game = session.live
        area = self.app.area
        first = game.year + 1
        last = game.year + game.years_per_round
        title = (
            f"Round {game.round} of {game.rounds}: years {first} to {last}"
            if not game.over
            else "The game is over"
        )
        s.text(surface, title, (area.left + px(24), area.top + px(14)), 28, INK, bold=True)
        left = pygame.Rect(area.left + px(24), area.top + px(64), px(560), area.height - px(140))
        pygame.draw.rect(surface, PANEL, left, border_radius=px(8))
        inner = left.inflate(-px(24), -px(20))
        y = inner.top
        if game.round == 1 and session.town is not None:
            s.text(surface, session.town.name, (inner.left, y), 19, INK, bold=True)
            text = getattr(session.town, "briefing", None) or session.town.description
            y = s.wrapped(
                surface,
                text,
                pygame.Rect(inner.left, y + px(28), inner.width, px(150)),
                15,
                MUTED,
                max_lines=5,
            ) + px(10)
        situations = {x.id: x for x in game.scenario.events.situations}
        now = [situations[sid] for sid in game.situations_now()]
        s.text(surface, "Situations the town is in", (inner.left, y), 19, INK, bold=True)
        y += px(28)
        if not now:
            s.text(surface, "None.", (inner.left, y), 15, MUTED)
            y += px(26)
        for situation in now:
            y = s.wrapped(
                surface,
                f"{situation.name}: {situation.description}",
                pygame.Rect(inner.left, y, inner.width, px(42)),
                15,
                WARN,
                max_lines=2 if len(now) <= 2 else 1,
            ) + px(4)
        y += px(6)
        s.text(surface, "What happens this round", (inner.left, y), 19, INK, bold=True)
        y += px(28)
        events = {e.id: e for e in game.scenario.events.events}
        drawn = sorted(game.pending_events, key=lambda d: (d.year, d.name))
        if not drawn:
            s.text(surface, "No events: a quiet round.", (inner.left, y), 15, MUTED)
        for k, draw in enumerate(drawn):
            if y > inner.bottom - px(60):
                s.text(surface, f"…and {len(drawn) - k} more", (inner.left, y), 15, MUTED)
                break
            event = events[draw.event]
            # share the room left between the events still to show: as many lines as fit
            room = (inner.bottom - y) / (len(drawn) - k) - px(30)
            lines = max(1, min(3, int(room // s.font(15).get_linesize())))
            s.text(surface, f"Year {draw.year}: {draw.name}", (inner.left, y), 17, WARN, bold=True)
            y = s.wrapped(
                surface,
                f"{event.description} (a {event.likelihood} event)",
                pygame.Rect(inner.left, y + px(24), inner.width, inner.bottom - y - px(24)),
                15,
                INK,
                max_lines=lines,
            ) + px(6)
        self._draw_teams(
            surface,
            pygame.Rect(
                left.right + px(20), left.top, area.right - left.right - px(44), left.height
            ),
        )

    def _draw_teams(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        s, px = self.style, self.style.px
        session = self.session
        game = session.live
        fw = session.framework
        now, start = game.history[-1], game.history[0]
        base = game.baseline_history[-1]
        budgets = game.budgets()
        sectors = {x.id: x for x in session.interventions.sectors}
        s.text(surface, "The teams", (rect.left, rect.top - px(2)), 19, INK, bold=True)
        teams = game.teams
        gap = px(10)
        height = (rect.height - px(30) - gap * (len(teams) - 1)) // max(1, len(teams))
        y = rect.top + px(30)
        for team in teams:
            sector = sectors[team]  # type: ignore[index]  # team ids are sector ids
            card = pygame.Rect(rect.left, y, rect.width, height)
            pygame.draw.rect(surface, PANEL, card, border_radius=px(8))
            inner = card.inflate(-px(20), -px(12))
            s.text(surface, sector.name, inner.topleft, 18, INK, bold=True)
            standard = sector.budget_per_10k * game.population_units()
            budget = budgets[team]
            note = "" if abs(budget - standard) < 1 else f" (usually £{standard:,.0f})"
            s.text(
                surface,
                f"£{budget:,.0f} a year{note}",
                (inner.right, inner.top),
                16,
                WARN if note else INK,
                bold=True,
                anchor="topright",
            )
            node = sector.objective_node
            score, first, vs = (
                now.scores[node],
                start.scores[node],
                now.scores[node] - base.scores[node],
            )
            band = band_of(score, fw.bands)
            colour = hex_colour(band.colour_safe if self.app.safe_colours else band.colour)
            chip = pygame.Rect(inner.left, inner.top + px(30), px(26), px(26))
            pygame.draw.rect(surface, colour, chip, border_radius=px(4))
            band_glyph(surface, band.id, chip.center, px(16))
            s.text(
                surface,
                f"{fw.name_of(node)} {score:.1f} ({band.name})",
                (chip.right + px(8), chip.centery),
                16,
                INK,
                bold=True,
                anchor="midleft",
            )
            change = f"since the start {score - first:+.2f}"
            if game.reports:
                change += f" · against doing nothing {vs:+.2f}"
            s.text(
                surface,
                change,
                (chip.right + px(8), chip.bottom + px(4)),
                15,
                UP if vs > 0.005 else DOWN if vs < -0.005 else MUTED,
            )
            chip = chip.move(0, px(24))
            if height > px(110):
                s.wrapped(
                    surface,
                    f"Aim: {sector.objective}",
                    pygame.Rect(
                        inner.left,
                        chip.bottom + px(6),
                        inner.width,
                        inner.bottom - chip.bottom - px(6),
                    ),
                    15,
                    MUTED,
                    max_lines=2,
                )
            y += height + gap
