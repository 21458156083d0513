"""Each district's deprivation profile: where its neighbourhoods sit on the national scale.

A town built from a place draws its residents' neighbourhoods from a Beta distribution on the
national IMD 2019 percentile (0 least, 1 most deprived); the district summaries give only an
average score, the share of neighbourhoods in the most deprived 10% and the Extent, so the
Beta's mean and spread are fitted to reproduce those.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
import pandas as pd
from sources import IMD, SharedData

log = logging.getLogger(__name__)


def beta_tails(m: np.ndarray, s: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """P(X>0.9) and E[w(X)] (IMD 'extent' weights) for Beta(mean m, sd s), on grid x."""
    k = m * (1 - m) / s**2 - 1
    a, b = m * k, (1 - m) * k
    logp = (a[..., None] - 1) * np.log(x) + (b[..., None] - 1) * np.log1p(-x)
    logp -= logp.max(axis=-1, keepdims=True)
    p = np.exp(logp)
    p /= p.sum(axis=-1, keepdims=True)
    w_ext = np.clip((x - 0.7) / 0.2, 0, 1)  # 1 in the most deprived 10%, tapering to 0 at 30%
    return (p * (x > 0.9)).sum(-1), (p * w_ext).sum(-1)


def fit_profiles(
    data: SharedData, codes: list[str], pop: pd.Series
) -> tuple[pd.Series, pd.Series, float]:
    """deprivation_mean, deprivation_spread: mean and sd of the national IMD percentile
    (0 least, 1 most deprived) of the district's neighbourhoods (LSOAs).

    mean   = 0.5 + k * (p - 0.5), p = population-weighted rank percentile of the district's IMD
             average score (share of England's population in less deprived districts plus half
             its own), so that the population-weighted mean of p is 0.5 as for all LSOAs.
    spread = the sd of a Beta(mean, sd) that best reproduces the district's Proportion of LSOAs
             in the most deprived 10% and its Extent (population in the most deprived 30%,
             tapered weights), with a weak pull toward 0.22 so districts with no deprived
             neighbourhoods are not all driven to the minimum; clipped to [0.05, 0.33].
    k is chosen from a grid (0.30-1.00) to minimise the same misfit over all districts.
    """
    imd = pd.read_csv(data.path(IMD)).set_index("ltla21_code").reindex(codes)
    order = imd["Score"].sort_values().index
    w = pop.reindex(order)
    p = ((w.cumsum() - w / 2) / w.sum()).reindex(codes)
    prop, ext = imd["Proportion"].values, imd["Extent"].values
    x = (np.arange(2000) + 0.5) / 2000
    s_grid = np.arange(0.05, 0.3301, 0.005)
    best: tuple[Any, ...] | None = None
    for k in np.arange(0.30, 1.001, 0.05):
        m = 0.5 + k * (p.values - 0.5)
        mm = np.repeat(m[:, None], len(s_grid), 1)
        ss = np.minimum(np.repeat(s_grid[None, :], len(m), 0), np.sqrt(mm * (1 - mm)) * 0.95)
        p90, e = beta_tails(mm, ss, x)
        err = (
            (p90 - prop[:, None]) ** 2 + (e - ext[:, None]) ** 2 + 0.002 * ((ss - 0.22) / 0.1) ** 2
        )
        j = err.argmin(1)
        tot = err[np.arange(len(m)), j].sum()
        if best is None or tot < best[0]:
            best = (
                tot,
                k,
                m,
                ss[np.arange(len(m)), j],
                p90[np.arange(len(m)), j],
                e[np.arange(len(m)), j],
            )
    assert best is not None
    _, k, m, s, p90, e = best
    log.info(
        f"  {'':32s} fitted vs IMD: Proportion r={np.corrcoef(p90, prop)[0, 1]:.2f} "
        f"(mean {p90.mean():.3f} vs {prop.mean():.3f}), Extent r={np.corrcoef(e, ext)[0, 1]:.2f} "
        f"(mean {e.mean():.3f} vs {ext.mean():.3f})"
    )
    log.info(
        f"  {'deprivation_mean/spread':32s} shrink k={k:.2f} chosen by fit to IMD Proportion "
        "& Extent"
    )
    return pd.Series(m, index=codes), pd.Series(np.clip(s, 0.05, 0.33), index=codes), k
