"""The bounds table (model/bounds.py), the reading of non-regular files, the escaping helper.

The hostile catalogue (tests/hostile/) shows that inputs outside the bounds are refused; these
tests show the other side: that the bounds cover every indicator, admit every real district,
and that a town at each edge of every range is still one the model can build and run.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from conftest import ROOT

from game.terminal import plain, safe_text
from model.bounds import FIGURES, MAX_PUSH, check_number
from model.errors import ScenarioError
from model.framework import Framework
from model.loading import load_ripples, load_town
from model.places import load_places, place_description
from model.yamlfile import MAX_BYTES, read_regular_file, read_yaml


def test_every_indicator_has_a_range_and_every_range_an_indicator(
    shipped_framework: Framework,
) -> None:
    assert set(FIGURES) == set(shipped_framework.indicator_index)
    for name, allowed in FIGURES.items():
        assert allowed.low < allowed.high, name
        assert allowed.why.strip(), name
        index = shipped_framework.indicator_index[name]
        assert shipped_framework.indicators[index].reference.mean in allowed, name


def test_every_english_district_lies_inside_the_ranges(shipped_framework: Framework) -> None:
    outside = [
        (p.code, name, value)
        for p in load_places()
        for name, value in place_description(p, shipped_framework).indicators.items()
        if value not in FIGURES[name]
    ]
    assert outside == []


def test_a_town_at_each_edge_of_every_range_can_be_built_and_run(
    shipped_framework: Framework,
) -> None:
    """A bound is only honest if the model copes right up to it: each figure at its lowest and
    at its highest, one at a time, in a small Brackenbury run for a year (about 30 s)."""
    from model.simulation import Simulation

    network = load_ripples(framework=shipped_framework)
    base = load_town(ROOT / "scenarios" / "towns" / "brackenbury.yaml", shipped_framework)
    failed = []
    for name, allowed in FIGURES.items():
        if name == "income_deprivation_gap":
            continue  # emergent: measured, never set by a description
        for value in (allowed.low, allowed.high):
            town = base.model_copy(update={"indicators": {**base.indicators, name: value}})
            try:
                sim = Simulation.from_description(
                    shipped_framework, network, town, 1, population=1000
                )
                sim.advance()
            except Exception as exc:  # the test reports every edge that fails, not the first
                failed.append(f"{name}={value:g}: {type(exc).__name__}: {exc}")
    assert failed == []


def test_the_range_message_names_the_bounds_the_reason_and_the_value() -> None:
    assert FIGURES["smoking"].describe(250.0) == (
        "must be between 0 and 100 (a percentage; got 250)"
    )
    assert float("nan") not in FIGURES["smoking"]
    assert float("inf") not in FIGURES["domestic_gas_use"]
    assert 0.0 in FIGURES["smoking"] and 100.0 in FIGURES["smoking"]


def test_a_command_line_number_is_finite_and_in_range() -> None:
    assert check_number("-10", -MAX_PUSH, MAX_PUSH) == -10.0
    for text, reason in (
        ("nan", "'nan' is not a finite number"),
        ("-inf", "'-inf' is not a finite number"),
        ("1e308", "1e+308 is outside -10 to 10"),
        ("ten", "'ten' is not a number"),
    ):
        with pytest.raises(ValueError, match=re.escape(reason)):
            check_number(text, -MAX_PUSH, MAX_PUSH)


def test_only_regular_files_are_read_and_never_past_the_limit(tmp_path: Path) -> None:
    for path in (Path("/dev/zero"), Path("/dev/null"), tmp_path):
        with pytest.raises(ScenarioError, match="not a regular file"):
            read_regular_file(path, str(path), MAX_BYTES)
    ok = tmp_path / "ok.yaml"
    ok.write_text("kind: town\n", encoding="utf-8")
    assert read_regular_file(ok, "ok.yaml", MAX_BYTES) == b"kind: town\n"
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 101)
    with pytest.raises(ScenarioError, match="file is 101 bytes; the limit is 100"):
        read_regular_file(big, "big.yaml", 100)


def test_a_fifo_is_refused_at_once_even_with_a_writer_waiting(tmp_path: Path) -> None:
    """A FIFO blocked ``thrive check`` forever; now it is refused before it is opened, and a
    FIFO swapped in for the file after that check would be opened without blocking and
    refused on the open file (fstat)."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def read() -> None:
        try:
            read_yaml(fifo)
        except ScenarioError as exc:
            outcome.append(str(exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    assert outcome and "pipe.yaml: not a regular file" in outcome[0]


def test_text_for_the_terminal_has_no_markup_and_no_control_characters() -> None:
    hostile = "x\x1b]0;pwned\x07[/][bold]y\x9b2J\x7f"
    shown = safe_text(hostile)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown)
    assert plain("tab\tand\nnewline") == "tab\tand\nnewline"
    from rich.console import Console

    console = Console(record=True, width=200, color_system=None)
    console.print(shown)  # rich parses it as markup: it must neither crash nor obey it
    assert console.export_text().strip() == r"x\x1b]0;pwned\x07[/][bold]y\x9b2J\x7f"


def test_the_documented_ranges_are_the_table(shipped_framework: Framework) -> None:
    """docs/model.md states every range; it must say what model/bounds.py enforces."""
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for ind in shipped_framework.indicators:
        allowed = FIGURES[ind.id]
        row = f"| `{ind.id}` | {ind.unit} | {allowed.low:,g} to {allowed.high:,g} | {allowed.why} |"
        assert row in text, ind.id
