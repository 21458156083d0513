"""Building towns with an earlier revision's code and with this tree's, side by side.

One seed's build time (as ``town_speed.py`` prints it) moves by a year or two of the town's
own time with any change that moves a figure in the tenth decimal, because the number of
whole-town trials a build needs jumps from seed to seed. A change to generation is judged
here instead: every ready-made town x ``--seeds`` seeds is built with ``--base``'s code
(checked out into a temporary git worktree) and with this tree's, each in a fresh process,
the two alternating for ``--rounds`` rounds so that a busy neighbour slows both alike. It
prints each build's median under each, and the new total over the old.

    python benchmarks/build_ab.py --base HEAD~3
    python benchmarks/build_ab.py --base 44cfca8 --seeds 2 --residents 20000
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build_all(root: Path, residents: int, specs: list[str]) -> None:
    """Build each ``town:seed`` with the code under ``root``; print their times as JSON."""
    sys.path.insert(0, str(root))
    from model.loading import load_framework, load_ripples, load_town
    from model.simulation import Simulation

    fw = load_framework()
    net = load_ripples(framework=fw)
    times = {}
    for spec in specs:
        town, seed = spec.split(":")
        desc = load_town(root / "scenarios" / "towns" / f"{town}.yaml", fw)
        start = time.perf_counter()
        Simulation.from_description(fw, net, desc, seed=int(seed), population=residents)
        times[spec] = time.perf_counter() - start
    print(json.dumps(times))


def timed(root: Path, residents: int, specs: list[str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(root), "--residents", str(residents), *specs],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="the revision to compare against")
    parser.add_argument("--seeds", type=int, default=4)
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("specs", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        build_all(args.worker, args.residents, args.specs)
        return
    towns = sorted(p.stem for p in (ROOT / "scenarios" / "towns").glob("*.yaml"))
    specs = [f"{t}:{s}" for t in towns for s in range(1, args.seeds + 1)]
    runs: dict[str, dict[str, list[float]]] = {"base": {}, "new": {}}
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch) / "base"
        git = ["git", "-C", str(ROOT)]
        add = [*git, "worktree", "add", "-q", "--detach", str(base), args.base]
        subprocess.run(add, check=True)
        try:
            for _ in range(args.rounds):
                for name, root in (("base", base), ("new", ROOT)):
                    for spec, seconds in timed(root, args.residents, specs).items():
                        runs[name].setdefault(spec, []).append(seconds)
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(base)], check=True)
    print(f"{args.residents:,} residents, {args.rounds} rounds; medians in seconds")
    print(f"{'town:seed':<20} {args.base:>10} {'this tree':>10} {'ratio':>7}")
    old = new = 0.0
    for spec in specs:
        b, n = statistics.median(runs["base"][spec]), statistics.median(runs["new"][spec])
        old, new = old + b, new + n
        print(f"{spec:<20} {b:>10.3f} {n:>10.3f} {n / b:>7.3f}")
    print(f"total over {len(specs)} builds: {old:.2f} s against {new:.2f} s, ratio {new / old:.3f}")


if __name__ == "__main__":
    main()
