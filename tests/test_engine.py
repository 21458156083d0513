"""The headless game engine: budgets, co-funding, the pipeline, events, undo, branches, saves."""

from __future__ import annotations

import copy
import dataclasses
import json
import math
from pathlib import Path

import pytest
from conftest import ROOT, SCENARIOS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.engine import Game, GameScenario
from model.errors import ScenarioError
from model.loading import load_town
from model.saves import autosave, fingerprint, load_game, save_game

DATA = ROOT / "tests" / "data"


@pytest.fixture(scope="session")
def fresh_game(small_scenario: GameScenario) -> Game:
    return Game(small_scenario, rounds=4, years_per_round=2, seed=5)


@pytest.fixture
def game(fresh_game: Game) -> Game:
    return copy.deepcopy(fresh_game)


def messages(exc: ScenarioError) -> list[str]:
    return [f"{p.path}: {p.message}" for p in exc.problems]


# -- budgets and their messages ----------------------------------------------------------------


def test_budgets_and_costs_scale_with_the_town(game: Game) -> None:
    units = len(game.history[-1].values) and game.population_units()
    assert game.cost("park") == pytest.approx(20_000 * units)
    assert game.budgets()["health"] == pytest.approx(50_000 * units)


def test_every_budget_mistake_is_named(game: Game) -> None:
    council, health = game.budgets()["council"], game.budgets()["health"]
    with pytest.raises(ScenarioError) as caught:
        game.check(
            {
                "council": {"park": council + 1, "gym": 10.0, "clinic": 10.0},
                "health": {"park": -5.0, "grants": game.cost("grants") * 0.1},
                "business": {"park": 1.0},
            }
        )
    found = messages(caught.value)
    assert f"council: spends £{council + 1:,.0f} but its budget is £{council:,.0f}" in found
    assert "council.gym: unknown intervention 'gym'" in found
    assert "council.clinic: council may not fund 'Clinic' (funders: health)" in found
    assert "health.park: must be pounds, 0 or more (got -5.0)" in found
    assert "business: 'business' is not a team in this game" in found
    assert any(
        m.startswith("grants: £") and "too little to run 'Community grants'" in m for m in found
    )
    assert any(m.startswith("park: £") and "more than 'Park' can use" in m for m in found)
    assert health > 0


def test_money_is_spent_as_allocated(game: Game) -> None:
    park, clinic_cost = game.cost("park"), game.cost("clinic")
    report = game.submit({"council": {"park": park}, "health": {"clinic": clinic_cost}})
    assert report.spending == {"council": park, "health": clinic_cost}
    (clinic, park_alloc) = sorted(report.allocations, key=lambda a: a.intervention)
    assert park_alloc.scale == pytest.approx(1.0) and not park_alloc.partnership
    assert clinic.scale == pytest.approx(1.0)


# -- partnership and the pipeline --------------------------------------------------------------


def test_co_funding_earns_the_partnership_bonus(game: Game) -> None:
    other = copy.deepcopy(game)
    cost = game.cost("park")
    alone = game.submit({"council": {"park": cost}})
    together = other.submit({"council": {"park": cost / 2}, "health": {"park": cost / 2}})
    assert not alone.allocations[0].partnership and together.allocations[0].partnership
    strength = {
        p.intervention: p.strength for p in game.submit({"council": {"park": cost}}).pipeline
    }
    strength_t = {
        p.intervention: p.strength
        for p in other.submit(
            {"council": {"park": cost / 2}, "health": {"park": cost / 2}}
        ).pipeline
    }
    assert strength_t["park"] == pytest.approx(strength["park"] * 1.2)


def test_a_preview_is_the_round_played_on_a_copy_and_changes_nothing(game: Game) -> None:
    decisions = {
        "council": {"grants": game.cost("grants")},
        "health": {"clinic": game.cost("clinic")},
    }
    before = [fingerprint(r) for r in game.reports], game.year, game.pending_events
    preview = game.preview(decisions, years=4)
    assert (([fingerprint(r) for r in game.reports], game.year, game.pending_events)) == before
    assert [r.year for r in preview.years] == [1, 2, 3, 4]
    report = game.submit(decisions)
    # the preview's first years are exactly the round that is then played
    for seen, played in zip(preview.years, report.years, strict=False):
        assert dict(seen.scores) == dict(played.scores)
    for seen, base in zip(preview.baseline_years, report.baseline_years, strict=False):
        assert dict(seen.scores) == dict(base.scores)
    change = preview.headline_change(game.scenario.framework)
    assert set(change) == set(game.scenario.framework.headline_ids)
    with pytest.raises(ScenarioError):
        game.preview({"council": {"grants": 1e12}})


def test_a_fault_mid_round_leaves_the_game_as_it_was(
    game: Game, monkeypatch: pytest.MonkeyPatch
) -> None:
    from model.simulation import Simulation

    twin = copy.deepcopy(game)
    decisions = {"council": {"park": game.cost("park")}}
    real = Simulation.advance
    calls = {"n": 0}

    def flaky(self: Simulation, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 3:  # the round's second year, after the first was simulated
            raise MemoryError("out of memory")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Simulation, "advance", flaky)
    with pytest.raises(MemoryError):
        game.submit(decisions)
    monkeypatch.setattr(Simulation, "advance", real)
    assert game.year == 0 and not game.reports and not game.decisions
    assert fingerprint(game.submit(decisions)) == fingerprint(twin.submit(decisions))


def test_a_two_year_build_changes_nothing_before_year_three(game: Game) -> None:
    cost = game.cost("park")
    first = game.submit({"council": {"park": cost}})
    for year, base in zip(first.years, first.baseline_years, strict=True):
        assert year.scores["ecosystem_health"] == base.scores["ecosystem_health"], year.year
    (item,) = [p for p in first.pipeline if p.intervention == "park"]
    assert item.strength == 0.0 and item.felt_from == 3  # committed, not yet felt
    second = game.submit({"council": {"park": game.cost("park")}})
    year3 = second.years[0]
    assert year3.year == 3
    gain = year3.scores["ecosystem_health"] - second.baseline_years[0].scores["ecosystem_health"]
    assert gain == pytest.approx(1.0, abs=0.05)  # one point a package, once built


def test_a_built_park_lasts_after_funding_stops_then_fades(game: Game) -> None:
    game.submit({"council": {"park": game.cost("park")}})
    game.submit({"council": {"park": game.cost("park")}})  # years 3-4: built and funded
    game.submit({})  # years 5-6: unfunded, but it lasts
    strengths = [p.strength for p in game.pipeline() if p.intervention == "park"]
    assert strengths == [1.0]


def test_community_delivery_depends_on_voluntary_capacity(game: Game) -> None:
    start = game.vcse_capacity
    game.submit({"council": {"grants": game.cost("grants") * 2}})
    assert game.vcse_capacity > start  # grants grow the sector


# -- events and situations ---------------------------------------------------------------------


def test_events_repeat_with_the_seed_and_differ_without_it(small_scenario: GameScenario) -> None:
    def draws(seed: int) -> list[tuple[str, int]]:
        g = Game(small_scenario, rounds=6, years_per_round=2, seed=seed)
        out = []
        for _ in range(6):
            out += [(e.event, e.year) for e in g.pending_events]
            g.submit({})
        return out

    assert draws(11) == draws(11)
    assert len({tuple(draws(s)) for s in (11, 12, 13, 14)}) > 1


def test_events_do_not_depend_on_decisions(game: Game) -> None:
    other = copy.deepcopy(game)
    game.submit({})
    other.submit({"council": {"park": other.cost("park")}})
    assert game.pending_events == other.pending_events


def test_two_towns_on_one_seed_meet_different_events(small_scenario: GameScenario) -> None:
    """A trainer repeating a workshop in another town must not see the same shocks."""
    fw = small_scenario.framework
    other_town = load_town(SCENARIOS / "towns" / "saltmouth.yaml", fw)
    other = dataclasses.replace(small_scenario, town=other_town)

    def draws(scenario: GameScenario) -> list[tuple[str, int]]:
        out = []
        for seed in range(1, 6):
            g = Game(scenario, rounds=1, years_per_round=4, seed=seed)
            out += [(e.event, e.year) for e in g.pending_events]
        return out

    assert draws(small_scenario) != draws(other)
    assert draws(other) == draws(other)  # and each town's own story repeats with its seed


def test_situations_have_hysteresis(small_scenario: GameScenario) -> None:
    situation = small_scenario.events.situations[0]
    assert situation.ends_above > situation.starts_below


# -- undo, branch, save and load ---------------------------------------------------------------


def test_undo_takes_back_the_last_round_exactly(game: Game) -> None:
    game.submit({"council": {"park": game.cost("park")}})
    before = [dict(r.values) for r in game.history]
    game.submit({"health": {"clinic": game.cost("clinic")}})
    game.undo()
    assert [dict(r.values) for r in game.history] == before
    assert game.round == 2
    again = game.submit({"health": {"clinic": game.cost("clinic")}})
    assert again.round == 2


def test_a_branch_replays_like_the_original(game: Game) -> None:
    game.submit({"council": {"park": game.cost("park")}})
    fork = game.branch(1)
    a = game.submit({"health": {"clinic": game.cost("clinic")}})
    b = fork.submit({"health": {"clinic": fork.cost("clinic")}})
    assert [dict(y.values) for y in a.years] == [dict(y.values) for y in b.years]
    c = game.branch(0)
    assert c.round == 1 and len(c.history) == 1


def test_a_saved_game_loads_and_replays_to_identical_reports(
    game: Game, small_scenario: GameScenario, tmp_path: Path
) -> None:
    game.submit({"council": {"park": game.cost("park"), "grants": game.cost("grants")}})
    game.submit({"health": {"clinic": game.cost("clinic")}})
    path = tmp_path / "saves" / "game.json"
    save_game(game, path, "brackenbury")
    loaded = load_game(path, small_scenario)
    assert [dict(r.scores) for r in loaded.history] == [dict(r.scores) for r in game.history]
    assert loaded.decisions == game.decisions
    assert not list(path.parent.glob(".*.tmp"))  # written atomically, nothing left behind


def test_the_game_autosaves_after_every_round(
    game: Game, small_scenario: GameScenario, tmp_path: Path
) -> None:
    path = tmp_path / "autosave.json"
    autosave(game, path, "brackenbury")
    game.submit({"council": {"park": game.cost("park")}})
    assert json.loads(path.read_text(encoding="utf-8"))["fingerprints"] == [
        fingerprint(game.reports[0])
    ]
    game.submit({})
    loaded = load_game(path, small_scenario)
    assert [dict(r.scores) for r in loaded.history] == [dict(r.scores) for r in game.history]


def test_bad_saves_get_one_clear_message(small_scenario: GameScenario, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "thriving-places-save", "version": 1, "decis', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_game(broken, small_scenario)
    assert "not a readable save (corrupted?)" in str(caught.value)
    future = tmp_path / "future.json"
    future.write_text(
        json.dumps({"format": "thriving-places-save", "version": 99}), encoding="utf-8"
    )
    with pytest.raises(ScenarioError) as caught:
        load_game(future, small_scenario)
    assert "cannot read (99; this one reads 1)" in str(caught.value)


def test_a_save_from_other_rules_is_caught(
    game: Game, small_scenario: GameScenario, tmp_path: Path
) -> None:
    game.submit({"council": {"park": game.cost("park")}})
    path = tmp_path / "game.json"
    save_game(game, path, "brackenbury")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fingerprints"][0] = "0" * 16
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_game(path, small_scenario)
    assert "did not end where the saved game did" in str(caught.value)


# -- properties --------------------------------------------------------------------------------


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    park=st.floats(0.0, 2.0),
    grants=st.floats(0.0, 3.0),
    clinic=st.booleans(),
    seed=st.integers(0, 3),
)
def test_any_allocation_keeps_scores_sane_money_conserved_baseline_untouched(
    small_scenario: GameScenario,
    fresh_game: Game,
    park: float,
    grants: float,
    clinic: bool,
    seed: int,
) -> None:
    game = copy.deepcopy(fresh_game)
    decisions: dict[str, dict[str, float]] = {"council": {}, "health": {}}
    if park >= 0.5:
        decisions["council"]["park"] = min(
            park * game.cost("park"), game.budgets()["council"] * 0.6
        )
    if grants >= 0.5:
        decisions["health"]["grants"] = min(
            grants * game.cost("grants"), game.budgets()["health"] * 0.3
        )
    if clinic:
        decisions["health"]["clinic"] = game.cost("clinic")
    try:
        report = game.submit(decisions)
    except ScenarioError:
        return  # a total below a minimum scale is rightly refused
    for year in report.years:
        assert all(0.0 <= s <= 10.0 for s in year.scores.values())
        assert all(math.isfinite(v) for v in year.values.values())
    allocated = sum(sum(d.values()) for d in decisions.values())
    assert sum(report.spending.values()) == pytest.approx(allocated)
    assert sum(a.total for a in report.allocations) == pytest.approx(allocated)
    untouched = copy.deepcopy(fresh_game).submit({})
    assert [dict(y.scores) for y in report.baseline_years] == [
        dict(y.scores) for y in untouched.baseline_years
    ]
