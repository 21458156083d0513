"""How the window shows a band of possible futures (model/future_bands.py): the shaded region
behind a chart's line, and the one sentence that explains it.

The shading is doing nothing plus the 10th to the 90th percentile of the paired change (the
decisions minus doing nothing, future by future), so a facilitator can say it in one breath:
where the plan's line falls in most futures, and a change is beyond chance when the shading stays
clear of the dashed line of doing nothing (the same test the debrief's sentences apply).
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from game.draw import HEADLINE_COLOURS, INK, MUTED, Shade, Style
from model.framework import Framework
from model.future_bands import FuturesBand
from model.simulation import YearReport

__all__ = ["WORKING", "band_sentence", "band_shade", "note_under", "played_shades"]

WORKING = "working out the range…"
"""Said quietly while a band is being worked out."""


def band_sentence(band: FuturesBand, of: str = "this plan") -> str:
    """The one sentence on screen, e.g. "Shaded: where this plan lands in 8 in 10 of 8
    futures; clear of the dashed line = beyond chance."."""
    return (
        f"Shaded: where {of} lands in 8 in 10 of {band.futures} possible futures; "
        "clear of the dashed line = beyond chance."
    )


def band_shade(
    band: FuturesBand,
    key: str,
    nothing: Sequence[float],
    colour: tuple[int, int, int],
    lead: int = 0,
) -> Shade:
    """The shade of score ``key``: doing nothing (one value a year of the band's years) plus
    the change's 80% interval; ``lead`` years before the band's (the chart's "now") are drawn
    as a point on doing nothing, so the shading fans out from where the town stands."""
    low, high = band.shading(key, nothing[lead:])
    start = list(nothing[:lead])
    return Shade([*start, *low.tolist()], [*start, *high.tolist()], colour)


def played_shades(
    band: FuturesBand | None,
    years: Sequence[int],
    baseline: Sequence[YearReport],
    framework: Framework,
) -> list[Shade]:
    """The game so far's band as a shade for each headline element over its line of doing
    nothing (the dashboard's and the debrief's charts); none unless the band is of ``years``."""
    if band is None or band.years != tuple(years):
        return []
    return [
        band_shade(band, h, [r.scores[h] for r in baseline], HEADLINE_COLOURS.get(h, INK))
        for h in framework.headline_ids
    ]


def note_under(
    surface: pygame.Surface, style: Style, text: str, rect: pygame.Rect, size: float = 13
) -> pygame.Rect:
    """Write ``text`` (the band's sentence) wrapped at the bottom of ``rect``, in at most two
    lines, and return the part of ``rect`` left above it for the chart."""
    if not text:
        return rect
    tall = min(style.height(text, rect.width, size), 2 * style.font(size).get_linesize())
    below = pygame.Rect(rect.left, rect.bottom - tall, rect.width, tall)
    style.wrapped(surface, text, below, size, MUTED, max_lines=2)
    return pygame.Rect(rect.left, rect.top, rect.width, rect.height - tall - style.px(2))
