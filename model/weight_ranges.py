"""How far each link's weight may be argued or sampled, set by the strength of its evidence.

One table serves every use of a weight other than the file's own: a workshop's weight debate
(issue 15) may set a link anywhere in its range, and the planners' ensembles and sensitivity
runs (issue 14) sample within it. The spreads are assumed, not measured: they encode that a
link backed by strong longitudinal evidence is known to within about a quarter of its size,
while an assumed link could plausibly be anywhere from nothing to twice its stated weight. A
range never crosses zero, so arguing about a weight never turns a link into its opposite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from model.network import STABILITY_LIMIT, Link, RippleNetwork
from model.ripples import EvidenceLevel

__all__ = ["EVIDENCE_SPREAD", "weight_range", "with_weights"]

EVIDENCE_SPREAD: Mapping[EvidenceLevel, float] = {
    "strong": 0.25,
    "moderate": 0.5,
    "weak": 0.75,
    "assumed": 1.0,
}
"""Half-width of a link's weight range as a share of its stated weight (assumed; see above)."""


def weight_range(link: Link) -> tuple[float, float]:
    """The lowest and highest weight the link's evidence allows, in that order."""
    spread = EVIDENCE_SPREAD[link.evidence.level]
    a, b = link.weight * (1.0 - spread), link.weight * (1.0 + spread)
    return (min(a, b), max(a, b))


def with_weights(network: RippleNetwork, weights: Mapping[int, float]) -> RippleNetwork:
    """The same network with some links' weights replaced, keyed by link index.

    Raises ``ValueError`` naming every link whose new weight is outside its range, and if the
    changed network would no longer be stable (see ``model.network``).
    """
    by_index = {link.index: link for link in network.links}
    problems = []
    for index, weight in sorted(weights.items()):
        link = by_index.get(index)
        if link is None:
            problems.append(f"no link {index}")
            continue
        lo, hi = weight_range(link)
        if not lo - 1e-12 <= weight <= hi + 1e-12:
            problems.append(
                f"{link.source} -> {link.target}: weight {weight:g} is outside "
                f"{lo:g} to {hi:g} ({link.evidence.level} evidence)"
            )
    if problems:
        raise ValueError("; ".join(problems))
    links = [
        replace(link, weight=float(weights[link.index])) if link.index in weights else link
        for link in network.links
    ]
    changed = RippleNetwork(network.framework, links)
    if changed.spectral_radius >= STABILITY_LIMIT:
        raise ValueError(
            f"with these weights the network's spectral radius is "
            f"{changed.spectral_radius:.3f}, at or above {STABILITY_LIMIT}: it would not settle"
        )
    return changed

