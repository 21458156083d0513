"""The network view's "across rounds" panel: a node's change against doing nothing over a span
of rounds, traced back to the decisions, events and the town's own dynamics that made it
(model/attribution.py), in the rows ``thrive why`` prints (model/attribution_text.py).

Drawing only: it reads an attribution and draws it; the span is the screen's state.
"""

from __future__ import annotations

import html

import pygame

from game.draw import DOWN, INK, MUTED, UP, Style, signed
from model.attribution import Attribution
from model.attribution_text import Row, route_text, rows
from model.debrief_trace import Traced
from model.framework import Framework

__all__ = ["draw_across", "span_words", "traced_html"]


def traced_html(traced: Traced, fw: Framework) -> list[str]:
    """The debrief screen's short "why it changed, traced back" (pygame_gui's HTML subset):
    per headline element, its change and the biggest decision and the biggest other part, with
    the route each took; the full account is in the exported pack and ``thrive why``."""
    lines = ["<b>Why it changed, traced back</b> (through the links and their delays)"]
    for h, result in traced.headlines.items():
        lines.append(f"<b>{html.escape(fw.name_of(h))} {signed(result.shown_change)}</b>")
        decisions = [c for c in result.contributions if c.origin.kind == "intervention"][:2]
        others = [c for c in result.contributions if c.origin.kind != "intervention"][:1]
        for c in (*decisions, *others):
            useful = c.routes and (c.routes[0].links or c.origin.kind != "own")
            route = f", {route_text(c.routes[0], fw)}" if useful else ""
            text = f"{c.origin.describe(teams=False)}{route}"
            lines.append(f"  {signed(c.shown)}  {html.escape(text)}")
        rest = round(result.shown_change - sum(c.shown for c in (*decisions, *others)), 2)
        lines.append(f"  {signed(rest)}  everything else (see the exported pack)")
    return lines


def span_words(first: int, last: int) -> str:
    return f"round {first}" if first == last else f"rounds {first} to {last}"


_SIZES = (14, 13, 12)
"""Text size of a group's row, an origin's and a route's."""

_DETAIL = ((3, 1), (2, 1), (3, 0), (2, 0), (1, 0), (0, 0))
"""(origins per group, routes per origin) to try, most detail first, until the rows fit."""


def _fitting(s: Style, result: Attribution, fw: Framework, width: int, room: int) -> list[Row]:
    """The most detailed rows that fit in ``room`` pixels (fewer origins and routes if not:
    rows() sums what it leaves out into one row a group, so they still add up)."""
    px = s.px
    listed: list[Row] = []
    for per_group, routes in _DETAIL:
        listed = rows(result, fw, per_group=per_group, routes=routes, teams=False)
        need = sum(
            max(s.height(r.text, width - (0, px(8), px(20))[r.depth], _SIZES[r.depth]), px(16))
            + px(2)
            for r in listed
        )
        if need <= room:
            return listed
    s.cut(" / ".join(r.text for r in listed), "", "lines")  # not even the groups fit
    return listed


def _tone(value: float) -> tuple[int, int, int]:
    return UP if value > 0 else DOWN if value < 0 else MUTED


def draw_across(
    surface: pygame.Surface,
    s: Style,
    inner: pygame.Rect,
    y: int,
    result: Attribution,
    fw: Framework,
    span: tuple[int, int],
) -> int:
    """Draw the attribution from ``y`` down within ``inner``; returns the next free ``y``.

    With too little room, fewer origins and routes are listed (the rest of each group summed
    into one row), so that what is shown still adds up to the change."""
    px = s.px
    title = f"{span_words(*span).capitalize()}: {signed(result.shown_change)} against doing nothing"
    s.text(surface, title, (inner.left, y), 16, _tone(result.shown_change), bold=True)
    y += px(21)
    keys = "[ ] first round · Shift+[ ] last round · A: one year"
    y = s.wrapped(surface, keys, pygame.Rect(inner.left, y, inner.width, px(40)), 12, MUTED)
    y += px(4)
    value_width = px(52)
    room = inner.bottom - px(150) - px(26)  # leave room for "in all" and the links below
    listed = _fitting(s, result, fw, inner.width - value_width, room - y)
    for row in listed:
        indent = (0, px(8), px(20))[row.depth]
        size = _SIZES[row.depth]
        label = pygame.Rect(inner.left + indent, y, inner.width - indent - value_width, 0)
        label.height = inner.bottom - y
        colour = MUTED if row.depth == 2 else INK
        bottom = s.wrapped(surface, row.text, label, size, colour, bold=row.depth == 0)
        value_colour = MUTED if row.depth == 2 else _tone(row.points)
        s.text(
            surface,
            signed(row.points),
            (inner.right, y),
            size,
            value_colour,
            bold=row.depth == 0,
            anchor="topright",
        )
        y = max(bottom, y + px(16)) + px(2)
    pygame.draw.line(surface, MUTED, (inner.right - value_width, y), (inner.right, y))
    s.text(surface, "in all", (inner.left + px(8), y + px(2)), 14, INK, bold=True)
    s.text(
        surface,
        signed(result.shown_change),
        (inner.right, y + px(2)),
        14,
        _tone(result.shown_change),
        bold=True,
        anchor="topright",
    )
    return y + px(26)
