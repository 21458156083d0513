"""The ``thrive`` command as a person uses it: real processes, real exit codes, no tracebacks."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS

from model.framework import Framework
from model.loading import default_files


def thrive(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_check_passes_on_the_shipped_files_and_prints_a_summary() -> None:
    result = thrive("check")
    assert result.returncode == 0, result.stderr
    for words in (
        "framework.yaml (framework): OK",
        "ripples.yaml (ripples): OK",
        "headline elements    3",
        "indicators",
        "reinforcing loops",
        "balancing loops",
        f"{len(default_files())} file(s) checked, no problems found.",
    ):
        assert words in result.stdout


def test_check_lists_every_mistake_with_its_line_and_exits_1(tmp_path: Path) -> None:
    text = (SCENARIOS / "ripples.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("  - source:")]

    def edit(link: int, prefix: str, new: str) -> None:
        for i in range(starts[link], starts[link + 1]):
            if lines[i].startswith(prefix):
                lines[i] = new
                return
        raise AssertionError(f"{prefix} not in link {link}")

    edit(0, "    weight:", "    weight: 30")
    edit(1, "    target:", "    target: happiness")
    edit(2, "    mechanism:", '    mechanisms: "typo"')
    edit(3, "    delay:", "    delay: -1")
    lines += [
        "  - source: culture",
        "    target: participation",
        "    weight: 0.1",
        "    delay: 0",
        '    mechanism: "A new loop."',
        "    evidence: {level: assumed, reasoning: test}",
        "  - source: participation",
        "    target: culture",
        "    weight: 0.1",
        "    delay: 0",
        '    mechanism: "A new loop."',
        "    evidence: {level: assumed, reasoning: test}",
    ]
    bad = tmp_path / "ripples.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = thrive("check", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    report = result.stderr.splitlines()
    assert report[0] == "6 problems found:"
    n = len(starts)
    expected = [
        ("links[0].weight", "must be <= 1 (got 30)"),
        ("links[1].target", "unknown node 'happiness'"),
        ("links[2].mechanism", "required key is missing"),
        ("links[2].mechanisms", "unknown key 'mechanisms' (did you mean 'mechanism'?)"),
        ("links[3].delay", "must be >= 0 (got -1)"),
        (f"links[{n + 1}].delay", "loop with no delay"),
    ]
    for line, (path, message) in zip(report[1:], expected, strict=True):
        where, _, rest = line.strip().partition(" ")
        assert where.startswith(f"{bad}:") and where[len(str(bad)) + 1 :].isdigit()
        assert rest.startswith(f"{path}: {message}")


def test_check_of_a_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = thrive("check", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert result.stderr.strip().endswith("nope.yaml: cannot read file: No such file or directory")


def test_node_shows_inputs_outputs_and_evidence() -> None:
    result = thrive("node", "mental_health")
    assert result.returncode == 0, result.stderr
    assert "Moved by" in result.stdout and "Moves" in result.stdout
    assert "Unemployment" in result.stdout and "Participation" in result.stdout
    assert "strong" in result.stdout
    assert thrive("node", "happiness").returncode == 1


def test_node_shows_every_indicator_with_its_unit(shipped_framework: Framework) -> None:
    """Each indicator line names its unit in brackets (rich once read "[mean score 0-10]" and
    "[tonnes CO2 per person a year]" as markup and dropped them)."""
    from typer.testing import CliRunner

    from game.cli import app

    runner = CliRunner()
    for node in shipped_framework.nodes:
        result = runner.invoke(app, ["node", node.id])
        assert result.exit_code == 0, result.output
        lines = [line for line in result.output.splitlines() if line.startswith("  - ")]
        assert len(lines) == len(node.indicators), node.id
        for line, ind in zip(lines, node.indicators, strict=True):
            assert ind.unit.strip(), f"{ind.id} has no unit"
            assert line.startswith(f"  - {ind.name} [{ind.unit}], "), line
    anxiety = runner.invoke(app, ["node", "mental_health"]).output
    assert "Anxiety [mean score 0-10], lower is better" in anxiety


def test_ripple_shows_the_spread_of_a_push_and_why() -> None:
    result = thrive("ripple", "--push", "unemployment=1", "--years", "5")
    assert result.returncode == 0, result.stderr
    assert "Why did they change in year 5?" in result.stdout
    assert "Mental health" in result.stdout
    bad = thrive("ripple", "--push", "nowhere=1")
    assert bad.returncode == 2 and "unknown node 'nowhere'" in bad.stderr


def test_play_without_a_display_says_so_in_one_sentence_and_points_elsewhere() -> None:
    import os

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")
    }
    result = subprocess.run(
        [sys.executable, "-m", "game.cli", "play"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    message = result.stderr.strip()
    assert message.count("\n") == 0, message
    assert "no display" in message
    assert "thrive play --demo --screenshots DIR" in message and "thrive run" in message


def test_play_names_a_town_it_cannot_find_before_opening_a_window() -> None:
    result = thrive("play", "nowhere-on-sea")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "nowhere-on-sea" in result.stderr


def test_play_screenshots_need_the_demo() -> None:
    result = thrive("play", "--screenshots", "somewhere")
    assert result.returncode == 2
    assert "--demo" in result.stderr


def test_the_installed_console_script_exists() -> None:
    exe = shutil.which("thrive")
    if exe is None:  # running from a checkout without installing: nothing to check
        return
    result = subprocess.run([exe, "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "check" in result.stdout


def test_run_writes_the_tables_and_prints_the_headlines(tmp_path: Path) -> None:
    import csv
    import json

    from model.loading import load_framework
    from model.report import year_columns

    out = tmp_path / "run"
    result = thrive(
        "run",
        "brackenbury",
        "--years",
        "3",
        "--residents",
        "10000",
        "--seed",
        "4",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "Brackenbury: headline scores" in result.stdout
    assert "Local Conditions" in result.stdout and "Sustainability" in result.stdout
    with (out / "years.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    fw = load_framework()
    assert list(rows[0]) == year_columns(fw)
    assert [int(r["year"]) for r in rows] == [0, 1, 2, 3]
    assert "score:local_conditions" in rows[0] and "value:employment_rate" in rows[0]
    assert "gap:health_equality" in rows[0]
    assert all(0.0 <= float(r["score:equality"]) <= 10.0 for r in rows)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["years"] == 3 and summary["seed"] == 4
    assert set(summary["headlines"]) == {"local_conditions", "equality", "sustainability"}
    assert all(f["within_tolerance"] for f in summary["start_fit"])


def test_run_of_an_unknown_town_is_one_clear_message() -> None:
    result = thrive("run", "atlantis", "--years", "1")
    assert result.returncode == 1
    assert "atlantis: no such scenario file or town; shipped towns: brackenbury" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bot_plays_a_game_and_the_tables_are_written(tmp_path: Path) -> None:
    import csv
    import json

    out = tmp_path / "game"
    result = thrive(
        "run",
        "brackenbury",
        "--rounds",
        "2",
        "--years-per-round",
        "1",
        "--bot",
        "partnership",
        "--residents",
        "5000",
        "--seed",
        "2",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "bot partnership" in result.stdout and "Round 2 (years 2-2)" in result.stdout
    with (out / "years.csv").open(encoding="utf-8") as handle:
        played = list(csv.DictReader(handle))
    with (out / "baseline.csv").open(encoding="utf-8") as handle:
        baseline = list(csv.DictReader(handle))
    assert [r["year"] for r in played] == ["0", "1", "2"] == [r["year"] for r in baseline]
    assert float(played[1]["spend:council"]) > 0 and float(baseline[1]["spend:council"]) == 0
    record = json.loads((out / "rounds.json").read_text(encoding="utf-8"))
    assert [r["round"] for r in record["rounds_played"]] == [1, 2]
    first = record["rounds_played"][0]
    assert {"decisions", "events", "situations", "pipeline", "allocations"} <= set(first)
    assert any(a["partnership"] for a in first["allocations"])
    # ... and the debrief pack, the same one the workshop's debrief screen exports
    for name in (
        "headlines.png",
        "domains.png",
        "gaps.png",
        "co2.png",
        "debrief.html",
        "save.json",
    ):
        assert (out / name).stat().st_size > 0, name
    debrief = (out / "debrief.md").read_text(encoding="utf-8")
    assert "Round 2 (years 2 to 2)" in debrief and "Played by bot partnership" in debrief
    assert "In a few sentences" in result.stdout


def test_a_greedy_bot_for_an_unknown_domain_names_the_valid_ones(
    tmp_path: Path, shipped_framework: Framework
) -> None:
    out = tmp_path / "never"
    result = thrive(
        "run", "brackenbury", "--rounds", "1", "--bot", "greedy:nonsense", "--out", str(out)
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "greedy:nonsense: 'nonsense' is not a domain id. Domain ids: " in result.stderr
    assert all(d in result.stderr for d in shipped_framework.domain_ids)
    assert not out.exists()  # refused before anything was built or written
    result = thrive("run", "brackenbury", "--rounds", "1", "--bot", "clever")
    assert result.returncode == 2
    assert "unknown bot 'clever'; bots: even, silo, partnership, greedy:<domain id>" in (
        result.stderr
    )


def test_a_plan_with_mistakes_gets_one_message_naming_each(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(
        "kind: plan\nversion: 1\ntown: brackenbury\nrounds:\n"
        "  - council: {active_travel_network: 9000000, time_machine: 5}\n"
        "    health: {road_capacity_scheme: 700000}\n"
        "    police: {bus_services: 1}\n",
        encoding="utf-8",
    )
    result = thrive("check", str(plan))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    report = result.stderr
    assert "problems found" in report
    assert (
        "rounds[0].police: 'police' is not allowed here: a key should be 'council', 'health', "
        "'business', 'vcse' or 'education'" in report
    )
    assert "rounds[0].council.time_machine: unknown intervention 'time_machine'" in report
    assert "rounds[0].health.road_capacity_scheme: health may not fund it" in report
    assert ":5 rounds[0].council: spends £9,000,000 a year but its budget is £720,000" in report
    result = thrive("run", "brackenbury", "--plan", str(plan), "--residents", "5000")
    assert result.returncode == 1 and "time_machine" in result.stderr


def test_play_takes_a_window_size_and_names_a_bad_one() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "game.cli", "play", "--size", "big"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert "WIDTHxHEIGHT" in result.stderr and "Traceback" not in result.stderr


def test_runs_longer_than_a_town_is_tested_to_hold_steady_are_refused() -> None:
    """A run or a game of more than MAX_YEARS years is refused in one sentence, before any
    town is built (benchmarks/steady_town.py shows towns holding steady for 50 years)."""
    from typer.testing import CliRunner

    from game.cli import app
    from model.simulation import MAX_YEARS

    runner = CliRunner()
    long_game = runner.invoke(app, ["run", "brackenbury", "--rounds", "30", "--bot", "even"])
    assert long_game.exit_code == 2
    assert f"at most {MAX_YEARS} are supported" in long_game.output
    assert "Traceback" not in long_game.output
    long_run = runner.invoke(app, ["run", "brackenbury", "--years", str(MAX_YEARS + 1)])
    assert long_run.exit_code == 2
    from model.engine import Game

    # the game itself refuses too (checked before the scenario is read)
    with pytest.raises(ValueError, match=f"at most {MAX_YEARS}"):
        Game(None, rounds=26, years_per_round=2)  # type: ignore[arg-type]
