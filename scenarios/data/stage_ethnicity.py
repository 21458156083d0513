#!/usr/bin/env python3
"""Stage a compact district table for the ethnicity gap, from Census 2021 ethnic groups by
neighbourhood and the Indices of Deprivation 2019 by neighbourhood.

Run by hand, once, on raw files copied from public repositories (their provenance is in
``staged/PROVENANCE.csv``); it writes a compact table in ``staged/``, which the derivations
read. The raw files are not shipped. Needs pyreadr (not a project dependency) to read the R
data files:

    python scenarios/data/stage_ethnicity.py RAW_DIR ../shared/data scenarios/data/staged

RAW_DIR holds:
  ethnicity21_lsoa21.rda                 humaniverse/demographr data/ (Census 2021 TS021,
                                         usual residents by 5 broad ethnic groups, LSOA 2021)
  imd2019_england_lsoa11_indicators.rda  humaniverse/IMD data/ (IoD 2019 File 8: the Income
                                         and Employment Domain numerators per LSOA 2011)
  imd2019_england_lsoa11.rda             humaniverse/IMD data/ (IoD 2019 ranks per LSOA)
  File_6_-_IoD2019_Population_Denominators.csv.gz
                                         anetobradley/energy_flex (IoD 2019 File 6)
  lookup_lsoa11_lsoa21_ltla22.rda        humaniverse/geographr data/ (ONS LSOA 2011 -> LSOA
                                         2021 -> LAD 2022 lookup)

Why a model: no stored copy holds the employment rates of White and ethnic minority residents
by district (APS or Census 2021 by ethnic group); the Census does give where each group
lives, neighbourhood by neighbourhood, and the Indices of Deprivation give how many people of
working age in each neighbourhood are out of work and claiming for it. An employment gap
splits exactly into a part between neighbourhoods (the groups live in neighbourhoods with
different employment) and a part within them (in the same neighbourhood, one group is in work
less often). The first is computed here for every district; the second is not published
below England, so every district gets England's.

Definitions (minority = outside the Census's White groups, as ``ethnic_minority_share``):

employment_deprivation_exposure_gap_pp (percentage points), measured
    Each LSOA 2011's employment deprivation rate is its IoD 2019 Employment Domain numerator
    (working-age people claiming out-of-work benefits, 2015/16) over its working-age
    denominator (File 6, mid-2015, 18-59/64, excluding prisoners); an LSOA 2021 takes the
    denominator-weighted rate of the LSOAs 2011 it was made from (a split LSOA its parent's).
    The gap is 100 x (the Census 2021 ethnic-minority-weighted mean rate of the district's
    LSOAs minus the White-weighted mean rate): how much more often a minority resident than a
    White resident lives among working-age neighbours out of work. Weights are all usual
    residents of each group (Census 2021 gives no ethnic group by age for LSOAs).

income_deprivation_exposure_gap_pp (percentage points), measured, kept for the record
    The same with the IoD 2019 Income Domain rate (all ages, population denominator): how much
    more income-deprived a minority resident's neighbourhood is than a White resident's.

ethnic_employment_gap_modelled_pp (percentage points), MODELLED
    NATIONAL_GAP - the England exposure gap (over all its LSOAs: England's part between
    neighbourhoods) + the district's exposure gap. Assumes (1) the part of the gap within a
    neighbourhood is England's everywhere and (2) between neighbourhoods, employment rates
    differ as employment deprivation does, point for point (out-of-work claimants are most,
    not all, of those out of work; students and carers not claiming are left out).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
from stage_community import lad21_codes
from stage_neighbourhoods import N_LSOA, by_rank

NATIONAL_GAP = 11.0
"""England's gap between the employment rates (16-64) of White and ethnic minority people, in
points: the framework's figure for the ONS Annual Population Survey 2019 via Ethnicity facts
and figures (gap of about 10 to 12 points; 2016: 64% of all Other ethnic groups in work
against 74% of everyone). A round figure, not read from a table."""

ETHNIC_GROUPS = 5


def neighbourhood_rates(raw: Path) -> pd.DataFrame:
    """Employment and income deprivation rates per LSOA 2021, from the LSOAs 2011."""
    import pyreadr

    ind = next(iter(pyreadr.read_r(str(raw / "imd2019_england_lsoa11_indicators.rda")).values()))
    ind = ind[["lsoa11_code", "income_domain_numerator", "employment_domain_numerator"]]
    ranks = next(iter(pyreadr.read_r(str(raw / "imd2019_england_lsoa11.rda")).values()))
    ranks = ranks[["lsoa11_code", "Income_rank", "Employment_rank"]]
    f6 = pd.read_csv(raw / "File_6_-_IoD2019_Population_Denominators.csv.gz", thousands=",")
    f6 = f6.iloc[:, [0, 4, 8]].set_axis(["lsoa11_code", "pop", "working_age"], axis=1)
    d = ind.merge(f6, on="lsoa11_code").merge(ranks, on="lsoa11_code")
    if len(d) != N_LSOA:
        raise ValueError(f"expected {N_LSOA} LSOAs 2011, got {len(d)}")
    d["employment"] = d["employment_domain_numerator"] / d["working_age"]
    d["income"] = d["income_domain_numerator"] / d["pop"]
    for rate, rank in (("employment", "Employment_rank"), ("income", "Income_rank")):
        d = by_rank(d, rate, rank)
        rho = d[rate].corr(d[rank], method="spearman")
        if rho > -0.99:
            raise ValueError(f"{rate} rate and rank disagree (Spearman {rho:.4f})")
    lu = next(iter(pyreadr.read_r(str(raw / "lookup_lsoa11_lsoa21_ltla22.rda")).values()))
    x = lu[["lsoa11_code", "lsoa21_code", "ltla22_code"]].merge(d, on="lsoa11_code")
    if x["lsoa11_code"].nunique() != N_LSOA:
        raise ValueError("LSOAs 2011 missing from the LSOA 2011 -> 2021 lookup")
    x["employed_w"] = x["employment"] * x["working_age"]
    x["income_w"] = x["income"] * x["pop"]
    g = x.groupby("lsoa21_code").agg(
        district=("ltla22_code", "first"),
        employed_w=("employed_w", "sum"),
        working_age=("working_age", "sum"),
        income_w=("income_w", "sum"),
        pop=("pop", "sum"),
    )
    return pd.DataFrame(
        {
            "district": g["district"],
            "employment": g["employed_w"] / g["working_age"],
            "income": g["income_w"] / g["pop"],
        }
    )


def groups(raw: Path) -> pd.DataFrame:
    """White and ethnic minority usual residents per English LSOA 2021 (Census 2021 TS021)."""
    import pyreadr

    eth = next(iter(pyreadr.read_r(str(raw / "ethnicity21_lsoa21.rda")).values()))
    eth = eth[eth["lsoa21_code"].str.startswith("E")]  # the table covers Wales too
    counts = eth.groupby("lsoa21_code").agg(
        all=("n", "sum"), total=("total_residents", "first"), k=("n", "size")
    )
    if (counts["k"] != ETHNIC_GROUPS).any() or (counts["all"] != counts["total"]).any():
        raise ValueError("ethnic group counts do not add up to the LSOAs' usual residents")
    white = eth[eth["ethnic_group"] == "White"].set_index("lsoa21_code")["n"]
    return pd.DataFrame({"white": white, "minority": counts["all"] - white})


def exposure_gap(rate: pd.Series, minority: pd.Series, white: pd.Series) -> float:
    """100 x (minority-weighted mean rate - White-weighted mean rate), in points."""
    m = float(np.average(rate, weights=minority)) if minority.sum() > 0 else float("nan")
    return 100.0 * (m - float(np.average(rate, weights=white)))


def gaps(raw: Path, shared: Path) -> tuple[pd.DataFrame, float]:
    """The district table, and England's employment exposure gap."""
    rates = neighbourhood_rates(raw)
    people = groups(raw)
    d = rates.join(people, how="inner")
    if len(d) != len(rates) or len(d) != len(people):
        raise ValueError(f"LSOAs 2021: {len(rates)} with rates, {len(people)} with ethnic groups")
    lad21 = lad21_codes(shared)
    if set(d["district"]) != set(lad21.index):
        raise ValueError("LAD 2022 codes of the lookup differ from the 2021 districts")
    england = exposure_gap(d["employment"], d["minority"], d["white"])
    rows = []
    for code, g in d.groupby("district"):
        emp = exposure_gap(g["employment"], g["minority"], g["white"])
        rows.append(
            {
                "gss_code": code,
                "name": lad21[code],
                "n_lsoa21": len(g),
                "minority_share_2021": round(
                    g["minority"].sum() / (g["minority"] + g["white"]).sum(), 5
                ),
                "employment_deprivation_exposure_gap_pp": round(emp, 3),
                "income_deprivation_exposure_gap_pp": round(
                    exposure_gap(g["income"], g["minority"], g["white"]), 3
                ),
                "ethnic_employment_gap_modelled_pp": round(NATIONAL_GAP - england + emp, 3),
            }
        )
    return pd.DataFrame(rows), england


def main(raw_dir: str, shared_dir: str, out_dir: str) -> None:
    raw, shared, out = Path(raw_dir), Path(shared_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t, england = gaps(raw, shared)
    t.to_csv(out / "ethnicity_neighbourhood_gaps_lad21.csv", index=False)
    col = t["ethnic_employment_gap_modelled_pp"]
    print(
        f"wrote {len(t)} districts; England's employment exposure gap {england:.3f} pp, so "
        f"the within-neighbourhood part is {NATIONAL_GAP - england:.3f}; modelled gap mean "
        f"{col.mean():.2f} sd {col.std():.2f} range {col.min():.2f}-{col.max():.2f}"
    )


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
