"""Ripple propagation, checked against hand-computed examples on 2- and 3-node graphs."""

from __future__ import annotations

import numpy as np
from conftest import tiny_network

from model.experiments import sustained_push


def run(net, base, pushes, years):  # type: ignore[no-untyped-def]
    state = net.start(np.asarray(base, dtype=float))
    records = []
    for push in pushes[:years] + [pushes[-1]] * (years - len(pushes)):
        state, rec = net.step(state, np.asarray(push, dtype=float))
        records.append(rec)
    return records


def test_a_link_passes_on_weight_times_change_after_its_delay() -> None:
    net = tiny_network(["a", "b"], [("a", "b", 0.5, 2)])
    recs = run(net, [5, 5], [[1.0, 0.0]], years=4)
    # b moves only from year 3 (a's change in year 1 arrives 2 years later): 0.5 * 1
    assert [r.change[1] for r in recs] == [0.0, 0.0, 0.5, 0.5]
    assert [r.change[0] for r in recs] == [1.0, 1.0, 1.0, 1.0]


def test_a_delay_zero_chain_settles_within_the_year() -> None:
    net = tiny_network(["a", "b", "c"], [("a", "b", 0.5, 0), ("b", "c", -0.4, 0)])
    (rec,) = run(net, [5, 5, 5], [[2.0, 0.0, 0.0]], years=1)
    # b = 0.5 * 2 = 1; c = -0.4 * 1 = -0.4, all in year 1
    assert np.allclose(rec.change, [2.0, 1.0, -0.4])


def test_the_push_stops_and_the_ripple_fades_after_the_delay() -> None:
    net = tiny_network(["a", "b"], [("a", "b", 0.5, 1)])
    recs = run(net, [5, 5], [[1.0, 0.0], [0.0, 0.0]], years=3)
    assert [r.change[1] for r in recs] == [0.0, 0.5, 0.0]


def test_a_reinforcing_loop_amplifies_towards_its_hand_computed_steady_state() -> None:
    # a -> b (0.5, 1 y), b -> a (0.5, 1 y): a sustained push of 1 on a settles at
    # a = 1 / (1 - 0.25) = 4/3, b = 0.5 * a = 2/3.
    net = tiny_network(["a", "b"], [("a", "b", 0.5, 1), ("b", "a", 0.5, 1)])
    recs = run(net, [5, 5], [[1.0, 0.0]], years=60)
    assert [round(r.change[0], 4) for r in recs[:4]] == [1.0, 1.0, 1.25, 1.25]
    assert np.allclose(recs[-1].change, [4 / 3, 2 / 3], atol=1e-6)
    assert net.loops[0].polarity == "reinforcing"
    assert net.loops[0].delay == 2


def test_a_balancing_loop_damps_the_push() -> None:
    # a -> b (+0.5, 1 y), b -> a (-0.5, 1 y): steady a = 1 / (1 + 0.25) = 0.8
    net = tiny_network(["a", "b"], [("a", "b", 0.5, 1), ("b", "a", -0.5, 1)])
    recs = run(net, [5, 5], [[1.0, 0.0]], years=60)
    assert [round(r.change[0], 4) for r in recs[:4]] == [1.0, 1.0, 0.75, 0.75]
    assert np.allclose(recs[-1].change, [0.8, 0.4], atol=1e-6)
    assert net.loops[0].polarity == "balancing"


def test_scores_stay_within_zero_and_ten() -> None:
    net = tiny_network(["a", "b"], [("a", "b", 1.0, 0), ("b", "a", 0.9, 1)])
    recs = run(net, [9.0, 1.0], [[5.0, 0.0]], years=10)
    for r in recs:
        assert np.all(r.scores >= 0.0) and np.all(r.scores <= 10.0)
    # a is capped at 10 (change +1); b gets 1.0 * 1 = +1 -> 2
    assert np.allclose(recs[0].scores, [10.0, 2.0])
    recs = run(net, [1.0, 1.0], [[-5.0, 0.0]], years=3)
    assert np.allclose(recs[-1].scores, [0.0, 0.0])


def test_each_links_contribution_is_recorded_and_sums_to_the_ripple() -> None:
    net = tiny_network(
        ["a", "b", "c"], [("a", "c", 0.3, 1), ("b", "c", -0.2, 2), ("a", "b", 0.5, 0)]
    )
    recs = run(net, [5, 5, 5], [[1.0, 0.0, 0.0]], years=4)
    last = recs[-1]
    # b = 0.5 (same year); c = 0.3 * a(t-1) - 0.2 * b(t-2) = 0.3 - 0.1
    assert np.allclose(last.contributions, [0.3, -0.1, 0.5])
    assert np.allclose(last.change, [1.0, 0.5, 0.2])
    totals = np.bincount(net.target, weights=last.contributions, minlength=3)
    assert np.allclose(totals, last.ripple)
    why = net.why(last.contributions, "c")
    assert [(lk.source, round(c, 6)) for lk, c in why] == [("a", 0.3), ("b", -0.1)]


def test_step_is_pure_and_repeatable() -> None:
    net = tiny_network(["a", "b"], [("a", "b", 0.5, 1), ("b", "a", 0.5, 1)])
    state = net.start(np.array([5.0, 5.0]))
    _, r1 = net.step(state, np.array([1.0, 0.0]))
    _, r2 = net.step(state, np.array([1.0, 0.0]))
    assert np.array_equal(r1.change, r2.change)
    assert np.array_equal(state.history, np.zeros((1, 2)))
    assert not state.history.flags.writeable and not r1.change.flags.writeable


def test_the_shipped_network_is_stable_under_a_sustained_push_everywhere(shipped_network) -> None:  # type: ignore[no-untyped-def]
    fw = shipped_network.framework
    pushes = dict.fromkeys(fw.node_ids, 0.5)
    recs = sustained_push(shipped_network, pushes, years=80)
    late = np.array([r.change for r in recs[-10:]])
    assert np.all(np.isfinite(late))
    assert np.max(np.abs(late[-1] - late[0])) < 1e-3, "still moving after 70 years: not settling"


def test_the_shipped_network_spectral_radius_is_below_one(shipped_network) -> None:  # type: ignore[no-untyped-def]
    assert 0.0 < shipped_network.spectral_radius < 1.0


def test_a_batch_of_neighbourhoods_propagates_like_each_one_alone() -> None:
    net = tiny_network(
        ["a", "b", "c"], [("a", "b", 0.5, 1), ("b", "c", 0.4, 0), ("c", "a", -0.3, 2)]
    )
    base = np.array([[5.0, 5.0, 5.0], [9.5, 2.0, 8.0]])
    pushes = np.array([[1.0, 0.0, 0.0], [2.0, -1.0, 0.5]])
    batch = net.start(base)
    singles = [net.start(base[k]) for k in range(2)]
    for _ in range(6):
        batch, rec = net.step(batch, pushes)
        for k in range(2):
            singles[k], one = net.step(singles[k], pushes[k])
            assert np.allclose(rec.change[k], one.change)
            assert np.allclose(rec.contributions[k], one.contributions)
