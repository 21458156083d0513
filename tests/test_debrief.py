"""The debrief (model/debrief.py) and its export (game/export.py), on a small played game.

The game: Brackenbury scaled to 3,000 residents, the small rules in tests/data (council and
health, a park they can co-fund, a clinic, community grants), three rounds of two years: the
partnership bot, then a hand-made round co-funding the park, then the even bot. A situation is
added that sets in at once and lifts only once the park is built, so the played town and the
baseline part ways.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS

from model.bots import bot_decisions
from model.debrief import Debrief, Measure, debrief, headline_sentences
from model.engine import EventDraw, Game, GameScenario
from model.events import Situation
from model.framework import Framework
from model.loading import load_events, load_interventions, load_town
from model.network import RippleNetwork

DATA = ROOT / "tests" / "data"
SEED = 3  # draws a storm and a funding cut in round 2 (events are keyed by seed and town)


@pytest.fixture(scope="module")
def scenario(shipped_framework: Framework, shipped_network: RippleNetwork) -> GameScenario:
    fw = shipped_framework
    town = load_town(SCENARIOS / "towns" / "brackenbury.yaml", fw)
    interventions = load_interventions(DATA / "interventions_small.yaml", fw)
    events = load_events(DATA / "events_small.yaml", fw)
    plain = GameScenario(fw, shipped_network, town, interventions, events, residents=3000)
    start = Game(plain, rounds=1, seed=SEED).history[0].scores["ecosystem_health"]
    gloom = Situation.model_validate(
        {
            "id": "grey_town",
            "name": "Grey town",
            "description": "Nature is neglected.",
            "node": "ecosystem_health",
            "starts_below": start + 0.05,
            "ends_above": start + 0.6,
            "effects": [{"node": "culture", "points": -0.01}],
            "evidence": {"level": "assumed", "reasoning": "test"},
        }
    )
    events = events.model_copy(update={"situations": (*events.situations, gloom)})
    return dataclasses.replace(plain, events=events)


@pytest.fixture(scope="module")
def game(scenario: GameScenario) -> Game:
    g = Game(scenario, rounds=3, years_per_round=2, seed=SEED)
    g.submit(bot_decisions("partnership", g))
    half = g.cost("park") / 2
    g.submit({"council": {"park": half}, "health": {"park": half, "clinic": g.cost("clinic")}})
    g.submit(bot_decisions("even", g))
    return g


@pytest.fixture(scope="module")
def brief(game: Game) -> Debrief:
    return debrief(game)


# -- the timeline ------------------------------------------------------------------------------


def test_the_timeline_has_every_round_with_its_decisions_and_events(
    game: Game, brief: Debrief
) -> None:
    assert [e.round for e in brief.timeline] == [1, 2, 3] and brief.over
    for entry, report in zip(brief.timeline, game.reports, strict=True):
        assert (entry.first_year, entry.last_year, entry.years) == (
            report.first_year,
            report.last_year,
            2,
        )
        for team in game.teams:
            listed = {f.intervention: f.pounds_a_year for f in entry.team_funding(team)}
            assert listed == dict(report.decisions.get(team, {}))
            assert all(f.pounds == f.pounds_a_year * 2 for f in entry.team_funding(team))
        shared = sorted(a.intervention for a in report.allocations if a.partnership)
        assert sorted(c.intervention for c in entry.co_funded) == shared
        assert all(c.bonus == pytest.approx(0.2) for c in entry.co_funded)
        in_order = sorted(report.events, key=lambda e: e.year)
        assert [(e.name, e.year) for e in entry.events] == [(e.name, e.year) for e in in_order]
    names = {f.name for e in brief.timeline for f in e.funding}
    assert {"Park", "Clinic", "Community grants"} <= names
    assert {e.name for e in brief.timeline[1].events} == {"Storm", "Funding cut"}
    assert [c.name for c in brief.timeline[1].co_funded] == ["Park"]


def test_a_situation_that_lifts_in_the_played_town_only_is_shown_in_each(
    brief: Debrief,
) -> None:
    played = [(s.name, s.year, s.started) for e in brief.timeline for s in e.situations]
    base = [(s.name, s.year, s.started) for e in brief.timeline for s in e.baseline_situations]
    assert played[0] == ("Grey town", 1, True) and base == [("Grey town", 1, True)]
    assert any(name == "Grey town" and not started for name, _, started in played)
    assert "Grey town" not in brief.timeline[-1].active_situations


# -- money and attribution ---------------------------------------------------------------------


def test_team_totals_equal_the_money_in_the_decisions(game: Game, brief: Debrief) -> None:
    for team in brief.teams:
        per_round = [sum(d.get(team.team, {}).values()) * 2 for d in game.decisions]
        assert team.pounds == pytest.approx(sum(per_round)) and team.pounds > 0
        assert team.pounds_by_round == pytest.approx(per_round)
        assert sum(o.pounds for o in team.interventions) == pytest.approx(team.pounds)
        budgets = sum(r.budgets[team.team] * 2 for r in game.reports)
        assert team.budget == pytest.approx(budgets) and team.pounds <= team.budget + 1
    assert brief.pounds == pytest.approx(
        sum(sum(v.values()) for d in game.decisions for v in d.values()) * 2
    )
    park = [o for t in brief.teams for o in t.interventions if o.intervention == "park"]
    assert sum(o.share for o in park) == pytest.approx(1.0)
    council_park = next(o for o in brief.team("council").interventions if o.intervention == "park")
    assert council_park.partners == ("health",)
    assert brief.team("council").co_funded_pounds > 0


def test_an_intervention_reports_its_nodes_against_the_baseline_and_when_it_was_felt(
    game: Game, brief: Debrief
) -> None:
    park = next(o for o in brief.team("council").interventions if o.intervention == "park")
    assert park.felt_from == 3  # funded from year 1, two years to build
    (effect,) = park.effects
    strength = next(p.strength for p in game.pipeline() if p.intervention == "park")
    assert effect.node == "ecosystem_health" and effect.kind == "place"
    assert effect.push_end == pytest.approx(effect.points * strength) and strength > 0
    end, base = game.history[-1].scores, game.baseline_history[-1].scores
    assert effect.score.vs_baseline == pytest.approx(
        end["ecosystem_health"] - base["ecosystem_health"]
    )
    assert effect.score.vs_baseline > 0.5  # a built park is felt
    assert brief.pipeline == game.pipeline()


# -- outcomes ----------------------------------------------------------------------------------


def test_headlines_against_the_baseline_equal_the_year_reports(game: Game, brief: Debrief) -> None:
    fw = game.scenario.framework
    assert [m.id for m in brief.headlines] == ["local_conditions", "equality", "sustainability"]
    against = game.reports[-1].headline_vs_baseline(fw)
    for m in brief.headlines:
        assert m.start == game.history[0].scores[m.id]
        assert m.end == game.history[-1].scores[m.id]
        assert m.vs_baseline == pytest.approx(against[m.id])
    for entry, report in zip(brief.timeline, game.reports, strict=True):
        assert dict(entry.headlines) == {h: report.years[-1].scores[h] for h in fw.headline_ids}
    assert brief.co2 is not None
    assert brief.co2.end == game.history[-1].values["co2_per_head"]
    assert brief.co2.baseline_end == game.baseline_history[-1].values["co2_per_head"]
    assert {g.id: g.end for g in brief.gaps} == dict(game.history[-1].gaps)
    assert brief.series["score:equality"].baseline == tuple(
        r.scores["equality"] for r in game.baseline_history
    )
    assert brief.years == tuple(range(7))


def test_domains_cover_the_framework_largest_change_first(game: Game, brief: Debrief) -> None:
    fw = game.scenario.framework
    assert sorted(m.id for m in brief.domains) == sorted(fw.domain_ids)
    sizes = [abs(m.vs_baseline) for m in brief.domains]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 0


def test_an_equality_domain_has_one_name_the_framework_s_in_scores_and_gaps(
    game: Game, brief: Debrief
) -> None:
    fw = game.scenario.framework
    domains = {m.id: m.name for m in brief.domains}
    gaps = {m.id: m.name for m in brief.gaps}
    for node in (n for n in fw.nodes if n.headline == "equality"):
        assert domains[node.id] == node.name == brief.series[f"score:{node.id}"].name
        assert gaps[node.id].startswith(f"{node.name} (")
        assert brief.series[f"gap:{node.id}"].name == gaps[node.id]
    assert gaps["social_equality"] == "Social mobility (attainment gap)"


def test_the_sentences_follow_the_signs_of_the_numbers(brief: Debrief) -> None:
    for m in brief.headlines:
        (sentence,) = [s for s in brief.sentences if s.startswith(m.name + " ended")]
        expected = (
            "above" if m.vs_baseline >= 0.005 else "below" if m.vs_baseline <= -0.005 else "level"
        )
        assert expected in sentence, sentence
    best = max(brief.domains, key=lambda m: m.vs_baseline)
    assert any(
        s.startswith(f"Improved most against doing nothing: {best.name}") for s in brief.sentences
    )


def _measures(sign: float) -> tuple[list[Measure], list[Measure], list[Measure], Measure]:
    heads = [Measure(h, h.title(), "points", True, 5.0, 5.0 + sign, 5.0) for h in ("a", "b")]
    domains = [
        Measure("place_environment", "Place", "points", True, 5.0, 5.0 + sign, 5.0),
        Measure("health", "Health", "points", True, 5.0, 5.0 - sign / 2, 5.0),
    ]
    gaps = [Measure("health_equality", "Life expectancy gap", "years", False, 8, 8 + sign, 8)]
    co2 = Measure("co2_per_head", "CO2", "t", False, 5.0, 5.0 + sign, 5.0)
    return heads, domains, gaps, co2


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_hand_made_numbers_get_the_words_their_signs_call_for(
    shipped_framework: Framework, sign: float
) -> None:
    heads, domains, gaps, co2 = _measures(sign)
    events = (EventDraw("storm", "Storm", 2, 2),)
    text = " ".join(
        headline_sentences(shipped_framework, heads, domains, gaps, co2, 100.0, 50.0, 0.2, events)
    )
    up, down = ("above", "below") if sign > 0 else ("below", "above")
    assert f"A ended at {5 + sign:.2f} (it started at 5.00): 1.00 points {up} doing nothing" in text
    assert down not in text.split(". ")[0]
    best = "Place" if sign > 0 else "Health"
    assert f"Improved most against doing nothing: {best}" in text
    assert "narrower" in text if sign < 0 else "wider" in text
    assert ("better for future generations" in text) == (sign < 0)
    assert "£50 of it (50%) went into co-funded interventions, which work 20% better" in text
    assert "Storm (year 2)" in text


def test_a_game_not_yet_played_has_an_empty_debrief(scenario: GameScenario) -> None:
    empty = debrief(Game(scenario, rounds=2, seed=SEED))
    assert empty.timeline == () and not empty.over and empty.pounds == 0
    assert all(m.vs_baseline == 0 for m in empty.headlines)
    assert "The teams spent nothing: the played town is the baseline." in empty.sentences
    assert all(len(s.played) == 1 for s in empty.series.values())


# -- the export --------------------------------------------------------------------------------

PACK = {
    "headlines.png",
    "domains.png",
    "gaps.png",
    "co2.png",
    "spending.png",
    "debrief.md",
    "debrief.html",
    "years.csv",
    "baseline.csv",
    "rounds.json",
    "save.json",
    # one page per sector of the scenario (the tests' small one has two): game/sector_pages.py
    *(
        f"debrief_{sector}.{suffix}"
        for sector in ("council", "health")
        for suffix in ("md", "html")
    ),
}


@pytest.fixture(scope="module")
def pack(game: Game, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    from game.export import export_debrief

    folder = tmp_path_factory.mktemp("export") / "brackenbury-seed4-round3"
    return folder, export_debrief(game, "Brackenbury", "brackenbury", folder)


def test_the_export_writes_every_promised_file(pack: tuple[Path, list[Path]]) -> None:
    folder, written = pack
    assert {p.name for p in written} == PACK
    assert all(p.parent == folder and p.stat().st_size > 0 for p in written)


def test_the_charts_are_real_images(pack: tuple[Path, list[Path]]) -> None:
    import matplotlib.image

    folder, _ = pack
    for name in sorted(n for n in PACK if n.endswith(".png")):
        pixels = matplotlib.image.imread(folder / name)
        height, width = pixels.shape[:2]
        assert height >= 400 and width >= 600, name
        assert float(pixels[..., :3].std()) > 0.05, f"{name} is nearly blank"
        coloured = (abs(pixels[..., 0] - pixels[..., 2]) > 0.2).mean()
        assert coloured > 0.001, f"{name} has no coloured lines or bars"


def test_the_summary_names_every_team_and_round_in_both_formats(
    pack: tuple[Path, list[Path]], brief: Debrief
) -> None:
    folder, _ = pack
    markdown = (folder / "debrief.md").read_text(encoding="utf-8")
    page = (folder / "debrief.html").read_text(encoding="utf-8")
    assert markdown.startswith("# Debrief: Brackenbury") and f"Seed {SEED}" in markdown
    for text in (markdown, page):
        for team in brief.teams:
            assert f"{team.name}" in text and f"Spent £{team.pounds:,.0f}" in text
        for entry in brief.timeline:
            assert f"Round {entry.round} (years {entry.first_year} to {entry.last_year})" in text
        assert "Park" in text
        for entry in brief.timeline:
            assert all(f"{e.name} (year {e.year})" in text for e in entry.events)
    for image in sorted(n for n in PACK if n.endswith(".png")):
        assert f"]({image})" in markdown and f'<img src="{image}"' in page
    import html

    for sentence in brief.sentences:
        assert sentence in markdown and html.escape(sentence) in page
    local = brief.headlines[0]
    assert f"| Local Conditions | points | {local.start:.2f} | {local.end:.2f}" in markdown


def test_the_tables_have_a_row_per_year_and_the_rounds(
    pack: tuple[Path, list[Path]], game: Game
) -> None:
    import csv
    import json

    folder, _ = pack
    for name in ("years.csv", "baseline.csv"):
        with (folder / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert [int(r["year"]) for r in rows] == list(range(game.year + 1)), name
    with (folder / "years.csv").open(encoding="utf-8") as handle:
        played = list(csv.DictReader(handle))
    assert float(played[-1]["score:equality"]) == pytest.approx(
        game.history[-1].scores["equality"], abs=1e-4
    )
    record = json.loads((folder / "rounds.json").read_text(encoding="utf-8"))
    assert [r["round"] for r in record["rounds_played"]] == [1, 2, 3]
    assert record["town"] == "Brackenbury" and record["seed"] == SEED


def test_the_saved_game_reloads_to_identical_reports(
    pack: tuple[Path, list[Path]], game: Game, scenario: GameScenario
) -> None:
    from model.saves import load_game

    folder, _ = pack
    loaded = load_game(folder / "save.json", scenario)
    assert loaded.decisions == game.decisions
    assert [dict(r.scores) for r in loaded.history] == [dict(r.scores) for r in game.history]
    assert [dict(r.values) for r in loaded.baseline_history] == [
        dict(r.values) for r in game.baseline_history
    ]
    assert debrief(loaded).sentences == debrief(game).sentences


def test_the_default_folder_is_named_by_town_seed_and_moment() -> None:
    from datetime import datetime

    from game.export import default_export_folder, now_label

    when = now_label(datetime(2025, 3, 1, 14, 5))
    assert when == "20250301-1405"
    assert default_export_folder("brackenbury", 3, when) == Path(
        "exports/brackenbury-seed3-20250301-1405"
    )
    assert (
        default_export_folder("place:E07000062", 1, "round2").name == "place-E07000062-seed1-round2"
    )


def test_the_docs_name_the_export_folder_as_the_game_makes_it() -> None:
    from datetime import datetime

    from game.export import default_export_folder, now_label

    text = " ".join((ROOT / "docs" / "game.md").read_text(encoding="utf-8").split())
    made = default_export_folder("brackenbury", 1, now_label(datetime(2025, 3, 1, 14, 5)))
    assert f"`{made.as_posix()}`" in text
    assert "`exports/<town-id>-seed<seed>-<date>-<time>`" in text and "round<k>" not in text
