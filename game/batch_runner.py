"""Runs a batch of runs (:mod:`model.batch`) on local processes or on a Dask cluster, building
each distinct town once and keeping built towns on disk.

Two phases. First every distinct starting town (description, seed, residents) is taken from
the town cache or built (in parallel) and stored there; then every run is sent out with its
town, pickled, and each run unpickles its own copy. Results come back in the runs' order
whatever order they finish in, so one process, many processes and a cluster give the same
tables (``tests/test_batch.py``).

Where: ``workers=1`` runs everything in this process; otherwise a
``concurrent.futures.ProcessPoolExecutor`` with ``workers`` processes (default: every core);
``scheduler="tcp://HOST:PORT"`` sends the work to a Dask distributed cluster started with
Dask's own commands (``dask scheduler``, then ``dask worker tcp://HOST:PORT`` on each machine;
every worker needs this project importable, e.g. the same venv and ``PYTHONPATH``). Towns are
built on the cluster and cached on this machine, so a cluster needs no shared disk.

The town cache (:class:`TownCache`) lives under the user folder
(``$THRIVE_HOME/cache/towns``, see :func:`game.session.home_folder`); a file's name is a
digest of the description's content, the seed, the residents, the framework and the code's
version (every source file of ``model/``), so a change to any of them builds afresh. Files
are written whole or not at all (:func:`model.safefile.write_bytes`: a temporary renamed into
place), so two batches building the same town at once both end with a good file. A cached
town is a pickle: only files this program wrote in the user's own folder are read.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.context
import os
import pickle
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

import model
from model.batch import Parts, RunResult, RunSpec, run_one
from model.framework import Framework
from model.safefile import write_bytes
from model.shared_baseline import pair, split
from model.town.description import TownFile
from model.town.generate import generate_town

__all__ = [
    "Progressed",
    "TownCache",
    "code_version",
    "default_cache",
    "describe_where",
    "progress_bar",
    "run_batch",
    "run_sharing_baselines",
    "town_key",
]

Progressed = Callable[[str, int, int], None]
"""Told ``(phase, done, total)`` as work finishes: phase is "towns" or "runs"."""

TownRef = tuple[TownFile, int, int | None]
"""A starting town: its description, the seed it is built from, its residents."""


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of every source file of the model (a change to any rebuilds cached towns)."""
    digest = hashlib.sha256()
    root = Path(model.__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def town_key(description: TownFile, framework: Framework, seed: int, residents: int | None) -> str:
    """The cache's name for a built town."""
    digest = hashlib.sha256()
    for part in (
        description.model_dump_json(),
        repr(seed),
        repr(residents),
        hashlib.sha256(pickle.dumps(framework)).hexdigest(),
        code_version(),
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


class TownCache:
    """Built towns on disk, pickled, one file a town (see the module's docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.town.pickle"

    def get(self, key: str) -> bytes | None:
        """The pickled town, or None if not cached (or unreadable: it is then built again)."""
        try:
            data = self.path(key).read_bytes()
            pickle.loads(data)  # a damaged file is a miss, not a crash
        except Exception:
            return None
        return data

    def put(self, key: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        write_bytes(self.path(key), data)


def _build(description: TownFile, framework: Framework, seed: int, residents: int | None) -> bytes:
    """Build a town and pickle it (runs in a worker)."""
    town = generate_town(description, framework, seed, population=residents)
    return pickle.dumps(town, protocol=pickle.HIGHEST_PROTOCOL)


_PARTS: Parts | None = None
"""A worker process's copy of the scenario's parts, sent once when it starts."""


def _init_worker(parts: Parts) -> None:
    global _PARTS
    _PARTS = parts


def _run_in_worker(spec: RunSpec, town: bytes) -> RunResult:
    assert _PARTS is not None, "the worker was started without the scenario's parts"
    return run_one(_PARTS, spec, pickle.loads(town))


def _run_task(parts: Parts, spec: RunSpec, town: bytes) -> RunResult:
    return run_one(parts, spec, pickle.loads(town))


def _context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked on Linux (at once, with the model already imported;
    a worker only computes, so the parent's other threads, such as the progress bar's, do not
    matter to it), else from a fork server that imports the model once. Mesa sets the whole
    program's default to ``spawn`` when it is imported, which would re-import everything in
    every worker: seconds each on a busy machine."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["game.batch_runner"])
        return context
    return multiprocessing.get_context("spawn")


def _ref(spec: RunSpec) -> TownRef:
    return (spec.town, spec.built_from, spec.residents)


def run_batch(
    parts: Parts,
    specs: Sequence[RunSpec],
    workers: int | None = None,
    scheduler: str | None = None,
    cache: TownCache | None = None,
    progressed: Progressed | None = None,
) -> list[RunResult]:
    """Every run of ``specs``, in their order (see the module's docstring)."""
    tell = progressed or (lambda phase, done, total: None)
    keys: dict[str, TownRef] = {}
    for spec in specs:
        ref = _ref(spec)
        keys.setdefault(town_key(ref[0], parts.framework, ref[1], ref[2]), ref)
    towns: dict[str, bytes] = {}
    for key in keys:
        data = cache.get(key) if cache is not None else None
        if data is not None:
            towns[key] = data
    missing = [k for k in keys if k not in towns]
    if scheduler is not None:
        return _on_dask(scheduler, parts, specs, keys, towns, missing, cache, tell)
    count = workers or os.cpu_count() or 1
    tell("towns", len(keys) - len(missing), len(keys))
    if count <= 1:
        for key in missing:
            towns[key] = _store(cache, key, _build(*_with_fw(keys[key], parts)))
            tell("towns", len(towns), len(keys))
        results = []
        for k, spec in enumerate(specs):
            results.append(_run_task(parts, spec, towns[_key(spec, parts)]))
            tell("runs", k + 1, len(specs))
        return results
    with ProcessPoolExecutor(
        count, mp_context=_context(), initializer=_init_worker, initargs=(parts,)
    ) as pool:
        building = {pool.submit(_build, *_with_fw(keys[k], parts)): k for k in missing}
        for future in as_completed(building):
            key = building[future]
            towns[key] = _store(cache, key, future.result())
            tell("towns", len(towns), len(keys))
        running = {
            pool.submit(_run_in_worker, spec, towns[_key(spec, parts)]): k
            for k, spec in enumerate(specs)
        }
        out: dict[int, RunResult] = {}
        for done in as_completed(running):
            out[running[done]] = done.result()
            tell("runs", len(out), len(specs))
    return [out[k] for k in range(len(specs))]


def run_sharing_baselines(
    parts: Parts,
    specs: Sequence[RunSpec],
    workers: int | None = None,
    scheduler: str | None = None,
    cache: TownCache | None = None,
    progressed: Progressed | None = None,
) -> list[RunResult]:
    """As :func:`run_batch`, with one do-nothing run a seed standing for the baseline of every
    plan run on it (:mod:`model.shared_baseline`); a plan that met other events than doing
    nothing is run again with its own baseline. The same results, fewer towns simulated."""
    shared = split(specs)
    if shared is None:
        return run_batch(parts, specs, workers, scheduler, cache, progressed)
    runs = [*shared.plans, *shared.baselines]
    done = run_batch(parts, runs, workers, scheduler, cache, progressed)
    paired, again = pair(shared, done[: len(shared.plans)], done[len(shared.plans) :])
    if again:
        redone = run_batch(parts, [specs[k] for k in again], workers, scheduler, cache, progressed)
        for k, result in zip(again, redone, strict=True):
            paired[k] = result
    return [r for r in paired if r is not None]


def _on_dask(
    scheduler: str,
    parts: Parts,
    specs: Sequence[RunSpec],
    keys: dict[str, TownRef],
    towns: dict[str, bytes],
    missing: list[str],
    cache: TownCache | None,
    tell: Progressed,
) -> list[RunResult]:
    from dask.distributed import Client, as_completed

    with Client(scheduler) as client:
        client.run(heap_for_numpy)  # every worker, started by us or by hand
        tell("towns", len(keys) - len(missing), len(keys))
        building = {
            client.submit(_build, *_with_fw(keys[k], parts), pure=False): k for k in missing
        }
        for future in as_completed(list(building)) if building else ():
            key = building[future]
            towns[key] = _store(cache, key, future.result())
            tell("towns", len(towns), len(keys))
        shared_parts = client.scatter(parts, broadcast=True)
        shared = {k: client.scatter(v, broadcast=True) for k, v in towns.items()}
        running = {
            client.submit(_run_task, shared_parts, spec, shared[_key(spec, parts)], pure=False): k
            for k, spec in enumerate(specs)
        }
        out: dict[int, RunResult] = {}
        for future in as_completed(list(running)) if running else ():
            out[running[future]] = future.result()
            tell("runs", len(out), len(specs))
    return [out[k] for k in range(len(specs))]


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
"""glibc's ``mallopt`` parameters (malloc.h)."""
HEAP_BYTES = 64 * 1024 * 1024
"""Blocks below this come from the heap, and the heap keeps this much free before giving
memory back, in a Dask worker (:func:`heap_for_numpy`)."""


def heap_for_numpy() -> bool:
    """Let this process's allocator keep a simulated year's arrays on its heap; True if set.

    Dask's nannies start workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (distributed's
    ``nanny.pre-spawn-environ``, against memory held after tasks end). Setting it turns off
    glibc's sliding mmap threshold, so every numpy temporary over 128 kB (a column of a town
    of 30,000 residents and more) is mapped and unmapped afresh: measured on 30 runs at 50,000
    residents on a 2-worker ``LocalCluster``, 55 s of CPU against 36 s with the thresholds set
    here (28.4 s wall against 18.7; local processes 17.7). A batch's worker holds one town at a
    time, so 64 MB more of heap is nothing to it. Where glibc is not the allocator (macOS,
    Windows, musl), nothing is changed."""
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    done = mallopt(M_MMAP_THRESHOLD, HEAP_BYTES) == 1
    return bool(mallopt(M_TRIM_THRESHOLD, HEAP_BYTES) == 1 and done)


def _key(spec: RunSpec, parts: Parts) -> str:
    return town_key(spec.town, parts.framework, spec.built_from, spec.residents)


def _with_fw(ref: TownRef, parts: Parts) -> tuple[TownFile, Framework, int, int | None]:
    return (ref[0], parts.framework, ref[1], ref[2])


def _store(cache: TownCache | None, key: str, data: bytes) -> bytes:
    if cache is not None:
        cache.put(key, data)
    return data


@contextmanager
def progress_bar(console: Console, title: str) -> Iterator[Progressed]:
    """A rich progress bar for a batch: the towns being built, then the runs, each with the
    time left."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as progress:
        tasks: dict[str, TaskID] = {}
        names = {"towns": f"{title}: building towns", "runs": f"{title}: runs"}

        def tell(phase: str, done: int, total: int) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(names.get(phase, phase), total=total)
            progress.update(tasks[phase], completed=done, total=total)

        yield tell


def default_cache() -> TownCache:
    """The town cache under the user folder."""
    from game.session import home_folder

    return TownCache(home_folder() / "cache" / "towns")


def describe_where(workers: int | None, scheduler: str | None) -> str:
    """Where the runs run, in words."""
    if scheduler is not None:
        return f"on the Dask cluster at {scheduler}"
    count = workers or os.cpu_count() or 1
    return "in this process" if count <= 1 else f"on {count} local processes"
