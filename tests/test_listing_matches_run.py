"""A run starts where `thrive places` says the place starts (issue 12: within 0.05).

The listing scores each district's own figures; a run generates a town calibrated to them. For
a sample of 31 districts (every tenth by code, over three seeds, 20,000 residents), every
headline of the run's
year 0 must be within 0.05 of the listing's, and every domain within 0.1, wherever the town
could be calibrated to all its figures. A domain of one or two indicators moves with them,
and the generator's contract is each indicator within 0.2 points (in a town of 20,000 a few
households crossing the low-income line move a neighbourhood fifth's rate by tenths of a
point): 0.1 is half that. Where a figure is out of the model's reach (a calibrated constant at
the end of its range, which the fit reports with the reason), the district is excused, and at
most a few may be.
"""

from __future__ import annotations

import pytest

from model.framework import Framework
from model.loading import scenario_town
from model.network import RippleNetwork
from model.places import find_places, start_scorecard
from model.simulation import Simulation

AGREE = 0.05
"""Largest difference allowed between a headline of a run's year 0 and the listing's."""

AGREE_DOMAIN = 0.1
"""Largest difference allowed between a domain of a run's year 0 and the listing's."""

MAX_OUT_OF_REACH = 4
"""Districts of the sample that may have a figure out of the model's reach. Today: Knowsley
(its income deprivation needs an out-of-work income below nothing), and the most diverse
London boroughs, whose ethnic employment gaps the model's labour market cannot open fully."""

pytestmark = pytest.mark.slow


def test_year_0_of_a_run_is_the_listing(
    shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    fw = shipped_framework
    places = sorted(find_places(None), key=lambda p: p.code)[::10]
    assert len(places) >= 30
    excused: dict[str, list[str]] = {}
    off: dict[str, dict[str, float]] = {}
    for k, place in enumerate(places):
        _, desc = scenario_town(f"place:{place.code}", fw)
        sim = Simulation.from_description(
            fw, shipped_network, desc, seed=1 + k % 3, population=20_000
        )
        card = start_scorecard(place, fw)
        run = sim.history[0].scores
        heads = {h: run[h] - card.headlines[i] for i, h in enumerate(fw.headline_ids)}
        domains = {d: run[d] - card.domains[i] for i, d in enumerate(fw.domain_ids)}
        misses = [f for f in sim.fit() if not f.within]
        if misses:
            # Out of reach, and said so: every miss names the constant at its bound
            assert all(f.note for f in misses), (place.code, misses)
            excused[place.code] = [f.indicator for f in misses]
            continue
        wide = {name: round(d, 3) for name, d in heads.items() if abs(d) > AGREE}
        wide |= {name: round(d, 3) for name, d in domains.items() if abs(d) > AGREE_DOMAIN}
        if wide:
            off[f"{place.code} {place.name}"] = wide
    assert not off, off
    assert len(excused) <= MAX_OUT_OF_REACH, excused
