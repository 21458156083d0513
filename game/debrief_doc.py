"""The debrief as a document: built once as blocks, written as Markdown and as HTML.

Both files are rendered from the same list of blocks, so they always say the same thing: the
title, the town, the seed and the teams, the sentences, the headline table, every domain, the
gaps and carbon, the timeline round by round, each team's section, the pipeline, and what is
and is not causal. Charts are embedded by relative path, so the folder can be moved or zipped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from model.attribution_text import rows as traced_rows
from model.debrief import Debrief, Measure, RoundEntry, TeamSummary
from model.debrief_trace import Traced
from model.framework import Band, Framework
from model.scoring import band_of

__all__ = [
    "Block",
    "Heading",
    "Image",
    "Items",
    "Para",
    "Table",
    "blocks",
    "to_html",
    "to_markdown",
]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Image:
    src: str
    alt: str


Block = Heading | Para | Items | Table | Image

CAUSAL = (
    "The played town and the do-nothing baseline start identical, share the seed and meet the "
    "same events, so the difference between them is what the teams' decisions, taken together, "
    "changed (give or take chance: a small town's yearly measures rest on few residents). 'Why "
    "it changed, traced back' splits it by the network's own accounting, with the residents' "
    "own course as a part of its own, not by rerunning the game. Each team's section lists the "
    "nodes its interventions push and how those nodes ended against doing nothing; they are "
    "moved by everything else too (other interventions, ripples through the network, events), "
    "so a node that rose is consistent with an intervention working, not proof of it. A team's "
    "share is its share of the money, not of the outcome."
)


def _pounds(value: float) -> str:
    return f"£{value:,.0f}"


def _signed(value: float) -> str:
    return f"{value:+.2f}"


def _names(brief: Debrief) -> dict[str, str]:
    return {t.team: t.name for t in brief.teams}


def blocks(
    brief: Debrief,
    fw: Framework,
    town_ref: str,
    charts: Mapping[str, str],
    extra: Mapping[str, Any] | None = None,
    traced: Traced | None = None,
    ledger: Mapping[str, Sequence[str]] | None = None,
) -> list[Block]:
    """The debrief's content. ``charts`` maps a chart's role (``headlines``, ``domains``,
    ``gaps``, ``co2``, ``spending``) to its file name; missing ones are left out. With
    ``traced``, a section traces each headline element's change back (model/debrief_trace);
    with ``ledger``, the ledger for future generations (game/ledger_view.py's sentences)."""
    names = _names(brief)
    bands = fw.bands
    heads = {m.id: m.name for m in brief.headlines}
    played = len(brief.timeline)
    last = brief.years[-1]
    out: list[Block] = [
        Heading(1, f"Debrief: {brief.town}"),
        Para(
            f"Town: {brief.town} ({town_ref}). Seed {brief.seed}. "
            f"{played} of {brief.rounds} rounds of {brief.years_per_round} years played "
            f"(years 1 to {last}). Teams: {', '.join(names.values())}."
            + (f" Played by {extra['player']}." if extra and "player" in extra else "")
        ),
        Heading(2, "In a few sentences"),
        Items(brief.sentences),
        *_chance(brief),
        Heading(2, "The headline elements"),
        _measure_table(brief.headlines, bands, with_band=True),
    ]
    out += _chart(charts, "headlines", "The headline elements against doing nothing")
    out += [
        Heading(2, "Every domain against doing nothing"),
        Para("Largest difference from doing nothing first (scores: 5 = England average)."),
        _measure_table(brief.domains, bands, with_band=True),
    ]
    out += _chart(charts, "domains", "Every domain against doing nothing")
    out += [
        Heading(2, "Equality gaps"),
        Para("The raw gaps between groups of residents, in their own units: lower is fairer."),
        _measure_table(brief.gaps, bands, with_band=False),
    ]
    out += _chart(charts, "gaps", "Equality gaps over time")
    if brief.co2 is not None:
        out += [
            Heading(2, "Carbon per person"),
            _measure_table((brief.co2,), bands, with_band=False),
        ]
        out += _chart(charts, "co2", "Carbon emissions per person over time")
    out.append(Heading(2, "Timeline"))
    for entry in brief.timeline:
        out += _round(entry, names, heads)
    out.append(Heading(2, "Each team"))
    out += _chart(charts, "spending", "What each team spent, round by round")
    for team in brief.teams:
        out += _team(team, names)
    out += _pipeline(brief, fw)
    if traced is not None:
        out += traced_blocks(traced, fw)
    if ledger is not None:
        out.append(Heading(2, "A ledger for future generations"))
        for title, sentences in ledger.items():
            out += [Heading(3, title), Items(tuple(sentences))]
    out += [Heading(2, "What is and is not causal"), Para(CAUSAL)]
    out += [
        Heading(2, "Files"),
        Items(
            (
                "years.csv: every score, indicator and gap by year (year 0 = the start), "
                "with spending by team and intervention",
                "baseline.csv: the same columns for the town doing nothing",
                "rounds.json: decisions, events, situations and the pipeline, round by round",
                "save.json: the game itself, to load and replay, branch or continue",
            )
        ),
    ]
    return out


def _chance(brief: Debrief) -> list[Block]:
    """Which changes are beyond chance (model/future_bands.py), if worked out."""
    if not brief.chance:
        return []
    head, *rest = brief.chance
    return [Heading(2, "Beyond chance?"), Para(head), Items(tuple(rest))]


def _chart(charts: Mapping[str, str], role: str, alt: str) -> list[Block]:
    return [Image(charts[role], alt)] if role in charts else []


def _measure_table(measures: Sequence[Measure], bands: Sequence[Band], with_band: bool) -> Table:
    header = ("", "unit", "start", "end", "doing nothing", "against doing nothing")
    rows = []
    for m in measures:
        verdict = _signed(m.vs_baseline)
        if abs(m.vs_baseline) >= 0.005:
            verdict += " (better)" if m.gain > 0 else " (worse)"
        end = f"{m.end:.2f}"
        if with_band:
            band = band_of(m.end, bands)
            end += f" {band.symbol} {band.name}"
        rows.append(
            (m.name, m.unit, f"{m.start:.2f}", end, f"{m.baseline_end:.2f}", verdict),
        )
    return Table(header, tuple(rows))


def _round(entry: RoundEntry, names: Mapping[str, str], heads: Mapping[str, str]) -> list[Block]:
    out: list[Block] = [
        Heading(3, f"Round {entry.round} (years {entry.first_year} to {entry.last_year})")
    ]
    budgets = ", ".join(f"{names.get(t, t)} {_pounds(v)}" for t, v in entry.budgets.items())
    events = ", ".join(f"{e.name} (year {e.year})" for e in entry.events) or "none"
    lines = [f"Budgets a year: {budgets}.", f"Events: {events}."]
    for c in entry.co_funded:
        shares = ", ".join(f"{names.get(t, t)} {_pounds(v)}" for t, v in c.pounds_a_year.items())
        lines.append(
            f"Co-funded: {c.name} ({shares} a year; scale {c.scale:.2f}; "
            f"partnership bonus +{c.bonus:.0%})."
        )
    for label, changes in (
        ("the played town", entry.situations),
        ("the baseline", entry.baseline_situations),
    ):
        if changes:
            said = ", ".join(
                f"{s.name} {'set in' if s.started else 'lifted'} (year {s.year})" for s in changes
            )
            lines.append(f"Situations in {label}: {said}.")
    ends = ", ".join(
        f"{heads.get(h, h)} {v:.2f} ({_signed(v - entry.baseline_headlines[h])})"
        for h, v in entry.headlines.items()
    )
    lines.append(f"At the round's end (against doing nothing): {ends}.")
    out.append(Items(tuple(lines)))
    if entry.funding:
        out.append(
            Table(
                ("team", "intervention", "a year", "over the round", "co-funded"),
                tuple(
                    (
                        names.get(f.team, f.team),
                        f.name,
                        _pounds(f.pounds_a_year),
                        _pounds(f.pounds),
                        "yes" if f.co_funded else "",
                    )
                    for f in entry.funding
                ),
            )
        )
    else:
        out.append(Para("No team funded anything this round."))
    return out


def _team(team: TeamSummary, names: Mapping[str, str]) -> list[Block]:
    share = team.pounds / team.budget if team.budget else 0.0
    out: list[Block] = [
        Heading(3, team.name),
        Para(
            f"Spent {_pounds(team.pounds)} of its {_pounds(team.budget)} budget ({share:.0%}); "
            f"{_pounds(team.co_funded_pounds)} of it co-funded with other teams."
        ),
    ]
    if not team.interventions:
        out.append(Para("It funded nothing."))
        return out
    rows = []
    for o in team.interventions:
        nodes = "; ".join(
            f"{n.score.name} {n.score.end:.2f} ({_signed(n.score.vs_baseline)} vs doing nothing)"
            for n in o.effects
        )
        rows.append(
            (
                o.name,
                _pounds(o.pounds),
                f"{o.share:.0%}",
                ", ".join(str(r) for r in o.rounds),
                ", ".join(names.get(p, p) for p in o.partners) or "alone",
                f"year {o.felt_from}" if o.felt_from is not None else "not yet",
                o.state,
                nodes,
            )
        )
    out.append(
        Table(
            (
                "intervention",
                "spent",
                "share of its money",
                "rounds",
                "with",
                "first felt",
                "now",
                "nodes it pushes: end (against doing nothing)",
            ),
            tuple(rows),
        )
    )
    return out


def _pipeline(brief: Debrief, fw: Framework) -> list[Block]:
    out: list[Block] = [Heading(2, "Still to come")]
    if not brief.pipeline:
        return [*out, Para("Nothing is committed or still working.")]
    rows = []
    for p in brief.pipeline:
        state = p.describe()  # the engine's one account of its state, as on every screen
        effects = ", ".join(
            f"{fw.node(node).name} {points:+.2f}" for node, points in p.effects.items()
        )
        rows.append((p.name, f"{p.strength:.2f}", state, effects))
    out.append(Table(("intervention", "strength now", "state", "points per package"), tuple(rows)))
    return out


# -- rendering ---------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Sequence[Block]) -> str:
    """The blocks as GitHub-flavoured Markdown."""
    parts: list[str] = []
    for b in doc:
        if isinstance(b, Heading):
            parts.append(f"{'#' * b.level} {b.text}")
        elif isinstance(b, Para):
            parts.append(b.text)
        elif isinstance(b, Items):
            parts.append("\n".join(f"- {item}" for item in b.items))
        elif isinstance(b, Table):
            lines = [
                "| " + " | ".join(_md_cell(h) for h in b.header) + " |",
                "|" + "|".join(" --- " for _ in b.header) + "|",
            ]
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows]
            parts.append("\n".join(lines))
        else:
            parts.append(f"![{b.alt}]({b.src})")
    return "\n\n".join(parts) + "\n"


STYLE = """
body { font-family: system-ui, sans-serif; font-size: 17px; line-height: 1.45; margin: 2em auto;
       max-width: 72em; padding: 0 1em; color: #1a1a1a; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; }
th, td { border: 1px solid #bbb; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
img { max-width: 100%; border: 1px solid #ddd; margin: 0.5em 0 1.5em; }
"""


def to_html(doc: Sequence[Block], title: str) -> str:
    """The blocks as one standalone HTML page (no scripts, no outside resources)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
    ]
    for b in doc:
        if isinstance(b, Heading):
            parts.append(f"<h{b.level}>{esc(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            parts.append(f"<p>{esc(b.text)}</p>")
        elif isinstance(b, Items):
            parts.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            head = "".join(f"<th>{esc(h)}</th>" for h in b.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in b.rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            parts.append(f'<img src="{esc(b.src)}" alt="{esc(b.alt)}">')
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


TRACED = (
    "Each headline element's change against doing nothing over the whole game, followed back "
    "year by year through the ripple links and their delays to where it started: the "
    "interventions (with the round they were paid in), events and situations, and the town's "
    "own dynamics (on what is measured on residents: their own course as they adjust, and "
    "chance). The parts add up to the change; `thrive why save.json NODE` traces any node or "
    "span of rounds."
)


def traced_blocks(traced: Traced, fw: Framework) -> list[Block]:
    """'Why it changed, traced back': each headline element's biggest parts and routes, and
    each team's share of what the decisions did (model/debrief_trace.py)."""
    out: list[Block] = [Heading(2, "Why it changed, traced back"), Para(TRACED)]
    for h, result in traced.headlines.items():
        out.append(Heading(3, f"{fw.name_of(h)}: {_signed(result.shown_change)}"))
        table = tuple(
            (("", "· ", "  ↳ ")[r.depth] + r.text, _signed(r.points))
            for r in traced_rows(result, fw, per_group=4, routes=1)
        )
        out.append(Table(("part", "points"), (*table, ("in all", _signed(result.shown_change)))))
    heads = list(traced.headlines)
    out.append(Heading(3, "What each team's money did, through every route"))
    out.append(
        Para(
            "Each team's share of each intervention's pushes (its share of the pounds), followed "
            "through the network: the residents' own course and events belong to no team."
        )
    )
    out.append(
        Table(
            ("team", *(fw.name_of(h) for h in heads)),
            tuple(
                (team, *(_signed(points[h]) for h in heads))
                for team, points in traced.by_team.items()
            ),
        )
    )
    return out
