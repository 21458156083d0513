"""Indicators measured on the town's residents and organisations, in the framework's units.

Each people-measured indicator of ``framework.yaml`` has one entry in :data:`MEASURES`: the
share in a state for each resident process with an indicator (from the table of
:mod:`model.town.processes`), and a rule of its own for the others. Most are plain
shares or medians of resident attributes; three are mapped onto an index the data sources use
(health deprivation, adult skills: see :data:`MAPPED`), and life expectancy comes from a
period life table of the residents' own death chances.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from model.town.model import Context, TownModel
from model.town.processes import POPULATIONS, PROCESSES, Process
from model.town.rules import MAX_AGE, count_by, life_expectancy, median, slope_index

__all__ = [
    "A8_POINTS_PER_PASS_POINT",
    "MAPPED",
    "PEOPLE_INDICATORS",
    "TableCells",
    "fifths_gap",
    "income_ratio",
    "life_tables",
    "mapped_rate",
    "measure_one",
    "measure_people",
    "pay_gap",
    "table_cells",
    "table_figures",
]

FloatArray = npt.NDArray[np.floating[Any]]

MAPPED: dict[str, tuple[float, float, str]] = {
    "health_deprivation": (
        0.18,
        0.035,
        "share of residents whose illness or disability limits daily life; England about 18% "
        "(Census 2011: 17.6%), spread across districts assumed 3.5 points",
    ),
    "adult_skills": (
        0.24,
        0.06,
        "share of 25-64 year olds qualified to Level 1 or below; England about 24% (Annual "
        "Population Survey 2019), spread across districts assumed 6 points",
    ),
}
"""Indicators reported on an index scale: (England rate, spread of the rate, what the rate is).
The index value is placed as many of its spreads from its England mean as the rate is from
its England rate: a documented assumption of a linear relation."""


def mapped_value(indicator: str, rate: float, mean: float, sd: float) -> float:
    """The index value of a mapped indicator for a resident rate (see :data:`MAPPED`)."""
    ref_rate, rate_sd, _ = MAPPED[indicator]
    return mean + (rate - ref_rate) / rate_sd * sd


def mapped_rate(indicator: str, value: float, mean: float, sd: float) -> float:
    """The resident rate that gives an index value: the inverse of :func:`mapped_value`."""
    ref_rate, rate_sd, _ = MAPPED[indicator]
    return ref_rate + (value - mean) / sd * rate_sd


@dataclass(frozen=True)
class TableCells:
    """Each resident's cell of the life table (neighbourhood, age, good health or not) and
    the count in each cell: the part of :func:`life_tables` that depends on who lives where,
    at what age and in what health, and not on their death chances."""

    cell: npt.NDArray[np.intp]
    counts: npt.NDArray[np.intp]


def table_cells(town: TownModel) -> TableCells:
    """The residents' cells of the life table now (see :class:`TableCells`)."""
    r = town.res
    n_ages = MAX_AGE + 1
    cell = r.neigh.astype(np.intp)
    cell *= n_ages
    cell += np.minimum(r.age, MAX_AGE)
    cell *= 2
    cell += r.phys >= town.level("good_health_line")
    counts = np.bincount(cell, minlength=2 * town.n_neigh * n_ages)
    return TableCells(cell, counts.reshape(town.n_neigh, n_ages, 2))


def life_tables(
    town: TownModel, cells: TableCells | None = None, q: FloatArray | None = None
) -> tuple[float, float, float]:
    """Life expectancy, healthy life expectancy and the slope index of inequality in it.

    Residents, deaths expected and good health are counted in one table by neighbourhood, age
    and health (good or not): one count and one sum over the town. The town's figures are the
    table's sums over neighbourhoods. ``cells`` (the residents' cells, if they are known to be
    as they are now) and ``q`` (their death chances, likewise) save working them out again:
    calibration tries many death chances on the same residents, and many good-health lines on
    the same death chances."""
    if cells is None:
        cells = table_cells(town)
    if q is None:
        q = town.death_chance()
    counts = cells.counts
    q_sum = np.bincount(cells.cell, weights=q, minlength=counts.size).reshape(counts.shape)
    return table_figures(
        town, counts.sum(axis=2).astype(float), counts[:, :, 1].sum(axis=0), q_sum.sum(axis=2)
    )


def table_figures(
    town: TownModel, count_n: FloatArray, good: npt.NDArray[Any], q_sum: FloatArray
) -> tuple[float, float, float]:
    """:func:`life_tables`' figures from the table's sums: residents by neighbourhood and age
    (``count_n``), those in good health by age (``good``), and their death chances summed by
    neighbourhood and age (``q_sum``)."""
    # Town
    count = count_n.sum(axis=0)
    q_age = _fill(q_sum.sum(axis=0), count, town)
    le, hle = life_expectancy(q_age, _smooth(good, count))
    # Neighbourhoods, for the gap: the town's death chances by age times each neighbourhood's
    # standardised mortality ratio, its deaths expected at the town's chances (indirect
    # standardisation, as ONS and OHID do for small areas). A neighbourhood of a few hundred
    # residents has nobody at most old ages: reading its own chances where it had residents and
    # the town's where it had none pulled its life expectancy toward the town's, more so where
    # fewer live to old age (the deprived), so the gap shrank as a small town's neighbourhoods
    # aged apart (Wigan at 5,000 residents: 8.8 to 5.9 years in 30 quiet years) and a place's
    # solved mortality gradient depended on how many residents were modelled
    expected = count_n @ q_age
    smr = np.divide(q_sum.sum(axis=1), expected, out=np.ones_like(expected), where=expected > 0)
    le_n, _ = life_expectancy(np.minimum(q_age[np.newaxis, :] * smr[:, np.newaxis], 1.0))
    gap = slope_index(le_n, count_n.sum(axis=1), town.zd_n)
    return float(le), float(hle), float(gap)


def _fill(q_sum: FloatArray, count: FloatArray, town: TownModel) -> FloatArray:
    """Mean death chance by age; ages nobody has reached are extrapolated (Gompertz)."""
    q = np.where(count > 0, q_sum / np.maximum(count, 1.0), np.nan)
    last = int(np.flatnonzero(~np.isnan(q)).max())
    ages = np.arange(q.size)
    tail = q[last] * np.exp(town.params.gompertz_slope * (ages - last))
    q = np.where(np.isnan(q) & (ages > last), tail, q)
    out: FloatArray = np.clip(np.nan_to_num(q, nan=float(np.nanmean(q))), 0.0, 1.0)
    return out


def _smooth(total: FloatArray, count: FloatArray, width: int = 5) -> FloatArray:
    """Share by age pooled over ``width``-year windows (single years are too few people)."""
    kernel = np.ones(width)
    t = np.convolve(total, kernel, mode="same")
    c = np.convolve(count, kernel, mode="same")
    share = np.where(c > 0, t / np.maximum(c, 1.0), np.nan)
    idx = np.arange(share.size)
    valid = ~np.isnan(share)
    return np.interp(idx, idx[valid], share[valid])


def _rate(mask: npt.NDArray[np.bool_]) -> float:
    """The share of residents in ``mask`` (0 to 1): counting is far cheaper than a mean."""
    return np.count_nonzero(mask) / mask.size if mask.size else float("nan")


def _share(mask: npt.NDArray[np.bool_], among: npt.NDArray[np.bool_]) -> float:
    n = np.count_nonzero(among)
    return float(np.count_nonzero(mask & among)) / n * 100.0 if n else float("nan")


def _mean(values: npt.NDArray[np.float32], among: npt.NDArray[np.bool_]) -> float:
    n = np.count_nonzero(among)
    return float(np.compress(among, values).mean()) * 100.0 if n else float("nan")


class _Look:
    """The town as its measures look at it: what several measures share (the year's context,
    life tables, who is in work) is worked out once, when first asked for."""

    def __init__(self, town: TownModel, ctx: Context | None) -> None:
        self.town = town
        self.r = town.res
        self.p = town.params
        self.given_ctx = ctx
        self._among: dict[str, npt.NDArray[np.bool_]] = {}

    @cached_property
    def ctx(self) -> Context:
        return self.town.context() if self.given_ctx is None else self.given_ctx

    @cached_property
    def life(self) -> tuple[float, float, float]:
        return life_tables(self.town)

    def among(self, population: str) -> npt.NDArray[np.bool_]:
        """Who a population is (worked out once: most shares are among working-age residents
        or adults). Read only: the measures combine it into new arrays, never change it."""
        mask = self._among.get(population)
        if mask is None:
            mask = self._among[population] = POPULATIONS[population](self.r)
        return mask

    @cached_property
    def working(self) -> npt.NDArray[np.intp]:
        return np.flatnonzero(self.r.employed)

    @cached_property
    def hourly(self) -> FloatArray:
        """Hourly pay of those in work."""
        return self.ctx.hourly_pay.take(self.working)

    @cached_property
    def gas(self) -> tuple[float, float]:
        return gas_use(self.town, self.ctx.hh_size)

    def mapped(self, indicator: str, rate: float) -> float:
        ref = self.town.framework.indicators[self.town.framework.indicator_index[indicator]]
        return mapped_value(indicator, rate, ref.reference.mean, ref.reference.sd)


def _low_skills(v: _Look) -> float:
    r = v.r
    skills_age = (r.age >= 25) & (r.age <= 64)
    n = np.count_nonzero(skills_age)
    return np.count_nonzero(skills_age & (r.edu == 0)) / n if n else float("nan")


def _low_pay(v: _Look) -> float:
    hourly = v.hourly
    low_paid = np.count_nonzero(hourly < v.p.low_pay_threshold)
    return low_paid / hourly.size * 100.0 if hourly.size else 0.0


def _gender_pay_gap(v: _Look) -> float:
    return pay_gap(v.hourly, v.r.female.take(v.working))


A8_POINTS_PER_PASS_POINT = 13.6 / 27.1
"""Attainment 8 points per point of gap in the chance of a GCSE English and maths pass: England
2018/19, disadvantaged pupils trailed others by 13.6 Attainment 8 points (36.7 against 50.3)
and by 27.1 points in grade 4+ English and maths (44.7% against 71.8%), DfE Key stage 4
performance. A first measure until the model side gives pupils an Attainment 8 score."""


def _attainment_gap(v: _Look) -> float:
    # The gap in pupils' chances at 16, not in a few hundred exam results: the conditions a
    # town gives its children, unmoved by one year's luck in the exam hall
    r, recent = v.r, v.among("age_19_24")
    gap = _mean(r.gcse_chance, recent & ~r.disadvantaged) - _mean(
        r.gcse_chance, recent & r.disadvantaged
    )
    return gap * A8_POINTS_PER_PASS_POINT


def fifths_gap(rate: FloatArray, pop: FloatArray) -> float:
    """Population-weighted mean rate of the worst fifth of residents' neighbourhoods minus that
    of the best fifth (neighbourhoods sorted by rate; the one on the boundary counted in part):
    how scenarios/data/stage_neighbourhoods.py measures a district's LSOAs.

    >>> fifths_gap(np.array([0.1, 0.2, 0.3, 0.4, 0.5]), np.ones(5))
    0.4
    """
    order = np.argsort(-rate, kind="stable")
    r, w = rate[order], pop[order].astype(float)

    def top(r: FloatArray, w: FloatArray) -> float:
        before = np.concatenate([[0.0], np.cumsum(w)[:-1]])
        inside = np.clip(0.2 * w.sum() - before, 0.0, w)
        return float((r * inside).sum() / max(inside.sum(), 1e-12))

    return round(top(r, w) - top(r[::-1], w[::-1]), 12)


def _income_deprivation_gap(v: _Look) -> float:
    # Income deprivation by neighbourhood, as the Indices of Deprivation count it per LSOA
    neigh, n = v.r.neigh, v.town.n_neigh
    pop = np.bincount(neigh, minlength=n).astype(float)
    low = count_by(neigh, v.ctx.low_income_adult, n)  # counted, not summed as weights: the same
    rate = np.where(pop > 0, low / np.maximum(pop, 1.0), 0.0)
    return 100.0 * fifths_gap(rate, pop)


def _ethnic_employment_gap(v: _Look) -> float:
    r, wa = v.r, v.among("working_age")
    return _share(r.employed, wa & ~r.minority) - _share(r.employed, wa & r.minority)


def _good_schools(v: _Look) -> float:
    quality = np.array([s.quality for s in v.town.schools])
    return float(np.mean(quality > 0.5) * 100.0) if quality.size else float("nan")


def _share_in(row: Process) -> Callable[[_Look], float]:
    """The measure of a resident process's indicator: the share of its population in the
    state."""
    return lambda v: _share(getattr(v.r, row.name), v.among(row.among))


MEASURES: dict[str, Callable[[_Look], float]] = {
    "healthy_life_expectancy": lambda v: v.life[1],
    "life_expectancy_at_birth": lambda v: v.life[0],
    "life_expectancy_gap": lambda v: v.life[2],
    "health_deprivation": lambda v: v.mapped(
        "health_deprivation", _rate(v.r.phys < v.p.poor_health_line)
    ),
    "depression": lambda v: _share(v.r.ment < v.p.depression_line, v.among("adults")),
    "anxiety": lambda v: float(
        np.mean(v.p.anxiety_scale * (1.0 - np.compress(v.among("over16"), v.r.ment)))
    ),
    "adult_skills": lambda v: v.mapped("adult_skills", _low_skills(v)),
    "apprenticeship_starts": lambda v: v.town.counts.apprenticeships / max(len(v.r), 1) * 1000.0,
    "good_schools": _good_schools,
    "unemployment_rate": lambda v: _share(~v.r.employed, v.r.active & v.among("over16")),
    "median_weekly_pay": lambda v: median(v.ctx.weekly_pay.take(v.working)),
    "low_pay": _low_pay,
    "income_deprivation": lambda v: _rate(v.ctx.low_income_adult),
    "child_poverty": lambda v: _share(v.ctx.low_income_child, v.r.age <= 15),
    "income_deprivation_gap": _income_deprivation_gap,
    "gender_pay_gap": _gender_pay_gap,
    "attainment_gap": _attainment_gap,
    "ethnic_employment_gap": _ethnic_employment_gap,
    "domestic_gas_use": lambda v: v.gas[0],
    "co2_per_head": lambda v: co2_per_head(v.town, v.gas[1]),
} | {row.indicator: _share_in(row) for row in PROCESSES if row.indicator is not None}
"""How each people-measured indicator is measured, by id: those of resident processes as the
share in the state (see :mod:`model.town.processes`), the others by their own rule."""

PEOPLE_INDICATORS: tuple[str, ...] = tuple(MEASURES)
"""Every indicator this module measures (a test checks these are the people nodes' ones)."""


def measure_people(town: TownModel, ctx: Context | None = None) -> dict[str, float]:
    """Every people-measured indicator of the town now, in the framework's units."""
    look = _Look(town, ctx)
    return {indicator: measure(look) for indicator, measure in MEASURES.items()}


def measure_one(town: TownModel, indicator: str, ctx: Context | None = None) -> float:
    """One people-measured indicator of the town now (``ctx``: the town's context now, if it
    is at hand), without working out the others."""
    return MEASURES[indicator](_Look(town, ctx))


def income_ratio(equivalised: FloatArray) -> float:
    """Mean equivalised income of the top fifth of residents over that of the bottom fifth.

    >>> income_ratio(np.array([1.0, 2.0, 3.0, 4.0, 10.0]))
    10.0
    """
    eq = equivalised
    fifth = max(len(eq) // 5, 1)
    if len(eq) > 2 * fifth:
        # Two partitions at one position each: far faster than one at two (see median)
        bottom = np.partition(eq, fifth)[:fifth].mean()
        top = np.partition(eq, len(eq) - fifth)[len(eq) - fifth :].mean()
    else:
        top = bottom = float(eq.mean())
    return float(top / max(bottom, 1.0))


def gas_use(town: TownModel, hh_size: npt.NDArray[np.int32]) -> tuple[float, float]:
    """Mean and total yearly gas use (kWh) of the town's homes, from their efficiency.

    Members share one home (and its efficiency), so each resident carries ``1 / size`` of
    their home: the sums over residents are sums over homes, without grouping by household.
    """
    r, p = town.res, town.params
    share = np.maximum(hh_size, 1).astype(float)
    np.reciprocal(share, out=share)
    homes = float(share.sum())
    gas = r.home_eff.astype(float)
    np.subtract(1.0, gas, out=gas)
    gas *= p.gas_per_inefficiency
    gas += p.gas_base
    total = float(np.einsum("i,i->", share, gas))
    return total / max(homes, 1e-9), total


def co2_per_head(town: TownModel, gas_total: float) -> float:
    """Tonnes of CO2 a resident: home gas, driving (rule active_travel_cuts_car_carbon), other."""
    r, p = town.res, town.params
    drivers = np.count_nonzero((r.age >= 17) & ~r.active_travel)
    domestic = gas_total * p.gas_co2_per_kwh
    transport = drivers * p.car_commute_co2
    return (domestic + transport) / max(len(r), 1) + town.level("co2_other")


def pay_gap(hourly: FloatArray, women: npt.NDArray[np.bool_]) -> float:
    """The gender pay gap (percent of men's median hourly pay) among these hourly pays, ``women``
    saying whose are women's (not a number where either group is empty): the measure, and
    generation's check of its fit."""
    # np.compress, not hourly[women]: boolean indexing is several times slower
    men, theirs = np.compress(~women, hourly), np.compress(women, hourly)
    if men.size == 0 or theirs.size == 0:
        return float("nan")
    m = median(men)
    return (m - median(theirs)) / m * 100.0
