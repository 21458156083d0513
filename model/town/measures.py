"""Indicators measured on the town's residents and organisations, in the framework's units.

Each people-measured indicator of ``framework.yaml`` has one function here. Most are plain
shares or medians of resident attributes; three are mapped onto an index the data sources use
(health deprivation, adult skills: see :data:`MAPPED`), and life expectancy comes from a
period life table of the residents' own death chances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from model.town.model import Context, TownModel
from model.town.rules import MAX_AGE, life_expectancy, median, slope_index

__all__ = [
    "MAPPED",
    "PEOPLE_INDICATORS",
    "TableCells",
    "income_ratio",
    "life_tables",
    "mapped_rate",
    "measure_people",
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
    # Neighbourhoods, for the gap
    q_n = np.where(count_n > 0, q_sum / np.maximum(count_n, 1.0), np.nan)
    q_n = np.where(np.isnan(q_n), q_age[np.newaxis, :], q_n)
    le_n, _ = life_expectancy(q_n)
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


def measure_people(town: TownModel, ctx: Context | None = None) -> dict[str, float]:
    """Every people-measured indicator of the town now, in the framework's units."""
    c = town.context() if ctx is None else ctx
    r, p = town.res, town.params
    fw = town.framework
    age = r.age
    adult = age >= 18
    over16 = age >= 16
    wa = (age >= 16) & (age <= 64)
    out: dict[str, float] = {}
    le, hle, gap = life_tables(town)
    out["healthy_life_expectancy"] = hle
    out["life_expectancy_at_birth"] = le
    out["life_expectancy_gap"] = gap
    ref = {i.id: i.reference for i in fw.indicators}
    poor = _rate(r.phys < p.poor_health_line)
    hd = ref["health_deprivation"]
    out["health_deprivation"] = mapped_value("health_deprivation", poor, hd.mean, hd.sd)
    out["smoking"] = _share(r.smoker, adult)
    out["overweight_adults"] = _share(r.overweight, adult)
    out["physical_activity"] = _share(r.active_pa, adult)
    out["depression"] = _share(r.ment < p.depression_line, adult)
    out["anxiety"] = float(np.mean(p.anxiety_scale * (1.0 - np.compress(over16, r.ment))))
    skills_age = (age >= 25) & (age <= 64)
    n_skills = np.count_nonzero(skills_age)
    low_edu = np.count_nonzero(skills_age & (r.edu == 0))
    low_skills = low_edu / n_skills if n_skills else float("nan")
    sk = ref["adult_skills"]
    out["adult_skills"] = mapped_value("adult_skills", low_skills, sk.mean, sk.sd)
    out["apprenticeship_starts"] = town.counts.apprenticeships / max(len(r), 1) * 1000.0
    recent = (age >= 19) & (age <= 24)
    out["gcse_english_maths"] = _share(r.gcse_ok, recent)
    out["early_years"] = _share(r.early_ok, (age >= 5) & (age <= 7))
    quality = np.array([s.quality for s in town.schools])
    out["good_schools"] = float(np.mean(quality > 0.5) * 100.0) if quality.size else float("nan")
    out["employment_rate"] = _share(r.employed, wa)
    out["unemployment_rate"] = _share(~r.employed, r.active & over16)
    working = np.flatnonzero(r.employed)
    pay = c.weekly_pay.take(working)
    out["median_weekly_pay"] = median(pay)
    hourly = c.hourly_pay.take(working)
    low_paid = np.count_nonzero(hourly < p.low_pay_threshold)
    out["low_pay"] = low_paid / hourly.size * 100.0 if hourly.size else 0.0
    out["income_deprivation"] = _rate(c.low_income_adult)
    out["child_poverty"] = _share(c.low_income_child, age <= 15)
    out["volunteering"] = _share(r.volunteer, over16)
    out["voter_turnout"] = _share(r.voter, adult)
    out["belonging"] = _share(r.belongs, over16)
    out["loneliness"] = _share(r.lonely, over16)
    out["income_ratio"] = income_ratio(c.equivalised)
    women = r.female.take(working)
    # np.compress, not hourly[women]: boolean indexing is several times slower
    out["gender_pay_gap"] = _pay_gap(np.compress(~women, hourly), np.compress(women, hourly))
    # The gap in pupils' chances at 16, not in a few hundred exam results: the conditions a
    # town gives its children, unmoved by one year's luck in the exam hall
    out["attainment_gap"] = _mean(r.gcse_chance, recent & ~r.low_income_at_16) - _mean(
        r.gcse_chance, recent & r.low_income_at_16
    )
    out["ethnic_employment_gap"] = _share(r.employed, wa & ~r.minority) - _share(
        r.employed, wa & r.minority
    )
    gas_mean, gas_total = gas_use(town, c.hh_size)
    out["domestic_gas_use"] = gas_mean
    out["co2_per_head"] = co2_per_head(town, gas_total)
    out["active_travel"] = _share(r.active_travel, adult)
    out["nature_visits"] = _share(r.nature, adult)
    return out


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


def _pay_gap(men: FloatArray, women: FloatArray) -> float:
    if men.size == 0 or women.size == 0:
        return float("nan")
    m = median(men)
    return (m - median(women)) / m * 100.0


PEOPLE_INDICATORS: tuple[str, ...] = (
    "healthy_life_expectancy",
    "life_expectancy_at_birth",
    "life_expectancy_gap",
    "health_deprivation",
    "smoking",
    "overweight_adults",
    "physical_activity",
    "depression",
    "anxiety",
    "adult_skills",
    "apprenticeship_starts",
    "gcse_english_maths",
    "early_years",
    "good_schools",
    "employment_rate",
    "unemployment_rate",
    "median_weekly_pay",
    "low_pay",
    "income_deprivation",
    "child_poverty",
    "volunteering",
    "voter_turnout",
    "belonging",
    "loneliness",
    "income_ratio",
    "gender_pay_gap",
    "attainment_gap",
    "ethnic_employment_gap",
    "domestic_gas_use",
    "co2_per_head",
    "active_travel",
    "nature_visits",
)
"""Every indicator this module measures (a test checks these are the people nodes' ones)."""
