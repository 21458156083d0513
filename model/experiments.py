"""Small headless experiments on the ripple network alone (before any town is attached).

These answer a trainer's first question, "if we lift this, what else moves, and when?", for an
average English place (every node starting at 5).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from model.network import RippleNetwork, RippleYear
from model.scoring import MIDPOINT

__all__ = ["sustained_push"]


def sustained_push(
    network: RippleNetwork,
    pushes: Mapping[str, float],
    years: int,
    base: np.ndarray | None = None,
) -> list[RippleYear]:
    """Hold ``pushes`` (points per node id) every year for ``years`` years and record each year.

    >>> from model.loading import load_framework, load_ripples
    >>> net = load_ripples(framework=load_framework())
    >>> record = sustained_push(net, {"transport": 1.0}, years=3)
    >>> [r.year for r in record]
    [1, 2, 3]
    >>> float(record[-1].change[net.framework.node_index["transport"]]) >= 1.0 - 1e-9
    True
    """
    fw = network.framework
    if years < 1:
        raise ValueError("years must be at least 1")
    push = np.zeros(len(fw.nodes))
    for node_id, amount in pushes.items():
        if node_id not in fw.node_index:
            raise KeyError(f"unknown node '{node_id}'")
        push[fw.node_index[node_id]] += amount
    start = np.full(len(fw.nodes), MIDPOINT) if base is None else np.asarray(base, dtype=float)
    state = network.start(start)
    out: list[RippleYear] = []
    for _ in range(years):
        state, record = network.step(state, push)
        out.append(record)
    return out
