"""Events that happen to a town, and situations that set in and lift (``scenarios/events.yaml``).

Each year every event whose condition holds happens with the yearly probability of its
likelihood word (``likelihoods`` maps words to probabilities, so facilitators can read and tune
them). An event's node effects hold for ``years`` years. Situations have hysteresis: one starts
when its node's score falls below ``starts_below`` and ends only when it climbs above
``ends_above``; while active it pushes its effects every year.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from model.interventions import Effect, SectorId, Target
from model.ripples import Evidence
from model.schema import Float, Id, Int, Name, Record, Text

__all__ = ["Condition", "Event", "EventsFile", "NodeEffect", "Situation"]

Likelihood = Literal["rare", "unlikely", "possible", "likely", "very_likely"]


class Condition(Record):
    """An event can only happen while a node's score is below (or above) a level."""

    node: Id
    below: Float | None = Field(default=None, ge=0, le=10)
    above: Float | None = Field(default=None, ge=0, le=10)

    @model_validator(mode="after")
    def _one(self) -> Condition:
        if (self.below is None) == (self.above is None):
            raise ValueError("a condition needs exactly one of 'below' or 'above'")
        return self


class NodeEffect(Effect):
    """An event's effect on a node, with who it falls on."""

    target: Target = "everyone"


class Event(Record):
    """Something that may happen in a year."""

    id: Id
    name: Name
    description: Text
    likelihood: Likelihood
    when: Condition | None = None
    years: Int = Field(ge=1, le=10)
    effects: tuple[NodeEffect, ...] = ()
    close_largest_employer: bool = False
    new_jobs_share: Float = Field(default=0.0, ge=0, le=0.3)
    vcse_capacity: Float = Field(default=0.0, ge=-0.8, le=0.8)
    budget_change: dict[SectorId, Float] = Field(default_factory=dict)
    evidence: Evidence

    @model_validator(mode="after")
    def _does_something(self) -> Event:
        if not (
            self.effects
            or self.close_largest_employer
            or self.new_jobs_share
            or self.vcse_capacity
            or self.budget_change
        ):
            raise ValueError("an event must have at least one effect")
        if any(not -0.5 <= v <= 0.5 for v in self.budget_change.values()):
            raise ValueError("'budget_change' values are fractions between -0.5 and 0.5")
        return self


class Situation(Record):
    """A condition that sets in below one score and lifts only above a higher one."""

    id: Id
    name: Name
    description: Text
    node: Id
    starts_below: Float = Field(ge=0, le=10)
    ends_above: Float = Field(ge=0, le=10)
    effects: tuple[NodeEffect, ...] = Field(min_length=1)
    evidence: Evidence

    @model_validator(mode="after")
    def _hysteresis(self) -> Situation:
        if self.ends_above <= self.starts_below:
            raise ValueError(
                "'ends_above' must be higher than 'starts_below' (that gap is the point)"
            )
        return self


class EventsFile(Record):
    """The whole ``events.yaml`` file."""

    kind: Literal["events"]
    version: Literal[1]
    description: Text | None = None
    likelihoods: dict[Likelihood, Float]
    events: tuple[Event, ...] = Field(min_length=1)
    situations: tuple[Situation, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> EventsFile:
        problems = []
        missing = sorted(
            {"rare", "unlikely", "possible", "likely", "very_likely"} - set(self.likelihoods)
        )
        if missing:
            problems.append(f"'likelihoods' needs every word (missing: {', '.join(missing)})")
        values = [
            self.likelihoods[w]
            for w in ("rare", "unlikely", "possible", "likely", "very_likely")
            if w in self.likelihoods
        ]
        if any(not 0 < v < 1 for v in values) or values != sorted(values):
            problems.append(
                "likelihoods must be probabilities that rise from 'rare' to 'very_likely'"
            )
        ids = [e.id for e in self.events] + [s.id for s in self.situations]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"ids used twice: {', '.join(dupes)}")
        if problems:
            raise ValueError("; ".join(problems))
        return self
