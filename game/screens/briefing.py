"""The round's briefing: where the town stands, what has happened, what each team is after.

Read out by the facilitator at the start of every round: the year, the events drawn for this
round and the situations the town is in, in plain words; then each team's objective, how it is
going (its objective's score now, at the start, and against doing nothing) and its budget.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.draw import DOWN, INK, MUTED, PANEL, UP, WARN, band_glyph, hex_colour
from game.screens.base import Screen, as_html, heading_html, scroll_by
from model.scoring import band_of

if TYPE_CHECKING:
    from game.app import App

__all__ = ["BriefingScreen", "likelihood_phrase"]

WARN_HTML = "#b3541e"
MUTED_HTML = "#4f5964"


def likelihood_phrase(word: str) -> str:
    """How likely an event was, in words, with the right article.

    >>> likelihood_phrase("unlikely"), likelihood_phrase("very_likely")
    ('an unlikely event', 'a very likely event')
    """
    words = word.replace("_", " ")
    article = "an" if words[:1].lower() in "aeiou" else "a"
    return f"{article} {words} event"


class BriefingScreen(Screen):
    name = "briefing"
    title = "Briefing"
    keys_help = (
        ("Enter", "go on to planning"),
        ("Page Up / Down", "scroll the town, its situations and this round's events"),
    )

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self._heights: dict[tuple[str, int, int, float], int] = {}

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        game = self.session.live
        label, command = (
            ("Plan the round", "plan") if not game.over else ("See the debrief", "debrief")
        )
        self.button(  # at the top right, as on the dashboard: the columns reach the bottom
            pygame.Rect(area.right - px(244), area.top + px(8), px(220), px(46)),
            f"{label} »",
            command,
            tip="Enter",
            key=pygame.K_RETURN,
            kind="primary",
        )
        self._left = pygame.Rect(
            area.left + px(24), area.top + px(64), px(560), area.height - px(88)
        )
        # everything read out is in one box that scrolls (mouse wheel, Page Up / Down), so a
        # long situation or a round with many events is never cut short
        self.story = pygame_gui.elements.UITextBox(
            self.story_html(),
            self._left.inflate(-px(12), -px(12)),
            self.ui,
            object_id=pygame_gui.core.ObjectID(class_id="@plain"),
        )

    def story_html(self) -> str:
        """The town (in round 1), its situations and the round's events, in full."""
        s = self.style
        session = self.session
        game = session.live
        parts: list[str] = []
        if game.round == 1 and session.town is not None:
            text = getattr(session.town, "briefing", None) or session.town.description
            parts.append(heading_html(s, session.town.name))
            parts.append(f"<font color='{MUTED_HTML}'>{as_html(text)}</font><br>")
        challenge = session.challenge
        if challenge is not None and not game.over:  # the trainer's challenge, and its hints
            from model.challenges import goal_sentence, hints_for

            goals = "; ".join(goal_sentence(g, session.framework) for g in challenge.goals)
            parts.append(heading_html(s, f"Challenge: {challenge.name}"))
            parts.append(f"<b>Goals, judged at the debrief:</b> {html.escape(goals)}.")
            parts += [f"<i>Hint: {as_html(h)}</i>" for h in hints_for(challenge, game.round)]
            parts.append("")
        situations = {x.id: x for x in game.scenario.events.situations}
        now = [situations[sid] for sid in game.situations_now()]
        parts.append(heading_html(s, "Situations the town is in"))
        if not now:
            parts.append(f"<font color='{MUTED_HTML}'>None.</font>")
        for situation in now:
            parts.append(
                f"<font color='{WARN_HTML}'><b>{html.escape(situation.name)}</b>: "
                f"{as_html(situation.description)}</font>"
            )
        parts.append("")
        parts.append(heading_html(s, "What happens this round"))
        events = {e.id: e for e in game.scenario.events.events}
        drawn = sorted(game.pending_events, key=lambda d: (d.year, d.name))
        if not drawn:
            parts.append(f"<font color='{MUTED_HTML}'>No events: a quiet round.</font>")
        for draw in drawn:
            event = events[draw.event]
            parts.append(
                heading_html(s, f"Year {draw.year}: {draw.name}", 17, WARN_HTML)
                + f"<br>{as_html(event.description)} "
                + f"<font color='{MUTED_HTML}'>({likelihood_phrase(event.likelihood)})</font>"
            )
        return "<br>".join(parts)

    def command(self, name: str) -> None:
        self.app.navigate(name)

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            return scroll_by(self.story, 0.8 if event.key == pygame.K_PAGEDOWN else -0.8)
        return super().on_key(event)

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        game = self.session.live
        area = self.app.area
        first = game.year + 1
        last = game.year + game.years_per_round
        title = (
            f"Round {game.round} of {game.rounds}: years {first} to {last}"
            if not game.over
            else "The game is over"
        )
        s.text(surface, title, (area.left + px(24), area.top + px(14)), 28, INK, bold=True)
        left = self._left
        pygame.draw.rect(surface, PANEL, left, border_radius=px(8))
        self._draw_teams(
            surface,
            pygame.Rect(
                left.right + px(20), left.top, area.right - left.right - px(44), left.height
            ),
        )

    def _draw_teams(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        s, px = self.style, self.style.px
        teams = self.session.live.teams
        s.text(surface, "The teams", (rect.left, rect.top - px(2)), 19, INK, bold=True)
        gap = px(10)
        # one column of cards for up to three teams, two for four or five (a fifth card
        # takes the whole last row)
        cols = 1 if len(teams) <= 3 else 2
        width = (rect.width - gap * (cols - 1)) // cols
        cards = [
            (team, rect.width if k == len(teams) - 1 and k % cols == 0 else width)
            for k, team in enumerate(teams)
        ]
        rows = [cards[k : k + cols] for k in range(0, len(cards), cols)]
        # each row as tall as its tallest card needs, the room left shared out evenly
        needs = [max(self._card_height(team, w) for team, w in row) for row in rows]
        room = rect.height - px(30) - gap * (len(rows) - 1)
        spare = max(0, room - sum(needs)) // len(rows)
        if sum(needs) > room:  # not enough room: share it out, and the cards say what is cut
            needs = [room // len(rows)] * len(rows)
            spare = 0
        y = rect.top + px(30)
        for row, need in zip(rows, needs, strict=True):
            x = rect.left
            for team, w in row:
                self._draw_team(surface, pygame.Rect(x, y, w, need + spare), team)
                x += w + gap
            y += need + spare + gap

    def _card_height(self, team: str, width: int) -> int:
        """How tall a team's card must be to show all of it (measured once per round)."""
        game = self.session.live
        key = (team, width, len(game.reports), self.style.scale)
        cache = self._heights
        if key not in cache:
            scratch = pygame.Surface((width, self.style.px(1000)))
            cache[key] = self._draw_team(
                scratch, pygame.Rect(0, 0, width, scratch.get_height()), team
            )
        return cache[key]

    def _draw_team(self, surface: pygame.Surface, card: pygame.Rect, team: str) -> int:
        """One team's card: name, budget, objective's score and change, and its aim. Returns
        the height it took."""
        s, px = self.style, self.style.px
        session = self.session
        game = session.live
        fw = session.framework
        now, start = game.history[-1], game.history[0]
        base = game.baseline_history[-1]
        sector = next(x for x in session.interventions.sectors if x.id == team)
        pygame.draw.rect(surface, PANEL, card, border_radius=px(8))
        inner = card.inflate(-px(20), -px(12))
        standard = sector.budget_per_10k * game.population_units()
        budget = game.budgets()[team]
        note = "" if abs(budget - standard) < 1 else f" (usually £{standard:,.0f})"
        money = f"£{budget:,.0f} a year{note}"
        money_colour = WARN if note else INK
        f_name, f_money = s.font(17, True), s.font(15, True)

        def below(y: int) -> pygame.Rect:
            return pygame.Rect(inner.left, y, inner.width, inner.bottom - y)

        if f_name.size(sector.name)[0] + px(16) + f_money.size(money)[0] <= inner.width:
            s.text(surface, sector.name, inner.topleft, 17, INK, bold=True)
            s.text(
                surface,
                money,
                (inner.right, inner.top + px(2)),
                15,
                money_colour,
                bold=True,
                anchor="topright",
            )
            y = inner.top + f_name.get_linesize()
        else:  # a narrow card: the budget goes under the name
            y = s.wrapped(surface, sector.name, inner, 17, INK, bold=True)
            y = s.wrapped(surface, money, below(y), 15, money_colour, bold=True)
        node = sector.objective_node
        score, first, vs = (
            now.scores[node],
            start.scores[node],
            now.scores[node] - base.scores[node],
        )
        band = band_of(score, fw.bands)
        colour = hex_colour(band.colour_safe if self.app.safe_colours else band.colour)
        chip = pygame.Rect(inner.left, y + px(3), px(24), px(24))
        pygame.draw.rect(surface, colour, chip, border_radius=px(4))
        band_glyph(surface, band.id, chip.center, px(15))
        text_x = chip.right + px(8)
        y = s.wrapped(
            surface,
            f"{fw.name_of(node)} {score:.1f} ({band.name})",
            pygame.Rect(text_x, y + px(4), inner.right - text_x, inner.bottom - y),
            15,
            INK,
            bold=True,
        )
        if game.reports:  # (before the first round, nothing has changed yet)
            y = s.wrapped(
                surface,
                f"since the start {score - first:+.2f} · against doing nothing {vs:+.2f}",
                pygame.Rect(text_x, y, inner.right - text_x, inner.bottom - y),
                14,
                UP if vs > 0.005 else DOWN if vs < -0.005 else MUTED,
            )
        y = s.wrapped(
            surface, f"Aim: {sector.objective}", below(max(y, chip.bottom) + px(4)), 14, MUTED
        )
        return y - card.top + px(8)
