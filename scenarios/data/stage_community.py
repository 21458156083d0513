#!/usr/bin/env python3
"""Stage compact district tables for People & Community indicators the shared folder lacks.

Run by hand, once, on raw files copied from public repositories (their provenance is in
``staged/PROVENANCE.csv``); it writes compact tables in ``staged/``, which the derivations
read. The raw files are not shipped. Needs pyreadr (not a project dependency) to read the R
lookup file:

    python scenarios/data/stage_community.py RAW_DIR ../shared/data scenarios/data/staged

RAW_DIR holds:
  EU-referendum-result-data.csv      Electoral Commission, EU referendum 2016 results by
                                     counting area (BBK-PiJ-2015-08/EUref_vs_petition)
  england_cls_loneliness_lsoa.csv    DCMS Community Life Survey 2020/21 loneliness by 2011
                                     Output Area Classification group, put onto LSOA 2021
                                     (humaniverse/loneliness inst/extdata/)
  lookup_lsoa11_lsoa21_ltla22.rda    ONS LSOA 2011 -> LSOA 2021 -> LAD 2022 lookup
                                     (humaniverse/geographr data/)

Definitions:

voter_turnout (% of the electorate)
    Votes cast over the electorate at the 23 June 2016 EU referendum (the Electoral
    Commission's own turnout, Pct_Turnout, is this ratio rounded), by counting
    area (the pre-2019 districts). One national vote on one day, so it compares places on
    equal terms, which local elections (on different cycles, some districts with none in a
    given year) do not. A district formed from several counting areas in 2019-2021 (Dorset,
    BCP, Buckinghamshire, N/W Northamptonshire, East/West Suffolk, Somerset West and Taunton)
    gets its predecessors' votes cast over their electorate, i.e. an electorate-weighted
    mean (flagged ``merged``). Counting areas recoded by ONS since 2016 without a boundary
    change keep their value under the 2021 code.

loneliness (% of adults often, always or some of the time lonely), MODELLED
    The Community Life Survey is too small for districts: DCMS published its 2020/21
    loneliness rate by the kind of neighbourhood people live in (the 26 groups of the 2011
    Output Area Classification, OAC). humaniverse put each group's rate on the Output Areas of
    that group and averaged them into LSOAs (2021). A district's figure here is the mean over
    its LSOAs (LSOAs hold 1,000-3,000 people each, so the unweighted mean is close to a
    resident-weighted one). It varies between districts only through their mix of
    neighbourhood types: what the survey says people in such places report, not a local
    measurement.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

LTLA = r"^E0[6789]"


def lad21_codes(shared: Path) -> pd.Series:
    """The 309 English districts of 2021, code -> name (ONS mid-2021 estimates)."""
    pop = pd.read_csv(shared / "more/pop_mye2021_lad21_sya.csv")
    pop = pop[pop["ladcode21"].str.match(LTLA)].drop_duplicates("ladcode21")
    return pop.set_index("ladcode21")["ladname21"]


def successors(shared: Path, lad21: pd.Series) -> dict[str, str]:
    """Pre-2021 district code -> the 2021 district that holds its area (recode or merger),
    from the mySociety lookup's former-gss-codes and replaced-by columns."""
    lk = pd.read_csv(shared / "more/mysociety_uk_local_authorities_lookup.csv", dtype=str)
    lk = lk[lk["gss-code"].str.startswith("E", na=False)]
    by3 = lk.set_index("local-authority-code")["gss-code"]
    out: dict[str, str] = {}
    for _, r in lk.iterrows():
        gss = r["gss-code"]
        if gss in lad21.index and isinstance(r["former-gss-codes"], str):
            for old in r["former-gss-codes"].split(","):
                out[old.strip()] = gss
        rep = r["replaced-by"]
        if isinstance(rep, str) and "," not in rep and r["local-authority-type"] != "CTY":
            new = by3.get(rep)
            if new in lad21.index and gss not in lad21.index:
                out[gss] = new
    return out


def lad21_of(
    codes: pd.Series, lad21: pd.Series, succ: dict[str, str], what: str
) -> list[str | None]:
    """Each older district code's 2021 district: itself, or the district that took its area
    (recode or merger, :func:`successors`); stops naming every ``what`` that has none."""
    out = [c if c in lad21.index else succ.get(c) for c in codes]
    lost = [c for c, gss in zip(codes, out, strict=True) if gss is None]
    if lost:
        raise ValueError(f"{what} with no 2021 district: {lost}")
    return out


def turnout(raw: Path, shared: Path) -> pd.DataFrame:
    eu = pd.read_csv(raw / "EU-referendum-result-data.csv")
    eu = eu[eu["Area_Code"].str.match(LTLA)].copy()
    own = 100 * eu["Votes_Cast"] / eu["Electorate"]
    worst = float((own - eu["Pct_Turnout"]).abs().max())
    if worst > 0.01:
        raise ValueError(f"votes cast / electorate differs from Pct_Turnout by {worst}")
    lad21 = lad21_codes(shared)
    succ = successors(shared, lad21)
    eu["gss_code"] = lad21_of(eu["Area_Code"], lad21, succ, "counting areas")
    g = eu.groupby("gss_code")
    t = pd.DataFrame(
        {
            "electorate_2016": g["Electorate"].sum(),
            "votes_cast_2016": g["Votes_Cast"].sum(),
            "counting_areas": g["Area_Code"].agg(lambda s: ";".join(sorted(s))),
            "merged": (g["Area_Code"].count() > 1).astype(int),
        }
    )
    share = t["votes_cast_2016"] / t["electorate_2016"]
    t["eu_referendum_turnout_pct_2016"] = (100 * share).round(3)
    missing = sorted(set(lad21.index) - set(t.index))
    if missing:
        raise ValueError(f"districts with no counting area: {missing}")
    t.insert(0, "name", lad21.reindex(t.index))
    return t.rename_axis("gss_code").reset_index()


def loneliness(raw: Path, shared: Path) -> pd.DataFrame:
    import pyreadr

    lon = pd.read_csv(raw / "england_cls_loneliness_lsoa.csv")
    lu = next(iter(pyreadr.read_r(str(raw / "lookup_lsoa11_lsoa21_ltla22.rda")).values()))
    lu = lu.drop_duplicates("lsoa21_code")[["lsoa21_code", "ltla22_code"]]
    d = lon.merge(lu, on="lsoa21_code", how="left")
    if d["ltla22_code"].isna().any():
        raise ValueError(f"{int(d['ltla22_code'].isna().sum())} LSOAs with no district")
    lad21 = lad21_codes(shared)
    if set(d["ltla22_code"]) != set(lad21.index):
        raise ValueError("LAD 2022 codes of the lookup differ from the 2021 districts")
    d = d.dropna(subset=["perc"])  # OAC groups the survey had too few people in
    g = d.groupby("ltla22_code")["perc"]
    t = pd.DataFrame(
        {
            "n_lsoa21": g.count(),
            "loneliness_some_often_always_pct_modelled": g.mean().round(3),
            "lsoa_sd": g.std().round(3),
        }
    )
    t.insert(0, "name", lad21.reindex(t.index))
    return t.rename_axis("gss_code").reset_index()


def main(raw_dir: str, shared_dir: str, out_dir: str) -> None:
    raw, shared, out = Path(raw_dir), Path(shared_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t = turnout(raw, shared)
    t.to_csv(out / "eu_referendum_turnout_2016_lad21.csv", index=False)
    print(
        f"wrote {len(t)} districts of EU referendum turnout ({int(t.merged.sum())} merged): "
        f"mean {t.eu_referendum_turnout_pct_2016.mean():.2f} sd "
        f"{t.eu_referendum_turnout_pct_2016.std():.2f}"
    )
    lon = loneliness(raw, shared)
    lon.to_csv(out / "cls_loneliness_by_area_type_lad21.csv", index=False)
    col = lon["loneliness_some_often_always_pct_modelled"]
    print(
        f"wrote {len(lon)} districts of modelled loneliness: mean {col.mean():.2f} sd "
        f"{col.std():.2f} range {col.min():.1f}-{col.max():.1f} "
        f"(LSOAs per district {int(np.min(lon.n_lsoa21))}-{int(np.max(lon.n_lsoa21))})"
    )


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
