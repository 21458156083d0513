"""The hostile-input catalogue: every broken or hostile input in ``cases/*.yaml``, through the CLI.

Each case starts from a shipped scenario file (or from nothing), applies one small mutation,
runs one ``thrive`` command, and expects a refusal: the exit code (1 for a bad file, 2 for a
bad command line, click's convention and this project's), no traceback, and the exact message
or a distinctive fragment of it.

Two routes, chosen per case in the table (``route:``):

* ``runner`` (the default): in this process through typer's ``CliRunner``. Cheap (no second
  interpreter to start), so most file cases go this way; a case whose command raises is caught
  by the runner and reported as a traceback.
* ``subprocess``: a real ``python -m game.cli`` under a 1 GB address-space limit and a 60 s
  timeout, for the cases that could hang, eat memory (``/dev/zero``, a FIFO, a briefing that
  asks for a billion-character field) or write to a real terminal stream.

Run this file directly (``python tests/hostile/test_catalogue.py``) to print each case's outcome
and the counts: refused, tracebacks, silently accepted, hangs or memory, wrong message.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import thrive_limited

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
CASES_DIR = Path(__file__).resolve().parent / "cases"
TIME_LIMIT = 60.0
"""Seconds a subprocess case may take before it counts as a hang."""


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it, what to run, what must be said."""

    name: str
    table: str
    run: tuple[str, ...]
    expect: tuple[str, ...]
    absent: tuple[str, ...] = ()
    exit: int = 1
    route: str = "runner"
    base: str | None = None
    write_as: str | None = None
    text: str | None = None
    replace: tuple[tuple[str, str], ...] = ()
    set: dict[str, Any] = field(default_factory=dict)
    delete: tuple[str, ...] = ()
    special: str | None = None
    repeat: tuple[str, int] | None = None
    extra_files: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.table}:{self.name}"


def load_cases() -> list[Case]:
    """Every case of every table, in table order."""
    cases: list[Case] = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            expect = raw.pop("expect")
            run = raw.pop("run")
            cases.append(
                Case(
                    name=raw.pop("name"),
                    table=path.stem,
                    run=tuple(run.split()) if isinstance(run, str) else tuple(run),
                    expect=(expect,) if isinstance(expect, str) else tuple(expect),
                    replace=tuple(tuple(r) for r in raw.pop("replace", ())),  # type: ignore[misc]
                    delete=tuple(raw.pop("delete", ())),
                    absent=tuple(raw.pop("absent", ())),
                    repeat=tuple(raw.pop("repeat")) if "repeat" in raw else None,  # type: ignore[arg-type]
                    write_as=raw.pop("as", None),
                    **raw,
                )
            )
    return cases


def _steps(path: str) -> list[str | int]:
    """``links.7.delay`` as keys and list indexes (dots, so YAML flow keys need no quotes)."""
    return [int(part) if part.isdigit() else part for part in path.split(".")]


def _set(data: Any, path: str, value: Any) -> None:
    *head, last = _steps(path)
    for step in head:
        data = data[step]
    data[last] = value


def _delete(data: Any, path: str) -> None:
    *head, last = _steps(path)
    for step in head:
        data = data[step]
    del data[last]


def build(case: Case, folder: Path) -> dict[str, str]:
    """Write the case's input into ``folder``; return the placeholders its command uses."""
    places = {"tmp": str(folder)}
    for name, text in case.extra_files.items():
        (folder / name).write_text(text, encoding="utf-8")
    if case.special is not None:
        places["file"] = _special(case.special, folder)
        return places
    if case.base is None and case.text is None and case.repeat is None:
        return places
    if case.repeat is not None:
        chunk, times = case.repeat
        content = (case.text or "") + chunk * times
    elif case.text is not None:
        content = case.text
    else:
        assert case.base is not None
        content = (SCENARIOS / case.base).read_text(encoding="utf-8")
    for old, new in case.replace:
        assert old in content, f"{case.id}: {old!r} is not in {case.base}"
        content = content.replace(old, new, 1)
    if case.set or case.delete:
        data = copy.deepcopy(yaml.safe_load(content))
        for path, value in case.set.items():
            _set(data, path, value)
        for path in case.delete:
            _delete(data, path)
        content = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    name = case.write_as or (Path(case.base).name if case.base else "input.yaml")
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)  # a name such as "br[/]ck.yaml"
    target.write_bytes(content.encode("utf-8", "surrogateescape"))
    places["file"] = str(target)
    return places


def _special(kind: str, folder: Path) -> str:
    if kind == "fifo":
        path = folder / "pipe.yaml"
        os.mkfifo(path)
        return str(path)
    if kind == "dev_zero":
        return "/dev/zero"
    if kind == "dev_urandom":
        return "/dev/urandom"
    if kind == "dev_null":
        return "/dev/null"
    if kind == "folder":
        path = folder / "a_folder.yaml"
        path.mkdir()
        return str(path)
    if kind == "link_to_dev_zero":
        path = folder / "zero.yaml"
        path.symlink_to("/dev/zero")
        return str(path)
    if kind == "missing":
        return str(folder / "not_there.yaml")
    if kind == "sparse_huge":
        path = folder / "huge.yaml"
        with path.open("wb") as handle:
            handle.truncate(3_000_000_000)
        return str(path)
    if kind == "non_utf8":
        path = folder / "latin1.yaml"
        path.write_bytes("kind: town\nname: Caf\xe9\n".encode("latin-1"))
        return str(path)
    if kind == "nul_bytes":
        path = folder / "nul.yaml"
        path.write_bytes(b"kind: town\x00\x00\nversion: 1\n")
        return str(path)
    raise AssertionError(f"unknown special input {kind!r}")


@dataclass(frozen=True)
class Outcome:
    """What one case did: exit code, everything it printed, how long it took, and how it ended."""

    code: int | None
    output: str
    seconds: float
    ended: str  # "exit", "timeout", "exception"


def run_case(case: Case, folder: Path) -> Outcome:
    """Build the case's input and run its command by its route."""
    places = build(case, folder)
    args = [a.format(**places) for a in case.run]
    started = time.perf_counter()
    if case.route == "subprocess":
        try:
            done = thrive_limited(*args, cwd=folder, timeout=TIME_LIMIT, env={"COLUMNS": "140"})
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"") + (exc.stderr or b"")
            text = out.decode("utf-8", "replace") if isinstance(out, bytes) else str(out)
            return Outcome(None, text, time.perf_counter() - started, "timeout")
        return Outcome(
            done.returncode, done.stdout + done.stderr, time.perf_counter() - started, "exit"
        )
    from typer.testing import CliRunner

    from game.cli import app

    with _cwd(folder):
        result = CliRunner().invoke(app, args)
    seconds = time.perf_counter() - started
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(result.exception))
        return Outcome(result.exit_code, result.output + trace, seconds, "exception")
    return Outcome(result.exit_code, result.output, seconds, "exit")


@contextmanager
def _cwd(folder: Path) -> Iterator[None]:
    here = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(here)


def classify(case: Case, outcome: Outcome) -> str:
    """One word for what happened: refused (or shown, for a case that must succeed), hang,
    memory, traceback, leaked, accepted, or wrong (refused, but not in the expected words)."""
    if outcome.ended == "timeout":
        return "hang"
    if "MemoryError" in outcome.output or outcome.code in (-9, 137):
        return "memory"
    if "Traceback" in outcome.output or outcome.ended == "exception":
        return "traceback"
    if any(a in outcome.output for a in case.absent):
        return "leaked"  # a control character reached the terminal
    if (
        outcome.code == case.exit
        and all(e in outcome.output for e in case.expect)
        and not any(a in outcome.output for a in case.absent)
    ):
        return "refused" if case.exit else "shown"
    if outcome.code == 0:
        return "accepted"
    return "wrong"


CASES = load_cases()


def test_the_catalogue_is_big_and_every_name_is_unique() -> None:
    assert len(CASES) >= 150
    assert len({c.id for c in CASES}) == len(CASES)
    tables = Counter(c.table for c in CASES)
    for table in ("framework", "ripples", "interventions", "events", "towns", "plans", "cli"):
        assert tables[table] >= 5, table
    risky = {"fifo", "dev_zero", "dev_urandom", "link_to_dev_zero"}
    for case in CASES:
        assert case.route in {"runner", "subprocess"}, case.id
        assert case.exit in {0, 1, 2}, case.id
        if case.special in risky or case.run[0] == "play":  # could hang or eat memory
            assert case.route == "subprocess", f"{case.id} needs a process of its own"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_hostile_input_is_refused_in_one_message(case: Case, tmp_path: Path) -> None:
    outcome = run_case(case, tmp_path)
    assert outcome.ended != "timeout", f"hung for {TIME_LIMIT:.0f} s"
    assert "Traceback" not in outcome.output and outcome.ended == "exit", outcome.output[-3000:]
    assert "MemoryError" not in outcome.output
    assert outcome.code == case.exit, outcome.output[-3000:]
    for expected in case.expect:
        assert expected in outcome.output, outcome.output[-3000:]
    for unwanted in case.absent:
        assert unwanted not in outcome.output, f"{unwanted!r} reached the terminal"
    assert outcome.seconds < TIME_LIMIT


def tally() -> None:
    """Print every case's outcome and the counts (for the closing note of issue 13)."""
    import tempfile

    counts: Counter[str] = Counter()
    for case in CASES:
        with tempfile.TemporaryDirectory() as folder:
            outcome = run_case(case, Path(folder))
        word = classify(case, outcome)
        counts[word] += 1
        last = outcome.output.strip().splitlines()[-1:] or [""]
        print(f"{word:<9} {outcome.seconds:5.1f}s {case.id}: {last[0][:150]}", flush=True)
    print(f"cases {len(CASES)}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    tally()
