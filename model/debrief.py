"""The end-of-game debrief: what was decided, what happened, and what changed (pure data).

:func:`debrief` turns a :class:`~model.engine.Game` (finished or not) into one frozen
:class:`Debrief` that the debrief screen and the export both show, so they can never disagree:

- a **timeline**, round by round: each team's pounds by intervention, the co-funded
  interventions with the partnership bonus, the events drawn, and the situations that set in or
  lifted, in the played town and in the do-nothing baseline;
- **each team**: what it spent, on what, and what the nodes those interventions push did;
- the **three headline elements**, every **domain**, the **equality gaps** and **carbon per
  head**, each at the start, at the end and against the baseline's end;
- the **pipeline** still to come, every chart's **series**, and a few plain-language
  **sentences** written from the numbers.

What is causal and what is not
------------------------------
The played town and the baseline start identical, share the seed and meet the same events, so
*the difference between them is caused by the decisions, taken together* (a small town's yearly
measures also carry some sampling noise, as residents' lives diverge between the two runs).
That difference is **not** split between teams or interventions: an intervention's nodes are
also moved by the other interventions, by ripples from the rest of the network and by events.
So :class:`InterventionOutcome` reports, side by side and without claiming a share of the
outcome: the money (and the team's share of it, which is a share of the *funding*), the push
the intervention was designed to give each node, how strong it was at the end, and how each of
those nodes ended against the baseline. A node that rose is consistent with the intervention
working, not proof of it. Nothing here reads a clock or a file.
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from model.debrief_sentences import headline_sentences
from model.engine import EventDraw, Game, PipelineItem
from model.framework import Framework
from model.future_bands import FuturesBand, chance_sentences
from model.simulation import Frozen, YearReport

__all__ = [
    "CO2_INDICATOR",
    "CoFunding",
    "Debrief",
    "Funding",
    "InterventionOutcome",
    "Measure",
    "NodeOutcome",
    "RoundEntry",
    "Series",
    "SituationChange",
    "TeamSummary",
    "debrief",
    "gap_name",
    "headline_sentences",
]

CO2_INDICATOR = "co2_per_head"
"""The indicator for carbon emissions per person (``framework.yaml``, Energy & Carbon)."""


@dataclass(frozen=True)
class Measure:
    """One number followed through the game: at the start, at the end, and the baseline's end.

    ``vs_baseline`` (end minus the baseline's end) is the change the decisions caused;
    ``change`` (end minus start) also holds what events and the town's own trends did.
    """

    id: str
    name: str
    unit: str
    higher_is_better: bool
    start: float
    end: float
    baseline_end: float

    @property
    def change(self) -> float:
        """End minus start: everything that happened, decisions or not."""
        return self.end - self.start

    @property
    def baseline_change(self) -> float:
        """What doing nothing would have done since the start."""
        return self.baseline_end - self.start

    @property
    def vs_baseline(self) -> float:
        """End minus the baseline's end: what the decisions, together, changed."""
        return self.end - self.baseline_end

    @property
    def gain(self) -> float:
        """``vs_baseline`` signed so that positive is always better (for lower-is-better
        measures such as gaps and carbon, a fall is a gain)."""
        return self.vs_baseline if self.higher_is_better else -self.vs_baseline


@dataclass(frozen=True)
class Series:
    """A chart's line, played and doing nothing, one value per year from year 0.

    ``key`` is a ``years.csv`` column name: ``score:<id>``, ``gap:<id>`` or ``value:<id>``.
    """

    key: str
    name: str
    unit: str
    played: tuple[float, ...]
    baseline: tuple[float, ...]


@dataclass(frozen=True)
class Funding:
    """One team's money in one intervention in one round."""

    team: str
    intervention: str
    name: str
    pounds_a_year: float
    pounds: float
    """Over the round: pounds a year times the round's years."""
    co_funded: bool
    """Whether another team funded it too this round (earning the partnership bonus)."""


@dataclass(frozen=True)
class CoFunding:
    """An intervention two or more teams funded together in a round."""

    intervention: str
    name: str
    pounds_a_year: Mapping[str, float]
    scale: float
    bonus: float
    """The partnership bonus it earned: 0.2 means it worked 20% better."""


@dataclass(frozen=True)
class SituationChange:
    """A situation that set in (``started``) or lifted in a year."""

    situation: str
    name: str
    year: int
    started: bool


@dataclass(frozen=True)
class RoundEntry:
    """One round of the timeline."""

    round: int
    first_year: int
    last_year: int
    budgets: Mapping[str, float]
    """Each team's budget for a year of the round (after that round's events)."""
    funding: tuple[Funding, ...]
    spending: Mapping[str, float]
    """Each team's pounds a year this round."""
    co_funded: tuple[CoFunding, ...]
    events: tuple[EventDraw, ...]
    """The events drawn for the round, by the year they struck."""
    situations: tuple[SituationChange, ...]
    baseline_situations: tuple[SituationChange, ...]
    active_situations: tuple[str, ...]
    """Names of the situations active in the played town at the round's end."""
    headlines: Mapping[str, float]
    baseline_headlines: Mapping[str, float]
    vcse_capacity: float

    @property
    def years(self) -> int:
        return self.last_year - self.first_year + 1

    def team_funding(self, team: str) -> tuple[Funding, ...]:
        return tuple(f for f in self.funding if f.team == team)


@dataclass(frozen=True)
class NodeOutcome:
    """A node an intervention pushes, and how that node ended.

    ``points`` is the push per standard package at full strength; ``push_end`` the push it was
    giving at the game's end (scale, partnership bonus and voluntary capacity included). On a
    place node that push moves the score directly; on a people node it is pressure on the
    targeted residents' chances, so points of push are not points of score. ``score`` is the
    node itself, moved by everything (see the module's note on causality).
    """

    node: str
    kind: str
    points: float
    push_end: float
    score: Measure


@dataclass(frozen=True)
class InterventionOutcome:
    """One intervention a team funded: the money, and what its nodes did (not a causal split)."""

    intervention: str
    name: str
    pounds: float
    """This team's pounds over the whole game."""
    total_pounds: float
    """Every team's pounds into it over the whole game."""
    rounds: tuple[int, ...]
    partners: tuple[str, ...]
    """The other teams that funded it in the same rounds."""
    felt_from: int | None
    """The first year its effect was felt, or None if it was not felt during the game."""
    strength_end: float
    """Its strength at the end (scale times bonus times capacity; 0 once stopped or faded)."""
    state: str
    """Its state at the end, in the words every screen uses (``PipelineItem.short``)."""
    effects: tuple[NodeOutcome, ...]

    @property
    def share(self) -> float:
        """This team's share of the money (of the funding, not of the outcome)."""
        return self.pounds / self.total_pounds if self.total_pounds else 0.0


@dataclass(frozen=True)
class TeamSummary:
    """What one team spent, on what, and what the nodes it pushed did."""

    team: str
    name: str
    budget: float
    """The team's budgets over every round played, in pounds."""
    pounds: float
    """Pounds spent over every round played (pounds a year times years)."""
    pounds_by_round: tuple[float, ...]
    co_funded_pounds: float
    """Of ``pounds``, what went into interventions co-funded that round."""
    interventions: tuple[InterventionOutcome, ...]
    """Largest spend first."""


@dataclass(frozen=True)
class Debrief:
    """Everything the debrief screen and the export show. Build it with :func:`debrief`."""

    town: str
    town_id: str
    seed: int
    rounds: int
    """Rounds in the game (``len(timeline)`` of them played so far)."""
    years_per_round: int
    teams: tuple[TeamSummary, ...]
    timeline: tuple[RoundEntry, ...]
    headlines: tuple[Measure, ...]
    """Local Conditions, Equality, Sustainability, in that order."""
    domains: tuple[Measure, ...]
    """Every domain, largest change against the baseline first."""
    gaps: tuple[Measure, ...]
    """The raw equality gaps (in their indicators' units; lower is better)."""
    co2: Measure | None
    """Carbon emissions per person (tonnes a year), if the framework has the indicator."""
    pipeline: tuple[PipelineItem, ...]
    """Effects committed and still to come (or fading) at the end."""
    partnership_bonus: float
    years: tuple[int, ...]
    series: Mapping[str, Series]
    """Chart lines by ``years.csv`` column: every headline and domain score, gap and CO2."""
    sentences: tuple[str, ...]
    """The headline sentences, written from the numbers."""
    wobble: float
    """How far a domain score typically moves from one year to the next doing nothing (the
    median absolute yearly change over every domain of the baseline): chance and trend
    together. Differences against the baseline smaller than this may be chance, above all in a
    small town, whose yearly measures rest on few residents. 0 before two years have passed."""
    chance: tuple[str, ...] = ()
    """Which headline changes are beyond chance, by the played decisions replayed in a few
    futures (:func:`model.future_bands.chance_sentences`); empty unless a band was given."""

    @property
    def over(self) -> bool:
        return len(self.timeline) >= self.rounds

    @property
    def pounds(self) -> float:
        """Every team's spending over the game."""
        return sum(t.pounds for t in self.teams)

    def team(self, team_id: str) -> TeamSummary:
        return next(t for t in self.teams if t.team == team_id)


# -- building the debrief -----------------------------------------------------------------------


def debrief(game: Game, band: FuturesBand | None = None) -> Debrief:
    """The debrief of a game so far (any number of rounds played, even none); with
    ``band``, the game's band (:func:`model.future_bands.played_band`, worked out off the
    drawing path), it says which changes are beyond chance."""
    fw = game.scenario.framework
    played, baseline = game.history, game.baseline_history
    timeline = _timeline(game)
    gap_ids = [n.id for n in fw.nodes if n.headline == "equality"]
    headlines = tuple(
        _score(h, name, played, baseline)
        for h, name in zip(fw.headline_ids, fw.headline_names, strict=True)
    )
    domains = tuple(
        sorted(
            (
                _score(d, name, played, baseline)
                for d, name in zip(fw.domain_ids, fw.domain_names, strict=True)
            ),
            key=lambda m: (-abs(m.vs_baseline), m.id),
        )
    )
    gaps = tuple(_gap(fw, g, played, baseline) for g in gap_ids)
    co2 = (
        _value(fw, CO2_INDICATOR, played, baseline) if CO2_INDICATOR in fw.indicator_index else None
    )
    teams = _teams(game, timeline)
    pounds = sum(t.pounds for t in teams)
    co_funded = sum(t.co_funded_pounds for t in teams)
    events = tuple(sorted((e for r in timeline for e in r.events), key=lambda e: e.year))
    bonus = game.scenario.interventions.partnership.bonus
    wobble = _wobble(fw, baseline)
    return Debrief(
        town=game.scenario.town.name,
        town_id=game.scenario.town.id,
        seed=game.seed,
        rounds=game.rounds,
        years_per_round=game.years_per_round,
        teams=teams,
        timeline=timeline,
        headlines=headlines,
        domains=domains,
        gaps=gaps,
        co2=co2,
        pipeline=game.pipeline(),
        partnership_bonus=bonus,
        years=tuple(r.year for r in played),
        series=Frozen(_series(fw, played, baseline)),
        sentences=headline_sentences(
            fw, headlines, domains, gaps, co2, pounds, co_funded, bonus, events, wobble
        ),
        wobble=wobble,
        chance=chance_sentences(band, fw) if band is not None else (),
    )


def _wobble(fw: Framework, baseline: Sequence[YearReport]) -> float:
    steps = [
        abs(b.scores[d] - a.scores[d])
        for a, b in itertools.pairwise(baseline)
        for d in fw.domain_ids
    ]
    return float(statistics.median(steps)) if len(baseline) > 2 else 0.0


def _score(
    ident: str, name: str, played: Sequence[YearReport], baseline: Sequence[YearReport]
) -> Measure:
    return Measure(
        ident,
        name,
        "points",
        True,
        played[0].scores[ident],
        played[-1].scores[ident],
        baseline[-1].scores[ident],
    )


def gap_name(fw: Framework, node_id: str) -> str:
    """An Equality gap's name: its domain's name in the framework, then what measures it, so
    the gap reads as the domain it is everywhere (the framework's name is the one name).

    >>> from model.loading import load_framework
    >>> gap_name(load_framework(), "social_equality")
    'Social mobility (attainment gap)'
    """
    node = fw.node(node_id)
    return f"{node.name} ({node.indicators[0].name.lower()})"


def _gap(
    fw: Framework, node_id: str, played: Sequence[YearReport], baseline: Sequence[YearReport]
) -> Measure:
    """An Equality gap: its node's (single) indicator, under the node's id and name."""
    ind_id = fw.node(node_id).indicators[0].id
    measure = _value(fw, ind_id, played, baseline)
    return dataclasses.replace(measure, id=node_id, name=gap_name(fw, node_id))


def _value(
    fw: Framework, ind_id: str, played: Sequence[YearReport], baseline: Sequence[YearReport]
) -> Measure:
    ind = fw.indicators[fw.indicator_index[ind_id]]
    return Measure(
        ind_id,
        ind.name,
        ind.unit,
        ind.direction == "higher",
        played[0].values[ind_id],
        played[-1].values[ind_id],
        baseline[-1].values[ind_id],
    )


def _series(
    fw: Framework, played: Sequence[YearReport], baseline: Sequence[YearReport]
) -> dict[str, Series]:
    out: dict[str, Series] = {}
    names = dict(zip(fw.headline_ids, fw.headline_names, strict=True))
    names.update(zip(fw.domain_ids, fw.domain_names, strict=True))
    for ident, name in names.items():
        key = f"score:{ident}"
        out[key] = Series(
            key,
            name,
            "points",
            tuple(r.scores[ident] for r in played),
            tuple(r.scores[ident] for r in baseline),
        )
    for node in fw.nodes:
        if node.headline == "equality":
            key = f"gap:{node.id}"
            ind = node.indicators[0]
            out[key] = Series(
                key,
                gap_name(fw, node.id),
                ind.unit,
                tuple(r.gaps[node.id] for r in played),
                tuple(r.gaps[node.id] for r in baseline),
            )
    if CO2_INDICATOR in fw.indicator_index:
        ind = fw.indicators[fw.indicator_index[CO2_INDICATOR]]
        key = f"value:{CO2_INDICATOR}"
        out[key] = Series(
            key,
            ind.name,
            ind.unit,
            tuple(r.values[CO2_INDICATOR] for r in played),
            tuple(r.values[CO2_INDICATOR] for r in baseline),
        )
    return out


def _situation_changes(
    by_year: Mapping[int, tuple[str, ...]], before: set[str], names: Mapping[str, str]
) -> tuple[tuple[SituationChange, ...], set[str]]:
    """The situations that set in or lifted, year by year, after the set active ``before``."""
    out = []
    active = set(before)
    for year in sorted(by_year):
        now = set(by_year[year])
        for s in sorted(now - active):
            out.append(SituationChange(s, names.get(s, s), year, True))
        for s in sorted(active - now):
            out.append(SituationChange(s, names.get(s, s), year, False))
        active = now
    return tuple(out), active


def _timeline(game: Game) -> tuple[RoundEntry, ...]:
    names = {i.id: i.name for i in game.scenario.interventions.interventions}
    situation_names = {s.id: s.name for s in game.scenario.events.situations}
    bonus = game.scenario.interventions.partnership.bonus
    fw = game.scenario.framework
    active: set[str] = set()
    base_active: set[str] = set()
    out = []
    for r in game.reports:
        years = r.last_year - r.first_year + 1
        shared = {a.intervention for a in r.allocations if a.partnership}
        funding = tuple(
            Funding(team, item, names[item], amount, amount * years, item in shared)
            for team in game.teams
            for item, amount in sorted(r.decisions.get(team, {}).items())
            if amount > 0
        )
        co_funded = tuple(
            CoFunding(a.intervention, names[a.intervention], Frozen(a.pounds), a.scale, bonus)
            for a in r.allocations
            if a.partnership
        )
        changes, active = _situation_changes(r.situations, active, situation_names)
        base_changes, base_active = _situation_changes(
            r.baseline_situations, base_active, situation_names
        )
        out.append(
            RoundEntry(
                round=r.round,
                first_year=r.first_year,
                last_year=r.last_year,
                budgets=Frozen(r.budgets),
                funding=funding,
                spending=Frozen({t: r.spending.get(t, 0.0) for t in game.teams}),
                co_funded=co_funded,
                events=tuple(sorted(r.events, key=lambda e: e.year)),
                situations=changes,
                baseline_situations=base_changes,
                active_situations=tuple(situation_names.get(s, s) for s in sorted(active)),
                headlines=Frozen({h: r.years[-1].scores[h] for h in fw.headline_ids}),
                baseline_headlines=Frozen(
                    {h: r.baseline_years[-1].scores[h] for h in fw.headline_ids}
                ),
                vcse_capacity=r.vcse_capacity,
            )
        )
    return tuple(out)


def _teams(game: Game, timeline: Sequence[RoundEntry]) -> tuple[TeamSummary, ...]:
    sector_names: dict[str, str] = {s.id: s.name for s in game.scenario.interventions.sectors}
    totals: dict[str, float] = {}
    for entry in timeline:
        for f in entry.funding:
            totals[f.intervention] = totals.get(f.intervention, 0.0) + f.pounds
    out = []
    for team in game.teams:
        mine = [f for e in timeline for f in e.team_funding(team)]
        outcomes = [
            _outcome(game, timeline, team, item_id, totals[item_id])
            for item_id in dict.fromkeys(f.intervention for f in mine)
        ]
        outcomes.sort(key=lambda o: (-o.pounds, o.intervention))
        out.append(
            TeamSummary(
                team=team,
                name=sector_names.get(team, team),
                budget=sum(e.budgets.get(team, 0.0) * e.years for e in timeline),
                pounds=sum(f.pounds for f in mine),
                pounds_by_round=tuple(
                    sum(f.pounds for f in e.team_funding(team)) for e in timeline
                ),
                co_funded_pounds=sum(f.pounds for f in mine if f.co_funded),
                interventions=tuple(outcomes),
            )
        )
    return tuple(out)


def _outcome(
    game: Game, timeline: Sequence[RoundEntry], team: str, item_id: str, total: float
) -> InterventionOutcome:
    """One team's intervention: its money, partners, when it was felt, and its nodes."""
    fw = game.scenario.framework
    item = game.scenario.intervention(item_id)
    funded = [e for e in timeline if any(f.intervention == item_id for f in e.funding)]
    mine = [e for e in funded if any(f.intervention == item_id for f in e.team_funding(team))]
    partners = {
        f.team for e in mine for f in e.funding if f.intervention == item_id and f.team != team
    }
    state = game.intervention_state(item_id)  # the one account of its state
    strength = state.strength if state is not None else 0.0
    effects = tuple(
        NodeOutcome(
            e.node,
            fw.node(e.node).kind,
            e.points,
            e.points * strength,
            _score(e.node, fw.node(e.node).name, game.history, game.baseline_history),
        )
        for e in item.effects
    )
    return InterventionOutcome(
        intervention=item_id,
        name=item.name,
        pounds=sum(
            f.pounds for e in mine for f in e.team_funding(team) if f.intervention == item_id
        ),
        total_pounds=total,
        rounds=tuple(e.round for e in mine),
        partners=tuple(sorted(partners)),
        felt_from=state.first_felt if state is not None else None,
        strength_end=strength,
        state=state.short() if state is not None else "not funded",
        effects=effects,
    )
