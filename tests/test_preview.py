"""The plan screen's preview: a twin of a big town, and the baseline worked out once a round."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from conftest import SCENARIOS

from model.engine import Game, GameScenario
from model.framework import Framework
from model.loading import load_town
from model.saves import fingerprint
from model.town.generate import generate_town


@pytest.fixture(scope="module")
def town(shipped_framework: Framework):  # type: ignore[no-untyped-def]
    desc = load_town(SCENARIOS / "towns" / "brackenbury.yaml", shipped_framework)
    return generate_town(desc, shipped_framework, seed=3, population=12_000)


@pytest.mark.parametrize("share", [0.25, 0.5])
def test_a_twin_keeps_whole_households_and_every_neighbourhood_and_group(town, share) -> None:  # type: ignore[no-untyped-def]
    before = {k: v.copy() for k, v in town.res.columns().items()}
    twin = town.sampled(share, np.random.default_rng(1))
    for k, v in town.res.columns().items():  # the town itself is untouched
        assert np.array_equal(v, before[k])
    full, part = town.res, twin.res
    assert len(part) == pytest.approx(share * len(full), rel=0.03)
    # whole households: every household in the twin has all its members
    sizes_full = np.bincount(full.hh, minlength=town.next_hh)
    sizes_part = np.bincount(part.hh, minlength=town.next_hh)
    kept = sizes_part > 0
    assert np.array_equal(sizes_part[kept], sizes_full[kept])
    # each neighbourhood and group in proportion
    n = town.n_neigh
    share_full = np.bincount(full.neigh, minlength=n) / len(full)
    share_part = np.bincount(part.neigh, minlength=n) / len(part)
    assert np.max(np.abs(share_full - share_part)) < 0.01
    for column in ("minority", "low_income", "employed", "female"):
        assert getattr(part, column).mean() == pytest.approx(
            getattr(full, column).mean(), abs=0.015
        ), column
    assert twin.start_population == round(town.start_population * share)
    jobs = sum(e.capacity for e in twin.employers)
    assert jobs == pytest.approx(share * sum(e.capacity for e in town.employers), rel=0.02)
    # the same draw gives the same twin
    again = town.sampled(share, np.random.default_rng(1))
    assert all(np.array_equal(v, getattr(again.res, k)) for k, v in part.columns().items())


def test_a_twin_lives_its_years_like_the_town(town) -> None:  # type: ignore[no-untyped-def]
    """A twin's measures stay near the whole town's over a few years doing nothing."""
    from model.town.measures import measure_people

    full, twin = copy.deepcopy(town), town.sampled(0.25, np.random.default_rng(2))
    for _ in range(3):
        full.advance()
        twin.advance()
    a, b = measure_people(full, full.last_context), measure_people(twin, twin.last_context)
    for key in ("employment_rate", "smoking", "volunteering", "loneliness"):
        assert b[key] == pytest.approx(a[key], rel=0.15, abs=1.5), key


def test_the_baseline_of_a_preview_is_worked_out_once_a_round(
    small_scenario: GameScenario,
) -> None:
    game = Game(small_scenario, rounds=3, years_per_round=2, seed=8)
    plan = {"council": {"grants": game.cost("grants")}}
    other = {"council": {"park": game.cost("park")}}
    first = game.preview(plan, years=4)
    second = game.preview(other, years=4)
    assert second.baseline_years is first.baseline_years  # kept, not worked out again
    fresh = copy.deepcopy(game)
    fresh._preview_kept.clear()
    assert [dict(r.scores) for r in fresh.preview(other, years=4).baseline_years] == [
        dict(r.scores) for r in second.baseline_years
    ]
    report = game.submit(plan)
    for seen, played in zip(first.years, report.years, strict=False):
        assert dict(seen.scores) == dict(played.scores)  # a small town is previewed whole
    assert fingerprint(report) == fingerprint(copy.deepcopy(fresh).submit(plan))
    third = game.preview(plan, years=4)
    assert third.baseline_years is not first.baseline_years  # a new round, a new baseline
    assert third.baseline_years[0].year == game.year + 1
