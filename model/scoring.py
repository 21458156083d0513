"""Scoring as the Thriving Places Index does it: 0 to 10, 5 = the England average.

Each indicator is standardised against its England reference (mean and spread across local
authorities), its sign flipped where lower is better, and mapped to a score::

    z     = direction * (value - mean) / sd
    score = clamp(5 + points_per_sd * z, 0, 10)

Sub-domain (node) scores are plain means of their indicators' scores, domain scores plain means
of their nodes, headline scores plain means of their domains. The TPI itself publishes neither
its exact transform nor its scale constant; ``points_per_sd`` lives in ``framework.yaml`` with
the reasoning for its value. Unlike the real index, the reference stays fixed over simulated
time, so that a town's score can be followed from year to year.

All functions accept a single set of values (1-D) or a stack of them (2-D, one row per year),
and are vectorised. Missing values (NaN) are left out of the means.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from model.framework import Band, Framework

__all__ = [
    "MAX_SCORE",
    "MIDPOINT",
    "MIN_SCORE",
    "Scorecard",
    "band_of",
    "group_means",
    "indicator_scores",
    "indicator_values_for_scores",
    "score_value",
    "scorecard",
    "scorecard_from_nodes",
]

FloatArray = npt.NDArray[np.float64]

MIN_SCORE = 0.0
MAX_SCORE = 10.0
MIDPOINT = 5.0


def score_value(
    value: float, mean: float, sd: float, higher_is_better: bool, points_per_sd: float
) -> float:
    """Score one indicator value.

    >>> score_value(75.0, 75.0, 4.0, True, 2.0)     # exactly average
    5.0
    >>> score_value(79.0, 75.0, 4.0, True, 2.0)     # one spread above
    7.0
    >>> score_value(79.0, 75.0, 4.0, False, 2.0)    # ... but lower is better
    3.0
    >>> score_value(99.0, 75.0, 4.0, True, 2.0)     # capped at 10
    10.0
    """
    z = (1.0 if higher_is_better else -1.0) * (value - mean) / sd
    return float(np.clip(MIDPOINT + points_per_sd * z, MIN_SCORE, MAX_SCORE))


def indicator_scores(framework: Framework, values: npt.ArrayLike) -> FloatArray:
    """Scores of every indicator (last axis in framework order), capped to 0-10."""
    v = np.asarray(values, dtype=float)
    if framework.ref_log.any():
        log = np.broadcast_to(framework.ref_log, v.shape)
        v = v.copy()
        with np.errstate(divide="ignore", invalid="ignore"):  # a log of 0 scores at the cap
            np.log(np.maximum(v, 0.0), out=v, where=log)
    z = framework.ref_sign * (v - framework.ref_mean) / framework.ref_sd
    return np.clip(MIDPOINT + framework.points_per_sd * z, MIN_SCORE, MAX_SCORE)


def indicator_values_for_scores(framework: Framework, scores: npt.ArrayLike) -> FloatArray:
    """The indicator values that would score ``scores``: the inverse of :func:`indicator_scores`.

    Used to express a change in a place node's score as a change in its indicators' units.

    >>> from model.loading import load_framework
    >>> fw = load_framework()
    >>> values = indicator_values_for_scores(fw, np.full(len(fw.indicators), 6.0))
    >>> bool(np.allclose(indicator_scores(fw, values), 6.0))
    True
    """
    s = np.asarray(scores, dtype=float)
    z = (s - MIDPOINT) / framework.points_per_sd
    out: FloatArray = framework.ref_mean + framework.ref_sign * z * framework.ref_sd
    if framework.ref_log.any():  # only where the scale is log: others may be large
        np.exp(out, out=out, where=np.broadcast_to(framework.ref_log, out.shape))
    return out


def group_means(values: npt.ArrayLike, groups: npt.NDArray[np.intp], n_groups: int) -> FloatArray:
    """Mean of ``values`` (last axis) within each group, ignoring NaN; NaN for an empty group.

    >>> group_means([2.0, 4.0, 9.0, np.nan], np.array([0, 0, 1, 1]), 3).tolist()
    [3.0, 9.0, nan]
    >>> group_means([[1.0, 3.0], [5.0, 7.0]], np.array([0, 0]), 1).tolist()
    [[2.0], [6.0]]
    """
    v = np.asarray(values, dtype=float)
    member = np.zeros((v.shape[-1], n_groups))
    member[np.arange(v.shape[-1]), groups] = 1.0
    present = np.isfinite(v)
    totals = np.where(present, v, 0.0) @ member
    counts = present.astype(float) @ member
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, totals / np.maximum(counts, 1.0), np.nan)


@dataclass(frozen=True)
class Scorecard:
    """Scores at every level of the framework for one year (1-D) or many (2-D)."""

    framework: Framework
    indicators: FloatArray
    nodes: FloatArray
    domains: FloatArray
    headlines: FloatArray

    def headline(self, headline_id: str) -> FloatArray | float:
        """Score of one headline element (``KeyError`` if unknown)."""
        k = self.framework.headline_ids.index(headline_id)
        out = self.headlines[..., k]
        return float(out) if out.ndim == 0 else out

    def as_dict(self) -> dict[str, float]:
        """Every score of a single year by id: headline, domain and node ids."""
        if self.nodes.ndim != 1:
            raise ValueError("as_dict is for a single year's scorecard")
        fw = self.framework
        out: dict[str, float] = {}
        out.update(zip(fw.headline_ids, self.headlines.tolist(), strict=True))
        out.update(zip(fw.domain_ids, self.domains.tolist(), strict=True))
        out.update(zip(fw.node_ids, self.nodes.tolist(), strict=True))
        return out


def scorecard(framework: Framework, values: npt.ArrayLike) -> Scorecard:
    """Score indicator values at every level: indicators, nodes, domains, headlines."""
    ind = indicator_scores(framework, values)
    nodes = group_means(ind, framework.indicator_node, len(framework.nodes))
    return _upward(framework, ind, nodes)


def scorecard_from_nodes(
    framework: Framework, node_scores: npt.ArrayLike, indicator_scores_: npt.ArrayLike | None = None
) -> Scorecard:
    """Scores at the domain and headline levels from node scores (e.g. after ripples)."""
    nodes = np.clip(np.asarray(node_scores, dtype=float), MIN_SCORE, MAX_SCORE)
    ind = (
        np.full((*nodes.shape[:-1], len(framework.indicators)), np.nan)
        if indicator_scores_ is None
        else np.asarray(indicator_scores_, dtype=float)
    )
    return _upward(framework, ind, nodes)


def _upward(framework: Framework, ind: FloatArray, nodes: FloatArray) -> Scorecard:
    domains = group_means(nodes, framework.node_domain, len(framework.domain_ids))
    headlines = group_means(domains, framework.domain_headline, len(framework.headline_ids))
    return Scorecard(framework, ind, nodes, domains, headlines)


def band_of(score: float, bands: Sequence[Band]) -> Band:
    """The band a score falls in; band ``min`` values are inclusive lower bounds.

    >>> from model.loading import load_framework
    >>> bands = load_framework().bands
    >>> [band_of(s, bands).symbol for s in (0.0, 3.49, 3.5, 5.0, 5.5, 6.5, 10.0)]
    ['--', '--', '-', '=', '+', '++', '++']
    """
    if not np.isfinite(score):
        raise ValueError(f"cannot band a score of {score}")
    chosen = bands[0]
    for band in bands:
        if score >= band.min:
            chosen = band
    return chosen
