"""Why did this change, across rounds: a score's change against doing nothing, traced back
through the ripple links and their delays to the decisions and events that started it.

:mod:`model.why` splits one year's change into this year's pushes and links. This module
follows each link back to its source, and that source's change back to *its* pushes and
links, year by year, until every part of the change ends at an **origin**:

- a funded **intervention**, split by the team that paid and the round it was paid in (an
  intervention's push in year ``t`` comes from the funding of the latest year ``y`` with
  ``y + build_years <= t``: the same year's money, or money whose effect lasts after funding
  stopped; co-funded money is split by each team's pounds, as its strength is proportional to
  the pounds);
- an **event** or a **situation** (an event hits the played town and the baseline alike and
  mostly cancels; a situation may be on in one town and over in the other);
- **the town's own dynamics** at a node and year: what the year's pushes and links do not
  account for. On a people node that is the residents still adjusting to pressure (a push or a
  link on a people node is pressure on the residents' chances, worth about its size in points
  once they have adjusted: docs/model.md, "the coupling contract") and the chance of a town of
  a few thousand people; on a place node it is the 0-10 limits of ``bound``;
- **the scale's edges on links**: a place node's score is the mean of its indicators, each
  clipped to 0-10, and its change is the population-weighted mean over neighbourhoods whose
  populations move a little each year, so a link passes on its weight times its source's
  carried change, which differs from the source's shown change by a hair. That difference
  is its own term, not hidden.

How the parts add up, exactly. For a node ``n`` in year ``t`` (played minus baseline, so
``D_n(0) = 0``)::

    D_n(t) = sum_s P_sn(t) + sum_(l into n) c_l(t) + R_n(t)           (R: own dynamics)
    c_l(t) = w_l * sum_j a_mj(t - d_l) * D_m(t - d_l - j) + M_l(t)     (M: scale's edges)

where ``P`` are the pushes by source (``YearReport.sources``), ``c`` the links' contributions
(``YearReport.contributions``), ``m`` the link's source, ``d`` its delay, and ``a`` how the
source's change is carried: a place node carries this year's change (``a_0 = 1``); a people
node carries the mean of its last three measured changes (``model.simulation``,
``SMOOTHING_YEARS``), so ``a_j = 1/k`` for ``j < k = min(t', 3)``. ``R`` and ``M`` are
*defined* as what makes each line hold, so the lines are identities of the recorded numbers.
Substituting the second line into the first, again and again, writes ``D_n(T)`` as a sum over
every route of links back to an origin, each route's share the product of its weights (and
carrying shares) times the origin's push; because no year before the start changed anything
and the same-year links form no loop, the substitution ends. The totals are computed by one
backward pass (each node-year's "sensitivity" to the target, the adjoint of the recursion),
so an origin's total is exact over all routes of any length; the routes shown are those of up
to :data:`MAX_HOPS` links, and the rest of an origin's total is one line, "longer or fainter
routes". A span of rounds is the change at its end minus the change at its start, both
written out this way, so its parts add up to the span's change in the same way. A domain or
headline element is the mean of its nodes (of its domains), so it decomposes as their mean.

Pure and deterministic: it reads the two towns' year reports, the rounds' funding and the
network, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import networkx as nx
import numpy as np
import numpy.typing as npt

from model.engine import Game
from model.framework import Framework
from model.network import RippleNetwork
from model.simulation import SMOOTHING_YEARS, YearReport
from model.why import rounded_parts

__all__ = [
    "MAX_HOPS",
    "Attribution",
    "Contribution",
    "Origin",
    "OriginKind",
    "Route",
    "Towns",
    "attribute",
    "attribute_game",
    "by_intervention",
    "carrying",
    "funding_origins",
    "node_kinds",
    "target_weights",
    "towns_from_reports",
]

FloatArray = npt.NDArray[np.float64]

OriginKind = Literal["intervention", "event", "situation", "own", "edges"]

MAX_HOPS = 5
"""Routes of up to this many links are listed one by one; longer ones are summed per origin."""

ROUTES_SHOWN = 3
"""Routes listed per origin; the rest of its total is one line."""

_FAINT = 1e-6
"""A route whose most possible share is below this (in points) is not followed further."""


@dataclass(frozen=True, order=True)
class Origin:
    """Where part of a change started."""

    kind: OriginKind
    key: str
    """The intervention, event or situation id; for the town's own dynamics, the node id."""
    label: str
    team: str = ""
    """The team that paid (interventions only)."""
    round: int = 0
    """The round the money was paid in (interventions only)."""

    def describe(self, teams: bool = True) -> str:
        """Its name, and for an intervention its round (and, with ``teams``, who paid)."""
        if self.kind == "intervention":
            return f"{self.label} (round {self.round}" + (f": {self.team})" if teams else ")")
        return self.label


@dataclass(frozen=True)
class Route:
    """One route from an origin's push on a node, through links, to the explained score."""

    nodes: tuple[str, ...]
    """From where the origin pushed to the explained node."""
    links: tuple[int, ...]
    """The links taken, by index in the ripple file (one fewer than ``nodes``)."""
    delays: tuple[int, ...]
    points: float

    @property
    def hops(self) -> int:
        return len(self.links)


@dataclass(frozen=True)
class Contribution:
    """One origin's part of the change: its total over every route, and its biggest routes."""

    origin: Origin
    points: float
    shown: float
    """Rounded to 2 decimals so that the shown contributions add up to the shown change."""
    routes: tuple[Route, ...]
    """The biggest routes of up to :data:`MAX_HOPS` links, largest first."""

    @property
    def other_routes(self) -> float:
        """The rest of the total: smaller routes and routes of more links."""
        return self.points - sum(r.points for r in self.routes)


@dataclass(frozen=True)
class Attribution:
    """A score's change against doing nothing over a span of years, and every origin's part."""

    target: str
    start_year: int
    """The change is measured from the end of this year (0: the start of the game)."""
    end_year: int
    change: float
    """(played - baseline at ``end_year``) - (played - baseline at ``start_year``)."""
    contributions: tuple[Contribution, ...]
    """Every origin with a part, largest first: they add up to ``change``."""

    @property
    def shown_change(self) -> float:
        return round(self.change, 2)

    @property
    def total(self) -> float:
        return float(sum(c.points for c in self.contributions))

    def by_kind(self, kind: OriginKind) -> float:
        return float(sum(c.points for c in self.contributions if c.origin.kind == kind))

    def top(self, n: int) -> tuple[Contribution, ...]:
        return self.contributions[:n]


@dataclass(frozen=True)
class Towns:
    """The recorded years of a played town and its baseline, as the attribution reads them:
    every array indexed by year (0 = the start) and then by node or link."""

    framework: Framework
    network: RippleNetwork
    delta: FloatArray
    """Played minus baseline score of every node, shape (years + 1, nodes)."""
    pushes: Mapping[str, FloatArray]
    """Each push source's push, played minus baseline, shape (years + 1, nodes)."""
    contributions: FloatArray
    """Each link's contribution, played minus baseline, shape (years + 1, links)."""
    scores: Mapping[str, FloatArray]
    """Played minus baseline of every domain and headline id (for explaining those)."""

    @property
    def years(self) -> int:
        return int(self.delta.shape[0]) - 1


OriginSplit = Callable[[str, int], Sequence[tuple[Origin, float]]]
"""For a push source key and a year, the origins that share its push and their shares."""


def towns_from_reports(
    network: RippleNetwork, played: Sequence[YearReport], baseline: Sequence[YearReport]
) -> Towns:
    """The two towns' records, year 0 to the last, as :class:`Towns`."""
    if [r.year for r in played] != [r.year for r in baseline] or played[0].year != 0:
        raise ValueError("the played town and the baseline must cover the same years from 0")
    fw = network.framework
    ids = fw.node_ids
    delta = np.array(
        [[p.scores[n] - b.scores[n] for n in ids] for p, b in zip(played, baseline, strict=True)]
    )
    contributions = np.array(
        [
            np.subtract(p.contributions, b.contributions)
            for p, b in zip(played, baseline, strict=True)
        ]
    ).reshape(len(played), len(network.links))
    keys = sorted({k for r in (*played, *baseline) for k in r.sources})
    pushes: dict[str, FloatArray] = {}
    for key in keys:
        arr = np.zeros_like(delta)
        for t, (p, b) in enumerate(zip(played, baseline, strict=True)):
            mine, theirs = p.sources.get(key, {}), b.sources.get(key, {})
            for node in set(mine) | set(theirs):
                arr[t, fw.node_index[node]] = mine.get(node, 0.0) - theirs.get(node, 0.0)
        if np.any(arr):
            pushes[key] = arr
    others = (*fw.domain_ids, *fw.headline_ids)
    scores = {
        k: np.array([p.scores[k] - b.scores[k] for p, b in zip(played, baseline, strict=True)])
        for k in others
    }
    return Towns(fw, network, delta, pushes, contributions, scores)


def attribute(
    towns: Towns,
    target: str,
    start_year: int,
    end_year: int,
    split: OriginSplit,
    names: Mapping[str, str] | None = None,
) -> Attribution:
    """Every origin's part of ``target``'s change against doing nothing from the end of
    ``start_year`` to the end of ``end_year`` (see the module's docstring for how they add up).

    ``target`` is a node, domain or headline id; ``split`` names the origins of a push source
    in a year; ``names`` gives display names of push sources not split (events, situations).
    """
    fw, net = towns.framework, towns.network
    if not 0 <= start_year < end_year <= towns.years:
        raise ValueError(f"need 0 <= start < end <= {towns.years} (got {start_year}, {end_year})")
    seed = target_weights(fw, target)
    change = _target_change(towns, target, end_year) - _target_change(towns, target, start_year)
    carry = carrying(fw, towns.years)
    sens = _sensitivity(net, carry, seed, start_year, end_year)
    origins = _origin_values(towns, split, names or {})
    totals = {o: float(np.sum(sens * v[: end_year + 1])) for o, v in origins.items()}
    totals = {o: p for o, p in totals.items() if abs(p) >= 1e-12}
    routes = _routes(net, carry, seed, start_year, end_year, origins, set(totals))
    items = sorted(totals.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    shown = rounded_parts([p for _, p in items], change) if items else []
    contributions = tuple(
        Contribution(o, p, s, tuple(routes.get(o, ())))
        for (o, p), s in zip(items, shown, strict=True)
    )
    return Attribution(target, start_year, end_year, change, contributions)


def by_intervention(result: Attribution) -> Attribution:
    """The same attribution with each intervention's parts for one round merged over the
    teams that paid (its ``team`` then names them, largest share first, with their shares):
    the view for a whole room, where the per-team parts are the view for each team's section.
    Exact: within a round each team's share of an intervention's push is fixed, so the merged
    routes are the sums of the teams' routes."""
    merged: dict[tuple[str, int], list[Contribution]] = {}
    others: list[Contribution] = []
    for c in result.contributions:
        if c.origin.kind == "intervention":
            merged.setdefault((c.origin.key, c.origin.round), []).append(c)
        else:
            others.append(c)
    out = list(others)
    for (key, round_), parts in merged.items():
        total = sum(c.points for c in parts)
        teams = sorted(parts, key=lambda c: -abs(c.points))
        names = (
            ", ".join(
                c.origin.team + ("" if len(parts) == 1 else f" {c.points / total:.0%}")
                for c in teams
            )
            if total
            else ", ".join(c.origin.team for c in teams)
        )
        routes: dict[tuple[int, ...], Route] = {}
        for c in parts:
            for r in c.routes:
                have = routes.get(r.links)
                routes[r.links] = (
                    r if have is None else Route(r.nodes, r.links, r.delays, have.points + r.points)
                )
        best = sorted(routes.values(), key=lambda r: (-abs(r.points), r.links))[:ROUTES_SHOWN]
        origin = Origin("intervention", key, parts[0].origin.label, names, round_)
        out.append(Contribution(origin, total, round(sum(c.shown for c in parts), 2), tuple(best)))
    out.sort(key=lambda c: (-abs(c.points), c.origin))
    return Attribution(result.target, result.start_year, result.end_year, result.change, tuple(out))


# -- the recursion -----------------------------------------------------------------------------


def target_weights(fw: Framework, target: str) -> FloatArray:
    """How the target's score is made of node scores (a node: itself; a domain: the mean of
    its nodes; a headline: the mean of its domains' means)."""
    n = len(fw.nodes)
    out = np.zeros(n)
    if target in fw.node_index:
        out[fw.node_index[target]] = 1.0
        return out
    domain_of = np.asarray(fw.node_domain)
    if target in fw.domain_ids:
        members = domain_of == fw.domain_ids.index(target)
        out[members] = 1.0 / members.sum()
        return out
    if target in fw.headline_ids:
        h = fw.headline_ids.index(target)
        domains = np.flatnonzero(np.asarray(fw.domain_headline) == h)
        for d in domains:
            members = domain_of == d
            out[members] += 1.0 / members.sum() / len(domains)
        return out
    raise KeyError(f"no node, domain or headline element '{target}'")


def _target_change(towns: Towns, target: str, year: int) -> float:
    if target in towns.framework.node_index:
        return float(towns.delta[year, towns.framework.node_index[target]])
    return float(towns.scores[target][year])


Carrying = list[list[list[tuple[int, float]]]]
"""``carry[kind][t']``: the (years back, share) pairs a link from a node of that kind carries in
year ``t'`` (kind 0 place, 1 people)."""


def carrying(fw: Framework, years: int) -> Carrying:
    """For each year ``t'`` and node kind: which earlier measured changes a link from a node
    carries, as (years back, share). Indexed ``[kind][t']``: kind 0 place, 1 people."""
    place: list[list[tuple[int, float]]] = [[] if t < 1 else [(0, 1.0)] for t in range(years + 1)]
    people: list[list[tuple[int, float]]] = []
    for t in range(years + 1):
        k = min(t, SMOOTHING_YEARS)
        people.append([(j, 1.0 / k) for j in range(k)] if k else [])
    return [place, people]


def node_kinds(fw: Framework) -> npt.NDArray[np.intp]:
    return np.array([1 if n.kind == "people" else 0 for n in fw.nodes], dtype=np.intp)


def _same_year_order(net: RippleNetwork) -> list[int]:
    """Nodes ordered so that every same-year link's target comes before its source (how the
    backward pass must visit a year's nodes)."""
    graph = nx.DiGraph()
    graph.add_nodes_from(range(len(net.framework.nodes)))
    for link in net.links:
        if link.delay == 0:
            graph.add_edge(int(net.source[link.index]), int(net.target[link.index]))
    return list(reversed(list(nx.topological_sort(graph))))


def _sensitivity(
    net: RippleNetwork,
    carry: Carrying,
    seed: FloatArray,
    start: int,
    end: int,
) -> FloatArray:
    """How much one point at each (year, node) moves the target's span change, through every
    route: the backward (adjoint) pass of the recursion in the module's docstring."""
    n = len(net.framework.nodes)
    sens = np.zeros((end + 1, n))
    sens[end] += seed
    if start >= 1:
        sens[start] -= seed
    kinds = node_kinds(net.framework)
    into: list[list[int]] = [[] for _ in range(n)]
    for link in net.links:
        into[int(net.target[link.index])].append(link.index)
    order = _same_year_order(net)
    for t in range(end, 0, -1):
        for node in order:
            s = sens[t, node]
            if s == 0.0:
                continue
            for li in into[node]:
                m, d = int(net.source[li]), int(net.delay[li])
                if t - d < 1:
                    continue
                w = float(net.weight[li])
                for back, share in carry[kinds[m]][t - d]:
                    sens[t - d - back, m] += s * w * share
    sens[0] = 0.0  # nothing differs at the start
    return sens


def _origin_values(
    towns: Towns, split: OriginSplit, names: Mapping[str, str]
) -> dict[Origin, FloatArray]:
    """Every origin's points at each (year, node), shape (years + 1, nodes) each; summed with
    the sensitivity they give the origin's part of the change."""
    fw, net = towns.framework, towns.network
    shape = towns.delta.shape
    out: dict[Origin, FloatArray] = {}

    def add(origin: Origin, t: int, values: FloatArray) -> None:
        arr = out.get(origin)
        if arr is None:
            arr = out[origin] = np.zeros(shape)
        arr[t] += values

    for key, arr in towns.pushes.items():
        for t in range(1, shape[0]):
            if not np.any(arr[t]):
                continue
            for origin, share in split(key, t) or _unsplit(key, names):
                add(origin, t, arr[t] * share)
    linked = np.zeros(shape)
    linked[:] = towns.contributions @ _incidence(net)
    pushed = sum(towns.pushes.values(), np.zeros(shape))
    own = towns.delta - pushed - linked
    own[0] = 0.0
    for node in fw.nodes:
        k = fw.node_index[node.id]
        if np.any(np.abs(own[:, k]) > 0):
            label = f"{node.name}: " + (
                "residents' own course and chance" if node.kind == "people" else "0-10 limits"
            )
            values = np.zeros(shape)
            values[:, k] = own[:, k]
            out[Origin("own", node.id, label)] = values
    edges = towns.contributions - _carried(towns)
    edges[0] = 0.0
    on_targets = np.zeros(shape)
    on_targets[:] = edges @ _incidence(net)
    if np.any(on_targets):
        out[Origin("edges", "", "the 0-10 edges of place scores, carried on links")] = on_targets
    return out


def _incidence(net: RippleNetwork) -> FloatArray:
    """(links, nodes): 1 where a link points at a node, so that ``per_link @ it`` sums the
    links into each node."""
    out = np.zeros((len(net.links), len(net.framework.nodes)))
    out[np.arange(len(net.links)), net.target] = 1.0
    return out


def _carried(towns: Towns) -> FloatArray:
    """Each link's contribution as the recursion writes it: weight times its source's carried
    change (so that the contributions less these are the scale's edges, M)."""
    net = towns.network
    carry = carrying(towns.framework, towns.years)
    kinds = node_kinds(towns.framework)
    out = np.zeros_like(towns.contributions)
    for li in range(len(net.links)):
        m, d, w = int(net.source[li]), int(net.delay[li]), float(net.weight[li])
        for t in range(1, towns.years + 1):
            if t - d >= 1:
                out[t, li] = w * sum(
                    share * towns.delta[t - d - back, m] for back, share in carry[kinds[m]][t - d]
                )
    return out


def _unsplit(key: str, names: Mapping[str, str]) -> list[tuple[Origin, float]]:
    kind, _, ident = key.partition(":")
    okind: OriginKind = kind if kind in ("intervention", "event", "situation") else "event"  # type: ignore[assignment]
    return [(Origin(okind, ident or key, names.get(key, ident or key)), 1.0)]


# -- the routes --------------------------------------------------------------------------------


def _routes(
    net: RippleNetwork,
    carry: Carrying,
    seed: FloatArray,
    start: int,
    end: int,
    origins: Mapping[Origin, FloatArray],
    wanted: set[Origin],
) -> dict[Origin, list[Route]]:
    """The biggest routes of up to :data:`MAX_HOPS` links for each origin: a walk backwards
    from the target along links, carrying each year's share of the target along the route."""
    fw = net.framework
    kinds = node_kinds(fw)
    names = [o for o in origins if o in wanted and o.kind != "edges"]
    if not names:
        return {}
    stack = np.stack([origins[o] for o in names])  # (origins, years + 1, nodes)
    stack = stack[:, : end + 1]
    biggest = np.abs(stack).max(axis=(0, 1)) * (end + 1)  # most an origin gives per unit
    found: dict[Origin, list[Route]] = {o: [] for o in names}
    into: list[list[int]] = [[] for _ in range(len(fw.nodes))]
    for link in net.links:
        into[int(net.target[link.index])].append(link.index)

    def visit(node: int, share: FloatArray, nodes: list[int], links: list[int]) -> None:
        values = stack[:, :, node] @ share
        for k in np.flatnonzero(np.abs(values) >= 1e-9):
            found[names[k]].append(
                Route(
                    tuple(fw.nodes[i].id for i in reversed(nodes)),
                    tuple(reversed(links)),
                    tuple(int(net.delay[i]) for i in reversed(links)),
                    float(values[k]),
                )
            )
        if len(links) >= MAX_HOPS:
            return
        for li in into[node]:
            m, d, w = int(net.source[li]), int(net.delay[li]), float(net.weight[li])
            back = np.zeros(end + 1)
            for t in range(end, 0, -1):
                if share[t] == 0.0 or t - d < 1:
                    continue
                for j, part in carry[kinds[m]][t - d]:
                    back[t - d - j] += share[t] * w * part
            if np.abs(back).sum() * biggest.max() < _FAINT:
                continue
            visit(m, back, [*nodes, m], [*links, li])

    for node in np.flatnonzero(seed):
        share = np.zeros(end + 1)
        share[end] = seed[node]
        if start >= 1:
            share[start] -= seed[node]
        visit(int(node), share, [int(node)], [])
    return {
        o: sorted(rs, key=lambda r: (-abs(r.points), r.links))[:ROUTES_SHOWN]
        for o, rs in found.items()
    }


# -- a game ------------------------------------------------------------------------------------


def funding_origins(game: Game) -> OriginSplit:
    """The origins of a game's intervention pushes: for ``intervention:ID`` in year ``t``, the
    teams that paid for the latest funded year ``y <= t - build_years``, with their shares of
    the pounds, and the round of ``y``. Events and situations are their own origins."""
    scenario = game.scenario
    teams: dict[str, str] = {s.id: s.name for s in scenario.interventions.sectors}
    funded: dict[str, dict[int, tuple[int, Mapping[str, float]]]] = {}
    for report in game.reports:
        for alloc in report.allocations:
            for year in range(report.first_year, report.last_year + 1):
                funded.setdefault(alloc.intervention, {})[year] = (report.round, alloc.pounds)
    names = game.source_names()

    def split(key: str, year: int) -> list[tuple[Origin, float]]:
        kind, _, ident = key.partition(":")
        if kind != "intervention":
            return _unsplit(key, names)
        build = scenario.intervention(ident).build_years
        years = [y for y in funded.get(ident, {}) if y <= year - build]
        if not years:
            return _unsplit(key, names)
        round_, pounds = funded[ident][max(years)]
        total = sum(pounds.values())
        return [
            (Origin("intervention", ident, names[key], teams.get(team, team), round_), p / total)
            for team, p in sorted(pounds.items())
            if p > 0
        ]

    return split


def attribute_game(
    game: Game, target: str, from_round: int = 1, to_round: int | None = None
) -> Attribution:
    """``target``'s change against doing nothing over rounds ``from_round`` to ``to_round``
    (default: the last played), every origin's part, for a played game."""
    played = len(game.reports)
    if played == 0:
        raise ValueError("no round has been played yet")
    to_round = played if to_round is None else to_round
    if not 1 <= from_round <= to_round <= played:
        raise ValueError(
            f"rounds run from 1 to {played}: cannot explain rounds {from_round} to {to_round}"
        )
    towns = towns_from_reports(game.scenario.network, game.history, game.baseline_history)
    start = game.reports[from_round - 1].first_year - 1
    end = game.reports[to_round - 1].last_year
    return attribute(towns, target, start, end, funding_origins(game), game.source_names())
