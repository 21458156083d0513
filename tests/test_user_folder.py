"""A trainer's own scenarios folder: checked, added to the shipped scenarios, never over them.

The worked example of docs/authoring.md (``docs/example_scenarios``) is the folder under test,
so the guide's example is known to pass the checker, and its mistakes to be named as it says.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from model.engine import Game, GameScenario
from model.errors import ScenarioError
from model.events import EventsFile
from model.framework import Framework
from model.interventions import InterventionsFile
from model.loading import load_events, load_interventions
from model.network import RippleNetwork
from model.user_folder import load_user_folder

EXAMPLE = ROOT / "docs" / "example_scenarios"
Shipped = tuple[Framework, RippleNetwork, InterventionsFile, EventsFile]


@pytest.fixture(scope="module")
def shipped(shipped_framework: Framework, shipped_network: RippleNetwork) -> Shipped:
    fw = shipped_framework
    return fw, shipped_network, load_interventions(framework=fw), load_events(framework=fw)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _thrive(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game.cli", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(ROOT), "THRIVE_HOME": str(home)},
    )


def test_the_example_folder_is_added_to_the_shipped_scenarios(shipped: Shipped) -> None:
    fw, network, inter, events = shipped
    user = load_user_folder(EXAMPLE, fw, network, inter, events)
    ids = [i.id for i in user.interventions.interventions]
    assert ids[: len(inter.interventions)] == [i.id for i in inter.interventions]  # kept
    assert ids[len(inter.interventions) :] == ["warm_homes_hub"]  # and one added
    assert [e.id for e in user.events.events][-1] == "pier_fire"
    assert len(user.events.events) == len(events.events) + 1
    ((ref, town),) = user.towns
    assert town.id == "rother" and Path(ref).name == "rother.yaml"
    ((_, challenge),) = user.challenges
    assert challenge.town == ref  # the folder's town, by the file that builds it
    changed = {k.index: k.weight for k in user.network.links} != {
        k.index: k.weight for k in network.links
    }
    assert changed
    link = next(
        k
        for k in user.network.links
        if (k.source, k.target)
        == (
            "social_isolation",
            "mental_health",
        )
    )
    assert link.weight == 0.28
    assert {kind for _, kind, _ in user.files} == {
        "town",
        "more_interventions",
        "more_events",
        "challenge",
        "weights",
    }


def test_a_trainers_intervention_is_played_in_a_game(shipped: Shipped) -> None:
    fw, network, inter, events = shipped
    user = load_user_folder(EXAMPLE, fw, network, inter, events)
    ((_ref, town),) = user.towns
    scenario = GameScenario(fw, user.network, town, user.interventions, user.events, 2500)
    game = Game(scenario, rounds=1, years_per_round=2, seed=3, teams=("council", "vcse"))
    cost = game.cost("warm_homes_hub")
    game.submit({"vcse": {"warm_homes_hub": cost}})
    state = game.intervention_state("warm_homes_hub")
    assert state is not None and state.status == "working"
    assert game.history[-1].sources["intervention:warm_homes_hub"]["energy_carbon"] > 0


def test_clashes_and_mistakes_are_named_with_both_files(shipped: Shipped, tmp_path: Path) -> None:
    fw, network, inter, events = shipped
    folder = _copy(tmp_path)
    hub = folder / "warm_homes_hub.yaml"
    hub.write_text(hub.read_text().replace("id: warm_homes_hub", "id: bus_services"))
    twin = folder / "sub" / "second_hub.yaml"
    twin.parent.mkdir()
    twin.write_text((EXAMPLE / "warm_homes_hub.yaml").read_text())
    twin.write_text(twin.read_text().replace("node: basic_needs", "node: basic_need"))
    (folder / "copy_of_rother.yaml").write_text((folder / "rother.yaml").read_text())
    weights = folder / "stronger_loneliness_link.yaml"
    weights.write_text(
        weights.read_text().replace("weight: 0.28", "weight: 0.5")
        + "  - source: transport\n    target: life_expectancy\n    weight: 0.1\n"
        "    reason: no such link\n"
    )
    (folder / "notes.yaml").write_text("kind: plan\nversion: 1\nrounds: []\n")
    with pytest.raises(ScenarioError) as caught:
        load_user_folder(folder, fw, network, inter, events)
    report = caught.value.report()
    assert re.search(
        r"mine/warm_homes_hub\.yaml:\d+ interventions\[0\]\.id: 'bus_services' is already an "
        r"intervention in interventions\.yaml:\d+",
        report,
    )
    assert re.search(
        r"mine/sub/second_hub\.yaml:\d+ interventions\[0\]\.effects\[1\]\.node: unknown node "
        "'basic_need'",
        report,
    )
    assert re.search(
        r"mine/rother\.yaml:\d+ id: 'rother' is already a town in mine/copy_of_rother\.yaml:\d+",
        report,
    ) or re.search(
        r"mine/copy_of_rother\.yaml:\d+ id: 'rother' is already a town in mine/rother\.yaml:\d+",
        report,
    )
    assert re.search(
        r"mine/stronger_loneliness_link\.yaml:\d+ links\[0\]\.weight: 0\.5 is outside what "
        r"moderate evidence allows for social_isolation -> mental_health \(0\.1 to 0\.3",
        report,
    )
    assert "links[1]: no link transport -> life_expectancy in ripples.yaml" in report
    assert re.search(r"mine/notes\.yaml:\d+ kind: a user scenarios file's 'kind' must be", report)


def test_a_second_hub_with_the_same_id_names_the_first_file(
    shipped: Shipped, tmp_path: Path
) -> None:
    fw, network, inter, events = shipped
    folder = _copy(tmp_path)
    (folder / "zz_again.yaml").write_text((folder / "warm_homes_hub.yaml").read_text())
    with pytest.raises(ScenarioError) as caught:
        load_user_folder(folder, fw, network, inter, events)
    (problem,) = caught.value.problems
    assert problem.file == "mine/zz_again.yaml"
    assert re.match(
        r"'warm_homes_hub' is already an intervention in mine/warm_homes_hub\.yaml:\d+",
        problem.message,
    )


def test_thrive_check_reads_the_default_and_the_given_folder(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(EXAMPLE, home / "scenarios")
    result = _thrive("check", home=home)
    assert result.returncode == 0, result.stderr
    assert "scenarios/warm_homes_hub.yaml (your more_interventions): OK" in result.stdout
    assert "adds Warm homes hub" in result.stdout
    bad = _copy(tmp_path)
    (bad / "pier_fire.yaml").write_text(
        (bad / "pier_fire.yaml").read_text().replace("id: pier_fire", "id: flood")
    )
    result = _thrive("check", "--scenarios", str(bad), home=home)
    assert result.returncode == 1
    assert re.search(
        r"mine/pier_fire\.yaml:\d+ events\[0\]\.id: 'flood' is already an event or situation in "
        r"events\.yaml:\d+",
        result.stderr,
    )
    assert "Traceback" not in result.stderr
    from game.user_scenarios import user_folder_for

    with pytest.raises(ScenarioError, match="no such scenarios folder"):
        user_folder_for(home, tmp_path / "nowhere")
    assert user_folder_for(tmp_path / "empty_home", None) is None  # no folder: the shipped alone


def test_the_guides_examples_pass_the_checker(shipped: Shipped, tmp_path: Path) -> None:
    """Every complete file shown in docs/authoring.md (a YAML block that starts with its
    ``kind:``) is a valid file of a user folder, read together as one course."""
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(kind: .*?)```", guide, flags=re.S)
    kinds = [b.splitlines()[0].removeprefix("kind: ") for b in blocks]
    assert sorted(kinds) == ["challenge", "more_interventions", "town", "weights"]
    folder = tmp_path / "guide"
    folder.mkdir()
    for k, block in enumerate(blocks):
        (folder / f"{k}_{kinds[k]}.yaml").write_text(block, encoding="utf-8")
    fw, network, inter, events = shipped
    user = load_user_folder(folder, fw, network, inter, events)
    assert len(user.files) == 4


def test_the_window_offers_the_folders_town_challenge_and_intervention(tmp_path: Path) -> None:
    """After `thrive check` passes the folder, the game shows its town and challenge on the
    start screen and its intervention on the plan screen, for each of its funders."""
    import pygame
    from test_game_ui import press, until

    from game.app import App
    from game.screens.plan import PlanScreen
    from game.screens.start import StartScreen

    home = tmp_path / "home"
    shutil.copytree(EXAMPLE, home / "scenarios")
    assert _thrive("check", home=home).returncode == 0
    app = App(size=(1280, 720), home=home)
    try:
        start = app.screen
        assert isinstance(start, StartScreen)
        assert "Rother (yours)" in [town.name for _, town in start.towns]
        assert "rother_warm_and_well" in start.challenges
        start.choose_challenge("rother_warm_and_well")
        assert Path(start.choice).name == "rother.yaml"
        start.residents, start.rounds = 2500, 1
        app.rebuild()
        press(app, pygame.K_RETURN)
        until(app, lambda: app.screen.name == "briefing")
        assert app.session.town is not None and app.session.town.id == "rother"
        press(app, pygame.K_RETURN)
        plan = app.screen
        assert isinstance(plan, PlanScreen)
        plan.command("team:vcse")
        offered = [item.id for item in plan.items()]
        assert "warm_homes_hub" in offered
        link = next(
            k
            for k in app.session.live.scenario.network.links
            if (k.source, k.target) == ("social_isolation", "mental_health")
        )
        assert link.weight == 0.28  # the folder's reading of the evidence is the one played
    finally:
        app.session.close()
