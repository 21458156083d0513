"""How a source's areas reach the 309 English districts of 2021, and the record of how each did.

Sources are published on other geographies: older district codes, districts merged since
2019, the 2023 unitaries, counties. `resolve` puts one source onto the 309 districts by the
rules below, in order, and records in the `Provenance` every value that is not the district's
own figure (build_places.py's docstring lists the rules with examples).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sources import LEVELS, SharedData, read_lookup

log = logging.getLogger(__name__)

SCILLY, CORNWALL = "E06000053", "E06000052"
RECODES_2023 = {"E08000038": ("E08000016", "Barnsley"), "E08000039": ("E08000019", "Sheffield")}
"""ONS recoded Barnsley and Sheffield in 2023 (minor boundary change); the mySociety lookup
does not list the new codes as successors, so they are named here and checked by name."""


@dataclass
class Provenance:
    """Every (code, column) whose value is not direct district data, with its status and rule."""

    rows: list[dict[str, str]] = field(default_factory=list)

    def note(self, code: str, column: str, status: str, rule: str) -> None:
        self.rows.append({"code": code, "column": column, "status": status, "rule": rule})

    def of(self, column: str, status: str) -> list[dict[str, str]]:
        return [p for p in self.rows if p["column"] == column and p["status"] == status]

    def frame(self) -> pd.DataFrame:
        prov = pd.DataFrame(self.rows, columns=["code", "column", "status", "rule"])
        return prov.sort_values(["code", "column"]).reset_index(drop=True)


class Geography:
    """The 309 districts of 2021 and how other geographies map onto them."""

    def __init__(self, data: SharedData, base: pd.DataFrame) -> None:
        self.codes: list[str] = list(base["code"])
        self.cset = set(self.codes)
        self.region = base.set_index("code")["region"]
        lk = read_lookup(data)
        self.lk = lk.set_index("gss-code")
        by3 = lk.set_index("local-authority-code")["gss-code"]

        # 2011 Census populations of 2011 districts (for weighting predecessors)
        ruc = pd.read_csv(data.path("more/ruc2011_lad18.csv"))
        self.pop2011 = ruc.set_index("LAD11CD")["Total population 2011"]

        # same-area recodes: code used in a source -> 2021 district code
        self.recode: dict[str, str] = {}
        for gss, r in self.lk.iterrows():
            if isinstance(r["former-gss-codes"], str) and gss in self.cset:
                for old in r["former-gss-codes"].split(","):
                    self.recode[old.strip()] = gss
        for new, (old, _) in RECODES_2023.items():
            self.recode[new] = old
        self.recode_from = {new: old for old, new in self.recode.items()}

        # predecessors (mergers up to 2021) and 2023 successors, from replaced-by
        self.pred: dict[str, list[str]] = {}
        self.succ: dict[str, str] = {}
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
        self.county: dict[str, str] = {}
        for gss, r in self.lk.iterrows():
            c = r["county-la"]
            if isinstance(c, str) and c in by3.index:
                self.county[gss] = by3[c]
        for new, olds in self.pred.items():
            cs = {self.county.get(o) for o in olds}
            if new.startswith("E06") and len(cs) == 1 and None not in cs:
                self.county[new] = str(cs.pop())

    def name(self, code: str) -> str:
        return str(self.lk.loc[code, "nice-name"])

    def weighted(self, values: dict[str, float], olds: list[str]) -> float:
        """2011-population-weighted mean of predecessor values."""
        w = self.pop2011.reindex(olds)
        if w.isna().any():
            raise ValueError(f"no 2011 population for {list(w[w.isna()].index)}")
        return float(np.average([values[o] for o in olds], weights=w.values))


def check_recoded_names(table: pd.DataFrame) -> None:
    """A source using ONS's 2023 codes for Barnsley and Sheffield must name them so."""
    named = table.dropna(subset=["name"]).drop_duplicates("code").set_index("code")["name"]
    for new, (_old, expected) in RECODES_2023.items():
        if new in named.index and named[new] != expected:
            raise ValueError(f"{new} is {named[new]}, expected {expected}")


@dataclass(frozen=True)
class Found:
    """How one district got its value: which source codes, and what the provenance says."""

    value: float
    used: tuple[str, ...] = ()
    own: bool = False
    """The district's own figure (direct, under an older code, or its merged predecessors)."""
    status: str = ""
    rule: str = ""
    how: str = ""
    """The join report's group for it."""
    item: str = ""
    """How the join report lists it (the code by default)."""

    @classmethod
    def at(cls, src: pd.Series, code: str, **how: Any) -> Found:
        """The value src has under one code."""
        return cls(src[code], (code,), **how)


def find(
    geo: Geography,
    src: pd.Series,
    c: str,
    level: str,
    fallback: pd.Series | None,
    fallback_label: str,
) -> Found | None:
    """The first rule that gives district c a value from src (None: no rule did)."""
    if c in src.index:
        return Found.at(src, c, own=True)
    old = geo.recode_from.get(c, "")
    if old in src.index:  # same area under another code (ONS recodes)
        return Found.at(src, old, own=True, how="recoded", item=f"{old}->{c}")
    cty = geo.county.get(c, "")
    if level == "UTLA" and c.startswith("E07") and cty in src.index:
        rule = f"value of county {cty} ({geo.name(cty)})"
        return Found.at(src, cty, status="county", rule=rule)
    if level == "UTLA" and c in geo.pred and cty in src.index:
        rule = f"value of former county {cty} ({geo.name(cty)}) of its predecessor districts"
        return Found.at(
            src, cty, status="county", rule=rule, how="of which new unitary -> former county"
        )
    olds = geo.pred.get(c, [])
    vals = {
        o: src[o] if o in src.index else src[geo.county[o]]
        for o in olds
        if o in src.index or (level == "UTLA" and geo.county.get(o) in src.index)
    }
    if olds and len(vals) == len(olds):
        return Found(
            geo.weighted(vals, olds),
            tuple(o for o in olds if o in src.index),
            own=True,
            status="merged",
            rule="2011-population-weighted mean of predecessor districts " + ", ".join(olds),
            how="merged from predecessors",
        )
    nxt = geo.succ.get(c, "")
    if nxt in src.index:
        rule = f"value of 2023 successor unitary {nxt} ({geo.name(nxt)})"
        return Found.at(src, nxt, status="filled", rule=rule, how="2023 successor")
    if fallback is not None and c in fallback.index:
        v, lab = fallback[c]
        return Found(v, status="filled", rule=f"{fallback_label} {lab}", how=fallback_label)
    return None


def resolve(
    geo: Geography,
    src: pd.Series,
    column: str,
    prov: Provenance,
    *,
    level: str,
    fallback: pd.Series | None = None,
    fallback_label: str = "",
) -> pd.Series:
    """Put a source Series (code -> value) onto the 309 districts.

    level: "LTLA" or "UTLA".  fallback: optional Series (code -> (value, label)) used before
    the Scilly/region fill, e.g. the nearest other year of the same series.
    Returns a Series over geo.codes; writes provenance and logs a join report.
    """
    src = src.dropna()
    src = src[~src.index.duplicated()]
    out = pd.Series(np.nan, index=geo.codes, dtype=float)
    own: set[str] = set()  # districts whose value is their own (direct, recode or merged)
    used: set[str] = set()
    how: dict[str, list[str]] = {}

    def take(c: str, f: Found) -> None:
        out[c] = f.value
        used.update(f.used)
        if f.own:
            own.add(c)
        if f.status:
            prov.note(c, column, f.status, f.rule)
        if f.how:
            how.setdefault(f.how, []).append(f.item or c)

    for c in geo.codes:
        f = find(geo, src, c, level, fallback, fallback_label)
        if f is not None:
            take(c, f)
    # Scilly -> Cornwall, then region means of districts with their own value
    if np.isnan(out[SCILLY]) and not np.isnan(out[CORNWALL]):
        rule = "Cornwall's value (Isles of Scilly not published separately)"
        take(SCILLY, Found(out[CORNWALL], status="filled", rule=rule, how="Scilly<-Cornwall"))
    reg_mean = out[list(own)].groupby(geo.region[list(own)]).mean()
    for c in out.index[out.isna()]:
        r = geo.region[c]
        if r in reg_mean.index:
            rule = f"mean of {r} districts with data"
            take(c, Found(reg_mean[r], status="filled", rule=rule, how="region mean"))
        else:  # a source covering some regions only
            rule = f"mean of the {len(own)} districts with data in England (none in {r})"
            take(c, Found(out[list(own)].mean(), status="filled", rule=rule, how="England mean"))
    log_join(src, column, level, used, how, len(prov.of(column, "county")))
    return out


def log_join(
    src: pd.Series, column: str, level: str, used: set[str], how: dict[str, list[str]], n_cty: int
) -> None:
    """One line per column: how its values reached the districts, and what matched nothing."""
    unused = sorted(x for x in src.index if re.match(LEVELS[level], str(x)) and x not in used)
    unused = [x for x in unused if not (x.startswith("E10") and level == "UTLA")]
    bits = [
        f"{k}: {len(v)} ({' '.join(v[:8])}{' ...' if len(v) > 8 else ''})" for k, v in how.items()
    ]
    if n_cty:
        bits.insert(0, f"county: {n_cty}")
    log.info(f"  {column:32s} " + ("; ".join(bits) if bits else "all direct"))
    if unused:
        log.info(f"  {'':32s} source codes matched to no 2021 district: {' '.join(unused)}")
