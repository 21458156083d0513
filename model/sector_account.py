"""What happened in a game, told to one sector in its own words, and what that sector put in.

The debrief pack has one page per sector and the debrief screen can be switched to a sector's
words; both are built from :func:`sector_account`, so they never disagree. An account holds:

- the sector's **objective** and how its objective's score ended against doing nothing;
- the nodes the sector **watches**, each with its change against doing nothing, the sector's
  sentence for what that node means to it, and the largest named cause of the change (an
  intervention or a ripple link) in the sector's words;
- the other nodes that **moved most**, told the same way;
- what the sector **contributed**: its money, its share of all the money, what it co-funded,
  and each intervention with the sector's own sentence for it and the nodes it pushes.

As in the debrief (``model/debrief.py``), the difference against doing nothing is what all
the decisions together changed; the cause named beside a node is the largest part of the
engine's account of that node in the last year (:meth:`model.engine.Game.explain`), not a
share of the credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.debrief import Debrief, Measure
from model.network import RippleNetwork
from model.why import Part, Why
from model.words import in_words

if TYPE_CHECKING:
    from model.engine import Game
    from model.interventions import InterventionsFile

__all__ = [
    "MOVED",
    "Contribution",
    "NodeInWords",
    "SectorAccount",
    "part_in_words",
    "sector_account",
]

MOVED = 3
"""How many nodes beyond those a sector watches an account names: the ones that moved most."""


@dataclass(frozen=True)
class NodeInWords:
    """A node's end against doing nothing, with what it means to the sector and why it moved."""

    score: Measure
    meaning: str
    """The sector's sentence for the node (or its plain description if it has none)."""
    cause: str | None
    """The largest named part of its change, e.g. 'Unemployment -> Mental health (1 y)'."""
    cause_words: str | None
    """That part in the sector's words: the link's or the intervention's sentence."""


@dataclass(frozen=True)
class Contribution:
    """One intervention the sector paid for, in its own words."""

    intervention: str
    name: str
    pounds: float
    share: float
    """The sector's share of the money put into it over the game."""
    partners: tuple[str, ...]
    """The other teams' short names, where they funded it in the same rounds."""
    words: str
    """The intervention in the sector's own words (``language`` in interventions.yaml)."""
    state: str
    pushes: tuple[Measure, ...]
    """The nodes it pushes, each as it ended against doing nothing (moved by everything)."""


@dataclass(frozen=True)
class SectorAccount:
    """One sector's page of the debrief."""

    sector: str
    name: str
    short_name: str
    speaks_of: str
    """How the sector speaks (``words`` of the sector in interventions.yaml)."""
    objective: str
    objective_score: Measure
    watched: tuple[NodeInWords, ...]
    moved: tuple[NodeInWords, ...]
    played: bool
    """Whether the sector was a team in this game (if not, it has no contributions)."""
    pounds: float
    budget: float
    share_of_all: float
    co_funded_pounds: float
    contributions: tuple[Contribution, ...]


def part_in_words(
    part: Part,
    network: RippleNetwork,
    interventions: InterventionsFile,
    sector: str,
) -> str | None:
    """A part of a "why" in the sector's words: a link's sentence for its mechanism, or an
    intervention's sentence from its ``language``; None for events, situations and the rest."""
    if part.kind == "link":
        link = next((k for k in network.links if str(k.index) == part.key), None)
        return None if link is None else in_words(link.mechanism, link.words, sector)
    if part.kind == "intervention":
        item = next((i for i in interventions.interventions if i.id == part.key), None)
        if item is None:
            return None
        return in_words(item.description, item.language, sector)
    return None


def sector_account(game: Game, brief: Debrief, sector: str) -> SectorAccount:
    """The debrief told to ``sector`` (any sector of the scenario, a team in the game or not)."""
    scenario = game.scenario
    fw, network, inter = scenario.framework, scenario.network, scenario.interventions
    info = next(s for s in inter.sectors if s.id == sector)
    short: dict[str, str] = {s.id: s.short_name for s in inter.sectors}
    first, last, base = game.history[0], game.history[-1], game.baseline_history[-1]

    def measure(any_id: str) -> Measure:
        return Measure(
            any_id,
            fw.name_of(any_id),
            "points",
            True,
            first.scores[any_id],
            last.scores[any_id],
            base.scores[any_id],
        )

    def told(node_id: str) -> NodeInWords:
        node = fw.node(node_id)
        why: Why | None = game.explain(node_id) if game.reports else None
        named = [p for p in (why.named if why else ()) if p.kind in ("link", "intervention")]
        top = named[0] if named else None
        cause = None
        if top is not None and top.kind == "link":
            link = next(k for k in network.links if str(k.index) == top.key)
            cause = f"{fw.node(link.source).name} -> {node.name} ({link.delay} y)"
        elif top is not None:
            cause = top.label
        return NodeInWords(
            measure(node_id),
            in_words(node.description, node.words, sector),
            cause,
            part_in_words(top, network, inter, sector) if top is not None else None,
        )

    watched_ids = [w for w in info.watches if w in fw.node_index]
    others = sorted(
        (n for n in fw.node_ids if n not in watched_ids),
        key=lambda n: (-abs(last.scores[n] - base.scores[n]), n),
    )
    played = sector in game.teams
    team = brief.team(sector) if played else None
    everyone = brief.pounds
    contributions: tuple[Contribution, ...] = ()
    if team is not None:
        contributions = tuple(
            Contribution(
                o.intervention,
                o.name,
                o.pounds,
                o.share,
                tuple(short.get(p, p) for p in o.partners),
                _language(inter, o.intervention, sector),
                o.state,
                tuple(e.score for e in o.effects),
            )
            for o in team.interventions
        )
    return SectorAccount(
        sector=sector,
        name=info.name,
        short_name=info.short_name,
        speaks_of=info.words,
        objective=info.objective,
        objective_score=measure(info.objective_node),
        watched=tuple(told(n) for n in watched_ids),
        moved=tuple(told(n) for n in others[:MOVED]),
        played=played,
        pounds=team.pounds if team else 0.0,
        budget=team.budget if team else 0.0,
        share_of_all=(team.pounds / everyone) if team and everyone else 0.0,
        co_funded_pounds=team.co_funded_pounds if team else 0.0,
        contributions=contributions,
    )


def _language(inter: InterventionsFile, intervention: str, sector: str) -> str:
    item = next(i for i in inter.interventions if i.id == intervention)
    return in_words(item.description, item.language, sector)
