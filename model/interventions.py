"""Sectors (the teams) and the interventions they can fund (``scenarios/interventions.yaml``).

Money is in pounds a year *per 10,000 residents*, so one file serves a town of any size: a
town of 60,000 has six times the budgets, and every intervention costs six times as much.

An intervention funded at ``scale`` s in a year moves each node of its ``effects`` by
``points * s`` once it is built (``build_years`` after funding starts), for as long as it is
funded; when funding stops the effect holds for ``lasts_years`` (a built cycle lane stays; a
service stops at once) and then fades over ``decay_years``. On a place node the points move the
node; on a people node they are pressure on the residents it targets (see docs/model.md).
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field, Strict, model_validator

from model.ripples import Evidence
from model.schema import Float, Id, Int, Name, Record, Text, one_line
from model.words import SectorId

__all__ = [
    "TARGETS",
    "Effect",
    "Intervention",
    "InterventionsFile",
    "Partnership",
    "Scale",
    "Sector",
    "SectorId",
]

Target = Literal[
    "everyone",
    "most_deprived",
    "low_income",
    "children",
    "young_people",
    "older_people",
    "minority",
    "women",
    "poor_health",
    "out_of_work",
]
TARGETS: tuple[str, ...] = get_args(Target)
"""Who an intervention reaches: everyone; the most deprived third of neighbourhoods; or a group
of residents (low-income households, children under 16, 16-24s, over-65s, ethnic minority
residents, women, people in poor health, adults out of work)."""


class Sector(Record):
    """A team: a sector with its budget, what it watches, its aim and its words."""

    id: SectorId
    name: Name
    short_name: Annotated[
        str, Strict(), Field(min_length=1, max_length=18), AfterValidator(one_line)
    ]
    """The name on a team's tab and on charts, where space is short."""
    budget_per_10k: Float = Field(gt=0, le=10_000_000)
    watches: tuple[Id, ...] = Field(min_length=1, max_length=8)
    objective: Text
    objective_node: Id
    words: Text


class Effect(Record):
    """One effect of an intervention: points on a node per unit of scale, at full strength."""

    node: Id
    points: Float = Field(ge=-3.0, le=3.0)


class Scale(Record):
    """How far an intervention can be scaled down or up (1 = the standard package)."""

    min: Float = Field(gt=0, le=1)
    max: Float = Field(ge=1, le=5)


class Intervention(Record):
    """Something the teams can fund."""

    id: Id
    name: Name
    description: Text
    lead: SectorId
    funders: tuple[SectorId, ...] = Field(min_length=1)
    cost_per_10k: Float = Field(gt=0, le=5_000_000)
    cost_evidence: Evidence
    scale: Scale
    build_years: Int = Field(ge=0, le=10)
    lasts_years: Int = Field(ge=0, le=30)
    decay_years: Int = Field(ge=1, le=20)
    community_delivered: bool = False
    target: Target = "everyone"
    effects: tuple[Effect, ...] = Field(min_length=1, max_length=6)
    vcse_capacity: Float = Field(default=0.0, ge=-0.5, le=0.5)
    evidence: Evidence
    language: dict[SectorId, Text]

    @model_validator(mode="after")
    def _coherent(self) -> Intervention:
        problems = []
        if self.lead not in self.funders:
            problems.append(f"the lead sector '{self.lead}' must be one of its funders")
        missing = sorted(
            set(("council", "health", "business", "vcse", "education")) - set(self.language)
        )
        if missing:
            problems.append(
                f"'language' needs a sentence for every sector (missing: {', '.join(missing)})"
            )
        nodes = [e.node for e in self.effects]
        if len(set(nodes)) != len(nodes):
            problems.append("each node may appear once in 'effects'")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Partnership(Record):
    """The bonus when two or more sectors fund an intervention together."""

    bonus: Float = Field(ge=0, le=1)
    reasoning: Text


class InterventionsFile(Record):
    """The whole ``interventions.yaml`` file."""

    kind: Literal["interventions"]
    version: Literal[1]
    description: Text | None = None
    partnership: Partnership
    vcse_start_capacity: Float = Field(default=1.0, gt=0, le=2)
    sectors: tuple[Sector, ...] = Field(min_length=2)
    interventions: tuple[Intervention, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> InterventionsFile:
        problems = []
        groups: tuple[tuple[str, list[str]], ...] = (
            ("sector", [s.id for s in self.sectors]),
            ("intervention", [i.id for i in self.interventions]),
        )
        for what, ids in groups:
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(f"{what} ids used twice: {', '.join(dupes)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self
