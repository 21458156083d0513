#!/usr/bin/env python3
"""England reference distributions for the Thriving Places indicators.

Reads the raw public data in the project's shared data folder (read-only) and writes
scenarios/data/england_references.yaml, the provenance record behind every `reference` block in
scenarios/framework.yaml (tests check that the two agree).

For every indicator the shared data covers, computes the unweighted mean and
sample standard deviation (ddof=1) across English local authorities, plus n,
min, max and the 5th/95th percentiles (numpy linear interpolation).

Geographies:
  LTLA = lower tier / district level: codes E06 (unitary), E07 (district),
         E08 (metropolitan borough), E09 (London borough).
  UTLA = upper tier / county level: E06, E08, E09 and E10 (county).
Indicators not covered by the shared data get an England mean from a named
national publication and an ASSUMED spread (status: assumed).

Run by hand (needs pandas, which mesa brings):
    python scenarios/data/build_references.py [PATH/TO/shared/data]
"""

import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
DATA = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared" / "data"
SUB = DATA / "ons_subnational_indicators_2022"
MORE = DATA / "more"
IMD = DATA / "imd2019" / "imd2019_lad21_england.csv"
HI = MORE / "health_index_inputs_utla_2018.csv"
OUT = HERE

LTLA_RE = r"^E0[6789]"
UTLA_RE = r"^E(06|08|09|10)"

LOG = []


def log(msg):
    LOG.append(msg)
    print(msg)


# ----------------------------------------------------------------- readers
def read_sub(fname, col=2):
    """ONS subnational indicator CSV: 5 header lines, then Area Code, Area, value."""
    df = pd.read_csv(SUB / fname, skiprows=5, dtype=str)
    out = pd.DataFrame(
        {
            "code": df.iloc[:, 0].str.strip(),
            "name": df.iloc[:, 1].str.strip(),
            "value": pd.to_numeric(df.iloc[:, col].str.strip(), errors="coerce"),
        }
    )
    return out.dropna(subset=["code"])


def select(df, pattern, label):
    s = df[df["code"].str.match(pattern, na=False)].copy()
    dup = s["code"].duplicated().sum()
    if dup:
        raise ValueError(f"{label}: {dup} duplicated codes")
    miss = s["value"].isna().sum()
    if miss:
        log(
            f"  {label}: {miss} area(s) with missing value dropped: "
            f"{', '.join(s.loc[s['value'].isna(), 'code'].tolist()[:12])}"
        )
    s = s.dropna(subset=["value"])
    return s


def summarise(values):
    """Mean and sd of the values winsorised at their 5th and 95th percentiles.

    A few extreme areas (the City of London's CO2 per head, Westminster's rough sleeping) would
    otherwise set the spread for everyone and squash every other place towards 5.
    """
    v = np.asarray(values, dtype=float)
    lo, hi = np.percentile(v, [5, 95])
    w = np.clip(v, lo, hi)
    return {
        "n": int(v.size),
        "mean": float(w.mean()),
        "sd": float(w.std(ddof=1)),
        "raw_mean": float(v.mean()),
        "raw_sd": float(v.std(ddof=1)),
        "min": float(v.min()),
        "max": float(v.max()),
        "p05": float(np.percentile(v, 5)),
        "p95": float(np.percentile(v, 95)),
    }


# ---------------------------------------------------------------- rounding
def sig(x, n=3):
    if x is None or x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.{n}g}")


def round_entry(e):
    """sd to 3 significant figures; mean/percentiles to the same decimal
    place as sd (but at least 3 significant figures)."""
    out = dict(e)
    sd = e.get("sd")
    if sd is None:
        return out
    out["sd"] = sig(sd)
    dec = max(0, 2 - math.floor(math.log10(abs(sd)))) if sd else 3
    for k in ("mean", "p05", "p95", "min", "max"):
        v = e.get(k)
        if v is None:
            continue
        d = max(dec, 2 - math.floor(math.log10(abs(v)))) if (k == "mean" and v) else dec
        r = round(v, d)
        out[k] = int(r) if d == 0 else float(r)
    if isinstance(out["sd"], float) and out["sd"].is_integer() and out["sd"] >= 100:
        out["sd"] = int(out["sd"])
    return out


REFS = {}


def add_computed(iid, values, *, unit, direction, year, geography, source, note, extra=None):
    st = summarise(values)
    e = {
        "mean": st["mean"],
        "sd": st["sd"],
        "unit": unit,
        "direction": direction,
        "year": year,
        "geography": geography,
        "n": st["n"],
        "source": source,
        "status": "computed",
        "note": note,
        "p05": st["p05"],
        "p95": st["p95"],
        "min": st["min"],
        "max": st["max"],
    }
    if extra:
        e.update(extra)
    REFS[iid] = e
    log(
        f"{iid:34s} n={st['n']:3d} mean={st['mean']:.4g} sd={st['sd']:.4g} "
        f"min={st['min']:.4g} max={st['max']:.4g}"
    )


def add_assumed(iid, *, mean, sd, unit, direction, year, geography, source, note):
    REFS[iid] = {
        "mean": mean,
        "sd": sd,
        "unit": unit,
        "direction": direction,
        "year": year,
        "geography": geography,
        "n": None,
        "source": source,
        "status": "assumed",
        "note": note,
        "p05": None,
        "p95": None,
    }


# =================================================================== data
imd = pd.read_csv(IMD)
imd = imd.rename(columns={"ltla21_code": "code"})
assert imd["code"].str.match(LTLA_RE).all()


def imd_col(col):
    return imd[["code"]].assign(value=imd[col])


hi = pd.read_csv(HI).rename(columns={"Area code": "code", "Area name": "name"})
assert hi["code"].str.match(UTLA_RE).all(), "health index file has non-UTLA codes"


def hi_col(col):
    return select(hi[["code", "name"]].assign(value=hi[col]), UTLA_RE, f"HI {col}")


HI_SRC = (
    "ONS Health Index for England 2018 (beta) raw inputs, via alan-turing-institute/"
    "Health-Index-UK data/England_all_geog_aggregated_2018.csv; "
    "file more/health_index_inputs_utla_2018.csv column {col}"
)
IMD_SRC = (
    "MHCLG English Indices of Deprivation 2019, LAD summaries (average score); "
    "file imd2019/imd2019_lad21_england.csv column {col}"
)


def sub_src(fname, desc):
    return (
        f"{desc}; via ONS Subnational Indicators Explorer (Feb 2022); "
        f"file ons_subnational_indicators_2022/{fname} column 3"
    )


# ------------------------------------------------ Place & Environment
d = hi_col("air_poll")
add_computed(
    "air_pollution",
    d.value,
    unit="ug/m3 annual mean PM2.5 (population-weighted)",
    direction="lower",
    year="2018 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="air_poll"),
    note="Health Index 'Air pollution' (mean ug/m3, PM2.5 per ONS HI definitions); county rows are whole-county values",
)

add_computed(
    "living_environment_deprivation",
    imd["Environment_Score"],
    unit="IMD 2019 Living Environment domain average score",
    direction="lower",
    year="2019 (IoD2019; indicators mostly 2015-2017)",
    geography="LTLA (2021 boundaries)",
    source=IMD_SRC.format(col="Environment_Score"),
    note="LSOA-population-weighted average of the domain score per district",
)

d = select(read_sub("Public transport to employer-Table 1.csv"), LTLA_RE, "PT")
add_computed(
    "public_transport_to_work",
    d.value,
    unit="minutes (average travel time to nearest employment centre with 500-4999 jobs, public transport/walk)",
    direction="lower",
    year="2019",
    geography="LTLA (2011 boundaries, 326 districts)",
    source=sub_src(
        "Public transport to employer-Table 1.csv",
        "DfT Journey Time Statistics JTS0401 2019, Emp201 500EmpPTt",
    ),
    note="Straight mean of district averages",
)

d = select(read_sub("Cycle to employer-Table 1.csv"), LTLA_RE, "Cycle")
add_computed(
    "cycle_to_work",
    d.value,
    unit="minutes (average travel time to nearest employment centre with 500-4999 jobs, by cycle)",
    direction="lower",
    year="2019",
    geography="LTLA (2011 boundaries, 326 districts)",
    source=sub_src(
        "Cycle to employer-Table 1.csv",
        "DfT Journey Time Statistics JTS0401 2019, Emp210 500EmpCyct",
    ),
    note="Straight mean of district averages",
)

d = hi_col("road_safety")
add_computed(
    "road_safety",
    d.value,
    unit="road casualties per billion vehicle miles (inferred; HI metadata gives no unit)",
    direction="lower",
    year="2018 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="road_safety"),
    note="NOT KSI per population: magnitudes (median ~330, Camden 3061, West Berkshire 105) fit all-severity casualties per traffic volume; heavily right-skewed (London)",
    extra={"log_mean": float(np.log(d.value).mean()), "log_sd": float(np.log(d.value).std(ddof=1))},
)

add_computed(
    "crime_deprivation",
    imd["Crime_Score"],
    unit="IMD 2019 Crime domain average score (z-score scale)",
    direction="lower",
    year="2019 (IoD2019; crime data 2016/17-2017/18)",
    geography="LTLA (2021 boundaries)",
    source=IMD_SRC.format(col="Crime_Score"),
    note="LSOA-population-weighted average of the domain score per district",
)

d = hi_col("crime_pers")
bad = d[d["code"].str.startswith("E10") & (d.value < 20)]
log(
    f"  personal_crime: excluding {len(bad)} county rows with implausible values (<20/1000): "
    + ", ".join(f"{r.name} {r.value:.1f}" for r in bad.itertuples())
)
d = d.drop(bad.index)
add_computed(
    "personal_crime",
    d.value,
    unit="police recorded personal crimes per 1,000 residents",
    direction="lower",
    year="2018 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="crime_pers"),
    note=f"Excluded {len(bad)} county (E10) rows with values 5-14/1000 (Hampshire, Devon, Kent, N Yorks...: aggregation defect in source; next-lowest area is 36)",
)

add_computed(
    "housing_barriers",
    imd["Housing_and_Access_Score"],
    unit="IMD 2019 Barriers to Housing and Services domain average score",
    direction="lower",
    year="2019 (IoD2019)",
    geography="LTLA (2021 boundaries)",
    source=IMD_SRC.format(col="Housing_and_Access_Score"),
    note="LSOA-population-weighted average of the domain score per district",
)

d = hi_col("house_afford")
add_computed(
    "housing_affordability",
    d.value,
    unit="ratio of median house price to median annual earnings",
    direction="lower",
    year="2018 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="house_afford"),
    note="ONS housing affordability ratio as used by the Health Index; London-skewed (max 29.3)",
)

d = hi_col("rough_sleep")
add_computed(
    "rough_sleeping",
    d.value,
    unit="people sleeping rough per 100,000 residents (autumn snapshot)",
    direction="lower",
    year="2018 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="rough_sleep"),
    note="Very skewed (Westminster 120, Camden 54); consider log or capping when scoring",
    extra={"log_mean": float(np.log(d.value).mean()), "log_sd": float(np.log(d.value).std(ddof=1))},
)

# ------------------------------------------------ Health
f = read_sub("Female HLE-Table 1.csv")
m = read_sub("Male HLE-Table 1.csv")
hle = f.merge(m[["code", "value"]], on="code", suffixes=("_f", "_m"))
hle["value"] = (hle["value_f"] + hle["value_m"]) / 2
hle = select(hle, UTLA_RE, "HLE")
assert not hle["code"].str.startswith("E07").any()
add_computed(
    "healthy_life_expectancy",
    hle.value,
    unit="years (healthy life expectancy at birth, mean of female and male)",
    direction="higher",
    year="2017-2019",
    geography="UTLA",
    source=sub_src(
        "Female HLE-Table 1.csv & Male HLE-Table 1.csv",
        "ONS Health state life expectancies 2017-19",
    ),
    note="Unweighted mean of female and male HLE per county/UA, then across areas",
)

d = hi_col("Pe.1.1.combined.b")
add_computed(
    "life_expectancy",
    d.value,
    unit="years (life expectancy at birth, persons)",
    direction="higher",
    year="2018 Health Index input (3-year LE, likely 2016-18)",
    geography="UTLA",
    source=HI_SRC.format(col="Pe.1.1.combined.b"),
    note="Column Pe.1.1.combined.b is life expectancy; column 'hle' (mean 62.8) is HEALTHY life expectancy despite its metadata label",
)

add_computed(
    "health_deprivation",
    imd["Health_Score"],
    unit="IMD 2019 Health Deprivation and Disability domain average score (z-score scale)",
    direction="lower",
    year="2019 (IoD2019)",
    geography="LTLA (2021 boundaries)",
    source=IMD_SRC.format(col="Health_Score"),
    note="LSOA-population-weighted average of the domain score per district",
)

d = select(read_sub("Smokers-Table 1.csv"), LTLA_RE, "Smokers")
alt = hi_col("smoke")
alt_s = summarise(alt.value)
add_computed(
    "smoking",
    d.value,
    unit="% adults (18+) currently smoking cigarettes",
    direction="lower",
    year="Apr-Dec 2020 (APS)",
    geography="LTLA (2019 boundaries)",
    source=sub_src("Smokers-Table 1.csv", "ONS Adult smoking habits (APS) 2020"),
    note=(
        f"2020 APS (pandemic, phone mode) reads ~2pp low vs 2019; pre-pandemic alt: HI 'smoke' 2018 UTLA "
        f"mean {alt_s['mean']:.1f} sd {alt_s['sd']:.2f} n={alt_s['n']}"
    ),
)

d = select(read_sub("Overweight adults-Table 1.csv"), LTLA_RE, "Overweight adults")
add_computed(
    "overweight_adults",
    d.value,
    unit="% adults (18+) overweight or obese (BMI>=25)",
    direction="lower",
    year="2019/20 (Active Lives)",
    geography="LTLA (2021 boundaries)",
    source=sub_src("Overweight adults-Table 1.csv", "OHID Obesity Profile, Active Lives 2019/20"),
    note="Straight mean of district estimates",
)

d = hi_col("activity")
add_computed(
    "physical_activity",
    d.value,
    unit="% adults physically active (>=150 min/week)",
    direction="higher",
    year="2018 Health Index input (Active Lives ~2017/18)",
    geography="UTLA",
    source=HI_SRC.format(col="activity"),
    note="Only physical-activity series in shared data; county-level",
)

d = hi_col("depres")
add_computed(
    "depression",
    d.value,
    unit="% adults (18+) with GP-recorded depression (QOF prevalence)",
    direction="lower",
    year="2018 Health Index input (QOF ~2017/18)",
    geography="UTLA",
    source=HI_SRC.format(col="depres"),
    note="Aggregated to county/UA in the Health Index",
)

# anxiety: ONS personal wellbeing by name, year ending March 2020 (Apr 2019-Mar 2020)
wb = pd.read_csv(DATA / "ons_personal_wellbeing" / "uk_wellbeing_full_dataset.csv")


def norm(s):
    s = re.sub(r"\[note[^\]]*\]", "", str(s)).strip().lower().replace("&", "and")
    s = re.sub(r",\s*(city|county) of$", "", s)
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    return s


names = {}
for fn in [
    "Anxiety-Table 1.csv",
    "Life satisfaction-Table 1.csv",
    "Weekly pay-Table 1.csv",
    "Public transport to employer-Table 1.csv",
]:
    t = read_sub(fn)
    for c, n in zip(t.code, t.name, strict=False):
        if re.match(LTLA_RE, str(c)):
            names.setdefault(norm(n), c)
lk = pd.read_csv(MORE / "mysociety_uk_local_authorities_lookup.csv", dtype=str)
for _, r in lk.iterrows():
    if re.match(LTLA_RE, str(r["gss-code"])):
        for col in ("nice-name", "official-name"):
            names.setdefault(norm(r[col]), r["gss-code"])
w = wb[wb.Year == 2020].copy()
w["code"] = w["Region"].map(lambda s: names.get(norm(s)))
w = w[w["code"].notna()]
unmatched_eng = sorted(set(names.values()) - set(w["code"]))
w = w.rename(columns={"Anxiety": "value"})
d = select(
    w[["code", "Region", "value"]].rename(columns={"Region": "name"}), LTLA_RE, "Anxiety 2019/20"
)
d = d.drop_duplicates("code")
alt21 = select(read_sub("Anxiety-Table 1.csv"), LTLA_RE, "Anxiety 2020/21")
a21 = summarise(alt21.value)
add_computed(
    "anxiety",
    d.value,
    unit="mean anxiety yesterday, 0-10 (ONS APS personal wellbeing)",
    direction="lower",
    year="Apr 2019-Mar 2020",
    geography="LTLA (names matched to codes)",
    source="ONS Annual personal well-being estimates by local authority; file ons_personal_wellbeing/uk_wellbeing_full_dataset.csv column Anxiety, Year==2020",
    note=(
        f"Matched by name to E06-E09 codes; single-year district values are noisy (sd includes sampling error). "
        f"Pandemic 2020/21 subnational file: mean {a21['mean']:.2f} sd {a21['sd']:.2f}"
    ),
)
log(
    f"  anxiety: {len(unmatched_eng)} English codes in name dictionary without a 2020 wellbeing value (suppressed/merged/old codes)"
)

# ------------------------------------------------ Education
tr = hi_col("training")
trs = summarise(tr.value)
add_computed(
    "adult_skills",
    imd["Education_Score"],
    unit="IMD 2019 Education, Skills and Training domain average score",
    direction="lower",
    year="2019 (IoD2019)",
    geography="LTLA (2021 boundaries)",
    source=IMD_SRC.format(col="Education_Score"),
    note=(
        f"Domain mixes children's attainment and adult skills (overlaps childrens_education). Alt adult measure: "
        f"HI 'training' (% 16-64 with job-related training, higher better) 2018 UTLA mean {trs['mean']:.1f} sd {trs['sd']:.2f}"
    ),
)

st = select(read_sub("Apprenticeships starts-Table 1.csv"), LTLA_RE, "Apprenticeship starts")
pop = pd.read_csv(MORE / "pop_mye2021_lad21_sya.csv")
pop = (
    pop.groupby("ladcode21")["population_2021"]
    .sum()
    .rename("pop")
    .reset_index()
    .rename(columns={"ladcode21": "code"})
)
ap = st.merge(pop, on="code", how="left")
nomatch = ap[ap["pop"].isna()]["code"].tolist()
if nomatch:
    log(f"  apprenticeships: no population for {nomatch}")
ap = ap.dropna(subset=["pop"])
ap["value"] = ap["value"] / ap["pop"] * 1000
add_computed(
    "apprenticeship_starts",
    ap.value,
    unit="apprenticeship starts per 1,000 residents (all ages)",
    direction="higher",
    year="2020/21 starts / mid-2021 population",
    geography="LTLA (2021 boundaries)",
    source=(
        "DfE Apprenticeships and traineeships 2020/21 (starts by home LAD), ons_subnational_indicators_2022/"
        "Apprenticeships starts-Table 1.csv; divided by ONS MYE 2021 more/pop_mye2021_lad21_sya.csv population_2021 summed"
    ),
    note="Pandemic year (starts ~18% below 2018/19); all-ages denominator; armed-forces outliers (Richmondshire 56, Gosport 19) inflate sd - see median/p95",
    extra={"median": float(np.median(ap.value))},
)

d = select(read_sub("GCSE-Table 1.csv"), LTLA_RE, "GCSE")
add_computed(
    "gcse_english_maths",
    d.value,
    unit="% young people with GCSE (or equiv.) English and maths by age 19",
    direction="higher",
    year="2019/20 (cohort aged 19)",
    geography="LTLA (2019 boundaries)",
    source=sub_src("GCSE-Table 1.csv", "DfE Level 2 and 3 attainment by age 19, L2_em"),
    note="Straight mean of district percentages",
)

d = hi_col("ey_dev")
eys = []
for fn in [
    "Early yrs comms-Table 1.csv",
    "Early yrs lit-Table 1.csv",
    "Early yrs maths-Table 1.csv",
]:
    eys.append(select(read_sub(fn), UTLA_RE, fn).set_index("code")["value"])
ey3 = pd.concat(eys, axis=1, join="inner").mean(axis=1)
ey3s = summarise(ey3)
add_computed(
    "early_years",
    d.value,
    unit="% children achieving a good level of development at age 5 (EYFSP GLD)",
    direction="higher",
    year="2017/18 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="ey_dev"),
    note=(
        f"GLD is the headline EYFSP measure. Alt (2019, UTLA): mean of % expected in communication, literacy, maths "
        f"(subnational files) mean {ey3s['mean']:.1f} sd {ey3s['sd']:.2f} n={ey3s['n']}"
    ),
)

d = select(read_sub("Good or outstanding schools-Table 1.csv"), UTLA_RE, "Good schools")
assert not d["code"].str.startswith("E07").any()
add_computed(
    "good_schools",
    d.value,
    unit="% state-funded schools rated good or outstanding by Ofsted",
    direction="higher",
    year="Aug 2021 (most recent inspections)",
    geography="UTLA (2021 boundaries)",
    source=sub_src(
        "Good or outstanding schools-Table 1.csv",
        "Ofsted state-funded schools inspections and outcomes at 31 Aug 2021",
    ),
    note="Share of SCHOOLS (not pupils) rated good/outstanding; spec asks for share of pupils",
)

# ------------------------------------------------ Work & local economy
d = select(read_sub("Employment rate-Table 1.csv"), LTLA_RE, "Employment rate")
add_computed(
    "employment_rate",
    d.value,
    unit="% of people aged 16-64 in employment",
    direction="higher",
    year="Jan-Dec 2020 (APS)",
    geography="LTLA (2021 boundaries)",
    source=sub_src("Employment rate-Table 1.csv", "ONS APS LI01 employment rate 16-64, 2020"),
    note="Only year available; 2020 national rate ~0.5pp below 2019",
)

d = hi_col("unempl")
add_computed(
    "unemployment_rate",
    d.value,
    unit="% of economically active aged 16+ unemployed (model-based)",
    direction="lower",
    year="2018 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="unempl"),
    note="ONS model-based unemployment estimates, county/UA",
)

pay = pd.read_csv(MORE / "median_weekly_pay_els_2002_2022.csv")
pay = pay[pay.Period == 2019].rename(columns={"AREACD": "code", "AREANM": "name", "Value": "value"})
d = select(
    pay[["code", "name", "value"]].drop_duplicates("code"), LTLA_RE, "Median weekly pay 2019"
)
add_computed(
    "median_weekly_pay",
    d.value,
    unit="GBP per week (gross median, all employees, residence-based)",
    direction="higher",
    year="2019 (ASHE April 2019)",
    geography="LTLA (2021 boundaries)",
    source="ONS ASHE via ONS Explore Local Statistics; file more/median_weekly_pay_els_2002_2022.csv column Value, Period==2019",
    note="All employees incl. part-time (hence ~GBP 480, not the ~GBP 590 full-time figure)",
)

d = hi_col("low_pay")
add_computed(
    "low_pay",
    d.value,
    unit="% of employee jobs paid below the (real) Living Wage",
    direction="lower",
    year="2018 (Health Index 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="low_pay"),
    note="HI metadata says 'below NLW' but levels (mean 25%, max 49%) only fit the Living Wage Foundation threshold",
)

add_computed(
    "income_deprivation",
    imd["Income_Score"],
    unit="share of residents income-deprived (0-1, IMD Income score)",
    direction="lower",
    year="2019 (IoD2019; benefits data 2015/16)",
    geography="LTLA (2021 boundaries)",
    source=IMD_SRC.format(col="Income_Score"),
    note="Multiply by 100 for a percentage",
)

d = hi_col("pov_child")
add_computed(
    "child_poverty",
    d.value,
    unit="% children (0-15) in absolute low-income families (before housing costs)",
    direction="lower",
    year="2018 Health Index input (DWP CiLIF ~2017/18)",
    geography="UTLA",
    source=HI_SRC.format(col="pov_child"),
    note="County/UA level",
)

d = select(read_sub("GVA per hour-Table 1.csv"), LTLA_RE, "GVA per hour")
add_computed(
    "productivity",
    d.value,
    unit="GBP nominal smoothed GVA per hour worked",
    direction="higher",
    year="2019",
    geography="LTLA (2021 boundaries)",
    source=sub_src("GVA per hour-Table 1.csv", "ONS Subregional productivity, table A3, 2019"),
    note="Straight mean of district values",
)

# ------------------------------------------------ Sustainability
co2 = pd.read_csv(MORE / "co2_beis_2005_2020_mysociety_gss.csv")
co2 = co2[co2.Year == 2019].rename(
    columns={"gss-code": "code", "official-name": "name", "Per Person Emissions:t": "value"}
)
d = select(co2[["code", "name", "value"]], LTLA_RE, "CO2 2019")
add_computed(
    "co2_per_head",
    d.value,
    unit="tonnes CO2 per resident (territorial; sectors in file: industry incl. large installations, commercial, public, domestic, A/minor-road transport, agriculture, waste; no motorways, no LULUCF)",
    direction="lower",
    year="2019",
    geography="LTLA (pre-2023 boundaries)",
    source="BEIS UK local authority CO2 emissions 2005-2020 via mySociety; file more/co2_beis_2005_2020_mysociety_gss.csv column 'Per Person Emissions:t', Year==2019",
    note="Right-skewed: City of London 65.9 t (tiny resident population), industrial districts high; median 4.1 t; consider log or capping",
    extra={"median": float(np.median(d.value))},
)

gas = pd.read_csv(MORE / "domestic_gas_kwh_per_meter_els_2012_2024.csv")
gas = gas[gas.Period.str.startswith("2019")].rename(
    columns={"AREACD": "code", "AREANM": "name", "Observation": "value"}
)
d = select(gas[["code", "name", "value"]].drop_duplicates("code"), LTLA_RE, "Gas 2019")
add_computed(
    "domestic_gas_use",
    d.value,
    unit="kWh per domestic gas meter per year (mean consumption)",
    direction="lower",
    year="2019 (gas year from mid-May 2019)",
    geography="LTLA (2023 boundaries)",
    source="DESNZ Sub-national gas consumption via ONS Explore Local Statistics; file more/domestic_gas_kwh_per_meter_els_2012_2024.csv column Observation, Period 2019-05-15/P1Y",
    note="Weather-corrected mean per meter; districts with no gas grid (Scilly) absent",
)

rec = pd.read_csv(MORE / "recycling_defra_2015_2022.csv")
rec = rec[rec.period == "2019/20"].rename(columns={"area_code": "code", "area_name": "name"})
d = select(rec[["code", "name", "value"]], LTLA_RE, "Recycling 2019/20")
add_computed(
    "recycling_rate",
    d.value,
    unit="% household waste sent for reuse, recycling or composting",
    direction="higher",
    year="2019/20",
    geography="LTLA (waste collection authorities & unitaries)",
    source="DEFRA ENV18 local authority collected waste (NI192) via traffordDataLab; file more/recycling_defra_2015_2022.csv column value, period==2019/20",
    note="E10 county (disposal authority) rows excluded",
)

d = hi_col("pub_greenspace")
add_computed(
    "green_space_access",
    d.value,
    unit="metres, average distance to nearest park, public garden or playing field",
    direction="lower",
    year="2020 (ONS/OS green space release, used as HI 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="pub_greenspace"),
    note="Large rural counties dominate the upper tail (Shropshire 2860 m); LTLA spread would be wider",
)

d = hi_col("priv_greenspace")
add_computed(
    "garden_access",
    d.value,
    unit="% of addresses with private outdoor space (garden)",
    direction="higher",
    year="2020 (ONS/OS release, used as HI 2018 input)",
    geography="UTLA",
    source=HI_SRC.format(col="priv_greenspace"),
    note="Inner London 60-65%; left-skewed",
)

# ================================================================ assumed
A = dict(geography="LTLA (assumed spread)")
add_assumed(
    "volunteering",
    mean=23.0,
    sd=4.0,
    unit="% adults (16+) formally volunteering at least once a month",
    direction="higher",
    year="2019/20",
    source="DCMS Community Life Survey 2019/20, Volunteering and charitable giving (England 23%)",
    note="Assumed sd 4pp: CLS is too small for LAs; Active Lives LA volunteering rates span roughly 15-30%",
    **A,
)
add_assumed(
    "voter_turnout",
    mean=35.0,
    sd=5.0,
    unit="% turnout at local council elections",
    direction="higher",
    year="2018-2019",
    source="Electoral Commission, Results and turnout at the May 2018 England local elections (34.7%); 2019 elections similar",
    note="Assumed sd 5pp: council turnouts typically range ~25% (inner-urban/metropolitan) to ~45% (affluent districts)",
    **A,
)
add_assumed(
    "cultural_engagement",
    mean=76.0,
    sd=5.0,
    unit="% adults engaging with the arts (attend or participate) in the last 12 months",
    direction="higher",
    year="2019/20",
    source="DCMS Taking Part Survey 2019/20, Arts (76%); heritage visits 72.4% in 2018/19",
    note="Assumed sd 5pp; 'arts OR heritage' would be higher (~85%) but is not published; use one definition consistently",
    **A,
)
add_assumed(
    "belonging",
    mean=63.0,
    sd=5.0,
    unit="% adults who feel they belong (very/fairly strongly) to their immediate neighbourhood",
    direction="higher",
    year="2019/20",
    source="DCMS Community Life Survey 2019/20 (62% in 2018/19; 65% in 2020/21 'in line with 2019/20')",
    note="Assumed sd 5pp: older, rural and less mobile areas higher, inner London and student towns lower",
    **A,
)
add_assumed(
    "loneliness",
    mean=6.0,
    sd=2.0,
    unit="% adults (16+) often or always lonely",
    direction="lower",
    year="2019/20",
    source="DCMS Community Life Survey 2019/20, Wellbeing and loneliness (6%)",
    note="Assumed sd 2pp (small base rate; ONS OPN LA estimates roughly 3-12%)",
    **A,
)
add_assumed(
    "life_expectancy_gap",
    mean=7.5,
    sd=2.5,
    unit="years, slope index of inequality in life expectancy at birth within the LA (mean of male and female)",
    direction="lower",
    year="2016-18",
    source="OHID Fingertips / PHOF indicator 'Inequality in life expectancy at birth' (England SII 2015-17: male 9.4, female 7.4, ONS)",
    note="Assumed: within-LA SIIs are smaller than England's; typical LA male ~8.5, female ~6.5, range ~2-15 years",
    **A,
)
add_assumed(
    "income_ratio",
    mean=8.2,
    sd=1.6,
    unit="ratio of mean equivalised weekly income (work, benefits, pensions), top fifth / bottom fifth of residents",
    direction="lower",
    year="2019 (model measure)",
    source="The town model's own measure for an England-average town (every indicator at its England reference); ONS Effects of taxes and benefits on household income FYE 2019 gives about 5 for UK disposable income",
    note="Assumed: no official local-authority series exists. The mean is what our town model measures for an England-average town (higher than ONS's 5 because our incomes leave out in-work benefits and taxes); the spread assumes a fifth of the mean",
    **A,
)
add_assumed(
    "gender_pay_gap",
    mean=17.0,
    sd=8.0,
    unit="% gap in median hourly pay (excl. overtime), men vs women, all employees",
    direction="lower",
    year="2019",
    source="ONS ASHE 2019 gender pay gap (UK all employees 17.3%; full-time 8.9%)",
    note="Assumed sd 8pp: LA-level ASHE gaps are noisy and range roughly -5% to +35%",
    **A,
)
add_assumed(
    "attainment_gap",
    mean=27.0,
    sd=5.0,
    unit="percentage points, GCSE English and maths grade 4+: non-disadvantaged minus disadvantaged pupils",
    direction="lower",
    year="2018/19",
    source="DfE Key stage 4 performance 2018/19 national characteristics (71.8% vs 44.7%)",
    note="Assumed sd 5pp: London gaps ~15pp, some shire/coastal areas 30-35pp",
    **A,
)
add_assumed(
    "ethnic_employment_gap",
    mean=11.0,
    sd=8.0,
    unit="percentage points, employment rate (16-64) White minus ethnic minority",
    direction="lower",
    year="2019",
    source="ONS Annual Population Survey 2019 via Ethnicity facts and figures (national gap ~10-12pp)",
    note="Assumed sd 8pp: LA APS sub-samples of ethnic minority residents are small outside cities",
    **A,
)
add_assumed(
    "residual_waste",
    mean=545.0,
    sd=90.0,
    unit="kg residual household waste per household per year",
    direction="lower",
    year="2019/20",
    source="DEFRA ENV18 Local authority collected waste statistics 2019/20 (residual household waste per household, England ~540-550 kg)",
    note="Assumed sd 90 kg: high-recycling districts ~350 kg, low-recycling urban areas ~750 kg; national figure from memory, check ENV18",
    **A,
)
add_assumed(
    "active_travel",
    mean=35.0,
    sd=8.0,
    unit="% adults walking or cycling for travel at least 3 times a week",
    direction="higher",
    year="2018/19",
    source="DfT Walking and cycling statistics (Active Lives), table CW0303 family, England 2018/19",
    note="Assumed: mean approximate (not verified to the table); sd 8pp: London/university cities >45%, rural districts <25%",
    **A,
)
add_assumed(
    "nature_visits",
    mean=62.0,
    sd=8.0,
    unit="% adults visiting green and natural spaces at least once a week",
    direction="higher",
    year="2018/19",
    source="Natural England Monitor of Engagement with the Natural Environment (MENE) headline report 2019",
    note="Assumed sd 8pp: lower in deprived urban areas and among older/ethnic-minority populations; national ~62-64%",
    **A,
)


# ============================================================ order & write
order = list(REFS)

KEYS = [
    "mean",
    "sd",
    "unit",
    "direction",
    "year",
    "geography",
    "n",
    "source",
    "status",
    "note",
    "p05",
    "p95",
    "min",
    "max",
    "log_mean",
    "log_sd",
    "median",
]
out = {}
for iid in order:
    e = round_entry(REFS[iid])
    for k in ("log_mean", "log_sd", "median"):
        if k in e:
            e[k] = sig(e[k])
    out[iid] = {k: e[k] for k in KEYS if k in e}

OUT.mkdir(parents=True, exist_ok=True)
header = (
    "# England reference distributions for Thriving Places indicators\n"
    "# Generated by scenarios/data/build_references.py from the shared public data (do not edit by hand).\n"
    "# mean/sd: unweighted across English local authorities, winsorised at the 5th/95th percentiles, sd with ddof=1.\n"
    "# LTLA = E06/E07/E08/E09 districts; UTLA = E06/E08/E09/E10 counties & unitaries.\n"
    "# status 'assumed' = national figure from a named publication + assumed LA spread.\n"
    "# Contains public sector information licensed under the Open Government Licence v3.0.\n"
)
with open(OUT / "england_references.yaml", "w") as fh:
    fh.write(header)
    yaml.safe_dump(out, fh, sort_keys=False, allow_unicode=True, width=1000)

print(f"wrote {OUT / 'england_references.yaml'} ({len(out)} indicators)")
