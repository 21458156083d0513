"""The sensitivity factors (issue 14, item 4): every link within its evidence range, the
effects of what the plan funds, the partnership bonus; a sample reaches the model."""

from __future__ import annotations

import numpy as np
from conftest import ROOT

from model.batch import Parts, RunSpec, run_one
from model.loading import load_events, load_interventions, load_plan, scenario_town
from model.sensitivity import BONUS_RANGE, EFFECT_RANGE, factors, outcomes, problem, specs_for
from model.town.generate import generate_town
from model.weight_ranges import weight_range

PLAN = ROOT / "scenarios" / "plans" / "green_and_fair.yaml"


def test_the_factors_and_their_ranges(shipped_framework, shipped_network) -> None:  # type: ignore[no-untyped-def]
    plan = load_plan(PLAN, shipped_framework)
    items = factors(shipped_network, plan)
    links = [f for f in items if f.kind == "link"]
    assert len(links) == len(shipped_network.links)
    for f, link in zip(links, shipped_network.links, strict=True):
        assert (f.low, f.high) == weight_range(link)
    funded = {i for r in plan.rounds for spend in r.values() for i in spend}
    assert {f.key for f in items if f.kind == "effect"} == funded
    assert [(f.low, f.high) for f in items if f.kind == "bonus"] == [BONUS_RANGE]
    assert all((f.low, f.high) == EFFECT_RANGE for f in items if f.kind == "effect")
    assert problem(items)["num_vars"] == len(items)


def test_a_sample_reaches_the_model(shipped_framework, shipped_network) -> None:  # type: ignore[no-untyped-def]
    """The lowest and the highest corner of the factors give different outcomes, and the
    spec carries exactly the sampled values (clipped to the ranges)."""
    fw = shipped_framework
    inter = load_interventions(framework=fw)
    parts = Parts(fw, shipped_network, inter, load_events(framework=fw))
    _, town = scenario_town("kingsmere", fw)
    plan = load_plan(PLAN, fw, inter, town, 2000)
    items = factors(shipped_network, plan)
    low = np.array([f.low for f in items])
    high = np.array([f.high for f in items])
    base = RunSpec(town, plan, 5, 2, 2000, "history", 5, "p")
    specs = specs_for(base, items, np.vstack([low, high, high + 1.0]))
    assert specs[1].bonus == BONUS_RANGE[1] and specs[2].bonus == BONUS_RANGE[1]
    assert specs[0].effect_scale == {f.key: EFFECT_RANGE[0] for f in items if f.kind == "effect"}
    built = generate_town(town, fw, 5, population=2000)
    import pickle

    data = pickle.dumps(built)
    results = [run_one(parts, s, pickle.loads(data)) for s in specs[:2]]
    for h in fw.headline_ids:
        a, b = outcomes(results, h)
        assert a != b
    assert outcomes(results, "local_conditions")[1] > outcomes(results, "local_conditions")[0]
