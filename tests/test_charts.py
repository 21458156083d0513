"""Honest charts: nice distinct ticks, a minimum axis span, and event marks that never overprint.

The axis rules (game/axes.py) are checked over many ranges, including the facilitator's: a CO2
axis of 4.900-4.930 and score ticks of "5.1, 5.1". The game's pygame charts are drawn on a
plain surface and the text they draw is recorded; the exported matplotlib charts are built for
a small game (3,000 residents) whose debrief is given many events in the same and adjacent
years, and measured with the figure's own renderer.
"""

from __future__ import annotations

import dataclasses
import doctest
import io
import itertools
import math
from collections.abc import Iterator

import pytest
from conftest import game_scenario
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

import game.axes
from game.axes import (
    CO2_UNIT,
    MIN_SPAN,
    SCORE_UNIT,
    min_span,
    nice_ticks,
    tick_labels,
    value_range,
)
from model.debrief import Debrief, debrief
from model.engine import EventDraw, Game
from model.framework import Framework
from model.network import RippleNetwork

RANGES = [
    (4.90, 4.93),
    (4.3, 5.1),
    (4.3, 4.5),
    (0.0, 10.0),
    (3.55, 4.1),
    (4.999, 5.001),
    (0.001, 0.0013),
    (-0.3, 0.2),
    (8.7, 9.6),
    (12000.0, 12400.0),
    (0.0, 1.0),
    (2.0, 2.05),
    (99.5, 100.5),
    (1e-6, 3e-6),
]
NICE = {1.0, 2.0, 2.5, 5.0, 10.0}


def _assert_nice(ticks: tuple[float, ...], lo: float, hi: float, n: int) -> None:
    assert len(ticks) >= (3 if n >= 3 else 2), ticks
    tol = (hi - lo) * 1e-9
    assert all(lo - tol <= t <= hi + tol for t in ticks), (lo, hi, ticks)
    steps = [b - a for a, b in itertools.pairwise(ticks)]
    step = steps[0]
    assert step > 0 and all(math.isclose(s, step, rel_tol=1e-6) for s in steps), ticks
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in NICE), (step, ticks)
    for t in ticks:  # each tick is a whole number of steps
        assert math.isclose(t / step, round(t / step), rel_tol=1e-6, abs_tol=1e-6), (t, step)


def _assert_labels(ticks: tuple[float, ...]) -> None:
    labels = tick_labels(ticks)
    assert len(set(labels)) == len(labels), labels
    step = ticks[1] - ticks[0]
    for label, t in zip(labels, ticks, strict=True):
        assert math.isclose(float(label), t, abs_tol=step * 1e-6), (label, t)
        assert not label.startswith("-0") or float(label) != 0
    assert len({len(label.partition(".")[2]) for label in labels}) == 1, labels  # same decimals


@pytest.mark.parametrize(("lo", "hi"), RANGES)
@pytest.mark.parametrize("n", [2, 3, 4, 5, 8])
def test_ticks_are_nice_inside_the_range_and_labelled_distinctly(
    lo: float, hi: float, n: int
) -> None:
    ticks = nice_ticks(lo, hi, n)
    _assert_nice(ticks, lo, hi, n)
    _assert_labels(ticks)


@settings(max_examples=300, deadline=None)
@given(
    lo=st.floats(-1e4, 1e4, allow_nan=False),
    span=st.floats(1e-5, 1e4, allow_nan=False),
    n=st.integers(2, 8),
)
def test_ticks_are_nice_for_any_range(lo: float, span: float, n: int) -> None:
    hi = lo + span
    if hi - lo < abs(lo) * 1e-6:  # no chart is that narrow for its size
        return
    ticks = nice_ticks(lo, hi, n)
    _assert_nice(ticks, lo, hi, n)
    _assert_labels(ticks)


def test_the_facilitator_s_ranges_get_honest_labels() -> None:
    assert tick_labels(nice_ticks(4.3, 5.1, 4)) == ("4.4", "4.6", "4.8", "5.0")
    assert tick_labels(nice_ticks(4.90, 4.93, 4)) == ("4.90", "4.91", "4.92", "4.93")
    assert tick_labels(nice_ticks(0, 1, 4)) == ("0.00", "0.25", "0.50", "0.75", "1.00")
    assert tick_labels(nice_ticks(0, 10, 4)) == ("0.0", "2.5", "5.0", "7.5", "10.0")
    assert nice_ticks(0, 9, 10, integer=True) == tuple(float(y) for y in range(10))
    assert nice_ticks(0, 11, 10, integer=True) == (0.0, 2.0, 4.0, 6.0, 8.0, 10.0)


def test_the_module_s_examples_hold() -> None:
    assert doctest.testmod(game.axes).failed == 0


# -- the minimum span -------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    unit=st.sampled_from(sorted(MIN_SPAN)),
    middle=st.floats(0, 30, allow_nan=False),
    spread=st.floats(0, 3, allow_nan=False),
    pad=st.floats(0, 0.3, allow_nan=False),
)
def test_an_axis_spans_at_least_its_unit_s_minimum_and_holds_the_data(
    unit: str, middle: float, spread: float, pad: float
) -> None:
    if unit == SCORE_UNIT:
        middle = min(middle, 10.0)
    values = [middle - spread / 2, middle + spread / 2, middle]
    if unit == SCORE_UNIT:
        values = [min(10.0, max(0.0, v)) for v in values]
    lo, hi = value_range(values, unit, pad=pad)
    assert hi - lo >= MIN_SPAN[unit] - 1e-9
    assert lo <= min(values) + 1e-9 and hi >= max(values) - 1e-9
    if unit == SCORE_UNIT:
        assert 0.0 <= lo < hi <= 10.0
    data_lo, data_hi = min(values), max(values)
    widened = (data_hi - data_lo) * (1 + 2 * pad) < MIN_SPAN[unit]
    if widened and (unit != SCORE_UNIT or (lo > 0.0 and hi < 10.0)):
        assert math.isclose((lo + hi) / 2, (data_lo + data_hi) / 2, abs_tol=1e-9)  # centred


def test_the_co2_axis_no_longer_makes_noise_look_like_change() -> None:
    lo, hi = value_range([4.900, 4.911, 4.917, 4.906, 4.930], CO2_UNIT)
    assert hi - lo == pytest.approx(0.5)
    assert (lo + hi) / 2 == pytest.approx(4.915)
    assert value_range([4.0, 6.0], CO2_UNIT, pad=0.0) == (4.0, 6.0)  # real change keeps its span


def test_a_score_axis_is_at_least_a_point_and_never_outside_0_to_10() -> None:
    assert value_range([4.3, 4.5], pad=0.0) == (3.9, 4.9)
    assert value_range([9.8, 9.9], pad=0.0) == (9.0, 10.0)
    assert value_range([0.0, 0.05], pad=0.0) == (0.0, 1.0)
    assert value_range([0.0, 10.0], pad=0.2) == (0.0, 10.0)


def test_every_unit_charted_has_a_stated_minimum_of_about_a_score_point(
    shipped_framework: Framework,
) -> None:
    """Gaps and carbon are charted in their own units: each unit has a stated minimum, about
    half its indicator's England spread (what one score point stands for)."""
    fw = shipped_framework
    charted = [n.indicators[0] for n in fw.nodes if n.headline == "equality"]
    charted.append(fw.indicators[fw.indicator_index["co2_per_head"]])
    assert CO2_UNIT in {i.unit for i in charted}
    for ind in charted:
        assert ind.unit in MIN_SPAN, f"{ind.id}: no minimum axis span for {ind.unit!r}"
        one_point = ind.reference.sd / fw.points_per_sd
        assert 0.5 * one_point <= MIN_SPAN[ind.unit] <= 2 * one_point, ind.id
    assert MIN_SPAN[SCORE_UNIT] == 1.0 and MIN_SPAN[CO2_UNIT] == 0.5
    assert min_span("an unlisted unit", [200.0, 210.0]) == pytest.approx(10.5)


# -- the game's pygame charts -----------------------------------------------------------------


@pytest.fixture()
def drawn(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str]]]:
    """Every (text, anchor) the drawing code puts on screen."""
    import pygame

    from game.draw import Style

    pygame.init()
    seen: list[tuple[str, str]] = []
    original = Style.text

    def record(self: Style, surface: pygame.Surface, text: str, *args: object, **kw: object):
        seen.append((text, str(kw.get("anchor", "topleft"))))
        return original(self, surface, text, *args, **kw)

    monkeypatch.setattr(Style, "text", record)
    yield seen


@pytest.mark.parametrize(
    ("values", "unit"),
    [
        ([4.3, 4.6, 5.1, 4.8, 4.5], SCORE_UNIT),
        ([4.50, 4.52, 4.51, 4.55], SCORE_UNIT),
        ([3.1, 4.8, 4.0, 3.5, 4.6, 4.1, 3.3], SCORE_UNIT),
        ([4.900, 4.911, 4.917, 4.906, 4.930], CO2_UNIT),
    ],
)
@pytest.mark.parametrize("height", [90, 140, 260])
def test_a_pygame_chart_labels_its_axis_with_distinct_nice_ticks(
    drawn: list[tuple[str, str]], values: list[float], unit: str, height: int
) -> None:
    import pygame

    from game.draw import Series, Style, line_chart

    surface = pygame.Surface((400, 300))
    years = list(range(len(values)))
    baseline = [v - 0.01 for v in values]
    line_chart(
        surface,
        Style(1.0),
        pygame.Rect(0, 0, 380, height),
        years,
        [Series(baseline, (0, 0, 0), dashed=True), Series(values, (0, 0, 255))],
        unit=unit,
    )
    labels = [text for text, anchor in drawn if anchor == "midright"]
    assert len(labels) >= 2 and len(set(labels)) == len(labels), labels
    ticks = tuple(float(t) for t in labels)
    lo, hi = value_range([*values, *baseline], unit, pad=0.12)
    _assert_nice(ticks, lo, hi, 2)
    assert tick_labels(ticks) == tuple(labels)
    year_labels = [text for text, anchor in drawn if anchor == "midtop"]
    assert len(set(year_labels)) == len(year_labels) and year_labels[0] == "0"


def test_a_pygame_chart_shows_each_year_label_once_on_a_long_game(
    drawn: list[tuple[str, str]],
) -> None:
    import pygame

    from game.draw import Series, Style, line_chart

    values = [5 + 0.1 * math.sin(k) for k in range(12)]  # years 0..11: once, "10, 11" collided
    line_chart(
        pygame.Surface((400, 300)),
        Style(1.0),
        pygame.Rect(0, 0, 300, 160),
        list(range(12)),
        [Series(values, (0, 0, 255))],
    )
    years = [int(text) for text, anchor in drawn if anchor == "midtop"]
    assert years == sorted(set(years)) and len(years) >= 3
    gaps = {b - a for a, b in itertools.pairwise(years)}
    assert len(gaps) == 1, years  # evenly spaced, so no two labels crowd together


def test_a_co2_sparkline_of_noise_is_nearly_flat() -> None:
    import pygame

    from game.draw import sparkline

    colour = (0, 158, 115)
    surface = pygame.Surface((200, 100))
    surface.fill((255, 255, 255))
    noise = [4.900, 4.911, 4.917, 4.906, 4.930, 4.925]
    sparkline(surface, pygame.Rect(0, 0, 200, 100), noise, None, colour, 1, unit=CO2_UNIT)
    rows = [y for y in range(100) for x in range(200) if surface.get_at((x, y))[:3] == colour]
    assert rows and max(rows) - min(rows) <= 100 * 0.03 / 0.5 + 3  # 0.03 t of a 0.5 t axis


# -- the exported matplotlib charts -----------------------------------------------------------

MANY = [  # (year, name): several in one year, some in the years either side
    (1, "Heatwave"),
    (2, "The biggest employer closes"),
    (2, "Flooding on the river meadows"),
    (3, "A big new employer arrives"),
    (3, "NHS funding squeeze"),
    (3, "Anchor store closes on the high street"),
    (3, "Council funding cut"),
    (3, "Bus routes withdrawn from the outlying estates"),
    (3, "Cyber attack on the council"),
    (4, "A wave of mutual aid groups"),
    (4, "A cold winter"),
]


@pytest.fixture(scope="module")
def crowded(shipped_framework: Framework, shipped_network: RippleNetwork) -> Debrief:
    from model.bots import bot_decisions

    scenario = game_scenario(shipped_framework, shipped_network, residents=3000)
    g = Game(scenario, rounds=2, years_per_round=2, seed=3)
    for _ in range(2):
        g.submit(bot_decisions("even", g))
    brief = debrief(g)
    timeline = tuple(
        dataclasses.replace(
            entry,
            events=tuple(
                EventDraw(f"e{k}", name, year, year + 1)
                for k, (year, name) in enumerate(MANY)
                if entry.first_year <= year <= entry.last_year
            ),
        )
        for entry in brief.timeline
    )
    return dataclasses.replace(brief, timeline=timeline)


def _figures(brief: Debrief, fw: Framework) -> dict[str, Figure]:
    from game import charts

    return {
        "headlines": charts.headlines_figure(brief, fw.bands),
        "domains": charts.domains_figure(brief, fw.bands),
        "gaps": charts.gaps_figure(brief),
        "co2": charts.co2_figure(brief),
    }


def _event_labels(fig: Figure) -> list[list[Annotation]]:
    from game.charts import EVENT_GID

    return [
        [t for t in ax.texts if isinstance(t, Annotation) and t.get_gid() == EVENT_GID]
        for ax in fig.axes
    ]


def _words(text: Annotation, renderer: object) -> Bbox:
    """Where a label's words are (an Annotation's own extent also holds its leader line)."""
    text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def _check_no_overprint(name: str, fig: Figure) -> None:
    renderer = fig.canvas.get_renderer()
    for ax, labels in zip(fig.axes, _event_labels(fig), strict=True):
        boxes = [(t.get_text(), _words(t, renderer)) for t in labels]
        for text, box in boxes:  # within its own chart, not spilling into the next one
            assert ax.bbox.x0 - 1 <= box.x0 and box.x1 <= ax.bbox.x1 + 1, (name, text)
        for k, (a, box_a) in enumerate(boxes):
            for b, box_b in boxes[k + 1 :]:
                assert not box_a.overlaps(box_b), f"{name}: {a!r} overprints {b!r}"
        markers = [ln for ln in ax.lines if ln.get_gid() == "event-marker"]
        for text, box in boxes:
            for marker in markers:
                if float(marker.get_xdata()[0]) != float(
                    next(t for t in labels if t.get_text() == text).xy[0]
                ):
                    assert not box.overlaps(marker.get_window_extent(renderer)), (name, text)


def test_events_in_one_year_share_a_marker_and_no_label_overprints(
    crowded: Debrief, shipped_framework: Framework
) -> None:
    from game.charts import event_groups

    assert event_groups(crowded) == [
        (1, [1]),
        (2, [2, 3]),
        (3, [4, 5, 6, 7, 8, 9]),
        (4, [10, 11]),
    ]
    for name, fig in _figures(crowded, shipped_framework).items():
        markers = [
            float(ln.get_xdata()[0])
            for ax in fig.axes[:1]
            for ln in ax.lines
            if ln.get_gid() == "event-marker"
        ]
        assert markers == [1.0, 2.0, 3.0, 4.0], name  # one marker a year, not one an event
        labels = _event_labels(fig)
        if name != "domains":  # the small multiples show markers only; the key names them
            assert [t.get_text() for t in labels[0]] == ["E1", "E2, E3", "E4-E9", "E10, E11"]
        _check_no_overprint(name, fig)
        fig.savefig(io.BytesIO(), format="png")  # saving keeps the settled layout
        _check_no_overprint(name, fig)


def test_the_event_key_wraps_inside_the_figure_and_lists_every_event(
    crowded: Debrief, shipped_framework: Framework
) -> None:
    for name, fig in _figures(crowded, shipped_framework).items():
        fig.savefig(io.BytesIO(), format="png")
        renderer = fig.canvas.get_renderer()
        key = fig._supxlabel
        assert key is not None
        text = key.get_text()
        for k, (year, event) in enumerate(MANY, start=1):
            assert f"E{k} year {year}: {event}" in text, (name, k)
        assert len(text.splitlines()) >= 3, name  # eleven events do not fit on one line
        box = key.get_window_extent(renderer)
        whole = fig.bbox
        assert whole.x0 <= box.x0 and box.x1 <= whole.x1, (name, box, whole)
        assert whole.y0 <= box.y0 and box.y1 <= whole.y1, (name, box, whole)
        for ax in fig.axes:  # the key sits under the charts, not over them
            if ax.get_visible():
                assert box.y1 <= ax.get_tightbbox(renderer).y0 + 1, name


def test_exported_value_axes_follow_the_minimum_span(
    crowded: Debrief, shipped_framework: Framework
) -> None:
    figures = _figures(crowded, shipped_framework)
    (co2,) = figures["co2"].axes[:1]
    lo, hi = co2.get_ylim()
    assert hi - lo >= 0.5 - 1e-9
    for name in ("headlines", "domains"):
        for ax in figures[name].axes:
            if ax.get_visible() and ax.lines:
                lo, hi = ax.get_ylim()
                assert hi - lo >= 1.0 - 1e-9 and lo >= 0.0 and hi <= 10.0, name
    for ax, key in zip(
        figures["gaps"].axes, [k for k in crowded.series if k.startswith("gap:")], strict=False
    ):
        lo, hi = ax.get_ylim()
        assert hi - lo >= MIN_SPAN[crowded.series[key].unit] - 1e-9, key
        labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        assert len(set(labels)) == len(labels), key
