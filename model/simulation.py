"""One simulation: the ripple network and the agent-based town, advanced a year at a time.

This is the model's one narrow entry point: the interface (and the planners' tools) give each
year's inputs and get back an immutable :class:`YearReport`. Deterministic in (scenario, seed,
inputs): every random draw comes from the town's seeded streams.

A year, in order (docs/model.md has the diagram):

1. this year's pushes (interventions, events) and the ripple input from earlier years;
2. place nodes (environment, transport, safety, housing, business, culture, waste, nature)
   settle, neighbourhood by neighbourhood, under pushes and ripples;
3. the pressure on people nodes (pushes + ripples, except links a resident rule carries) is
   handed to the town, whose residents live the year under it;
4. people nodes are measured on the residents; their change since the start is what ripples on;
5. every link's contribution is recorded, and the year is reported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from model.errors import Problem, ScenarioError
from model.framework import Framework
from model.network import RippleNetwork, RippleState
from model.scoring import (
    band_of,
    group_means,
    indicator_scores,
    indicator_values_for_scores,
    scorecard_from_nodes,
)
from model.town.description import TownFile
from model.town.generate import Fit, fit_report, generate_town
from model.town.measures import measure_people
from model.town.model import TownModel, YearCounts
from model.town.parameters import PARAMETERS, TOWN_RULES, Parameters

__all__ = [
    "MAX_YEARS",
    "PLACE_GRADIENT",
    "SMOOTHING_YEARS",
    "Push",
    "Simulation",
    "YearInputs",
    "YearReport",
]

MAX_YEARS = 50
"""The longest run the command line, a game and a save accept: as long as a town left alone is
measured (benchmarks/steady_town.py runs 50 years; tests/test_steady_town.py checks 30).
Beyond it the town's own drift, not the players, would write the story. Within it the town is
measured, not yet steady everywhere: issue 12's targets (no node more than 1.5 points from
its start in 30 years) hold for the ready-made towns at their own sizes (largest drift 0.99)
but not for every run at 20,000 residents or fewer (docs/model.md, "What still moves")."""

SMOOTHING_YEARS = 3
"""A people node ripples on with the mean of its last three measured changes. Link weights are
per point of *sustained* change, and a town's yearly measures carry sampling noise (a few
hundred pupils sit GCSEs each year): without smoothing, that noise would ripple on as if it were
real change."""

FloatArray = npt.NDArray[np.float64]
V = TypeVar("V")

PLACE_GRADIENT: dict[str, float] = {
    "local_environment": -2.0,
    "transport": 1.0,
    "safety": -4.0,
    "housing": -1.0,
    "local_business": -1.0,
    "culture": -2.0,
    "resource_waste": -2.0,
    "ecosystem_health": -2.0,
}
"""How a place node's starting score varies across a town's neighbourhoods: points per unit of
national deprivation percentile, around the town's own score. Assumed from the way the Indices of
Deprivation's crime and living-environment domains rise with overall deprivation, while
deprived (mostly urban) neighbourhoods are nearer jobs and buses."""


@dataclass(frozen=True)
class Push:
    """A change held on one node this year, in points: everywhere, or in some neighbourhoods.

    On a place node it moves the node's score; on a people node it is pressure on the
    residents' chances (see docs/model.md).
    """

    node: str
    points: float
    neighbourhoods: tuple[int, ...] | None = None
    group: str | None = None
    source: str = ""
    """Who pushes (``intervention:ID``, ``event:ID``, ``situation:ID``): the year's report
    records each source's push on each node, so that "why did this change?" can name it."""


@dataclass(frozen=True)
class YearInputs:
    """Everything from outside the model that acts on one year."""

    pushes: tuple[Push, ...] = ()
    close_employers: tuple[int, ...] = ()


class Frozen(Mapping[str, V]):
    """A read-only mapping that, unlike ``MappingProxyType``, can be copied and pickled.

    >>> f = Frozen({"a": 1.0})
    >>> f["a"], dict(f)
    (1.0, {'a': 1.0})
    """

    __slots__ = ("_data",)
    _data: dict[str, V]

    def __init__(self, data: Mapping[str, V]) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> V:
        return self._data[key]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a report is read-only")

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (Frozen, (self._data,))

    def __repr__(self) -> str:
        return f"Frozen({self._data!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class YearReport:
    """What one year looked like. Immutable; year 0 is the start."""

    year: int
    residents: int
    counts: YearCounts
    values: Mapping[str, float]
    scores: Mapping[str, float]
    bands: Mapping[str, str]
    gaps: Mapping[str, float]
    contributions: tuple[float, ...] = field(repr=False)
    pressure: Mapping[str, float] = field(repr=False)
    sources: Mapping[str, Mapping[str, float]] = field(repr=False, default_factory=dict)
    """Each push's source, with its push on each node this year in town-wide points (the
    population-weighted mean over neighbourhoods; see ``Simulation._push_array`` for pushes
    aimed at groups): what :mod:`model.why` names."""

    def headline(self, headline_id: str) -> float:
        return self.scores[headline_id]


class Simulation:
    """The network and the town, coupled. Use :meth:`start` then :meth:`advance`."""

    def __init__(
        self,
        framework: Framework,
        network: RippleNetwork,
        town: TownModel,
    ) -> None:
        check_coupling(network)
        self.framework = framework
        self.network = network
        self.town = town
        fw = framework
        self.place = np.array([n.kind == "place" for n in fw.nodes])
        self.people = ~self.place
        # Pressure goes through every link except those a resident rule carries
        w = np.array(network.weights_by_delay)
        for link in network.links:
            if link.town_rule is not None:
                w[link.delay, fw.node_index[link.target], fw.node_index[link.source]] -= link.weight
        self._w_pressure = w
        measured = measure_people(town)
        self.start_fit: tuple[Fit, ...] = tuple(fit_report(town, measured))
        # A group nobody belongs to cannot be measured at the start either (a town of 1,000
        # with few low-income families may have no low-income 19-24-year-olds, so no
        # attainment gap): its indicator starts at the description's figure, not at a NaN
        self._start_values = dict(town.place_values) | {
            k: v if np.isfinite(v) else float(town.targets[k]) for k, v in measured.items()
        }
        start_ind = np.array([self._start_values[i.id] for i in fw.indicators])
        self._start_ind_scores = indicator_scores(fw, start_ind)
        card = scorecard_from_nodes(fw, self._node_scores(self._start_ind_scores))
        self._start_nodes = card.nodes.copy()
        dep = np.array([n.deprivation for n in town.neighbourhoods])
        pop = town.neighbourhood_populations()
        centred = dep - float(np.average(dep, weights=pop))
        gradient = np.array([PLACE_GRADIENT.get(n.id, 0.0) for n in fw.nodes])
        base = self._start_nodes[np.newaxis, :] + np.outer(centred, gradient * self.place)
        self._state: RippleState = network.start(np.clip(base, 0.0, 10.0))
        self._change = np.zeros_like(base)
        self._recent: list[FloatArray] = []
        self.history: list[YearReport] = [
            self._report(0, town.counts, np.zeros(len(network.links)))
        ]

    @classmethod
    def from_description(
        cls,
        framework: Framework,
        network: RippleNetwork,
        description: TownFile,
        seed: int,
        population: int | None = None,
        params: Parameters = PARAMETERS,
    ) -> Simulation:
        """Generate the town and couple it to the network."""
        town = generate_town(description, framework, seed, params=params, population=population)
        return cls(framework, network, town)

    # -- the year -------------------------------------------------------------------------------

    @property
    def year(self) -> int:
        return self.history[-1].year

    def advance(self, inputs: YearInputs | None = None) -> YearReport:
        """Simulate the next year under ``inputs`` and return its report."""
        inputs = inputs or YearInputs()
        net, town = self.network, self.town
        push, group_push, by_source = self._push_array(inputs.pushes)
        for index in inputs.close_employers:
            if not 0 <= index < len(town.employers):
                raise ValueError(f"no employer {index}")
            town.close_employer(index)
        hist = self._state.history
        lagged = net.lagged(hist)
        change = net.settle(self._state.base, push + lagged)
        change[:, self.people] = self._change[:, self.people]  # people nodes: measured below
        pressure_lagged = np.einsum("dij,dnj->ni", self._w_pressure[1:], hist)
        pressure = push + pressure_lagged + change @ self._w_pressure[0].T
        pressure[:, self.place] = 0.0
        counts = town.advance(pressure, group_push)
        measured = self._carry_forward(measure_people(town, town.last_context))
        weights = town.neighbourhood_populations()
        ind_scores = self._indicator_scores(measured, change, weights)
        self._last_ind_scores = ind_scores  # final already: the report reuses them
        nodes_now = self._node_scores(ind_scores)
        self._recent = [*self._recent, nodes_now - self._start_nodes][-SMOOTHING_YEARS:]
        sustained = np.mean(self._recent, axis=0)
        change[:, self.people] = sustained[np.newaxis, self.people]
        contributions = net.contributions(change, hist)
        town_contrib = np.average(contributions, axis=0, weights=weights)
        self._state = net.advance(self._state, change)
        self._change = change
        self._last_pressure = np.average(pressure, axis=0, weights=weights)
        self._last_measured = measured
        self._last_sources = self._by_source(by_source, weights)
        report = self._report(self.year + 1, counts, town_contrib)
        self.history.append(report)
        return report

    def _by_source(
        self, by_source: Mapping[str, FloatArray], weights: npt.NDArray[np.floating[Any]]
    ) -> dict[str, Frozen[float]]:
        """Each source's push on each node, town-wide (population-weighted), non-zero only."""
        if not by_source:
            return {}
        names = list(by_source)
        town = np.einsum("snk,n->sk", np.stack([by_source[k] for k in names]), weights)
        town /= float(np.sum(weights))
        out: dict[str, dict[str, float]] = {k: {} for k in names}
        ids = self.framework.node_ids
        for s, k in zip(*np.nonzero(town), strict=True):
            out[names[s]][ids[k]] = float(town[s, k])
        return {k: Frozen(v) for k, v in out.items()}

    def _push_array(
        self, pushes: Sequence[Push]
    ) -> tuple[FloatArray, dict[str, FloatArray], dict[str, FloatArray]]:
        """Pushes as (neighbourhood x node) points, people-node pushes aimed at groups, and
        each source's push in (neighbourhood x node) points as the town feels it.

        A group push on a place node moves each neighbourhood by the points times the group's
        share of its residents; on a people node it is pressure on the group's members only.
        For the record by source, a group push on a people node counts as its points times the
        group's share of the neighbourhood, except on an Equality node, which measures a gap
        between groups: a push aimed at one of them moves the gap, so it counts in full (an
        estimate; :mod:`model.why` shows what the residents made of it).
        """
        fw, town = self.framework, self.town
        out = np.zeros((town.n_neigh, len(fw.nodes)))
        groups: dict[str, FloatArray] = {}
        by_source: dict[str, FloatArray] = {}
        shares_of: dict[
            str, npt.NDArray[np.floating[Any]]
        ] = {}  # each group's shares, worked out once a year
        problems: list[Problem] = []
        for k, p in enumerate(pushes):
            if p.node not in fw.node_index:
                problems.append(
                    Problem("inputs", None, f"pushes[{k}].node", f"unknown node '{p.node}'")
                )
                continue
            if not np.isfinite(p.points):
                problems.append(Problem("inputs", None, f"pushes[{k}].points", "must be finite"))
                continue
            rows: slice | list[int] = (
                slice(None) if p.neighbourhoods is None else list(p.neighbourhoods)
            )
            if isinstance(rows, list) and any(not 0 <= r < town.n_neigh for r in rows):
                problems.append(
                    Problem("inputs", None, f"pushes[{k}].neighbourhoods", "no such neighbourhood")
                )
                continue
            col = fw.node_index[p.node]
            mine = by_source.get(p.source)
            if mine is None:  # not setdefault: that would allocate a new array for every push
                mine = by_source[p.source] = np.zeros_like(out)
            if p.group is None or p.group == "everyone":
                out[rows, col] += p.points
                mine[rows, col] += p.points
                continue
            try:
                if p.group not in shares_of:
                    shares_of[p.group] = town.group_shares(p.group)
                shares = shares_of[p.group]
            except KeyError as exc:
                problems.append(Problem("inputs", None, f"pushes[{k}].group", str(exc.args[0])))
                continue
            if self.place[col]:
                out[rows, col] += p.points * shares[rows]
            else:
                groups.setdefault(p.group, np.zeros_like(out))[rows, col] += p.points
            gap = fw.nodes[col].headline == "equality"
            mine[rows, col] += p.points if gap else p.points * shares[rows]
        if problems:
            raise ScenarioError(problems)
        return out, groups, by_source

    def _indicator_scores(
        self,
        measured: Mapping[str, float],
        change: FloatArray,
        weights: npt.NDArray[np.floating[Any]],
    ) -> FloatArray:
        """Indicator scores now: people ones measured, place ones moved with their node
        (weighted by the neighbourhoods' ``weights``, their populations)."""
        fw = self.framework
        values = np.array([measured.get(i.id, np.nan) for i in fw.indicators])
        scores = indicator_scores(fw, values)
        place_change = np.average(change, axis=0, weights=weights)
        moved = np.clip(self._start_ind_scores + place_change[fw.indicator_node], 0.0, 10.0)
        is_place = self.place[fw.indicator_node]
        out: FloatArray = np.where(is_place, moved, scores)
        return out

    def _carry_forward(self, measured: dict[str, float]) -> dict[str, float]:
        """A group nobody belongs to any more cannot be measured (in a small town run for
        centuries, the last working-age minority residents may move away): its indicator keeps
        its last measured value, rather than a NaN that would stop the run."""
        last: Mapping[str, float] = getattr(self, "_last_measured", self._start_values)
        return {k: v if np.isfinite(v) else float(last[k]) for k, v in measured.items()}

    def _node_scores(self, ind_scores: FloatArray) -> FloatArray:
        fw = self.framework
        return group_means(ind_scores, fw.indicator_node, len(fw.nodes))

    def _report(self, year: int, counts: YearCounts, contributions: FloatArray) -> YearReport:
        fw = self.framework
        if year == 0:
            ind_scores = self._start_ind_scores
            values = dict(self._start_values)
            pressure = dict.fromkeys(fw.node_ids, 0.0)
            sources: dict[str, Frozen[float]] = {}
        else:
            sources = self._last_sources
            ind_scores = self._last_ind_scores
            values = dict(self._last_measured)
            place_values = indicator_values_for_scores(fw, ind_scores)
            for node in fw.nodes:
                if node.kind == "place":
                    for ind in node.indicators:
                        values[ind.id] = place_values[fw.indicator_index[ind.id]]
            pressure = dict(zip(fw.node_ids, self._last_pressure.tolist(), strict=True))
        nodes = self._node_scores(ind_scores)
        card = scorecard_from_nodes(fw, nodes, ind_scores)
        scores = card.as_dict()
        bands = {h: band_of(scores[h], fw.bands).id for h in fw.headline_ids}
        gaps = {
            node.id: values[node.indicators[0].id]
            for node in fw.nodes
            if node.headline == "equality"
        }
        return YearReport(
            year=year,
            residents=len(self.town.res),
            counts=counts,
            values=Frozen({i.id: float(values[i.id]) for i in fw.indicators}),
            scores=Frozen(scores),
            bands=Frozen(bands),
            gaps=Frozen(gaps),
            contributions=tuple(np.asarray(contributions, dtype=float).tolist()),  # one call
            pressure=Frozen(pressure),
            sources=Frozen(sources),
        )

    def fit(self) -> list[Fit]:
        """How the generated town's start matched its description (see generate.py)."""
        return list(self.start_fit)

    def why(self, node_id: str, top: int = 5) -> list[tuple[str, float]]:
        """The links that moved a node most in the latest year, as (description, points)."""
        c = np.array(self.history[-1].contributions)
        return [(str(link), value) for link, value in self.network.why(c, node_id, top)]


def check_coupling(network: RippleNetwork) -> None:
    """The contract between the network and the town (docs/model.md), checked up front."""
    fw = network.framework
    problems: list[Problem] = []
    for link in network.links:
        where = f"links[{link.index}]"
        source, target = fw.node(link.source), fw.node(link.target)
        if link.town_rule is not None:
            if link.town_rule not in TOWN_RULES:
                problems.append(
                    Problem(
                        "ripples.yaml",
                        None,
                        f"{where}.town_rule",
                        f"no resident rule '{link.town_rule}'; rules: {', '.join(TOWN_RULES)}",
                    )
                )
            if target.kind != "people":
                problems.append(
                    Problem(
                        "ripples.yaml",
                        None,
                        f"{where}.town_rule",
                        "only links into nodes measured on people can be carried by residents",
                    )
                )
        elif link.delay == 0 and source.kind == "people":
            problems.append(
                Problem(
                    "ripples.yaml",
                    None,
                    f"{where}.delay",
                    f"{link.source} is measured on residents once a year, so a link from it "
                    "needs a delay of at least 1 (or a town_rule that carries it)",
                )
            )
    if problems:
        raise ScenarioError(problems)
