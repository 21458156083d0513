"""The dashboard: where the town stands, against the start and against doing nothing.

The three headline elements as large cards (score, band name, band shape and colour, change
since the start and against the do-nothing baseline, a sparkline with the baseline dashed
beneath), every domain as a row of the scorecard, the headline elements over time with the
baseline beneath, the equality gaps by group, CO2 per head, the pipeline of committed effects
still to come, and the situations the town is in.

Everything is painted once into a cached picture when the screen is built (the game does not
change while it is shown), so a frame costs one blit plus the widgets.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.band_view import WORKING, band_sentence, note_under, played_shades
from game.draw import (
    BASELINE,
    DOWN,
    HEADLINE_COLOURS,
    INK,
    MUTED,
    PANEL,
    UP,
    Series,
    band_glyph,
    hex_colour,
    line_chart,
    signed,
    sparkline,
)
from game.ledger_view import ledger_sentences
from game.lens import LENS_HELP, lens_button, lens_name, switch_lens
from game.screens.base import Screen, heading_html, scroll_by, sized_html
from model.debrief import gap_name
from model.ledger import ledger
from model.scoring import band_of

if TYPE_CHECKING:
    from game.app import App

__all__ = ["DashboardScreen"]

CO2 = "co2_per_head"
UP_HTML, DOWN_HTML, WARN_HTML, MUTED_HTML = "#0072b2", "#d55e00", "#b3541e", "#4f5964"


def _tone(value: float, higher_is_better: bool = True) -> tuple[int, int, int]:
    if abs(value) < 0.005:
        return MUTED
    return UP if (value > 0) == higher_is_better else DOWN


class DashboardScreen(Screen):
    name = "dashboard"
    title = "Dashboard"
    keys_help = (
        ("Enter", "next round's briefing (or the debrief)"),
        ("Page Up / Down", "scroll the pipeline and the situations"),
        LENS_HELP,
    )

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self._cache: pygame.Surface | None = None
        self._cache_key: tuple[object, ...] = ()

    def build(self, area: pygame.Rect) -> None:
        px = self.style.px
        game = self.session.live
        label, command = ("Next round »", "briefing") if not game.over else ("Debrief »", "debrief")
        self.button(
            pygame.Rect(area.right - px(204), area.top + px(8), px(180), px(42)),
            label,
            command,
            tip="Enter",
            key=pygame.K_RETURN,
            kind="primary",
        )
        self._cache = None
        area_right = pygame.Rect(
            area.left + px(24) + px(690) + px(18),
            area.top + px(74),
            area.right - (area.left + px(24) + px(690) + px(18)) - px(24),
            area.height - px(86),
        )
        lens_button(
            self, pygame.Rect(area.right - px(204) - px(222), area.top + px(8), px(210), px(42))
        )
        self.words_box = None
        if self.app.words is not None:  # the chart and the gaps give way to the sector's words
            self.words_box = pygame_gui.elements.UITextBox(
                self.words_html(),
                pygame.Rect(area_right.left, area_right.top, area_right.width, px(388)),
                self.ui,
            )
        _, pipe = self._low_boxes(area_right)
        self.later = pygame_gui.elements.UITextBox(
            self.later_html(),
            pipe.inflate(-px(10), -px(8)),
            self.ui,
            object_id=pygame_gui.core.ObjectID(class_id="@plain"),
        )

    def on_key(self, event: pygame.event.Event) -> bool:
        if event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            return scroll_by(self.later, 0.8 if event.key == pygame.K_PAGEDOWN else -0.8)
        return super().on_key(event)

    def command(self, name: str) -> None:
        if name == "lens":
            switch_lens(self.app)
        else:
            self.app.navigate(name)

    def words_html(self) -> str:
        """The game so far told in the lens's sector's words: the debrief's sector page."""
        from game.sector_pages import sector_html
        from model.debrief import debrief
        from model.sector_account import sector_account

        game = self.session.live
        assert self.app.words is not None
        brief = debrief(game)
        return sector_html(sector_account(game, brief, self.app.words), brief)

    def update(self, dt: float) -> None:
        self.session.refresh_played_band()  # the game so far in other futures, on the worker

    def draw(self, surface: pygame.Surface) -> None:
        key = (
            surface.get_size(),
            self.app.safe_colours,
            len(self.session.live.reports),
            self.app.words,
            id(self.session.played_band),
            self.session.played_band_pending,
        )
        if self._cache is None or self._cache_key != key:
            self._cache = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
            self._paint(self._cache)
            self._cache_key = key
        surface.blit(self._cache, (0, 0))

    # -- the picture ---------------------------------------------------------------------

    def _band_colour(self, score: float) -> tuple[tuple[int, int, int], str, str]:
        band = band_of(score, self.session.framework.bands)
        colour = hex_colour(band.colour_safe if self.app.safe_colours else band.colour)
        return colour, band.id, band.name

    def _paint(self, surface: pygame.Surface) -> None:
        s, px = self.style, self.style.px
        game = self.session.live
        area = self.app.area
        now = game.history[-1]
        town = self.session.town.name if self.session.town else "the town"
        title = f"Year {now.year}: how {town} is doing"
        s.text(
            surface,
            title,
            (area.left + px(24), area.top + px(12)),
            26,
            INK,
            bold=True,
            width=area.width - px(260),  # up to the button
        )
        said = lens_name(self.app)
        s.text(
            surface,
            "5 is the England average · dashed lines: the same town doing nothing"
            + (f" · right: in {said}'s words (W)" if said else ""),
            (area.left + px(24), area.top + px(48)),
            14,
            MUTED,
        )
        left = pygame.Rect(area.left + px(24), area.top + px(74), px(690), area.height - px(86))
        right = pygame.Rect(
            left.right + px(18), left.top, area.right - left.right - px(42), left.height
        )
        cards = self._headlines(surface, pygame.Rect(left.left, left.top, left.width, px(158)))
        self._domains(
            surface,
            pygame.Rect(left.left, cards + px(10), left.width, left.bottom - cards - px(10)),
        )
        self._charts(surface, right)

    def _headlines(self, surface: pygame.Surface, rect: pygame.Rect) -> int:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw = session.framework
        history, baseline = game.history, game.baseline_history
        gap = px(10)
        width = (rect.width - 2 * gap) // 3
        for k, h in enumerate(fw.headline_ids):
            card = pygame.Rect(rect.left + k * (width + gap), rect.top, width, rect.height)
            pygame.draw.rect(surface, PANEL, card, border_radius=px(8))
            pygame.draw.rect(
                surface,
                HEADLINE_COLOURS.get(h, INK),
                (card.left, card.top, px(6), card.height),
                border_top_left_radius=px(8),
                border_bottom_left_radius=px(8),
            )
            inner = pygame.Rect(  # 12 px from the colour stripe, 8 from the right edge
                card.left + px(12), card.top + px(7), card.width - px(20), card.height - px(14)
            )
            score = history[-1].scores[h]
            colour, band_id, band_name = self._band_colour(score)
            s.text(surface, fw.headline_names[k], inner.topleft, 16, INK, True, width=inner.width)
            rect_score = s.text(
                surface, f"{score:.1f}", (inner.left, inner.top + px(20)), 38, INK, bold=True
            )
            chip = pygame.Rect(rect_score.right + px(10), rect_score.top + px(10), px(30), px(30))
            pygame.draw.rect(surface, colour, chip, border_radius=px(5))
            band_glyph(surface, band_id, chip.center, px(18))
            # the band's name beside the chip, on two lines if it needs them
            room = inner.right - chip.right - px(6)
            lines = s.lines(band_name, room, 13, bold=True, max_lines=2)
            height = s.font(13, True).get_linesize()
            top = chip.centery - height * len(lines) // 2
            for j, line in enumerate(lines):
                s.text(
                    surface,
                    line,
                    (chip.right + px(6), top + j * height),
                    13,
                    INK,
                    True,
                    width=room,
                )
            since = score - history[0].scores[h]
            vs = score - baseline[-1].scores[h]
            s.text(
                surface,
                f"since the start {signed(since)}",
                (inner.left, inner.top + px(72)),
                13,
                _tone(since),
                width=inner.width,
            )
            s.text(
                surface,
                f"against doing nothing {signed(vs)}",
                (inner.left, inner.top + px(92)),
                13,
                _tone(vs),
                bold=True,
                width=inner.width,
            )
            sparkline(
                surface,
                pygame.Rect(inner.left, inner.bottom - px(20), inner.width, px(20)),
                [r.scores[h] for r in history],
                [r.scores[h] for r in baseline],
                HEADLINE_COLOURS.get(h, INK),
                max(2, px(2)),
            )
        return rect.bottom

    def _domains(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw = session.framework
        history, baseline = game.history, game.baseline_history
        pygame.draw.rect(surface, PANEL, rect, border_radius=px(8))
        inner = rect.inflate(-px(20), -px(12))
        rows = len(fw.domain_ids) + len(fw.headline_ids)
        row_h = min(px(24), inner.height // rows)
        # the columns as wide as their widest entry, so nothing runs into its neighbour
        regular, bold, small = s.font(14), s.font(14, True), s.font(12)
        widths = (
            px(12) + max(regular.size(name)[0] for name in fw.domain_names),
            max(bold.size("10.0")[0], small.size("score")[0]),
            px(26) + max(small.size(b.name)[0] for b in fw.bands),
            max(regular.size("-10.00")[0], small.size("vs start")[0]),
            max(bold.size("-10.00")[0], small.size("vs doing nothing")[0]),
        )
        gap = max(px(8), (inner.width - sum(widths) - px(60)) // 5)
        x = inner.left
        starts = []
        for w in widths:
            starts.append(x)
            x += w + gap
        cols = (starts[0], starts[1], starts[2] + px(10), starts[3], starts[4])
        spark_left = x
        y = inner.top
        for h_index, h in enumerate(fw.headline_ids):
            s.text(
                surface,
                fw.headline_names[h_index],
                (cols[0], y + row_h // 2),
                14,
                HEADLINE_COLOURS.get(h, INK),
                bold=True,
                anchor="midleft",
            )
            if h_index == 0:
                for x, label in (
                    (cols[1], "score"),
                    (cols[3], "vs start"),
                    (cols[4], "vs doing nothing"),
                ):
                    s.text(surface, label, (x, y + row_h // 2), 12, MUTED, anchor="midleft")
            y += row_h
            for d_index, d in enumerate(fw.domain_ids):
                if fw.headline_ids[fw.domain_headline[d_index]] != h:
                    continue
                score = history[-1].scores[d]
                colour, band_id, band_name = self._band_colour(score)
                s.text(
                    surface,
                    fw.domain_names[d_index],
                    (cols[0] + px(12), y + row_h // 2),
                    14,
                    INK,
                    anchor="midleft",
                )
                s.text(
                    surface,
                    f"{score:.1f}",
                    (cols[1], y + row_h // 2),
                    14,
                    INK,
                    bold=True,
                    anchor="midleft",
                )
                chip = pygame.Rect(cols[2] - px(10), y + px(3), px(20), row_h - px(6))
                pygame.draw.rect(surface, colour, chip, border_radius=px(3))
                band_glyph(surface, band_id, chip.center, px(11))
                s.text(
                    surface,
                    band_name,
                    (chip.right + px(6), y + row_h // 2),
                    12,
                    MUTED,
                    anchor="midleft",
                )
                since = score - history[0].scores[d]
                vs = score - baseline[-1].scores[d]
                s.text(
                    surface,
                    signed(since),
                    (cols[3], y + row_h // 2),
                    14,
                    _tone(since),
                    anchor="midleft",
                )
                s.text(
                    surface,
                    signed(vs),
                    (cols[4], y + row_h // 2),
                    14,
                    _tone(vs),
                    bold=True,
                    anchor="midleft",
                )
                sparkline(
                    surface,
                    pygame.Rect(spark_left, y + px(4), inner.right - spark_left, row_h - px(8)),
                    [r.scores[d] for r in history],
                    [r.scores[d] for r in baseline],
                    HEADLINE_COLOURS.get(h, INK),
                    max(1, px(2)),
                )
                y += row_h

    def _charts(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw = session.framework
        history, baseline = game.history, game.baseline_history
        years = [r.year for r in history]
        if self.app.words is not None:  # the sector's words are in a text box over both
            self._low(surface, rect)
            return
        box = pygame.Rect(rect.left, rect.top, rect.width, px(210))
        pygame.draw.rect(surface, PANEL, box, border_radius=px(8))
        series = []
        for k, h in enumerate(fw.headline_ids):
            colour = HEADLINE_COLOURS.get(h, INK)
            series.append(Series([r.scores[h] for r in baseline], BASELINE, 2, dashed=True))
            series.append(
                Series([r.scores[h] for r in history], colour, 3, label=fw.headline_names[k])
            )
        marks = [(r.first_year - 1, f"R{r.round}") for r in game.reports]
        chart = box.inflate(-px(16), -px(12))
        band = session.played_band
        note = (
            band_sentence(band, "the game so far")
            if band is not None
            else WORKING
            if session.played_band_pending
            else session.played_band_problem or ""
        )
        chart = note_under(surface, s, note, chart, 12)  # the band's one sentence, under it
        shades = played_shades(band, years, baseline, fw)
        line_chart(
            surface,
            s,
            chart,
            years,
            series,
            marks=marks,
            title="Headline elements over the years",
            shades=shades,
        )
        y = box.bottom + px(10)
        gaps = pygame.Rect(rect.left, y, rect.width, px(168))
        pygame.draw.rect(surface, PANEL, gaps, border_radius=px(8))
        inner = gaps.inflate(-px(20), -px(12))
        s.text(
            surface,
            "Equality: gaps between groups (smaller is fairer)",
            inner.topleft,
            15,
            INK,
            bold=True,
        )
        gy = inner.top + px(22)
        for x, label in ((px(150), "now"), (px(80), "start"), (0, "doing nothing")):
            s.text(surface, label, (inner.right - x, gy), 11, MUTED, anchor="topright")
        gy += px(16)
        for node in (n for n in fw.nodes if n.headline == "equality"):
            ind = node.indicators[0]
            now, start, base = (
                history[-1].gaps[node.id],
                history[0].gaps[node.id],
                baseline[-1].gaps[node.id],
            )
            better = now < base if ind.direction == "lower" else now > base
            colour = MUTED if abs(now - base) < 1e-3 else (UP if better else DOWN)
            s.text(
                surface,
                gap_name(fw, node.id),
                (inner.left, gy),
                13,
                INK,
                width=inner.width - px(200),
            )
            s.text(
                surface,
                f"{now:.2f}",
                (inner.right - px(150), gy),
                13,
                colour,
                bold=True,
                anchor="topright",
            )
            s.text(
                surface, f"{start:.2f}", (inner.right - px(80), gy), 13, MUTED, anchor="topright"
            )
            s.text(surface, f"{base:.2f}", (inner.right, gy), 13, MUTED, anchor="topright")
            gy += px(21)
        self._low(surface, rect)

    def _low(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        """CO2 per person and the pipeline's box, under the chart and the gaps."""
        s, px = self.style, self.style.px
        session, game = self.session, self.session.live
        fw = session.framework
        history, baseline = game.history, game.baseline_history
        co2, _ = self._low_boxes(rect)
        pygame.draw.rect(surface, PANEL, co2, border_radius=px(8))
        inner = co2.inflate(-px(20), -px(12))
        values = [r.values[CO2] for r in history]
        base_values = [r.values[CO2] for r in baseline]
        s.text(surface, "CO2 per person", inner.topleft, 15, INK, bold=True, width=inner.width)
        s.text(surface, f"{values[-1]:.2f} t", (inner.left, inner.top + px(22)), 24, INK, bold=True)
        diff = values[-1] - base_values[-1]
        y = s.wrapped(
            surface,
            f"{signed(diff)} t against doing nothing",
            pygame.Rect(inner.left, inner.top + px(54), inner.width, px(40)),
            13,
            _tone(diff, higher_is_better=False),
        )
        y = s.wrapped(  # the ledger's carbon account (model/ledger.py)
            surface,
            self._carbon_line(),
            pygame.Rect(inner.left, y + px(2), inner.width, px(40)),
            13,
            MUTED,
        )
        sparkline(
            surface,
            pygame.Rect(
                inner.left,
                y + px(12),
                inner.width,
                max(px(10), inner.bottom - y - px(24)),
            ),
            values,
            base_values,
            HEADLINE_COLOURS["sustainability"],
            max(2, px(2)),
            unit=fw.indicators[fw.indicator_index[CO2]].unit,
        )
        _, pipe = self._low_boxes(rect)
        pygame.draw.rect(surface, PANEL, pipe, border_radius=px(8))

    def _carbon_line(self) -> str:
        """Emitted since the start against the town's budget (worked out once a year)."""
        game = self.session.live
        key = (game.year, len(game.reports))
        if getattr(self, "_carbon", (None, ""))[0] != key:
            book = ledger(game)
            self._carbon = (
                key,
                f"since the start {book.co2_emitted / 1000:,.1f} kt; budget "
                f"{book.co2_budget / 1000:,.1f} kt",
            )
        return self._carbon[1]

    def _low_boxes(self, right: pygame.Rect) -> tuple[pygame.Rect, pygame.Rect]:
        """CO2 per person, and the pipeline with the situations (a box that scrolls)."""
        px = self.style.px
        y = right.top + px(210) + px(10) + px(168) + px(10)
        low = pygame.Rect(right.left, y, right.width, right.bottom - y)
        width = (low.width - px(10)) * 2 // 5
        co2 = pygame.Rect(low.left, low.top, width, low.height)
        pipe = pygame.Rect(co2.right + px(10), low.top, low.right - co2.right - px(10), low.height)
        return co2, pipe

    def later_html(self) -> str:
        """What is still to come (the pipeline) and the situations the town is in, in full."""
        s = self.style
        game = self.session.live
        parts = [heading_html(s, "In the pipeline", 17)]
        items = game.pipeline()
        if not items:
            parts.append(sized_html(s, "Nothing committed yet.", 14, MUTED_HTML))
        for item in items:
            state = item.short()  # the engine's one account of its state
            colour = {"building": WARN_HTML, "fading": DOWN_HTML, "working": UP_HTML}.get(
                item.status, MUTED_HTML
            )
            parts.append(
                sized_html(s, html.escape(item.name), 14)
                + " "
                + sized_html(s, f"<b>{state}</b>", 14, colour)
            )
        situations = {x.id: x.name for x in game.scenario.events.situations}
        now_in = [situations[x] for x in game.situations_now()]
        parts += ["", heading_html(s, "Situations the town is in", 17)]
        parts.append(
            sized_html(s, html.escape(", ".join(now_in)), 14, WARN_HTML)
            if now_in
            else sized_html(s, "None.", 14, MUTED_HTML)
        )
        parts += ["", heading_html(s, "For future generations", 17)]
        for title, sentences in ledger_sentences(ledger(game)).items():  # model/ledger.py
            parts.append(sized_html(s, f"<b>{html.escape(title)}</b>", 14))
            parts += [sized_html(s, html.escape(x), 14, MUTED_HTML) for x in sentences]
        return "<br>".join(parts)
