"""The shared public data, read the same way for both derivations.

`build_references.py` summarises each indicator across England's local authorities and
`build_places.py` puts the same figures onto the 309 districts of 2021. Both read every raw
file through the readers here, so a district's starting value is the very number its England
reference was summarised from, and a fix to how a file is read reaches both tables at once.

A reader returns a *source table*: one row per area in the file's own order, with columns
``code`` (ONS GSS code), ``name`` (the area's name in the file, missing where the file has
none) and ``value`` (NaN where the file lists the area without a figure).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol

import pandas as pd

log = logging.getLogger(__name__)

LTLA = r"^E0[6789]"
"""Lower tier (district) codes: E06 unitary, E07 district, E08 metropolitan, E09 London."""
UTLA = r"^E(06|08|09|10)"
"""Upper tier (county) codes: E06, E08, E09 and E10 county."""
LEVELS = {"LTLA": LTLA, "UTLA": UTLA}

SUBNATIONAL = "ons_subnational_indicators_2022"
HEALTH_INDEX = "more/health_index_inputs_utla_2018.csv"
IMD = "imd2019/imd2019_lad21_england.csv"
WELLBEING = "ons_personal_wellbeing/uk_wellbeing_full_dataset.csv"
POPULATION = "more/pop_mye2021_lad21_sya.csv"
LOOKUP = "more/mysociety_uk_local_authorities_lookup.csv"

NAME_FILES = ("Anxiety", "Life satisfaction", "Weekly pay", "Public transport to employer")
"""Subnational files whose (code, name) pairs, with the mySociety lookup, match names to codes."""


@dataclass(frozen=True)
class SharedData:
    """The shared data folder (read only): every path a derivation reads is relative to it."""

    root: Path

    def path(self, relative: str) -> Path:
        return self.root / relative


class Source(Protocol):
    """A series in the shared data: where it is, at which geography, and how to credit it."""

    @property
    def level(self) -> str: ...

    def read(self, data: SharedData) -> pd.DataFrame: ...

    def citation(self) -> str: ...


class Transform(Protocol):
    """A step between reading a source table and using it (a rate, a plausibility rule)."""

    def __call__(self, table: pd.DataFrame, data: SharedData) -> pd.DataFrame: ...


def table(code: pd.Series, name: pd.Series | None, value: pd.Series) -> pd.DataFrame:
    """A source table from three columns of one file."""
    return pd.DataFrame({"code": code, "name": name, "value": value})


def read_subnational(data: SharedData, stem: str) -> pd.DataFrame:
    """An ONS Subnational Indicators Explorer CSV: 5 header lines, then Area Code, Area, value."""
    df = pd.read_csv(data.path(f"{SUBNATIONAL}/{stem}-Table 1.csv"), skiprows=5, dtype=str)
    out = table(
        df.iloc[:, 0].str.strip(),
        df.iloc[:, 1].str.strip(),
        pd.to_numeric(df.iloc[:, 2].str.strip(), errors="coerce"),
    ).dropna(subset=["code"])
    if out["code"].duplicated().any():
        raise ValueError(f"{stem}: duplicated codes")
    return out


def read_lookup(data: SharedData) -> pd.DataFrame:
    """mySociety's local authorities lookup (names, codes, county, region, replaced-by), the
    English rows."""
    lk = pd.read_csv(data.path(LOOKUP), dtype=str)
    return lk[lk["gss-code"].str.startswith("E", na=False)]


def read_population(data: SharedData) -> pd.DataFrame:
    """ONS mid-2021 population estimates: one row per district (ladcode21), sex and age."""
    return pd.read_csv(data.path(POPULATION))


def population_2021(data: SharedData) -> pd.Series:
    """ONS mid-2021 residents per district (all ages and both sexes summed), by code."""
    return read_population(data).groupby("ladcode21")["population_2021"].sum()


def normalise_name(name: object) -> str:
    """An area name reduced so that the spellings of different files meet."""
    s = re.sub(r"\[note[^\]]*\]", "", str(name)).strip().lower().replace("&", "and")
    s = re.sub(r",\s*(city|county) of$", "", s)
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def district_codes_by_name(data: SharedData) -> dict[str, str]:
    """Normalised district name -> E06-E09 code, from the subnational files and the lookup."""
    names: dict[str, str] = {}
    for stem in NAME_FILES:
        t = read_subnational(data, stem)
        for c, n in zip(t.code, t.name, strict=True):
            if re.match(LTLA, str(c)):
                names.setdefault(normalise_name(n), c)
    for _, r in read_lookup(data).iterrows():
        if re.match(LTLA, str(r["gss-code"])):
            for col in ("nice-name", "official-name"):
                names.setdefault(normalise_name(r[col]), r["gss-code"])
    return names


# ------------------------------------------------------------------------ sources
@dataclass(frozen=True)
class AreaColumn:
    """A column of a file with one row per area (subclasses say which file)."""

    column: str
    file: ClassVar[str]
    code: ClassVar[str]
    name: ClassVar[str | None]
    level: ClassVar[str]
    credit: ClassVar[str]
    """The citation, with {file} and {column} filled in."""

    def read(self, data: SharedData) -> pd.DataFrame:
        df = pd.read_csv(data.path(self.file))
        if not df[self.code].str.match(LEVELS[self.level]).all():
            raise ValueError(f"{self.file} has codes outside {self.level}")
        return table(df[self.code], df[self.name] if self.name else None, df[self.column])

    def citation(self) -> str:
        return self.credit.format(file=self.file, column=self.column)


class HealthIndex(AreaColumn):
    """A column of the ONS Health Index 2018 inputs (counties and unitaries)."""

    file = HEALTH_INDEX
    code = "Area code"
    name = "Area name"
    level = "UTLA"
    credit = (
        "ONS Health Index for England 2018 (beta) raw inputs, via alan-turing-institute/"
        "Health-Index-UK data/England_all_geog_aggregated_2018.csv; file {file} column {column}"
    )


class Deprivation(AreaColumn):
    """A column of the English Indices of Deprivation 2019 district summaries."""

    file = IMD
    code = "ltla21_code"
    name = None
    level = "LTLA"
    credit = (
        "MHCLG English Indices of Deprivation 2019, LAD summaries (average score); "
        "file {file} column {column}"
    )


@dataclass(frozen=True)
class Subnational:
    """An ONS Subnational Indicators Explorer file (or the mean of several, area by area)."""

    stems: str | tuple[str, ...]
    producer: str = ""
    level: str = "LTLA"

    def _stems(self) -> tuple[str, ...]:
        return (self.stems,) if isinstance(self.stems, str) else self.stems

    def read(self, data: SharedData) -> pd.DataFrame:
        tables = [read_subnational(data, s) for s in self._stems()]
        if len(tables) == 1:
            return tables[0]
        values = pd.concat([t.set_index("code")["value"] for t in tables], axis=1, join="inner")
        names = tables[0].set_index("code")["name"].reindex(values.index)
        mean = values.mean(axis=1, skipna=False)  # an area missing from one file has no mean
        return table(pd.Series(values.index), names.values, mean.values)

    def citation(self) -> str:
        files = " & ".join(f"{s}-Table 1.csv" for s in self._stems())
        return (
            f"{self.producer}; via ONS Subnational Indicators Explorer (Feb 2022); "
            f"file {SUBNATIONAL}/{files} column 3"
        )


@dataclass(frozen=True)
class TimeSeries:
    """One period of a long file (one row per area and period) in the shared data's more/."""

    file: str
    code: str
    name: str
    period: str
    value: str
    year: str
    """The period used: rows whose period starts with this text (2019, 2019/20...)."""
    credit: str
    financial_years: bool = False
    """Periods are years ending in March (2019/20 counts as 2020 when finding a nearest year)."""
    level: ClassVar[str] = "LTLA"

    def _rows(self, data: SharedData) -> pd.DataFrame:
        df = pd.read_csv(data.path(f"more/{self.file}"))
        df = df[df[self.code].notna()]
        return table(df[self.code], df[self.name], df[self.value]).assign(
            period=df[self.period].astype(str)
        )

    def year_number(self, period: str) -> int:
        return int(period[:4]) + (1 if self.financial_years else 0)

    def read(self, data: SharedData) -> pd.DataFrame:
        rows = self._rows(data)
        rows = rows[rows["period"].str.startswith(self.year)]
        return rows.drop_duplicates("code").drop(columns="period")

    def nearest_years(self, data: SharedData) -> pd.Series:
        """District code -> (value, 'YYYY') from its available year nearest to the one used."""
        rows = self._rows(data)
        rows = rows[rows["code"].str.match(LTLA)].drop_duplicates(["code", "period"])
        target = self.year_number(self.year)
        best: dict[str, tuple[float, str, int]] = {}
        for code, period, v in zip(rows["code"], rows["period"], rows["value"], strict=True):
            if pd.isna(v):
                continue
            year = self.year_number(period)
            d = abs(year - target)
            if code not in best or d < best[code][2]:
                best[code] = (v, str(year), d)
        return pd.Series({k: (v[0], v[1]) for k, v in best.items()}, dtype=object)

    def citation(self) -> str:
        return self.credit


@dataclass(frozen=True)
class Wellbeing:
    """A column of the ONS annual personal well-being estimates (by name, matched to codes),
    averaged over the years ending March ``first`` to ``last``."""

    column: str
    first: int
    last: int
    credit: str = ""
    level: ClassVar[str] = "LTLA"

    def read(self, data: SharedData) -> pd.DataFrame:
        names = district_codes_by_name(data)
        wb = pd.read_csv(data.path(WELLBEING))
        w = wb[wb.Year.between(self.first, self.last)].copy()
        w["code"] = w["Region"].map(lambda s: names.get(normalise_name(s)))
        w = w[w["code"].notna()]
        if w.duplicated(["code", "Year"]).any():
            raise ValueError(f"well-being {self.column}: two areas matched to one code")
        years = self.last - self.first + 1
        g = w.groupby("code", sort=False)
        n = g[self.column].count()
        unmatched = set(names.values()) - set(w["code"])
        log.info(
            f"  {self.column} {self.years_text()}: {len(unmatched)} English codes in the name "
            "dictionary have no value (suppressed, merged or old codes)"
        )
        few = n[(n > 0) & (n < years)].sort_index()
        if len(few):
            log.info(
                f"  {self.column}: fewer than {years} years for "
                + ", ".join(f"{c} ({k})" for c, k in few.items())
            )
        return table(pd.Series(n.index), g["Region"].first().values, g[self.column].mean().values)

    def years_text(self) -> str:
        return str(self.last) if self.first == self.last else f"{self.first}-{self.last}"

    def citation(self) -> str:
        return self.credit


STAGED = Path(__file__).resolve().parent / "staged"
"""Compact tables this project staged from public neighbourhood data (stage_neighbourhoods.py;
provenance in staged/PROVENANCE.csv): read from the repository, not the shared folder."""


@dataclass(frozen=True)
class DistrictColumn:
    """A column of a table with one row per 2021 district (the shared folder's district/, or
    the project's staged/), optionally averaged over several columns.

    ``flag``: a 0/1 column marking rows whose value is not the district's own, with the
    provenance status and rule given to them. ``drop``: codes whose value is left out (too
    few neighbourhoods to mean anything); the districts rules then fill them.
    """

    file: str
    columns: str | tuple[str, ...]
    credit: str
    flag: str = ""
    flag_status: str = ""
    flag_rule: str = ""
    staged: bool = False
    drop: tuple[str, ...] = ()
    code: str = "gss_code"
    level: ClassVar[str] = "LTLA"

    def _frame(self, data: SharedData) -> pd.DataFrame:
        path = STAGED / self.file if self.staged else data.path(f"district/{self.file}")
        return pd.read_csv(path)

    def read(self, data: SharedData) -> pd.DataFrame:
        df = self._frame(data)
        cols = [self.columns] if isinstance(self.columns, str) else list(self.columns)
        value = df[cols].mean(axis=1, skipna=False)
        value[df[self.code].isin(self.drop)] = float("nan")
        name = df.get("name")
        return table(df[self.code], name, value)

    def flags(self, data: SharedData) -> dict[str, tuple[str, str]]:
        """Code -> (status, rule) for the rows the file marks as not the district's own."""
        if not self.flag:
            return {}
        df = self._frame(data)
        marked = df.loc[df[self.flag].astype(bool), self.code]
        return {c: (self.flag_status, self.flag_rule) for c in marked}

    def citation(self) -> str:
        cols = " & ".join([self.columns] if isinstance(self.columns, str) else self.columns)
        where = f"scenarios/data/staged/{self.file}" if self.staged else f"district/{self.file}"
        return f"{self.credit}; file {where} column {cols}"


@dataclass(frozen=True)
class UpperTierColumn:
    """A column of a district table that repeats upper-tier values onto districts (one value per
    county or unitary, named by ``utla``): read as the upper-tier table it came from, so that
    the England reference counts each county once and districts take their county's value by
    the usual rules."""

    file: str
    column: str
    credit: str
    utla: str = "utla_code"
    level: ClassVar[str] = "UTLA"

    def read(self, data: SharedData) -> pd.DataFrame:
        df = pd.read_csv(data.path(f"district/{self.file}"))
        df = df[df[self.utla].str.match(UTLA, na=False)].drop_duplicates(self.utla)
        names = df.get("utla_name")
        return table(df[self.utla], names, df[self.column])

    def flags(self, data: SharedData) -> dict[str, tuple[str, str]]:
        """Code -> (status, rule) for unitaries whose row carries another area's value."""
        df = pd.read_csv(data.path(f"district/{self.file}"))
        own = df[(df["gss_code"] == df[self.utla]) & df["fallback_area_used"].notna()]
        return {
            c: ("county", f"value of {f} (the source predates the unitary)")
            for c, f in zip(own["gss_code"], own["fallback_area_used"], strict=True)
        }

    def citation(self) -> str:
        return f"{self.credit}; file district/{self.file} column {self.column}"


# ------------------------------------------------------------------------ transforms
@dataclass(frozen=True)
class PerThousandResidents:
    """A count divided by the ONS mid-2021 population, per 1,000 residents."""

    def __call__(self, t: pd.DataFrame, data: SharedData) -> pd.DataFrame:
        pop = population_2021(data).rename("pop")
        out = t.merge(pop, left_on="code", right_index=True, how="left")
        out = out[out["code"].str.match(LTLA)]
        nomatch = out.loc[out["pop"].isna(), "code"].tolist()
        if nomatch:
            log.info(f"  no population for {nomatch}")
        out = out.dropna(subset=["pop"])
        return out.assign(value=out["value"] / out["pop"] * 1000).drop(columns="pop")


@dataclass(frozen=True)
class DropCountiesBelow:
    """Leave out county (E10) rows below a floor: a defect of the source, not a real figure."""

    floor: float

    def __call__(self, t: pd.DataFrame, data: SharedData) -> pd.DataFrame:
        bad = t[t["code"].str.startswith("E10") & (t["value"] < self.floor)]
        log.info(
            f"  excluding {len(bad)} county rows with implausible values (<{self.floor:g}): "
            + ", ".join(f"{r.code} {r.name} {r.value:.1f}" for r in bad.itertuples())
        )
        return t.drop(bad.index)
