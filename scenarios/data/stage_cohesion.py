#!/usr/bin/env python3
"""Stage a compact district table for neighbourhood belonging, modelled from the Community
Life Survey's rural and urban rates and each district's share of residents in rural areas.

Run by hand, once, on a raw file already in the shared folder (its provenance is in the shared
``more/PROVENANCE.csv`` and in ``staged/PROVENANCE.csv``); it writes a compact table in
``staged/``. The raw file is not shipped:

    python scenarios/data/stage_cohesion.py ../shared/data scenarios/data/staged

SHARED holds:
  more/ruc2011_lad18.csv   ONS/Defra 2011 Rural-Urban Classification lookup for local
                           authority districts (2018 codes): 2011 usual residents of each
                           district living in rural and in urban Output Areas
                           (shepherdwill/graduate_mobility data/RUC_LAD_2011_EN_LU.csv)
  more/mysociety_uk_local_authorities_lookup.csv, more/pop_mye2021_lad21_sya.csv
                           for the 2021 districts and the 2019-2021 mergers

Why a model: the Community Life Survey (CLS) is too small for districts before its boosted
2023/24 sample, and no stored copy of that sample's local authority tables (annual tables
sheet B1c), of the DCMS ad hoc release by Output Area Classification (only its loneliness
sheet A6 was kept, by humaniverse/loneliness) or of any CLS breakdown by deprivation was found.
The one published split of belonging by kind of place found is rural against urban (below).

Definitions:

rural_share_2011 (fraction of 2011 usual residents), measured
    ``Total Rural population 2011`` over ``Total population 2011`` of the lookup: residents of
    Output Areas the 2011 Rural-Urban Classification calls rural (rural town and fringe,
    village, hamlet and isolated dwellings; settlements under 10,000 people). Residents of
    "hub towns" are urban here, as the survey's rural/urban split counts them. A district
    formed from several 2018 districts (the 2019-2021 mergers) sums its predecessors' residents
    (flagged ``merged``).

belonging_pct_modelled (% of adults who feel they belong very or fairly strongly to their
immediate neighbourhood), MODELLED
    URBAN_BELONGING + (RURAL_BELONGING - URBAN_BELONGING) x rural_share_2011: the CLS 2017/18
    rates for adults in rural (68%) and urban (61%) areas applied to the district's mix of
    residents, as the loneliness figure applies the survey's rates by area type. Districts
    differ only by how rural they are: a district of only urban Output Areas (most of London,
    the metropolitan cores) is 61 whatever its deprivation or turnover, so the spread across
    districts (sd 1.7 points) is much narrower than a direct local estimate's would be.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from stage_community import lad21_codes, lad21_of, successors

RURAL_BELONGING = 68.0
URBAN_BELONGING = 61.0
"""Share of adults (16+) in England who feel they belong very or fairly strongly to their
immediate neighbourhood, living in rural and in urban areas: DCMS Community Life Survey
2017/18, as given in the answer to Commons written question 206842 (asked 9 January 2019,
answered 17 January 2019 by Mims Davies for DCMS: "adults living in rural areas are more
likely to say they feel they belong to their immediate neighbourhood (68%) than those living
in urban areas (61%)"). Open Parliament Licence v3.0."""

ENGLAND_BELONGING = 62.0
"""England's rate in the CLS 2016/17 and 2018/19 (62%); the model's resident-weighted England
figure must come within a point of it."""

ENGLAND_RURAL_SHARE = 0.176
"""Share of England's 2011 usual residents living in rural Output Areas (9.3 million, 17.6%:
Defra, Statistical Digest of Rural England, from the 2011 Census); the lookup must reproduce
it within 0.002."""

RUC = "more/ruc2011_lad18.csv"


def rural_shares(shared: Path) -> pd.DataFrame:
    """2011 rural and total residents by 2021 district, with checks on the raw lookup."""
    r = pd.read_csv(shared / RUC)
    r = r[r["LAD18CD"].str.match(r"^E0[6789]")].copy()
    if len(r) != 326 or r["LAD18CD"].duplicated().any():
        raise ValueError(f"expected the 326 English districts of 2018, got {len(r)}")
    rural, urban = r["Total Rural population 2011"], r["Total Urban population 2011"]
    total = r["Total population 2011"]
    if (rural + urban - total).abs().max() > 0:
        raise ValueError("rural + urban residents differ from the total")
    related = "Rural including hub towns (rural & rural related) population"
    wider = r[f"{related} 2011"]
    hub = r["Hub towns (rural related) population included in Urban population 2011"]
    if (rural + hub - wider).abs().max() > 0:
        raise ValueError("rural + hub town residents differ from 'rural including hub towns'")
    pct = r[f"{related} as % of Total population 2011"]
    if (100 * wider / total - pct).abs().max() >= 0.01:  # the % is truncated to 2 dp
        raise ValueError("the lookup's own rural-related % does not match its counts")
    share = rural.sum() / total.sum()
    if abs(share - ENGLAND_RURAL_SHARE) > 0.002:
        raise ValueError(f"England's rural share {share:.4f} is not the Census's 17.6%")
    lad21 = lad21_codes(shared)
    succ = successors(shared, lad21)
    r["gss_code"] = lad21_of(r["LAD18CD"], lad21, succ, "2018 districts")
    g = r.groupby("gss_code")
    out = pd.DataFrame(
        {
            "districts_2018": g["LAD18CD"].agg(lambda s: ";".join(sorted(s))),
            "residents_2011": g["Total population 2011"].sum(),
            "rural_residents_2011": g["Total Rural population 2011"].sum(),
            "merged": (g["LAD18CD"].count() > 1).astype(int),
        }
    )
    missing = sorted(set(lad21.index) - set(out.index))
    if missing:
        raise ValueError(f"districts with no 2018 figure: {missing}")
    out["rural_share_2011"] = (out["rural_residents_2011"] / out["residents_2011"]).round(5)
    out.insert(0, "name", lad21.reindex(out.index))
    return out.rename_axis("gss_code").reset_index()


def belonging(shared: Path) -> pd.DataFrame:
    t = rural_shares(shared)
    gap = RURAL_BELONGING - URBAN_BELONGING
    t["belonging_pct_modelled"] = (URBAN_BELONGING + gap * t["rural_share_2011"]).round(3)
    england = URBAN_BELONGING + gap * t["rural_residents_2011"].sum() / t["residents_2011"].sum()
    if abs(england - ENGLAND_BELONGING) > 1.0:
        raise ValueError(f"the model's England figure {england:.2f} is off the survey's 62%")
    return t


def main(shared_dir: str, out_dir: str) -> None:
    shared, out = Path(shared_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    t = belonging(shared)
    t.to_csv(out / "cls_belonging_by_rurality_lad21.csv", index=False)
    col = t["belonging_pct_modelled"]
    share = t["rural_residents_2011"].sum() / t["residents_2011"].sum()
    print(
        f"wrote {len(t)} districts ({int(t.merged.sum())} merged); England rural share "
        f"{share:.4f}; modelled belonging mean {col.mean():.2f} sd {col.std():.2f} range "
        f"{col.min():.2f}-{col.max():.2f}; resident-weighted England "
        f"{URBAN_BELONGING + (RURAL_BELONGING - URBAN_BELONGING) * share:.2f}"
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
