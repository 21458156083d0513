"""Adding a resident behaviour is a row, a column and its numbers (issue 11).

The patch in ``data/new_behaviour/`` adds drinking over the guidelines, with an indicator of
its own, to a copy of the model: one row in ``processes.py``, one column in ``residents.py``,
its turnover and logit effects in ``parameters.py``, and the indicator in the framework file.
The copy must then generate towns that start at the indicator's figure, measure it every
year, and move it when healthy behaviours are pushed, with nothing else changed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PATCH = ROOT / "tests" / "data" / "new_behaviour" / "drinking.patch"

SCRIPT = r"""
import json, sys
import numpy as np
import model
from model.loading import load_framework, load_ripples, scenario_town
from model.simulation import Push, Simulation, YearInputs
from model.town.generate import fit_report

assert model.__file__.startswith(sys.argv[1]), model.__file__  # the patched copy
fw = load_framework()
net = load_ripples(framework=fw)
out = {}
for ref in ("hastings", "oldham"):
    _, desc = scenario_town(ref, fw)
    for seed in (1, 2):
        runs = []
        for push in (0.0, 2.0):
            sim = Simulation.from_description(fw, net, desc, seed=seed, population=8000)
            fit = {f.indicator: (f.generated, f.target, f.within) for f in fit_report(sim.town)}
            inputs = YearInputs(pushes=(Push("healthy_behaviours", push),)) if push else None
            for _ in range(8):
                sim.advance(inputs)
            runs.append([r.values["alcohol_risk"] for r in sim.history])
        out[f"{ref}/{seed}"] = {"fit": fit["alcohol_risk"], "runs": runs}
print(json.dumps(out))
"""


def test_the_patch_touches_three_files_of_code_and_the_framework() -> None:
    files = re.findall(r"^diff --git a/(\S+)", PATCH.read_text(encoding="utf-8"), re.M)
    code = [f for f in files if f.endswith(".py")]
    town = "model/town/"
    assert code == [town + "parameters.py", town + "processes.py", town + "residents.py"]
    assert [f for f in files if f not in code] == ["scenarios/framework.yaml"]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="applies the patch with git")
def test_a_behaviour_added_by_one_row_fits_is_measured_and_responds(tmp_path: Path) -> None:
    for part in ("model", "scenarios"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["git", "apply", str(PATCH)], cwd=tmp_path, check=True)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads(done.stdout)
    for case, result in results.items():
        value, target, within = result["fit"]
        assert within, f"{case}: starts at {value:.2f}, description {target:.2f}"
        base, pushed = result["runs"]
        assert len(base) == 9  # measured at the start and every year
        # the push lowers drinking, by a few points once residents have adjusted
        later = [p - b for p, b in zip(pushed[4:], base[4:], strict=True)]
        assert sum(later) / len(later) < -1.0, f"{case}: {later}"
