"""``thrive compare`` runs each seed's do-nothing baseline once and pairs every plan with it
(model/shared_baseline.py): the numbers are today's, and fewer towns are simulated."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from conftest import SCENARIOS

from game.batch_runner import run_batch, run_sharing_baselines
from model.batch import Parts, RunResult, RunSpec
from model.framework import Framework
from model.loading import load_events, load_interventions, load_plan, scenario_town
from model.network import RippleNetwork
from model.shared_baseline import pair, split
from model.simulation import Simulation

RESIDENTS = 2000
YEARS = 4


@pytest.fixture(scope="module")
def parts(shipped_framework: Framework, shipped_network: RippleNetwork) -> Parts:
    fw = shipped_framework
    return Parts(fw, shipped_network, load_interventions(framework=fw), load_events(framework=fw))


def _specs(parts: Parts, town_ref: str, vary: str, seeds: int = 2) -> list[RunSpec]:
    """Two shipped plans and a bot on the same seeds, as ``thrive compare`` makes them."""
    _, town = scenario_town(town_ref, parts.framework)
    players: list[tuple[str, object]] = [
        (name, load_plan(SCENARIOS / "plans" / f"{name}.yaml", parts.framework,
                         parts.interventions, town, RESIDENTS))
        for name in ("green_and_fair", "work_and_health_first")
    ]  # fmt: skip
    players.append(("partnership", "partnership"))
    return [
        RunSpec(town, player, 30 + k, YEARS, RESIDENTS, vary, 30, label, k)  # type: ignore[arg-type]
        for label, player in players
        for k in range(seeds)
    ]


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the towns' simulated years (every branch of every run, in this process)."""
    calls: list[int] = []
    real = Simulation.advance

    def advance(self: Simulation, *args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Simulation, "advance", advance)
    return calls


def _unconditional(parts: Parts) -> Parts:
    """The shipped events without those that hang on the played town's scores (``when:``):
    every plan then meets its baseline's events, so every plan shares its baseline."""
    kept = tuple(e for e in parts.events.events if e.when is None)
    return dataclasses.replace(parts, events=parts.events.model_copy(update={"events": kept}))


@pytest.mark.parametrize(
    ("town", "vary", "conditional"),
    [("hastings", "history", True), ("brackenbury", "town", True), ("brackenbury", "town", False)],
)
def test_shared_baselines_give_todays_numbers_with_fewer_towns_simulated(
    parts: Parts, monkeypatch: pytest.MonkeyPatch, town: str, vary: str, conditional: bool
) -> None:
    """With the shipped events, a plan may meet other events than its baseline (which ones
    depends on the town's draws) and is then run again: never more towns than today. Without
    events that hang on scores, every plan shares: (plans + 1) towns a seed, not twice the
    plans."""
    if not conditional:
        parts = _unconditional(parts)
    specs = _specs(parts, town, vary)
    calls = _counted(monkeypatch)
    today = run_batch(parts, specs, workers=1)
    before = len(calls)
    shared = run_sharing_baselines(parts, specs, workers=1)
    after = len(calls) - before
    assert [(r.label, r.run, r.seed) for r in shared] == [(r.label, r.run, r.seed) for r in today]
    for x, y in zip(shared, today, strict=True):
        for key in y.plan:
            np.testing.assert_array_equal(x.plan[key], y.plan[key])
            np.testing.assert_array_equal(x.baseline[key], y.baseline[key])
        assert (x.spending, x.notes, x.events) == (y.spending, y.notes, y.events)
    plans, seeds = 3, 2
    assert before == plans * seeds * YEARS * 2  # today: every plan beside its own baseline
    split_ = split(specs)
    assert split_ is not None and len(split_.baselines) == seeds
    redone = after - (plans + 1) * seeds * YEARS
    assert redone % (2 * YEARS) == 0  # any plan that met other events: run again, whole
    assert after <= before, (after, before)
    if not conditional:
        assert redone == 0 and after < before, (after, before)


def test_a_plan_that_met_other_events_is_run_again_with_its_own_baseline(parts: Parts) -> None:
    specs = _specs(parts, "hastings", "history", seeds=1)
    shared = split(specs)
    assert shared is not None and shared.baseline_of == (0, 0, 0)
    assert all(not s.with_baseline for s in (*shared.plans, *shared.baselines))
    assert shared.baselines[0].player is None

    def result(events: tuple[tuple[tuple[str, int, int], ...], ...]) -> RunResult:
        series = {"score:equality": np.zeros(YEARS + 1)}
        return RunResult("x", 0, 30, series, {}, {}, (), events)

    nothing = dataclasses.replace(result(((), ())), plan={"score:equality": np.ones(YEARS + 1)})
    same, other = result(((), ())), result(((("heatwave", 1, 1),), ()))
    paired, again = pair(shared, [same, other, same], [nothing])
    assert again == [1] and paired[1] is None
    assert paired[0] is not None and paired[0].baseline is nothing.plan


def test_nothing_is_shared_where_nothing_repeats_or_an_assumption_changes(parts: Parts) -> None:
    specs = _specs(parts, "hastings", "history")
    assert split([s for s in specs if s.label == "partnership"]) is None  # one plan a seed
    changed = [dataclasses.replace(s, bonus=0.1) for s in specs]
    assert split(changed) is None
