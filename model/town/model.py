"""The town as a Mesa model: columnar residents, agent neighbourhoods and organisations.

Each simulated year (:meth:`TownModel.advance`), in this order: demography (deaths, births,
people moving out and in, young adults leaving home, ageing); work (joining and leaving the
labour force, finding and losing jobs, employers); incomes; physical and mental health;
behaviours; community life; travel and time in nature; learning (adult learning and
apprenticeships, children reaching five, sixteen and nineteen); home energy; organisations.

Every rule is a chance shaped by the resident's own features (age, sex, ethnic group,
neighbourhood deprivation, household) and by the ripple *pressure* on the node it belongs to
(points, per neighbourhood), converted by a gain that makes one point of sustained pressure worth
about one point of that node's score once the town has adjusted. Where a ripple link is carried
by a resident rule (``town_rule`` in ripples.yaml) the rule uses the other node's measure
directly, as listed in :data:`model.town.parameters.TOWN_RULES`.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import mesa
import numpy as np
import numpy.typing as npt
from scipy.special import ndtri

from model.framework import Framework
from model.town.agents import CommunityGroup, Employer, HealthService, Neighbourhood, School
from model.town.description import AGE_BANDS
from model.town.parameters import Parameters
from model.town.pressure import Pressure, Selection
from model.town.processes import AGE_FEATURES, BEHAVIOURS, PERSON_FEATURES, Process, process
from model.town.residents import COLUMNS, Residents
from model.town.rules import (
    box_muller,
    count_by,
    equivalence_scale,
    golden_serials,
    household_sums,
    keyed_uniform,
    median,
    settle,
    sigmoid,
    smallest,
    top_by_weight_until,
)

__all__ = ["Calibration", "Context", "TownModel", "YearCounts"]

FloatArray = npt.NDArray[np.floating[Any]]
BoolArray = npt.NDArray[np.bool_]

STREAMS = ("generate", "demography", "labour", "health", "behaviour", "learning")
"""Independent random streams, one per part of the model, all split from the one seed."""

DISADVANTAGE_AGES = (10, 15)
"""The ages (first, last) at which a child in a low-income home counts as disadvantaged at
GCSE ever after: the six school years to 16, as DfE's free school meals in the last six years
(:meth:`TownModel._cohort_steps`; generation starts a town's flags by the same ages)."""

LEAVES_HOME_FROM = 19
"""The age from which an adult living with a parent may leave home (``leave_home_rate``, at
every age from it: :meth:`TownModel._leave_home`; generation's shares by the same rule)."""

MIX_STEERING = 10.0
"""How strongly the choice of who moves in leans toward keeping the town's ethnic mix (the
``k`` of :meth:`TownModel._mix_need`). The lean grows with how far the town is off its
share, so births, which lift the share steadily, leave the town a little above it; the
stronger the lean, the less. At 10 the towns of the steady-town tests end 30 quiet years
0.9 to 3.1 points above their share at 20,000 residents (Oldham, Hastings, Great Yarmouth,
Tower Hamlets, Elmbridge, seeds 1-4); at 40, -0.1 to +0.8, but Wigan's health gap at 4,000
residents then narrowed by itself (years 16-20 against the start: mean -0.78 +/- 0.16 years
over 16 seeds, 15 narrower, against -0.27 +/- 0.27 at 10), for reasons not yet found
(docs/model.md, session 18). Assumed."""

PARTNERING_AGES = (20, 55)
"""The ages (first, last) at which a single adult may pair up (``partnering_rate``:
:meth:`TownModel._partnerships`; generation's couples by the same rule). Assumed."""


@dataclass
class Calibration:
    """The town-specific numbers found when the town was generated.

    ``level`` holds intercepts and other calibrated constants by name; ``gain`` converts one
    point of pressure on a node into each process's own units (logit, health, log pay...).
    """

    level: dict[str, float] = field(default_factory=dict)
    gain: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class YearCounts:
    """Population accounting for one year."""

    start: int
    births: int
    deaths: int
    moved_out: int
    moved_in: int
    end: int
    apprenticeships: int = 0

    @property
    def balanced(self) -> bool:
        """Whether start + births + moved in - deaths - moved out equals end."""
        return self.start + self.births + self.moved_in - self.deaths - self.moved_out == self.end


@dataclass(frozen=True)
class Context:
    """Per-resident quantities derived afresh each year (never stored between years)."""

    zd: FloatArray
    hh_size: npt.NDArray[np.int32]
    hourly_pay: FloatArray
    weekly_pay: FloatArray
    weekly_income: FloatArray
    equivalised: FloatArray
    low_income_child: BoolArray
    low_income_adult: BoolArray


class TownModel(mesa.Model):  # type: ignore[misc]
    """A town of residents, neighbourhoods and organisations. Built by ``generate.py``."""

    def __init__(self, framework: Framework, params: Parameters, seed: int) -> None:
        super().__init__(seed=seed)
        self.framework = framework
        self.params = params
        children = np.random.SeedSequence(seed).spawn(len(STREAMS))
        self.streams: dict[str, np.random.Generator] = {
            name: np.random.default_rng(s) for name, s in zip(STREAMS, children, strict=True)
        }
        self.res = Residents.empty(0)
        self.cal = Calibration()
        self.neighbourhoods: list[Neighbourhood] = []
        self.employers: list[Employer] = []
        self.schools: list[School] = []
        self.groups: list[CommunityGroup] = []
        self.health_services: list[HealthService] = []
        self.school_of_neigh = np.zeros(0, dtype=np.intp)
        self.zd_n = np.zeros(0)
        self.next_hh = 0
        # Serial numbers of households (see _compact_households): ids below hh_serial.size
        # have theirs listed; later ids, founded since, follow on from first_new_serial
        self.hh_serial = np.zeros(0, dtype=np.intp)
        self.first_new_serial = 0
        self.next_serial = 0
        """The serial number the next resident to be born or to move in takes
        (:meth:`by_resident`): every resident keeps theirs for life."""
        self.start_population = 0
        self.minority_share: float | None = None
        """The share of residents of an ethnic minority that people moving in keep the town to
        (the description's; None: no such aim)."""
        self.age_profile = np.zeros(0)
        """The share of residents in each band of :data:`AGE_BANDS` that people moving in keep
        the town to (the description's; empty: no such aim)."""
        self.year = 0
        self._push = Pressure.none(framework.node_index, 0, self.res, params.poor_health_line)
        self.last_context: Context | None = None
        self.counts = YearCounts(0, 0, 0, 0, 0, 0)
        self.place_values: dict[str, float] = {}
        self.filled: tuple[str, ...] = ()
        self.targets: dict[str, float] = {}

    # -- copying ---------------------------------------------------------------------------

    _REGISTRIES = ("_agents", "_agents_by_type", "_all_agents")
    """Mesa's registries of the agents: rebuilt for a copy rather than deep-copied."""

    def __deepcopy__(self, memo: dict[int, Any]) -> TownModel:
        """A deep copy, made quickly: the game's preview copies a town for every plan tried.

        Copying each Mesa agent the generic way drags in the model it points to and Mesa's
        registries of weak references (most of the copy's time, for a few hundred agents).
        The agents hold only numbers (jobs, pay, quality, capacity), so each is copied as a
        new object with the same attributes pointing to the new town, and the new town's
        registries are filled in the same order as this one's (so iterating over them gives
        the same agents in the same order)."""
        cls = type(self)
        new: TownModel = cls.__new__(cls)
        memo[id(self)] = new
        agents = list(self._agents)
        for agent in agents:
            twin = object.__new__(type(agent))
            twin.__dict__.update(vars(agent), model=new)
            memo[id(agent)] = twin
        state = {k: v for k, v in vars(self).items() if k not in self._REGISTRIES}
        new.__dict__.update(copy.deepcopy(state, memo))
        new._agents = {}
        new._agents_by_type = {}
        new._all_agents = mesa.agent.AgentSet([], random=new.random)
        for agent in agents:
            new.register_agent(memo[id(agent)])
        return new

    # -- small helpers ---------------------------------------------------------------------

    @property
    def n_neigh(self) -> int:
        return len(self.neighbourhoods)

    @property
    def push(self) -> Pressure:
        """This year's pressure on the residents (see :mod:`model.town.pressure`).

        Kept for the residents it was set on: once they are replaced (by the year's births,
        deaths and moves, or a new draw while the town is generated) its groups are worked out
        afresh for the new residents. A town being generated, whose neighbourhoods are still
        being laid out, has no pressure."""
        push = self._push
        if push.n_neigh != self.n_neigh:
            push = Pressure.none(
                self.framework.node_index, self.n_neigh, self.res, self.params.poor_health_line
            )
        elif push.residents is not self.res:
            push = push.on(self.res)
        self._push = push
        return push

    def group_shares(self, group: str) -> FloatArray:
        """The share of each neighbourhood's residents in a group."""
        return self.push.shares(group)

    def gain(self, name: str) -> float:
        return self.cal.gain.get(name, 0.0)

    def level(self, name: str) -> float:
        return self.cal.level[name]

    def context(self) -> Context:
        """Deprivation, households and incomes as they stand now.

        Money is in single precision (pennies are ample), and household figures are worked out
        once per household and then looked up by each member. The household ids are widened
        to numpy's index type once, for the five counts, sums and look-ups by household here
        (each would otherwise widen them again)."""
        r, p = self.res, self.params
        size = self.next_hh
        hh = r.hh.astype(np.intp)
        hh_size = np.bincount(hh, minlength=size)
        hh_adults = count_by(hh, r.age >= 16, size)
        children = hh_size - hh_adults
        working = np.flatnonzero(r.employed)
        pay = self.hourly_pay(None, working)
        hours = _pick(r.part_time.take(working), p.part_time_hours, p.full_time_hours)
        hourly = np.zeros(len(r), dtype=np.float32)
        hourly[working] = pay
        weekly = np.zeros(len(r), dtype=np.float32)
        weekly[working] = pay * hours
        personal = self.personal_income(weekly)
        total = household_sums(hh, personal, size)
        total += self.level("child_element") * children
        total /= equivalence_scale(hh_adults, children)  # the scale is at least 1
        eq = total.astype(np.float32).take(hh)
        return Context(
            zd=self.zd_n.astype(np.float32).take(r.neigh),
            hh_size=hh_size.astype(np.int32).take(hh),
            hourly_pay=hourly,
            weekly_pay=weekly,
            weekly_income=personal,
            equivalised=eq,
            low_income_child=eq < p.poverty_line_children,
            low_income_adult=eq < p.poverty_line_adults,
        )

    def hourly_pay(self, zd: FloatArray | None = None, sel: Selection = None) -> FloatArray:
        """Hourly pay each resident (or those in ``sel``) earns, or would earn, in work
        (rule skills_raise_pay). ``zd`` is every resident's deprivation; by default, their
        neighbourhood's."""
        p = self.params
        r = _Columns(self.res, sel)
        place = self.level("wage_mu") + self.gain("employment_quality") * self.push.place(
            "employment_quality"
        )
        if zd is None:
            place = place + p.wage_deprivation * self.zd_n
        log_pay: FloatArray = place.astype(np.float32).take(r.neigh)
        if zd is not None:
            log_pay += F(p.wage_deprivation) * (zd if sel is None else zd[sel])
        # The last entry is for residents with no employer (-1): no premium
        premium = np.array([e.pay_premium for e in self.employers] + [0.0], dtype=np.float32)
        log_pay += _sum_into(
            F(p.wage_per_level) * r.edu,
            F(p.wage_per_year_of_experience) * np.clip(r.age - 16, 0, 29),
            F(self.level("wage_female")) * r.female,
            F(self.level("wage_sigma")) * (r.wage_luck - F(self.level("wage_luck_centre"))),
            F(p.part_time_pay) * r.part_time,
            premium.take(r.employer),
        )
        aimed = self.push.aimed("employment_quality", sel)
        if aimed is not None:
            log_pay += F(self.gain("employment_quality")) * aimed
        if self.push.on_node("gender_equality"):
            women = F(self.gain("gender_equality")) * r.female
            log_pay += self.push.lever("gender_equality", sel) * women
        pay: FloatArray = np.exp(log_pay)
        return pay

    def personal_income(self, weekly_pay: FloatArray) -> FloatArray:
        """Weekly income from work, benefits or pensions (rule income_from_work)."""
        r, p = self.res, self.params
        age = r.age
        income: FloatArray = weekly_pay.astype(np.float32)  # a copy
        out_of_work = np.flatnonzero(~r.employed & (age >= 16) & (age < 66))
        benefit = self.level("benefit") + F(self.gain("basic_needs")) * self.push.lever(
            "basic_needs", out_of_work
        )
        spread = np.exp(F(p.benefit_spread) * r.wage_luck[out_of_work])
        income[out_of_work] = np.maximum(benefit, F(0.0)) * spread
        old = np.flatnonzero(age >= 66)
        income[old] += F(p.state_pension) + F(p.private_pension_per_level) * r.edu[old]
        if self.gain("income_equality") and self.push.on_node("income_equality"):
            # Redistribution: below-median incomes rise, the others fall half as much
            adults = age >= 16
            below = income < median(np.compress(adults, income)) if np.any(adults) else income < 0
            shift = self.push.lever("income_equality")
            shift *= F(self.gain("income_equality"))
            shift *= _pick(below, 1.0, -0.5)  # the shift below the median, half against above
            income *= np.exp(shift, out=shift)
        return income

    def log_mortality(self) -> FloatArray:
        """Log of each resident's yearly chance of dying, before the age-0 and floor terms.

        Deprivation and pressure are the same for a whole neighbourhood, so they are summed
        per neighbourhood and looked up once."""
        r, p = self.res, self.params
        centred = self.zd_n - (float(np.mean(self.zd_n)) if self.n_neigh else 0.0)
        place = (
            self.level("mortality")
            + self.level("mortality_deprivation") * centred
            - self.gain("life_expectancy") * self.push.place("life_expectancy")
            - self.gain("health_equality")
            * self.push.place("health_equality")
            * np.maximum(centred, 0.0)
        )
        frailty = F(0.7) - r.phys
        frailty *= F(p.mortality_per_health)
        log_q = _sum_into(
            place.astype(np.float32).take(r.neigh), F(p.gompertz_slope) * r.age, frailty
        )
        aimed = self.push.aimed("life_expectancy")
        if aimed is not None:
            log_q -= F(self.gain("life_expectancy")) * aimed
        aimed = self.push.aimed("health_equality")
        if aimed is not None:
            above = np.maximum(centred, 0.0).astype(np.float32).take(r.neigh)
            log_q -= F(self.gain("health_equality")) * aimed * above
        return log_q

    def death_chance(self) -> FloatArray:
        """Each resident's chance of dying this year (rule illness_raises_mortality)."""
        p = self.params
        log_q = self.log_mortality()
        infants = np.flatnonzero(self.res.age == 0)
        if infants.size:
            infant = F(p.infant_mortality) * np.exp(log_q[infants] - log_q.mean())
        q: FloatArray = np.exp(log_q, out=log_q)  # in place: no temporaries
        q += F(p.makeham)
        if infants.size:
            q[infants] = np.minimum(infant, F(0.05))
        np.minimum(q, F(1.0), out=q)
        return q

    def health_target(self, zd: FloatArray) -> FloatArray:
        """The physical health each resident tends towards (rule behaviours_shape_health)."""
        r, p = self.res, self.params
        age = r.age
        capacity = self.health_capacity_ratio()
        # The first three terms depend on age alone: summed (in the same order, in single
        # precision) for each age from 0 to 110, then looked up, one pass instead of eight
        ages = _AGES
        by_age = _sum_into(
            F(self.level("health_age_slope")) * np.clip(ages - 20, 0, None),
            F(self.level("health") + 0.03 * np.log(capacity)),
            F(p.health_old_age_slope) * np.clip(ages - 65, 0, None),
        )
        target = _sum_into(
            by_age.take(age),
            F(p.health_deprivation) * zd,
            F(p.health_smoking) * r.smoker,
            F(p.health_inactivity) * (~r.active_pa & (age >= 18)),
            F(p.health_excess_weight) * r.overweight,
        )
        if self.push.on_node("overall_health"):
            target += F(self.gain("overall_health")) * self.push.lever("overall_health")
        return target

    def mental_target(self, zd: FloatArray) -> FloatArray:
        """The mental health each resident tends towards."""
        p = self.params
        target = _sum_into(F(p.mental_deprivation) * zd, F(self.level("mental")))
        if self.push.on_node("mental_health"):
            target += F(self.gain("mental_health")) * self.push.lever("mental_health")
        return target

    def health_capacity_ratio(self) -> float:
        """Health services' capacity now relative to the start (1 = unchanged)."""
        if not self.health_services:
            return 1.0
        now = sum(h.capacity for h in self.health_services)
        start = sum(h.start_capacity for h in self.health_services)
        return max(now / start, 0.05)

    def group_capacity_ratio(self) -> FloatArray:
        """Voluntary and community groups' capacity per neighbourhood relative to the start."""
        now = np.zeros(self.n_neigh)
        start = np.zeros(self.n_neigh)
        for g in self.groups:
            now[g.neighbourhood] += g.capacity
            start[g.neighbourhood] += g.start_capacity
        return np.where(start > 0, np.maximum(now, 0.05 * start) / np.maximum(start, 1e-9), 1.0)

    def labour_demand(self) -> float:
        """Log of jobs now over jobs at the start."""
        now = sum(e.capacity for e in self.employers)
        start = sum(e.start_capacity for e in self.employers)
        return float(np.log(max(now, 1) / max(start, 1)))

    # -- chances (shared by generation and yearly steps) ------------------------------------

    def chance(self, process: str, ctx: Context | None, sel: Selection = None) -> FloatArray:
        """The stationary chance of a binary state for every resident (or those in ``sel``)."""
        logit = self.base_logit(process, ctx, sel)  # a new array: it can take the result
        logit += self.level(process)
        return sigmoid(logit, in_place=True)

    def base_logit(self, name: str, ctx: Context | None, sel: Selection = None) -> FloatArray:
        """A binary state's logit without its calibrated intercept (for ``sel`` only), from its
        row of :data:`model.town.processes.PROCESSES`.

        The place terms and the pressure on the row's node are summed per neighbourhood and
        looked up once for each resident; the person terms are worked out in single precision,
        in the row's order. ``ctx`` is needed only for the rules that read households or
        incomes (loneliness, early years).
        """
        row = process(name)
        place: FloatArray | None = None
        for term in row.place:
            value = self._weight(term.weight, term.level) * self._place_feature(term.feature)
            place = value if place is None else place + value
        if place is None:
            place = np.zeros(self.n_neigh)
        person: Any = None
        r = _Columns(self.res, sel)
        for term in row.person:
            weight: Any = F(self._weight(term.weight, term.level))
            if term.lever is not None and self.push.on_node(term.lever):
                weight = weight + F(self.gain(term.lever)) * self.push.lever(term.lever, sel)
            value = weight * self._person_feature(term.feature, r, ctx, sel, row)
            person = value if person is None else person + value
        if row.push is not None:
            gain = row.push.sign * self.gain(row.gain_name)
            place = place + gain * self.push.place(row.push.node)
            aimed = self.push.aimed(row.push.node, sel)
            if aimed is not None:
                person = F(gain) * aimed if person is None else person + F(gain) * aimed
        out: FloatArray = place.astype(np.float32).take(r.neigh)
        if person is not None:
            out += person
        return out

    def ageing_lag(self, name: str, ctx: Context | None, sel: npt.NDArray[np.intp]) -> float:
        """How far the long-run share in a state falls short of its chance, among the
        residents in ``sel``, because a state that turns over slowly lags a chance that changes
        as its residents age (0 for a state with no term in age).

        Each year a share ``turnover`` of residents redraw the state from their chance, so a
        resident of age ``a``, in the state's reach since 16, is in it with probability
        ``sum_k turnover (1 - turnover)**k chance(a - k)``, the last term (their start at 16)
        taking the weight left. Excess weight rises with age and turns over a twentieth a year,
        so at any age the share overweight is that of chances some twenty years younger: about
        four points below the chance (Hastings). Generation solves intercepts for the long-run
        share, so that a town left alone stays at its figures. Features that change with age
        are those of :data:`~model.town.processes.AGE_FEATURES` (qualifications are settled at
        19); the others are taken as they are now.
        """
        row = process(name)
        terms = [
            (AGE_FEATURES[t.feature], self._weight(t.weight, t.level))
            for t in row.person
            if t.feature in AGE_FEATURES
        ]
        if not terms or sel.size == 0:
            return 0.0
        turnover = _turnover(self.params, name)
        logit = self.base_logit(name, ctx, sel).astype(float) + self.level(name)
        r = _Columns(self.res, sel)
        age = r.age.astype(np.int64)
        years = np.maximum(age - 16, 0)
        now = 1.0 / (1.0 + np.exp(-logit))
        # Years back k = 0, 1, ... up to the oldest's years in reach, or until the weight left
        # is under 1e-4; the weight left then goes to that last year. All years at once, as
        # one (years back x residents) array: a hundred passes over a sample of some
        # thousand residents cost more in numpy's calls than in its arithmetic
        oldest = int(years.max())
        lefts = [1.0]
        while len(lefts) - 1 < oldest and lefts[-1] >= 1e-4:
            lefts.append((1.0 - turnover) ** len(lefts))
        k = np.arange(len(lefts))[:, np.newaxis]
        left = np.array(lefts)[:, np.newaxis]
        weight = np.where(k < years, turnover * left, np.where(k == years, left, 0.0))
        weight[-1] = np.where(years >= k[-1], left[-1], 0.0)
        shift = sum(w * (f(age - k, r) * 1.0 - f(age, r)) for f, w in terms)
        weight /= 1.0 + np.exp(-(logit + shift))
        # Summed over the years in order, row by row, as a running total would add them
        lagged = np.add.reduce(weight, axis=0)
        return float(now.mean() - lagged.mean())

    def _weight(self, parameter: str | None, level: str | None) -> float:
        """A logit term's weight: a parameter's value, or a calibrated level."""
        if parameter is not None:
            value: float = getattr(self.params, parameter)
            return value
        assert level is not None  # a row has one or the other (checked when it is made)
        return self.level(level)

    def _place_feature(self, feature: str) -> Any:
        """A place feature (see :data:`model.town.processes.PLACE_FEATURES`), per
        neighbourhood."""
        if feature == "deprivation":
            return self.zd_n
        if feature == "group_capacity":
            return np.log(self.group_capacity_ratio())
        if feature == "labour_demand":
            return float(self.labour_demand())
        if feature == "school_quality":
            quality = np.array([s.quality for s in self.schools])[self.school_of_neigh]
            return quality - 0.5
        raise KeyError(f"unknown place feature '{feature}'")

    def _person_feature(
        self, feature: str, r: _Columns, ctx: Context | None, sel: Selection, row: Process
    ) -> npt.NDArray[Any]:
        """A person feature (see :data:`model.town.processes.PERSON_FEATURES`) of each resident
        in ``sel``; the features of the year's households and incomes come from ``ctx``."""
        if feature == "lives_alone":
            alone: BoolArray = _needs(ctx, row.name).hh_size == 1
            return alone if sel is None else alone[sel]
        if feature == "low_income_home":
            low = _needs(ctx, row.name).low_income_child
            return low if sel is None else low[sel]
        value: npt.NDArray[Any] = PERSON_FEATURES[feature](r)
        return value

    # -- the year ---------------------------------------------------------------------------

    def advance(
        self,
        pressure: npt.ArrayLike | None = None,
        group_pressure: Mapping[str, FloatArray] | None = None,
    ) -> YearCounts:
        """Simulate one year under ``pressure`` (points, shape neighbourhoods x nodes), and
        any pressure aimed at groups of residents (same shape, by group name)."""
        self.set_pressure(pressure, group_pressure)
        self.step()
        return self.counts

    def set_pressure(
        self,
        pressure: npt.ArrayLike | None = None,
        group_pressure: Mapping[str, FloatArray] | None = None,
    ) -> None:
        """Set the pressure the rules read (and forget any pressure gathered per resident)."""
        n_nodes = len(self.framework.nodes)
        line = self.params.poor_health_line
        if pressure is None:
            self._push = Pressure.none(self.framework.node_index, self.n_neigh, self.res, line)
            return
        pr = np.asarray(pressure, dtype=float)
        if pr.shape != (self.n_neigh, n_nodes) or not np.all(np.isfinite(pr)):
            raise ValueError(f"pressure must be finite, shape {(self.n_neigh, n_nodes)}")
        self._push = Pressure(self.framework.node_index, pr, group_pressure or {}, self.res, line)

    def step(self) -> None:
        """Mesa's step: one simulated year (use :meth:`advance` to give the pressure)."""
        apprenticeships = 0
        self.last_context = None
        counts = self._demography()  # new residents: self.push gathers its groups again
        self._work()
        ctx = self.context()
        self._health(ctx)
        self._behaviours(ctx)
        apprenticeships = self._learning(ctx)
        self._energy(ctx)
        self._organisations()
        self.year += 1
        self.counts = YearCounts(**{**counts.__dict__, "apprenticeships": apprenticeships})
        # Pay and incomes as they were this year (qualifications gained in the learning step
        # count from next year), for the year's measures
        self.last_context = ctx
        self.res.low_income[:] = ctx.low_income_child

    def _demography(self) -> YearCounts:
        """Deaths, births, moves and household changes; ageing.

        Household life (leaving home, children taken in, couples forming and parting, whole
        households moving in) reads and changes only a few columns, so it works on copies of
        those for the residents who stay; every column of the town is then copied once, laid
        out as the stayers, the babies and the incomers."""
        r, p, rng = self.res, self.params, self.streams["demography"]
        start = len(r)
        dies = self.by_resident(rng) < self.death_chance()
        members = self._compact_households()
        # Whole households move out; young adults most often
        young = count_by(r.hh, (r.age >= 18) & (r.age <= 30), self.next_hh)
        young_rate, other_rate = p.out_migration_young, p.out_migration_other
        hh_rate = (young_rate * young + other_rate * (members - young)) / np.maximum(members, 1)
        serial = self._household_serials()
        leaving_hh = (
            rng.random(self.first_new_serial + self.next_hh - self.hh_serial.size)[serial] < hh_rate
        )
        moves_out = leaving_hh.take(r.hh) & ~dies
        moves_out |= self._rebalancing_moves(rng, ~dies & ~moves_out)
        stays = ~dies & ~moves_out
        # Births, to women who are still here at the end of the year
        women = np.flatnonzero(r.female & (r.age >= 15) & (r.age <= 44) & stays)
        age = r.age.take(women).astype(float)
        curve = np.exp(-0.5 * ((age - p.fertility_peak_age) / p.fertility_spread) ** 2)
        curve /= p.fertility_spread * np.sqrt(2.0 * np.pi)
        mothers = np.compress(_uniform(rng, women.size) < p.fertility_tfr * curve, women)
        babies = self._newborns(mothers)
        keep = np.flatnonzero(stays)
        homes = _Homes(
            age=np.minimum(r.age.take(keep) + 1, 110),
            hh=r.hh.take(keep),
            female=r.female.take(keep),
            neigh=r.neigh.take(keep),
        )
        self._leave_home(rng, homes)
        adults_hh = count_by(homes.hh, homes.age >= 16, self.next_hh)
        self._rehome_children(rng, homes, adults_hh)
        relabel = self._partnerships(rng, homes, adults_hh)
        babies.hh[:] = relabel[babies.hh]  # a baby goes where its mother's home went
        # People move in to keep the town on its growth path: copies of whole households
        target = round(self.start_population * (1.0 + p.growth) ** (self.year + 1))
        sizes = np.bincount(homes.hh, minlength=self.next_hh)  # counted once for the three
        need = self._age_need(homes, sizes, len(babies), target)
        need *= self._mix_need(r.minority.take(keep), homes.hh, sizes, babies.minority)
        wanted = target - keep.size - len(babies)
        incomers = self._incomers(wanted, rng, hh_rate, homes, sizes, need)
        self.res = _assemble(r, keep, homes, babies, incomers)
        new = len(self.res) - keep.size  # the babies and the incomers: numbers of their own
        self.res.serial[keep.size :] = np.arange(self.next_serial, self.next_serial + new)
        self.next_serial += new
        # An incomer whose copied job is with an employer that has closed has no job
        arrived = slice(len(self.res) - incomers.positions.size, None)
        open_employer = np.array([e.open for e in self.employers] + [False])
        employed, employer = self.res.employed[arrived], self.res.employer[arrived]
        employed &= open_employer[employer]
        employer[~employed] = -1
        self.refresh_neighbourhoods()
        return YearCounts(
            start=start,
            births=len(babies),
            deaths=int(np.count_nonzero(dies)),  # counted: cheaper than a sum of booleans
            moved_out=int(np.count_nonzero(moves_out)),
            moved_in=incomers.positions.size,
            end=len(self.res),
        )

    def _household_serials(self) -> npt.NDArray[np.intp]:
        """Every household id's serial number: how many households were founded before it."""
        founded = np.arange(self.next_hh - self.hh_serial.size) + self.first_new_serial
        return np.concatenate([self.hh_serial, founded])

    def _compact_households(self) -> npt.NDArray[np.intp]:
        """Renumber the households 0, 1, 2... in order, leaving out ids nobody lives under
        any more; return how many live in each.

        New households (young adults leaving home, couples parting, families moving in) take
        new ids, so without renumbering every array over household ids would grow year by year
        though the number of households does not. Each household keeps its serial number,
        which the yearly draw of households moving out is indexed by, as it was by id before
        ids were renumbered: renumbering changes no draw.
        """
        r = self.res
        members = np.bincount(r.hh, minlength=self.next_hh)
        occupied = members > 0
        if np.all(occupied):
            return members
        serial = self._household_serials()
        self.first_new_serial = int(serial[-1]) + 1 if serial.size else self.first_new_serial
        self.hh_serial = np.compress(occupied, serial)
        r.hh = (np.cumsum(occupied, dtype=np.int32) - 1).take(r.hh)
        self.next_hh = self.hh_serial.size
        return np.compress(occupied, members)

    def _leave_home(self, rng: np.random.Generator, homes: _Homes) -> None:
        """Adults of :data:`LEAVES_HOME_FROM` or more living with a parent (someone at home at
        least 16 years older) leave to a home of their own (``leave_home_rate``, at every
        age)."""
        young = np.flatnonzero(homes.age >= LEAVES_HOME_FROM)
        young_hh = homes.hh.take(young)
        # Only residents of 35 or more can be 16 years older than a young adult: the oldest
        # is looked for among them, in the homes of young adults
        with_young = np.zeros(self.next_hh, dtype=bool)
        with_young[young_hh] = True
        elders = np.flatnonzero((homes.age >= 35) & with_young.take(homes.hh))
        hh_oldest = np.zeros(self.next_hh, dtype=np.int16)
        np.maximum.at(hh_oldest, homes.hh.take(elders), homes.age.take(elders))
        at_home = np.compress(hh_oldest.take(young_hh) >= homes.age.take(young) + 16, young)
        leaves = np.compress(_uniform(rng, at_home.size) < self.params.leave_home_rate, at_home)
        homes.hh[leaves] = np.arange(self.next_hh, self.next_hh + leaves.size, dtype=np.int32)
        self.next_hh += leaves.size

    def _partnerships(
        self, rng: np.random.Generator, homes: _Homes, adults_hh: npt.NDArray[Any]
    ) -> npt.NDArray[np.int32]:
        """Single adults pair up and move in together; some couples separate. Returns how
        household ids were relabelled (so that others can follow)."""
        p = self.params
        age, hh, female, neigh = homes.age, homes.hh, homes.female, homes.neigh
        first, last = PARTNERING_AGES
        single = (age >= first) & (age <= last) & (adults_hh == 1).take(hh)  # a mask: cheaper
        singles = np.flatnonzero(single)
        # Each neighbourhood forms partnering_rate x (its singles / 2) couples a year, as far
        # as its single men and women allow; who pairs is drawn at random in each sex
        group = neigh.take(singles).astype(np.intp) * 2 + ~female.take(singles)
        counts = np.bincount(group, minlength=2 * self.n_neigh).reshape(self.n_neigh, 2)
        wanted = p.partnering_rate * counts.sum(axis=1) / 2.0
        couples = np.minimum(np.floor(wanted + _uniform(rng, self.n_neigh)), counts.min(axis=1))
        order = np.lexsort((_uniform(rng, singles.size), group))  # random order in each group
        starts = np.concatenate([[0], np.cumsum(counts.ravel())[:-1]])
        rank = np.empty(singles.size, dtype=np.intp)
        rank[order] = np.arange(singles.size) - np.repeat(starts, counts.ravel())
        seeking = np.compress(rank < couples.repeat(2).take(group), singles)
        relabel = np.arange(self.next_hh, dtype=np.int32)
        men = np.compress(~female[seeking], seeking)
        women = np.compress(female[seeking], seeking)
        # Within each neighbourhood, partners are matched in order of (noisy) age
        men = men[np.lexsort((age[men] + rng.normal(0.0, 3.0, men.size), neigh[men]))]
        women = women[np.lexsort((age[women] + rng.normal(0.0, 3.0, women.size), neigh[women]))]
        m_start = np.searchsorted(neigh[men], np.arange(self.n_neigh + 1))
        w_start = np.searchsorted(neigh[women], np.arange(self.n_neigh + 1))
        for k in range(self.n_neigh):
            pairs = min(m_start[k + 1] - m_start[k], w_start[k + 1] - w_start[k])
            if pairs:
                him = men[m_start[k] : m_start[k] + pairs]
                her = women[w_start[k] : w_start[k] + pairs]
                relabel[hh[him]] = hh[her]  # he (and anyone at his home) moves in with her
        hh[:] = relabel.take(hh)
        # Separation: in a couple's home, the man moves out to a home of his own
        adult = age >= 18
        couple_hh = count_by(hh, adult, self.next_hh) == 2
        partners = np.flatnonzero(couple_hh.take(hh) & adult & ~female)
        splits = np.compress(_uniform(rng, partners.size) < p.separation_rate, partners)
        hh[splits] = np.arange(self.next_hh, self.next_hh + splits.size, dtype=np.int32)
        self.next_hh += splits.size
        return relabel

    def _rehome_children(
        self, rng: np.random.Generator, homes: _Homes, adults_hh: npt.NDArray[Any]
    ) -> None:
        """Children left in a home with no adult (after a death) go to live with another
        household in their neighbourhood, as kinship carers and foster families take them in."""
        alone = np.flatnonzero((adults_hh == 0).take(homes.hh))  # a mask: cheaper
        if alone.size == 0:
            return  # most years in a small town: no child is left without an adult
        # Carers (25 to 60), grouped by neighbourhood, in town order within each
        carers = np.flatnonzero((homes.age >= 25) & (homes.age <= 60))
        carers = carers.take(np.argsort(homes.neigh.take(carers), kind="stable"))
        bounds = np.searchsorted(homes.neigh[carers], np.arange(self.n_neigh + 1))
        for k in np.unique(homes.neigh[alone]).tolist():
            here = alone[homes.neigh[alone] == k]
            nearby = carers[bounds[k] : bounds[k + 1]]
            if nearby.size == 0:
                continue
            homes.hh[here] = homes.hh[nearby[rng.integers(0, nearby.size, here.size)]]

    def _newborns(self, mothers: npt.NDArray[np.intp]) -> Residents:
        r, rng = self.res, self.streams["demography"]
        babies = Residents.empty(len(mothers))
        babies.female[:] = rng.random(len(mothers)) < 0.488
        babies.minority[:] = r.minority[mothers]
        babies.neigh[:] = r.neigh[mothers]
        babies.hh[:] = r.hh[mothers]
        babies.wage_luck[:] = self.earning_power(babies.neigh, rng.standard_normal(len(mothers)))
        p = self.params
        babies.part_time[:] = rng.random(len(mothers)) < np.where(
            babies.female, p.part_time_women, p.part_time_men
        )
        babies.phys[:] = 0.9
        babies.ment[:] = r.ment[mothers].mean() if len(r) else 0.6
        babies.home_eff[:] = r.home_eff[mothers]
        babies.low_income[:] = r.low_income[mothers]
        return babies

    @staticmethod
    def _band_counts(by_age: npt.NDArray[Any]) -> FloatArray:
        """Residents counted by age (0 to 110), added up by band of :data:`AGE_BANDS`.

        The age rebalancing counts and looks up by age rather than by band: a resident's age
        is a column already, their band would be a new one (eight bytes each) to work out
        and gather from. The counts and the figures looked up are the same either way."""
        out = np.bincount(_BAND_OF_AGE, weights=by_age, minlength=len(AGE_BANDS))
        return out.astype(float, copy=False)  # doubles already: weights make them so

    def _rebalancing_moves(self, rng: np.random.Generator, stays: BoolArray) -> BoolArray:
        """Households that move out, beyond the usual rates, to keep the town's age profile:
        as many residents as a quarter of the excess of the bands above the profile, from
        households picked by how far above it their members' bands are.

        Towns change their age structure slowly (ONS mid-year estimates: a district's age
        bands move by a point or two a decade), while the model's births, deaths and moves
        alone, with fertility below replacement and the same moving rates everywhere, would
        age a young town such as Tower Hamlets by ten points a decade. So moves carry the
        balance, as they do in real places (young districts have the most churn): these
        households leave, and those moving in lean to the bands short of the profile
        (:meth:`_age_need`). A quarter a year: assumed."""
        r = self.res
        if self.age_profile.size == 0:
            return np.zeros(len(r), dtype=bool)
        have = self._band_counts(count_by(r.age, stays, _BAND_OF_AGE.size))
        aim = np.maximum(self.age_profile * float(have.sum()), 1.0)
        over = np.maximum(have - aim, 0.0)
        wanted = 0.25 * float(over.sum())
        size = self.next_hh
        members = count_by(r.hh, stays, size)
        # only residents in bands above the profile add to a household's score (by position)
        above = np.flatnonzero((over > 0).take(_BAND_OF_AGE).take(r.age) & stays)
        excess = (over / aim).take(_BAND_OF_AGE)  # each age's band's excess
        score = np.bincount(
            r.hh.take(above), weights=excess.take(r.age.take(above)), minlength=size
        )
        candidates = np.flatnonzero(score > 0)
        # One draw a year, whether or not anyone moves: a twin's runs then draw alike after it
        keys = rng.random(candidates.size)
        if wanted < 1.0 or candidates.size == 0:
            return np.zeros(len(r), dtype=bool)
        per_home = float(members[candidates].mean())
        count = min(candidates.size, max(1, round(wanted / per_home)))
        weight = score[candidates] / members[candidates]
        np.log(keys, out=keys)
        keys /= weight  # Efraimidis and Spirakis, as top_k_by_weight: the largest keys
        leaving = np.zeros(size, dtype=bool)
        np.negative(keys, out=keys)
        if count < candidates.size:  # the households of the largest keys (a set: any order)
            leaving[candidates[smallest(keys, count)]] = True
        else:
            leaving[candidates] = True
        out: BoolArray = leaving.take(r.hh) & stays
        return out

    def _age_need(
        self, homes: _Homes, sizes: npt.NDArray[np.intp], babies: int, target: int
    ) -> FloatArray:
        """How much each household is wanted among those moving in, for the town to keep its
        age profile (see :meth:`_rebalancing_moves`): the mean over its members of how far
        short of the profile their band is, as a share of the band's aim, plus a little, so
        that any household can come. ``sizes``: how many live in each household."""
        size = self.next_hh
        if self.age_profile.size == 0:
            return np.ones(size)
        have = self._band_counts(np.bincount(homes.age, minlength=_BAND_OF_AGE.size))
        have[0] += babies
        aim = np.maximum(self.age_profile * target, 1.0)
        short = np.maximum(aim - have, 0.0) / aim
        # residents of bands short of the aim
        below = np.flatnonzero((short > 0).take(_BAND_OF_AGE).take(homes.age))
        by_age = short.take(_BAND_OF_AGE)
        weight = np.bincount(
            homes.hh.take(below), weights=by_age.take(homes.age.take(below)), minlength=size
        ).astype(float)
        weight /= np.maximum(sizes, 1)  # big homes no likelier
        out: FloatArray = weight + 0.01
        return out

    def _mix_need(
        self,
        minority: BoolArray,
        hh: npt.NDArray[np.int32],
        sizes: npt.NDArray[np.intp],
        babies: BoolArray,
    ) -> FloatArray:
        """How much each household is wanted among those moving in, for the town to keep its
        ethnic mix: ``exp(k d (m - s))`` (``k``: :data:`MIX_STEERING`), where ``s`` is the
        share of residents of an ethnic minority now, ``d`` how far the town's own share lies
        above it and ``m`` the household's share. Minority residents are younger on average
        (Census 2021), so births alone would raise the share by a few points a decade; moves
        carry the balance, as with age (:meth:`_rebalancing_moves`). Assumed. ``sizes``: how
        many live in each household."""
        size = self.next_hh
        if self.minority_share is None or minority.size == 0:
            return np.ones(size)
        now = (np.count_nonzero(minority) + np.count_nonzero(babies)) / (
            minority.size + babies.size
        )
        members = np.maximum(sizes, 1)
        share = count_by(hh, minority, size) / members
        out: FloatArray = np.exp(MIX_STEERING * (self.minority_share - now) * (share - now))
        return out

    def _incomers(
        self,
        wanted: int,
        rng: np.random.Generator,
        hh_rate: FloatArray,
        homes: _Homes,
        sizes: npt.NDArray[np.intp],
        need: FloatArray,
    ) -> _Incomers:
        """Households moving in: copies of the town's own households, picked with the same
        leaning to young adults as those moving out, and towards the age bands the town is short
        of (``need``, see :meth:`_age_need`), so that moves keep the age structure.
        ``sizes``: how many live in each household now."""
        nobody = _Incomers(np.zeros(0, np.intp), np.zeros(0, np.int32), np.zeros(0, np.float32))
        if wanted <= 0 or homes.hh.size == 0:
            return nobody
        households = np.flatnonzero(sizes > 0)  # a mask: much faster than integers
        rate = np.zeros(self.next_hh)
        rate[: hh_rate.size] = hh_rate
        weight = rate.take(households)
        weight[weight <= 0] = self.params.out_migration_other  # households new this year
        weight *= need.take(households)
        weight = weight / weight.sum()
        # Distinct households, picked until they bring the wanted number of people
        guess = max(1, round(wanted * households.size / homes.hh.size))
        picked = top_by_weight_until(weight, sizes.take(households), wanted, guess, rng)
        chosen = households.take(picked)
        count = chosen.size
        selected = np.zeros(self.next_hh, dtype=bool)
        selected[chosen] = True
        positions = np.flatnonzero(selected.take(homes.hh))
        new_id = np.full(self.next_hh, -1, dtype=np.int32)
        new_id[chosen] = np.arange(self.next_hh, self.next_hh + count, dtype=np.int32)
        self.next_hh += count
        luck = self.earning_power(homes.neigh[positions], rng.standard_normal(positions.size))
        return _Incomers(positions, new_id[homes.hh[positions]], luck)

    def earning_power(self, neigh: npt.NDArray[Any], noise: FloatArray) -> FloatArray:
        """Earning power (``wage_luck``, standard normal across the town) of residents new to
        neighbourhoods ``neigh``, from their own standard normal ``noise``.

        Households sort into neighbourhoods by what they can earn (housing costs and social
        housing do it in every English district), so a resident's earning power leans to their
        neighbourhood's: ``-s z + sqrt(1 - s^2) noise``, where ``z`` is the neighbourhood's
        place in the town's order of deprivation (:meth:`sorting_z`) and ``s`` the town's sorting
        (``income_sorting``, the correlation of the two, solved when the town is generated so
        that the gap in income deprivation between its neighbourhoods starts at the place's
        own). Residents born or moving in draw theirs by the same rule, so that the sorting,
        and the gap, last."""
        s = self.level("income_sorting")
        out: FloatArray = (np.sqrt(1.0 - s * s) * noise).astype(np.float32)
        out -= (s * self.sorting_z()).astype(np.float32).take(neigh)
        return out

    def sorting_z(self) -> FloatArray:
        """Each neighbourhood's place in the town's order of deprivation, as a normal score
        (the normal quantile of its rank): what earning power sorts on (:meth:`earning_power`).
        Ranks, not deprivation itself, so that sorting reaches every part of the town's
        order even where its most deprived neighbourhoods are all alike (as in Knowsley)."""
        n = self.n_neigh
        rank = np.empty(n, dtype=float)
        rank[np.argsort(self.zd_n, kind="stable")] = np.arange(n)
        out: FloatArray = ndtri((rank + 0.5) / max(n, 1))
        if n > 1:
            out /= float(np.std(out))
        return out

    def refresh_neighbourhoods(self) -> None:
        counts = np.bincount(self.res.neigh, minlength=self.n_neigh)
        for n in self.neighbourhoods:
            n.population = int(counts[n.index])

    def _work(self) -> None:
        r, p, rng = self.res, self.params, self.streams["labour"]
        working_age = (r.age >= 16) & (r.age <= 64)
        was_active = r.active.copy()
        idx = np.flatnonzero(working_age)
        fresh = r.age[idx] == 16  # new to the labour market: start from the stationary chance
        u = self.by_resident(rng, idx)
        self._update("active", None, idx, _turnover(p, "active"), u, fresh, clear=working_age)
        # Joining the labour force often means taking a job: newcomers draw from the chance
        idx = np.flatnonzero(r.active)
        fresh = (r.age[idx] == 16) | ~was_active[idx]
        u = self.by_resident(rng, idx)
        self._update("employed", None, idx, _turnover(p, "employed"), u, fresh, clear=r.active)
        employed = r.employed
        # Those who lost their job leave their employer (few: positions, not a mask write)
        r.employer[np.flatnonzero(~employed & (r.employer >= 0))] = -1
        self.assign_employers(np.flatnonzero(employed & (r.employer < 0)), rng)

    def assign_employers(self, hires: npt.NDArray[np.intp], rng: np.random.Generator) -> None:
        r = self.res
        if hires.size == 0 or not self.employers:
            return
        capacity = np.array([e.capacity for e in self.employers], dtype=float)
        staff = np.bincount(r.employer + 1, minlength=len(self.employers) + 1)[1:]  # -1: none
        spare = np.maximum(capacity - staff, 0.0)
        weights = spare if spare.sum() > 0 else capacity
        if weights.sum() <= 0:
            r.employed[hires] = False
            return
        r.employer[hires] = rng.choice(
            len(self.employers), size=hires.size, p=weights / weights.sum()
        )

    def close_employer(self, index: int) -> int:
        """Close an employer now: its staff lose their jobs. Returns how many."""
        employer = self.employers[index]
        employer.close()
        staff = self.res.employer == index
        self.res.employed[staff] = False
        self.res.employer[staff] = -1
        self.last_context = None
        return int(staff.sum())

    def _health(self, ctx: Context) -> None:
        r, p, rng = self.res, self.params, self.streams["health"]
        # The pair of draws for the noise written side by side, the serials hashed once
        golden = golden_serials(r.serial)
        draws = np.empty((2, len(r)), dtype=np.float32)
        for row in draws:
            keyed_uniform(r.serial, self._key(rng), golden=golden, out=row)
        noise = box_muller(draws)
        _toward(r.phys, self.health_target(ctx.zd), p.health_speed, noise[0], p.health_noise)
        mental_noise = self.level("mental_noise")
        _toward(r.ment, self.mental_target(ctx.zd), p.mental_speed, noise[1], mental_noise)

    def _behaviours(self, ctx: Context) -> None:
        r, p, rng = self.res, self.params, self.streams["behaviour"]
        adults = np.flatnonzero(r.age >= 16)  # nobody leaves adulthood, so nothing to clear
        fresh = r.age[adults] == 16  # newly counted as adults: start from the stationary chance
        serials = r.serial.take(adults)
        golden = golden_serials(serials)  # one hash of the serials for every behaviour's draw
        for row in BEHAVIOURS:
            u = keyed_uniform(serials, self._key(rng), golden=golden)
            self._update(row.name, ctx, adults, _turnover(p, row.name), u, fresh)

    def by_resident(
        self, rng: np.random.Generator, positions: npt.NDArray[np.intp] | None = None
    ) -> npt.NDArray[np.float32]:
        """A uniform draw for every resident (or those at ``positions``) tied to the resident
        rather than to their position in the columns (:func:`model.town.rules.keyed_uniform`
        of their serial numbers, with a key drawn from ``rng``): the yearly processes that
        touch most residents (deaths, work, health, behaviours) draw so, and a plan's town
        and doing nothing's, drawing from the same streams in a year, give each resident
        the same numbers however differently deaths and moves have laid out their columns.
        The comparison of the two (a preview, an ensemble's paired difference) is then less
        chance and more the plan; and a twin's residents draw what they draw in the whole
        town."""
        serials = self.res.serial if positions is None else self.res.serial.take(positions)
        return keyed_uniform(serials, self._key(rng))

    @staticmethod
    def _key(rng: np.random.Generator) -> int:
        """A draw's key: one number from the stream, so the stream moves on as with any draw."""
        return int(rng.integers(0, 2**63))

    def _update(
        self,
        process: str,
        ctx: Context | None,
        eligible: npt.NDArray[np.intp],
        turnover: float,
        u: npt.NDArray[np.float32],
        fresh: BoolArray,
        clear: BoolArray | None = None,
    ) -> None:
        """One year of a binary state (see :func:`model.town.rules.settle`) for the
        ``eligible`` residents (``u`` and ``fresh`` are theirs); anyone not in ``clear`` leaves
        the state.

        A resident whose draw ``u`` is at least ``turnover`` keeps their state whatever their
        chance, so chances are worked out only for the others (and the fresh): with a yearly
        turnover of 0.08, that is one resident in twelve.
        """
        column: BoolArray = getattr(self.res, process)
        if clear is not None:
            column &= clear
        pick = np.flatnonzero((u < turnover) | fresh)  # positions: cheaper than a mask, thrice
        movers = eligible.take(pick)
        chance = self.chance(process, ctx, movers)
        state = column.take(movers)
        column[movers] = settle(state, chance, turnover, u.take(pick), fresh.take(pick))

    def _learning(self, ctx: Context) -> int:
        r, p, rng = self.res, self.params, self.streams["learning"]
        adults = np.flatnonzero((r.age >= 19) & (r.age <= 64))
        # A resident learns if u < ceiling * chance; with chance <= 1, only those with
        # u < ceiling can, so the chance is worked out for them alone
        ceiling = p.adult_learning_rate * 2.0
        u = _uniform(rng, adults.size)
        maybe = np.flatnonzero(u < ceiling)
        candidates = adults[maybe]
        learns = u[maybe] < ceiling * self.chance("learning", ctx, candidates)
        learners = np.compress(learns, candidates)
        young = np.flatnonzero((r.age >= 16) & (r.age <= 24))
        starts = _uniform(rng, young.size) < self.chance("apprentice", ctx, young)
        apprentices = np.compress(starts, young)
        studied = _union(len(r), learners, apprentices)
        progress = np.compress(_uniform(rng, studied.size) < p.learning_progression, studied)
        # Pressure on adult education: more adults with few qualifications gain one, until the
        # share with few qualifications is as far below its start as the pressure asks
        if not self.push.on_node("adult_education"):
            r.edu[np.compress(r.edu[progress] < 2, progress)] += 1
            return self._cohort_steps(ctx, rng, apprentices)
        core = (r.age >= 25) & (r.age <= 64)
        n_core = np.count_nonzero(core)
        low_now = np.count_nonzero(core & (r.edu == 0)) / n_core if n_core else 0.0
        wanted = self.level("low_skills_start") - self.gain("adult_skills") * self.push.lever(
            "adult_education", adults
        )
        extra = np.clip((low_now - wanted) / max(low_now, 1e-3) / p.skills_years, 0.0, 0.5)
        low = np.compress((r.edu[adults] == 0) & (_uniform(rng, adults.size) < extra), adults)
        progress = _union(len(r), np.compress(r.edu[progress] < 2, progress), low)
        r.edu[progress] += 1
        return self._cohort_steps(ctx, rng, apprentices)

    def _cohort_steps(
        self, ctx: Context, rng: np.random.Generator, apprentices: npt.NDArray[np.intp]
    ) -> int:
        """Children reaching five and sixteen, and young people reaching nineteen."""
        r = self.res
        five = np.flatnonzero(r.age == 5)
        r.early_ok[five] = _uniform(rng, five.size) < self.chance("early_ok", ctx, five)
        # Disadvantaged at GCSE as the Department for Education counts pupils: in a low-income
        # home in any of the six school years to 16 (eligible for free school meals in the last
        # six years), looked at each year from 10 to 15 (at 16 a household counts its teenager
        # as an adult, which would read most as better off than they grew up)
        first, last = DISADVANTAGE_AGES
        r.disadvantaged |= ctx.low_income_child & (r.age >= first) & (r.age <= last)
        sixteen = np.flatnonzero(r.age == 16)
        chance = self.chance("gcse_ok", ctx, sixteen)
        r.gcse_chance[sixteen] = chance
        r.gcse_ok[sixteen] = _uniform(rng, sixteen.size) < chance
        nineteen = np.flatnonzero(r.age == 19)
        u = _uniform(rng, nineteen.size)
        passed = r.gcse_ok[nineteen]
        degree = passed & (u < self.level("degree_given_gcse"))
        # Passing English and maths is not a Level 2 by itself: a few who pass hold no more
        low = ~passed & (u < self.level("low_skills_without_gcse"))
        low |= passed & (u >= 1.0 - self.level("low_skills_with_gcse"))
        r.edu[nineteen] = np.where(degree, 2, np.where(low, 0, 1)).astype(np.int8)
        return int(apprentices.size)

    def _energy(self, ctx: Context) -> None:
        r, p = self.res, self.params
        target = F(0.04) * ctx.zd
        np.subtract(F(self.level("efficiency")), target, out=target)
        if self.push.on_node("energy_carbon"):
            target += F(self.gain("energy_carbon")) * self.push.lever("energy_carbon")
        np.clip(target, F(0.0), F(1.0), out=target)
        target -= r.home_eff
        target *= F(p.home_efficiency_speed)
        r.home_eff += target

    def _organisations(self) -> None:
        p = self.params
        # Lost jobs are slowly replaced by new and growing businesses
        start = sum(e.start_capacity for e in self.employers)
        now = sum(e.capacity for e in self.employers)
        open_ = [e for e in self.employers if e.open]
        if now < start and open_:
            extra = p.job_recovery * (start - now)
            weight = sum(e.start_capacity for e in open_)
            for e in open_:
                e.capacity += round(extra * e.start_capacity / weight)
        # Schools improve or decline with pressure on children's education, and drift back
        push = float(np.mean(self.push.place("childrens_education")))
        for s in self.schools:
            drift = 0.1 * (s.start_quality - s.quality)
            # min and max, not np.clip: the same for one number, without numpy's call overhead
            s.quality = min(max(s.quality + p.school_improvement * push + drift, 0.0), 1.0)

    # -- reporting --------------------------------------------------------------------------

    def sampled(self, share: float, rng: np.random.Generator) -> TownModel:
        """A twin of this town with about ``share`` of its households: for a quick forecast
        (the game's preview), not for playing on.

        Whole households are drawn, so that homes, incomes and children stay whole, by
        stratified systematic sampling: households are ordered by neighbourhood, then by
        whether anyone in them is in work, whether anyone is of an ethnic minority, whether
        the home is on a low income, and its size (random order within those strata), and
        every ``1 / share``-th is kept from a random start. Each neighbourhood and group is
        so represented in proportion, within one household. What counts people in absolute
        numbers is scaled by ``share`` (employers' jobs, the growth path's start);
        capacities that act as ratios to the start (health services, community groups) need
        no scaling. The twin's random streams are copies of this town's, so the same twin
        under the same inputs lives the same years.
        """
        if not 0.0 < share <= 1.0:
            raise ValueError(f"share must be in (0, 1], got {share}")
        shared = (self.res, self._push, self.framework, self.params)  # read-only, or replaced
        twin: TownModel = copy.deepcopy(self, {id(x): x for x in shared})
        r = self.res
        size = self.next_hh
        minority = count_by(r.hh, r.minority, size) > 0
        low = count_by(r.hh, r.low_income, size) > 0
        working = count_by(r.hh, r.employed, size) > 0
        neigh = np.zeros(size, dtype=np.int64)
        neigh[r.hh] = r.neigh
        members = np.bincount(r.hh, minlength=size)
        homes = np.flatnonzero(members)
        key = (neigh[homes] * 8 + working[homes] * 4 + minority[homes] * 2 + low[homes]) * 8
        key += np.minimum(members[homes], 7)  # and by size, so the twin's headcount is right
        order = homes[np.lexsort((rng.random(homes.size), key))]
        step = 1.0 / share
        picks = np.floor(rng.random() * step + step * np.arange(int(order.size * share) + 1))
        kept = np.zeros(size, dtype=np.bool_)
        kept[order[picks[picks < order.size].astype(np.intp)]] = True
        # Youngest first: a death (mostly among the old) then moves only the later residents
        # along the columns, so that two runs of the twin under different plans keep drawing
        # alike for everyone before it (see ``Game._fresh_streams``)
        chosen = np.flatnonzero(kept[r.hh])
        twin.res = r.take(chosen[np.argsort(r.age[chosen], kind="stable")])
        # The same pressure on the twin's residents (as ``push`` would make it when first read),
        # so that the whole town's residents are not held, and copied with every copy of the twin
        twin._push = self._push.on(twin.res)
        for employer in twin.employers:
            employer.capacity = round(employer.capacity * share)
            employer.start_capacity = round(employer.start_capacity * share)
        twin.start_population = max(1, round(self.start_population * share))
        twin.counts = YearCounts(*(round(v * share) for v in dataclasses.astuple(self.counts)))
        twin.last_context = None
        twin.refresh_neighbourhoods()
        return twin

    def neighbourhood_populations(self) -> FloatArray:
        return np.bincount(self.res.neigh, minlength=self.n_neigh).astype(float)

    def summary(self) -> Mapping[str, int]:
        """Counts of what the town holds."""
        return {
            "residents": len(self.res),
            "households": int(np.count_nonzero(np.bincount(self.res.hh))),
            "neighbourhoods": self.n_neigh,
            "employers": len(self.employers),
            "schools": len(self.schools),
            "community groups": len(self.groups),
            "health services": len(self.health_services),
        }


_AGES = np.arange(111, dtype=np.int16)
_AGES.setflags(write=False)  # a constant
"""Every age a resident can have (the oldest are kept at 110), in the residents' own dtype: for
terms that depend on age alone, worked out once for each age and looked up."""

_BAND_OF_AGE = (
    np.searchsorted(np.array([lo for lo, _ in AGE_BANDS.values()]), np.arange(111), "right") - 1
).astype(np.intp)
"""The band of :data:`AGE_BANDS` of each age from 0 to 110: a lookup is several times cheaper
than a search for every resident."""


def F(value: float) -> np.float32:  # noqa: N802 (a short name: it wraps every constant)
    """A constant in single precision: keeps whole-population arithmetic in float32 (half the
    memory traffic) where double precision buys nothing."""
    return np.float32(value)


def _uniform(rng: np.random.Generator, shape: int | tuple[int, ...]) -> npt.NDArray[np.float32]:
    """Uniform draws in single precision: twice as fast, and ample for chances."""
    return rng.random(shape, dtype=np.float32)


class _Columns:
    """Residents' columns, restricted to a selection on access (each column gathered once:
    a rule's terms often read the same column, and nothing changes a column meanwhile)."""

    def __init__(self, res: Residents, sel: Selection) -> None:
        self._res = res
        self._sel = sel
        self._taken: dict[str, npt.NDArray[Any]] = {}

    def __getattr__(self, name: str) -> npt.NDArray[Any]:
        column: npt.NDArray[Any] = getattr(self._res, name)
        if self._sel is None:
            return column
        taken = self._taken.get(name)
        if taken is None:
            taken = self._taken[name] = column.take(self._sel)
        return taken


def _sum_into(first: FloatArray, *terms: Any) -> FloatArray:
    """``first + terms[0] + terms[1] + ...``, added left to right into ``first``, which must be
    a new array of the caller's: the written-out sum, bit for bit, without a temporary array
    for each partial sum."""
    for term in terms:
        first += term
    return first


def _toward(
    value: FloatArray, target: FloatArray, speed: float, noise: FloatArray, spread: float
) -> None:
    """Move ``value`` (in place, within 0 to 1) a share ``speed`` of the way to ``target``,
    plus ``spread`` times ``noise``; ``target`` and ``noise`` are the caller's to overwrite."""
    target -= value
    target *= F(speed)
    target += value
    noise *= F(spread)
    target += noise
    np.clip(target, 0.0, 1.0, out=value)


def _pick(mask: BoolArray, yes: float, no: float) -> npt.NDArray[np.float32]:
    """``np.where(mask, yes, no)`` for two constants, by looking them up: np.where branches on
    every element and is several times slower on an irregular mask."""
    return np.array([no, yes], dtype=np.float32).take(mask.view(np.int8))


def _turnover(params: Parameters, name: str) -> float:
    """A state's yearly turnover (see :class:`model.town.processes.Process`)."""
    value: float = getattr(params, process(name).turnover or "")
    return value


def _needs(ctx: Context | None, process: str) -> Context:
    """The context a rule reads households or incomes from (the labour market rules, run
    before incomes are known, read neither)."""
    if ctx is None:
        raise ValueError(f"the rule for '{process}' needs this year's context")
    return ctx


def _union(n: int, *positions: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """The sorted, distinct positions (out of ``n``) found in any of ``positions``: a mask
    of the town is cheaper than sorting them all together (``np.union1d``)."""
    mask = np.zeros(n, dtype=bool)
    for pos in positions:
        mask[pos] = True
    return np.flatnonzero(mask)


@dataclass
class _Homes:
    """Who lives where, for the residents who stay this year (already a year older): the few
    columns that household life reads or changes during the demography step."""

    age: npt.NDArray[np.int16]
    hh: npt.NDArray[np.int32]
    female: BoolArray
    neigh: npt.NDArray[np.int16]


class _Incomers(NamedTuple):
    """Households moving in, as copies of staying residents: their positions among the
    stayers, their new household ids and their own pay luck."""

    positions: npt.NDArray[np.intp]
    hh: npt.NDArray[np.int32]
    wage_luck: npt.NDArray[np.float32]


def _assemble(
    old: Residents, keep: npt.NDArray[np.intp], homes: _Homes, babies: Residents, inc: _Incomers
) -> Residents:
    """The town after the demography step, in one copy of each column: the residents who
    stay (``keep``, with the ages and homes of ``homes``), the babies, then the incomers
    (copies of stayers, with homes of their own and an earning power drawn by the sorting rule
    where they settle: :meth:`TownModel.earning_power`)."""
    n_stay, n_born = keep.size, len(babies)
    source = keep[inc.positions]
    changed: dict[str, npt.NDArray[Any]] = {"age": homes.age, "hh": homes.hh}
    columns: dict[str, npt.NDArray[Any]] = {}
    for name, dtype in COLUMNS.items():
        out = np.empty(n_stay + n_born + inc.positions.size, dtype=dtype)
        # mode="wrap": unbuffered, and the positions are valid, so it never wraps
        if name in changed:
            out[:n_stay] = changed[name]
            np.take(changed[name], inc.positions, out=out[n_stay + n_born :], mode="wrap")
        else:
            column: npt.NDArray[Any] = getattr(old, name)
            np.take(column, keep, out=out[:n_stay], mode="wrap")
            np.take(column, source, out=out[n_stay + n_born :], mode="wrap")
        out[n_stay : n_stay + n_born] = getattr(babies, name)
        columns[name] = out
    town = Residents(**columns)
    incomers = slice(n_stay + n_born, None)
    town.hh[incomers] = inc.hh
    town.wage_luck[incomers] = inc.wage_luck
    return town
