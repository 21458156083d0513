"""The batch core (issue 14, items 2 and 6): one run is a pure function of its spec; the same
seeds give identical numbers in one process, on many and on a real Dask cluster; ``--vary``
varies what it says; built towns are cached on disk, once each, safely."""

from __future__ import annotations

import pickle
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from game.batch_runner import TownCache, heap_for_numpy, run_batch, town_key
from model.batch import Parts, RunResult, RunSpec, run_one, sampled_weights
from model.engine import Game, GameScenario
from model.loading import load_events, load_interventions, load_plan, scenario_town
from model.plan_play import plan_round
from model.town.generate import generate_town
from model.weight_ranges import weight_range

PLAN = ROOT / "scenarios" / "plans" / "work_and_health_first.yaml"
RESIDENTS = 2_000


@pytest.fixture(scope="module")
def parts(shipped_framework, shipped_network) -> Parts:  # type: ignore[no-untyped-def]
    fw = shipped_framework
    return Parts(fw, shipped_network, load_interventions(framework=fw), load_events(framework=fw))


def _specs(parts: Parts, vary: str = "history", seeds: int = 4, years: int = 4) -> list[RunSpec]:
    _, town = scenario_town("hastings", parts.framework)
    plan = load_plan(PLAN, parts.framework, parts.interventions, town, RESIDENTS)
    return [
        RunSpec(town, plan, 11 + k, years, RESIDENTS, vary, 11, "whf", k)  # type: ignore[arg-type]
        for k in range(seeds)
    ]


def _same(a: list[RunResult], b: list[RunResult]) -> None:
    assert [(r.label, r.run, r.seed) for r in a] == [(r.label, r.run, r.seed) for r in b]
    for x, y in zip(a, b, strict=True):
        for key in x.plan:
            np.testing.assert_array_equal(x.plan[key], y.plan[key])
            np.testing.assert_array_equal(x.baseline[key], y.baseline[key])
        assert x.spending == y.spending and x.notes == y.notes


def test_one_process_many_and_a_dask_cluster_give_identical_numbers(
    parts: Parts, tmp_path: Path
) -> None:
    from dask.distributed import LocalCluster

    specs = _specs(parts)
    one = run_batch(parts, specs, workers=1, cache=TownCache(tmp_path / "one"))
    many = run_batch(parts, specs, workers=2, cache=TownCache(tmp_path / "many"))
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        on_dask = run_batch(parts, specs, scheduler=cluster.scheduler_address)
        # the workers' allocator keeps a year's arrays on its heap (batch_runner.heap_for_numpy:
        # Dask's MALLOC_TRIM_THRESHOLD_ would map and unmap each one), where glibc allocates
        from dask.distributed import Client

        with Client(cluster.scheduler_address) as client:
            assert set(client.run(heap_for_numpy).values()) == {sys.platform.startswith("linux")}
    _same(one, many)
    _same(one, on_dask)
    # and the runs differ from one another: the seeds drew different futures
    ends = {round(float(r.baseline["score:equality"][-1]), 6) for r in one}
    assert len(ends) == len(specs)


def test_a_run_on_a_cached_town_is_the_run_on_a_town_built_for_it(parts: Parts) -> None:
    """``--vary town``: a run on a town from the cache (pickled, unpickled) plays exactly the
    game ``thrive run --seed`` plays, which builds its own."""
    for spec in _specs(parts, "town", seeds=1, years=2):
        built = generate_town(spec.town, parts.framework, spec.seed, population=RESIDENTS)
        result = run_one(parts, spec, pickle.loads(pickle.dumps(built)))
        scenario = GameScenario(
            parts.framework, parts.network, spec.town, parts.interventions, parts.events, RESIDENTS
        )
        game = Game(scenario, rounds=spec.rounds, years_per_round=2, seed=spec.seed)
        assert isinstance(spec.player, type(load_plan(PLAN, parts.framework)))
        for k in range(spec.rounds):
            game.submit(plan_round(game, spec.player, k).decisions)  # type: ignore[arg-type]
        played = np.array([r.scores["equality"] for r in game.history])
        np.testing.assert_array_equal(result.plan["score:equality"], played)


def test_history_keeps_the_town_and_town_varies_it(parts: Parts) -> None:
    history = run_batch(parts, _specs(parts, "history", seeds=3, years=2), workers=1)
    town = run_batch(parts, _specs(parts, "town", seeds=3, years=2), workers=1)
    starts = {float(r.baseline["score:local_conditions"][0]) for r in history}
    assert len(starts) == 1, "one starting town for every future"
    assert len({float(r.plan["score:equality"][-1]) for r in history}) == 3
    assert len({float(r.baseline["score:local_conditions"][0]) for r in town}) == 3


def test_sampled_weights_stay_within_their_evidence_ranges(parts: Parts) -> None:
    nets = [sampled_weights(parts.network, seed) for seed in range(5)]
    for net in nets:
        for link, original in zip(net.links, parts.network.links, strict=True):
            lo, hi = weight_range(original)
            assert lo - 1e-12 <= link.weight <= hi + 1e-12
    firsts = {net.links[0].weight for net in nets}
    assert len(firsts) == 5
    assert sampled_weights(parts.network, 3).links[7].weight == nets[3].links[7].weight


def test_the_town_cache_builds_each_town_once_and_survives_damage(
    parts: Parts, tmp_path: Path
) -> None:
    cache = TownCache(tmp_path / "towns")
    specs = _specs(parts, "history", seeds=3, years=2)
    told: list[tuple[str, int, int]] = []
    first = run_batch(parts, specs, workers=1, cache=cache, progressed=lambda *a: told.append(a))
    assert len(list(cache.folder.iterdir())) == 1, "one town for three futures"
    assert told[0] == ("towns", 0, 1) and ("runs", 3, 3) in told
    told.clear()
    again = run_batch(parts, specs, workers=1, cache=cache, progressed=lambda *a: told.append(a))
    assert told[0] == ("towns", 1, 1), "nothing built the second time"
    _same(first, again)
    (path,) = cache.folder.iterdir()
    path.write_bytes(b"not a town")  # a damaged file is built again, not a crash
    _same(first, run_batch(parts, specs, workers=1, cache=cache))
    assert pickle.loads(path.read_bytes()) is not None


def _put(args: tuple[str, str, bytes]) -> bool:
    folder, key, data = args
    cache = TownCache(Path(folder))
    for _ in range(8):
        cache.put(key, data)
        if cache.get(key) is None:
            return False
    return True


def test_concurrent_writers_leave_a_good_file(tmp_path: Path) -> None:
    data = [pickle.dumps(list(range(k * 20_000))) for k in (1, 2)]
    with ProcessPoolExecutor(2) as pool:
        assert all(pool.map(_put, [(str(tmp_path), "k", d) for d in data]))
    assert TownCache(tmp_path).get("k") in data
    assert [p.name for p in tmp_path.iterdir()] == ["k.town.pickle"]


def test_the_cache_key_follows_content_seed_and_size(parts: Parts) -> None:
    _, hastings = scenario_town("hastings", parts.framework)
    _, wigan = scenario_town("wigan", parts.framework)
    fw = parts.framework
    keys = {
        town_key(hastings, fw, 1, 2000),
        town_key(hastings, fw, 2, 2000),
        town_key(hastings, fw, 1, 3000),
        town_key(wigan, fw, 1, 2000),
    }
    assert len(keys) == 4
    assert town_key(hastings, fw, 1, 2000) == town_key(hastings, fw, 1, 2000)
