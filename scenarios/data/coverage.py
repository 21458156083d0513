#!/usr/bin/env python3
"""How well the framework's starting scores measure the 309 districts: the targets, met or not.

Usage (from the repository root):
    python scenarios/data/coverage.py

Reads scenarios/data/places.csv and places_provenance.csv through model/places.py (the scores
``thrive places`` lists) and prints, for each target of issue 12, the figures and MET or NOT
MET:
  1. at most 5 indicators without district data;
  2. no sub-domain (node) constant across all 309 districts;
  3. no headline or domain with more than 2% of districts at exactly 0 or 10;
  4. every headline element with a standard deviation across districts of at least 0.35.
It also lists the indicators whose figures are county-level for two-tier districts, or filled
for many districts, so that what the scores rest on is plain. Exit code 0 whatever the result.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

MAX_WITHOUT_DATA = 5
MAX_AT_CAP_SHARE = 0.02
MIN_HEADLINE_SD = 0.35


@dataclass(frozen=True)
class Target:
    name: str
    met: bool
    detail: str


def targets() -> tuple[list[Target], list[str]]:
    """The four targets and the notes printed after them."""
    from model.loading import load_framework
    from model.places import _provenance, load_places, start_scorecard

    fw = load_framework()
    places = load_places()
    cards = [start_scorecard(p, fw) for p in places]
    nodes = np.array([c.nodes for c in cards])
    domains = np.array([c.domains for c in cards])
    heads = np.array([c.headlines for c in cards])
    n = len(places)

    rows = [dict(p.values) for p in places]
    missing = [i.id for i in fw.indicators if all(r.get(i.id, "") == "" for r in rows)]
    out = [
        Target(
            f"at most {MAX_WITHOUT_DATA} indicators without district data",
            len(missing) <= MAX_WITHOUT_DATA,
            f"{len(missing)} of {len(fw.indicators)}: {', '.join(missing)}",
        )
    ]
    sd_nodes = nodes.std(axis=0)
    constant = [fw.node_ids[k] for k in np.flatnonzero(sd_nodes < 1e-9)]
    low = sorted(zip(sd_nodes, fw.node_ids, strict=True))[:3]
    out.append(
        Target(
            "no sub-domain constant across all districts",
            not constant,
            (f"constant: {', '.join(constant)}" if constant else "none constant")
            + "; smallest sd: "
            + ", ".join(f"{i} {s:.2f}" for s, i in low),
        )
    )
    caps = []
    for ids, scores in ((fw.headline_ids, heads), (fw.domain_ids, domains)):
        for k, ident in enumerate(ids):
            share = float(np.mean((scores[:, k] <= 0.0) | (scores[:, k] >= 10.0)))
            caps.append((share, ident))
    over = [(s, i) for s, i in caps if s > MAX_AT_CAP_SHARE]
    worst = max(caps)
    out.append(
        Target(
            "no headline or domain with more than 2% of districts at exactly 0 or 10",
            not over,
            (", ".join(f"{i} {s:.1%}" for s, i in over) if over else "none over")
            + f"; highest: {worst[1]} {worst[0]:.1%} ({round(worst[0] * n)} of {n})",
        )
    )
    sds = heads.std(axis=0, ddof=1)
    out.append(
        Target(
            f"every headline element with sd across districts >= {MIN_HEADLINE_SD}",
            bool((sds >= MIN_HEADLINE_SD).all()),
            ", ".join(
                f"{h} sd {s:.2f} (range {heads[:, k].min():.2f}-{heads[:, k].max():.2f})"
                for k, (h, s) in enumerate(zip(fw.headline_ids, sds, strict=True))
            ),
        )
    )

    prov = _provenance()
    county = Counter(col for (_, col), (st, _) in prov.items() if st in {"county", "scaled"})
    filled = Counter(col for (_, col), (st, _) in prov.items() if st == "filled")
    notes = [
        "indicators with county figures for two-tier districts: "
        + ", ".join(f"{c} ({k})" for c, k in county.most_common()),
        "indicators filled by rule for 10 or more districts: "
        + ", ".join(f"{c} ({k})" for c, k in filled.most_common() if k >= 10),
    ]
    return out, notes


def main() -> int:
    found, notes = targets()
    print("Coverage targets (issue 12), over the 309 districts' starting scores:")
    for t in found:
        print(f"  [{'MET' if t.met else 'NOT MET'}] {t.name}: {t.detail}")
    for line in notes:
        print(f"  note: {line}")
    met = sum(t.met for t in found)
    print(f"{met} of {len(found)} targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
