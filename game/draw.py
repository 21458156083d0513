"""Drawing helpers for the game's own pictures: text, band chips, sparklines and charts.

pygame_gui draws the widgets; what it has no widget for (scorecards, charts over time, the ripple
network) is drawn here, onto the screen surface, from numbers the screens pass in. Nothing here
touches the game: these functions read plain values and paint.

Sizes are given at the 1280x720 design size and multiplied by the window's scale, so text grows
with the window (readable from the back of a room on a 1920x1080 projector).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import pygame

from game.axes import SCORE_UNIT, nice_ticks, tick_labels, value_range

__all__ = [
    "BAND_SHAPES",
    "HEADLINE_COLOURS",
    "INK",
    "Cut",
    "Shade",
    "Style",
    "band_glyph",
    "line_chart",
    "shade",
    "sparkline",
]

BG = (245, 243, 238)
PANEL = (255, 255, 255)
INK = (29, 35, 42)
MUTED = (79, 89, 100)
FAINT = (201, 204, 208)
ACCENT = (14, 110, 115)
BASELINE = (120, 126, 133)
WARN = (179, 84, 30)
NIGHT = (36, 49, 59)
UP = (0, 114, 178)  # Okabe-Ito blue: better than doing nothing
DOWN = (213, 94, 0)  # Okabe-Ito vermilion: worse than doing nothing

HEADLINE_COLOURS = {
    "local_conditions": (0, 114, 178),
    "equality": (204, 121, 167),
    "sustainability": (0, 158, 115),
}
"""The three headline elements in the Okabe-Ito colour-blind-safe palette."""

BAND_SHAPES = {
    "well_below": ("down", 2),
    "below": ("down", 1),
    "average": ("dot", 1),
    "above": ("up", 1),
    "well_above": ("up", 2),
}
"""Each band also has a shape (triangles down, a dot, triangles up), so no one needs colour."""


def signed(value: float, digits: int = 2) -> str:
    """A change with its sign, and "±0" rather than "-0.00" when it rounds to nothing."""
    return f"{value:+.{digits}f}" if abs(value) >= 0.5 * 10**-digits else "±0"


def money(pounds: float) -> str:
    """Pounds for people: £950, £45k, £1.2m."""
    if abs(pounds) < 0.5:
        return "£0"
    if abs(pounds) >= 999_500:
        return f"£{pounds / 1e6:.1f}m"
    if abs(pounds) >= 1000:
        return f"£{pounds / 1000:.0f}k"
    return f"£{pounds:.0f}"


def hex_colour(text: str) -> tuple[int, int, int]:
    value = text.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def _font_path(bold: bool) -> str:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return str(resources.files("pygame_gui.data") / name)


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> pygame.font.Font:
    """The game's typeface (Noto Sans, shipped with pygame_gui) at a pixel size."""
    return pygame.font.Font(_font_path(bold), max(8, size))


@dataclass(frozen=True)
class Cut:
    """A text drawn shorter than it is: the whole text, what was shown, and whether the player
    can open the whole of it on the same screen (a scrolling box, a "more" button, the same words
    in full nearby). A cut that cannot be opened is a fault: tests/test_no_clipping.py looks for
    them."""

    text: str
    shown: str
    why: str
    """"ellipsis" (shortened to fit a width), "lines" (lines left out), "outside" (drawn past
    the edge of the window)."""
    openable: bool = False


@dataclass(frozen=True)
class Style:
    """Sizes for one window size. ``scale`` is 1 at 1280x720.

    Every text the game draws itself goes through :meth:`text`, :meth:`fit`, :meth:`lines` or
    :meth:`wrapped`; each one that had to be shortened is recorded in ``cuts`` (by its whole
    text), so that a test can find text nobody can read.
    """

    scale: float
    cuts: dict[str, Cut] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_window(cls, size: tuple[int, int]) -> Style:
        width, height = size
        return cls(max(0.75, min(width / 1280, height / 720)))

    def px(self, value: float) -> int:
        return round(value * self.scale)

    def font(self, size: float, bold: bool = False) -> pygame.font.Font:
        return font(self.px(size), bold)

    def cut(self, text: str, shown: str, why: str, openable: bool = False) -> None:
        """Record that ``text`` was drawn as ``shown`` (see :class:`Cut`)."""
        known = self.cuts.get(text)
        if known is None or (known.openable and not openable):
            self.cuts[text] = Cut(text, shown, why, openable)

    def text(
        self,
        surface: pygame.Surface,
        text: str,
        pos: tuple[int, int],
        size: float = 16,
        colour: tuple[int, int, int] = INK,
        bold: bool = False,
        anchor: str = "topleft",
        width: int | None = None,
        openable: bool = False,
    ) -> pygame.Rect:
        """Draw one line of text; returns where it went. With ``width``, a longer text is
        shortened with an ellipsis (and recorded as a cut)."""
        if width is not None:
            text = self.fit(text, width, size, bold, openable=openable)
        image = text_image(text, self.px(size), bold, colour)
        rect = image.get_rect(**{anchor: pos})
        surface.blit(image, rect)
        if not surface.get_rect().contains(rect) and text.strip():
            self.cut(text, text, "outside", openable)
        return rect

    def fit(
        self, text: str, width: int, size: float = 16, bold: bool = False, openable: bool = False
    ) -> str:
        """``text`` shortened with an ellipsis to fit ``width`` pixels. ``openable``: the
        whole text can be read elsewhere on the screen."""
        f = self.font(size, bold)
        if f.size(text)[0] <= width:
            return text
        whole = text
        while text and f.size(text + "…")[0] > width:
            text = text[:-1]
        shown = text.rstrip() + "…"
        self.cut(whole, shown, "ellipsis", openable)
        return shown

    def lines(
        self,
        text: str,
        width: int,
        size: float = 16,
        bold: bool = False,
        max_lines: int | None = None,
        openable: bool = False,
    ) -> list[str]:
        """``text`` wrapped to ``width`` pixels, at most ``max_lines`` lines (the last one ends
        in an ellipsis if some were left out, and the cut is recorded)."""
        lines = wrap(text, self.font(size, bold), width)
        if max_lines is not None and len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], lines[max_lines - 1].rstrip(" .,;") + "…"]
            self.cut(text, " ".join(lines), "lines", openable)
        return lines

    def wrapped(
        self,
        surface: pygame.Surface,
        text: str,
        rect: pygame.Rect,
        size: float = 16,
        colour: tuple[int, int, int] = INK,
        bold: bool = False,
        max_lines: int | None = None,
        openable: bool = False,
    ) -> int:
        """Draw text wrapped to ``rect``'s width; returns the y below the last line. Lines
        beyond ``max_lines`` or below ``rect`` are left out, and the cut is recorded."""
        f = self.font(size, bold)
        y = rect.top
        room = max(1, (rect.bottom + 2 - rect.top) // f.get_linesize())
        most = room if max_lines is None else min(max_lines, room)
        lines = self.lines(text, rect.width, size, bold, most, openable)
        for line in lines:
            surface.blit(text_image(line, self.px(size), bold, colour), (rect.left, y))
            y += f.get_linesize()
        return y

    def height(self, text: str, width: int, size: float = 16, bold: bool = False) -> int:
        """How tall ``text`` is once wrapped to ``width`` pixels."""
        return len(wrap(text, self.font(size, bold), width)) * self.font(size, bold).get_linesize()


@lru_cache(maxsize=4096)
def text_image(text: str, size: int, bold: bool, colour: tuple[int, int, int]) -> pygame.Surface:
    """A rendered line of text, cached: the same labels are drawn every frame."""
    return font(size, bold).render(text, True, colour)


def wrap(text: str, f: pygame.font.Font, width: int) -> list[str]:
    """Split text into lines no wider than ``width`` pixels (paragraphs kept; a word wider
    than the line, such as a folder's path, is broken where it must be)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if f.size(trial)[0] <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            line = word
            while f.size(line)[0] > width and len(line) > 1:
                k = len(line) - 1
                while k > 1 and f.size(line[:k])[0] > width:
                    k -= 1
                # break after a hyphen or a slash (a folder's path) if there is one
                marks = [line.rfind(mark, 0, k - 1) for mark in "-/\\"]
                if max(marks) > 0:
                    k = max(marks) + 1
                lines.append(line[:k])
                line = line[k:]
        lines.append(line)
    return lines


def band_glyph(
    surface: pygame.Surface,
    band_id: str,
    centre: tuple[int, int],
    size: int,
    colour: tuple[int, int, int] = INK,
) -> None:
    """The band's shape: one or two triangles pointing down or up, or a dot for average."""
    shape, count = BAND_SHAPES.get(band_id, ("dot", 1))
    x, y = centre
    half = max(3, size // 2)
    if shape == "dot":
        pygame.draw.circle(surface, colour, centre, max(3, size // 3))
        return
    offsets = [0] if count == 1 else [-half * 0.55, half * 0.55]
    for dx in offsets:
        cx = x + dx
        if shape == "up":
            points = [
                (cx, y - half),
                (cx - half * 0.7, y + half * 0.6),
                (cx + half * 0.7, y + half * 0.6),
            ]
        else:
            points = [
                (cx, y + half),
                (cx - half * 0.7, y - half * 0.6),
                (cx + half * 0.7, y - half * 0.6),
            ]
        pygame.draw.polygon(surface, colour, points)


def _points(
    rect: pygame.Rect, values: Sequence[float], lo: float, hi: float, n: int
) -> list[tuple[float, float]]:
    span = hi - lo or 1.0
    step = rect.width / max(1, n - 1)
    return [
        (rect.left + k * step, rect.bottom - (v - lo) / span * rect.height)
        for k, v in enumerate(values)
    ]


def dashed(
    surface: pygame.Surface,
    colour: tuple[int, int, int] | pygame.Color,
    points: Sequence[tuple[float, float]],
    width: int = 1,
    dash: int = 6,
) -> None:
    """A dashed polyline (the baseline is always dashed, so it reads without colour)."""
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        steps = max(1, int(length // dash))
        for k in range(0, steps, 2):
            a, b = k / steps, min(1.0, (k + 1) / steps)
            pygame.draw.line(
                surface,
                colour,
                (x0 + (x1 - x0) * a, y0 + (y1 - y0) * a),
                (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b),
                width,
            )


def sparkline(
    surface: pygame.Surface,
    rect: pygame.Rect,
    values: Sequence[float],
    baseline: Sequence[float] | None,
    colour: tuple[int, int, int],
    width: int = 2,
    unit: str = SCORE_UNIT,
) -> None:
    """A small line of a score over the years, with doing-nothing dashed beneath it.

    Its height spans at least the minimum span of ``unit`` (see :func:`game.axes.value_range`),
    so a line that barely moves is drawn nearly flat.
    """
    series = [*values, *(baseline or ())]
    if len(values) < 2:
        pygame.draw.line(surface, FAINT, rect.midleft, rect.midright, 1)
        return
    lo, hi = value_range(series, unit, pad=0.15)
    n = max(len(values), len(baseline or ()))
    if baseline is not None and len(baseline) >= 2:
        dashed(surface, BASELINE, _points(rect, baseline, lo, hi, n), max(1, width - 1), 4)
    pygame.draw.lines(surface, colour, False, _points(rect, values, lo, hi, n), width)


@dataclass(frozen=True)
class Series:
    """One line on a chart."""

    values: Sequence[float]
    colour: tuple[int, int, int]
    width: int = 3
    dashed: bool = False
    label: str = ""


@dataclass(frozen=True)
class Shade:
    """A shaded region between two lines on a chart (a band of possible futures), drawn
    translucent behind the lines: one low and one high value a year of the chart."""

    low: Sequence[float]
    high: Sequence[float]
    colour: tuple[int, int, int]
    alpha: int = 90  # light enough for the lines to show through, dark enough for a projector


def shade(
    surface: pygame.Surface, plot: pygame.Rect, band: Shade, lo: float, hi: float, n: int
) -> None:
    """Fill ``band`` translucent on the plot (value range ``lo`` to ``hi``, ``n`` years)."""
    if len(band.low) < 2:
        return
    outline = _points(plot, band.high, lo, hi, n) + _points(plot, band.low, lo, hi, n)[::-1]
    layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    pygame.draw.polygon(layer, (*band.colour, band.alpha), outline)
    surface.blit(layer, (0, 0))


def line_chart(
    surface: pygame.Surface,
    style: Style,
    rect: pygame.Rect,
    years: Sequence[int],
    series: Sequence[Series],
    y_range: tuple[float, float] | None = None,
    marks: Sequence[tuple[int, str]] = (),
    title: str = "",
    unit: str = SCORE_UNIT,
    shades: Sequence[Shade] = (),
) -> None:
    """A chart over the years: gridlines, axis labels, the lines, and marks at given years;
    ``shades`` (bands of possible futures) are filled behind the lines.

    The value axis comes from :mod:`game.axes`: it spans at least the minimum span of ``unit``
    (unless ``y_range`` is given), and its ticks are nice numbers labelled so no two are equal.
    """
    if title:
        style.text(surface, title, (rect.left, rect.top), 15, INK, bold=True)
        rect = pygame.Rect(
            rect.left, rect.top + style.px(22), rect.width, rect.height - style.px(22)
        )
    labelled = [s for s in series if s.label]
    if labelled:  # a key on its own line, so it never hides the lines
        x = rect.left
        for s in labelled:
            pygame.draw.line(
                surface,
                s.colour,
                (x, rect.top + style.px(8)),
                (x + style.px(16), rect.top + style.px(8)),
                max(2, style.px(3)),
            )
            where = style.text(surface, s.label, (x + style.px(20), rect.top), 12, INK)
            x = where.right + style.px(14)
        if any(s.dashed for s in series):
            dashed(
                surface,
                BASELINE,
                [(x, rect.top + style.px(8)), (x + style.px(16), rect.top + style.px(8))],
                max(1, style.px(2)),
                style.px(4),
            )
            style.text(surface, "doing nothing", (x + style.px(20), rect.top), 12, MUTED)
        rect = pygame.Rect(
            rect.left, rect.top + style.px(20), rect.width, rect.height - style.px(20)
        )
    values = [v for s in series for v in s.values]
    values += [v for b in shades for v in (*b.low, *b.high)]
    if not values or len(years) < 1:
        return
    lo, hi = y_range if y_range is not None else value_range(values, unit, pad=0.12)
    top, height = rect.top + style.px(4), rect.height - style.px(26)
    label_h = style.font(12).get_linesize()
    ticks = nice_ticks(lo, hi, max(2, min(5, height // (label_h + style.px(4)))))
    labels = tick_labels(ticks)
    axis_w = max(style.px(24), *(style.font(12).size(t)[0] + style.px(8) for t in labels))
    plot = pygame.Rect(rect.left + axis_w, top, rect.width - axis_w - style.px(6), height)
    for v, text in zip(ticks, labels, strict=True):
        y = plot.bottom - (v - lo) / (hi - lo or 1) * plot.height
        pygame.draw.line(surface, (232, 232, 228), (plot.left, y), (plot.right, y), 1)
        style.text(surface, text, (plot.left - style.px(4), round(y)), 12, MUTED, anchor="midright")
    n = len(years)
    step = plot.width / max(1, n - 1)
    year_w = style.font(12).size(str(max(years, key=lambda y: len(str(y)))))[0] + style.px(14)
    shown = nice_ticks(years[0], years[-1], max(1, plot.width // year_w), integer=True)
    for k, year in enumerate(years):
        if year in shown:
            tick = plot.left + k * step
            style.text(
                surface,
                str(year),
                (round(tick), plot.bottom + style.px(3)),
                12,
                MUTED,
                anchor="midtop",
            )
    for year, label in marks:
        if year in years:
            mark = plot.left + years.index(year) * step
            pygame.draw.line(surface, FAINT, (mark, plot.top), (mark, plot.bottom), 1)
            if label:
                style.text(surface, label, (round(mark) + 3, plot.top), 11, MUTED)
    pygame.draw.line(surface, MUTED, plot.bottomleft, plot.bottomright, 1)
    for band in shades:
        shade(surface, plot, band, lo, hi, n)
    for s in sorted(series, key=lambda s: not s.dashed):  # dashed (baseline) beneath
        if len(s.values) < 2:
            continue
        points = _points(plot, s.values, lo, hi, n)
        if s.dashed:
            dashed(surface, s.colour, points, max(1, style.px(s.width)), style.px(7))
        else:
            pygame.draw.lines(surface, s.colour, False, points, max(1, style.px(s.width)))
