#!/usr/bin/env python3
"""Derive one compact table of starting points for English local authority districts.

Usage (run by hand; the game reads only the table it writes):
    python scenarios/data/build_places.py ../shared/data scenarios/data

Writes OUTDIR/places.csv (one row per English local authority district of 2021, 309 rows),
OUTDIR/places_provenance.csv (one row per (code, column) whose value is NOT direct district data)
and OUTDIR/README.md (sources, licences, rules).

Every indicator is computed the way scenarios/data/build_references.py computes the England
reference for it (same file, same column, same year), but kept per district instead of being
summarised.  Geography handling, in order, for each district and indicator:

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

Indicators the shared data does not cover are left empty (see NOT_IN_DATA).
"""

import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

# ------------------------------------------------------------------ constants
LTLA_RE = r"^E0[6789]"
UTLA_RE = r"^E(06|08|09|10)"
SCILLY, CORNWALL = "E06000053", "E06000052"
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

INDICATORS = [
    "air_pollution",
    "living_environment_deprivation",
    "public_transport_to_work",
    "cycle_to_work",
    "crime_deprivation",
    "personal_crime",
    "housing_barriers",
    "housing_affordability",
    "rough_sleeping",
    "healthy_life_expectancy",
    "life_expectancy_at_birth",
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
    "productivity",
    "co2_per_head",
    "domestic_gas_use",
    "recycling_rate",
    "green_space_access",
    "garden_access",
]
NOT_IN_DATA = [
    "volunteering",
    "voter_turnout",
    "cultural_engagement",
    "belonging",
    "loneliness",
    "life_expectancy_gap",
    "gender_pay_gap",
    "attainment_gap",
    "ethnic_employment_gap",
    "residual_waste",
    "active_travel",
    "nature_visits",
]
# ONS recoded Barnsley and Sheffield in 2023 (minor boundary change); the mySociety lookup
# does not list the new codes as successors, so they are named here and checked by name.
RECODES_2023 = {"E08000038": ("E08000016", "Barnsley"), "E08000039": ("E08000019", "Sheffield")}
# Health Index 2018 county rows with implausible personal-crime rates (<20 per 1,000; the
# next-lowest area is 36): excluded exactly as in build_references.py.
HI_CRIME_MIN = 20.0

PROV = []  # provenance records: dict(code, column, status, rule)
JOIN_LOG = []  # join reports, printed at the end


def note(code, column, status, rule):
    """Record that (code, column) is not direct district data."""
    PROV.append({"code": code, "column": column, "status": status, "rule": rule})


def report(msg):
    JOIN_LOG.append(msg)


# ------------------------------------------------------------------ readers
class Data:
    """Paths to the shared raw files (read only)."""

    def __init__(self, root):
        self.root = Path(root)
        self.sub = self.root / "ons_subnational_indicators_2022"
        self.more = self.root / "more"
        self.imd = self.root / "imd2019" / "imd2019_lad21_england.csv"
        self.hi = self.more / "health_index_inputs_utla_2018.csv"

    def read_sub(self, fname, col=2):
        """ONS subnational indicator CSV (5 header lines): Series code -> value."""
        df = pd.read_csv(self.sub / fname, skiprows=5, dtype=str)
        s = pd.Series(
            pd.to_numeric(df.iloc[:, col].str.strip(), errors="coerce").values,
            index=df.iloc[:, 0].str.strip(),
        )
        s = s[s.index.notna()].dropna()
        if s.index.duplicated().any():
            raise ValueError(f"{fname}: duplicated codes")
        return s


# ------------------------------------------------------------------ geography
class Geography:
    """The 309 districts of 2021 and how other geographies map onto them."""

    def __init__(self, data, base):
        self.codes = list(base["code"])
        self.cset = set(self.codes)
        self.region = base.set_index("code")["region"]
        lk = pd.read_csv(data.more / "mysociety_uk_local_authorities_lookup.csv", dtype=str)
        lk = lk[lk["gss-code"].str.startswith("E", na=False)]
        self.lk = lk.set_index("gss-code")
        by3 = lk.set_index("local-authority-code")["gss-code"]

        # 2011 Census populations of 2011 districts (for weighting predecessors)
        ruc = pd.read_csv(data.more / "ruc2011_lad18.csv")
        self.pop2011 = ruc.set_index("LAD11CD")["Total population 2011"]

        # same-area recodes: code used in a source -> 2021 district code
        self.recode = {}
        for gss, r in self.lk.iterrows():
            if isinstance(r["former-gss-codes"], str) and gss in self.cset:
                for old in r["former-gss-codes"].split(","):
                    self.recode[old.strip()] = gss
        for new, (old, _) in RECODES_2023.items():
            self.recode[new] = old

        # predecessors (mergers up to 2021) and 2023 successors, from replaced-by
        self.pred, self.succ = {}, {}
        for gss, r in self.lk.iterrows():
            rep = r["replaced-by"]
            if not isinstance(rep, str) or "," in rep:
                continue
            new = by3.get(rep)
            if gss in self.cset:  # a 2021 district abolished in 2023
                self.succ[gss] = new
            elif new in self.cset and str(r["local-authority-type"]) != "CTY":
                self.pred.setdefault(new, []).append(gss)

        # county of each E07 district (and of each predecessor district)
        self.county = {}
        for gss, r in self.lk.iterrows():
            c = r["county-la"]
            if isinstance(c, str) and c in by3.index:
                self.county[gss] = by3[c]
        for new, olds in self.pred.items():
            cs = {self.county.get(o) for o in olds}
            if new.startswith("E06") and len(cs) == 1 and None not in cs:
                self.county[new] = cs.pop()

    def weighted(self, values, olds):
        """2011-population-weighted mean of predecessor values."""
        w = self.pop2011.reindex(olds)
        if w.isna().any():
            raise ValueError(f"no 2011 population for {list(w[w.isna()].index)}")
        return float(np.average([values[o] for o in olds], weights=w.values))


# ------------------------------------------------------------------ resolution
def resolve(geo, src, column, *, level, fallback=None, fallback_label=""):
    """Put a source Series (code -> value) onto the 309 districts.

    level: "ltla" or "utla".  fallback: optional Series (code -> (value, label)) used before
    the Scilly/region fill, e.g. the nearest other year of the same series.
    Returns a Series over geo.codes; writes provenance and join reports.
    """
    src = src.dropna()
    src = src[~src.index.duplicated()]
    out = pd.Series(np.nan, index=geo.codes, dtype=float)
    own = set()  # districts whose value is their own (direct, recode or merged)
    used = set()
    how = {}
    recode_from = {new: old for old, new in geo.recode.items()}
    for c in geo.codes:
        if c in src.index:
            out[c] = src[c]
            used.add(c)
            own.add(c)
            continue
        old = recode_from.get(c)
        if old in src.index:  # same area under another code (ONS recodes)
            out[c] = src[old]
            used.add(old)
            own.add(c)
            how.setdefault("recoded", []).append(f"{old}->{c}")
            continue
        if level == "utla" and c.startswith("E07"):
            cty = geo.county.get(c)
            if cty in src.index:
                out[c] = src[cty]
                used.add(cty)
                note(c, column, "county", f"value of county {cty} ({geo.lk.loc[cty, 'nice-name']})")
                continue
        if level == "utla" and c in geo.pred and geo.county.get(c) in src.index:
            cty = geo.county[c]
            out[c] = src[cty]
            used.add(cty)
            note(
                c,
                column,
                "county",
                f"value of former county {cty} ({geo.lk.loc[cty, 'nice-name']}) of its predecessor districts",
            )
            how.setdefault("of which new unitary -> former county", []).append(c)
            continue
        olds = geo.pred.get(c, [])
        olds_resolved = []
        for o in olds:
            if o in src.index or (level == "utla" and geo.county.get(o) in src.index):
                olds_resolved.append(o)
        if olds and len(olds_resolved) == len(olds):
            vals = {o: (src[o] if o in src.index else src[geo.county[o]]) for o in olds}
            out[c] = geo.weighted(vals, olds)
            own.add(c)
            used.update(o for o in olds if o in src.index)
            note(
                c,
                column,
                "merged",
                "2011-population-weighted mean of predecessor districts " + ", ".join(olds),
            )
            how.setdefault("merged from predecessors", []).append(c)
            continue
        nxt = geo.succ.get(c)
        if nxt in src.index:
            out[c] = src[nxt]
            used.add(nxt)
            note(
                c,
                column,
                "filled",
                f"value of 2023 successor unitary {nxt} ({geo.lk.loc[nxt, 'nice-name']})",
            )
            how.setdefault("2023 successor", []).append(c)
            continue
        if fallback is not None and c in fallback.index:
            v, lab = fallback[c]
            out[c] = v
            note(c, column, "filled", f"{fallback_label} {lab}")
            how.setdefault(fallback_label, []).append(c)
    # Scilly -> Cornwall, then region means of districts with their own value
    if np.isnan(out[SCILLY]) and not np.isnan(out[CORNWALL]):
        out[SCILLY] = out[CORNWALL]
        note(
            SCILLY, column, "filled", "Cornwall's value (Isles of Scilly not published separately)"
        )
        how.setdefault("Scilly<-Cornwall", []).append(SCILLY)
    reg_mean = out[list(own)].groupby(geo.region[list(own)]).mean()
    for c in out.index[out.isna()]:
        r = geo.region[c]
        out[c] = reg_mean[r]
        note(c, column, "filled", f"mean of {r} districts with data")
        how.setdefault("region mean", []).append(c)
    # join report
    pat = LTLA_RE if level == "ltla" else UTLA_RE
    unused = sorted(x for x in src.index if re.match(pat, str(x)) and x not in used)
    unused = [x for x in unused if not (x.startswith("E10") and level == "utla")]
    bits = [
        f"{k}: {len(v)} ({' '.join(v[:8])}{' ...' if len(v) > 8 else ''})" for k, v in how.items()
    ]
    n_cty = sum(1 for p in PROV if p["column"] == column and p["status"] == "county")
    if n_cty:
        bits.insert(0, f"county: {n_cty}")
    report(f"{column:32s} " + ("; ".join(bits) if bits else "all direct"))
    if unused:
        report(f"{'':32s} source codes matched to no 2021 district: {' '.join(unused)}")
    return out


def nearest_year(series_by_year, target):
    """Series code -> (value, 'YYYY') for each code's available year nearest to target."""
    rows = {}
    for (code, year), v in series_by_year.dropna().items():
        d = abs(year - target)
        if code not in rows or d < rows[code][2]:
            rows[code] = (v, str(year), d)
    return pd.Series({k: (v[0], v[1]) for k, v in rows.items()}, dtype=object)


# ------------------------------------------------------------------ base table
def base_table(data):
    """code, name, population, age shares and female share from the ONS mid-2021 MYE."""
    pop = pd.read_csv(data.more / "pop_mye2021_lad21_sya.csv")
    pop = pop[pop["ladcode21"].str.match(LTLA_RE)]
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
    lk = pd.read_csv(data.more / "mysociety_uk_local_authorities_lookup.csv", dtype=str)
    lk = lk[lk["gss-code"].str.startswith("E", na=False)].set_index("gss-code")
    base["region"] = base["code"].map(lk["region"])
    missing = base.loc[base["region"].isna(), "code"].tolist()
    if missing:
        raise ValueError(f"no region in mySociety lookup for {missing}")
    return base


def rural_urban(data, geo):
    """Broad RUC11 class; merged districts classed from their predecessors' 2011 populations."""
    ruc = pd.read_csv(data.more / "ruc2011_lad18.csv")
    broad = ruc.drop_duplicates("LAD18CD").set_index("LAD18CD")["Broad RUC11"]
    comp = pd.read_csv(data.more / "ruc_composite_mysociety_gss.csv").set_index("gss-code")[
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
            note(
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
            note(c, "rural_urban", "filled", "mySociety composite RUC cluster label")
        else:
            raise ValueError(f"no rural-urban class for {c}")
    return pd.Series(out)


def ethnic_minority(data, geo):
    """Share of usual residents not in the White groups (Census 2021)."""
    eth = pd.read_csv(data.more / "census2021_white_vs_other_by_age_ltla.csv")
    g = eth.groupby("code")[["white", "other"]].sum()
    share = g["other"] / (g["white"] + g["other"])
    out = share.reindex(geo.codes)
    pairs = [(CITY, WESTMINSTER), (CORNWALL, SCILLY)]
    for a, b in pairs:
        key = a if a in share.index else b
        for c in (a, b):
            out[c] = share[key]
            note(
                c,
                "ethnic_minority_share",
                "merged",
                f"Census 2021 published {a}+{b} together (row {key}); merged value",
            )
    miss = out[out.isna()].index.tolist()
    if miss:
        raise ValueError(f"ethnic_minority_share missing for {miss}")
    report(f"{'ethnic_minority_share':32s} merged: City of London+Westminster, Cornwall+Scilly")
    return out


# ------------------------------------------------------------------ deprivation
def beta_tails(m, s, x):
    """P(X>0.9) and E[w(X)] (IMD 'extent' weights) for Beta(mean m, sd s), on grid x."""
    k = m * (1 - m) / s**2 - 1
    a, b = m * k, (1 - m) * k
    logp = (a[..., None] - 1) * np.log(x) + (b[..., None] - 1) * np.log1p(-x)
    logp -= logp.max(axis=-1, keepdims=True)
    p = np.exp(logp)
    p /= p.sum(axis=-1, keepdims=True)
    w_ext = np.clip((x - 0.7) / 0.2, 0, 1)  # 1 in the most deprived 10%, tapering to 0 at 30%
    return (p * (x > 0.9)).sum(-1), (p * w_ext).sum(-1)


def deprivation(data, geo, pop):
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
    imd = pd.read_csv(data.imd).set_index("ltla21_code").reindex(geo.codes)
    order = imd["Score"].sort_values().index
    w = pop.reindex(order)
    p = ((w.cumsum() - w / 2) / w.sum()).reindex(geo.codes)
    prop, ext = imd["Proportion"].values, imd["Extent"].values
    x = (np.arange(2000) + 0.5) / 2000
    s_grid = np.arange(0.05, 0.3301, 0.005)
    best = None
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
    _, k, m, s, p90, e = best
    report(
        f"{'':32s} fitted vs IMD: Proportion r={np.corrcoef(p90, prop)[0, 1]:.2f} "
        f"(mean {p90.mean():.3f} vs {prop.mean():.3f}), Extent r={np.corrcoef(e, ext)[0, 1]:.2f} "
        f"(mean {e.mean():.3f} vs {ext.mean():.3f})"
    )
    report(
        f"{'deprivation_mean/spread':32s} shrink k={k:.2f} chosen by fit to IMD Proportion & Extent"
    )
    return pd.Series(m, index=geo.codes), pd.Series(np.clip(s, 0.05, 0.33), index=geo.codes), k


# ------------------------------------------------------------------ indicators
def wellbeing_anxiety(data, geo):
    """ONS APS mean anxiety (0-10), matched by name, averaged over years ending March 2017-2020.

    build_references.py uses the single year ending March 2020; district values are noisy from
    year to year (data README), so a single district is described by its 4-year mean.
    """

    def norm(s):
        s = re.sub(r"\[note[^\]]*\]", "", str(s)).strip().lower().replace("&", "and")
        s = re.sub(r",\s*(city|county) of$", "", s)
        return re.sub(r"[^a-z0-9]+", " ", s).strip()

    names = {}
    for fn in [
        "Anxiety-Table 1.csv",
        "Life satisfaction-Table 1.csv",
        "Weekly pay-Table 1.csv",
        "Public transport to employer-Table 1.csv",
    ]:
        t = pd.read_csv(data.sub / fn, skiprows=5, dtype=str)
        for c, n in zip(t.iloc[:, 0].str.strip(), t.iloc[:, 1].str.strip(), strict=False):
            if re.match(LTLA_RE, str(c)):
                names.setdefault(norm(n), c)
    for gss, r in geo.lk.iterrows():
        if re.match(LTLA_RE, gss):
            for col in ("nice-name", "official-name"):
                names.setdefault(norm(r[col]), gss)
    wb = pd.read_csv(data.root / "ons_personal_wellbeing" / "uk_wellbeing_full_dataset.csv")
    w = wb[wb.Year.between(2017, 2020)].copy()
    w["code"] = w["Region"].map(lambda s: names.get(norm(s)))
    g = w.dropna(subset=["code", "Anxiety"]).groupby("code")["Anxiety"]
    n = g.size()
    few = n[(n < 4) & n.index.isin(geo.cset)]
    report(
        f"{'anxiety':32s} mean of years ending March 2017-2020; fewer than 4 years for "
        + ", ".join(f"{c} ({k})" for c, k in few.items())
    )
    return g.mean()


def scale_by_income(geo, values, income, pop_total, column):
    """A district that took its county's child poverty gets it scaled by how much more (or
    less) income-deprived it is than the county: value x (district IMD income score / the
    county's population-weighted mean score over its districts). Child poverty and income
    deprivation measure the same thing on different counts, so a county figure for Hastings
    (East Sussex: 15.6%) would otherwise sit far from Hastings's own 20% income deprivation.
    """
    out = values.copy()
    for entry in PROV:
        if entry["column"] != column or entry["status"] != "county":
            continue
        c = entry["code"]
        cty = geo.county.get(c)
        sibs = [d for d in geo.codes if geo.county.get(d) == cty]
        w = pop_total.reindex(sibs).astype(float)
        county_mean = float((income.reindex(sibs) * w).sum() / w.sum())
        ratio = float(income[c]) / county_mean
        out[c] = round(float(values[c]) * ratio, 3)
        entry["status"] = "scaled"
        entry["rule"] += (
            f"; scaled by the district's IMD 2019 income score over the county's "
            f"population-weighted mean ({float(income[c]):.4f} / {county_mean:.4f})"
        )
    return out


def build_indicators(data, geo, pop_total):
    """All indicator columns on the 309 districts, in framework units."""
    cols = {}
    imd = pd.read_csv(data.imd).set_index("ltla21_code")
    hi = pd.read_csv(data.hi).set_index("Area code")
    hi = hi[hi.index.str.match(UTLA_RE)]

    def hi_col(col):
        return hi[col]

    def sub_file(fn):
        return data.read_sub(fn)

    # Place & environment
    cols["air_pollution"] = resolve(geo, hi_col("air_poll"), "air_pollution", level="utla")
    cols["living_environment_deprivation"] = resolve(
        geo, imd["Environment_Score"], "living_environment_deprivation", level="ltla"
    )
    cols["public_transport_to_work"] = resolve(
        geo,
        sub_file("Public transport to employer-Table 1.csv"),
        "public_transport_to_work",
        level="ltla",
    )
    cols["cycle_to_work"] = resolve(
        geo, sub_file("Cycle to employer-Table 1.csv"), "cycle_to_work", level="ltla"
    )
    cols["crime_deprivation"] = resolve(geo, imd["Crime_Score"], "crime_deprivation", level="ltla")
    crime = hi_col("crime_pers")
    bad = crime[crime.index.str.startswith("E10") & (crime < HI_CRIME_MIN)]
    report(
        f"{'personal_crime':32s} excluded {len(bad)} defective county rows (<{HI_CRIME_MIN:g}/1000): "
        + ", ".join(f"{c} {hi.loc[c, 'Area name']}" for c in bad.index)
    )
    cols["personal_crime"] = resolve(geo, crime.drop(bad.index), "personal_crime", level="utla")
    cols["housing_barriers"] = resolve(
        geo, imd["Housing_and_Access_Score"], "housing_barriers", level="ltla"
    )
    cols["housing_affordability"] = resolve(
        geo, hi_col("house_afford"), "housing_affordability", level="utla"
    )
    cols["rough_sleeping"] = resolve(geo, hi_col("rough_sleep"), "rough_sleeping", level="utla")

    # Health
    hle = (sub_file("Female HLE-Table 1.csv") + sub_file("Male HLE-Table 1.csv")) / 2
    cols["healthy_life_expectancy"] = resolve(
        geo, hle.dropna(), "healthy_life_expectancy", level="utla"
    )
    cols["life_expectancy_at_birth"] = resolve(
        geo, hi_col("Pe.1.1.combined.b"), "life_expectancy_at_birth", level="utla"
    )
    cols["health_deprivation"] = resolve(
        geo, imd["Health_Score"], "health_deprivation", level="ltla"
    )
    cols["smoking"] = resolve(geo, sub_file("Smokers-Table 1.csv"), "smoking", level="ltla")
    cols["overweight_adults"] = resolve(
        geo, sub_file("Overweight adults-Table 1.csv"), "overweight_adults", level="ltla"
    )
    cols["physical_activity"] = resolve(geo, hi_col("activity"), "physical_activity", level="utla")
    cols["depression"] = resolve(geo, hi_col("depres"), "depression", level="utla")
    cols["anxiety"] = resolve(geo, wellbeing_anxiety(data, geo), "anxiety", level="ltla")

    # Education
    cols["adult_skills"] = resolve(geo, imd["Education_Score"], "adult_skills", level="ltla")
    starts = sub_file("Apprenticeships starts-Table 1.csv")
    starts = starts[starts.index.isin(pop_total.index)]
    cols["apprenticeship_starts"] = resolve(
        geo, starts / pop_total.reindex(starts.index) * 1000, "apprenticeship_starts", level="ltla"
    )
    cols["gcse_english_maths"] = resolve(
        geo, sub_file("GCSE-Table 1.csv"), "gcse_english_maths", level="ltla"
    )
    cols["early_years"] = resolve(geo, hi_col("ey_dev"), "early_years", level="utla")
    cols["good_schools"] = resolve(
        geo, sub_file("Good or outstanding schools-Table 1.csv"), "good_schools", level="utla"
    )

    # Work & local economy
    cols["employment_rate"] = resolve(
        geo, sub_file("Employment rate-Table 1.csv"), "employment_rate", level="ltla"
    )
    cols["unemployment_rate"] = resolve(geo, hi_col("unempl"), "unemployment_rate", level="utla")
    pay = pd.read_csv(data.more / "median_weekly_pay_els_2002_2022.csv")
    pay = pay[pay.AREACD.str.match(LTLA_RE)].drop_duplicates(["AREACD", "Period"])
    pay_y = pay.set_index(["AREACD", "Period"])["Value"]
    p19 = pay[pay.Period == 2019].set_index("AREACD")["Value"]
    cols["median_weekly_pay"] = resolve(
        geo,
        p19,
        "median_weekly_pay",
        level="ltla",
        fallback=nearest_year(pay_y, 2019),
        fallback_label="same district, ASHE year",
    )
    cols["low_pay"] = resolve(geo, hi_col("low_pay"), "low_pay", level="utla")
    cols["income_deprivation"] = resolve(
        geo, imd["Income_Score"], "income_deprivation", level="ltla"
    )
    cols["child_poverty"] = scale_by_income(
        geo,
        resolve(geo, hi_col("pov_child"), "child_poverty", level="utla"),
        cols["income_deprivation"],
        pop_total,
        "child_poverty",
    )
    cols["productivity"] = resolve(
        geo, sub_file("GVA per hour-Table 1.csv"), "productivity", level="ltla"
    )

    # Sustainability
    co2 = pd.read_csv(data.more / "co2_beis_2005_2020_mysociety_gss.csv")
    co2 = co2[(co2.Year == 2019) & co2["gss-code"].notna()].drop_duplicates("gss-code")
    cols["co2_per_head"] = resolve(
        geo, co2.set_index("gss-code")["Per Person Emissions:t"], "co2_per_head", level="ltla"
    )
    gas = pd.read_csv(data.more / "domestic_gas_kwh_per_meter_els_2012_2024.csv")
    g19 = gas[gas.Period.str.startswith("2019")].drop_duplicates("AREACD").set_index("AREACD")
    for new, (_old, nm) in RECODES_2023.items():
        if new in g19.index and g19.loc[new, "AREANM"] != nm:
            raise ValueError(f"gas file: {new} is {g19.loc[new, 'AREANM']}, expected {nm}")
    cols["domestic_gas_use"] = resolve(geo, g19["Observation"], "domestic_gas_use", level="ltla")
    rec = pd.read_csv(data.more / "recycling_defra_2015_2022.csv")
    rec = rec[rec.area_code.str.match(LTLA_RE)]
    rec["year"] = rec.period.str[:4].astype(int) + 1  # 2019/20 -> 2020
    r20 = rec[rec.period == "2019/20"].set_index("area_code")["value"]
    cols["recycling_rate"] = resolve(
        geo,
        r20,
        "recycling_rate",
        level="ltla",
        fallback=nearest_year(rec.set_index(["area_code", "year"])["value"], 2020),
        fallback_label="same district, DEFRA year ending March",
    )
    cols["green_space_access"] = resolve(
        geo, hi_col("pub_greenspace"), "green_space_access", level="utla"
    )
    cols["garden_access"] = resolve(geo, hi_col("priv_greenspace"), "garden_access", level="utla")
    return pd.DataFrame(cols)


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


def write_readme(out, k):
    text = f"""# places.csv: starting points for English local authority districts (2021 boundaries)

Built by `build_places.py` from the raw public data in the project's shared data folder.
One row per English local authority district of 2021 (309: E06 unitary, E07 district,
E08 metropolitan borough, E09 London borough). Indicator columns are in the units of
`scenarios/framework.yaml` and computed as in `scenarios/data/build_references.py`.
Columns {", ".join(NOT_IN_DATA)} are left empty: the shared data has no district values
for them (the game uses the England mean and says so).

`places_provenance.csv` lists every (code, column) that is NOT direct district data:
- county: the county (upper-tier) value, for a district in a two-tier area or a new unitary
  whose source predates it (e.g. North/West Northamptonshire take Northamptonshire's value).
- scaled: a county value scaled by a district figure measuring the same thing (child poverty:
  the county's share times the district's IMD 2019 income score over the county's
  population-weighted mean score), so that a deprived district of a comfortable county does
  not start with the county's low child poverty beside its own high income deprivation.
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
- ethnic_minority_share: Census 2021, share of usual residents outside the White groups.
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

## How closely a town built from a place starts at its figures

`thrive run place:CODE` and the ready-made towns generate residents who reproduce these figures
within 0.2 score points, where the figures allow it. They come from different sources, years
and geographies, and a few cannot all hold at once in the model's town; the run's
`summary.json` then reports the miss (`within_tolerance: false`, with `why_not` when a
calibrated constant ended at a bound of its range). Nothing is tuned by hand per place. The
misses left (see docs/model.md for the model side):
- ethnic_employment_gap (no district data, so the England mean of 11 points): not reachable
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
    (out / "README.md").write_text(text)


def main(root, outdir):
    data = Data(root)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)

    base = base_table(data)
    geo = Geography(data, base)
    base = base.set_index("code")
    base["rural_urban"] = rural_urban(data, geo)
    base["ethnic_minority_share"] = ethnic_minority(data, geo)
    dm, ds, k = deprivation(data, geo, base["population"])
    base["deprivation_mean"], base["deprivation_spread"] = dm, ds
    ind = build_indicators(data, geo, base["population"])
    for c in NOT_IN_DATA:
        ind[c] = np.nan

    cols = (
        ["name", "region", "rural_urban", "population"]
        + [b[0] for b in AGE_BANDS]
        + ["female_share", "ethnic_minority_share", "deprivation_mean", "deprivation_spread"]
    )
    places = base[cols].join(ind[INDICATORS + NOT_IN_DATA])
    places.index.name = "code"
    for c in places.columns:
        if c in DECIMALS:
            places[c] = places[c].round(DECIMALS[c])
        elif c.startswith("age_"):
            places[c] = places[c].round(8)
        elif places[c].dtype.kind == "f":
            places[c] = places[c].round(3)
    places["population"] = places["population"].astype(int)
    places = places.reset_index()
    places.to_csv(out / "places.csv", index=False)
    prov = pd.DataFrame(PROV, columns=["code", "column", "status", "rule"])
    prov = prov.sort_values(["code", "column"]).reset_index(drop=True)
    prov.to_csv(out / "places_provenance.csv", index=False)
    write_readme(out, k)

    # ---------------------------------------------------------------- checks
    print("Join report (how each column reached the 309 districts):")
    for line in JOIN_LOG:
        print("  " + line)
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
    ssum = chk[[b[0] for b in AGE_BANDS]].sum(axis=1)
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


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
