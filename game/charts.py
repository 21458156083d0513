"""The debrief's charts as PNG files, drawn with matplotlib (no pygame, no pyplot state).

Figures are made with :class:`matplotlib.figure.Figure` directly, so drawing uses the Agg
renderer, touches no global pyplot state and is safe from a worker thread of the pygame game.
Every chart draws the do-nothing baseline beneath in grey dashes, marks the start of each round
(``R1``, ``R2``...) and the events (``E1``, ``E2``..., listed under the chart), and uses the
Okabe-Ito colour-blind-safe palette, with the framework's colour-blind-safe band colours as a
faint background on score charts. Text is 12 points (ticks 11) so a projected chart stays legible.

Value axes follow :mod:`game.axes`, the rule the game's own charts follow: nice ticks, and a
minimum span per unit so noise is not drawn as change. Events that strike in the same year share
one marker (``E5-E9``), and labels that would touch are stacked upwards, measured with the
figure's renderer after the layout is settled; the key under the chart wraps to the figure.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from game.axes import SCORE_UNIT, TickFormatter, locator, value_range
from model.debrief import Debrief, Series
from model.framework import Band
from model.safefile import writing

__all__ = [
    "PALETTE",
    "co2_chart",
    "co2_figure",
    "domains_chart",
    "domains_figure",
    "event_groups",
    "gaps_chart",
    "gaps_figure",
    "headlines_chart",
    "headlines_figure",
    "label_box",
    "spending_chart",
    "spending_figure",
]

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
"""Okabe-Ito: distinguishable with every common colour-vision deficiency."""
P = ParamSpec("P")
R = TypeVar("R")
PLAYED = PALETTE[0]
BASELINE = "#6b6b6b"
STYLE: dict[Any, Any] = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "figure.titlesize": 15,
}
KEY_SIZE = 11
"""Points: the key under a chart and the event labels."""
EVENT_GID = "event-label"
"""The gid of every event label (so tests and the stacking find them)."""


def _figure(rows: int, cols: int, width: float, height: float) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
    FigureCanvasAgg(fig)  # its renderer measures text before saving
    axes = fig.subplots(rows, cols, squeeze=False).ravel().tolist()
    return fig, axes


def _bands(ax: Axes, bands: Sequence[Band]) -> None:
    """The TPI bands as faint colour-blind-safe stripes, with their symbols on the right."""
    for k, band in enumerate(bands):
        top = bands[k + 1].min if k + 1 < len(bands) else 10.0
        ax.axhspan(band.min, top, color=band.colour_safe, alpha=0.13, lw=0, zorder=0)


def _band_labels(ax: Axes, bands: Sequence[Band]) -> None:
    """Name the bands the axis shows on its right (in words and symbol, not colour alone)."""
    lo, hi = ax.get_ylim()
    ticks, labels = [], []
    for k, band in enumerate(bands):
        top = bands[k + 1].min if k + 1 < len(bands) else 10.0
        bottom, upper = max(lo, band.min), min(hi, top)
        if upper - bottom > 0.12 * (hi - lo):
            ticks.append((bottom + upper) / 2)
            labels.append(f"{band.symbol} {band.name.replace(' average', '')}")
    right = ax.secondary_yaxis("right")
    right.set_yticks(ticks, labels, fontsize=11, color="#444444")
    right.tick_params(length=0)


def _marks(ax: Axes, brief: Debrief, label: bool) -> None:
    """Round starts as dotted lines; events as triangles along the bottom, one per year struck
    (``E5-E9`` when several strike in the same year)."""
    for entry in brief.timeline:
        x = entry.first_year - 1
        ax.axvline(x, color="#333333", lw=0.8, ls=":", zorder=1)
        if label:
            ax.annotate(
                f"R{entry.round}",
                (x, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -14),
                textcoords="offset points",
                fontsize=11,
                color="#333333",
            )
    for year, numbers in event_groups(brief):
        ax.plot(
            [year],
            [0.03],
            marker="^",
            ms=9,
            color=PALETTE[5],
            transform=ax.get_xaxis_transform(),
            clip_on=False,
            zorder=4,
            gid="event-marker",
        )
        if label:
            ax.annotate(
                _numbers(numbers),
                (year, 0.03),
                xycoords=("data", "axes fraction"),
                xytext=(5, 2),
                textcoords="offset points",
                fontsize=KEY_SIZE,
                color=PALETTE[5],
                gid=EVENT_GID,
                zorder=5,
                bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
                arrowprops={  # a leader to the marker, seen once a label is lifted
                    "arrowstyle": "-",
                    "color": PALETTE[5],
                    "lw": 0.7,
                    "shrinkA": 0,
                    "shrinkB": 6,
                },
            )


def _events(brief: Debrief) -> list[tuple[str, int]]:
    """Every event drawn, in the order of the years they struck (numbered E1, E2...)."""
    found = [(e.name, e.year) for entry in brief.timeline for e in entry.events]
    return sorted(found, key=lambda e: e[1])


def event_groups(brief: Debrief) -> list[tuple[int, list[int]]]:
    """The years events struck, each with its events' numbers (E1 is 1), in year order.

    Events are numbered in the order of their years, so one year's numbers run on.
    """
    groups: dict[int, list[int]] = {}
    for k, (_name, year) in enumerate(_events(brief), start=1):
        groups.setdefault(year, []).append(k)
    return sorted(groups.items())


def _numbers(numbers: Sequence[int]) -> str:
    """``E3``, ``E3, E4`` or ``E3-E6``: the label of one year's events."""
    if len(numbers) == 1:
        return f"E{numbers[0]}"
    if len(numbers) == 2:
        return f"E{numbers[0]}, E{numbers[1]}"
    return f"E{numbers[0]}-E{numbers[-1]}"


def _caption(fig: Figure, brief: Debrief) -> None:
    """The key to the marks, under the chart (as the figure's x label, so the layout keeps
    room for it), wrapped to the figure's width."""
    items = [f"E{k} year {year}: {name}" for k, (name, year) in enumerate(_events(brief), 1)]
    lines = ["Dotted lines: the start of each round (R1, R2, ...)."]
    if items:
        lines += _pack(fig, ["Events:", *items], fig.bbox.width * 0.96)
    fig.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=KEY_SIZE)


def _pack(fig: Figure, items: Sequence[str], width: float, gap: str = "   ") -> list[str]:
    """Items joined into lines no wider than ``width`` pixels, measured by the figure's renderer
    (an item too long for a line of its own is broken between words)."""
    renderer = _renderer(fig)
    probe = fig.text(0, 0, "", fontsize=KEY_SIZE)

    def wide(text: str) -> float:
        probe.set_text(text)
        return float(probe.get_window_extent(renderer).width)

    lines: list[str] = []
    line = ""
    for item in items:
        for word in _fit_words(item, width, wide):
            trial = f"{line}{gap}{word}" if line else word
            if line and wide(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
    probe.remove()
    return [*lines, line] if line else lines


def _fit_words(item: str, width: float, wide: Callable[[str], float]) -> list[str]:
    """``item`` whole if it fits ``width``, else split between words into pieces that do."""
    if wide(item) <= width:
        return [item]
    pieces: list[str] = []
    piece = ""
    for word in item.split():
        trial = f"{piece} {word}".strip()
        if piece and wide(trial) > width:
            pieces.append(piece)
            piece = word
        else:
            piece = trial
    return [*pieces, piece]


def label_box(text: Annotation, renderer: RendererAgg) -> Bbox:
    """Where an event label's words are, in pixels (its leader line left out)."""
    text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def _renderer(fig: Figure) -> RendererAgg:
    canvas = fig.canvas
    assert isinstance(canvas, FigureCanvasAgg), "charts are drawn on an Agg canvas (_figure)"
    renderer: RendererAgg = canvas.get_renderer()
    return renderer


def _settle(fig: Figure) -> Figure:
    """Lay the figure out once, keep that layout, and lift event labels that would touch.

    The labels' sizes are known only once the layout has placed the axes, so the figure is drawn
    (without rendering) first; the layout is then frozen, so saving draws the same positions.
    """
    fig.draw_without_rendering()
    fig.set_layout_engine("none")
    renderer = _renderer(fig)
    for ax in fig.axes:
        labels = sorted(
            (t for t in ax.texts if isinstance(t, Annotation) and t.get_gid() == EVENT_GID),
            key=lambda t: float(t.xy[0]),
        )
        markers = [
            (float(np.asarray(line.get_xdata())[0]), line.get_window_extent(renderer))
            for line in ax.lines
            if line.get_gid() == "event-marker"
        ]
        placed: list[Bbox] = []
        for text in labels:
            dx, dy = text.xyann
            year = float(text.xy[0])
            others = [*placed, *(box for x, box in markers if x != year)]
            box = label_box(text, renderer)
            if box.x1 > ax.bbox.x1:  # past the right edge: write it on the marker's left
                dx = -dx
                text.set_horizontalalignment("right")
                text.xyann = (dx, dy)
                box = label_box(text, renderer)
            for _ in range(60):  # rows enough for any game; a guard, never reached
                if not any(box.overlaps(b) for b in others):
                    break
                dy += KEY_SIZE * 1.2
                text.xyann = (dx, dy)
                box = label_box(text, renderer)
            placed.append(box)
    return fig


def _legend(fig: Figure, ax: Axes) -> None:
    fig.legend(*ax.get_legend_handles_labels(), loc="outside upper right", ncol=2)


def _lines(ax: Axes, years: Sequence[int], series: Series, colour: str = PLAYED) -> None:
    ax.plot(years, series.baseline, color=BASELINE, lw=2, ls="--", label="doing nothing", zorder=2)
    ax.plot(years, series.played, color=colour, lw=2.6, label="played", zorder=3)
    ax.set_xlim(years[0], max(years[-1], 1))
    ax.xaxis.set_major_locator(locator(8, integer=True))
    ax.xaxis.set_major_formatter(TickFormatter())
    ax.grid(alpha=0.25)


def _value_axis(ax: Axes, series: Series, unit: str, pad: float = 0.12) -> None:
    """The value axis by the shared rule (:func:`game.axes.value_range`): at least the unit's
    minimum span, centred on the lines, nice ticks."""
    ax.set_ylim(*value_range((*series.played, *series.baseline), unit, pad=pad))
    ax.yaxis.set_major_locator(locator(5))
    ax.yaxis.set_major_formatter(TickFormatter())


def _save(fig: Figure, path: Path) -> Path:
    """Write the chart all or nothing: never half a PNG (model/safefile.py)."""
    with writing(path, binary=True) as handle:
        fig.savefig(handle, format="png")
    return path


def _styled(draw: Callable[P, R]) -> Callable[P, R]:
    """Draw under the chart style without changing anyone else's matplotlib settings."""

    @functools.wraps(draw)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapped


@_styled
def headlines_chart(brief: Debrief, bands: Sequence[Band], path: Path) -> Path:
    """:func:`headlines_figure`, saved as a PNG at ``path``."""
    return _save(headlines_figure(brief, bands), path)


@_styled
def headlines_figure(brief: Debrief, bands: Sequence[Band]) -> Figure:
    """The three headline elements against doing nothing, with rounds and events marked."""
    fig, axes = _figure(1, len(brief.headlines), 5.2 * len(brief.headlines), 5.4)
    for ax, m in zip(axes, brief.headlines, strict=True):
        series = brief.series[f"score:{m.id}"]
        _bands(ax, bands)
        _lines(ax, brief.years, series)
        _marks(ax, brief, label=True)
        _value_axis(ax, series, SCORE_UNIT)
        _band_labels(ax, bands)
        ax.set_title(f"{m.name}\n{m.end:.2f} at the end, {_signed(m.vs_baseline)} vs doing nothing")
        ax.set_xlabel("year")
    axes[0].set_ylabel("score (5 = England average)")
    _legend(fig, axes[0])
    fig.suptitle(f"{brief.town}: the headline elements against doing nothing")
    _caption(fig, brief)
    return _settle(fig)


@_styled
def domains_chart(brief: Debrief, bands: Sequence[Band], path: Path) -> Path:
    """:func:`domains_figure`, saved as a PNG at ``path``."""
    return _save(domains_figure(brief, bands), path)


@_styled
def domains_figure(brief: Debrief, bands: Sequence[Band]) -> Figure:
    """Every domain's score against doing nothing, as small multiples (framework order)."""
    keys = [k for k in brief.series if k.startswith("score:")][len(brief.headlines) :]
    cols = 5
    rows = -(-len(keys) // cols)
    fig, axes = _figure(rows, cols, 4.0 * cols, 3.3 * rows + 0.8)
    change = {m.id: m.vs_baseline for m in brief.domains}
    for ax, key in zip(axes, keys, strict=False):
        series = brief.series[key]
        _bands(ax, bands)
        _lines(ax, brief.years, series)
        _marks(ax, brief, label=False)
        _value_axis(ax, series, SCORE_UNIT)
        domain = key.partition(":")[2]
        ax.set_title(f"{series.name}\n{_signed(change[domain])} vs doing nothing", fontsize=12)
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    _legend(fig, axes[0])
    fig.suptitle(
        f"{brief.town}: every domain (score, 5 = England average); grey dashes = doing nothing"
    )
    _caption(fig, brief)
    return _settle(fig)


@_styled
def gaps_chart(brief: Debrief, path: Path) -> Path:
    """:func:`gaps_figure`, saved as a PNG at ``path``."""
    return _save(gaps_figure(brief), path)


@_styled
def gaps_figure(brief: Debrief) -> Figure:
    """The equality gaps over time (raw, in their units; lower is fairer)."""
    keys = [k for k in brief.series if k.startswith("gap:")]
    cols = min(3, max(1, len(keys)))
    rows = -(-len(keys) // cols)
    fig, axes = _figure(rows, cols, 5.2 * cols, 3.8 * rows + 0.8)
    for ax, key in zip(axes, keys, strict=False):
        series = brief.series[key]
        _lines(ax, brief.years, series, colour=PALETTE[3])
        _value_axis(ax, series, series.unit)
        _marks(ax, brief, label=True)
        ax.set_title(series.name)
        ax.set_ylabel(_short(series.unit))
        ax.set_xlabel("year")
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    _legend(fig, axes[0])
    fig.suptitle(f"{brief.town}: equality gaps (lower is fairer); grey dashes = doing nothing")
    _caption(fig, brief)
    return _settle(fig)


@_styled
def co2_chart(brief: Debrief, path: Path) -> Path:
    """:func:`co2_figure`, saved as a PNG at ``path``."""
    return _save(co2_figure(brief), path)


@_styled
def co2_figure(brief: Debrief) -> Figure:
    """Carbon emissions per person against doing nothing."""
    (key,) = [k for k in brief.series if k.startswith("value:")]
    series = brief.series[key]
    fig, (ax,) = _figure(1, 1, 8.0, 5.2)
    _lines(ax, brief.years, series, colour=PALETTE[2])
    _value_axis(ax, series, series.unit)
    _marks(ax, brief, label=True)
    ax.set_ylabel(_short(series.unit))
    ax.set_xlabel("year")
    _legend(fig, ax)
    ax.set_title(f"{brief.town}: {series.name.lower()} (lower is better for future generations)")
    _caption(fig, brief)
    return _settle(fig)


@_styled
def spending_chart(brief: Debrief, path: Path) -> Path:
    """:func:`spending_figure`, saved as a PNG at ``path``."""
    return _save(spending_figure(brief), path)


@_styled
def spending_figure(brief: Debrief) -> Figure:
    """Each team's pounds per round, stacked, with co-funded money hatched."""
    fig, (ax,) = _figure(1, 1, 8.0, 5.2)
    rounds = [f"R{e.round}\n(years {e.first_year}-{e.last_year})" for e in brief.timeline]
    bottom = [0.0] * len(rounds)
    for k, team in enumerate(brief.teams):
        shared = [
            sum(f.pounds for f in e.team_funding(team.team) if f.co_funded) for e in brief.timeline
        ]
        alone = [t - s for t, s in zip(team.pounds_by_round, shared, strict=True)]
        colour = PALETTE[k % len(PALETTE)]
        ax.bar(rounds, alone, bottom=bottom, color=colour, label=team.name)
        bottom = [b + a for b, a in zip(bottom, alone, strict=True)]
        ax.bar(rounds, shared, bottom=bottom, color=colour, hatch="//", edgecolor="white")
        bottom = [b + s for b, s in zip(bottom, shared, strict=True)]
    ax.set_ylabel("pounds spent in the round")
    ax.yaxis.set_major_formatter(lambda v, _pos: f"£{v:,.0f}")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title(f"{brief.town}: what each team spent (hatched = co-funded)")
    return fig


def _signed(value: float) -> str:
    """A change to two decimals with its sign, and "±0.00" rather than "-0.00"."""
    return f"{value:+.2f}" if abs(value) >= 0.005 else "±0.00"


def _short(unit: str) -> str:
    """A unit short enough for an axis label."""
    return unit if len(unit) <= 34 else unit[:32] + "..."
