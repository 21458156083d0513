"""The ledger for future generations (model/ledger.py) in words: the dashboard's scrolling box
and the debrief screen read the same sentences, so they never disagree.

Drawing only: it reads a ledger and returns text.
"""

from __future__ import annotations

from game.draw import money
from model.ledger import BUDGET_CUT, Ledger

__all__ = ["ledger_sentences"]


def _kt(tonnes: float) -> str:
    return f"{tonnes / 1000:,.1f} kt"


def ledger_sentences(book: Ledger) -> dict[str, list[str]]:
    """The ledger's four accounts, each a title and its sentences, in the order shown."""
    over = book.over_budget
    co2 = [
        f"Emitted since the start: {_kt(book.co2_emitted)} of CO2 "
        f"(doing nothing: {_kt(book.co2_baseline)}).",
        f"Budget to year {book.year}: {_kt(book.co2_budget)}, "
        + (f"overspent by {_kt(over)}." if over > 0 else f"{_kt(-over)} to spare."),
        f"All it allows from next year on: {_kt(book.co2_left)}.",
        f"(The budget starts at the town's own emissions and falls {BUDGET_CUT:.0%} a year: an "
        "assumed rate, of the order the Tyndall Centre's local carbon budgets ask of English "
        "authorities.)",
    ]
    pipeline = [f"Year {c.year}: {c.text}." for c in book.pipeline]
    pipeline += [f"Year {c.year}: {c.text}." for c in book.ripples]
    upkeep = [
        f"{u.name}: {money(u.pounds_a_year)} a year; unfunded, holds until year "
        f"{u.holds_until}, gone by year {u.gone_by}."
        for u in book.upkeep
    ]
    if book.upkeep:
        upkeep.insert(0, f"To keep today's effects working: {money(book.upkeep_pounds)} a year.")
    gaps = []
    for gap in book.gaps:
        better = (gap.now < gap.baseline) == gap.lower_is_better
        gaps.append(
            f"{gap.name}: {gap.now:.2f} (start {gap.start:.2f}; doing nothing "
            f"{gap.baseline:.2f}: {'better' if better else 'worse'} than doing nothing)."
        )
    return {
        "CO2 against the town's budget": co2,
        "Still in the pipeline": pipeline or ["Nothing committed yet."],
        "Upkeep the interventions need": upkeep or ["Nothing working yet."],
        "Left to the next generation": gaps,
    }
