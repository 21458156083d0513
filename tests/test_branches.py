"""Weight debates and branches (model/branches.py), their place in saves (model/saves.py) and
``thrive branch`` / ``thrive compare-branches``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import game_scenario

from model.bots import bot_decisions
from model.branches import Branch, branch_game, compare, play_on, weights_by_index
from model.engine import Game
from model.errors import ScenarioError
from model.weight_ranges import weight_range

LINK = "unemployment->mental_health"


@pytest.fixture(scope="module")
def scenario(shipped_framework, shipped_network):  # type: ignore[no-untyped-def]
    return game_scenario(shipped_framework, shipped_network, residents=2000)


def _played(scenario: Any, seed: int, rounds: int = 3) -> Game:
    game = Game(scenario, rounds=rounds, years_per_round=2, seed=seed)
    for _ in range(rounds):
        game.submit(bot_decisions("partnership", game))
    return game


@pytest.fixture(scope="module")
def games(scenario):  # type: ignore[no-untyped-def]
    return [_played(scenario, seed) for seed in (3, 8)]


def _top(network: Any) -> float:
    link = next(k for k in network.links if f"{k.source}->{k.target}" == LINK)
    return weight_range(link)[1]


def test_a_debate_branch_holds_its_weight_and_meets_the_same_events(games) -> None:  # type: ignore[no-untyped-def]
    for main in games:
        high = _top(main.scenario.network)
        branch = branch_game(main, 2, {LINK: high})
        assert len(branch.reports) == 2 and branch.decisions == main.decisions[:2]
        link = next(
            k
            for k in branch.scenario.network.links
            if k.target == "mental_health" and k.source == "unemployment"
        )
        assert link.weight == high != main.scenario.network.links[link.index].weight
        for mine, theirs in zip(branch.reports, main.reports[:2], strict=True):
            assert mine.events == theirs.events
        assert branch.pending_events == main.reports[2].events  # its next round's too
        play_on(main, branch, bot_decisions("even", branch))
        assert branch.over and branch.reports[2].events == main.reports[2].events


def test_a_rewind_without_weights_is_the_main_game_rewound(games) -> None:  # type: ignore[no-untyped-def]
    main = games[0]
    rewound = branch_game(main, 1)
    weights = [k.weight for k in rewound.scenario.network.links]
    assert weights == [k.weight for k in main.scenario.network.links]
    assert [r.scores for r in rewound.history] == [r.scores for r in main.history[:3]]


def test_weights_outside_their_range_or_unknown_links_are_named(games) -> None:  # type: ignore[no-untyped-def]
    main = games[0]
    with pytest.raises(ScenarioError) as caught:
        branch_game(main, 1, {LINK: 0.9, "safety->nowhere": 0.1})
    text = caught.value.report()
    assert "weight 0.9 is outside" in text and "strong evidence" in text
    assert "no link safety->nowhere" in text
    with pytest.raises(ScenarioError, match="after rounds 0 to 3"):
        branch_game(main, 4)
    assert weights_by_index(main.scenario.network, {LINK: 0.25}) == {0: 0.25}


def test_two_branches_side_by_side_and_why_they_differ_add_up(games) -> None:  # type: ignore[no-untyped-def]
    for main in games:
        high = _top(main.scenario.network)
        debate = branch_game(main, 1, {LINK: high})
        rewind = branch_game(main, 1)
        for game, bot in ((debate, "partnership"), (rewind, "silo")):
            while not game.over:
                play_on(main, game, bot_decisions(bot, game))
        for a, b, weights in ((main, debate, True), (rewind, main, False)):
            result = compare("a", a, "b", b)
            assert result.rounds == 3 and result.year == 6
            assert bool(result.weights) == weights
            baselines_differ = []
            for line in result.headlines:
                assert line.difference == pytest.approx(
                    b.history[6].scores[line.id] - a.history[6].scores[line.id]
                )
                parts = result.why[line.id]
                assert sum(p.points for p in parts) == pytest.approx(line.difference, abs=1e-9)
                differs = [p for p in parts if p.label.startswith("the town doing nothing")]
                baselines_differ.append(bool(differs))
            # only other weights make the town doing nothing differ (here: somewhere)
            assert any(baselines_differ) == weights
            assert {g.id for g in result.gaps} == set(a.history[6].gaps)
            assert len(result.domains) == len(a.scenario.framework.domain_ids)


# -- saves -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def saved(tmp_path_factory, scenario):  # type: ignore[no-untyped-def]
    from model.saves import save_game

    main = _played(scenario, 5, rounds=2)
    debate = branch_game(main, 1, {LINK: 0.3})
    play_on(main, debate, bot_decisions("even", debate))
    rewind = branch_game(main, 0)
    play_on(main, rewind, bot_decisions("silo", rewind))
    path = tmp_path_factory.mktemp("saves") / "branches.json"
    branches = [Branch("debate", 1, {LINK: 0.3}, debate), Branch("rewind", 0, {}, rewind)]
    save_game(main, path, "brackenbury", branches)
    return path, main, branches


def _load(path: Path, scenario: Any):  # type: ignore[no-untyped-def]
    from model.saves import load_saved

    return load_saved(
        path, scenario.framework, scenario.network, scenario.interventions, scenario.events
    )


def test_saves_keep_every_branch(saved, scenario) -> None:  # type: ignore[no-untyped-def]
    path, _, branches = saved
    loaded = _load(path, scenario)
    assert [b.name for b in loaded.branches] == ["debate", "rewind"]
    for got, want in zip(loaded.branches, branches, strict=True):
        assert got.after_round == want.after_round and dict(got.weights) == dict(want.weights)
        assert [r.scores for r in got.game.history] == [r.scores for r in want.game.history]
    assert loaded.save.summary()["branches"] == "debate, rewind"
    # a save from before branches (no 'branches' key) still loads, with none
    data = json.loads(path.read_text())
    del data["branches"]
    old = path.with_name("old.json")
    old.write_text(json.dumps(data))
    assert _load(old, scenario).branches == ()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda b: b[0].update(after_round=3),
            "branches after round 3, but the main game played 2",
        ),
        (lambda b: b[0].update(fingerprints=b[0]["fingerprints"][:1]), "1 fingerprints for 2"),
        (lambda b: b[1].update(name="debate"), "'debate' names two branches"),
        (lambda b: b[0].update(weights={"unemployment to mental": 0.3}), "branches.0.weights"),
        (lambda b: b[0].update(weights={LINK: 2.5}), "must be <= 1 (got 2.5)"),
        (lambda b: b[0]["decisions"][0].update(nobody={}), "'nobody' is not a team"),
        (lambda b: b[0].update(name="x" * 41), "branches.0.name"),
        (lambda b: b.extend([dict(b[1], name=f"n{k}") for k in range(10)]), "branches"),
        (lambda b: b[0].update(extra=1), "extra"),
    ],
)
def test_a_bad_branch_in_a_save_is_named_before_anything_is_replayed(
    saved, scenario, tmp_path: Path, change: Any, expected: str
) -> None:  # type: ignore[no-untyped-def]
    from model.saves import read_save

    path, _, _ = saved
    data = json.loads(path.read_text())
    change(data["branches"])
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(ScenarioError) as caught:
        read_save(bad, scenario.interventions)
    assert expected in caught.value.report().replace("[", ".").replace("]", "")


def test_a_weight_outside_its_range_or_a_changed_branch_is_named_on_replay(
    saved, scenario, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path, _, _ = saved
    data = json.loads(path.read_text())
    data["branches"][0]["weights"] = {LINK: 0.9}
    bad = tmp_path / "range.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(ScenarioError) as caught:
        _load(bad, scenario)
    assert f"branches[0].{LINK}" in caught.value.report() and "outside" in caught.value.report()
    data["branches"][0]["weights"] = {LINK: 0.26}  # in range, but not what was played
    bad.write_text(json.dumps(data))
    with pytest.raises(ScenarioError, match="did not end where the saved one did"):
        _load(bad, scenario)


def test_branch_and_compare_commands(saved, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from game.cli import app

    path, _, _ = saved
    copy = tmp_path / "game.json"
    data = json.loads(path.read_text())
    del data["branches"]  # the main game alone: each command replays what the save keeps
    copy.write_text(json.dumps(data))
    runner = CliRunner()
    made = runner.invoke(
        app,
        [
            "branch",
            str(copy),
            "--name",
            "argued",
            "--after-round",
            "1",
            "--weight",
            f"{LINK}=0.2",
            "--bot",
            "even",
        ],
    )
    assert made.exit_code == 0, made.output
    assert "Branch 'argued': rewound to the end of round 1" in made.output
    shown = runner.invoke(app, ["compare-branches", str(copy), "main", "argued"])
    assert shown.exit_code == 0, shown.output
    for words in (
        "Headline elements",
        "Domains",
        "Gaps",
        "Why argued differs from main",
        f"weights differ: {LINK}",
        "the town doing nothing differs",
    ):
        assert words in shown.output
    traced = runner.invoke(app, ["why", str(copy), "mental_health", "--branch", "argued"])
    assert traced.exit_code == 0 and "Mental health, rounds 1 to 2" in traced.output
    nobody = runner.invoke(app, ["compare-branches", str(copy), "main", "nobody"])
    assert nobody.exit_code == 2 and "this save keeps: main, argued" in nobody.output
