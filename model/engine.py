"""The game's rules as a headless engine: sector teams, budgets, co-funding, rounds, events,
situations, the intervention pipeline and a do-nothing baseline.

A game is ``rounds`` rounds of ``years_per_round`` simulated years. Each round:

1. events are drawn (the same for the plan and for the baseline, so they compare fairly);
2. every team allocates pounds a year to interventions (:meth:`Game.check` names every
   problem: overspending, unknown interventions, a sector that may not fund one, a total that
   runs an intervention below or above its scale);
3. the engine simulates the round's years for the played town and for the baseline town (same
   seed, same events, no decisions);
4. a :class:`RoundReport` records decisions, spending, events, situations, the pipeline of
   committed-but-not-yet-felt effects, and every year's report for both towns.

Teams fund an intervention by putting money into it; its scale for the year is the total over
the standard package's cost. Two or more sectors funding it together earn the partnership bonus.
Community-delivered interventions work as well as the voluntary and community sector's capacity
allows, a stock that investment grows and cuts shrink. The engine is deterministic in
(scenario, seed, decisions): a saved game is its decisions, and replays to identical reports.
"""

from __future__ import annotations

import copy
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from model.errors import Problem, ScenarioError
from model.events import Event, EventsFile
from model.framework import Framework
from model.interventions import Intervention, InterventionsFile
from model.money import budget, cost, pounds_range, units_of, whole_pounds
from model.network import RippleNetwork
from model.scoring import MAX_SCORE, MIN_SCORE, band_of
from model.simulation import MAX_YEARS, Frozen, Push, Simulation, YearInputs, YearReport
from model.town.description import TownFile
from model.town.generate import generate_town
from model.town.model import TownModel
from model.why import Why, explain

__all__ = [
    "Allocation",
    "Decisions",
    "EventDraw",
    "FutureYears",
    "Game",
    "GameScenario",
    "PipelineItem",
    "Preview",
    "RoundReport",
    "Status",
    "whole_pounds",
]

Decisions = Mapping[str, Mapping[str, float]]
"""A round's decisions: for each sector id, pounds a year for each intervention id."""

VCSE_RECOVERY = 0.1
"""Each year the voluntary sector's capacity drifts this share of the way back to where it
started: groups fold without funding, and new ones form without help. Assumed."""

VCSE_RANGE = (0.2, 2.0)
"""Lowest and highest voluntary and community sector capacity (1 = as at the start)."""

PREVIEW_YEARS = 6
"""How far ahead a preview looks, at least: long enough for most build times and delays."""

PREVIEW_RESIDENTS = 15_000
"""A preview of a bigger town runs the plan on a twin of it down-sampled to about this many
residents (:meth:`model.town.model.TownModel.sampled`): fast enough to follow a slider. What
the twin forecasts is the plan's own effect (the twin under the plan minus the same twin doing
nothing, on the same random streams); the whole town's years doing nothing, and the baseline's,
are worked out once a round. ``benchmarks/preview_speed.py`` measures the speed and how far the
forecast of each headline element against doing nothing is from the whole town's."""

FUTURES_KEY = 130_363
"""Mixed into the stream keys of the futures a band is drawn from (:meth:`Game.preview_future`,
:meth:`Game.replay_future`): any fixed number, apart from the preview's own (104_729) and the
game's (:data:`GAME_KEY`)."""

GAME_KEY = 7_919
"""Mixed into the stream key of a game's own years (:meth:`Game._fresh_streams`): any fixed
number, apart from the others."""


@dataclass(frozen=True)
class GameScenario:
    """Everything a game is played on: the framework, the network, a town and the rules."""

    framework: Framework
    network: RippleNetwork
    town: TownFile
    interventions: InterventionsFile
    events: EventsFile
    residents: int | None = None

    def intervention(self, intervention_id: str) -> Intervention:
        for item in self.interventions.interventions:
            if item.id == intervention_id:
                return item
        raise KeyError(intervention_id)


@dataclass(frozen=True)
class Allocation:
    """What one intervention got in a round: money by sector, its scale and its bonus."""

    intervention: str
    pounds: Mapping[str, float]
    scale: float
    partnership: bool

    @property
    def total(self) -> float:
        return float(sum(self.pounds.values()))


@dataclass(frozen=True)
class EventDraw:
    """An event that happened, in which year, and for how long."""

    event: str
    name: str
    year: int
    until: int


Status = Literal["building", "working", "fading", "ended"]
"""Where an intervention stands: paid for but not yet felt, felt at full strength, fading
since its funding stopped (and its ``lasts_years`` ran out), or gone."""


@dataclass(frozen=True)
class PipelineItem:
    """An intervention's state: the one account of it that every screen and the debrief use.

    Its effect now is ``strength`` times each effect's points (strength = scale x partnership
    bonus x the voluntary sector's capacity, for community-delivered ones).
    """

    intervention: str
    name: str
    status: Status
    strength: float
    felt_from: int | None
    """The first year in which funding paid but not yet felt comes through (None if none)."""
    first_felt: int | None
    """The first year its effect was felt in this game (None if not yet)."""
    lasts_until: int | None
    """Unfunded but still working: the last year at full strength before it fades."""
    gone_by: int | None
    """Fading: the year by which its effect is gone."""
    effects: Mapping[str, float]
    build_years: int = 0

    @property
    def fading(self) -> bool:
        return self.status == "fading"

    def short(self) -> str:
        """A few words for a narrow column: "working ×1.1", "building: from year 7"..."""
        if self.status == "building":
            return f"building: from year {self.felt_from}"
        if self.status == "working":
            return f"working ×{self.strength:.1f}"
        if self.status == "fading":
            return f"fading ×{self.strength:.1f}"
        return "ended"

    def describe(self) -> str:
        """The whole state in a sentence."""
        if self.status == "building":
            return f"Being built: its effect is felt from year {self.felt_from}."
        if self.status == "ended":
            return "Ended: its effect has faded away."
        head = (
            f"Working at ×{self.strength:.2f}"
            if self.status == "working"
            else f"Fading: ×{self.strength:.2f} now, gone by year {self.gone_by}"
        )
        more = []
        if self.felt_from is not None:
            more.append(
                f"funding paid and still being built comes through from year {self.felt_from}"
            )
        if self.lasts_until is not None:
            more.append(f"unfunded, it holds until year {self.lasts_until}, then fades")
        return head + ("; " + "; ".join(more) if more else "") + "."


@dataclass(frozen=True)
class Preview:
    """A decision's projected years for the played town and for doing nothing."""

    years: tuple[YearReport, ...]
    baseline_years: tuple[YearReport, ...]

    def headline_change(self, framework: Framework) -> dict[str, float]:
        """Each headline element at the end of the preview, minus doing nothing."""
        end, base = self.years[-1].scores, self.baseline_years[-1].scores
        return {h: end[h] - base[h] for h in framework.headline_ids}


@dataclass(frozen=True)
class FutureYears:
    """One possible future of a set of decisions against doing nothing (one member of a band,
    see :mod:`model.future_bands`): the years under the decisions and doing nothing, on the
    whole town's scale, and how many residents the future was run on (a twin's, for a big
    town)."""

    plan: tuple[YearReport, ...]
    nothing: tuple[YearReport, ...]
    residents: int


@dataclass(frozen=True)
class RoundReport:
    """What one round did, for the played town and for the baseline."""

    round: int
    first_year: int
    last_year: int
    decisions: Mapping[str, Mapping[str, float]]
    allocations: tuple[Allocation, ...]
    spending: Mapping[str, float]
    budgets: Mapping[str, float]
    events: tuple[EventDraw, ...]
    situations: Mapping[int, tuple[str, ...]]
    baseline_situations: Mapping[int, tuple[str, ...]]
    pipeline: tuple[PipelineItem, ...]
    vcse_capacity: float
    years: tuple[YearReport, ...]
    baseline_years: tuple[YearReport, ...]

    def headline_vs_baseline(self, framework: Framework) -> dict[str, float]:
        """Each headline score at the round's end minus the baseline's."""
        last, base = self.years[-1], self.baseline_years[-1]
        return {h: last.scores[h] - base.scores[h] for h in framework.headline_ids}


@dataclass
class _Effect:
    """An intervention's pipeline state (how strong its effect is, and its funding history)."""

    funded: dict[int, float] = field(default_factory=dict)  # year -> effective scale
    strength: float = 0.0
    peak: float = 0.0
    unfunded_years: int = 0


@dataclass
class _Kept:
    """A round's preview work that no decision changes, kept until the round is played or
    undone: for ``years`` years, the baseline's years, the played town's years doing nothing
    from now, and (for a town previewed on a twin) the twin's game, ready to copy for each
    plan, with its own years doing nothing. ``when``: the year, the rounds played and the
    round's events it was worked out for (:meth:`Game._preview_when`); kept work of another
    moment is never used (the window works it out on its own thread, and a facilitator may
    choose the round's events meanwhile)."""

    when: tuple[int, int, tuple[EventDraw, ...]]
    years: int
    baseline: tuple[YearReport, ...]
    nothing: tuple[YearReport, ...] = ()
    twin: Game | None = None
    twin_nothing: tuple[YearReport, ...] = ()


@dataclass
class _Branch:
    """One town under one set of decisions: the played one, or the do-nothing baseline."""

    sim: Simulation
    vcse_capacity: float = 1.0
    situations: set[str] = field(default_factory=set)
    history: dict[int, tuple[str, ...]] = field(default_factory=dict)
    most_deprived: tuple[int, ...] | None = None
    """The most deprived third of the town's neighbourhoods (see ``Game._most_deprived``)."""


class Game:
    """A game in progress. Create it, then :meth:`play_round` (or :meth:`submit`) each round."""

    def __init__(
        self,
        scenario: GameScenario,
        rounds: int = 5,
        years_per_round: int = 2,
        seed: int = 1,
        teams: Sequence[str] | None = None,
        *,
        town: TownModel | None = None,
        with_baseline: bool = True,
        undoable: bool = True,
    ) -> None:
        """``town``, if given, is the town already built from ``scenario.town`` at
        ``scenario.residents`` (by :func:`generate_town`, say from a cache or with its future
        reseeded: see :mod:`model.batch`); the game plays on it and changes it, so give it a
        copy used nowhere else. Without it the game generates the town from ``seed``.
        ``with_baseline=False`` plays the rounds without simulating the baseline (its history
        stays at the start): for a batch whose runs share one baseline a seed.
        ``undoable=False`` keeps no copy of the state before each round (no :meth:`undo`, no
        replays, and a fault mid-round leaves the game unusable): for batch runs, which would
        start again, and for which the copies were a third of the time."""
        if rounds < 1 or years_per_round < 1:
            raise ValueError("a game needs at least one round of at least one year")
        if rounds * years_per_round > MAX_YEARS:
            raise ValueError(
                f"a game of {rounds} rounds of {years_per_round} years is "
                f"{rounds * years_per_round} years; at most {MAX_YEARS} are supported"
            )
        self.scenario = scenario
        self.rounds = rounds
        self.years_per_round = years_per_round
        self.seed = seed
        sector_ids = [s.id for s in scenario.interventions.sectors]
        self.teams: tuple[str, ...] = tuple(teams or sector_ids)
        unknown = [t for t in self.teams if t not in sector_ids]
        if unknown or len(self.teams) < 1:
            raise ValueError(
                f"unknown teams: {', '.join(unknown)}; sectors: {', '.join(sector_ids)}"
            )
        fw = scenario.framework
        if town is None:
            town = generate_town(scenario.town, fw, seed, population=scenario.residents)
        played = Simulation(fw, scenario.network, town)
        start = scenario.interventions.vcse_start_capacity
        self._played = _Branch(played, start)
        # The baseline starts as a copy of the played town; the read-only parts are shared
        copied = copy.deepcopy(played, _read_only(scenario, (played,)))
        self._baseline = _Branch(copied, start)
        self._effects: dict[str, _Effect] = {
            i.id: _Effect() for i in scenario.interventions.interventions
        }
        self._event_effects: list[tuple[Event, int, int]] = []  # (event, first year, last year)
        self.reports: list[RoundReport] = []
        self.decisions: list[dict[str, dict[str, float]]] = []
        self._snapshots: list[dict[str, Any]] = []
        self._preview_kept: dict[bool, _Kept] = {}
        """The round's preview work that no decision changes (:class:`_Kept`), by whether the
        plan runs on a twin; emptied when a round is played or undone."""
        self._stream_key: tuple[int, ...] = (seed, GAME_KEY)
        """Each year starts both towns' random streams afresh from this key and the year, each
        draw from its own place (:meth:`_fresh_streams`); a future or a twin has a key of its
        own (:meth:`preview_future`, :meth:`replay_future`, :meth:`_kept`)."""
        self._anchor: (
            tuple[Mapping[int, Mapping[str, float]], Mapping[int, Mapping[str, float]] | None]
            | None
        ) = None
        """A twin's trial only: the whole town's scores by year doing nothing, and the twin's
        (None while the twin itself does nothing). Situations start and end on the scores the
        preview shows, the whole town's moved by the twin's difference from doing nothing, not
        on the twin's own, which its sample moves about (see :meth:`_update_situations`)."""
        self.with_baseline = with_baseline
        self.undoable = undoable
        self.after_round: list[Callable[[Game], None]] = []
        """Called after every round (the autosave, see :func:`model.saves.autosave`)."""
        self.pending_events: tuple[EventDraw, ...] = self._draw_events()
        self.event_choices: list[tuple[str, ...] | None] = []
        """Each played round's events as the facilitator chose them (None: as drawn), so a
        save replays an injected or vetoed event (see :meth:`choose_events`)."""
        self._chosen: tuple[str, ...] | None = None

    # -- what the teams see before deciding -------------------------------------------------

    @property
    def round(self) -> int:
        """The round about to be played (1-based); ``rounds + 1`` once the game is over."""
        return len(self.reports) + 1

    @property
    def over(self) -> bool:
        return len(self.reports) >= self.rounds

    @property
    def year(self) -> int:
        return self._played.sim.year

    @property
    def history(self) -> list[YearReport]:
        return list(self._played.sim.history)

    @property
    def baseline_history(self) -> list[YearReport]:
        return list(self._baseline.sim.history)

    def population_units(self) -> float:
        """The town's size in the 10,000s that budgets and costs are quoted for: its stated
        size, not the residents generated or living there now (see :mod:`model.money`)."""
        return units_of(self._played.sim.town.start_population)

    @property
    def vcse_capacity(self) -> float:
        """The voluntary and community sector's capacity in the played town (1 = the start)."""
        return self._played.vcse_capacity

    def budgets(self) -> dict[str, float]:
        """Each team's budget for a year of this round, in pounds (after this round's events:
        a funding cut or a windfall changes the round's budgets, then the next settlement
        starts afresh)."""
        units = self.population_units()
        change: dict[str, float] = {}
        for draw in self.pending_events:
            for sector, delta in self._event(draw.event).budget_change.items():
                change[sector] = change.get(sector, 0.0) + delta
        return {
            s.id: budget(s, units, change.get(s.id, 0.0))
            for s in self.scenario.interventions.sectors
            if s.id in self.teams
        }

    def cost(self, intervention_id: str) -> float:
        """Pounds a year for the standard package (scale 1) in this town, in whole pounds."""
        return cost(self.scenario.intervention(intervention_id), self.population_units())

    def pounds_range(self, intervention_id: str) -> tuple[float, float]:
        """The least and the most pounds a year an intervention can run on in this town
        (its scale range times its cost), in whole pounds: the least rounded up and the most
        rounded down, so that what a screen offers is always what :meth:`check` accepts."""
        return pounds_range(self.scenario.intervention(intervention_id), self.population_units())

    def cost_table(self) -> dict[str, float]:
        """Every intervention's standard-package cost in this town, pounds a year."""
        return {i.id: self.cost(i.id) for i in self.scenario.interventions.interventions}

    def situations_now(self) -> tuple[str, ...]:
        return tuple(sorted(self._played.situations))

    # -- checking and playing a round -------------------------------------------------------

    def check(self, decisions: Decisions) -> list[Allocation]:
        """The round's allocations, or :class:`ScenarioError` naming every problem."""
        problems: list[Problem] = []
        budgets = self.budgets()
        pounds: dict[str, dict[str, float]] = {}
        where = f"round {self.round}"
        for sector, spend in decisions.items():
            if sector not in budgets:
                problems.append(
                    Problem(where, None, sector, f"'{sector}' is not a team in this game")
                )
                continue
            total = 0.0
            for item_id, amount in spend.items():
                path = f"{sector}.{item_id}"
                if not isinstance(amount, int | float) or not np.isfinite(amount) or amount < 0:
                    problems.append(
                        Problem(where, None, path, f"must be pounds, 0 or more (got {amount!r})")
                    )
                    continue
                try:
                    item = self.scenario.intervention(item_id)
                except KeyError:
                    problems.append(Problem(where, None, path, f"unknown intervention '{item_id}'"))
                    continue
                if sector not in item.funders:
                    problems.append(
                        Problem(
                            where,
                            None,
                            path,
                            f"{sector} may not fund '{item.name}' "
                            f"(funders: {', '.join(item.funders)})",
                        )
                    )
                    continue
                if amount > 0:
                    pounds.setdefault(item_id, {})[sector] = float(amount)
                    total += float(amount)
            if whole_pounds(total) > budgets[sector]:
                problems.append(
                    Problem(
                        where,
                        None,
                        sector,
                        f"spends £{total:,.0f} but its budget is £{budgets[sector]:,.0f}",
                    )
                )
        allocations = []
        for item_id, by_sector in sorted(pounds.items()):
            item = self.scenario.intervention(item_id)
            money = sum(by_sector.values())
            scale = money / self.cost(item_id)
            least, most = self.pounds_range(item_id)
            if whole_pounds(money) < least:
                problems.append(
                    Problem(
                        where,
                        None,
                        item_id,
                        f"£{whole_pounds(money):,.0f} is too little to run '{item.name}': it "
                        f"needs at least £{least:,.0f} a year",
                    )
                )
            elif whole_pounds(money) > most:
                problems.append(
                    Problem(
                        where,
                        None,
                        item_id,
                        f"£{whole_pounds(money):,.0f} is more than '{item.name}' can use: at "
                        f"most £{most:,.0f} a year",
                    )
                )
            allocations.append(Allocation(item_id, by_sector, scale, len(by_sector) >= 2))
        if problems:
            raise ScenarioError(problems)
        return allocations

    def submit(self, decisions: Decisions) -> RoundReport:
        """Check the round's decisions, simulate its years and report it."""
        if self.over:
            raise ScenarioError([Problem("game", None, "", "the game is over: no rounds are left")])
        allocations = self.check(decisions)
        if self.undoable:
            self._snapshots.append(self._snapshot())
        self._preview_kept.clear()
        played_rounds = len(self.reports)
        try:
            clean = {s: {i: float(v) for i, v in d.items() if v} for s, d in decisions.items()}
            spending = {s: float(sum(d.values())) for s, d in clean.items()}
            budgets = self.budgets()
            first = self.year + 1
            events = self.pending_events
            self._start_events(events)
            played, baseline = self._play_years(
                first, self.years_per_round, allocations, events, self.with_baseline
            )
            report = RoundReport(
                round=self.round,
                first_year=first,
                last_year=self.year,
                decisions=clean,
                allocations=tuple(allocations),
                spending=spending,
                budgets=budgets,
                events=events,
                situations={
                    y: self._played.history.get(y, ()) for y in range(first, self.year + 1)
                },
                baseline_situations={
                    y: self._baseline.history.get(y, ()) for y in range(first, self.year + 1)
                },
                pipeline=self.pipeline(),
                vcse_capacity=self.vcse_capacity,
                years=tuple(played),
                baseline_years=tuple(baseline),
            )
            self.reports.append(report)
            self.decisions.append(clean)
            self.event_choices.append(self._chosen)
            self._chosen = None
            self.pending_events = self._draw_events() if not self.over else ()
        except BaseException:
            # a round happens whole or not at all: a fault mid-round leaves the game as it was
            if self.undoable:
                self._restore(self._snapshots.pop())
                del self.reports[played_rounds:], self.decisions[played_rounds:]
                del self.event_choices[played_rounds:]
            raise
        for hook in self.after_round:
            hook(self)
        return report

    def _play_years(
        self,
        first: int,
        years: int,
        allocations: Sequence[Allocation],
        events: Sequence[EventDraw],
        with_baseline: bool = True,
    ) -> tuple[list[YearReport], list[YearReport]]:
        """Simulate ``years`` years from ``first`` for the played town and (unless told not
        to, as a preview whose baseline is known already) the baseline."""
        played, baseline = [], []
        branches = (self._played, self._baseline) if with_baseline else (self._played,)
        for year in range(first, first + years):
            self._fresh_streams(year)
            for draw in events:
                if draw.year == year:  # closures, new jobs, the voluntary sector: in their year
                    self._apply_event_once(self._event(draw.event), branches)
            played_inputs = self._inputs(year, allocations, self._played)
            played.append(self._played.sim.advance(played_inputs))
            self._update_situations(self._played, year)
            if with_baseline:
                baseline_inputs = self._inputs(year, (), self._baseline)
                baseline.append(self._baseline.sim.advance(baseline_inputs))
                self._update_situations(self._baseline, year)
            self._update_vcse(branches)
        return played, baseline

    def preview(
        self, decisions: Decisions, years: int | None = None, *, twin: bool = True
    ) -> Preview:
        """What these decisions would do if kept up for ``years`` years (default: this round's
        years, at least :data:`PREVIEW_YEARS`), against doing nothing.

        The engine's own rules run on a copy of the game, so nothing here changes the game.
        Assumed: the same spending every year and no events beyond this round's (which are
        already known). The baseline's years, which no decision changes, are worked out once a
        round and kept. A town of more than :data:`PREVIEW_RESIDENTS` residents (unless
        ``twin`` is False) runs the plan on a twin down-sampled to that size: the years shown
        are the whole town's doing nothing (worked out once a round, like the baseline) plus
        the plan's effect on the twin, the twin under the plan minus the same twin doing nothing
        on the same random streams, so that what the twin's households and draws get wrong
        about the town falls out of the difference. Raises :class:`ScenarioError` like
        :meth:`check`.
        """
        allocations = self.check(decisions)
        years, share = self._preview_scope(years, twin)
        on_twin = share < 1.0
        kept = self._kept(years, share)
        first = self.year + 1
        if not on_twin:
            trial = self._trial(1.0, with_baseline=False)
            played, _ = trial._play_years(
                first, years, allocations, self.pending_events, with_baseline=False
            )
            return Preview(tuple(played), kept.baseline[:years])
        assert kept.twin is not None
        trial = kept.twin._copy_trial()
        plan, _ = trial._play_years(
            first, years, allocations, self.pending_events, with_baseline=False
        )
        shown = tuple(
            _with_effect(whole, on, off, self.scenario.framework)
            for whole, on, off in zip(kept.nothing, plan, kept.twin_nothing, strict=False)
        )
        return Preview(shown, kept.baseline[:years])

    def prepare_preview(self, years: int | None = None, *, twin: bool = True) -> None:
        """Work out now the round's preview work that no decision changes (the baseline's
        years and, for a big town, the whole town's years doing nothing, its twin and the
        twin's years doing nothing), which :meth:`preview` would otherwise do on the round's
        first preview: the window asks for it in the background as a round begins, so that
        the first slider moved is previewed as quickly as the next (at 100,000 residents
        about a second, where a preview then takes a tenth of one). Changes nothing a round
        plays; a game that is over has no round to prepare."""
        if not self.over:
            self._kept(*self._preview_scope(years, twin))

    def _preview_scope(self, years: int | None, twin: bool) -> tuple[int, float]:
        """A preview's years (default: this round's, at least :data:`PREVIEW_YEARS`) and the
        share of the played town's households its twin holds (1: the town previewed whole)."""
        share = PREVIEW_RESIDENTS / max(len(self._played.sim.town.res), 1) if twin else 1.0
        return years or max(self.years_per_round, PREVIEW_YEARS), share

    def _preview_when(self) -> tuple[int, int, tuple[EventDraw, ...]]:
        """What a round's kept preview work depends on besides the decisions: the year, the
        rounds played and the round's events."""
        return (self.year, len(self.reports), self.pending_events)

    def preview_future(
        self, decisions: Decisions, future: int, years: int | None = None, *, twin: bool = True
    ) -> FutureYears:
        """Future number ``future`` of the preview of these decisions (for its band): the years
        under the decisions kept up for ``years`` years and doing nothing, as :meth:`preview`
        shows them, in another draw of the residents' years (this round's events, as there).
        Separate work from :meth:`preview`, which it leaves untouched and no slower; nothing
        here changes the game.

        A town previewed whole is played in that future by the decisions and by the baseline,
        both towns' streams started from the same key of the seed, the round and ``future``
        (the game's own pairing). On a twin, the future is the twin's: the twin under the
        decisions and doing nothing, each year's draws from that key (as the preview's own
        twin draws from its key), and the years are the preview's, moved by how the twin's
        years in this future differ from its years doing nothing on the preview's draws (the
        plan: the whole town doing nothing plus that; doing nothing: the baseline plus the
        twin's own drift doing nothing)."""
        allocations = self.check(decisions)
        years, share = self._preview_scope(years, twin)
        first, events = self.year + 1, self.pending_events
        key = (self.seed, FUTURES_KEY, len(self.reports), future)
        fw = self.scenario.framework
        if share >= 1.0:
            trial = self._trial(1.0, with_baseline=True)
            trial._stream_key = key  # both towns' years drawn from the future's key
            played, baseline = trial._play_years(first, years, allocations, events)
            return FutureYears(tuple(played), tuple(baseline), len(trial._played.sim.town.res))
        kept = self._kept(years, share)
        assert kept.twin is not None
        whole = {r.year: r.scores for r in kept.nothing}
        runs: list[list[YearReport]] = []
        for plan in ((), allocations):
            trial = kept.twin._copy_trial()
            trial._stream_key = key
            trial._anchor = (whole, {r.year: r.scores for r in runs[0]} if runs else None)
            runs.append(trial._play_years(first, years, plan, events, with_baseline=False)[0])
        nothing, on = runs
        off = kept.twin_nothing
        return FutureYears(
            tuple(
                _with_effect(w, p, o, fw) for w, p, o in zip(kept.nothing, on, off, strict=False)
            ),
            tuple(
                _with_effect(b, n, o, fw)
                for b, n, o in zip(kept.baseline, nothing, off, strict=False)
            ),
            len(kept.twin._played.sim.town.res),
        )

    def replay_future(self, future: int, residents: int) -> FutureYears:
        """The rounds played so far, played again in future number ``future`` beside their
        do-nothing baseline: the same allocations (as scales, so a twin's smaller budgets do
        not matter) and the same events, on a twin of the starting town of about ``residents``
        residents (the starting town itself if it is no bigger), both towns' streams started
        afresh from a key of the seed and ``future``. What the played decisions might have done
        in another future (the debrief's "beyond chance", the dashboard's band); nothing here
        changes the game. On a twin, the decisions' years are the whole town's baseline moved
        by the twin's difference from its own baseline, and the baseline is the whole town's."""
        start = self._snapshots[0]["played"].sim.town if self._snapshots else self._played.sim.town
        share = residents / max(len(start.res), 1)
        if share < 1.0:
            rng = np.random.default_rng(np.random.SeedSequence([self.seed, FUTURES_KEY]))
            town = start.sampled(share, rng)  # one twin for every future: only draws differ
        else:
            shared = (start.params, start.framework)
            town = copy.deepcopy(start, {id(x): x for x in shared})
        replay = Game(
            self.scenario, self.rounds, self.years_per_round, self.seed, self.teams, town=town
        )
        replay._stream_key = (self.seed, FUTURES_KEY, future)  # both towns' years from it
        for report in self.reports:
            replay._start_events(report.events)
            years = report.last_year - report.first_year + 1
            replay._play_years(report.first_year, years, report.allocations, report.events)
        played, baseline = replay.history, replay.baseline_history
        if share < 1.0:
            fw, whole = self.scenario.framework, self.baseline_history
            played = [
                _with_effect(w, p, b, fw) for w, p, b in zip(whole, played, baseline, strict=True)
            ]
            baseline = whole
        return FutureYears(tuple(played), tuple(baseline), len(town.res))

    def _kept(self, years: int, share: float) -> _Kept:
        """The round's preview work for at least ``years`` years (worked out if not yet kept):
        the baseline's years and, for a plan on a twin of ``share`` of the households, the
        played town's years doing nothing, the twin's game and its years doing nothing."""
        on_twin = share < 1.0
        when = self._preview_when()

        def usable(kept: _Kept | None) -> _Kept | None:
            return kept if kept is not None and kept.when == when and kept.years >= years else None

        kept = usable(self._preview_kept.get(on_twin))
        if kept is not None:
            return kept
        first, events = self.year + 1, when[2]  # the events read once, as recorded
        known = usable(self._preview_kept.get(not on_twin))
        baseline = known.baseline if known is not None else None
        if not on_twin:
            if baseline is None:
                trial = self._trial(1.0, with_baseline=True)
                baseline = tuple(trial._play_years(first, years, (), events)[1])
            kept = self._preview_kept[False] = _Kept(when, years, baseline)
            return kept
        # The whole played town doing nothing (and the baseline, unless known: if nothing was
        # ever funded, the played town has lived the baseline's years under the same inputs)
        also = baseline is None and self._decided
        nothing, base = self._trial(1.0, with_baseline=also)._play_years(
            first, years, (), events, with_baseline=also
        )
        baseline = tuple(base) if also else baseline or tuple(nothing)
        seeds = np.random.SeedSequence([self.seed, 104_729, len(self.reports)])
        twin = self._trial(share, with_baseline=False, rng=np.random.default_rng(seeds))
        twin._stream_key = (self.seed, 104_729, len(self.reports))
        whole = {r.year: r.scores for r in nothing}
        twin._anchor = (whole, None)  # doing nothing, its situations are the whole town's
        twin_nothing, _ = twin._copy_trial()._play_years(
            first, years, (), events, with_baseline=False
        )
        twin._anchor = (whole, {r.year: r.scores for r in twin_nothing})
        kept = _Kept(when, years, baseline, tuple(nothing), twin, tuple(twin_nothing))
        self._preview_kept[True] = kept
        return kept

    @property
    def _decided(self) -> bool:
        """Whether any round so far funded anything (if not, the played town and the baseline
        have lived the same years under the same inputs, and are alike)."""
        return any(any(d.values()) for d in self.decisions)

    def _trial(
        self,
        share: float,
        with_baseline: bool = True,
        rng: np.random.Generator | None = None,
    ) -> Game:
        """A copy of the game to try decisions on: the towns (the played one down-sampled to
        ``share`` of its households, drawn with ``rng``, if below 1; the baseline's left out
        unless ``with_baseline``), the pipeline and the voluntary sector, with this round's
        events started; the scenario's parts and the past years' reports are shared, hooks and
        the rest of the past are left out."""
        memo = self._shared_memo()
        for past in (self.after_round, self._snapshots, self.reports, self.decisions):
            memo[id(past)] = []
        memo[id(self._preview_kept)] = {}
        if not with_baseline:
            memo[id(self._baseline)] = None  # the trial plays the played town alone
        if share < 1.0:
            if with_baseline or rng is None:
                raise ValueError("a twin is of the played town alone, drawn with its own rng")
            town = self._played.sim.town
            twin = town.sampled(share, rng)
            memo[id(town)] = twin
        trial = copy.deepcopy(self, memo)
        trial._start_events(trial.pending_events)  # the round's events push as they will
        return trial

    def _shared_memo(self) -> dict[int, Any]:
        """What a copy of this game shares with it (:func:`_read_only`)."""
        branches = (b for b in (self._played, self._baseline) if b is not None)
        return _read_only(self.scenario, [b.sim for b in branches])

    def _fresh_streams(self, year: int) -> None:
        """Start the towns' random streams afresh for ``year`` from the stream key, each draw
        of the year from its own place in its stream (:class:`_AlignedStream`), the played
        town's and the baseline's alike: the two then draw alike, however differently the draws
        before went, so that more of the difference between them is the decisions' and less is
        chance (measured: the spread over seeds of the played-minus-baseline change in Local
        Conditions and Sustainability a quarter to two thirds smaller than on streams that run
        on, in Brackenbury at 3,000 and 12,000 residents; Equality's, which rests on small
        groups, about the same). The same holds for a twin under a plan and doing nothing.

        Deaths, work, health and behaviours draw by resident (``TownModel.by_resident``), so
        those pair resident by resident; the draws that still go by position (who moves in,
        hiring, learning, household life) pair only until a death or a move differs."""
        names = sorted(self._played.sim.town.streams)  # the same streams in every town
        seeds = [np.random.SeedSequence([*self._stream_key, year, j]) for j in range(len(names))]
        for branch in (b for b in (self._played, self._baseline) if b is not None):
            streams = branch.sim.town.streams
            for name, seed in zip(names, seeds, strict=True):
                streams[name] = _AlignedStream(seed)  # type: ignore[assignment]

    def _copy_trial(self) -> Game:
        """A copy of a trial game (from :meth:`_trial`) to play once."""
        return copy.deepcopy(self, self._shared_memo())

    def undo(self) -> None:
        """Take back the last round, as if it had not been played."""
        if not self._snapshots:
            raise ScenarioError([Problem("game", None, "", "there is no round to undo")])
        self._restore(self._snapshots.pop())
        self.reports.pop()
        self.decisions.pop()
        self._chosen = self.event_choices.pop()

    def branch(self, after_round: int) -> Game:
        """A new game that starts from the state after ``after_round`` rounds (0 = the start)."""
        if not 0 <= after_round <= len(self.reports):
            raise ScenarioError(
                [
                    Problem(
                        "game", None, "", f"can only branch after rounds 0 to {len(self.reports)}"
                    )
                ]
            )
        other = copy.deepcopy(self)
        while len(other.reports) > after_round:
            other.undo()
        return other

    # -- the pipeline -----------------------------------------------------------------------

    def pipeline(self) -> tuple[PipelineItem, ...]:
        """Every intervention with an effect now or to come: building, working, or fading."""
        out = []
        for item in self.scenario.interventions.interventions:
            state = self.intervention_state(item.id)
            if state is not None and state.status != "ended":
                out.append(state)
        return tuple(out)

    def intervention_state(self, intervention_id: str) -> PipelineItem | None:
        """Where one intervention stands now (None if it was never funded)."""
        item = self.scenario.intervention(intervention_id)
        state = self._effects[item.id]
        if not state.funded:
            return None
        felt = sorted(y + item.build_years for y in state.funded)
        coming = [y for y in felt if y > self.year]
        done = [y for y in felt if y <= self.year]
        working = state.strength > 1e-9
        status: Status
        lasts_until = gone_by = None
        if working and state.unfunded_years > item.lasts_years:
            status = "fading"
            gone_by = self.year + item.lasts_years + item.decay_years - state.unfunded_years
        elif working:
            status = "working"
            if self.year not in state.funded and not coming:  # unfunded now
                lasts_until = self.year + item.lasts_years - state.unfunded_years
        elif coming:
            status = "building"
        else:
            status = "ended"
        return PipelineItem(
            intervention=item.id,
            name=item.name,
            status=status,
            strength=state.strength if working else 0.0,
            felt_from=coming[0] if coming else None,
            first_felt=done[0] if done else None,
            lasts_until=lasts_until,
            gone_by=gone_by,
            effects={e.node: e.points for e in item.effects},
            build_years=item.build_years,
        )

    def unfelt_spending(self, intervention_id: str) -> tuple[float, int | None, int | None]:
        """Pounds paid into an intervention for years whose effect is not yet felt, and the
        first and last years in which that money comes through (None, None if none)."""
        build = self.scenario.intervention(intervention_id).build_years
        pounds, years = 0.0, []
        for report in self.reports:
            paid = sum(d.get(intervention_id, 0.0) for d in report.decisions.values())
            for year in range(report.first_year, report.last_year + 1):
                if paid and year + build > self.year:
                    pounds += paid
                    years.append(year + build)
        return pounds, (min(years) if years else None), (max(years) if years else None)

    # -- why did this change? ----------------------------------------------------------------

    def source_names(self) -> dict[str, str]:
        """Display names for every push source (see :class:`model.simulation.Push`)."""
        events = self.scenario.events
        return (
            {f"intervention:{i.id}": i.name for i in self.scenario.interventions.interventions}
            | {f"event:{e.id}": e.name for e in events.events}
            | {f"situation:{x.id}": x.name for x in events.situations}
        )

    def explain(self, node_id: str, year: int | None = None) -> Why:
        """Why ``node_id`` stands where it does against doing nothing in ``year`` (default:
        the latest): its change split into interventions, events and situations, links, and
        the rest (see :mod:`model.why`)."""
        year = self.year if year is None else year
        if not 0 <= year <= self.year:
            raise ValueError(f"year {year} has not been simulated (0 to {self.year})")
        played = self._played.sim.history[year]
        baseline = self._baseline.sim.history[year]
        path = [r.scores[node_id] for r in self._baseline.sim.history[: year + 1]]
        wobble = float(np.median(np.abs(np.diff(path)))) if len(path) > 2 else 0.0
        names = self.source_names()
        return explain(self.scenario.network, played, baseline, node_id, names, wobble)

    def _inputs(self, year: int, allocations: Sequence[Allocation], branch: _Branch) -> YearInputs:
        pushes: list[Push] = []
        if branch is self._played:
            self._advance_effects(year, allocations)
            for item in self.scenario.interventions.interventions:
                strength = self._effects[item.id].strength
                if strength > 0:
                    source = f"intervention:{item.id}"
                    pushes.extend(self._pushes(item.effects, strength, item.target, branch, source))
        for event, start, until in self._event_effects:
            if start <= year <= until:
                pushes.extend(self._pushes(event.effects, 1.0, None, branch, f"event:{event.id}"))
        for situation in self.scenario.events.situations:
            if situation.id in branch.situations:
                source = f"situation:{situation.id}"
                pushes.extend(self._pushes(situation.effects, 1.0, None, branch, source))
        return YearInputs(pushes=tuple(pushes))

    def _pushes(
        self,
        effects: Sequence[Any],
        strength: float,
        target: str | None,
        branch: _Branch,
        source: str,
    ) -> list[Push]:
        out = []
        for effect in effects:
            aim = getattr(effect, "target", None) or target or "everyone"
            neighbourhoods = self._most_deprived(branch) if aim == "most_deprived" else None
            group = None if aim in ("everyone", "most_deprived") else aim
            out.append(Push(effect.node, effect.points * strength, neighbourhoods, group, source))
        return out

    @staticmethod
    def _most_deprived(branch: _Branch) -> tuple[int, ...]:
        """The most deprived third of the branch's neighbourhoods (their deprivation never
        changes: worked out once a branch)."""
        if branch.most_deprived is None:
            town = branch.sim.town
            dep = np.array([n.deprivation for n in town.neighbourhoods])
            third = max(1, int(np.ceil(len(dep) / 3)))
            chosen = np.argsort(-dep, kind="stable")[:third]
            branch.most_deprived = tuple(sorted(int(k) for k in chosen))
        return branch.most_deprived

    def _advance_effects(self, year: int, allocations: Sequence[Allocation]) -> None:
        bonus = self.scenario.interventions.partnership.bonus
        funded = {a.intervention: a for a in allocations}
        for item in self.scenario.interventions.interventions:
            state = self._effects[item.id]
            alloc = funded.get(item.id)
            if alloc is not None:
                capacity = min(self.vcse_capacity, 1.2) if item.community_delivered else 1.0
                state.funded[year] = alloc.scale * (1.0 + bonus * alloc.partnership) * capacity
            ready = state.funded.get(year - item.build_years)
            if ready is not None:
                state.strength = ready
                state.peak = ready
                state.unfunded_years = 0
            elif state.peak > 0:
                state.unfunded_years += 1
                fading = state.unfunded_years - item.lasts_years
                if fading > 0:
                    state.strength = state.peak * max(0.0, 1.0 - fading / item.decay_years)

    # -- events, situations, the voluntary sector --------------------------------------------

    def _event(self, event_id: str) -> Event:
        return next(e for e in self.scenario.events.events if e.id == event_id)

    def _draw_events(self) -> tuple[EventDraw, ...]:
        """This round's events: drawn from their own stream, so decisions never change them.

        The stream is keyed by the town as well as the seed and the round, so two towns
        played on one seed meet different shocks (a stable digest of the town's id, never
        Python's salted ``hash``)."""
        town_key = zlib.crc32(self.scenario.town.id.encode("utf-8"))
        entropy = [self.seed, 7919, self.round, town_key]
        rng = np.random.default_rng(np.random.SeedSequence(entropy))
        scores = self._played.sim.history[-1].scores
        first = self.year + 1
        out = []
        for event in self.scenario.events.events:
            p = self.scenario.events.likelihoods[event.likelihood]
            chance = 1.0 - (1.0 - p) ** self.years_per_round
            happens = rng.random() < chance
            offset = int(rng.integers(0, self.years_per_round))
            if event.when is not None:
                score = scores[event.when.node]
                if event.when.below is not None and not score < event.when.below:
                    continue
                if event.when.above is not None and not score > event.when.above:
                    continue
            if happens:
                year = first + offset
                out.append(EventDraw(event.id, event.name, year, year + event.years - 1))
        return tuple(out)

    def choose_events(self, event_ids: Sequence[str]) -> None:
        """The facilitator's events for the round about to be played, before it is played:
        an event drawn for it and named again stays as drawn; a drawn one left out is vetoed;
        one named that was not drawn is injected, starting in the round's first year. The
        choice is kept with the round (:attr:`event_choices`), so a save replays it.
        :class:`ScenarioError` for an unknown event; the round is unchanged then."""
        known = {e.id for e in self.scenario.events.events}
        unknown = [e for e in event_ids if e not in known]
        if unknown or self.over:
            message = (
                "the game is over: no round is left to choose events for"
                if self.over
                else f"unknown events: {', '.join(unknown)}"
            )
            raise ScenarioError([Problem(f"round {self.round}", None, "events", message)])
        drawn = {d.event: d for d in self._draw_events()}
        first = self.year + 1
        chosen = []
        for event_id in dict.fromkeys(event_ids):
            if event_id in drawn:
                chosen.append(drawn[event_id])
            else:
                event = self._event(event_id)
                chosen.append(EventDraw(event.id, event.name, first, first + event.years - 1))
        self.pending_events = tuple(chosen)
        self._chosen = tuple(dict.fromkeys(event_ids))
        self._preview_kept.clear()

    def _start_events(self, events: Sequence[EventDraw]) -> None:
        """The round's events start pushing their nodes in their years (in both towns)."""
        for draw in events:
            self._event_effects.append((self._event(draw.event), draw.year, draw.until))

    def _apply_event_once(self, event: Event, branches: Sequence[_Branch]) -> None:
        """The parts of an event that act once: closures, new jobs, the voluntary sector,
        budgets. They hit both towns alike."""
        for branch in branches:
            town = branch.sim.town
            if event.close_largest_employer:
                open_ = [e for e in town.employers if e.open]
                if open_:
                    largest = max(open_, key=lambda e: e.capacity)
                    town.close_employer(largest.index)
            if event.new_jobs_share:
                total = sum(e.capacity for e in town.employers)
                open_ = [e for e in town.employers if e.open]
                if open_:
                    newcomer = max(open_, key=lambda e: e.start_capacity)
                    newcomer.capacity += round(event.new_jobs_share * total)
                    newcomer.start_capacity = newcomer.capacity
            if event.vcse_capacity:
                self._set_vcse(branch, branch.vcse_capacity + event.vcse_capacity)

    def _update_situations(self, branch: _Branch, year: int) -> None:
        scores = branch.sim.history[-1].scores
        if self._anchor is not None:  # a twin: the scores its preview shows
            whole, twin = self._anchor
            off = scores if twin is None else twin[year]
            scores = {k: whole[year][k] + scores[k] - off[k] for k in scores}
        for situation in self.scenario.events.situations:
            score = scores[situation.node]
            if situation.id in branch.situations:
                if score > situation.ends_above:
                    branch.situations.discard(situation.id)
            elif score < situation.starts_below:
                branch.situations.add(situation.id)
        branch.history[year] = tuple(sorted(branch.situations))

    def _update_vcse(self, branches: Sequence[_Branch]) -> None:
        """Investment grows the voluntary sector's capacity; without it, it drifts back."""
        start = self.scenario.interventions.vcse_start_capacity
        inflow = sum(
            item.vcse_capacity * self._effects[item.id].strength
            for item in self.scenario.interventions.interventions
            if item.vcse_capacity
        )
        for branch in branches:
            extra = inflow if branch is self._played else 0.0
            drift = VCSE_RECOVERY * (branch.vcse_capacity - start)
            self._set_vcse(branch, branch.vcse_capacity + extra - drift)

    @staticmethod
    def _set_vcse(branch: _Branch, value: float) -> None:
        branch.vcse_capacity = float(np.clip(value, *VCSE_RANGE))
        for group in branch.sim.town.groups:
            group.capacity = group.start_capacity * branch.vcse_capacity

    # -- snapshots ---------------------------------------------------------------------------

    def _snapshot(self) -> dict[str, Any]:
        """The state a round changes, copied (for :meth:`undo`); the scenario's parts, the
        towns' parameters and the past years' reports, all read-only, are shared, not copied
        (copying them was half of a batch run's time)."""
        return copy.deepcopy(
            {
                "played": self._played,
                "baseline": self._baseline,
                "effects": self._effects,
                "event_effects": self._event_effects,
                "pending": self.pending_events,
            },
            self._shared_memo(),
        )

    def _restore(self, snap: dict[str, Any]) -> None:
        self._preview_kept.clear()
        self._played = snap["played"]
        self._baseline = snap["baseline"]
        self._effects = snap["effects"]
        self._event_effects = snap["event_effects"]
        self.pending_events = snap["pending"]


def _read_only(scenario: GameScenario, sims: Sequence[Simulation]) -> dict[int, Any]:
    """A deep copy's memo of what a copy of a game shares with the game rather than copies:
    the scenario's parts, and the simulations' parameters and every past year's report (all
    read-only)."""
    sc = scenario
    shared: list[Any] = [sc, sc.framework, sc.network, sc.town, sc.interventions, sc.events]
    shared += [*sc.interventions.interventions, *sc.events.events]  # referred to one by one
    for sim in sims:
        shared += [sim.town.params, sim.town.framework, sim._w_pressure, *sim.history]
    return {id(x): x for x in shared}


class _AlignedStream:
    """A random stream for a twin's year whose every draw (every call of a generator method)
    starts at its own far-apart place in one PCG64 stream (the n-th draw at n x 2**64), so
    that a draw is the same whatever size the draws before it were: two runs of a twin whose
    residents drift apart still draw alike for each step of the year. Independent draws, as
    from any one stream."""

    def __init__(self, seeds: np.random.SeedSequence) -> None:
        self._bits = np.random.PCG64(seeds)
        self._start = self._bits.state
        self._generator = np.random.Generator(self._bits)
        self._calls = 0

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # not the generator's (and never while being copied)
            raise AttributeError(name)
        method = getattr(self._generator, name)

        def draw(*args: Any, **kwargs: Any) -> Any:
            self._bits.state = self._start
            self._bits.advance(self._calls << 64)
            self._calls += 1
            return method(*args, **kwargs)

        return draw


def _with_effect(
    whole: YearReport, on: YearReport, off: YearReport, framework: Framework
) -> YearReport:
    """The whole town's year ``whole`` moved by the effect a twin forecast: its year ``on``
    (under a plan) minus ``off`` (doing nothing), in every score, value, gap and contribution
    (scores kept on the scale; bands from the moved scores). Counts, residents and pressure
    are the whole town's; the pushes by source are the twin's under the plan (town-wide
    points, so the same for any size)."""

    def moved(
        a: Mapping[str, float], b: Mapping[str, float], c: Mapping[str, float]
    ) -> dict[str, float]:
        return {k: a[k] + b[k] - c[k] for k in a}

    scores = {
        k: min(max(v, MIN_SCORE), MAX_SCORE)
        for k, v in moved(whole.scores, on.scores, off.scores).items()
    }
    bands = {h: band_of(scores[h], framework.bands).id for h in framework.headline_ids}
    contributions = tuple(
        a + b - c
        for a, b, c in zip(whole.contributions, on.contributions, off.contributions, strict=True)
    )
    return YearReport(
        year=whole.year,
        residents=whole.residents,
        counts=whole.counts,
        values=Frozen(moved(whole.values, on.values, off.values)),
        scores=Frozen(scores),
        bands=Frozen(bands),
        gaps=Frozen(moved(whole.gaps, on.gaps, off.gaps)),
        contributions=contributions,
        pressure=whole.pressure,
        sources=on.sources,
    )
