"""How closely generated towns start at their figures, and how long generating them takes.

For the ready-made towns (at 10,000 residents, as tests/test_ready_made_towns.py builds them)
and the fixed sample of districts of tests/test_places_table.py (every sixth district of the
table, plus the five pilot towns), generate the town and report its largest gap, in score
points, between a targeted indicator and the generated town (the tolerance is 0.2: see
``model.town.generate.TOLERANCE``), the indicator it is on, and the generation time.

    python benchmarks/town_fit.py                        # ready-made towns and the sample
    python benchmarks/town_fit.py --residents 3000 --json fit.json
    python benchmarks/town_fit.py --only sample --all     # every district
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sample_codes(every: int = 6) -> list[str]:
    """The five pilot towns, then every ``every``-th district in table order."""
    with (ROOT / "scenarios" / "data" / "places.csv").open(encoding="utf-8") as handle:
        codes = [r["code"] for r in csv.DictReader(handle)]
    five = ["E08000010", "E06000012", "E07000145", "E07000062", "E08000004"]
    return five + [c for c in codes[::every] if c not in five]


def main() -> None:
    from model.loading import load_framework, shipped_towns
    from model.places import place, place_description
    from model.town.generate import fit_report, generate_town

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=["towns", "sample"], help="one of the two sets")
    parser.add_argument("--all", action="store_true", help="every district, not the sample")
    parser.add_argument("--json", type=Path, help="also write every gap here")
    args = parser.parse_args()
    fw = load_framework()
    jobs = []
    if args.only != "sample":
        jobs += [(ref, town) for ref, town in shipped_towns(fw)]
    if args.only != "towns":
        codes = sample_codes(1 if args.all else 6)
        jobs += [(code, place_description(place(code), fw)) for code in codes]
    out: dict[str, dict[str, object]] = {}
    times = []
    print(f"{'town':<28} {'worst gap':>9}  {'on':<26} {'misses':>6} {'generate':>9}")
    for ref, desc in jobs:
        t = time.perf_counter()
        town = generate_town(desc, fw, args.seed, population=args.residents)
        took = time.perf_counter() - t
        times.append(took)
        fits = fit_report(town)
        worst = max(fits, key=lambda f: abs(f.points))
        misses = [f.indicator for f in fits if not f.within]
        out[ref] = {
            "name": desc.name,
            "generate_s": took,
            "worst": worst.indicator,
            "worst_points": worst.points,
            "misses": misses,
            "notes": {f.indicator: f.note for f in fits if f.note},
            "points": {f.indicator: f.points for f in fits},
        }
        label = f"{ref} {desc.name}"[:28]
        print(
            f"{label:<28} {abs(worst.points):>9.3f}  {worst.indicator:<26} {len(misses):>6} "
            f"{took:>8.2f}s",
            flush=True,
        )
    print(f"median generation {statistics.median(times):.2f}s over {len(times)} towns")
    if args.json:
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
