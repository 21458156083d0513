#!/usr/bin/env python3
"""Stage a compact district table for walking and cycling, from the 2011 Census's method of
travel to work by local authority.

Run by hand, once, on a raw file copied from a public repository (its provenance is in
``staged/PROVENANCE.csv``); it writes a compact table in ``staged/``, which the derivations
read. The raw file is not shipped:

    python scenarios/data/stage_travel.py RAW_DIR ../shared/data scenarios/data/staged

RAW_DIR holds:
  la_transport.csv   Robinlovelace/cycling-chd data/ (Census 2011 QS701EW method of travel to
                     work by local authority, 2011 codes: shares of all usual residents aged
                     16 to 74 who drive, cycle or walk to work, in %)

Why a model: the sub-domain is a people node, measured on what residents do, and no stored
copy holds a district survey of walking and cycling for all purposes (DfT CW0301/CW0302 or
Active Lives by local authority: only single-place extracts and download scripts were
found). The Census counts, for every district, the residents who walk or cycle to work.

Definitions:

active_commute_pct_2011 (% of usual residents aged 16 to 74), measured
    pcwalk_11 + pccycle_11 of the source (travel to work mainly on foot or by bicycle, over
    all residents 16 to 74, in work or not). A district formed from several 2011 districts
    (2019-2021 mergers) takes their mean weighted by their 2011 usual residents (Census 2011
    QS201EW totals in the shared folder), flagged ``merged``.

active_travel_modelled_pct (% of adults walking or cycling to get about, 3 times a week),
MODELLED
    ENGLAND_ACTIVE_TRAVEL + (the district's active commute share - the mean over the 309
    districts). Assumes districts differ in walking and cycling for all purposes by as many
    points as in walking and cycling to work, and that trips for other purposes (shops,
    school, leisure) are the same everywhere: an additive shift, not a ratio (Cambridge's
    27.6% active commuters against a mean of 8.9 would otherwise give over 100%).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from stage_community import lad21_codes, lad21_of, successors

ENGLAND_ACTIVE_TRAVEL = 35.0
"""The framework's assumed England share of adults walking or cycling to get about at least
three times a week (DfT walking and cycling statistics, Active Lives, CW0303 family, 2018/19;
approximate, not verified to the table)."""

COLUMNS = ("pcwalk_11", "pccycle_11")


def commuting(raw: Path, shared: Path) -> pd.DataFrame:
    t = pd.read_csv(raw / "la_transport.csv")
    t = t[t["la_code"].str.match(r"^E0[6789]")].copy()
    if (t[list(COLUMNS)].sum(axis=1) - t["pcactive_11"]).abs().max() > 1e-6:
        raise ValueError("pcactive_11 is not pcwalk_11 + pccycle_11")
    pop = pd.read_csv(shared / "more/ethnicity_census2011_la.csv")
    pop = pop.set_index("geography code")[
        "Ethnic Group: All categories: Ethnic group; measures: Value"
    ]
    lad21 = lad21_codes(shared)
    succ = successors(shared, lad21)
    # the population file carries the codes of 2013-2020 recodes (Gateshead, Northumberland,
    # four Hertfordshire districts) where the travel file has the 2011 ones
    t["residents_2011"] = [pop.get(c, pop.get(succ.get(c, ""))) for c in t["la_code"]]
    if t["residents_2011"].isna().any():
        raise ValueError(f"no 2011 population for {t.loc[t.residents_2011.isna(), 'la_code']}")
    t["gss_code"] = lad21_of(t["la_code"], lad21, succ, "2011 districts")
    t["weighted"] = t["pcactive_11"] * t["residents_2011"]
    g = t.groupby("gss_code")
    out = pd.DataFrame(
        {
            "districts_2011": g["la_code"].agg(lambda s: ";".join(sorted(s))),
            "residents_2011": g["residents_2011"].sum(),
            "merged": (g["la_code"].count() > 1).astype(int),
            "active_commute_pct_2011": (g["weighted"].sum() / g["residents_2011"].sum()).round(3),
        }
    )
    missing = sorted(set(lad21.index) - set(out.index))
    if missing:
        raise ValueError(f"districts with no 2011 figure: {missing}")
    mean = float(out["active_commute_pct_2011"].mean())
    out["active_travel_modelled_pct"] = (
        ENGLAND_ACTIVE_TRAVEL + out["active_commute_pct_2011"] - mean
    ).round(3)
    out.insert(0, "name", lad21.reindex(out.index))
    return out.rename_axis("gss_code").reset_index()


def main(raw_dir: str, shared_dir: str, out_dir: str) -> None:
    raw, shared, out = Path(raw_dir), Path(shared_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t = commuting(raw, shared)
    t.to_csv(out / "census2011_active_commute_lad21.csv", index=False)
    col = t["active_travel_modelled_pct"]
    print(
        f"wrote {len(t)} districts ({int(t.merged.sum())} merged); active commute mean "
        f"{t.active_commute_pct_2011.mean():.2f}; modelled active travel sd {col.std():.2f} "
        f"range {col.min():.1f}-{col.max():.1f}"
    )


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], sys.argv[3])
