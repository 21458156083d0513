#!/usr/bin/env python3
"""Derive one compact table of starting points for English local authority districts.

Usage (run by hand; the game reads only the table it writes):
    python scenarios/data/build_places.py ../shared/data scenarios/data

Writes OUTDIR/places.csv (one row per English local authority district of 2021, 309 rows),
OUTDIR/places_provenance.csv (one row per (code, column) whose value is NOT direct district data)
and OUTDIR/README.md (sources, licences, rules).

Every indicator is read from the same row of derivations.py as its England reference in
build_references.py (same file, same column, same year), but kept per district instead of being
summarised.  Geography handling (districts.py), in order, for each district and indicator:

  district-level (LTLA) sources
    1. the district's own code                                   -> direct (no provenance row)
    2. the district's older code for the same area (ONS recodes,  -> direct (reported)
       e.g. E07000100 -> E07000240 St Albans)
    3. all predecessor districts of a 2019-2021 merger present    -> "merged": mean of the
       (BCP, Dorset, Buckinghamshire, N/W Northamptonshire,          predecessors weighted by
       East/West Suffolk, Somerset West and Taunton)                  their 2011 Census population
    4. a file on 2023 geography: the 2023 successor unitary       -> "filled"
       (Cumberland, Westmorland and Furness, North Yorkshire, Somerset)
    5. time series: the same district's nearest other year        -> "filled"
    6. Isles of Scilly: Cornwall's value                           -> "filled"
    7. otherwise the unweighted mean over the region's districts  -> "filled"
       that have a value of their own (steps 1-3)
  county/unitary-level (UTLA) sources
    1. unitary / metropolitan / London code itself                -> direct
    2. E07 district: its county (mySociety lookup column county-la -> E10 code) -> "county"
    3. new unitary absent from the file: the county all its predecessors belonged to
       (e.g. North/West Northamptonshire -> Northamptonshire E10000021)           -> "county"
    4./6./7. as above.

Indicators the shared data does not cover (the `Assumed` rows of derivations.py) are left empty.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from deprivation_profile import fit_profiles
from derivations import DERIVATIONS, Assumed, Computed
from districts import CORNWALL, SCILLY, Geography, Provenance, check_recoded_names, resolve
from sources import LTLA, SharedData, TimeSeries, read_lookup, read_population

log = logging.getLogger(__name__)

CITY, WESTMINSTER = "E09000001", "E09000033"

AGE_BANDS = [  # (column, first age, last age); 90 = "90 and over" in the MYE file
    ("age_0_4", 0, 4),
    ("age_5_15", 5, 15),
    ("age_16_24", 16, 24),
    ("age_25_44", 25, 44),
    ("age_45_64", 45, 64),
    ("age_65_79", 65, 79),
    ("age_80_plus", 80, 200),
]
AGE_COLUMNS = [b[0] for b in AGE_BANDS]
INDICATORS = [r.id for r in DERIVATIONS if r.in_places and isinstance(r, Computed)]
NOT_IN_DATA = [r.id for r in DERIVATIONS if r.in_places and isinstance(r, Assumed)]
"""Indicators without district values in the shared data: their columns are left empty."""


# ------------------------------------------------------------------ base table
def base_table(data: SharedData) -> pd.DataFrame:
    """code, name, population, age shares and female share from the ONS mid-2021 MYE."""
    pop = read_population(data)
    pop = pop[pop["ladcode21"].str.match(LTLA)]
    tot = pop.groupby("ladcode21")["population_2021"].sum()
    base = pd.DataFrame({"code": tot.index, "population": tot.values})
    base["name"] = base["code"].map(
        pop.drop_duplicates("ladcode21").set_index("ladcode21")["ladname21"]
    )
    for col, lo, hi in AGE_BANDS:
        band = pop[(pop.age >= lo) & (pop.age <= hi)].groupby("ladcode21")["population_2021"].sum()
        base[col] = base["code"].map(band).fillna(0) / base["population"]
    fem = pop[pop.sex == 2].groupby("ladcode21")["population_2021"].sum()
    base["female_share"] = base["code"].map(fem) / base["population"]
    base["region"] = base["code"].map(read_lookup(data).set_index("gss-code")["region"])
    missing = base.loc[base["region"].isna(), "code"].tolist()
    if missing:
        raise ValueError(f"no region in mySociety lookup for {missing}")
    return base


def rural_urban(data: SharedData, geo: Geography, prov: Provenance) -> pd.Series:
    """Broad RUC11 class; merged districts classed from their predecessors' 2011 populations."""
    ruc = pd.read_csv(data.path("more/ruc2011_lad18.csv"))
    broad = ruc.drop_duplicates("LAD18CD").set_index("LAD18CD")["Broad RUC11"]
    comp = pd.read_csv(data.path("more/ruc_composite_mysociety_gss.csv")).set_index("gss-code")[
        "ruc-cluster-label"
    ]
    rural = ruc.set_index("LAD11CD")[
        "Rural including hub towns (rural & rural related) population 2011"
    ]
    total = ruc.set_index("LAD11CD")["Total population 2011"]
    out = {}
    for c in geo.codes:
        if c in broad.index:
            out[c] = broad[c]
            continue
        olds = geo.pred.get(c, [])
        if olds and all(o in rural.index for o in olds):
            pct = 100 * rural[olds].sum() / total[olds].sum()
            cls = (
                "Predominantly Urban"
                if pct < 26
                else "Urban with Significant Rural"
                if pct < 50
                else "Predominantly Rural"
            )
            out[c] = cls
            prov.note(
                c,
                "rural_urban",
                "merged",
                f"RUC2011 broad thresholds on the rural (incl. hub towns) share of the summed 2011 "
                f"populations of {', '.join(olds)}: {pct:.1f}% (<26 urban, 26-50 significant rural, "
                f">=50 rural) "
                f"(mySociety composite: {comp.get(c, 'n/a')})",
            )
        elif c in comp.index:
            out[c] = comp[c]
            prov.note(c, "rural_urban", "filled", "mySociety composite RUC cluster label")
        else:
            raise ValueError(f"no rural-urban class for {c}")
    return pd.Series(out)


def ethnic_minority(data: SharedData, geo: Geography, prov: Provenance) -> pd.Series:
    """Share of usual residents outside the White British group (Census 2021).

    The source's ``white`` column is White British, not all White groups: its England and
    Wales share of ``other`` is 25.6%, the Census's share outside White British (outside all
    White groups it is 18.3%)."""
    eth = pd.read_csv(data.path("more/census2021_white_vs_other_by_age_ltla.csv"))
    g = eth.groupby("code")[["white", "other"]].sum()
    share = g["other"] / (g["white"] + g["other"])
    out = share.reindex(geo.codes)
    pairs = [(CITY, WESTMINSTER), (CORNWALL, SCILLY)]
    for a, b in pairs:
        key = a if a in share.index else b
        for c in (a, b):
            out[c] = share[key]
            prov.note(
                c,
                "ethnic_minority_share",
                "merged",
                f"Census 2021 published {a}+{b} together (row {key}); merged value",
            )
    miss = out[out.isna()].index.tolist()
    if miss:
        raise ValueError(f"ethnic_minority_share missing for {miss}")
    log.info(f"  {'ethnic_minority_share':32s} merged: City of London+Westminster, Cornwall+Scilly")
    return out


# ------------------------------------------------------------------ indicators
def scale_by_district(
    geo: Geography,
    values: pd.Series,
    by: pd.Series,
    pop_total: pd.Series,
    row: Computed,
    prov: Provenance,
) -> pd.Series:
    """A district that took its county's value gets it scaled by how much more (or less) of
    row.scale_by it has than the county. Child poverty and income deprivation measure the same
    thing on different counts, so a county figure for Hastings (East Sussex: 15.6%) would
    otherwise sit far from Hastings's own 20% income deprivation.
    """
    assert row.scale_by is not None
    out = values.copy()
    for entry in prov.of(row.id, "county"):
        c = entry["code"]
        cty = geo.county.get(c)
        sibs = [d for d in geo.codes if geo.county.get(d) == cty]
        w = pop_total.reindex(sibs).astype(float)
        county_mean = float((by.reindex(sibs) * w).sum() / w.sum())
        ratio = float(by[c]) / county_mean
        out[c] = round(float(values[c]) * ratio, 3)
        entry["status"] = "scaled"
        entry["rule"] += (
            f"; scaled by the district's {row.scale_by.described} over the county's "
            f"population-weighted mean ({float(by[c]):.4f} / {county_mean:.4f})"
        )
    return out


def district_values(
    row: Computed,
    data: SharedData,
    geo: Geography,
    prov: Provenance,
    done: dict[str, pd.Series],
    pop_total: pd.Series,
) -> pd.Series:
    """One indicator on the 309 districts, in framework units, read as derivations.py says."""
    source = row.district_reads or row.reads
    table = source.read(data)
    if row.transform:
        table = row.transform(table, data)
    check_recoded_names(table)
    fallback = None
    if row.other_years:
        if not isinstance(source, TimeSeries):
            raise TypeError(f"{row.id}: only a time series has other years")
        fallback = source.nearest_years(data)
    values = resolve(
        geo,
        table.set_index("code")["value"],
        row.id,
        prov,
        level=source.level,
        fallback=fallback,
        fallback_label=row.other_years,
    )
    flags = getattr(source, "flags", None)
    if flags is not None:
        noted = {p["code"] for p in prov.rows if p["column"] == row.id}
        for code, (status, rule) in flags(data).items():
            if code in geo.cset and code not in noted:
                prov.note(code, row.id, status, rule)
    if row.scale_by:
        values = scale_by_district(geo, values, done[row.scale_by.indicator], pop_total, row, prov)
    return values


def indicator_columns(
    data: SharedData, geo: Geography, pop_total: pd.Series, prov: Provenance
) -> pd.DataFrame:
    """All indicator columns on the 309 districts; those not in the data empty."""
    cols: dict[str, pd.Series] = {}
    for row in DERIVATIONS:
        if isinstance(row, Computed) and row.in_places:
            cols[row.id] = district_values(row, data, geo, prov, cols, pop_total)
    ind = pd.DataFrame(cols)
    for c in NOT_IN_DATA:
        ind[c] = np.nan
    return ind


# ------------------------------------------------------------------ output
DECIMALS = {
    "population": 0,
    "female_share": 5,
    "ethnic_minority_share": 5,
    "deprivation_mean": 4,
    "deprivation_spread": 4,
    "income_deprivation": 4,
    "crime_deprivation": 4,
    "health_deprivation": 4,
    "co2_per_head": 3,
    "domestic_gas_use": 0,
    "median_weekly_pay": 1,
    "green_space_access": 1,
    "apprenticeship_starts": 3,
    "anxiety": 3,
}
BASE_COLUMNS = [
    "name",
    "region",
    "rural_urban",
    "population",
    *AGE_COLUMNS,
    "female_share",
    "ethnic_minority_share",
    "deprivation_mean",
    "deprivation_spread",
]


def places_table(base: pd.DataFrame, ind: pd.DataFrame) -> pd.DataFrame:
    """The shipped table: base columns then indicators, rounded as DECIMALS says (else 3)."""
    places = base[BASE_COLUMNS].join(ind[INDICATORS + NOT_IN_DATA])
    places.index.name = "code"
    for c in places.columns:
        if c in DECIMALS:
            places[c] = places[c].round(DECIMALS[c])
        elif c.startswith("age_"):
            places[c] = places[c].round(8)
        elif places[c].dtype.kind == "f":
            places[c] = places[c].round(3)
    places["population"] = places["population"].astype(int)
    return places.reset_index()


README = """# places.csv: starting points for English local authority districts (2021 boundaries)

Built by `build_places.py` from the raw public data in the project's shared data folder.
One row per English local authority district of 2021 (309: E06 unitary, E07 district,
E08 metropolitan borough, E09 London borough). Indicator columns are in the units of
`scenarios/framework.yaml` and computed as in `scenarios/data/build_references.py`.
Columns {not_in_data} are left empty: the shared data has no district values
for them (the game uses the England mean and says so).

`places_provenance.csv` lists every (code, column) that is NOT direct district data:
- county: the county (upper-tier) value, for a district in a two-tier area or a new unitary
  whose source predates it (e.g. North/West Northamptonshire take Northamptonshire's value).
- scaled: a county value scaled by a district figure measuring the same thing (no column uses
  it since child poverty has district figures of its own).
- merged: the value belongs to a merged area: the district's predecessors combined
  (2011-population-weighted), or a source that published two districts together
  (Census 2021 City of London+Westminster, Cornwall+Isles of Scilly).
- filled: no value for the district; filled by the rule given (2023 successor unitary, the
  same district's nearest year, Cornwall's value for the Isles of Scilly, or the unweighted
  mean over the region's districts with data).

Derived columns:
- rural_urban: ONS/DEFRA Rural-Urban Classification 2011, Broad RUC11 (LAD 2018 file); for
  districts formed 2019-2021 the official thresholds applied to the summed 2011 populations of
  their predecessors (status merged; the mySociety composite label is given for reference).
- population, age shares, female_share: ONS mid-2021 population estimates.
- ethnic_minority_share: Census 2021, share of usual residents outside the White British
  group (the source's "white" is White British: England and Wales 25.6% other, against 18.3%
  outside all White groups).
- deprivation_mean, deprivation_spread: mean and sd of the national IMD 2019 percentile
  (0 least, 1 most deprived) of the district's neighbourhoods. mean = 0.5 + {k:.2f} x (p - 0.5),
  p = population-weighted rank percentile of the district's IMD average score (share of
  England's population living in less deprived districts, plus half its own); spread = sd of a Beta distribution
  with that mean that best reproduces the district's Proportion of LSOAs in the most deprived
  10% and its Extent (weak pull toward 0.22), clipped to [0.05, 0.33]. The factor {k:.2f} was
  chosen to fit Proportion and Extent over all districts.
- anxiety: mean of the ONS annual estimates for years ending March 2017-2020 (single district
  years are noisy); the England reference uses the year ending March 2020. North and West
  Northamptonshire have only the year ending March 2020 (the source gives no earlier values
  on 2021 boundaries).

Columns read from `scenarios/data/staged/` (compact tables this project derived from public
neighbourhood and area data with `stage_neighbourhoods.py`, `stage_community.py` and
`stage_ethnicity.py`; provenance in `staged/PROVENANCE.csv`):
- income_deprivation_gap: IoD 2019 income deprivation rate (Income Domain numerator over the
  population denominator, per LSOA) of the district's most income-deprived fifth of residents'
  neighbourhoods minus that of its least deprived fifth, population-weighted, in points.
- life_expectancy_gap: MODELLED: England's slope index of inequality in life expectancy by
  national deprivation (ONS 2017-19: males 9.4, females 7.6 years; mean 8.5) times the slope
  of the district's neighbourhoods' national IMD percentile on their own rank in the district.
- housing_affordability: ONS house price to residence-based earnings ratio 2019 (districts).
- voter_turnout (staged by `stage_community.py`): Electoral Commission EU referendum 2016,
  votes cast over electorate by counting area; the 8 districts formed 2019-2021 sum their
  predecessors' votes and electorates (electorate-weighted, status merged).
- loneliness (staged by `stage_community.py`): MODELLED: DCMS Community Life Survey 2020/21
  share lonely often, always or some of the time for each 2011 Output Area Classification
  group, on LSOA 2021 (humaniverse/loneliness), averaged over the district's LSOAs; it
  differs between districts only by their mix of neighbourhood types.
- ethnic_employment_gap (staged by `stage_ethnicity.py`): MODELLED: England's gap between
  White and ethnic minority employment rates (about 11 points, APS), with its part between
  neighbourhoods (1.62 points) replaced by the district's own: 100 x (the Census 2021
  minority-weighted minus the White-weighted mean IoD 2019 employment deprivation rate of
  its LSOAs). Minority here is outside all White groups (Census 2021 TS021 broad groups).
City of London (6 neighbourhoods) and the Isles of Scilly (1) take the filled values for the
three neighbourhood gaps. gender_pay_gap covers only the 72 northern districts (ASHE 2022);
the others are filled with the mean of those 72 and flagged. attainment_gap is the
upper-tier (county) figure for two-tier districts.

## How closely a town built from a place starts at its figures

`thrive run place:CODE` and the ready-made towns generate residents who reproduce these figures
within 0.2 score points, where the figures allow it. They come from different sources, years
and geographies, and a few cannot all hold at once in the model's town; the run's
`summary.json` then reports the miss (`within_tolerance: false`, with `why_not` when a
calibrated constant ended at a bound of its range). Nothing is tuned by hand per place. The
misses left (see docs/model.md for the model side):
- ethnic_employment_gap (the district's modelled gap, 6 to 15.5 points): not reachable
  where ethnic minorities are a large share of residents or unemployment is low, because in
  the model the gap works only through unemployment, not economic inactivity.
- income_deprivation and child_poverty: the Indices of Deprivation count people on
  means-tested benefits, in work or not; where a district has many more of them than its
  employment and pay explain (e.g. Knowsley, Halton), the out-of-work income or the child
  element reaches zero first.
- low_pay: a count of jobs located in the place (London jobs against the London Living Wage,
  which the model now uses for London places), beside the median pay of its residents; a few
  districts whose low-pay figure is the county's still miss.

## Sources and licences

Contains public sector information licensed under the Open Government Licence v3.0.

- Office for National Statistics (ONS): mid-2021 population estimates; Census 2021 ethnic
  group; Annual Population Survey (employment rate, smoking, personal well-being/anxiety);
  Annual Survey of Hours and Earnings (median weekly pay); subregional productivity (GVA per
  hour); health state life expectancies; Health Index for England 2018 inputs; model-based
  unemployment; Rural-Urban Classification 2011 (with DEFRA); ONS Subnational Indicators
  Explorer (Feb 2022) and Explore Local Statistics.
- Ministry of Housing, Communities and Local Government (MHCLG, formerly DLUHC): English
  Indices of Deprivation 2019; rough sleeping snapshot (via the ONS Health Index).
- Department for Transport (DfT): Journey Time Statistics 2019.
- Department for Energy Security and Net Zero (DESNZ, formerly BEIS): local authority CO2
  emissions; sub-national gas consumption.
- Department for Environment, Food and Rural Affairs (DEFRA): ENV18 local authority collected
  waste (recycling rate); Rural-Urban Classification.
- Electoral Commission: EU referendum 2016 results by counting area.
- Department for Culture, Media and Sport (DCMS): Community Life Survey 2020/21, loneliness by
  Output Area Classification group (ad hoc release).
- Office for Health Improvement and Disparities (OHID): obesity profile (Active Lives adults
  overweight), and indicators used as Health Index inputs (depression prevalence, physical
  activity, air pollution, child poverty, life expectancy).
- Department for Education (DfE): attainment by age 19 (GCSE English and maths), apprenticeship
  starts, early years foundation stage profile.
- Ofsted: state-funded school inspection outcomes (good or outstanding schools).
- mySociety: UK local authority names and codes lookup, local authority emissions package
  (code join) and composite rural-urban classification, published under CC BY 4.0
  (https://github.com/mysociety).
"""
"""The README written beside the table; {not_in_data} and {k} are filled in."""


def write_readme(out: Path, k: float) -> None:
    (out / "README.md").write_text(README.format(not_in_data=", ".join(NOT_IN_DATA), k=k))


# ------------------------------------------------------------------ checks
def check(out: Path, base: pd.DataFrame, prov: pd.DataFrame) -> None:
    """Read the written table back and print what a reviewer checks first."""
    chk = pd.read_csv(out / "places.csv")
    pop_codes = set(base.index)
    print("\nChecks:")
    assert len(chk) == 309, len(chk)
    print(f"  rows: {len(chk)} (expected 309)")
    assert chk["code"].is_unique and set(chk["code"]) == pop_codes
    print("  codes unique and all in pop_mye2021_lad21_sya.csv: OK")
    bad = []
    for c in [
        *INDICATORS,
        "rural_urban",
        "region",
        "ethnic_minority_share",
        "deprivation_mean",
        "deprivation_spread",
    ]:
        if chk[c].isna().any():
            bad.append(c)
    for c in NOT_IN_DATA:
        if chk[c].notna().any():
            bad.append(c)
    assert not bad, bad
    print(
        f"  {len(INDICATORS)} indicator columns filled for every row; {len(NOT_IN_DATA)} empty (not in data): {', '.join(NOT_IN_DATA)}"
    )
    ssum = chk[AGE_COLUMNS].sum(axis=1)
    assert (ssum - 1).abs().max() < 1e-6
    print(f"  age shares sum to 1: max |sum-1| = {(ssum - 1).abs().max():.1e}")
    assert chk["deprivation_spread"].between(0.05, 0.33).all()
    print(
        f"  deprivation_mean range {chk.deprivation_mean.min():.3f}-{chk.deprivation_mean.max():.3f}, "
        f"population-weighted mean {np.average(chk.deprivation_mean, weights=chk.population):.3f}; "
        f"spread range {chk.deprivation_spread.min():.3f}-{chk.deprivation_spread.max():.3f}"
    )
    assert set(prov["status"]) <= {"county", "filled", "merged", "scaled"}
    assert not prov.duplicated(["code", "column"]).any()
    print(
        f"  provenance rows: {len(prov)} (county {sum(prov.status == 'county')}, "
        f"merged {sum(prov.status == 'merged')}, filled {sum(prov.status == 'filled')})"
    )
    filled = prov[prov.status == "filled"].groupby("column").size().sort_values(ascending=False)
    print("  filled districts per column: " + ", ".join(f"{c} {n}" for c, n in filled.items()))

    show = ["E07000062", "E08000010", "E06000012", "E07000145", "E08000004"]
    key = [
        "name",
        "rural_urban",
        "population",
        "age_65_79",
        "ethnic_minority_share",
        "deprivation_mean",
        "deprivation_spread",
        "income_deprivation",
        "employment_rate",
        "median_weekly_pay",
        "healthy_life_expectancy",
        "life_expectancy_at_birth",
        "gcse_english_maths",
        "co2_per_head",
        "personal_crime",
    ]
    t = chk.set_index("code").loc[show, key].T
    print("\nKey columns for five towns:")
    with pd.option_context("display.width", 200, "display.max_columns", 10):
        print(t.to_string())
    print(
        f"\nwrote {out / 'places.csv'} ({len(chk)} rows x {chk.shape[1]} columns), "
        f"{out / 'places_provenance.csv'}, {out / 'README.md'}"
    )


def main(root: str, outdir: str) -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout)
    data = SharedData(Path(root))
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    prov = Provenance()

    log.info("Join report (how each column reached the 309 districts):")
    base = base_table(data)
    geo = Geography(data, base)
    base = base.set_index("code")
    base["rural_urban"] = rural_urban(data, geo, prov)
    base["ethnic_minority_share"] = ethnic_minority(data, geo, prov)
    dm, ds, k = fit_profiles(data, geo.codes, base["population"])
    base["deprivation_mean"], base["deprivation_spread"] = dm, ds
    ind = indicator_columns(data, geo, base["population"], prov)

    places_table(base, ind).to_csv(out / "places.csv", index=False)
    provenance = prov.frame()
    provenance.to_csv(out / "places_provenance.csv", index=False)
    write_readme(out, k)
    check(out, base, provenance)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
