"""``thrive sweep``: one plan on many English districts, each against its own baseline; where it
helps most and least, by region and by rural-urban class (a table, a chart, a report)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from game.charts import PALETTE, STYLE
from game.debrief_doc import Block, Heading, Image, Para, Table, to_html
from game.export import write_csv
from model.batch import RunResult
from model.ensemble_stats import verdict
from model.framework import Framework
from model.places import Place
from model.safefile import write_text, writing

__all__ = ["PlaceOutcome", "outcome_of", "write_sweep"]


@dataclass(frozen=True)
class PlaceOutcome:
    """A district's result: for each headline element, the median, 10th and 90th percentile
    of the plan minus its baseline at the last year, and whether it is beyond chance."""

    place: Place
    median: Mapping[str, float]
    low: Mapping[str, float]
    high: Mapping[str, float]

    def beyond(self, headline: str) -> bool:
        return self.low[headline] > 0 or self.high[headline] < 0


def outcome_of(place: Place, runs: Sequence[RunResult], headlines: Sequence[str]) -> PlaceOutcome:
    med, low, high = {}, {}, {}
    for h in headlines:
        key = f"score:{h}"
        diff = np.array([r.plan[key] - r.baseline[key] for r in runs])
        v = verdict(diff)
        med[h], low[h], high[h] = v.median, v.low, v.high
    return PlaceOutcome(place, med, low, high)


def _groups(
    outcomes: Sequence[PlaceOutcome], attr: str, headline: str
) -> list[tuple[str, float, int]]:
    by: dict[str, list[float]] = {}
    for o in outcomes:
        by.setdefault(getattr(o.place, attr), []).append(o.median[headline])
    return sorted(
        ((name, float(np.median(v)), len(v)) for name, v in by.items()), key=lambda t: -t[1]
    )


def write_sweep(
    folder: Path,
    framework: Framework,
    outcomes: Sequence[PlaceOutcome],
    info: Mapping[str, str],
    top: int = 10,
) -> list[Path]:
    """sweep.csv (every district), sweep.png (by region and rural-urban class) and
    report.html (where the plan helps most and least)."""
    fw = framework
    heads = list(zip(fw.headline_ids, fw.headline_names, strict=True))
    rows: list[dict[str, Any]] = []
    for o in outcomes:
        row: dict[str, Any] = {
            "code": o.place.code,
            "name": o.place.name,
            "region": o.place.region,
            "rural_urban": o.place.rural_urban,
            "population": o.place.population,
        }
        for h, _ in heads:
            row[f"{h}:median"] = round(o.median[h], 4)
            row[f"{h}:p10"] = round(o.low[h], 4)
            row[f"{h}:p90"] = round(o.high[h], 4)
            row[f"{h}:beyond_chance"] = o.beyond(h)
        rows.append(row)
    columns = ["code", "name", "region", "rural_urban", "population"] + [
        f"{h}:{c}" for h, _ in heads for c in ("median", "p10", "p90", "beyond_chance")
    ]
    written = [write_csv(folder / "sweep.csv", columns, rows)]
    written.append(_chart(folder / "sweep.png", outcomes, heads))
    doc: list[Block] = [
        Heading(1, f"{info['plan']} across {len(outcomes)} places"),
        Para(info["what"]),
        Image("sweep.png", "The plan's effect by region and by rural-urban class"),
    ]
    for h, name in heads:
        ranked = sorted(outcomes, key=lambda o: -o.median[h])
        for title, chosen in (
            (f"{name}: where it helps most", ranked[:top]),
            (f"{name}: where it helps least", ranked[::-1][:top]),
        ):
            doc.append(Heading(2, title))
            doc.append(
                Table(
                    ("place", "region", "rural-urban", "against doing nothing", ""),
                    tuple(
                        (
                            o.place.name,
                            o.place.region,
                            o.place.rural_urban,
                            f"{o.median[h]:+.2f} ({o.low[h]:+.2f} to {o.high[h]:+.2f})",
                            "beyond chance" if o.beyond(h) else "within chance",
                        )
                        for o in chosen
                    ),
                )
            )
        for attr, label in (("region", "region"), ("rural_urban", "rural-urban class")):
            doc.append(Heading(3, f"{name} by {label} (median over its places)"))
            doc.append(
                Table(
                    (label, "median against doing nothing", "places"),
                    tuple((g, f"{m:+.2f}", str(n)) for g, m, n in _groups(outcomes, attr, h)),
                )
            )
    written.append(write_text(folder / "report.html", to_html(doc, f"{info['plan']} sweep")))
    return written


def _chart(path: Path, outcomes: Sequence[PlaceOutcome], heads: Sequence[tuple[str, str]]) -> Path:
    import matplotlib

    with matplotlib.rc_context(STYLE):
        regions = sorted({o.place.region for o in outcomes})
        classes = sorted({o.place.rural_urban for o in outcomes})
        height = 0.38 * (len(regions) + len(classes)) + 2.5
        fig = Figure(figsize=(5.2 * len(heads), height), dpi=110, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(2, len(heads), squeeze=False, sharex="col")
        for col, ((h, name), colour) in enumerate(zip(heads, PALETTE, strict=False)):
            for row, (attr, groups) in enumerate((("region", regions), ("rural_urban", classes))):
                ax = axes[row][col]
                for k, g in enumerate(groups):
                    values = [o.median[h] for o in outcomes if getattr(o.place, attr) == g]
                    ax.scatter(values, [k] * len(values), color=colour, alpha=0.6, s=18)
                    ax.plot([np.median(values)] * 2, [k - 0.35, k + 0.35], color="#222222")
                ax.set_yticks(range(len(groups)), groups, fontsize=9)
                ax.axvline(0.0, color="#6b6b6b", ls="--", lw=1)
                ax.grid(axis="x", alpha=0.25)
                if row == 0:
                    ax.set_title(name)
        fig.supxlabel("points against doing nothing (each dot a place; the bar: their median)")
        fig.suptitle("Where the plan helps most and least")
        with writing(path, binary=True) as handle:
            fig.savefig(handle, format="png")
    return path
