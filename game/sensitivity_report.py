"""``thrive sensitivity``: SALib's Morris or Sobol analysis of a plan's outcome over the link
weights, the interventions' effect sizes and the partnership bonus (the factors of
:mod:`model.sensitivity`), written as a table, a chart and a report."""

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
from model.framework import Framework
from model.safefile import write_text, writing
from model.sensitivity import Factor

__all__ = ["METHODS", "Ranking", "analyse", "sample", "write_sensitivity"]

METHODS = ("morris", "sobol")


@dataclass(frozen=True)
class Ranking:
    """One headline element's sensitivity to every factor: the importance measure (Morris's
    mu*, the mean absolute elementary effect, or Sobol's total-order index ST), its
    confidence half-width, and a second measure (Morris's sigma, Sobol's first-order S1)."""

    headline: str
    importance: np.ndarray
    confidence: np.ndarray
    other: np.ndarray


def sample(method: str, prob: dict[str, Any], samples: int, seed: int) -> np.ndarray:
    """SALib's sample matrix (rows: runs; columns: factors)."""
    if method == "morris":
        from SALib.sample import morris

        return np.asarray(morris.sample(prob, samples, num_levels=4, seed=seed))
    from SALib.sample import sobol

    return np.asarray(sobol.sample(prob, samples, calc_second_order=False, seed=seed))


def analyse(
    method: str, prob: dict[str, Any], x: np.ndarray, y: np.ndarray, headline: str, seed: int
) -> Ranking:
    if method == "morris":
        from SALib.analyze import morris

        m = morris.analyze(prob, x, y, num_levels=4, seed=seed)
        return Ranking(
            headline,
            np.asarray(m["mu_star"], dtype=float),
            np.asarray(m["mu_star_conf"], dtype=float),
            np.asarray(m["sigma"], dtype=float),
        )
    from SALib.analyze import sobol

    s = sobol.analyze(prob, y, calc_second_order=False, seed=seed)
    return Ranking(
        headline,
        np.asarray(s["ST"], dtype=float),
        np.asarray(s["ST_conf"], dtype=float),
        np.asarray(s["S1"], dtype=float),
    )


def _labels(method: str) -> tuple[str, str, str]:
    if method == "morris":
        return ("mu_star", "mu_star_conf", "sigma")
    return ("ST", "ST_conf", "S1")


def write_sensitivity(
    folder: Path,
    framework: Framework,
    method: str,
    items: Sequence[Factor],
    rankings: Sequence[Ranking],
    info: Mapping[str, str],
    top: int = 12,
) -> list[Path]:
    """sensitivity.csv (every factor, its range and its measures for every headline element,
    ranked by the mean importance), sensitivity.png (the top factors per headline element) and
    report.html."""
    names = dict(zip(framework.headline_ids, framework.headline_names, strict=True))
    imp, conf, other = _labels(method)
    scale = [r.importance / (r.importance.max() or 1.0) for r in rankings]
    order = np.argsort(-np.mean(scale, axis=0), kind="stable")
    rows = []
    for rank, k in enumerate(order, start=1):
        f = items[k]
        row: dict[str, Any] = {
            "rank": rank,
            "kind": f.kind,
            "factor": f.key,
            "name": f.name,
            "low": round(f.low, 4),
            "high": round(f.high, 4),
        }
        for r in rankings:
            row[f"{r.headline}:{imp}"] = round(float(r.importance[k]), 5)
            row[f"{r.headline}:{conf}"] = round(float(r.confidence[k]), 5)
            row[f"{r.headline}:{other}"] = round(float(r.other[k]), 5)
        rows.append(row)
    columns = ["rank", "kind", "factor", "name", "low", "high"] + [
        f"{r.headline}:{c}" for r in rankings for c in (imp, conf, other)
    ]
    written = [write_csv(folder / "sensitivity.csv", columns, rows)]
    written.append(_chart(folder / "sensitivity.png", method, items, rankings, names, top))
    doc: list[Block] = [
        Heading(1, f"Which assumptions {info['plan']} depends on most in {info['town']}"),
        Para(info["what"]),
        Para(
            "Morris's mu* is the mean absolute change in the outcome (points, plan against "
            "doing nothing at the last year) when one factor moves across its range; Sobol's ST "
            "is the share of the outcome's variance a factor accounts for, with all its "
            "interactions. Argue first about the links at the top: a change in them within "
            "their evidence moves the plan's result most."
            if method == "morris"
            else "Sobol's total-order index ST is the share of the outcome's variance that a "
            "factor accounts for, alone and with others; S1 is its share alone. Argue first "
            "about the links at the top."
        ),
        Image("sensitivity.png", "The factors the outcome depends on most"),
    ]
    for r in rankings:
        best = np.argsort(-r.importance, kind="stable")[:top]
        doc.append(Heading(2, names[r.headline]))
        doc.append(
            Table(
                ("factor", "range", imp, f"± ({conf})", other),
                tuple(
                    (
                        items[k].name,
                        f"{items[k].low:.3g} to {items[k].high:.3g}",
                        f"{r.importance[k]:.4f}",
                        f"{r.confidence[k]:.4f}",
                        f"{r.other[k]:.4f}",
                    )
                    for k in best
                ),
            )
        )
    title = f"Sensitivity of {info['plan']} in {info['town']}"
    written.append(write_text(folder / "report.html", to_html(doc, title)))
    return written


def _chart(
    path: Path,
    method: str,
    items: Sequence[Factor],
    rankings: Sequence[Ranking],
    names: Mapping[str, str],
    top: int,
) -> Path:
    import matplotlib

    imp = _labels(method)[0]
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(6.2 * len(rankings), 0.42 * top + 1.6), dpi=110, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, len(rankings), squeeze=False).ravel().tolist()
        for ax, r, colour in zip(axes, rankings, PALETTE, strict=False):
            best = np.argsort(-r.importance, kind="stable")[:top][::-1]
            ax.barh(
                [items[k].name for k in best],
                r.importance[best],
                xerr=r.confidence[best],
                color=colour,
                alpha=0.85,
            )
            ax.set_title(names[r.headline])
            ax.set_xlabel(imp)
            ax.tick_params(axis="y", labelsize=9)
            ax.grid(axis="x", alpha=0.25)
        fig.suptitle(f"What the plan's result depends on most ({method})")
        with writing(path, binary=True) as handle:
            fig.savefig(handle, format="png")
    return path
