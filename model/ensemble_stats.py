"""What many runs say together: percentiles by year, paired differences, and whether a
difference is beyond chance (pure: numbers in, numbers and sentences out).

A *paired* difference is taken run by run between two series that share a seed (a plan and its
baseline, or two plans), so that what the seed did to both falls out. A difference is called
**beyond chance** when its 80% interval (the 10th to the 90th percentile of the paired
differences over the runs) excludes zero: in at least nine runs in ten of such a batch the
sign is the same. With few runs the percentiles are rough: ``thrive ensemble`` asks for at
least 5 and reports how many it used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from model.batch import RunResult
from model.framework import Framework

__all__ = [
    "PERCENTILES",
    "Band",
    "Verdict",
    "band",
    "by_key",
    "decimals",
    "element_names",
    "matrix",
    "paired",
    "sentence",
    "summary_rows",
    "verdict",
]

PERCENTILES = (10, 50, 90)
"""The percentiles reported: the median and the 80% interval."""


@dataclass(frozen=True)
class Band:
    """Percentiles of a series over runs, year by year (arrays of years + 1)."""

    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray


@dataclass(frozen=True)
class Verdict:
    """A difference at one year: its median and 80% interval, and whether it is beyond
    chance (the interval excludes zero)."""

    median: float
    low: float
    high: float

    @property
    def beyond_chance(self) -> bool:
        return self.low > 0 or self.high < 0

    @property
    def direction(self) -> int:
        """+1 above, -1 below, 0 within chance."""
        if not self.beyond_chance:
            return 0
        return 1 if self.median > 0 else -1


def matrix(results: Sequence[RunResult], key: str, branch: str = "plan") -> np.ndarray:
    """One row a run, one column a year, of series ``key`` of ``branch`` (plan or baseline)."""
    return np.array([getattr(r, branch)[key] for r in results], dtype=float)


def band(values: np.ndarray) -> Band:
    """Percentiles over runs (rows) for every year (columns)."""
    p10, p50, p90 = np.percentile(values, PERCENTILES, axis=0)
    return Band(p10, p50, p90)


def paired(a: Sequence[RunResult], b: Sequence[RunResult], key: str) -> np.ndarray:
    """Run by run, plan ``a`` minus plan ``b`` (paired by seed; raises if the seeds differ)."""
    seeds_a, seeds_b = [r.seed for r in a], [r.seed for r in b]
    if seeds_a != seeds_b:
        raise ValueError("paired differences need the same seeds in the same order")
    difference: np.ndarray = matrix(a, key) - matrix(b, key)
    return difference


def verdict(differences: np.ndarray, year: int = -1) -> Verdict:
    """The verdict on paired differences (runs x years) at ``year`` (default: the last).

    >>> v = verdict(np.array([[0.0, 0.2], [0.0, 0.3], [0.0, 0.1], [0.0, 0.25]]))
    >>> round(v.median, 3), v.beyond_chance
    (0.225, True)
    >>> verdict(np.array([[0.0, -0.2], [0.0, 0.3], [0.0, 0.1]])).beyond_chance
    False
    """
    column = differences[:, year]
    low, median, high = np.percentile(column, PERCENTILES)
    return Verdict(float(median), float(low), float(high))


def summary_rows(
    results: Sequence[RunResult], keys: Sequence[str]
) -> list[dict[str, float | int | str]]:
    """The rows of ``summary.csv``: for every year and series, the 10th, 50th and 90th
    percentiles of the plan, the baseline and their paired difference."""
    rows: list[dict[str, float | int | str]] = []
    bands: dict[str, tuple[Band, Band, Band]] = {}
    for key in keys:
        plan, base = matrix(results, key), matrix(results, key, "baseline")
        bands[key] = (band(plan), band(base), band(plan - base))
    years = results[0].years
    for year in range(years + 1):
        for key in keys:
            row: dict[str, float | int | str] = {"year": year, "score": key}
            for name, b in zip(("plan", "baseline", "difference"), bands[key], strict=True):
                for p in PERCENTILES:
                    row[f"{name}_p{p}"] = round(float(getattr(b, f"p{p}")[year]), 4)
            rows.append(row)
    return rows


def element_names(framework: Framework) -> dict[str, str]:
    """Series key -> a name for people, for the headline elements and domains (the ones a
    report speaks about), in the framework's order."""
    fw = framework
    names = {f"score:{h}": n for h, n in zip(fw.headline_ids, fw.headline_names, strict=True)}
    for d, n in zip(fw.domain_ids, fw.domain_names, strict=True):
        names.setdefault(f"score:{d}", n)
    return names


def sentence(what: str, against: str, v: Verdict, years: int) -> str:
    """One sentence on a difference, e.g. "Equality: 0.21 points higher than doing nothing
    after 6 years (80% interval +0.05 to +0.38): beyond chance."

    >>> sentence("Equality", "doing nothing", Verdict(0.2, 0.05, 0.38), 6)[:60]
    'Equality: 0.20 points higher than doing nothing after 6 year'
    >>> sentence("Equality", "plan A", Verdict(-0.02, -0.1, 0.05), 6)[-59:]
    '-0.10 to +0.05): within chance, the interval includes zero.'
    >>> sentence("Energy & Carbon", "plan A", Verdict(-0.0078, -0.0094, -0.0061), 6)[17:]
    '0.008 points lower than plan A after 6 years (80% interval -0.009 to -0.006): beyond chance.'
    """
    side = "higher" if v.median >= 0 else "lower"
    places = decimals(v.low, v.high)
    head = (
        f"{what}: {abs(v.median):.{places}f} points {side} than {against} after {years} years "
        f"(80% interval {v.low:+.{places}f} to {v.high:+.{places}f})"
    )
    if v.beyond_chance:
        return head + ": beyond chance."
    return head + ": within chance, the interval includes zero."


def decimals(low: float, high: float) -> int:
    """How many decimals an interval's figures are shown to: two, or as many more (up to
    four) as it takes for a nonzero bound not to read as 0.00 and for two different bounds not
    to read alike (so "-0.003", beyond chance, never reads as "-0.00", nor -0.0094 to -0.0061
    as "-0.01 to -0.01").

    >>> decimals(0.05, 0.213), decimals(-0.003, 0.2), decimals(0.0, 0.0), decimals(-0.0094, -0.0061)
    (2, 3, 2, 3)
    """

    def unclear(places: int) -> bool:
        hidden = any(x != 0 and round(x, places) == 0 for x in (low, high))
        return hidden or (low != high and round(low, places) == round(high, places))

    places = 2
    while places < 4 and unclear(places):
        places += 1
    return places


def by_key(results: Sequence[RunResult]) -> Mapping[str, list[RunResult]]:
    """Results grouped by label, each group in run order."""
    out: dict[str, list[RunResult]] = {}
    for r in sorted(results, key=lambda r: (r.label, r.run)):
        out.setdefault(r.label, []).append(r)
    return out
