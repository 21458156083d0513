"""Why did a node change? Its change against doing nothing, split into the parts that made it.

The number a player sees beside a node is its score in the played town minus its score in the
do-nothing baseline, in the same year. :func:`explain` splits exactly that number into:

- each **intervention** by name: its own push on the node this year (the baseline funds none);
- each **event** or **situation** by name, where it pushed the two towns differently (an event
  hits both alike, so it cancels out and is listed in :attr:`Why.in_both` instead; a situation
  such as a high-street decline may be on in one town and over in the other);
- each **input link**, with its delay: the link's contribution this year in the played town
  minus the baseline's (``weight x change of the source, delay years ago``);
- **the rest**, which makes the parts add up to the number shown, and means something different
  for the two kinds of node (docs/model.md, "the coupling contract"):

  * on a *place* node the parts above are the whole story (the propagation rule is
    ``change = push + sum of link contributions``), except where a score met the 0 or 10 limit;
    so the rest is the limits, and is usually nil;
  * on a *people* node, pushes and links are *pressure* on the residents' chances: a point held
    for years is worth about a point of the node's score once the residents have adjusted.
    So the named parts say what is pushing the node now, and the rest is what the residents
    have not yet made of it (or still carry from earlier years' pushes), plus the chance of a
    town of a few thousand people.

Pure and deterministic: it reads two year reports and the network, nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from model.network import RippleNetwork
from model.simulation import YearReport

__all__ = ["NEGLIGIBLE", "SMALL", "Part", "PartKind", "Why", "explain", "rounded_parts"]

PartKind = Literal["intervention", "event", "situation", "link", "others", "rest"]

NEGLIGIBLE = 1e-9
"""Pushes and contributions smaller than this (in points) are no part at all."""

SMALL = 0.005
"""Parts smaller than this (in points) would each show as 0.00: they are summed into one."""

_REST = {
    "place": "the 0-10 limits of the scale",
    "people": "residents still adjusting, earlier years' pushes, and chance",
}
_AT_LIMIT = "held at the edge of the 0-10 scale, and the residents' own course"


@dataclass(frozen=True)
class Part:
    """One part of a node's change against doing nothing."""

    kind: PartKind
    key: str
    """The intervention, event or situation id, the link's index in the ripple file, or ''."""
    label: str
    points: float
    shown: float
    """``points`` rounded to 2 decimals so that the shown parts add up to the shown change."""


@dataclass(frozen=True)
class Why:
    """A node's change against doing nothing in one year, and the parts that make it up."""

    node: str
    node_kind: str
    year: int
    played: float
    baseline: float
    parts: tuple[Part, ...]
    """Named parts, largest first, and last the rest (always there, even when nil)."""
    in_both: tuple[str, ...]
    """Events and situations that pushed this node in both towns alike (so they cancel)."""
    wobble: float = 0.0
    """How far this node typically moves from one year to the next doing nothing (the median
    absolute yearly change in the baseline): a change against doing nothing of about this size
    may be chance. 0 when not known."""

    @property
    def change(self) -> float:
        """The number shown beside the node: played minus doing nothing."""
        return self.played - self.baseline

    @property
    def shown_change(self) -> float:
        return round(self.change, 2)

    @property
    def rest(self) -> Part:
        return self.parts[-1]

    @property
    def named(self) -> tuple[Part, ...]:
        return self.parts[:-1]

    def top(self, n: int) -> tuple[Part, ...]:
        """At most ``n`` named parts, the others merged into one, then the rest: still adding
        up to the change shown."""
        named = self.named
        if len(named) <= n:
            return self.parts
        kept, others = named[: n - 1], named[n - 1 :]
        merged = Part(
            "others",
            "",
            f"{len(others)} smaller parts" if len(others) > 1 else others[0].label,
            sum(p.points for p in others),
            round(sum(p.shown for p in others), 2),
        )
        return (*kept, merged, self.rest)


def explain(
    network: RippleNetwork,
    played: YearReport,
    baseline: YearReport,
    node_id: str,
    names: Mapping[str, str],
    wobble: float = 0.0,
) -> Why:
    """Split ``node_id``'s change against doing nothing in one year into its parts.

    ``played`` and ``baseline`` are the two towns' reports for the same year; ``names`` gives
    a display name for each push source (``intervention:ID``, ``event:ID``, ``situation:ID``).
    """
    if played.year != baseline.year:
        raise ValueError(f"years differ: {played.year} and {baseline.year}")
    fw = network.framework
    node = fw.node(node_id)
    raw: list[tuple[PartKind, str, str, float]] = []
    in_both: list[str] = []
    keys = sorted(set(played.sources) | set(baseline.sources))
    for key in keys:
        mine = played.sources.get(key, {}).get(node_id, 0.0)
        theirs = baseline.sources.get(key, {}).get(node_id, 0.0)
        kind, _, ident = key.partition(":")
        name = names.get(key, ident or key)
        if abs(mine - theirs) >= NEGLIGIBLE:
            raw.append((_kind(kind), ident, name, mine - theirs))
        elif abs(mine) >= SMALL:
            in_both.append(name)
    for link in network.links:
        if link.target != node_id:
            continue
        delta = played.contributions[link.index] - baseline.contributions[link.index]
        if abs(delta) >= NEGLIGIBLE:
            via = f"via {fw.node(link.source).name} ({link.delay} y)"
            if link.town_rule is not None:
                via += ", carried by residents"
            raw.append(("link", str(link.index), via, delta))
    small = [r for r in raw if abs(r[3]) < SMALL]
    raw = [r for r in raw if abs(r[3]) >= SMALL]
    raw.sort(key=lambda r: (-abs(r[3]), r[2]))
    if len(small) == 1:
        raw.extend(small)
    elif small:
        raw.append(("others", "", f"{len(small)} small parts", sum(r[3] for r in small)))
    change = played.scores[node_id] - baseline.scores[node_id]
    rest = change - sum(r[3] for r in raw)
    values = [r[3] for r in raw] + [rest]
    shown = rounded_parts(values, change)
    parts = [
        Part(kind, key, label, points, s)
        for (kind, key, label, points), s in zip(raw, shown, strict=False)
    ]
    edge = any(s <= 0.0 or s >= 10.0 for s in (played.scores[node_id], baseline.scores[node_id]))
    label = _AT_LIMIT if edge and node.kind == "people" else _REST[node.kind]
    parts.append(Part("rest", "", label, rest, shown[-1]))
    return Why(
        node=node_id,
        node_kind=node.kind,
        year=played.year,
        played=played.scores[node_id],
        baseline=baseline.scores[node_id],
        parts=tuple(parts),
        in_both=tuple(in_both),
        wobble=wobble,
    )


def rounded_parts(values: Sequence[float], total: float, digits: int = 2) -> list[float]:
    """``values`` rounded to ``digits`` so that they add up to ``total`` rounded the same way
    (largest remainders first), as an account's rows must add up to its total.

    >>> rounded_parts([0.334, 0.333, 0.333], 1.0)
    [0.34, 0.33, 0.33]
    >>> sum(rounded_parts([0.125, 0.125, -0.004], 0.246)) == round(0.246, 2)
    True
    >>> rounded_parts([0.015], 0.015)  # as round(0.015, 2) shows the total
    [0.01]
    """
    unit = 10**digits
    # the total as it is shown (round(0.015, 2) is 0.01, where round(1.5) is 2: 0.015 is
    # stored a hair below it), in units
    target = round(round(total, digits) * unit)
    floors = [math.floor(v * unit) for v in values]
    # The floors add up to at most the total, and to more than the total less one unit per
    # value, so between 0 and len(values) of them need one unit more.
    short = min(max(target - sum(floors), 0), len(values))
    order = sorted(range(len(values)), key=lambda i: -(values[i] * unit - floors[i]))
    out = list(floors)
    for i in order[:short]:
        out[i] += 1
    return [v / unit for v in out]


def _kind(prefix: str) -> PartKind:
    if prefix in ("intervention", "event", "situation"):
        return prefix  # type: ignore[return-value]
    return "others"
