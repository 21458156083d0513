"""The ripple network compiled for propagation, its load-time checks and its feedback loops.

Propagation, year by year. Let ``e(t)`` be each node's change in score since the start, ``u(t)``
the outside push this year (interventions, events) and ``W_d`` the weight matrix of the links
with delay ``d`` (``W_d[target, source]``). Then::

    e(t) = bound( u(t) + sum_d W_d @ e(t - d) )

where ``bound`` keeps every score (start + change) within 0-10, and years before the start
count as no change. Links with delay 0 act within the year; they may not form a loop on their
own, so the same-year part is a directed acyclic graph and is solved exactly by as many passes
as its longest path. Everything is a matrix product over the stacked ``W_d``: there is no Python
loop over links.

Each link's contribution ``weight * e_source(t - delay)`` is recorded every year: this is what
answers "why did this change?".

Stability: if the spectral radius of ``sum_d |W_d|`` is below 1, any sustained push leads to a
bounded response whatever the delays (the absolute values make this hold for every mix of
signs); files whose network fails this test are rejected.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
import numpy as np
import numpy.typing as npt

from model.arrays import readonly
from model.framework import Framework
from model.ripples import Evidence, LinkRecord
from model.scoring import MAX_SCORE, MIN_SCORE

__all__ = [
    "LOOP_LENGTH_LIMIT",
    "STABILITY_LIMIT",
    "FeedbackLoop",
    "Link",
    "RippleNetwork",
    "RippleState",
    "RippleYear",
    "bound",
    "find_loops",
    "in_file_order",
    "spectral_radius",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

STABILITY_LIMIT = 1.0
"""Largest allowed spectral radius of the delay-summed absolute weight matrix (exclusive)."""

LOOP_LENGTH_LIMIT = 6
"""Feedback loops are listed up to this many links: longer ones are too faint to matter."""

_MAX_LOOPS_LISTED = 20_000


@dataclass(frozen=True)
class Link:
    """A checked link, with its position in the ripple file."""

    index: int
    source: str
    target: str
    weight: float
    delay: int
    mechanism: str
    evidence: Evidence
    town_rule: str | None = None
    words: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    """The mechanism in each sector's words, by sector id (see model/words.py)."""

    @classmethod
    def from_record(cls, index: int, record: LinkRecord) -> Link:
        return cls(
            index,
            record.source,
            record.target,
            record.weight,
            record.delay,
            record.mechanism,
            record.evidence,
            record.town_rule,
            {str(k): v for k, v in record.language.items()},
        )

    def __str__(self) -> str:
        return f"{self.source} -> {self.target} ({self.weight:+g}, {self.delay} y)"


@dataclass(frozen=True)
class FeedbackLoop:
    """A closed path of links. Reinforcing if the product of its weights is positive."""

    nodes: tuple[str, ...]
    links: tuple[int, ...]
    polarity: Literal["reinforcing", "balancing"]
    delay: int
    gain: float

    def __str__(self) -> str:
        path = " -> ".join((*self.nodes, self.nodes[0]))
        return f"{self.polarity} ({self.delay} y, gain {self.gain:+.3f}): {path}"


@dataclass(frozen=True)
class RippleYear:
    """What the network did in one simulated year (all arrays in framework node order)."""

    year: int
    push: FloatArray
    ripple: FloatArray
    change: FloatArray
    scores: FloatArray
    contributions: FloatArray = field(repr=False)


@dataclass(frozen=True)
class RippleState:
    """The network's memory: the starting scores and the last ``max_delay`` years of change."""

    year: int
    base: FloatArray
    history: FloatArray = field(repr=False)


class RippleNetwork:
    """A checked ripple network over a framework's nodes, ready to propagate."""

    def __init__(self, framework: Framework, links: Sequence[Link]) -> None:
        self.framework = framework
        self.links: tuple[Link, ...] = tuple(links)
        index = framework.node_index
        n = len(framework.nodes)
        self.source = readonly(np.array([index[k.source] for k in links], dtype=np.intp))
        self.target = readonly(np.array([index[k.target] for k in links], dtype=np.intp))
        self.weight = readonly(np.array([k.weight for k in links], dtype=float))
        self.delay = readonly(np.array([k.delay for k in links], dtype=np.intp))
        self.max_delay = int(self.delay.max()) if len(links) else 0
        w = np.zeros((self.max_delay + 1, n, n))
        np.add.at(w, (self.delay, self.target, self.source), self.weight)
        self.weights_by_delay: FloatArray = readonly(w)
        self._zero_delay_passes = _longest_path(n, self.source, self.target, self.delay == 0)
        self.spectral_radius = spectral_radius(np.abs(w).sum(axis=0))
        self.loops: tuple[FeedbackLoop, ...] = tuple(find_loops(self.links))

    # -- propagation -------------------------------------------------------------------------

    def start(self, base_scores: npt.ArrayLike) -> RippleState:
        """The state at year 0: the given starting node scores and no change yet."""
        base = np.asarray(base_scores, dtype=float)
        if base.ndim not in (1, 2) or base.shape[-1] != len(self.framework.nodes):
            raise ValueError(
                f"need {len(self.framework.nodes)} starting scores per place, got {base.shape}"
            )
        return RippleState(
            0, readonly(base.copy()), readonly(np.zeros((self.max_delay, *base.shape)))
        )

    def step(
        self, state: RippleState, push: npt.ArrayLike | None = None
    ) -> tuple[RippleState, RippleYear]:
        """Advance one year under this year's outside ``push`` (points per node).

        Works on one place (arrays of shape ``(nodes,)``) or a batch of places or
        neighbourhoods at once (``(batch, nodes)``). Returns the new state and the year's
        record. Pure: ``state`` is not changed.
        """
        shape = state.base.shape
        u = np.zeros(shape) if push is None else np.asarray(push, dtype=float)
        if u.shape != shape or not np.all(np.isfinite(u)):
            raise ValueError(f"push must be finite numbers of shape {shape}")
        lagged = self.lagged(state.history)
        change = self.settle(state.base, u + lagged)
        ripple = lagged + change @ self.weights_by_delay[0].T
        record = RippleYear(
            year=state.year + 1,
            push=readonly(u.copy()),
            ripple=readonly(ripple),
            change=readonly(change),
            scores=readonly(state.base + change),
            contributions=readonly(self.contributions(change, state.history)),
        )
        return self.advance(state, change), record

    def lagged(self, history: FloatArray) -> FloatArray:
        """Input to every node from links with delay >= 1, given the change history.

        ``history[k]`` is the change ``k + 1`` years ago, shape ``(max_delay, ..., nodes)``.
        """
        out: FloatArray = np.einsum("dij,d...j->...i", self.weights_by_delay[1:], history)
        return out

    def settle(self, base: FloatArray, drive: FloatArray) -> FloatArray:
        """Solve ``change = bound(drive + W_0 @ change)``: the same-year (delay 0) links.

        Delay-0 links form a directed acyclic graph, so as many passes as its longest path
        give the exact answer.
        """
        w0t = self.weights_by_delay[0].T
        change = bound(base, drive)
        for _ in range(self._zero_delay_passes):
            change = bound(base, drive + change @ w0t)
        return change

    def contributions(self, change: FloatArray, history: FloatArray) -> FloatArray:
        """Each link's contribution ``weight * e_source(t - delay)``, shape ``(..., links)``."""
        past = np.concatenate([change[np.newaxis], history])  # past[d] = e(t - d)
        by_node = np.moveaxis(past, -1, 1)  # (delay, node, ...)
        out: FloatArray = np.moveaxis(by_node[self.delay, self.source], 0, -1) * self.weight
        return out

    def advance(self, state: RippleState, change: FloatArray) -> RippleState:
        """The state a year on, once this year's ``change`` is known."""
        past = np.concatenate([change[np.newaxis], state.history])
        return RippleState(state.year + 1, state.base, readonly(past[: self.max_delay].copy()))

    # -- explanation -------------------------------------------------------------------------

    def inputs(self, node_id: str) -> list[Link]:
        """Links into a node, strongest first."""
        return sorted((k for k in self.links if k.target == node_id), key=lambda k: -abs(k.weight))

    def outputs(self, node_id: str) -> list[Link]:
        """Links out of a node, strongest first."""
        return sorted((k for k in self.links if k.source == node_id), key=lambda k: -abs(k.weight))

    def why(
        self, contributions: npt.ArrayLike, node_id: str, top: int = 5
    ) -> list[tuple[Link, float]]:
        """The links that moved ``node_id`` most, given one year's (or a summed) contributions.

        Zero contributions are left out; the biggest (by size) come first.
        """
        c = np.asarray(contributions, dtype=float)
        k = self.framework.node_index[node_id]
        chosen = np.flatnonzero((self.target == k) & (c != 0.0))
        order = chosen[np.argsort(-np.abs(c[chosen]), kind="stable")][:top]
        return [(self.links[i], float(c[i])) for i in order]

    def summary(self) -> dict[str, int | float]:
        """Counts for ``thrive check``."""
        return {
            "links": len(self.links),
            "reinforcing loops": sum(lp.polarity == "reinforcing" for lp in self.loops),
            "balancing loops": sum(lp.polarity == "balancing" for lp in self.loops),
            "spectral radius": round(self.spectral_radius, 3),
            "longest delay": self.max_delay,
        }


def bound(base: FloatArray, change: FloatArray) -> FloatArray:
    """The part of ``change`` that keeps ``base + change`` within 0-10.

    >>> bound(np.array([9.0, 1.0, 5.0]), np.array([2.0, -3.0, 1.0])).tolist()
    [1.0, -1.0, 1.0]
    """
    return np.clip(base + change, MIN_SCORE, MAX_SCORE) - base


def spectral_radius(matrix: npt.ArrayLike) -> float:
    """Largest absolute eigenvalue.

    >>> spectral_radius([[0.0, 0.5], [0.5, 0.0]])
    0.5
    """
    m = np.asarray(matrix, dtype=float)
    if m.size == 0:
        return 0.0
    return float(round(np.max(np.abs(np.linalg.eigvals(m))), 12))


def find_loops(links: Sequence[Link], max_length: int = LOOP_LENGTH_LIMIT) -> list[FeedbackLoop]:
    """Every feedback loop of up to ``max_length`` links, with its polarity, delay and gain.

    Where two nodes are joined by links of different delays (not allowed by the checks, but
    harmless here), each combination is its own loop.
    """
    graph = nx.MultiDiGraph()
    for link in links:
        graph.add_edge(link.source, link.target, key=link.index, link=link)
    loops: list[FeedbackLoop] = []
    for cycle in nx.simple_cycles(graph, length_bound=max_length):
        hops = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        choices = [[d["link"] for d in graph.get_edge_data(a, b).values()] for a, b in hops]
        for combination in itertools.product(*choices):
            chosen = in_file_order(combination)
            cycle = [k.source for k in chosen]
            gain = float(np.prod([k.weight for k in chosen]))
            loops.append(
                FeedbackLoop(
                    nodes=tuple(cycle),
                    links=tuple(k.index for k in chosen),
                    polarity="reinforcing" if gain > 0 else "balancing",
                    delay=sum(k.delay for k in chosen),
                    gain=gain,
                )
            )
        if len(loops) >= _MAX_LOOPS_LISTED:
            break
    loops.sort(key=lambda lp: (-abs(lp.gain), lp.nodes))
    return loops


def in_file_order(cycle: Sequence[Link]) -> list[Link]:
    """Rotate a loop's links so that it starts with the link written first in the file.

    >>> from model.ripples import Evidence
    >>> ev = Evidence(level="assumed", reasoning="-")
    >>> loop = [Link(5, "b", "a", 1.0, 1, "", ev), Link(2, "a", "b", 1.0, 1, "", ev)]
    >>> [k.index for k in in_file_order(loop)]
    [2, 5]
    """
    start = min(range(len(cycle)), key=lambda i: cycle[i].index)
    return [*cycle[start:], *cycle[:start]]


def _longest_path(n: int, source: IntArray, target: IntArray, mask: npt.NDArray[np.bool_]) -> int:
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(zip(source[mask].tolist(), target[mask].tolist(), strict=True))
    return int(nx.dag_longest_path_length(graph)) if graph.number_of_edges() else 0
