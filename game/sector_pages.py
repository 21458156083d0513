"""One page of the debrief per sector: what happened in its words, and what it contributed.

Built from :func:`model.sector_account.sector_account` as the debrief document's blocks
(``game/debrief_doc.py``), so the pack writes each page as Markdown and HTML beside
``debrief.md``; the debrief screen shows the same account when it is switched to a sector's
words (:func:`sector_html`).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game.debrief_doc import Block, Heading, Items, Para, Table, to_html, to_markdown
from model.challenges import Verdict
from model.debrief import Debrief, Measure
from model.safefile import write_text
from model.sector_account import NodeInWords, SectorAccount, sector_account

if TYPE_CHECKING:
    from model.engine import Game

__all__ = [
    "challenge_blocks",
    "page_name",
    "sector_blocks",
    "sector_html",
    "sector_index",
    "write_sector_pages",
]

NOTE = (
    "Against doing nothing: the same town, seed and events with no decisions, so the "
    "difference is what every team's decisions together changed. The cause beside a node is "
    "the largest part of the game's account of that node in the last year, not a share of "
    "the credit; the money is this sector's, the outcome is everyone's."
)


def page_name(sector: str) -> str:
    """The file name (without extension) of a sector's page in the pack.

    >>> page_name("vcse")
    'debrief_vcse'
    """
    return f"debrief_{sector}"


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _node_line(item: NodeInWords) -> str:
    m = item.score
    text = f"{m.name} {_signed(m.vs_baseline)} against doing nothing (now {m.end:.2f}): "
    text += item.meaning
    if item.cause and item.cause_words:
        text += f" Largest named cause this year: {item.cause}, “{item.cause_words}”"
    elif item.cause:
        text += f" Largest named cause this year: {item.cause}."
    return text


def _pushes(pushes: Sequence[Measure]) -> str:
    return ", ".join(f"{m.name} {_signed(m.vs_baseline)}" for m in pushes)


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def sector_blocks(account: SectorAccount, brief: Debrief) -> list[Block]:
    """A sector's page as document blocks."""
    a = account
    out: list[Block] = [
        Heading(1, f"Debrief for {a.name}: {brief.town}"),
        Para(f"In {a.short_name}'s words. {a.speaks_of}"),
        Para(
            f"Objective: {a.objective} {a.objective_score.name} ended "
            f"{a.objective_score.end:.2f}, {_signed(a.objective_score.vs_baseline)} against "
            f"doing nothing and {_signed(a.objective_score.change)} since the start."
        ),
        Heading(2, "What happened, in these words"),
        Items(tuple(_node_line(n) for n in a.watched)),
    ]
    if a.moved:
        out += [
            Heading(3, "Elsewhere, what moved most"),
            Items(tuple(_node_line(n) for n in a.moved)),
        ]
    out.append(Heading(2, f"What {a.short_name} contributed"))
    if not a.played:
        out.append(Para(f"{a.name} was not a team in this game."))
    elif not a.contributions:
        out.append(Para(f"{a.name} funded nothing ({_money(a.budget)} of budget unspent)."))
    else:
        out.append(
            Para(
                f"{_money(a.pounds)} of {_money(a.budget)} of budget over the game, "
                f"{a.share_of_all:.0%} of all the teams' money; {_money(a.co_funded_pounds)} "
                "of it in interventions co-funded with other sectors."
            )
        )
        out.append(
            Table(
                (
                    "intervention",
                    "in these words",
                    "money",
                    "with",
                    "state",
                    "pushes (vs doing nothing)",
                ),
                tuple(
                    (
                        c.name,
                        c.words,
                        f"{_money(c.pounds)} ({c.share:.0%})",
                        ", ".join(c.partners) or "alone",
                        c.state,
                        _pushes(c.pushes),
                    )
                    for c in a.contributions
                ),
            )
        )
    out.append(Para(NOTE))
    return out


def sector_html(account: SectorAccount, brief: Debrief) -> str:
    """The same page in pygame_gui's HTML subset, for the debrief screen."""
    lines: list[str] = []
    for block in sector_blocks(account, brief):
        if isinstance(block, Heading):
            if block.level > 1:  # the screen has its own title
                lines += ["", f"<b>{html.escape(block.text)}</b>"]
        elif isinstance(block, Para):
            lines.append(html.escape(block.text))
        elif isinstance(block, Items):
            lines += [f"• {html.escape(i)}" for i in block.items]
        elif isinstance(block, Table):
            for row in block.rows:
                name, words, money, partners, state, pushes = row
                lines.append(
                    f"<b>{html.escape(name)}</b>, {html.escape(money)}, with "
                    f"{html.escape(partners)}, {html.escape(state)}: <i>“{html.escape(words)}”</i>"
                    f" Pushes {html.escape(pushes)}."
                )
    return "<br>".join(lines).removeprefix("<br>")


def challenge_blocks(verdict: Verdict) -> list[Block]:
    """A trainer's challenge judged, for the top of the debrief."""
    return [
        Heading(2, f"Challenge: {verdict.name}"),
        Para(verdict.sentence),
        Items(tuple(("met: " if r.met else "not met: ") + r.sentence for r in verdict.results)),
    ]


def sector_index(brief: Debrief, sectors: Sequence[tuple[str, str]]) -> list[Block]:
    """The main debrief's pointer to the sector pages: ``sectors`` as (id, name)."""
    return [
        Heading(2, "In each sector's words"),
        Para(
            "One page per sector tells what happened in that sector's own terms and what it "
            f"contributed to {brief.town}:"
        ),
        Items(tuple(f"{page_name(s)}.html (and .md): {name}" for s, name in sectors)),
    ]


def write_sector_pages(game: Game, brief: Debrief, folder: Path) -> list[Path]:
    """Write every sector's page into ``folder`` as Markdown and HTML; the paths written."""
    written: list[Path] = []
    for sector in game.scenario.interventions.sectors:
        doc = sector_blocks(sector_account(game, brief, sector.id), brief)
        for suffix, text in (
            (".md", to_markdown(doc)),
            (".html", to_html(doc, f"Debrief for {sector.name}: {brief.town}")),
        ):
            path = folder / f"{page_name(sector.id)}{suffix}"
            write_text(path, text)
            written.append(path)
    return written
