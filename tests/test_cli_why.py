"""``thrive why RUN_DIR NODE`` as a person uses it: a three-round game's save, explained."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import game_scenario
from test_cli import thrive
from typer.testing import Result

from model.attribution import attribute_game, by_intervention
from model.attribution_text import rows


@pytest.fixture(scope="module")
def saved(tmp_path_factory, shipped_framework, shipped_network):  # type: ignore[no-untyped-def]
    from model.bots import bot_decisions
    from model.engine import Game
    from model.saves import save_game

    scenario = game_scenario(shipped_framework, shipped_network, residents=3000)
    game = Game(scenario, rounds=3, years_per_round=2, seed=4)
    for _ in range(3):
        game.submit(bot_decisions("partnership", game))
    folder = tmp_path_factory.mktemp("run")
    save_game(game, folder / "save.json", "brackenbury")
    return folder, game


def _invoke(*args: str) -> Result:
    """The command in this process (quicker than a new one for the messages of mistakes)."""
    from typer.testing import CliRunner

    from game.cli import app

    return CliRunner().invoke(app, list(args))


def _numbers(lines: list[str]) -> list[float]:
    return [float(re.match(r"\s*([+-]\d+\.\d\d)", line).group(1)) for line in lines]  # type: ignore[union-attr]


def test_why_traces_mental_health_back_to_an_earlier_round_and_adds_up(saved) -> None:  # type: ignore[no-untyped-def]
    folder, game = saved
    result = thrive("why", str(folder), "mental_health")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Mental health, rounds 1 to 3 (years 1-6):")
    shown = (
        game.history[-1].scores["mental_health"] - game.baseline_history[-1].scores["mental_health"]
    )
    assert f"{round(shown, 2):+.2f} against doing nothing" in lines[0]
    # the groups add up to the change, and each group's origins to the group
    groups = [line for line in lines if re.match(r"^   [+-]\d", line)]
    assert groups and sum(_numbers(groups)) == pytest.approx(round(shown, 2), abs=1e-9)
    assert f"= {round(shown, 2):+.2f}  the change against doing nothing" in result.stdout
    # a route of two or more links back to an intervention of round 1 or 2, named
    names = {i.name for i in game.scenario.interventions.interventions}
    origin = None
    found = []
    for line in lines:
        if re.match(r"^     [+-]\d", line):
            origin = line
        elif re.match(r"^ {11}[+-]\d", line) and line.count("->") >= 2 and origin:
            m = re.search(r"\d  (.+) \(round (\d+):", origin)
            if m and m.group(1) in names and int(m.group(2)) < 3:
                found.append((origin, line))
    assert found, result.stdout


def test_the_rows_add_up_in_every_group_for_every_span(saved) -> None:  # type: ignore[no-untyped-def]
    _, game = saved
    fw = game.scenario.framework
    for target in ("mental_health", "work_economy", "equality"):
        for span in ((1, 3), (2, 2), (2, 3)):
            result = by_intervention(attribute_game(game, target, *span))
            got = rows(result, fw, per_group=3)
            tops = [r for r in got if r.depth == 0]
            assert sum(r.points for r in tops) == pytest.approx(result.shown_change, abs=1e-9)
            k = 0
            while k < len(got):
                group, k = got[k], k + 1
                members = []
                while k < len(got) and got[k].depth > 0:
                    if got[k].depth == 1:
                        members.append(got[k].points)
                    k += 1
                assert sum(members) == pytest.approx(group.points, abs=1e-9)


def test_a_span_of_rounds_and_a_domain(saved) -> None:  # type: ignore[no-untyped-def]
    folder, _ = saved
    result = _invoke("why", str(folder / "save.json"), "Work & Local Economy", "--from-round", "2")
    assert result.exit_code == 0, result.output
    assert "rounds 2 to 3 (years 3-6)" in result.stdout
    assert "(change since the end of year 2)" in result.stdout


def test_mistakes_get_one_clear_message(saved, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder, _ = saved
    wrong = _invoke("why", str(folder), "mental_helth")
    assert wrong.exit_code == 2 and "did you mean mental_health" in wrong.output
    empty = _invoke("why", str(tmp_path), "mental_health")
    assert empty.exit_code == 2 and "no save.json" in empty.output
    late = _invoke("why", str(folder), "mental_health", "--from-round", "3", "--to-round", "4")
    assert late.exit_code == 2 and "rounds run from 1 to 3" in late.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "thriving-places-save", "version": 1, "seed": -1}')
    broken = _invoke("why", str(bad), "mental_health")
    assert broken.exit_code == 1 and "seed" in broken.output
    for result in (wrong, empty, late, broken):
        assert result.exception is None or isinstance(result.exception, SystemExit)
