"""The ripple links as typed data (``scenarios/ripples.yaml``).

A link ``source -> target`` says: when the source's score changes by one point and stays
changed, the target's score changes by ``weight`` points, felt ``delay`` whole years later, for
as long as the source's change lasts. Every link carries its evidence (a level and a citation or
the reasoning) and a plain-language mechanism that the game shows to players.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from model.schema import Float, Id, Int, Record, Text
from model.words import SectorId

__all__ = ["MAX_DELAY", "MAX_WEIGHT", "Evidence", "LinkRecord", "RipplesFile"]

MAX_WEIGHT = 1.0
"""A link can at most pass on the whole of its source's change: larger weights are typos."""

MAX_DELAY = 15
"""Longest delay in years: the longest real lags (schooling to earnings) are about a decade."""

EvidenceLevel = Literal["strong", "moderate", "weak", "assumed"]


class Evidence(Record):
    """Why a link exists and has the weight it has."""

    level: EvidenceLevel
    citation: Text | None = None
    reasoning: Text

    @model_validator(mode="after")
    def _cited(self) -> Evidence:
        if self.level != "assumed" and self.citation is None:
            raise ValueError(
                f"evidence of level '{self.level}' needs a 'citation' "
                "(or use level 'assumed' and say why in 'reasoning')"
            )
        return self


class LinkRecord(Record):
    """One directed ripple link between two nodes."""

    source: Id
    target: Id
    weight: Float = Field(ge=-MAX_WEIGHT, le=MAX_WEIGHT)
    delay: Int = Field(ge=0, le=MAX_DELAY)
    mechanism: Text
    language: dict[SectorId, Text] = Field(
        default_factory=dict,
        description="The mechanism in each sector's words (see model/words.py).",
    )
    evidence: Evidence
    town_rule: Id | None = Field(
        default=None,
        description=(
            "In the agent-based town, the resident rule that carries this link (e.g. "
            "income_from_work: a resident who loses a job loses income). Such a link is not "
            "applied again as pressure, which would count it twice."
        ),
    )


class RipplesFile(Record):
    """The whole ``ripples.yaml`` file."""

    kind: Literal["ripples"]
    version: Literal[1]
    description: Text | None = None
    links: tuple[LinkRecord, ...]
