"""The debrief's charts as PNG files, drawn with matplotlib (no pygame, no pyplot state).

Figures are made with :class:`matplotlib.figure.Figure` directly, so drawing uses the Agg
renderer, touches no global pyplot state and is safe from a worker thread of the pygame game.
Every chart draws the do-nothing baseline beneath in grey dashes, marks the start of each round
(``R1``, ``R2``...) and the events (``E1``, ``E2``..., listed under the chart), and uses the
Okabe-Ito colour-blind-safe palette, with the framework's colour-blind-safe band colours as a
faint background on score charts. Text is 12 points (ticks 11) so a projected chart stays legible.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec

import matplotlib
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from model.debrief import Debrief, Series
from model.framework import Band

__all__ = [
    "PALETTE",
    "co2_chart",
    "domains_chart",
    "gaps_chart",
    "headlines_chart",
    "spending_chart",
]

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
"""Okabe-Ito: distinguishable with every common colour-vision deficiency."""
P = ParamSpec("P")
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


def _figure(rows: int, cols: int, width: float, height: float) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(width, height), dpi=110, layout="constrained")
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
    """Round starts as dotted lines, events as numbered triangles along the bottom."""
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
    for k, event in enumerate(_events(brief), start=1):
        ax.plot(
            [event[1]],
            [0.03],
            marker="^",
            ms=9,
            color=PALETTE[5],
            transform=ax.get_xaxis_transform(),
            clip_on=False,
            zorder=4,
        )
        if label:
            ax.annotate(
                f"E{k}",
                (event[1], 0.03),
                xycoords=("data", "axes fraction"),
                xytext=(5, 2),
                textcoords="offset points",
                fontsize=11,
                color=PALETTE[5],
            )


def _events(brief: Debrief) -> list[tuple[str, int]]:
    """Every event drawn, in the order of the years they struck (numbered E1, E2...)."""
    found = [(e.name, e.year) for entry in brief.timeline for e in entry.events]
    return sorted(found, key=lambda e: e[1])


def _caption(fig: Figure, brief: Debrief) -> None:
    """The key to the marks, under the chart (as the figure's x label, so the layout keeps
    room for it)."""
    events = _events(brief)
    text = "   ".join(f"E{k} year {year}: {name}" for k, (name, year) in enumerate(events, 1))
    rounds = "Dotted lines: the start of each round (R1, R2, ...)."
    fig.supxlabel(rounds + ("\nEvents: " + text if text else ""), x=0.01, ha="left", fontsize=11)


def _legend(fig: Figure, ax: Axes) -> None:
    fig.legend(*ax.get_legend_handles_labels(), loc="outside upper right", ncol=2)


def _lines(ax: Axes, years: Sequence[int], series: Series, colour: str = PLAYED) -> None:
    ax.plot(years, series.baseline, color=BASELINE, lw=2, ls="--", label="doing nothing", zorder=2)
    ax.plot(years, series.played, color=colour, lw=2.6, label="played", zorder=3)
    ax.set_xlim(years[0], max(years[-1], 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.grid(alpha=0.25)


def _save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, format="png")
    return path


def _styled(draw: Callable[P, Path]) -> Callable[P, Path]:
    """Draw under the chart style without changing anyone else's matplotlib settings."""

    @functools.wraps(draw)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> Path:
        with matplotlib.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapped


@_styled
def headlines_chart(brief: Debrief, bands: Sequence[Band], path: Path) -> Path:
    """The three headline elements against doing nothing, with rounds and events marked."""
    fig, axes = _figure(1, len(brief.headlines), 5.2 * len(brief.headlines), 5.4)
    for ax, m in zip(axes, brief.headlines, strict=True):
        series = brief.series[f"score:{m.id}"]
        _bands(ax, bands)
        _lines(ax, brief.years, series)
        _marks(ax, brief, label=True)
        lo = min(*series.played, *series.baseline)
        hi = max(*series.played, *series.baseline)
        ax.set_ylim(max(0.0, lo - 0.6), min(10.0, hi + 0.6))
        _band_labels(ax, bands)
        ax.set_title(f"{m.name}\n{m.end:.2f} at the end, {m.vs_baseline:+.2f} vs doing nothing")
        ax.set_xlabel("year")
    axes[0].set_ylabel("score (5 = England average)")
    _legend(fig, axes[0])
    fig.suptitle(f"{brief.town}: the headline elements against doing nothing")
    _caption(fig, brief)
    return _save(fig, path)


@_styled
def domains_chart(brief: Debrief, bands: Sequence[Band], path: Path) -> Path:
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
        lo = min(*series.played, *series.baseline)
        hi = max(*series.played, *series.baseline)
        ax.set_ylim(max(0.0, lo - 0.5), min(10.0, hi + 0.5))
        domain = key.partition(":")[2]
        ax.set_title(f"{series.name}\n{change[domain]:+.2f} vs doing nothing", fontsize=12)
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    _legend(fig, axes[0])
    fig.suptitle(
        f"{brief.town}: every domain (score, 5 = England average); grey dashes = doing nothing"
    )
    _caption(fig, brief)
    return _save(fig, path)


@_styled
def gaps_chart(brief: Debrief, path: Path) -> Path:
    """The equality gaps over time (raw, in their units; lower is fairer)."""
    keys = [k for k in brief.series if k.startswith("gap:")]
    cols = min(3, max(1, len(keys)))
    rows = -(-len(keys) // cols)
    fig, axes = _figure(rows, cols, 5.2 * cols, 3.8 * rows + 0.8)
    for ax, key in zip(axes, keys, strict=False):
        series = brief.series[key]
        _lines(ax, brief.years, series, colour=PALETTE[3])
        _marks(ax, brief, label=True)
        ax.set_title(series.name)
        ax.set_ylabel(_short(series.unit))
        ax.set_xlabel("year")
    for ax in axes[len(keys) :]:
        ax.set_visible(False)
    _legend(fig, axes[0])
    fig.suptitle(f"{brief.town}: equality gaps (lower is fairer); grey dashes = doing nothing")
    _caption(fig, brief)
    return _save(fig, path)


@_styled
def co2_chart(brief: Debrief, path: Path) -> Path:
    """Carbon emissions per person against doing nothing."""
    (key,) = [k for k in brief.series if k.startswith("value:")]
    series = brief.series[key]
    fig, (ax,) = _figure(1, 1, 8.0, 5.2)
    _lines(ax, brief.years, series, colour=PALETTE[2])
    _marks(ax, brief, label=True)
    ax.set_ylabel(_short(series.unit))
    ax.set_xlabel("year")
    _legend(fig, ax)
    ax.set_title(f"{brief.town}: {series.name.lower()} (lower is better for future generations)")
    _caption(fig, brief)
    return _save(fig, path)


@_styled
def spending_chart(brief: Debrief, path: Path) -> Path:
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
    return _save(fig, path)


def _short(unit: str) -> str:
    """A unit short enough for an axis label."""
    return unit if len(unit) <= 34 else unit[:32] + "..."
