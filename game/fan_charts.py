"""Fan charts of many runs (matplotlib, Agg, no pyplot state): for each series a median line
and its 10-90% band for every plan, with the do-nothing baseline's band drawn in grey dashes
beneath; every panel of one chart shares its value axis, so plans compared side by side are
read on the same scale. Colours are the debrief charts' Okabe-Ito palette (colour-blind safe),
and each plan is also named in the key, not told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from game.axes import TickFormatter, locator, value_range
from game.charts import BASELINE, PALETTE, STYLE
from model.batch import RunResult
from model.ensemble_stats import band, matrix
from model.safefile import writing

__all__ = ["fan_chart"]


def fan_chart(
    path: Path,
    title: str,
    groups: Mapping[str, Sequence[RunResult]],
    keys: Sequence[str],
    names: Mapping[str, str],
    difference: bool = False,
    columns: int = 3,
) -> Path:
    """Write a PNG of one panel per series key. ``groups`` maps a plan's label to its runs
    (all with the same baseline seeds: the first group's baseline is drawn). With
    ``difference`` the panels show each plan minus its baseline, run by run, around zero."""
    import matplotlib

    with matplotlib.rc_context(STYLE):
        rows = -(-len(keys) // columns)
        cols = min(columns, len(keys))
        fig = Figure(figsize=(4.6 * cols, 3.4 * rows + 0.9), dpi=110, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(rows, cols, squeeze=False, sharey=True).ravel().tolist()
        everything: list[float] = []
        first = next(iter(groups.values()))
        years = np.arange(first[0].years + 1)
        for ax, key in zip(axes, keys, strict=False):
            if not difference:
                base = band(matrix(first, key, "baseline"))
                label = "doing nothing (median, 10-90% dashed)"
                ax.plot(years, base.p50, color=BASELINE, ls="--", lw=1.6, label=label)
                for edge in (base.p10, base.p90):
                    ax.plot(years, edge, color=BASELINE, ls="--", lw=0.9)
                everything += [*base.p10, *base.p90]
            else:
                ax.axhline(0.0, color=BASELINE, ls="--", lw=1.2, label="no difference")
            for k, (label, runs) in enumerate(groups.items()):
                values = matrix(runs, key)
                if difference:
                    values = values - matrix(runs, key, "baseline")
                b = band(values)
                colour = PALETTE[k % len(PALETTE)]
                ax.fill_between(years, b.p10, b.p90, color=colour, alpha=0.22, lw=0)
                ax.plot(years, b.p50, color=colour, lw=2.2, label=f"{label} (median, 10-90%)")
                everything += [*b.p10, *b.p90]
            ax.set_title(names.get(key, key))
            ax.xaxis.set_major_locator(locator(integer=True))
            ax.yaxis.set_major_formatter(TickFormatter())
            ax.set_xlabel("year")
            ax.grid(alpha=0.25)
        for ax in axes[len(keys) :]:
            ax.set_visible(False)
        if difference:
            span = max(abs(min(everything)), abs(max(everything)), 0.25) * 1.1
            lo, hi = -span, span
        else:
            lo, hi = value_range(everything)
        axes[0].set_ylim(lo, hi)
        axes[0].yaxis.set_major_locator(locator())
        axes[0].set_ylabel("points against doing nothing" if difference else "score (5 = England)")
        handles, labels = axes[0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncols=min(len(labels), 3))
        fig.suptitle(title)
        with writing(path, binary=True) as handle:
            fig.savefig(handle, format="png")
    return path
