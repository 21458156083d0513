"""The interpreters' lens in the window: W (or its button) puts the dashboard, the network view
with its "why", and the debrief into each team's sector's words in turn, and back to plain;
drawing in any sector's words never changes the game. And the debrief pack's sector pages."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pygame
import pytest
from test_game_ui import (  # the window helpers and the app fixture
    app,  # noqa: F401
    button,
    click,
    draws_without_changing,
    press,
    simulate_round,
    start_game,
)

from game.app import App
from game.draw import Style
from game.screens.network import NetworkScreen
from model.bots import bot_decisions


def _fund_and_play(app: App) -> None:  # noqa: F811 (the fixture's name)
    press(app, pygame.K_RETURN)  # the briefing, then the plan
    assert app.screen.name == "plan"
    game = app.session.live
    for team, items in bot_decisions("partnership", game).items():
        for item, pounds in items.items():
            app.session.set_pounds(team, item, pounds)
            app.session.end_edit()
    app.rebuild()
    simulate_round(app)


def _drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the window wraps from now on."""
    seen: list[str] = []
    original = Style.wrapped

    def spy(self: Style, surface: pygame.Surface, text: str, *args: Any, **kw: Any) -> int:
        seen.append(text)
        return original(self, surface, text, *args, **kw)

    monkeypatch.setattr(Style, "wrapped", spy)
    return seen


def test_w_puts_the_dashboard_network_and_debrief_into_each_sectors_words(
    app: App,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    start_game(app, rounds=1)
    _fund_and_play(app)
    session = app.session
    game = session.live
    fw = session.framework
    sectors = {s.id: s for s in session.interventions.sectors}
    assert app.screen.name == "dashboard"
    assert button(app, "lens").text == "Words: plain (W)"
    for team in game.teams:
        press(app, pygame.K_w)
        assert app.words == team
        assert button(app, "lens").text == f"Words: {sectors[team].short_name} (W)"
        box = app.screen.words_box  # type: ignore[attr-defined]
        watched = [w for w in sectors[team].watches if w in fw.node_index]
        for node in watched:
            assert fw.node(node).words[team] in html.unescape(box.html_text)
        draws_without_changing(app)
    press(app, pygame.K_w)  # after the last team, plain again
    assert app.words is None
    assert app.screen.words_box is None  # type: ignore[attr-defined]
    # the network view: the node's meaning and its "why" in the sector's words
    click(app, "lens")
    assert app.words == game.teams[0]
    app.navigate("network")
    screen = app.screen
    assert isinstance(screen, NetworkScreen)
    screen.selected = "mental_health"
    drawn = _drawn(monkeypatch)
    draws_without_changing(app)
    node = fw.node("mental_health")
    said = sectors[game.teams[0]].short_name
    assert f"{said}: “{node.words[game.teams[0]]}”" in drawn
    why = game.explain("mental_health")
    top = next(p for p in why.named if p.kind in ("link", "intervention"))
    if top.kind == "link":
        link = next(k for k in session.network.links if str(k.index) == top.key)
        expected = link.words[game.teams[0]]
    else:
        expected = game.scenario.intervention(top.key).language[game.teams[0]]
    assert f"“{expected}”" in drawn, "the why's largest named part, in the sector's words"
    # the debrief: the account becomes the sector's own page
    app.words = "health"
    app.navigate("dashboard")
    press(app, pygame.K_RETURN)  # the game is over: the debrief
    assert app.screen.name == "debrief"
    text = app.screen.account.html_text  # type: ignore[attr-defined]
    assert "What happened, in these words" in text
    assert "What Health contributed" in text
    draws_without_changing(app)
    press(app, pygame.K_w)
    assert app.words == "business"
    assert "What Business contributed" in app.screen.account.html_text  # type: ignore[attr-defined]


def test_the_pack_has_a_page_per_sector_and_opens_with_a_challenges_verdict(
    shipped_framework: Any, shipped_network: Any, tmp_path: Path
) -> None:
    from conftest import game_scenario

    from game.export import export_debrief
    from model.challenges import shipped_challenges
    from model.engine import Game

    scenario = game_scenario(shipped_framework, shipped_network, residents=2000)
    teams = ("council", "health", "vcse", "education")  # business is not a team: still a page
    game = Game(scenario, rounds=2, years_per_round=1, seed=7, teams=teams)
    for _ in range(2):
        game.submit(bot_decisions("partnership", game))
    _, challenge = shipped_challenges(shipped_framework)[0]
    out = tmp_path / "pack"
    export_debrief(game, "Brackenbury", "brackenbury", out, challenge=challenge)
    main = (out / "debrief.md").read_text(encoding="utf-8")
    # the trainer's challenge, judged, under the title
    from model.challenges import judge

    verdict = judge(challenge, game)
    head = main.split("## In a few sentences")[0]
    assert f"## Challenge: {challenge.name}" in head and verdict.sentence in head
    for result in verdict.results:
        assert ("met: " if result.met else "not met: ") + result.sentence in head
    # one page per sector, each in its own words
    assert "## In each sector's words" in main
    pages = {}
    for sector in ("council", "health", "business", "vcse", "education"):
        for suffix in (".md", ".html"):
            assert (out / f"debrief_{sector}{suffix}").is_file()
        pages[sector] = (out / f"debrief_{sector}.md").read_text(encoding="utf-8")
        assert f"debrief_{sector}.html" in main
    assert "## What Voluntary sector contributed" in pages["vcse"]
    assert "Local businesses was not a team in this game." in pages["business"]
    assert "Objective: Help every child and adult learn" in pages["education"]
    fw = shipped_framework
    for sector, page in pages.items():
        mine = [n.words[sector] for n in fw.nodes if n.words[sector] in page]
        assert len(mine) >= 4, sector
        others = [n.words[s] for n in fw.nodes for s in pages if s != sector and n.words[s] in page]
        assert others == [], sector


@pytest.mark.parametrize("seed", [4, 5])
def test_each_sectors_account_adds_up_to_its_own_spending(
    shipped_framework: Any, shipped_network: Any, seed: int
) -> None:
    """A sector's page: its watched nodes in its own sentences, its money as the debrief
    counts it, and the largest named cause of each node taken from the engine's account."""
    from conftest import game_scenario

    from model.debrief import debrief
    from model.engine import Game
    from model.sector_account import sector_account

    scenario = game_scenario(shipped_framework, shipped_network, residents=2500)
    game = Game(scenario, rounds=2, years_per_round=1, seed=seed, teams=("council", "vcse"))
    for _ in range(2):
        game.submit(bot_decisions("partnership", game))
    brief = debrief(game)
    sectors = {s.id: s for s in scenario.interventions.sectors}
    for sector in sectors:
        account = sector_account(game, brief, sector)
        watched = [w for w in sectors[sector].watches if w in shipped_framework.node_index]
        assert [n.score.id for n in account.watched] == watched
        for told in (*account.watched, *account.moved):
            node = shipped_framework.node(told.score.id)
            assert told.meaning == node.words[sector]
            why = game.explain(node.id)
            named = [p for p in why.named if p.kind in ("link", "intervention")]
            assert (told.cause is None) == (not named)
        if sector in game.teams:
            team = brief.team(sector)
            assert account.played and account.pounds == team.pounds
            assert sum(c.pounds for c in account.contributions) == pytest.approx(team.pounds)
            assert all(
                c.words == game.scenario.intervention(c.intervention).language[sector]
                for c in account.contributions
            )
        else:
            assert not account.played and account.contributions == ()
