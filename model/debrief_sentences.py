"""The debrief's headline sentences, written from the numbers (pure: no clock, no files).

Every word that says "above" or "below", "narrower" or "wider", "better" or "worse" is chosen by
the sign of a number, never written in advance; a difference too small to show at two decimals
reads as "level". Comparisons are against doing nothing, which is what the decisions changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from model.engine import EventDraw
from model.framework import Framework

if TYPE_CHECKING:  # the debrief builds its sentences with this module
    from model.debrief import Measure

__all__ = ["SAME", "headline_sentences"]

SAME = 0.005
"""Differences smaller than this (in the measure's units) read as "level": they show as 0.00."""


def _pounds(value: float) -> str:
    return f"£{value:,.0f}"


def _against(m: Measure, digits: int = 2) -> str:
    """How a measure ended against doing nothing, in words."""
    d = m.vs_baseline
    base = f"{m.baseline_end:.{digits}f}"
    if abs(d) < SAME:
        return f"level with doing nothing ({base})"
    unit = "points" if m.unit == "points" else ""
    word = "above" if d > 0 else "below"
    return f"{abs(d):.{digits}f} {unit} {word} doing nothing ({base})".replace("  ", " ")


def headline_sentences(
    fw: Framework,
    headlines: Sequence[Measure],
    domains: Sequence[Measure],
    gaps: Sequence[Measure],
    co2: Measure | None,
    pounds: float,
    co_funded: float,
    bonus: float,
    events: Sequence[EventDraw],
    wobble: float = 0.0,
) -> tuple[str, ...]:
    """A few plain sentences for the debrief, every word chosen by the numbers' signs.

    Comparisons are against doing nothing (what the decisions changed); the largest falls since
    the start are named too, since events and trends move a town whatever the teams do.
    ``wobble`` is the baseline's typical yearly movement: when given, a last sentence warns
    that differences smaller than it may be chance.
    """
    out = [
        f"{m.name} ended at {m.end:.2f} (it started at {m.start:.2f}): {_against(m)}."
        for m in headlines
    ]
    best = max(domains, key=lambda m: m.vs_baseline, default=None)
    worst = min(domains, key=lambda m: m.vs_baseline, default=None)
    if best is not None and best.vs_baseline >= SAME:
        out.append(
            f"Improved most against doing nothing: {best.name}, "
            f"{best.vs_baseline:+.2f} points ({best.end:.2f} against {best.baseline_end:.2f})."
        )
    else:
        out.append("No domain ended clearly above doing nothing.")
    if worst is not None and worst.vs_baseline <= -SAME:
        out.append(
            f"Worsened most against doing nothing: {worst.name}, "
            f"{worst.vs_baseline:+.2f} points ({worst.end:.2f} against {worst.baseline_end:.2f})."
        )
    else:
        out.append("No domain ended below doing nothing.")
    fell = min(domains, key=lambda m: m.change, default=None)
    if fell is not None and fell.change <= -SAME:
        out.append(
            f"Fell most since the start: {fell.name}, {fell.change:+.2f} points "
            f"(doing nothing: {fell.baseline_change:+.2f})."
        )
    gap_sentence = _gap_sentence(fw, gaps)
    if gap_sentence:
        out.append(gap_sentence)
    if co2 is not None:
        if abs(co2.vs_baseline) < SAME:
            verdict = "the same as doing nothing"
        else:
            more = "less" if co2.vs_baseline < 0 else "more"
            effect = "better" if co2.gain > 0 else "worse"
            verdict = (
                f"{abs(co2.vs_baseline):.2f} {more} than doing nothing "
                f"({co2.baseline_end:.2f}): {effect} for future generations"
            )
        out.append(
            f"Carbon emissions ended at {co2.end:.2f} {co2.unit} "
            f"(started at {co2.start:.2f}), {verdict}."
        )
    if pounds > 0:
        share = co_funded / pounds
        out.append(
            f"The teams spent {_pounds(pounds)}; {_pounds(co_funded)} of it ({share:.0%}) went "
            f"into co-funded interventions, which work {bonus:.0%} better."
        )
    else:
        out.append("The teams spent nothing: the played town is the baseline.")
    if events:
        listed = ", ".join(f"{e.name} (year {e.year})" for e in events)
        out.append(f"Events met by both towns alike: {listed}.")
    else:
        out.append("No events hit the town.")
    if wobble >= SAME:
        out.append(
            f"Doing nothing, a domain's score moves about {wobble:.2f} points from one year to "
            "the next: differences smaller than that may be chance rather than the decisions."
        )
    return tuple(out)


def _gap_sentence(fw: Framework, gaps: Sequence[Measure]) -> str | None:
    """The gap that moved most against doing nothing, compared in England spreads (so that
    years of life and percentage points can be weighed together)."""
    if not gaps:
        return None

    def spreads(m: Measure) -> float:
        node = fw.node(m.id)
        return abs(m.vs_baseline) / node.indicators[0].reference.sd

    top = max(gaps, key=spreads)
    if abs(top.vs_baseline) < SAME:
        return "No equality gap ended clearly different from doing nothing."
    narrower = top.vs_baseline < 0
    verdict = "narrower" if narrower else "wider"
    return (
        f"Biggest gap change against doing nothing: the {top.name.lower()} ended {verdict}, "
        f"{top.end:.2f} against {top.baseline_end:.2f} {top.unit} "
        f"(it started at {top.start:.2f})."
    )
