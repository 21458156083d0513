"""An attribution (model/attribution.py) in words: the rows that ``thrive why``, the network
view and the debrief all show, so that the three say the same thing the same way.

The rows are grouped: the decisions (interventions by team and round), events and situations,
then the town's own dynamics and the scale's edges. Within each group the biggest origins are
listed with their biggest routes; the rest of a group is one row, so the rows shown always add
up to the change shown (each origin's points are rounded with :func:`model.why.rounded_parts`).
"""

from __future__ import annotations

from dataclasses import dataclass

from model.attribution import Attribution, Contribution, Route
from model.framework import Framework

__all__ = ["GROUPS", "Row", "headline", "route_text", "rows"]

GROUPS = (
    ("decisions", ("intervention",), "Decisions"),
    ("outside", ("event", "situation"), "Events and situations"),
    ("town", ("own", "edges"), "The town's own dynamics"),
)
"""The groups rows come in: an id, the origin kinds in it, and its title."""


@dataclass(frozen=True)
class Row:
    """One line: its depth (0 a group's title, 1 an origin, 2 a route), points and words."""

    depth: int
    points: float
    text: str
    kind: str = ""
    """The origin's kind (rows of depth 1 and 2)."""


def headline(result: Attribution, fw: Framework, spans: str) -> str:
    """The one sentence above the rows: what changed, over what, by how much."""
    return (
        f"{fw.name_of(result.target)}, {spans}: {result.shown_change:+.2f} against doing nothing"
        + ("" if result.start_year == 0 else f" (change since the end of year {result.start_year})")
    )


def route_text(route: Route, fw: Framework) -> str:
    """``on Unemployment -> Basic needs (0 y) -> Mental health (1 y)``."""
    if not route.links:
        return f"directly on {fw.name_of(route.nodes[0])}"
    parts = [f"on {fw.name_of(route.nodes[0])}"]
    for node, delay in zip(route.nodes[1:], route.delays, strict=True):
        parts.append(f"{fw.name_of(node)} ({delay} y)")
    return " -> ".join(parts)


def rows(
    result: Attribution, fw: Framework, per_group: int = 6, routes: int = 2, teams: bool = True
) -> list[Row]:
    """The rows for an attribution: every group with a part, its ``per_group`` biggest
    origins (each with up to ``routes`` routes and, if the routes shown are not the whole of
    it, a row for its other routes), then one row for the rest of the group."""
    out: list[Row] = []
    for _, kinds, title in GROUPS:
        members = [c for c in result.contributions if c.origin.kind in kinds]
        total = round(sum(c.shown for c in members), 2)
        if not members or (total == 0 and all(abs(c.points) < 0.005 for c in members)):
            continue
        # parts that would show as 0.00 are summed into the group's last row
        big = [c for c in members if abs(c.points) >= 0.005][:per_group]
        rest = [c for c in members if c not in big]
        out.append(Row(0, total, title))
        for c in big:
            out.extend(_origin_rows(c, fw, routes, teams))
        if rest:
            out.append(
                Row(
                    1,
                    round(sum(c.shown for c in rest), 2),
                    f"{len(rest)} smaller parts"
                    if len(rest) > 1
                    else rest[0].origin.describe(teams),
                    rest[0].origin.kind if len(rest) == 1 else "",
                )
            )
    return out


def _origin_rows(c: Contribution, fw: Framework, routes: int, teams: bool) -> list[Row]:
    out = [Row(1, c.shown, c.origin.describe(teams), c.origin.kind)]
    if c.origin.kind == "edges":
        return out
    shown = [r for r in c.routes[:routes] if abs(r.points) >= 0.005]
    if c.origin.kind == "own" and len(shown) == 1 and not shown[0].links:
        return out  # its own node, no further: the origin's row says it all
    for route in shown:
        out.append(Row(2, round(route.points, 2), route_text(route, fw), c.origin.kind))
    if shown:
        rest = c.points - sum(r.points for r in shown)
        if abs(rest) >= 0.005:
            out.append(Row(2, round(rest, 2), "by other and longer routes", c.origin.kind))
    return out
