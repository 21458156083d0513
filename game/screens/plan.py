"""Planning a round: each team, on its own tab, puts its budget into interventions.

A team sees the interventions it may fund, each with its cost in this town, build time and
evidence, and the sentence that explains it in the team's own language. It sets how much to put
in with a slider or the steppers; other teams' money in the same intervention shows beside its
own, and two or more funders earn the partnership bonus. Undo and redo work within the round.
Underneath, a preview runs the engine's own rules on a copy of the game: the committed decisions'
effect on the three headline elements over the next years, against doing nothing.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pygame
import pygame_gui

from game.band_view import WORKING, band_sentence, band_shade, note_under
from game.draw import (
    ACCENT,
    BASELINE,
    DOWN,
    FAINT,
    HEADLINE_COLOURS,
    INK,
    MUTED,
    PANEL,
    UP,
    WARN,
    Series,
    line_chart,
    money,
    signed,
)
from game.screens.base import Screen, keep_in_view, list_start
from model.interventions import Intervention

if TYPE_CHECKING:
    from game.app import App

__all__ = ["PlanScreen"]

STEP = 0.1
"""The steppers and arrow keys move a team's money by this share of the standard package."""

PREVIEW_DELAY = 0.4
"""Seconds the drafts must stay still before a preview is asked for (dragging stays smooth)."""

BAND_DELAY = 1.5
"""Seconds the drafts must stay still before the preview's band is asked for (a few seconds of
work on the worker: editing never waits behind it)."""


class PlanScreen(Screen):
    name = "plan"
    title = "Plan"
    keys_help = (
        ("1-5 / Tab", "a team's tab / the next team"),
        ("Up / Down", "choose an intervention"),
        ("Left / Right", "less or more money (a tenth of the standard package)"),
        ("F", "fund the standard package (or what the budget allows)"),
        ("0", "take this team's money out"),
        ("C", "clear all of this team's money (last round's carried over, say)"),
        ("Ctrl+Z / Ctrl+Y", "undo / redo"),
        ("L", "the intervention in every sector's words, or the preview"),
        ("Enter", "simulate the round"),
    )

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.team = self.session.teams[0]
        self.selected: dict[str, str] = {}
        self.still = 0.0
        self.dragging = False
        self.all_words = False
        self._scrolled: dict[str, float] = {}
        self._listed = self.team

    # -- what the team may fund ----------------------------------------------------------

    def items(self, team: str | None = None) -> list[Intervention]:
        team = team or self.team
        items = [i for i in self.session.interventions.interventions if team in i.funders]
        return sorted(items, key=lambda i: (i.lead != team, i.name))

    def current(self) -> Intervention:
        items = self.items()
        chosen = self.selected.get(self.team)
        return next((i for i in items if i.id == chosen), items[0])

    def budget_left(self, team: str) -> float:
        return self.session.live.budgets()[team] - self.session.spent(team)

    def room(self, item: Intervention) -> float:
        """The most this team can put into ``item``: its budget left, and the item's top scale
        less what the other teams already give."""
        session, game = self.session, self.session.live
        mine = session.drafts.get(self.team, {}).get(item.id, 0.0)
        others = sum(v for t, v in session.funders(item.id).items() if t != self.team)
        top = game.pounds_range(item.id)[1] - others  # the engine's rule, not a copy of it
        return max(0.0, min(mine + self.budget_left(self.team), top))

    def step(self, item: Intervention) -> float:
        """A stepper's move in whole pounds, rounded up, so that steps that add up to the
        least scale (by one team or several) do reach the least the engine accepts."""
        return float(math.ceil(STEP * self.session.live.cost(item.id)))

    def _label(self, item: Intervention) -> str:
        funders = self.session.funders(item.id)
        mine = funders.get(self.team)
        mark = f"[{money(mine)}] " if mine else ""
        shared = [self.session_short(t) for t in funders if t != self.team]
        state = self.session.live.intervention_state(item.id)
        building = " · being built" if state is not None and state.status == "building" else ""
        if not shared:
            return f"{mark}{item.name}{building}"
        # the other funders by name if the row has room, else how many (the panel names them)
        others = len(shared)
        for with_ in (
            f"  (with {', '.join(shared)})",
            f"  (with {others} other team{'s' if others > 1 else ''})",
            f"  (+{others})",
        ):
            label = f"{mark}{item.name}{with_}{building}"
            if self._row_fits(label):
                break
        return label

    def _row_fits(self, label: str) -> bool:
        rect = getattr(self, "list_rect", None)
        if rect is None:
            return True
        # the row's font (theme.json), less the scroll bar and the row's padding
        room = rect.width - 20 - 2 * self.style.px(8) - 4
        return bool(self.style.font(16).size(label)[0] <= room)

    def session_short(self, team: str) -> str:
        return next(s.short_name for s in self.session.interventions.sectors if s.id == team)

    # -- widgets -------------------------------------------------------------------------

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        session = self.session
        teams = session.teams
        x = area.left + px(24)
        labels = [
            f"{k + 1}  {self.session_short(team)} · {money(self.budget_left(team))} left"
            for k, team in enumerate(teams)
        ]
        # each tab as wide as its label needs, the room left shared out evenly
        f = self.style.font(16, bold=True)
        needs = [f.size(label)[0] + px(20) for label in labels]
        room = area.width - px(48) - px(8) * (len(teams) - 1)
        spare = max(0, room - sum(needs)) // len(teams)
        for k, team in enumerate(teams):
            width = needs[k] + spare
            b = self.button(
                pygame.Rect(x, area.top + px(10), width, px(42)),
                labels[k],
                f"team:{team}",
                tip=f"{session.sector_name(team)}: its tab (key {k + 1})",
                key=pygame.K_1 + k,
                kind="primary" if team == self.team else "tab",
            )
            if team == self.team:
                b.select()
            x += width + px(8)
        top = area.top + px(64)
        bottom = area.bottom - px(196)
        self.list_rect = pygame.Rect(
            area.left + px(24), top + px(26), px(560), bottom - top - px(26)
        )
        self.button(
            pygame.Rect(self.list_rect.right - px(150), top - px(4), px(150), px(28)),
            "Clear team (C)",
            "clear",
            tip="Take all of this team's money out of this round's plan (C); undo brings it back",
            key=pygame.K_c,
            enabled=bool(session.drafts.get(self.team)),
        )
        items = self.items()
        rows: list[str | tuple[str, str]] = [self._label(i) for i in items]
        current = self.current()
        old = getattr(self, "item_list", None)
        if old is not None:  # where this team's list was scrolled, to keep it there
            self._scrolled[self._listed] = list_start(old)
        self.item_list = pygame_gui.elements.UISelectionList(
            self.list_rect, rows, self.ui, default_selection=self._label(current)
        )
        keep_in_view(self.item_list, items.index(current), self._scrolled.get(self.team, 0.0))
        self._listed = self.team
        self.detail = pygame.Rect(
            self.list_rect.right + px(20),
            top,
            area.right - self.list_rect.right - px(44),
            bottom - top,
        )
        self._build_funding(current)
        y = area.bottom - px(64)
        self.button(
            pygame.Rect(area.right - px(264), y, px(240), px(48)),
            "Simulate the round »",
            "simulate",
            tip="Check the budgets and play the round (Enter)",
            key=pygame.K_RETURN,
            kind="primary",
        )
        self.button(
            pygame.Rect(area.right - px(264), y - px(52), px(116), px(42)),
            "Undo",
            "undo",
            tip="Undo the last change (Ctrl+Z)",
            enabled=session.can_undo_draft,
        )
        self.button(
            pygame.Rect(area.right - px(140), y - px(52), px(116), px(42)),
            "Redo",
            "redo",
            tip="Redo (Ctrl+Y)",
            enabled=session.can_redo_draft,
        )
        self.button(
            pygame.Rect(area.right - px(264), y - px(104), px(240), px(42)),
            "This team's words" if self.all_words else "Every sector's words",
            "words",
            tip="The chosen intervention in each sector's own words, for interpreters (L)",
            key=pygame.K_l,
        )

    def _build_funding(self, item: Intervention) -> None:
        """The slider and money buttons of the chosen intervention, kept in ``_funding`` to be
        built afresh when the choice moves (:meth:`_choose`)."""
        px = self.style.px
        session, game = self.session, self.session.live
        d = self.detail
        y = d.bottom - px(96)
        mine = session.drafts.get(self.team, {}).get(item.id, 0.0)
        room = self.room(item)
        cost = game.cost(item.id)
        self.slider = pygame_gui.elements.UIHorizontalSlider(
            pygame.Rect(d.left + px(16), y, d.width - px(32) - px(2 * 52), px(36)),
            min(mine, room),
            (0.0, max(room, 1.0)),
            self.ui,
            click_increment=self.step(item),
        )
        if room <= 0 and mine <= 0:
            self.slider.disable()
        less = self.button(
            pygame.Rect(self.slider.rect.right + px(8), y, px(44), px(36)),
            "−",
            "less",
            tip="Less money (Left arrow)",
        )
        more = self.button(
            pygame.Rect(self.slider.rect.right + px(56), y, px(44), px(36)),
            "+",
            "more",
            tip="More money (Right arrow)",
        )
        standard = self.button(
            pygame.Rect(d.left + px(16), y + px(44), px(250), px(38)),
            f"Fund standard ({money(cost)})",
            "standard",
            tip="Put in what the standard package costs, less other teams' money (F)",
            key=pygame.K_f,
        )
        zero = self.button(
            pygame.Rect(d.left + px(274), y + px(44), px(120), px(38)),
            "Take out",
            "zero",
            tip="Take this team's money out (0)",
            key=pygame.K_0,
            enabled=mine > 0,
        )
        self._funding: list[Any] = [self.slider, less, more, standard, zero]

    def _choose(self, item_id: str) -> None:
        """Move the choice to another intervention of this team's list.

        Only what shows the choice changes: the list's highlighted row (scrolled into view)
        and the funding widgets below the panel. Rebuilding the whole screen instead costs
        about a tenth of a second per key press (the list alone is some fifty buttons), which
        made running down the list with the arrow keys lag."""
        self.selected[self.team] = item_id
        self.session.end_edit()
        items, label = self.items(), self._label(self.current())
        for entry in self.item_list.item_list:
            chosen = entry["text"] == label
            if entry["selected"] != chosen:
                entry["selected"] = chosen
                row = entry.get("button_element")
                if row is not None:
                    row.select() if chosen else row.unselect()
        keep_in_view(self.item_list, items.index(self.current()), list_start(self.item_list))
        for widget in self._funding:
            widget.kill()
            self.buttons.pop(widget, None)
        self._build_funding(self.current())

    # -- input ---------------------------------------------------------------------------

    def command(self, name: str) -> None:
        session = self.session
        item = self.current()
        cost = session.live.cost(item.id)
        mine = session.drafts.get(self.team, {}).get(item.id, 0.0)
        if name.startswith("team:"):
            self.team = name[5:]
            session.end_edit()
        elif name == "less":
            session.set_pounds(self.team, item.id, max(0.0, mine - self.step(item)))
        elif name == "more":
            session.set_pounds(self.team, item.id, min(self.room(item), mine + self.step(item)))
        elif name == "standard":
            others = sum(v for t, v in session.funders(item.id).items() if t != self.team)
            want = max(session.live.pounds_range(item.id)[0], cost - others)
            session.set_pounds(self.team, item.id, min(self.room(item), want))
            session.end_edit()
        elif name == "zero":
            session.set_pounds(self.team, item.id, 0.0)
            session.end_edit()
        elif name == "clear":
            session.clear_team(self.team)
        elif name == "undo":
            session.undo_draft()
        elif name == "redo":
            session.redo_draft()
        elif name == "simulate":
            self.simulate()
            return
        elif name == "words":
            self.all_words = not self.all_words
        self.changed()

    def changed(self) -> None:
        self.still = 0.0
        self.app.rebuild()

    def simulate(self) -> None:
        problems = self.session.problems()
        if problems:
            self.app.toast(problems[0], 6.0)
            return
        self.app.go("simulate")

    def on_key(self, event: pygame.event.Event) -> bool:
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        if ctrl and event.key == pygame.K_z:
            self.command("undo")
            return True
        if ctrl and event.key == pygame.K_y:
            self.command("redo")
            return True
        if event.key == pygame.K_TAB:
            teams = self.session.teams
            step = -1 if event.mod & pygame.KMOD_SHIFT else 1
            self.command(f"team:{teams[(teams.index(self.team) + step) % len(teams)]}")
            return True
        if event.key in (pygame.K_UP, pygame.K_DOWN):
            items = self.items()
            k = items.index(self.current())
            k = (k + (1 if event.key == pygame.K_DOWN else -1)) % len(items)
            self._choose(items[k].id)
            return True
        if event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.command("less" if event.key == pygame.K_LEFT else "more")
            return True
        return super().on_key(event)

    def handle(self, event: pygame.event.Event) -> bool:
        if (
            event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION
            and event.ui_element is self.item_list
        ):
            label = self.item_list.get_single_selection()
            match = next((i for i in self.items() if self._label(i) == label), None)
            if match is not None:
                self._choose(match.id)
            return True
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.slider:
            item = self.current()
            step = max(1.0, 0.01 * self.session.live.cost(item.id))
            pounds = round(float(self.slider.get_current_value()) / step) * step
            self.session.set_pounds(self.team, item.id, min(pounds, self.room(item)))
            self.still = 0.0
            self.dragging = True
            return True
        return False

    def update(self, dt: float) -> None:
        if self.dragging and not pygame.mouse.get_pressed()[0]:
            # the slider was let go: one undo step, and the labels and budgets follow it
            self.dragging = False
            self.session.end_edit()
            self.app.rebuild()
        self.still += dt
        if self.still >= PREVIEW_DELAY:
            self.session.refresh_preview()
        if self.still >= BAND_DELAY:
            self.session.refresh_band()

    # -- drawing -------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        sector = next(x for x in session.interventions.sectors if x.id == self.team)
        carried = session.carried_from.get(self.team)
        s.text(
            surface,
            f"What {sector.short_name} can fund"
            if carried is None
            else f"{sector.short_name}: round {carried}'s funding, cut to the smaller budget"
            if self.team in session.trimmed
            else f"{sector.short_name}: round {carried}'s funding, carried over",
            (self.list_rect.left, self.list_rect.top - px(26)),
            17,
            INK if carried is None else ACCENT,
            bold=True,
            width=self.list_rect.width,
        )
        item = self.current()
        d = self.detail
        pygame.draw.rect(surface, PANEL, d, border_radius=px(8))
        inner = d.inflate(-px(32), -px(24))
        s.text(surface, item.name, inner.topleft, 21, INK, bold=True, width=inner.width)
        cost = game.cost(item.id)
        facts = (
            f"{money(cost)} a year for the standard package · "
            + (
                f"felt after {item.build_years} year{'s' if item.build_years != 1 else ''} · "
                if item.build_years
                else "felt from the first year · "
            )
            + f"evidence: {item.evidence.level}"
        )
        s.text(surface, facts, (inner.left, inner.top + px(32)), 15, MUTED, width=inner.width)
        if self.all_words:
            words = pygame.Rect(
                inner.left, inner.top + px(62), inner.width, d.bottom - px(110) - inner.top - px(62)
            )
            self._draw_words(surface, words)
            self._draw_preview(surface)
            return
        y = s.wrapped(
            surface,
            f"“{item.language[self.team]}”",  # type: ignore[index]
            pygame.Rect(inner.left, inner.top + px(58), inner.width, px(70)),
            17,
            ACCENT,
            bold=True,
            max_lines=3,
        )
        fw = session.framework
        effects = " · ".join(
            f"{fw.node(e.node).name} {'+' if e.points > 0 else ''}{e.points:g}"
            for e in item.effects
        )
        y = s.wrapped(
            surface,
            f"Moves: {effects} (points at the standard package)",
            pygame.Rect(inner.left, y + px(6), inner.width, px(44)),
            15,
            INK,
            max_lines=2,
        )
        target = {
            "everyone": "everyone",
            "most_deprived": "the most deprived third of neighbourhoods",
        }
        s.text(
            surface,
            f"Reaches: {target.get(item.target, item.target.replace('_', ' '))}",
            (inner.left, y + px(2)),
            15,
            MUTED,
            width=inner.width,
        )
        self._draw_funders(
            surface,
            item,
            pygame.Rect(inner.left, y + px(30), inner.width, d.bottom - px(104) - (y + px(30))),
        )
        self._draw_preview(surface)

    def _draw_funders(self, surface: pygame.Surface, item: Intervention, rect: pygame.Rect) -> None:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        cost = game.cost(item.id)
        funders = session.funders(item.id)
        total = sum(funders.values())
        scale = total / cost
        bar = pygame.Rect(rect.left, rect.top + px(24), rect.width, px(22))
        pygame.draw.rect(surface, (236, 236, 232), bar, border_radius=px(4))
        full = item.scale.max * cost
        x = bar.left
        palette = [(0, 114, 178), (230, 159, 0), (0, 158, 115), (204, 121, 167), (86, 180, 233)]
        for k, team in enumerate(session.teams):
            pounds = funders.get(team, 0.0)
            if pounds <= 0:
                continue
            w = round(bar.width * pounds / full)
            pygame.draw.rect(surface, palette[k % len(palette)], (x, bar.top, w, bar.height))
            # the names are in full in the line beneath the bar
            label = s.fit(self.session_short(team), w - px(8), 12, bold=True, openable=True)
            if w > px(30) and label != "…":
                s.text(
                    surface,
                    label,
                    (x + px(4), bar.centery),
                    12,
                    (255, 255, 255),
                    bold=True,
                    anchor="midleft",
                )
            x += w
        for mark, label in ((item.scale.min, "least"), (1.0, "standard")):
            mx = bar.left + round(bar.width * mark / item.scale.max)
            pygame.draw.line(surface, INK, (mx, bar.top - px(4)), (mx, bar.bottom + px(4)), 2)
            s.text(surface, label, (mx, bar.bottom + px(4)), 11, MUTED, anchor="midtop")
        headline = f"Funded at {scale:.2f} × the standard package ({money(total)} a year)"
        colour = INK
        least = game.pounds_range(item.id)[0]
        if total > 0 and round(total) < least:
            headline = f"Too little to run: it needs at least £{least:,.0f} a year"
            colour = WARN
        s.text(surface, headline, rect.topleft, 16, colour, bold=True, width=rect.width)
        y = bar.bottom + px(18)
        if len(funders) >= 2:
            bonus = session.interventions.partnership.bonus
            names = " + ".join(self.session_short(t) for t in funders)
            y = s.wrapped(
                surface,
                f"Shared by {names}: partnership bonus +{bonus:.0%}",
                pygame.Rect(rect.left, y, rect.width, rect.bottom - y),
                15,
                UP,
                bold=True,
            )
        elif funders:
            y = s.text(
                surface,
                "Another team joining in would earn the partnership bonus.",
                (rect.left, y),
                15,
                MUTED,
                width=rect.width,
            ).bottom
        note = self._stopping_note(item)
        if note:
            y += px(2)
            s.wrapped(
                surface, note, pygame.Rect(rect.left, y, rect.width, rect.bottom - y), 13, WARN
            )

    def _stopping_note(self, item: Intervention) -> str:
        """What the engine says of an intervention already paid for, and what stopping it
        would cost: nothing paid is lost, but the effect ends sooner and a restart builds
        again. Short, to fit two lines above the slider."""
        game = self.session.live
        state = game.intervention_state(item.id)
        if state is None or state.status == "ended":
            return ""
        parts = [state.short().capitalize()]
        paid, first, last = game.unfelt_spending(item.id)
        if paid and first is not None and last is not None:
            years = f"year {first}" if first == last else f"years {first}-{last}"
            parts.append(f"{money(paid)} paid comes through in {years}")
            parts.append(f"stopped, it holds to year {last + item.lasts_years}")
            if item.build_years:
                parts.append(f"a restart takes {item.build_years} y to build")
        elif state.lasts_until is not None:
            parts.append(f"unfunded, it holds to year {state.lasts_until}, then fades")
        elif state.gone_by is not None:
            parts.append(f"gone by year {state.gone_by}")
        return " · ".join(parts)

    def _draw_words(self, surface: pygame.Surface, inner: pygame.Rect) -> None:
        """The same intervention as each sector would put it: the interpreters' lens."""
        s, px = self.style, self.style.px
        item = self.current()
        s.text(surface, "In each sector's words", inner.topleft, 16, INK, bold=True)
        y = inner.top + px(26)
        name_w = px(130)
        for sector in self.session.interventions.sectors:
            colour = ACCENT if sector.id == self.team else INK
            s.text(surface, sector.short_name, (inner.left, y), 14, colour, bold=True)
            sentence = item.language.get(sector.id, "")
            y = s.wrapped(
                surface,
                f"“{sentence}”",
                pygame.Rect(inner.left + name_w, y, inner.width - name_w, px(60)),
                14,
                colour,
                max_lines=3,
            ) + px(4)

    def _draw_preview(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw = session.framework
        area = self.app.area
        box = pygame.Rect(
            area.left + px(24), area.bottom - px(184), area.width - px(48) - px(280), px(172)
        )
        pygame.draw.rect(surface, PANEL, box, border_radius=px(8))
        inner = box.inflate(-px(20), -px(14))
        preview = session.preview
        title = "Preview: the next years if this plan is kept up, against doing nothing (dashed)"
        s.text(surface, title, inner.topleft, 15, INK, bold=True)
        body = pygame.Rect(inner.left, inner.top + px(24), inner.width, inner.height - px(24))
        problems = session.problems()  # always the drafts as they stand, never a stale one
        if problems:
            s.wrapped(
                surface,
                "Cannot simulate yet: " + " ".join(problems[:3]),
                body,
                15,
                WARN,
                max_lines=4,
            )
            return
        if session.preview_error:
            s.wrapped(surface, session.preview_error, body, 15, WARN, max_lines=3)
            return
        if preview is None:
            text = (
                "Working it out…"
                if session.preview_pending or any(session.drafts.values())
                else "Fund something to see its projected effect here."
            )
            s.text(surface, text, body.topleft, 15, MUTED)
            return
        now = game.history[-1]
        years = [now.year, *(r.year for r in preview.years)]
        band = session.preview_band
        note = band_sentence(band) if band is not None else session.band_problem or WORKING
        body = note_under(surface, s, note, body)  # the band's one sentence, under the charts
        width = (body.width - px(16) * 2) // 3
        for k, h in enumerate(fw.headline_ids):
            rect = pygame.Rect(body.left + k * (width + px(16)), body.top, width, body.height)
            played = [now.scores[h], *(r.scores[h] for r in preview.years)]
            base = [
                game.baseline_history[-1].scores[h],
                *(r.scores[h] for r in preview.baseline_years),
            ]
            change = played[-1] - base[-1]
            colour = UP if change > 0.005 else DOWN if change < -0.005 else MUTED
            s.text(surface, fw.headline_names[k], rect.topleft, 14, INK, bold=True)
            s.text(surface, signed(change), rect.topright, 15, colour, bold=True, anchor="topright")
            line_chart(
                surface,
                s,
                pygame.Rect(rect.left, rect.top + px(20), rect.width, rect.height - px(20)),
                years,
                [
                    Series(base, BASELINE, 2, dashed=True),
                    Series(played, HEADLINE_COLOURS.get(h, INK), 3),
                ],
                shades=[band_shade(band, h, base, HEADLINE_COLOURS.get(h, INK), lead=1)]
                if band is not None and band.years == tuple(years[1:])
                else [],
            )
        if session.preview_pending:
            s.text(surface, "updating…", (inner.right, inner.top), 13, FAINT, anchor="topright")
