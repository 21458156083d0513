"""Plans that travel (issue 14, item 1): allocations in pounds or as shares of a team's budget;
money quoted for the town's stated size, so a plan that fits on paper fits in the game;
``thrive check --town`` checks a plan the way ``thrive run`` plays it; the shipped plans run on
their towns at two sizes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, game_scenario

from model.engine import Game
from model.framework import Framework
from model.loading import load_interventions, load_plan, plan_population, scenario_town
from model.money import budget
from model.network import RippleNetwork
from model.plan_play import plan_round
from model.plans import fit_round

PLANS = ROOT / "scenarios" / "plans"


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def thrive(*args: str) -> Ran:
    """The thrive command, run in this process (its words and exit code as a person sees)."""
    from typer.testing import CliRunner

    from game.cli import app

    result = CliRunner().invoke(app, list(args))
    return Ran(result.exit_code, result.stdout, result.stderr)


def _play(game: Game, plan_path: Path) -> list[tuple[dict[str, float], dict[str, float]]]:
    """Play a plan through; each round's spending and budgets."""
    fw = game.scenario.framework
    plan = load_plan(plan_path, fw, game.scenario.interventions, game.scenario.town)
    out = []
    for k in range(game.rounds):
        budgets = game.budgets()
        report = game.submit(plan_round(game, plan, min(k, len(plan.rounds) - 1)).decisions)
        out.append((dict(report.spending), budgets))
    return out


@pytest.mark.parametrize(
    ("plan", "town", "sizes"),
    [
        ("green_and_fair.yaml", "brackenbury", (60_000, 3_000)),
        ("work_and_health_first.yaml", "kingsmere", (30_000, 3_000)),
    ],
)
def test_the_shipped_plans_run_on_their_town_at_two_sizes(
    shipped_framework: Framework,
    shipped_network: RippleNetwork,
    plan: str,
    town: str,
    sizes: tuple[int, int],
) -> None:
    for size, seed in zip(sizes, (1, 2), strict=True):
        scenario = game_scenario(shipped_framework, shipped_network, town, size)
        game = Game(scenario, rounds=3, years_per_round=2, seed=seed)
        rounds = _play(game, PLANS / plan)
        assert game.over and len(rounds) == 3
        for spending, budgets in rounds:
            assert spending, "every round funds something"
            for team, pounds in spending.items():
                assert pounds <= budgets[team]
        # shares of the whole budget: each team spends close to all it has, at any size
        first_spend, first_budget = rounds[0]
        assert sum(first_spend.values()) >= 0.9 * sum(first_budget.values())


def test_budgets_follow_the_stated_size_not_the_residents_generated(
    shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    """The bug of issue 14: Brackenbury's 60,000 gave a council budget of £719,952 because the
    town generated 59,996 residents. Over several seeds and sizes the budgets are the stated
    size's, in whole pounds, whatever the generated count."""
    inter = load_interventions(framework=shipped_framework)
    council = next(s for s in inter.sectors if s.id == "council")
    for size, seed in ((60_000, 4), (12_345, 2)):
        scenario = game_scenario(shipped_framework, shipped_network, "brackenbury", size)
        game = Game(scenario, rounds=1, seed=seed)
        assert game.population_units() == size / 10_000
        events = {e.id: e for e in scenario.events.events}
        cut = any("council" in events[d.event].budget_change for d in game.pending_events)
        if not cut:
            assert game.budgets()["council"] == budget(council, size / 10_000)
        assert game.budgets()["council"] == float(round(game.budgets()["council"]))


def test_a_pounds_plan_spending_the_whole_budget_fits_in_the_game(
    tmp_path: Path, shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    """Pounds to the last pound of the stated budget: thrive check and the game both accept
    it (the engine used to quote the generated residents' budget, a few pounds less)."""
    plan = tmp_path / "exact.yaml"
    plan.write_text(
        "kind: plan\nversion: 1\ntown: brackenbury\nrounds:\n"
        "  - council: {active_travel_network: 480000, parks_street_trees: 240000}\n",
        encoding="utf-8",
    )
    result = thrive("check", str(plan))
    assert result.returncode == 0, result.stderr
    scenario = game_scenario(shipped_framework, shipped_network, "brackenbury", 60_000)
    game = Game(scenario, rounds=1, seed=3)
    if game.budgets()["council"] == 720_000:  # no council budget event drawn this round
        game.check({"council": {"active_travel_network": 480000, "parks_street_trees": 240000}})
    fitted = plan_round(game, load_plan(plan, shipped_framework), 0)
    game.submit(fitted.decisions)
    assert sum(game.reports[0].spending.values()) <= game.reports[0].budgets["council"]


def test_check_against_a_named_town_agrees_with_run(tmp_path: Path) -> None:
    """A pounds plan written for Brackenbury does not fit Kingsmere: thrive check --town
    says so with the numbers, and thrive run refuses it with the same words."""
    plan = tmp_path / "pounds.yaml"
    plan.write_text(
        "kind: plan\nversion: 1\nrounds:\n"
        "  - council: {active_travel_network: 480000, parks_street_trees: 240000}\n",
        encoding="utf-8",
    )
    assert thrive("check", str(plan)).returncode == 0  # no town: ids and shares only
    checked = thrive("check", str(plan), "--town", "kingsmere")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    wanted = "rounds[0].council: spends £720,000 a year but its budget is £360,000"
    assert wanted in checked.stderr
    ran = thrive("run", "kingsmere", "--plan", str(plan), "--out", str(tmp_path / "out"))
    assert ran.returncode == 1 and wanted in ran.stderr
    bigger = thrive("check", str(plan), "--town", "kingsmere", "--residents", "60000")
    assert bigger.returncode == 0, bigger.stderr


def test_shares_are_checked_in_one_message(tmp_path: Path) -> None:
    plan = tmp_path / "shares.yaml"
    plan.write_text(
        "kind: plan\nversion: 1\nrounds:\n"
        "  - council: {bus_services: '25', active_travel_network: '120%'}\n"
        "    health: {talking_therapies: '60%', gp_community_health: '50.5%'}\n"
        "    business: {living_wage_social_value: '10%'}\n",
        encoding="utf-8",
    )
    result = thrive("check", str(plan), "--town", "hastings")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    report = result.stderr
    assert "rounds[0].council.bus_services: must be a number (got '25')" in report
    assert "rounds[0].council.active_travel_network: must be a number (got '120%')" in report
    assert "rounds[0].health: its shares add up to 110% of its budget (at most 100%)" in report
    assert "living_wage_social_value: £54,575 is too little to run it" in report


def test_a_funding_cut_scales_a_team_down_and_drops_what_no_longer_runs() -> None:
    ranges = {"a": (500.0, 3000.0), "b": (400.0, 2000.0)}
    planned = {"council": {"a": 600.0, "b": "40%"}, "health": {"a": "50%"}}
    full = fit_round(planned, {"council": 1000.0, "health": 200.0}, ranges)
    assert full.decisions == {"council": {"a": 600.0, "b": 400.0}, "health": {"a": 100.0}}
    assert full.notes == ()
    cut = fit_round(planned, {"council": 800.0, "health": 200.0}, ranges)
    # council asks 600 + 320 = 920 of 800: scaled to 87%; b (278) falls below its 400
    assert cut.decisions["council"] == {"a": 521.0}
    assert cut.decisions["health"] == {"a": 100.0}
    assert len(cut.notes) == 2 and "scaled to 87%" in cut.notes[0]
    assert "unfunded this round" in cut.notes[1]
    windfall = fit_round({"council": {"b": "100%"}}, {"council": 2500.0}, ranges)
    assert windfall.decisions == {"council": {"b": 2000.0}}
    assert "capped at £2,000" in windfall.notes[0]


def test_a_plan_is_checked_at_the_size_thrive_run_uses(shipped_framework: Framework) -> None:
    _, town = scenario_town("kingsmere", shipped_framework)
    plan = load_plan(PLANS / "green_and_fair.yaml", shipped_framework)
    assert plan_population(plan, town) == town.population
    assert plan_population(plan, town, 5_000) == 5_000
    for size in (1_000, 2_001, 59_999, 2_000_000):  # shares fit every size
        load_plan(PLANS / "green_and_fair.yaml", shipped_framework, town=town, residents=size)
