#!/usr/bin/env python3
"""Stage compact district tables from neighbourhood (LSOA) data that the shared folder lacks.

Run by hand, once, on raw files copied from public repositories (their provenance is in
``staged/PROVENANCE.csv``); it writes the compact tables in ``staged/``, which the
derivations read. The raw files are not shipped. Needs pyreadr (not a project dependency)
to read the R data files:

    python scenarios/data/stage_neighbourhoods.py RAW_DIR scenarios/data/staged

RAW_DIR holds:
  imd2019_england_lsoa11_indicators.rda  humaniverse/IMD data/ (IoD 2019 File 8, underlying
                                         indicators: the Income Domain numerator per LSOA)
  imd2019_england_lsoa11.rda             humaniverse/IMD data/ (IoD 2019 ranks per LSOA)
  File_6_-_IoD2019_Population_Denominators.csv.gz
                                         anetobradley/energy_flex (IoD 2019 File 6)
  LSOA11_WD21_LAD21_EW_LU_V2.xlsx        open-innovations/jrf-insight data/geo/ (ONS lookup)
  housing-affordability-ratio.csv        ONSdigital/explore-local-statistics-data

Definitions (written out so that the town model measures the same thing on its
neighbourhoods):

income_deprivation_gap (percentage points)
    Each LSOA's income deprivation rate is its IoD 2019 Income Domain numerator over its
    IoD 2019 population denominator (mid-2015, excluding prisoners): the "Income Score
    (rate)" of IoD 2019 File 5 (31 LSOAs whose numerator the copy lacks take the rate
    interpolated between the LSOAs either side of them in the national Income rank).
    LSOAs are sorted by that rate; the district's most deprived
    fifth is the LSOAs holding the first 20% of its population (the LSOA on the boundary
    counts with the share of its population that falls inside), the least deprived fifth
    likewise from the other end. The gap is 100 x (population-weighted mean rate of the most
    deprived fifth - that of the least deprived fifth).

life_expectancy_gap (years)
    Modelled, not measured: ONS gives the slope index of inequality (SII) in life expectancy
    at birth across England's national IMD 2019 deciles, 2017 to 2019, as 9.4 years for
    males and 7.6 for females (mean 8.5 years across the whole national range of
    deprivation). Assuming life expectancy is linear in a neighbourhood's national IMD rank,
    a district's own SII (life expectancy regressed on the district's own
    population-weighted deprivation rank of its neighbourhoods, from 0 to 1) is 8.5 x the
    slope of its LSOAs' national IMD percentile (0 least, 1 most deprived) on that own rank.
    A district whose neighbourhoods span all of England's deprivation gets 8.5 years; one
    whose neighbourhoods are all alike gets about 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

SII_YEARS = (9.4 + 7.6) / 2
"""ONS Health state life expectancies by national deprivation deciles, England: 2017 to 2019
(22 March 2021): SII in life expectancy at birth, males 9.4 years, females 7.6 years."""
N_LSOA = 32_844


def fifth_means(rate: np.ndarray, pop: np.ndarray) -> tuple[float, float]:
    """Population-weighted mean rate of the most and of the least deprived fifth of
    population (sorted by rate; the boundary area counted in part).

    >>> fifth_means(np.array([0.1, 0.2, 0.3, 0.4, 0.5]), np.ones(5))
    (0.5, 0.1)
    """
    order = np.argsort(-rate, kind="stable")
    r, w = rate[order], pop[order].astype(float)

    def top(r: np.ndarray, w: np.ndarray) -> float:
        share = 0.2 * w.sum()
        before = np.concatenate([[0.0], np.cumsum(w)[:-1]])
        inside = np.clip(share - before, 0.0, w)
        return float((r * inside).sum() / inside.sum())

    return top(r, w), top(r[::-1], w[::-1])


def own_rank_slope(pctile: np.ndarray, pop: np.ndarray) -> float:
    """Population-weighted least-squares slope of national deprivation percentile on the
    district's own deprivation rank (0 least to 1 most deprived, mid-points of cumulative
    population)."""
    order = np.argsort(pctile, kind="stable")
    p, w = pctile[order], pop[order].astype(float)
    cum = np.cumsum(w)
    rank = (cum - w / 2) / cum[-1]
    mr, mp = np.average(rank, weights=w), np.average(p, weights=w)
    var = np.average((rank - mr) ** 2, weights=w)
    return float(np.average((rank - mr) * (p - mp), weights=w) / var) if var > 0 else 0.0


def by_rank(d: pd.DataFrame, rate: str, rank: str) -> pd.DataFrame:
    """``d`` sorted by the domain's national rank, with the LSOAs missing their numerator
    given the rate interpolated between the LSOAs ranked either side of them.

    31 LSOAs have no Income and 119 no Employment numerator in the humaniverse copy (the first
    row of each source sheet was lost in its join); a domain's rate and rank agree (Income:
    Spearman -0.9998), so the rank places them."""
    d = d.sort_values(rank).reset_index(drop=True)
    missing = int(d[rate].isna().sum())
    d[rate] = d[rate].interpolate(method="linear", limit_direction="both")
    print(f"{missing} LSOAs without a numerator for {rate}: interpolated by {rank}")
    return d


def lsoas(raw: Path) -> pd.DataFrame:
    import pyreadr

    ind = pyreadr.read_r(str(raw / "imd2019_england_lsoa11_indicators.rda"))
    ind = next(iter(ind.values()))[["lsoa11_code", "income_domain_numerator"]]
    ranks = pyreadr.read_r(str(raw / "imd2019_england_lsoa11.rda"))
    ranks = next(iter(ranks.values()))[["lsoa11_code", "IMD_rank", "Income_rank"]]
    f6 = pd.read_csv(raw / "File_6_-_IoD2019_Population_Denominators.csv.gz", thousands=",")
    f6 = f6.iloc[:, [0, 4]].set_axis(["lsoa11_code", "pop"], axis=1)
    lu = pd.read_excel(raw / "LSOA11_WD21_LAD21_EW_LU_V2.xlsx")
    lu = lu.drop_duplicates("LSOA11CD")[["LSOA11CD", "LAD21CD"]]
    d = ind.merge(f6, on="lsoa11_code").merge(ranks, on="lsoa11_code")
    d = d.merge(lu, left_on="lsoa11_code", right_on="LSOA11CD", how="left")
    if len(d) != N_LSOA or d["LAD21CD"].isna().any():
        raise ValueError(f"expected {N_LSOA} LSOAs all matched to a district, got {len(d)}")
    d["rate"] = d["income_domain_numerator"] / d["pop"]
    d = by_rank(d, "rate", "Income_rank")
    d["imd_pctile"] = 1.0 - (d["IMD_rank"] - 0.5) / N_LSOA  # 1 = most deprived
    return d


def gaps(d: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for code, g in d.groupby("LAD21CD"):
        rate, pop = g["rate"].to_numpy(), g["pop"].to_numpy()
        most, least = fifth_means(rate, pop)
        rows.append(
            {
                "gss_code": code,
                "n_lsoa": len(g),
                "income_rate": round(float((rate * pop).sum() / pop.sum()), 5),
                "income_rate_most_deprived_fifth": round(most, 5),
                "income_rate_least_deprived_fifth": round(least, 5),
                "income_deprivation_gap_pp": round(100 * (most - least), 3),
                "imd_own_rank_slope": round(own_rank_slope(g["imd_pctile"].to_numpy(), pop), 5),
                "life_expectancy_gap_modelled_years": round(
                    SII_YEARS * own_rank_slope(g["imd_pctile"].to_numpy(), pop), 3
                ),
            }
        )
    return pd.DataFrame(rows)


def affordability(raw: Path) -> pd.DataFrame:
    els = pd.read_csv(raw / "housing-affordability-ratio.csv", encoding="utf-8-sig")
    els = els[els["areacd"].str.match(r"^E0[6789]") & els["period"].str.startswith("2019")]
    return els[["areacd", "areanm", "observation"]].set_axis(
        ["gss_code", "name", "housing_affordability_ratio_2019"], axis=1
    )


def main(raw_dir: str, out_dir: str) -> None:
    raw, out = Path(raw_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    d = lsoas(raw)
    g = gaps(d)
    g.to_csv(out / "iod2019_neighbourhood_gaps_lad21.csv", index=False)
    print(f"wrote {len(g)} districts; gap mean {g.income_deprivation_gap_pp.mean():.2f} pp")
    a = affordability(raw)
    a.to_csv(out / "housing_affordability_2019_lad23.csv", index=False)
    print(f"wrote {len(a)} areas of housing affordability 2019")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
