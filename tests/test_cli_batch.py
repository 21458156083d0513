"""thrive ensemble and thrive compare as a planner runs them (small towns, few seeds)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

PLANS = ROOT / "scenarios" / "plans"


def thrive(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), "THRIVE_HOME": str(home)},
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_ensemble_writes_its_tables_charts_and_report(tmp_path: Path) -> None:
    out = tmp_path / "ens"
    args = ("ensemble", "kingsmere", "--plan", str(PLANS / "green_and_fair.yaml"))
    small = ("--seeds", "5", "--years", "2", "--residents", "2000")
    result = thrive(*args, *small, "--workers", "2", "--out", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.iterdir()}
    assert {"runs.csv", "summary.csv", "report.html", "headlines.png", "domains.png"} <= names
    runs = _rows(out / "runs.csv")
    assert len(runs) == 5 * 3 * 2  # runs x years 0-2 x plan and baseline
    assert {r["seed"] for r in runs} == {"1", "2", "3", "4", "5"}
    summary = _rows(out / "summary.csv")
    row = next(r for r in summary if r["year"] == "2" and r["score"] == "score:equality")
    assert float(row["plan_p10"]) <= float(row["plan_p50"]) <= float(row["plan_p90"])
    assert float(row["difference_p10"]) <= float(row["difference_p90"])
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "against doing nothing" in report and "middle 80% of the runs" in report
    assert "Local Conditions: " in result.stdout
    # the same command again reads its town from the cache and gives the same summary
    again = thrive(*args, *small, "--workers", "1", "--out", str(tmp_path / "b"), home=tmp_path)
    assert again.returncode == 0, again.stderr
    assert _rows(tmp_path / "b" / "summary.csv") == summary


def test_compare_says_in_words_which_differences_are_beyond_chance(tmp_path: Path) -> None:
    out = tmp_path / "cmp"
    result = thrive(
        "compare",
        "kingsmere",
        str(PLANS / "green_and_fair.yaml"),
        str(PLANS / "work_and_health_first.yaml"),
        *("--seeds", "5", "--residents", "2000", "--years", "4", "--out", str(out)),
        home=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Which differences from green_and_fair are beyond chance" in report
    for name in ("Local Conditions", "Equality", "Sustainability", "Mental &amp; Physical Health"):
        assert f"{name} (work_and_health_first): " in report
    assert report.count("beyond chance") + report.count("within chance") >= 17
    assert "Each team&#x27;s money and what it moved" in report
    summary = _rows(out / "summary.csv")
    assert {r["plan"] for r in summary} == {"green_and_fair", "work_and_health_first"}
    assert "work_and_health_first against green_and_fair" in result.stdout


def test_batch_commands_refuse_bad_requests_in_one_sentence(tmp_path: Path) -> None:
    plan = str(PLANS / "green_and_fair.yaml")
    cases = [
        (("ensemble", "kingsmere"), "give --plan PLAN.yaml or --bot NAME"),
        (("ensemble", "kingsmere", "--plan", plan, "--vary", "moods"), "--vary takes history"),
        (("ensemble", "kingsmere", "--bot", "clever"), "unknown bot 'clever'"),
        (("ensemble", "kingsmere", "--plan", plan, "--scheduler", "localhost"), "tcp://HOST:PORT"),
        (("compare", "kingsmere", plan), "compare needs two or more plan files"),
        (("ensemble", "atlantis", "--plan", plan), "no such scenario file or town"),
    ]
    from typer.testing import CliRunner

    from game.cli import app

    runner = CliRunner()
    for args, words in cases:  # in this process: each refusal comes before any run
        result = runner.invoke(app, [*args, "--out", str(tmp_path / "x")])
        assert result.exit_code in (1, 2), (args, result.output)
        assert words in result.stderr, (args, result.stderr)
        assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "x").exists()


def test_the_command_line_offers_the_batch_cores_vary_modes() -> None:
    from game import cli_batch
    from model import batch

    assert cli_batch.VARY_MODES == batch.VARY_MODES


@pytest.mark.slow
def test_sensitivity_ranks_the_assumptions(tmp_path: Path) -> None:
    """The whole command: 2 Morris trajectories over 80 factors are 162 small runs."""
    from typer.testing import CliRunner

    from game.cli import app

    runner = CliRunner(env={"THRIVE_HOME": str(tmp_path)})
    plan = str(PLANS / "work_and_health_first.yaml")
    out = tmp_path / "sens"
    args = ["sensitivity", "kingsmere", "--plan", plan, "--samples", "2", "--out", str(out)]
    result = runner.invoke(app, [*args, "--residents", "2000", "--years", "2"])
    assert result.exit_code == 0, result.output
    rows = _rows(out / "sensitivity.csv")
    assert {r["kind"] for r in rows} == {"link", "effect", "bonus"}
    assert len([r for r in rows if r["kind"] == "effect"]) == 9  # what the plan funds
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    assert all(float(rows[0][f"{h}:mu_star"]) > 0 for h in ("local_conditions", "equality"))
    assert (out / "sensitivity.png").stat().st_size > 10_000
    assert "what the result depends on most" in result.output


def test_sweep_ranks_the_places_by_region_and_class(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from game.cli import app

    runner = CliRunner(env={"THRIVE_HOME": str(tmp_path)})
    plan = str(PLANS / "work_and_health_first.yaml")
    out = tmp_path / "sweep"
    args = ["sweep", plan, "--places", "E0700006", "--seeds", "2", "--out", str(out)]
    result = runner.invoke(app, [*args, "--residents", "2000", "--years", "2"])
    assert result.exit_code == 0, result.output
    places = _rows(out / "sweep.csv")
    assert len(places) == 9 and {p["region"] for p in places} == {"South East", "East of England"}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Local Conditions: where it helps most" in report and "by rural-urban class" in report
