"""A town left alone holds steady (issue 12, item 4): its size, its age profile and its ethnic
mix stay near the description's, and its nodes wander rather than drift.

benchmarks/steady_town.py prints the full measure over the ready-made towns and a sample of
districts; these tests keep its mechanisms honest on a few of them, over four seeds."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from model.framework import Framework
from model.loading import scenario_town
from model.network import RippleNetwork
from model.simulation import Simulation
from model.town.description import AGE_BANDS, TownFile
from model.town.residents import Residents

AGEING = (
    "people moving in are copies of the town's own households, and Tower Hamlets, having lost "
    "some of its young adults (16-24: 10% where its profile has 15%), has few of their households "
    "left to copy: after 30 years its 25-44 year olds are 6 points short and its 45-64 year olds "
    "8 over (without the balancing, 20 short and 14 over), and its health follows its age"
)
TOWNS = (
    "hastings",
    "oldham",
    "place:E07000145",
    pytest.param("place:E09000030", marks=pytest.mark.xfail(strict=True, reason=AGEING)),
)
"""Two pilot towns, Great Yarmouth (whose adults hold the fewest qualifications) and Tower
Hamlets (the youngest district, which aged fastest: a known shortfall)."""

DRIFT_TOWNS = ("hastings", "oldham", "place:E07000145", "place:E09000030")
"""The same towns for their nodes."""

SEEDS = (1, 2, 3, 4)
"""A node's 30-year change in one run is its drift (what the rules do to it, the same in every
run) plus its wander (chance: the Equality gaps are measured on a few hundred residents, and
those behind them are carried forward, so a gap wanders like a random walk). At 20,000
residents the wander's spread across seeds is 0.5 to 0.7 points (docs/model.md, 'What still
moves'), so one run's largest change over some 25 nodes is over 1.5 now and then by chance
alone, and which seeds are over moved with any change upstream (wiring in active travel and
belonging tipped Oldham and Great Yarmouth at seeds 1 and 2 while their drift over six other
seeds stayed the same). The drift is read as the mean change over four seeds (its chance
part shrinks by half) and the wander of each run is bounded separately."""

DRIFT_LIMIT = 1.5
"""Issue 12 item 4: no node drifts more than 1.5 points in 30 years."""

WANDER_LIMIT = 3.0
"""One run's largest change, drift and wander together: the worst drift seen (Income equality
about +1.2 in Great Yarmouth) and 2.5 spreads of the wander at 20,000 residents."""


def band_shares(ages: np.ndarray) -> np.ndarray:
    edges = np.array([lo for lo, _ in AGE_BANDS.values()])
    band = np.searchsorted(edges, ages, side="right") - 1
    counts = np.bincount(band, minlength=edges.size)
    return counts / counts.sum()


@functools.cache
def quiet_runs(ref: str) -> tuple[TownFile, tuple[Simulation, ...]]:
    """The town left alone for 30 years at 20,000 residents, at each of :data:`SEEDS` (both
    tests below read the same runs)."""
    from model.loading import load_framework, load_ripples

    fw = load_framework()
    network = load_ripples(framework=fw)
    _, desc = scenario_town(ref, fw)
    sims = []
    for seed in SEEDS:
        sim = Simulation.from_description(fw, network, desc, seed=seed, population=20_000)
        for _ in range(30):
            sim.advance(None)
        sims.append(sim)
    return desc, tuple(sims)


@pytest.mark.slow
@pytest.mark.parametrize("ref", TOWNS)
def test_a_town_left_alone_keeps_its_size_ages_and_mix(ref: str) -> None:
    desc, sims = quiet_runs(ref)
    mix = []
    for sim in sims:
        profile = np.array([desc.age_bands[b] for b in AGE_BANDS])
        start, end = sim.history[0], sim.history[-1]
        assert abs(end.residents / start.residents - 1.0) <= 0.10  # +9% by the growth path
        res = sim.town.res
        # every age band within 3 points of the description's profile after 30 years
        off = np.max(np.abs(band_shares(res.age) - profile))
        assert off < 0.03, band_shares(res.age)
        mix.append(float(res.minority.mean()) - desc.ethnic_minority_share)
    # The ethnic mix within 3 points, mean over the seeds: births lift it 0.9 to 3.1 points
    # in one run (MIX_STEERING), and Oldham's seed 4 is over 3 with pairing that meets its rate
    assert abs(float(np.mean(mix))) < 0.03, mix


@pytest.mark.slow
@pytest.mark.parametrize("ref", DRIFT_TOWNS)
def test_a_town_left_alone_has_nodes_that_wander_not_drift(
    shipped_framework: Framework, ref: str
) -> None:
    changes = []
    nodes = shipped_framework.node_ids
    for sim in quiet_runs(ref)[1]:
        start = sim.history[0]
        # nodes' mean over years 26 to 30 against the start: a node's change, not its wobble
        late = np.mean([[r.scores[k] for k in nodes] for r in sim.history[-5:]], axis=0)
        changes.append(late - np.array([start.scores[k] for k in nodes]))
    change = np.array(changes)
    drift = np.abs(change.mean(axis=0))
    worst = dict(zip(nodes, change.mean(axis=0).round(2), strict=True))
    assert drift.max() < DRIFT_LIMIT, worst
    assert np.abs(change).max() < WANDER_LIMIT, np.abs(change).max(axis=1)
    # most nodes hardly move: three in four within half a point in each run
    assert np.mean(np.abs(change) < 0.5) >= 0.75, worst


def household_make_up(res: Residents, households: int) -> dict[str, float]:
    """How a town lives: the share of 20-34 and of 35-44 year olds at home with a parent
    (someone in the home 16 or more years older), of pensioners (65 or more) in homes of three
    or more, and the mean number of adults (18 or more) in the homes of 10-15 year olds; and
    the share of adults (16 or more) and of pensioners living as a couple: a head (an adult
    of 18 or more not living with a parent) in a home of exactly two heads."""
    age, hh = res.age.astype(int), res.hh
    size = np.bincount(hh, minlength=households)
    adults = np.bincount(hh, weights=age >= 18, minlength=households)
    oldest = np.zeros(households, dtype=int)
    np.maximum.at(oldest, hh, age)
    with_parent = oldest[hh] >= age + 16
    head = (age >= 18) & ~with_parent
    in_couple = head & (np.bincount(hh, weights=head, minlength=households)[hh] == 2)
    ages = {"young": (age >= 20) & (age <= 34), "thirties": (age >= 35) & (age <= 44)}
    return {
        "young at home": float(with_parent[ages["young"]].mean()),
        "35-44 at home": float(with_parent[ages["thirties"]].mean()),
        "pensioners in homes of 3+": float((size[hh] >= 3)[age >= 65].mean()),
        "adults with a pupil": float(adults[hh[(age >= 10) & (age <= 15)]].mean()),
        "16+ in a couple": float(in_couple[age >= 16].mean()),
        "65+ in a couple": float(in_couple[age >= 65].mean()),
    }


@pytest.mark.slow
@pytest.mark.parametrize("ref", DRIFT_TOWNS[:3])
def test_a_town_left_alone_keeps_its_households(
    shipped_framework: Framework, shipped_network: RippleNetwork, ref: str
) -> None:
    """Leaving home at every age from 19, and a town generated at the household rules' own
    shares by age, keep a town's households as they start. With leaving stopped at 29 and
    heads paired three in four at every age, a quarter of each cohort stayed at home for
    life: in Hastings and Great Yarmouth over 30 quiet years the 20-34 year olds at home went
    from 28% to 39-43%, the 35-44s from 1% to 18-26%, pensioners in homes of three or more
    from 4% to 30%, and the adults in a pupil's home from 2.05 to 2.25-2.5, which lifted
    children and pensioners out of low income by itself. England: 26% of 20-34 year olds live
    with a parent (ONS 2013)."""
    desc, sims = quiet_runs(ref)
    changes = []
    for seed, sim in zip(SEEDS, sims, strict=True):
        first = Simulation.from_description(
            shipped_framework, shipped_network, desc, seed=seed, population=20_000
        ).town
        start = household_make_up(first.res, first.next_hh)
        end = household_make_up(sim.town.res, sim.town.next_hh)
        change = {k: end[k] - start[k] for k in start}
        changes.append(change)
        for k in ("young at home", "35-44 at home"):
            assert abs(change[k]) < 0.08, (k, start, end)  # one run: drift and wander
        assert 0.18 < end["young at home"] < 0.32, end  # England 0.26
        assert end["35-44 at home"] < 0.06, end
        assert end["pensioners in homes of 3+"] < PENSIONERS_IN_BIG_HOMES, (start, end)
        assert abs(end["adults with a pupil"] - start["adults with a pupil"]) < 0.15, (start, end)
    # The drift, mean over the seeds, as for the nodes (SEEDS): young adults at home start
    # 1 to 3 points below what the rules keep in Hastings. Couples hold: with pairing only
    # where men and women happened to look in the same neighbourhood, 5.7-6.4% of singles
    # paired a year at a rate of 8%, and Hastings' adults in a couple went from 46-47% to
    # 41-42% in 30 years, its pensioners from 40-42% to 33-35% (docs/model.md, session 18)
    drift = {k: float(np.mean([c[k] for c in changes])) for k in changes[0]}
    limits = {"young at home": 0.05, "35-44 at home": 0.05}
    limits |= {"16+ in a couple": 0.035, "65+ in a couple": 0.04}
    assert all(abs(drift[k]) < limit for k, limit in limits.items()), drift


PENSIONERS_IN_BIG_HOMES = 0.15
"""Pensioners in homes of three or more, at most, after 30 quiet years: with leaving home
stopped at 29 it was 30%. They start at 4-6% and reach 10-15% within 10 to 30 years, before
session 18's pairing as after it (the test below holds that shortfall)."""


@pytest.mark.slow
@pytest.mark.xfail(strict=True, reason="three-generation homes: see the docstring")
def test_a_town_left_alone_keeps_its_pensioners_in_big_homes(
    shipped_framework: Framework, shipped_network: RippleNetwork
) -> None:
    """A known shortfall. Pensioners in homes of three or more start at 4% (Hastings) to 6%
    (Oldham) and reach 10-16% within 10 to 30 quiet years, then hold. About half of those
    homes hold a child: women living with a parent have babies at every woman's rate (they
    cannot pair until they leave home), so three-generation homes form, while generation
    places children only with a head aged 20 to 50. England has about one pensioner in eight
    in a home of three or more (assumed, Census 2021 household sizes), so the start is more
    likely too low than the end too high; until generation and the rules agree, the share
    moves by itself."""
    for ref in ("hastings", "oldham"):
        desc, sims = quiet_runs(ref)
        for seed, sim in zip(SEEDS, sims, strict=True):
            first = Simulation.from_description(
                shipped_framework, shipped_network, desc, seed=seed, population=20_000
            ).town
            start = household_make_up(first.res, first.next_hh)["pensioners in homes of 3+"]
            end = household_make_up(sim.town.res, sim.town.next_hh)["pensioners in homes of 3+"]
            assert abs(end - start) < 0.03, (ref, seed, start, end)


@pytest.mark.parametrize("ref", ["wigan", "place:E07000207"])
def test_a_small_town_left_alone_keeps_its_health_gap(
    shipped_framework: Framework, shipped_network: RippleNetwork, ref: str
) -> None:
    """At 4,000 residents most neighbourhoods have nobody at most old ages. Read with the
    town's chances filled in for them, the gap shrank by itself: over years 16 to 20 against
    the start, Wigan -1.25 to -2.38 years and Elmbridge -0.02 to -0.84, narrower in all six
    seeds of both (means -1.62 and -0.40). Read by standardised mortality it wanders either way
    (means -0.31 and +0.01); a single small town's 20 years wander by up to 1.5 years, so the
    test asks for no direction, not for a small wander. Six seeds were too few to ask it of:
    over 24 seeds Elmbridge's mean is -0.24 +/- 0.15 (16 narrower), and with the pairing rule
    that meets its rate (docs/model.md, session 18) -0.20 +/- 0.12, yet its first six seeds
    then all narrowed."""
    _, desc = scenario_town(ref, shipped_framework)
    drifts = []
    for seed in range(1, 17):
        sim = Simulation.from_description(
            shipped_framework, shipped_network, desc, seed=seed, population=4_000
        )
        for _ in range(20):
            sim.advance(None)
        gaps = np.array([r.values["life_expectancy_gap"] for r in sim.history])
        drifts.append(float(gaps[-5:].mean() - gaps[0]))  # years 16 to 20 against the start
    assert min(drifts) < 0.0 < max(drifts), drifts  # no seed-proof direction
    assert abs(float(np.mean(drifts))) < 0.6, drifts  # 1.5 score points are 0.94 years


@pytest.mark.parametrize("ref", ["place:E07000167", "oldham"])
def test_a_town_left_alone_keeps_its_disadvantaged_pupils(
    shipped_framework: Framework, shipped_network: RippleNetwork, ref: str
) -> None:
    """Social mobility is the attainment gap of disadvantaged pupils, those in a low-income
    home in any year from 10 to 15 (DfE: free school meals in the last six years). Counted at
    16 instead, when a household counts its teenager as an adult, Ryedale's 19-24 year olds
    in the group fell from 10% at the start to under 4% a few years on, and its gap on a few
    dozen people reached 0 by chance. Now the group keeps its size within a quarter (years 16
    to 20 against the start, mean over three seeds) and is larger than the children poor in
    any one year. It shrank by about a fifth (0.76 to 0.90 of the start at 20,000 residents)
    while homes filled with grown children who never left, lifting pupils out of low income;
    with households that hold their make-up (docs/model.md, session 16) it keeps 0.73 to 1.00
    in Ryedale and 0.86 to 0.95 in Oldham."""
    _, desc = scenario_town(ref, shipped_framework)
    kept, ratios = [], []
    for seed in (1, 2, 3):
        sim = Simulation.from_description(
            shipped_framework, shipped_network, desc, seed=seed, population=20_000
        )
        r = sim.town.res
        start = float(np.mean(r.disadvantaged[(r.age >= 19) & (r.age <= 24)]))
        late, sixteen, pupils = [], [], []
        for year in range(1, 21):
            sim.advance(None)
            r, ctx = sim.town.res, sim.town.last_context
            assert ctx is not None
            if year > 15:
                late.append(float(np.mean(r.disadvantaged[(r.age >= 19) & (r.age <= 24)])))
            sixteen.append(float(np.mean(r.disadvantaged[r.age == 16])))
            pupils.append(float(np.mean(ctx.low_income_child[(r.age >= 10) & (r.age <= 15)])))
        kept.append(float(np.mean(late)) / start)
        ratios.append(float(np.mean(sixteen[6:])) / float(np.mean(pupils[6:])))
    assert 0.75 < float(np.mean(kept)) < 1.25, kept
    assert min(ratios) > 1.3, ratios  # six looks catch more than one (the model: 1.5 to 1.9)
