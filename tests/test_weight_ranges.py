"""Weight ranges by evidence level: what a weight debate may set and what ensembles sample."""

from __future__ import annotations

import numpy as np
import pytest

from model.network import RippleNetwork
from model.weight_ranges import EVIDENCE_SPREAD, weight_range, with_weights


def test_every_shipped_range_keeps_the_sign_and_holds_the_weight(
    shipped_network: RippleNetwork,
) -> None:
    for link in shipped_network.links:
        lo, hi = weight_range(link)
        assert lo <= link.weight <= hi
        assert lo * hi >= 0, f"{link.source} -> {link.target} range crosses zero"
        width = (hi - lo) / 2
        assert width == pytest.approx(abs(link.weight) * EVIDENCE_SPREAD[link.evidence.level])


def test_stronger_evidence_allows_a_narrower_range() -> None:
    spreads = [EVIDENCE_SPREAD[level] for level in ("strong", "moderate", "weak", "assumed")]
    assert spreads == sorted(spreads) and len(set(spreads)) == 4


def test_a_new_weight_changes_that_link_and_the_propagation(
    shipped_network: RippleNetwork,
) -> None:
    link = shipped_network.links[0]
    _, hi = weight_range(link)
    changed = with_weights(shipped_network, {link.index: hi})
    assert changed.links[0].weight == hi
    assert [k.weight for k in changed.links[1:]] == [k.weight for k in shipped_network.links[1:]]
    assert shipped_network.links[0].weight == link.weight  # the original is untouched
    n = len(shipped_network.framework.nodes)
    push = np.zeros(n)
    push[shipped_network.framework.node_index[link.source]] = 1.0
    base = np.full(n, 5.0)
    moved = []
    for net in (shipped_network, changed):
        state = net.start(base)
        for _ in range(link.delay + 1):
            state, year = net.step(state, push)
        moved.append(year.change[shipped_network.framework.node_index[link.target]])
    assert moved[1] > moved[0]


def test_weights_outside_their_range_are_refused_by_name(shipped_network: RippleNetwork) -> None:
    a, b = shipped_network.links[0], shipped_network.links[1]
    with pytest.raises(ValueError) as caught:
        with_weights(shipped_network, {a.index: weight_range(a)[1] * 1.5, b.index: -9.0, 999: 0.1})
    message = str(caught.value)
    assert f"{a.source} -> {a.target}" in message
    assert f"{b.source} -> {b.target}" in message
    assert "no link 999" in message


def test_every_link_at_the_far_end_of_its_range_still_settles(
    shipped_network: RippleNetwork,
) -> None:
    far = {k.index: max(weight_range(k), key=abs) for k in shipped_network.links}
    assert with_weights(shipped_network, far).spectral_radius < 1.0
