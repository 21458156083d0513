"""Draw the charts in docs/model.md from a real run of the default town (run by hand).

    python docs/make_charts.py            # 30 years of Brackenbury, seed 1

It runs the do-nothing town and, beside it, the same town with a closure and a greening of its
poorest neighbourhoods, so the charts show what moves and why.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.loading import load_framework, load_ripples, load_town  # noqa: E402
from model.simulation import Push, Simulation, YearInputs  # noqa: E402

YEARS = 30


def main() -> None:
    fw = load_framework()
    net = load_ripples(framework=fw)
    desc = load_town(ROOT / "scenarios/towns/brackenbury.yaml", fw)
    base = Simulation.from_description(fw, net, desc, seed=1)
    plan = Simulation.from_description(fw, net, desc, seed=1)
    dep = np.array([n.deprivation for n in plan.town.neighbourhoods])
    poorest = tuple(int(k) for k in np.argsort(-dep)[:5])
    greening = (Push("local_environment", 3.0, poorest), Push("ecosystem_health", 3.0, poorest))
    for year in range(1, YEARS + 1):
        base.advance()
        plan.advance(YearInputs(pushes=greening, close_employers=(0,) if year == 5 else ()))
    years = np.arange(YEARS + 1)

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2), sharey=True)
    for ax, h, name in zip(axes, fw.headline_ids, fw.headline_names, strict=True):
        ax.axhspan(4.5, 5.5, color="#eeeeee", zorder=0)
        ax.plot(
            years, [r.scores[h] for r in base.history], color="#555555", lw=2, label="doing nothing"
        )
        ax.plot(
            years,
            [r.scores[h] for r in plan.history],
            color="#542788",
            lw=2,
            label="closure in year 5 + greening the 5 poorest areas",
        )
        ax.set_title(name)
        ax.set_xlabel("simulated year")
        ax.set_ylim(2.5, 6.5)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("score (5 = England average; grey = Average band)")
    axes[0].legend(loc="lower left", fontsize=8)
    fig.suptitle("Brackenbury, 60,000 residents, seed 1: the three headline elements")
    fig.tight_layout()
    fig.savefig(ROOT / "docs/img/brackenbury_headlines.png", dpi=110)

    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    panels = [
        ("unemployment_rate", "Unemployment rate (%)"),
        ("depression", "Depression (% of adults)"),
        ("life_expectancy_gap", "Life expectancy gap, most vs least deprived (years)"),
    ]
    for ax, (key, title) in zip(axes, panels, strict=True):
        ax.plot(
            years,
            [r.values[key] for r in base.history],
            color="#555555",
            lw=2,
            label="doing nothing",
        )
        ax.plot(
            years,
            [r.values[key] for r in plan.history],
            color="#542788",
            lw=2,
            label="closure + greening",
        )
        ax.axvline(5, color="#b35806", ls=":", lw=1)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("simulated year")
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8)
    fig.suptitle("What moved, and when (dotted line: the largest employer closes)")
    fig.tight_layout()
    fig.savefig(ROOT / "docs/img/brackenbury_indicators.png", dpi=110)
    print("wrote docs/img/brackenbury_headlines.png and docs/img/brackenbury_indicators.png")


if __name__ == "__main__":
    main()
