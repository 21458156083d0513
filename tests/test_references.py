"""The England references in framework.yaml follow from the derivation over public data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, SCENARIOS

from model.framework import Framework

TABLE = SCENARIOS / "data" / "england_references.yaml"
SHARED_DATA = ROOT.parent / "shared" / "data"
ALIASES = {"life_expectancy_at_birth": "life_expectancy"}


def test_every_reference_in_the_framework_matches_the_derived_table(
    shipped_framework: Framework,
) -> None:
    table = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    for ind in shipped_framework.indicators:
        row = table[ALIASES.get(ind.id, ind.id)]
        ref = ind.reference
        assert (ref.mean, ref.sd, ref.status) == (row["mean"], row["sd"], row["status"]), ind.id
        assert ref.source == row["source"], ind.id
        assert ind.direction == row["direction"], ind.id
        if ref.scale == "log":
            assert (ref.log_mean, ref.log_sd) == (row["log_mean"], row["log_sd"]), ind.id


def test_the_table_credits_the_open_government_licence() -> None:
    assert "Open Government Licence v3.0" in TABLE.read_text(encoding="utf-8")


@pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason="the shared public data is not beside the repo"
)
def test_the_derivation_reproduces_the_shipped_table(tmp_path: Path) -> None:
    script = SCENARIOS / "data" / "build_references.py"
    result = subprocess.run(
        [sys.executable, str(script), str(SHARED_DATA), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "england_references.yaml").read_text(encoding="utf-8") == TABLE.read_text(
        encoding="utf-8"
    )
