#!/usr/bin/env python3
"""Write docs/validation.md: how the starting scores of the 309 districts look, and how far to
trust them.

Usage (from the repository root):
    python scenarios/data/validation.py [SHARED_DATA] [OUT]

Reads the scores ``thrive places`` lists (model/places.py, from scenarios/data/places.csv) and,
from the shared public data folder (default ../shared/data), the Indices of Deprivation 2019
district summaries (average score) and ONS personal wellbeing (life satisfaction), and writes:
the distribution of each headline element across districts, by region and by rural-urban
class; its correlation with deprivation and with life satisfaction; the five pilot towns'
starting scores, each with a sentence on whether they match what their data says; the coverage
targets (scenarios/data/coverage.py); and where the data and scoring fall short of the
published TPI method. A test reruns it and finds the shipped report unchanged.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

PILOTS = {
    "E08000010": "Wigan",
    "E06000012": "North East Lincolnshire (Grimsby)",
    "E07000145": "Great Yarmouth",
    "E07000062": "Hastings",
    "E08000004": "Oldham",
}
WELLBEING_YEARS = range(2013, 2020)
"""Years ending March 2013 to 2019: seven years before the pandemic, averaged, because one
year's district figure is noise (the shared data's README: r = 0.27 between two years)."""


def imd_scores(shared: Path) -> dict[str, float]:
    """IMD 2019 average score by district code (higher: more deprived), read as the
    derivations read it (sources.Deprivation)."""
    from sources import Deprivation, SharedData

    t = Deprivation("Score").read(SharedData(shared))
    return {str(c): float(v) for c, v in zip(t["code"], t["value"], strict=True)}


def life_satisfaction(shared: Path, codes: list[str]) -> tuple[dict[str, float], int]:
    """Mean life satisfaction over :data:`WELLBEING_YEARS` by district code (matched by name
    as the derivations match the anxiety series: sources.Wellbeing), and how many of ``codes``
    found no value."""
    from sources import SharedData, Wellbeing

    years = Wellbeing("Life_satisfaction", WELLBEING_YEARS.start, WELLBEING_YEARS.stop - 1)
    found = years.read(SharedData(shared)).dropna(subset=["value"])
    out = {str(c): float(v) for c, v in zip(found["code"], found["value"], strict=True)}
    out = {c: v for c, v in out.items() if c in set(codes)}
    return out, len(codes) - len(out)


def _table(head: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return out


def _rank_word(rank: int, n: int) -> str:
    third = n / 3
    return (
        "the top third"
        if rank <= third
        else "the middle third"
        if rank <= 2 * third
        else ("the bottom third")
    )


def report(shared: Path) -> str:
    from coverage import targets

    from model.loading import load_framework
    from model.places import load_places, start_figures, start_scorecard
    from model.scoring import band_of

    fw = load_framework()
    places = load_places()
    heads = np.array([start_scorecard(p, fw).headlines for p in places])
    names = {h: fw.name_of(h) for h in fw.headline_ids}
    n = len(places)
    imd = imd_scores(shared)
    life, unmatched = life_satisfaction(shared, [p.code for p in places])
    lines = [
        "# Validation: the starting scores of England's districts",
        "",
        "Written by `python scenarios/data/validation.py` from the scores `thrive places` lists",
        "(each district's figures in `scenarios/data/places.csv`, scored by the framework), the",
        "English Indices of Deprivation 2019 (MHCLG) and ONS Annual Population Survey personal",
        "wellbeing. Contains public sector information licensed under the Open Government Licence",
        "v3.0. A test reruns the script and finds this page unchanged.",
        "",
        f"## How the {n} districts score",
        "",
    ]
    rows = []
    for k, h in enumerate(fw.headline_ids):
        s = heads[:, k]
        q = np.percentile(s, [10, 50, 90])
        rows.append(
            [
                names[h],
                f"{s.min():.2f}",
                f"{q[0]:.2f}",
                f"{q[1]:.2f}",
                f"{q[2]:.2f}",
                f"{s.max():.2f}",
                f"{s.std(ddof=1):.2f}",
            ]
        )
    lines += _table(["headline", "lowest", "10th pct", "median", "90th pct", "highest", "sd"], rows)
    for label, attr in (("region", "region"), ("rural-urban class", "rural_urban")):
        groups: dict[str, list[int]] = defaultdict(list)
        for j, p in enumerate(places):
            groups[getattr(p, attr)].append(j)
        lines += ["", f"Mean score by {label} (number of districts):", ""]
        rows = [
            [g, str(len(idx))] + [f"{heads[idx, k].mean():.2f}" for k in range(len(names))]
            for g, idx in sorted(groups.items())
        ]
        lines += _table([label, "n"] + [names[h] for h in fw.headline_ids], rows)
    lines += [
        "",
        "## What the scores go with",
        "",
        "Correlation across districts (Pearson r, and Spearman's rank rho) of each headline",
        "with the IMD 2019 average score (higher is more deprived) and with mean life",
        f"satisfaction over the years ending March {WELLBEING_YEARS.start} to "
        f"{WELLBEING_YEARS.stop - 1} ({len(life)} districts matched by name, {unmatched} not).",
        "The TPI expects its scores to go with subjective wellbeing; a headline that only",
        "restated deprivation would add nothing to the Indices.",
        "",
    ]
    rows = []
    codes = [p.code for p in places]
    for k, h in enumerate(fw.headline_ids):
        cells = [names[h]]
        for values in (imd, life):
            idx = [j for j, c in enumerate(codes) if c in values]
            x = heads[idx, k]
            y = np.array([values[codes[j]] for j in idx])
            r = stats.pearsonr(x, y).statistic
            rho = stats.spearmanr(x, y).statistic
            cells.append(f"{r:+.2f} / {rho:+.2f}")
        rows.append(cells)
    lines += _table(["headline", "with deprivation (r / rho)", "with life satisfaction"], rows)
    lines += ["", "## The five pilot towns", ""]
    order = {h: np.argsort(-heads[:, k]) for k, h in enumerate(fw.headline_ids)}
    imd_rank = {c: r + 1 for r, c in enumerate(sorted(imd, key=lambda c: -imd[c]))}
    for code, label in PILOTS.items():
        j = codes.index(code)
        card = start_scorecard(places[j], fw)
        figures = start_figures(places[j], fw)
        parts = []
        for k, h in enumerate(fw.headline_ids):
            rank = int(np.flatnonzero(order[h] == j)[0]) + 1
            band = band_of(float(card.headlines[k]), fw.bands)
            parts.append(f"{names[h]} {card.headlines[k]:.2f} ({band.name}, {rank} of {n})")
        # measured for the district itself: not county, filled or modelled figures
        own = [f for f in figures if f.geography == "district"]
        best = max(own, key=lambda f: f.score)
        worst = min(own, key=lambda f: f.score)
        deprived = imd_rank[code]
        lc_rank = int(np.flatnonzero(order[fw.headline_ids[0]] == j)[0]) + 1
        agree = _rank_word(lc_rank, n) == _rank_word(n + 1 - deprived, n)
        lines += [
            f"- **{label}** ({code}): " + "; ".join(parts) + ".",
            f"  The Indices rank it {deprived} of {n} by deprivation (1 most deprived), in "
            f"{_rank_word(n + 1 - deprived, n)} for how well off it is, and its Local Conditions "
            f"are in {_rank_word(lc_rank, n)}: "
            + (
                "they agree."
                if agree
                else "they differ, as they may: Local Conditions weigh "
                "health, learning, work and community, not deprivation alone."
            )
            + f" Its strongest own figure is {best.name.lower()} ({best.value:g} {best.unit},"
            f" scoring {best.score:.1f}); its weakest, {worst.name.lower()} ({worst.value:g} "
            f"{worst.unit}, scoring {worst.score:.1f}).",
        ]
    found, notes = targets()
    lines += ["", "## Coverage targets (issue 12)", ""]
    lines += [f"- {'met' if t.met else '**not met**'}: {t.name} ({t.detail})" for t in found]
    lines += [f"- note: {x}" for x in notes]
    lines += ["", "## Where this falls short of the published TPI", "", *SHORTFALLS]
    return "\n".join(lines) + "\n"


SHORTFALLS = [
    "- **The indicator list and the formula are ours.** The TPI publishes its structure (three",
    "  headline elements, five Local Conditions domains, five Equality domains, Sustainability's",
    "  domains) and that indicators are standardised and capped at 0 and 10, but not its exact",
    "  indicator list, transform or scale: we score each indicator as 5 plus two points per",
    "  England spread, capped, and average upwards (docs/framework.md).",
    "- **A fixed reference year.** The TPI rescales every edition against that year's national",
    "  picture, so its scores cannot be followed over time; ours keep one reference so that a",
    "  simulated town's scores can.",
    "- **Figures of different years and geographies.** Some indicators are county figures for",
    "  two-tier districts, some are filled by rule, and the gender pay gap is known for the",
    "  North's districts only (see the coverage targets above and each place's",
    "  `thrive places CODE --explain`).",
    "- **Thin local measures of community life.** Turnout is the 2016 EU referendum's (a",
    "  national vote, not local elections); loneliness is modelled from each district's mix of",
    "  neighbourhood types (Community Life Survey rates by area type), not measured locally;",
    "  volunteering and belonging have no district data we could find, so every district starts",
    "  at England's figure there.",
    "- **Modelled gaps.** The life expectancy gap is modelled from each district's spread of",
    "  deprivation and England's gradient, not measured; the ethnic employment gap is",
    "  England's with its part between neighbourhoods replaced by the district's own (where its",
    "  ethnic minority and White residents live, Census 2021, on employment deprivation, IoD",
    "  2019), so the part within neighbourhoods is England's everywhere and the spread it is",
    "  scored on stays assumed; the 2024 edition's age and sexual orientation gaps are left out.",
]


def main() -> int:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "docs" / "validation.md"
    out.write_text(report(shared), encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
