"""Trainers' challenges: checked like every scenario file, judged from the game's own numbers,
chosen on the start screen and judged at the debrief."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pygame
import pytest
from conftest import SCENARIOS, game_scenario
from test_game_ui import app, press  # noqa: F401 (the app fixture)

from game.app import App
from game.screens.debrief import DebriefScreen
from game.screens.network import NetworkScreen
from game.screens.start import StartScreen
from model.bots import bot_decisions
from model.challenges import (
    ChallengeFile,
    challenge_from_document,
    hints_for,
    judge,
    revealed_domains,
    shipped_challenges,
)
from model.engine import Game
from model.errors import ScenarioError
from model.framework import Framework
from model.loading import check_files
from model.network import RippleNetwork
from model.yamlfile import parse_yaml

GOOD = """\
kind: challenge
version: 1
id: test_challenge
name: "A test challenge"
description: "Raise Equality by 0.5 without lowering Sustainability."
town: brackenbury
residents: 4000
teams: [council, health]
rounds: 2
years_per_round: 1
goals:
  - score: equality
    at_least: 0.5
  - score: sustainability
    compared_with: start
    at_least: 0.0
hints:
  - text: "For every round."
  - round: 2
    text: "For round two."
reveal:
  - round: 1
    domains: [health]
  - round: 2
    domains: [equality]
"""


def _challenge(text: str, framework: Framework) -> ChallengeFile:
    return challenge_from_document(parse_yaml(text, "mine.yaml"), framework)


def test_at_least_five_shipped_challenges_all_check(shipped_framework: Framework) -> None:
    shipped = shipped_challenges(shipped_framework)
    assert len(shipped) >= 5
    assert len({c.id for _, c in shipped}) == len(shipped)
    checked = check_files(sorted((SCENARIOS / "challenges").glob("*.yaml")))
    assert {c.kind for c in checked} == {"challenge"}
    for _, challenge in shipped:  # each is for interpreters: more than one sector, a hint
        assert len(challenge.teams) >= 3
        assert challenge.hints


def test_every_mistake_in_a_challenge_is_named_with_its_line_and_path(
    shipped_framework: Framework,
) -> None:
    bad = (
        GOOD.replace("town: brackenbury", "town: atlantis")
        .replace("teams: [council, health]", "teams: [council, charity]")
        .replace("score: equality", "score: equalty")
        .replace("domains: [health]", "domains: [helth]")
        .replace("rounds: 2\n", "rounds: 2\nprize: 5\n")
    )
    with pytest.raises(ScenarioError) as caught:
        _challenge(bad, shipped_framework)
    report = caught.value.report()
    assert re.search(r"mine\.yaml:\d+ prize: unknown key 'prize'", report)
    assert re.search(r"mine\.yaml:\d+ teams\[1\]: should be 'council', .*'education'", report)
    bad = GOOD.replace("town: brackenbury", "town: atlantis").replace("equality", "equalty", 1)
    bad = bad.replace("domains: [health]", "domains: [helth]")
    with pytest.raises(ScenarioError) as caught:
        _challenge(bad, shipped_framework)
    report = caught.value.report()
    assert re.search(
        r"mine\.yaml:\d+ goals\[0\]\.score: unknown score 'equalty' \(did you mean 'equality'\?\)",
        report,
    )
    assert re.search(
        r"mine\.yaml:\d+ reveal\[0\]\.domains\[0\]: unknown domain or headline", report
    )
    assert re.search(r"mine\.yaml:\d+ town: no such scenario file or town", report)
    late = GOOD.replace("  - round: 2\n    text:", "  - round: 7\n    text:")
    with pytest.raises(ScenarioError) as caught:
        _challenge(late, shipped_framework)
    assert "round 7 is named in 'hints' or 'reveal' but the game has 2 round(s)" in str(
        caught.value
    )
    with pytest.raises(ScenarioError) as caught:
        _challenge(GOOD.replace("    at_least: 0.5\n", ""), shipped_framework)
    assert "goals[0]: a goal needs 'at_least' or 'at_most'" in str(caught.value)


def test_thrive_check_reads_a_challenge_beside_the_shipped_files(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(GOOD, encoding="utf-8")
    (checked,) = check_files([path])
    assert checked.kind == "challenge"
    assert checked.summary == {"rounds": 2, "teams": 2, "goals": 2, "hints": 2}


def test_hints_and_the_network_revealed_round_by_round(shipped_framework: Framework) -> None:
    challenge = _challenge(GOOD, shipped_framework)
    assert hints_for(challenge, 1) == ("For every round.",)
    assert hints_for(challenge, 2) == ("For every round.", "For round two.")
    assert revealed_domains(challenge, 1, shipped_framework) == {"health"}
    equality = {
        d
        for k, d in enumerate(shipped_framework.domain_ids)
        if shipped_framework.headline_ids[shipped_framework.domain_headline[k]] == "equality"
    }
    assert revealed_domains(challenge, 2, shipped_framework) == {"health", *equality}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_game_is_judged_from_its_own_scores(
    shipped_framework: Framework, shipped_network: RippleNetwork, seed: int
) -> None:
    """Whatever the seed, each goal's change is the score against doing nothing (or the
    start) that the dashboard shows, and a goal is met exactly when it is within bounds."""
    challenge = _challenge(GOOD, shipped_framework)
    scenario = game_scenario(shipped_framework, shipped_network, residents=2500)
    game = Game(scenario, rounds=2, years_per_round=1, seed=seed, teams=challenge.teams)
    for _ in range(2):
        game.submit(bot_decisions("greedy:income_equality", game))
    verdict = judge(challenge, game)
    assert verdict.finished
    now, start, base = game.history[-1], game.history[0], game.baseline_history[-1]
    equality, sustainability = verdict.results
    assert equality.change == round(now.scores["equality"] - base.scores["equality"], 2)
    assert sustainability.change == round(
        now.scores["sustainability"] - start.scores["sustainability"], 2
    )
    assert equality.met == (equality.change >= 0.5)
    assert sustainability.met == (sustainability.change >= 0.0)
    assert verdict.met == (equality.met and sustainability.met)
    assert verdict.sentence.startswith("Challenge 'A test challenge' ")
    assert f"{equality.change:+.2f}" in equality.sentence
    # the same game, judged to a stricter and a looser bar
    strict = challenge.model_copy(
        update={"goals": (challenge.goals[0].model_copy(update={"at_least": 9.0}),)}
    )
    loose = challenge.model_copy(
        update={"goals": (challenge.goals[0].model_copy(update={"at_least": -9.0}),)}
    )
    assert not judge(strict, game).met and judge(loose, game).met


def test_a_challenge_chosen_on_the_start_screen_is_judged_at_the_debrief(
    app: App,  # noqa: F811
    tmp_path: Path,
) -> None:
    start = app.screen
    assert isinstance(start, StartScreen)
    names = list(start.challenges)
    press(app, pygame.K_c)  # the first challenge, by keyboard
    assert start.challenge == names[0]
    chosen = start.challenges[names[0]]
    assert (start.choice, tuple(start.teams), start.rounds) == (
        chosen.town,
        chosen.teams,
        chosen.rounds,
    )
    assert chosen.name in start.about.html_text
    # play it short: Brackenbury, one round, so the test is quick (the challenge still judges)
    start.choice, start.rounds, start.years = "brackenbury", 1, 1
    start.residents = 2500
    app.rebuild()
    press(app, pygame.K_RETURN)
    from test_game_ui import until

    until(app, lambda: app.screen.name == "briefing")
    assert app.session.challenge is chosen
    assert f"Challenge: {chosen.name}" in app.screen.story.html_text  # type: ignore[attr-defined]
    app.navigate("network")
    network = app.screen
    assert isinstance(network, NetworkScreen)
    hidden = network.hidden()
    if chosen.reveal:
        shown = revealed_domains(chosen, 1, app.session.framework)
        assert hidden and all(app.session.framework.node(n).domain not in shown for n in hidden)
    app.navigate("plan")
    press(app, pygame.K_RETURN)  # simulate with nothing funded
    press(app, pygame.K_s)
    until(app, lambda: getattr(app.screen, "finished", False))
    press(app, pygame.K_RETURN)
    press(app, pygame.K_RETURN)
    assert app.screen.name == "debrief"
    verdict = judge(chosen, app.session.live)
    screen: Any = app.screen
    assert isinstance(screen, DebriefScreen)
    assert verdict.sentence.replace("'", "&#x27;") in screen.account.html_text
    assert network.hidden() == {}  # the game is over: the whole network is shown


def test_a_saved_game_keeps_its_challenge_and_a_lost_one_is_named(tmp_path: Path) -> None:
    """A trainer saves at lunch and loads after: the game is judged by its challenge again;
    a save whose challenge file has gone is refused in words, not judged by nothing."""
    import json

    from game.session import Session, Setup

    session = Session(tmp_path)
    try:
        chosen = next(iter(session.challenges().values()))
        session.challenge = chosen
        setup = Setup("brackenbury", ("council", "health"), rounds=2, years_per_round=1)
        session.start(replace(setup, residents=2000)).result()
        session.simulate().result()
        saved = session.save(tmp_path / "lunch.json")
    finally:
        session.close()
    assert json.loads(saved.read_text())["challenge"] == chosen.id

    again = Session(tmp_path)
    try:
        assert again.challenge is None
        again.load(saved).result()
        assert again.challenge is not None and again.challenge.id == chosen.id
        lost = json.loads(saved.read_text())
        lost["challenge"] = "no_such_challenge"
        gone = tmp_path / "gone.json"
        gone.write_text(json.dumps(lost))
        with pytest.raises(ScenarioError) as caught:
            again.load(gone).result()
        assert "no_such_challenge" in str(caught.value) and "challenge" in str(caught.value)
    finally:
        again.close()
