"""The files a batch writes: ``runs.csv``, ``summary.csv``, fan charts and ``report.html``
(for ``thrive ensemble`` and ``thrive compare``; see docs/game.md, "The planner's toolkit").

``runs.csv``: one row per plan, run, year and branch (``plan`` or ``baseline``), with the run's
seed and every series of :func:`model.batch.series_keys` (``score:<id>``, ``gap:<id>``).
``summary.csv``: one row per plan, year and series: the 10th, 50th and 90th percentiles over
the runs of the plan, of the baseline, and of their paired difference (run by run).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.debrief_doc import Block, Heading, Image, Items, Para, Table, to_html
from game.export import write_csv
from game.fan_charts import fan_chart
from model.batch import RunResult, series_keys
from model.ensemble_stats import (
    PERCENTILES,
    decimals,
    element_names,
    matrix,
    paired,
    sentence,
    summary_rows,
    verdict,
)
from model.framework import Framework
from model.interventions import InterventionsFile
from model.safefile import write_text

__all__ = ["BAND_SENTENCE", "BatchInfo", "write_batch"]

BAND_SENTENCE = (
    "Each line is the middle run of the batch (the median); the shaded band holds the middle "
    "80% of the runs (10th to 90th percentile), so about one future in ten falls above it and "
    "one in ten below; grey dashes are the same towns, seeds and events with nobody doing "
    "anything. A difference is called beyond chance when its 80% interval, taken run by run "
    "on the same seed, excludes zero."
)


@dataclass(frozen=True)
class BatchInfo:
    """What was run, for the report's opening lines."""

    command: str
    town: str
    runs: int
    years: int
    residents: int | None
    vary: str
    seeds: str
    where: str
    seconds: float


def _row(r: RunResult, branch: str, year: int, keys: Sequence[str]) -> dict[str, Any]:
    series = getattr(r, branch)
    row: dict[str, Any] = {
        "plan": r.label,
        "run": r.run,
        "seed": r.seed,
        "year": year,
        "branch": branch,
    }
    row.update({k: round(float(series[k][year]), 4) for k in keys})
    return row


def _pounds(value: float) -> str:
    return f"£{value:,.0f}"


def _interval(values: Any) -> str:
    """A difference's median and 80% interval, to as many decimals as tell them apart."""
    import numpy as np

    low, mid, high = np.percentile(values, PERCENTILES)
    places = decimals(float(low), float(high))
    return f"{mid:+.{places}f} ({low:+.{places}f} to {high:+.{places}f})"


def _level(values: Any) -> str:
    import numpy as np

    low, mid, high = np.percentile(values, PERCENTILES)
    return f"{mid:.2f} ({low:.2f} to {high:.2f})"


def write_batch(
    folder: Path,
    framework: Framework,
    interventions: InterventionsFile,
    groups: Mapping[str, Sequence[RunResult]],
    info: BatchInfo,
) -> list[Path]:
    """Write the tables, the charts and the report of one batch (one group: an ensemble;
    several: a comparison, the first group the reference). Returns the files written."""
    fw = framework
    keys = series_keys(fw)
    names = element_names(fw)
    written: list[Path] = []
    rows = [
        _row(r, branch, year, keys)
        for runs in groups.values()
        for r in runs
        for branch in ("plan", "baseline")
        for year in range(r.years + 1)
    ]
    head = ["plan", "run", "seed", "year", "branch"]
    written.append(write_csv(folder / "runs.csv", [*head, *keys], rows))
    summary: list[dict[str, Any]] = []
    for label, runs in groups.items():
        summary += [{"plan": label, **row} for row in summary_rows(runs, keys)]
    columns = ["plan", "year", "score"] + [
        f"{b}_p{p}" for b in ("plan", "baseline", "difference") for p in (10, 50, 90)
    ]
    written.append(write_csv(folder / "summary.csv", columns, summary))
    headlines = [f"score:{h}" for h in fw.headline_ids]
    domains = [k for k in names if k not in headlines]
    title = f"{info.town}: {', '.join(groups)}"
    charts = [
        ("headlines.png", "Headline elements", headlines, False),
        ("differences.png", "Headline elements against doing nothing", headlines, True),
        ("domains.png", "Every domain", domains, False),
    ]
    for file, what, chart_keys, diff in charts:
        written.append(
            fan_chart(folder / file, f"{title}: {what}", groups, chart_keys, names, diff)
        )
    doc = _report(fw, interventions, groups, info, names, headlines, domains)
    written.append(write_text(folder / "report.html", to_html(doc, title)))
    return written


def _report(
    fw: Framework,
    interventions: InterventionsFile,
    groups: Mapping[str, Sequence[RunResult]],
    info: BatchInfo,
    names: Mapping[str, str],
    headlines: Sequence[str],
    domains: Sequence[str],
) -> list[Block]:
    labels = list(groups)
    years = info.years
    doc: list[Block] = [
        Heading(1, f"{info.town}: {' against '.join(labels)}"),
        Para(
            f"thrive {info.command}: {info.runs} runs of each plan over {years} years"
            + (f", {info.residents:,} residents" if info.residents else "")
            + f"; seeds {info.seeds}; varying {info.vary}; run {info.where} in "
            f"{info.seconds:.0f} s. Every plan met the same seeds and events, beside the same "
            "towns doing nothing."
        ),
        Para(BAND_SENTENCE),
    ]
    if len(labels) > 1:
        ref = labels[0]
        doc.append(Heading(2, f"Which differences from {ref} are beyond chance"))
        for other in labels[1:]:
            doc.append(
                Items(
                    tuple(
                        sentence(
                            f"{names[k]} ({other})",
                            ref,
                            verdict(paired(groups[other], groups[ref], k)),
                            years,
                        )
                        for k in [*headlines, *domains]
                    )
                )
            )
    for label, runs in groups.items():
        doc.append(Heading(2, f"{label} against doing nothing"))
        diffs = {k: matrix(runs, k) - matrix(runs, k, "baseline") for k in [*headlines, *domains]}
        doc.append(
            Items(
                tuple(
                    sentence(names[k], "doing nothing", verdict(diffs[k]), years)
                    for k in [*headlines, *domains]
                )
            )
        )
        doc.append(
            Table(
                ("element", f"{label}, year {years}", "doing nothing", "difference", "verdict"),
                tuple(
                    (
                        names[k],
                        _level(matrix(runs, k)[:, -1]),
                        _level(matrix(runs, k, "baseline")[:, -1]),
                        _interval(diffs[k][:, -1]),
                        "beyond chance" if verdict(diffs[k]).beyond_chance else "within chance",
                    )
                    for k in [*headlines, *domains]
                ),
            )
        )
    doc += [
        Image("headlines.png", "Fan charts of the headline elements"),
        Image("differences.png", "Fan charts of each plan against doing nothing"),
        Image("domains.png", "Fan charts of every domain"),
    ]
    doc += _money(fw, interventions, groups, names)
    return doc


def _money(
    fw: Framework,
    interventions: InterventionsFile,
    groups: Mapping[str, Sequence[RunResult]],
    names: Mapping[str, str],
) -> list[Block]:
    """A table per team: money spent under each plan and how the node it aims at moved."""
    import numpy as np

    blocks: list[Block] = [
        Heading(2, "Each team's money and what it moved"),
        Para(
            "Money is the median over the runs of what the team spent in all (a round's "
            "budget cut trims a plan: see the notes). What it moved is the team's aim against "
            "doing nothing at the end: the aim is moved by everything in the plan and by "
            "ripples and events too, so it is consistent with the team's money working, "
            "not proof of it."
        ),
    ]
    node_names = {n.id: n.name for n in fw.nodes}
    for sector in interventions.sectors:
        key = f"score:{sector.objective_node}"
        rows = []
        for label, runs in groups.items():
            spent = np.median([r.spending.get(sector.id, 0.0) for r in runs])
            diff = matrix(runs, key) - matrix(runs, key, "baseline")
            v = verdict(diff)
            rows.append(
                (
                    label,
                    _pounds(float(spent)),
                    _interval(diff[:, -1]),
                    "beyond chance" if v.beyond_chance else "within chance",
                )
            )
        aim = names.get(key, node_names.get(sector.objective_node, sector.objective_node))
        blocks.append(Heading(3, f"{sector.name}: aims at {aim}"))
        blocks.append(
            Table(("plan", "spent in all", f"{aim} against doing nothing", ""), tuple(rows))
        )
    for label, runs in groups.items():
        noted = [r for r in runs if r.notes]
        if noted:
            examples = list(dict.fromkeys(n for r in noted for n in r.notes))[:6]
            blocks.append(
                Para(
                    f"{label}: in {len(noted)} of {len(runs)} runs a round's budgets changed "
                    "the plan (a funding cut scales a team's pounds down; an intervention "
                    "left below its least goes unfunded that round). For example:"
                )
            )
            blocks.append(Items(tuple(examples)))
    return blocks
