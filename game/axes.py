"""Honest chart axes, shared by the game's pygame charts and the exported matplotlib charts.

Two rules live here, and only here:

- **Tick values** are "nice" numbers (1, 2, 2.5 or 5 times a power of ten) from matplotlib's
  :class:`~matplotlib.ticker.MaxNLocator`, and their labels carry just enough decimals to show
  every tick exactly, so no two labels are ever equal (no "5.1, 5.1") and none is rounded to a
  value the tick is not (no "4.2" for 4.25).
- **A minimum axis span** per unit (:data:`MIN_SPAN`), so that a line which barely moves is
  drawn nearly flat instead of being stretched over the whole chart height: year-to-year noise
  of 0.01 t of CO2 must not look like change. A narrow range is widened about the data's middle;
  a score axis never goes outside 0-10.

Nothing here draws or imports pygame: :mod:`game.draw` and :mod:`game.charts` both call it.

>>> nice_ticks(4.3, 5.1)
(4.4, 4.6, 4.8, 5.0)
>>> tick_labels(nice_ticks(4.90, 4.93))
('4.90', '4.91', '4.92', '4.93')
>>> value_range([4.90, 4.93], CO2_UNIT, pad=0.0)
(4.665, 5.165)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from matplotlib.ticker import Formatter, MaxNLocator

from model.scoring import MAX_SCORE, MIN_SCORE

__all__ = [
    "CO2_UNIT",
    "MIN_SPAN",
    "SCORE_UNIT",
    "STEPS",
    "TickFormatter",
    "locator",
    "min_span",
    "nice_ticks",
    "tick_labels",
    "value_range",
]

STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
"""The tick steps allowed, times a power of ten."""

SCORE_UNIT = "points"
"""The unit of a score (0-10, 5 = England average), as the debrief's series name it."""

CO2_UNIT = "tonnes CO2 per person a year"

MIN_SPAN: dict[str, float] = {
    SCORE_UNIT: 1.0,
    CO2_UNIT: 0.5,
    "years (slope index of inequality)": 0.5,
    "ratio, top fifth to bottom fifth": 1.0,
    "Attainment 8 points": 1.5,
    "% of men's median hourly pay": 4.0,
    "percentage points": 2.5,
}
"""The least an axis spans, by the unit of what it shows.

One rule: an axis spans at least what **one score point** stands for. A score point is a band's
width (the Average band is 4.5-5.5) and half an England standard deviation across districts
(``points_per_sd`` is 2 in ``scenarios/framework.yaml``), so a change smaller than that is
smaller than the difference between neighbouring bands and is drawn as such. In each raw unit
that is half the England spread of its indicator, rounded to a round number:

- scores (``points``, 0-10): **1 point**, one band;
- CO2 per person: **0.5 t**, half the England spread of 1 t (BEIS 2019). A 3,000-resident town's
  carbon wobbles by 0.01-0.03 t a year, which on a 0.5 t axis is a ripple, not a trend;
- the life expectancy gap: **0.5 years** (England spread 1.26 years, modelled from districts'
  neighbourhoods);
- the attainment gap (``Attainment 8 points``): **1.5 points** (England spread 2.9);
- the income gap: **1** (top fifth's income over the bottom fifth's; spread 1.6);
- the gender pay gap: **4 percentage points** of men's pay (spread 8);
- the income deprivation and ethnic employment gaps (``percentage points``): **2.5 points**
  (spreads 6.9 and 8: the smaller half-spread rounded down, so neither gap's moves are hidden).

A unit not listed gets 5% of the largest magnitude on the axis (see :func:`min_span`).
"""

_LIMITS: dict[str, tuple[float, float]] = {SCORE_UNIT: (MIN_SCORE, MAX_SCORE)}


def min_span(unit: str, values: Iterable[float] = ()) -> float:
    """The least span of an axis in ``unit`` (:data:`MIN_SPAN`; else 5% of the largest value).

    >>> min_span("points"), min_span("tonnes CO2 per person a year")
    (1.0, 0.5)
    >>> min_span("kWh per meter a year", [12000.0, 12400.0])
    620.0
    """
    if unit in MIN_SPAN:
        return MIN_SPAN[unit]
    return 0.05 * max((abs(v) for v in values), default=0.0)


def value_range(
    values: Iterable[float], unit: str = SCORE_UNIT, pad: float = 0.1
) -> tuple[float, float]:
    """The axis range for ``values``: padded, at least :func:`min_span` wide, centred on the data
    when widened, and within 0-10 for scores.

    ``pad`` is the share of the data's span added at each end.

    >>> value_range([4.3, 5.1], pad=0.0)
    (4.2, 5.2)
    >>> value_range([0.1, 0.2], pad=0.0)  # a score axis stays within 0-10
    (0.0, 1.0)
    >>> value_range([2.0, 8.0], pad=0.0)
    (2.0, 8.0)
    """
    data = [float(v) for v in values if math.isfinite(v)]
    if not data:
        return (0.0, 1.0)
    lo, hi = min(data), max(data)
    margin = (hi - lo) * pad
    lo, hi = lo - margin, hi + margin
    least = min_span(unit, data)
    if hi - lo < least:
        middle = (lo + hi) / 2
        lo, hi = middle - least / 2, middle + least / 2
    if hi - lo <= 0:  # a flat line of zeros in an unlisted unit
        lo, hi = lo - 0.5, hi + 0.5
    if unit in _LIMITS:
        floor, ceiling = _LIMITS[unit]
        if hi - lo >= ceiling - floor:
            return (floor, ceiling)
        shift = max(0.0, floor - lo) - max(0.0, hi - ceiling)
        lo, hi = lo + shift, hi + shift
    return (_tidy(lo), _tidy(hi))


def _tidy(x: float) -> float:
    """Drop floating-point dust (4.2000000000000002 -> 4.2) so ranges read cleanly."""
    return float(f"{x:.12g}")


def locator(nbins: int = 5, integer: bool = False) -> MaxNLocator:
    """The one tick locator every chart uses (nice steps; whole numbers for years)."""
    return MaxNLocator(nbins=nbins, steps=list(STEPS), integer=integer)


@lru_cache(maxsize=512)
def nice_ticks(lo: float, hi: float, n: int = 5, integer: bool = False) -> tuple[float, ...]:
    """Nice tick values within ``[lo, hi]``, about ``n`` intervals (at least three ticks if ``n``
    is 3 or more, else two).

    >>> nice_ticks(0, 10)
    (0.0, 2.0, 4.0, 6.0, 8.0, 10.0)
    >>> nice_ticks(0, 11, 4, integer=True)
    (0.0, 5.0, 10.0)
    """
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"ticks need a finite range, not {lo}..{hi}")
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        return (_tidy(lo),)
    need = 3 if n >= 3 else 2
    tol = (hi - lo) * 1e-9
    for bins in range(max(1, n), 4 * max(1, n) + 2):
        found = locator(bins, integer).tick_values(lo, hi)
        inside = tuple(_tidy(float(t)) for t in found if lo - tol <= t <= hi + tol)
        if len(inside) >= need:
            return inside
    return (_tidy(lo), _tidy(hi))  # pragma: no cover - a locator always finds two in time


def tick_labels(ticks: Sequence[float]) -> tuple[str, ...]:
    """Labels for ``ticks`` with the fewest decimals (the same for all) that show each exactly,
    so labels are always distinct.

    >>> tick_labels([0.0, 2.5, 5.0, 7.5, 10.0])
    ('0.0', '2.5', '5.0', '7.5', '10.0')
    >>> tick_labels([4.4, 4.6, 4.8, 5.0])
    ('4.4', '4.6', '4.8', '5.0')
    >>> tick_labels([1990, 2000])
    ('1990', '2000')
    """
    values = [float(t) for t in ticks]
    gaps = [b - a for a, b in itertools.pairwise(values) if b != a]
    step = min((abs(g) for g in gaps), default=1.0)
    for decimals in range(0, 10):
        labels = [f"{v:.{decimals}f}" for v in values]
        exact = all(abs(float(s) - v) <= step * 1e-6 for s, v in zip(labels, values, strict=True))
        if exact and len(set(labels)) == len(set(values)):
            break
    return tuple(s.lstrip("-") if float(s) == 0 else s for s in labels)  # never "-0.0"


class TickFormatter(Formatter):
    """matplotlib's tick labels by :func:`tick_labels` (so PNGs and screens label alike)."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return tick_labels([x])[0]

    def format_ticks(self, values: Any) -> list[str]:
        return list(tick_labels([float(v) for v in values]))
