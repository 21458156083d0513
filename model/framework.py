"""The Thriving Places framework as typed data: headline elements, domains, nodes, indicators.

The framework file (``scenarios/framework.yaml``) is the single source of the structure: three
headline elements (Local Conditions, Equality, Sustainability), their domains, and below them the
*nodes* of the ripple network. Under Local Conditions a node is a sub-domain; under Equality and
Sustainability each domain carries its indicators directly and is itself a node (the brief's
"sub-domains (and the Equality and Sustainability domains)").

Each node says whether it is a property of the **place** (moved directly by ripples and
interventions) or measured on **people** (computed from residents by the town model, where a
ripple acts through residents' chances rather than by adding to the score). See ``docs/model.md``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Literal

import numpy as np
import numpy.typing as npt
from pydantic import Field, Strict, field_validator, model_validator

from model.arrays import readonly
from model.schema import Float, Id, Int, Name, Record, Text
from model.words import SectorId

__all__ = [
    "Band",
    "DomainRecord",
    "Framework",
    "FrameworkFile",
    "HeadlineRecord",
    "IndicatorRecord",
    "NodeInfo",
    "Reference",
    "SubdomainRecord",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


class Reference(Record):
    """Where an indicator sits across England: the yardstick that makes 5 mean "average".

    ``scale: log`` scores the logarithm of the value against ``log_mean`` and ``log_sd`` (the
    mean and spread of the logarithms across England): for a skewed figure such as the distance
    to green space, where a few large rural counties lie four spreads out on the plain scale
    and score 0, though they are only a little more than twice the typical distance."""

    mean: Float
    sd: Float = Field(gt=0)
    year: Text
    source: Text
    status: Literal["computed", "assumed"]
    note: Text | None = None
    geography: Text | None = None
    n: Int | None = Field(default=None, ge=1)
    scale: Literal["linear", "log"] = "linear"
    log_mean: Float | None = None
    log_sd: Float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _log_scale(self) -> Reference:
        if self.scale == "log" and (self.log_mean is None or self.log_sd is None):
            raise ValueError("a log scale needs 'log_mean' and 'log_sd'")
        return self

    @property
    def typical(self) -> float:
        """The value that scores 5: the mean, or on a log scale the geometric mean (what an
        indicator with no figure of its own starts at)."""
        if self.scale == "log":
            assert self.log_mean is not None  # checked above
            return float(np.exp(self.log_mean))
        return self.mean


class IndicatorRecord(Record):
    """One measurable indicator, e.g. the employment rate."""

    id: Id
    name: Name
    unit: Name
    direction: Literal["higher", "lower"] = Field(
        description="Whether a higher or a lower value is better for people."
    )
    description: Text
    reference: Reference


NodeKind = Literal["place", "people"]


class SubdomainRecord(Record):
    """A sub-domain of Local Conditions: a node of the ripple network."""

    id: Id
    name: Name
    kind: NodeKind
    description: Text
    language: dict[SectorId, Text] = Field(default_factory=dict)
    """The node in each sector's words (see ``model/words.py``)."""
    indicators: tuple[IndicatorRecord, ...] = Field(min_length=1, max_length=4)

    @model_validator(mode="after")
    def _plain_people(self) -> SubdomainRecord:
        _check_people_scale(self.kind, self.indicators)
        return self


def _check_people_scale(
    kind: NodeKind | None, indicators: tuple[IndicatorRecord, ...] | None
) -> None:
    """A people node's indicators are scored on the plain scale: the town converts a point of
    pressure into its residents' units by the England spread (a log scale is for place nodes)."""
    if kind == "people" and any(i.reference.scale == "log" for i in indicators or ()):
        raise ValueError("a people node's indicators must be scored on the plain scale, not 'log'")


class DomainRecord(Record):
    """A domain: either split into sub-domains, or a node with its own indicators."""

    id: Id
    name: Name
    description: Text
    subdomains: tuple[SubdomainRecord, ...] | None = None
    kind: NodeKind | None = None
    language: dict[SectorId, Text] = Field(default_factory=dict)
    """A node domain in each sector's words (a domain split into sub-domains has none)."""
    indicators: tuple[IndicatorRecord, ...] | None = Field(default=None, min_length=1, max_length=4)

    @model_validator(mode="after")
    def _one_shape(self) -> DomainRecord:
        if self.subdomains is not None:
            if self.indicators is not None or self.kind is not None:
                raise ValueError(
                    "a domain has either 'subdomains' or its own 'kind' and 'indicators', not both"
                )
            if self.language:
                raise ValueError(
                    "a domain split into sub-domains has no 'language': word each sub-domain"
                )
            if not self.subdomains:
                raise ValueError("'subdomains' must list at least one sub-domain")
        elif self.indicators is None or self.kind is None:
            raise ValueError("a domain needs 'subdomains', or 'kind' and 'indicators'")
        _check_people_scale(self.kind, self.indicators)
        return self


class HeadlineRecord(Record):
    """A headline element: Local Conditions, Equality or Sustainability."""

    id: Id
    name: Name
    question: Text
    domains: tuple[DomainRecord, ...] = Field(min_length=1)


Colour = Annotated[str, Strict(), Field(pattern=r"^#[0-9a-fA-F]{6}$")]
"""A colour as ``#rrggbb``."""


class Band(Record):
    """A TPI colour band. ``min`` is inclusive; the band runs up to the next band's ``min``."""

    id: Id
    name: Name
    min: Float = Field(ge=0, le=10)
    colour: Colour
    colour_safe: Colour
    symbol: Name
    meaning: Text


class Scale(Record):
    """How a standardised value becomes a 0-10 score: ``clamp(5 + points_per_sd * z, 0, 10)``."""

    points_per_sd: Float = Field(gt=0, le=5)
    reasoning: Text


class FrameworkFile(Record):
    """The whole ``framework.yaml`` file."""

    kind: Literal["framework"]
    version: Literal[1]
    name: Name
    description: Text
    scale: Scale
    bands: tuple[Band, ...] = Field(min_length=2)
    headlines: tuple[HeadlineRecord, ...] = Field(min_length=1)

    @field_validator("bands")
    @classmethod
    def _ordered(cls, bands: tuple[Band, ...]) -> tuple[Band, ...]:
        mins = [b.min for b in bands]
        if mins[0] != 0:
            raise ValueError(f"the first band must start at 0 (starts at {mins[0]:g})")
        if any(b <= a for a, b in itertools.pairwise(mins)):
            shown = ", ".join(f"{m:g}" for m in mins)
            raise ValueError(f"band 'min' values must increase from band to band (got {shown})")
        return bands

    @model_validator(mode="after")
    def _consistent(self) -> FrameworkFile:
        problems: list[str] = []
        seen: dict[str, str] = {}
        for what, ident in _all_ids(self):
            if ident in seen:
                problems.append(f"id '{ident}' is used twice ({seen[ident]} and {what})")
            seen.setdefault(ident, what)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _all_ids(f: FrameworkFile) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for h in f.headlines:
        out.append(("headline", h.id))
        for d in h.domains:
            out.append(("domain", d.id))
            for s in d.subdomains or ():
                out.append(("sub-domain", s.id))
                out.extend(("indicator", i.id) for i in s.indicators)
            out.extend(("indicator", i.id) for i in d.indicators or ())
    for b in f.bands:
        out.append(("band", b.id))
    return out


@dataclass(frozen=True)
class NodeInfo:
    """A node of the ripple network with its place in the framework."""

    id: str
    name: str
    kind: NodeKind
    description: str
    domain: str
    headline: str
    indicators: tuple[IndicatorRecord, ...]
    words: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    """The node in each sector's words, by sector id (may be partial: see model/words.py)."""


@dataclass(frozen=True)
class Framework:
    """The framework compiled for fast scoring: ordered ids and averaging matrices.

    Index order is file order. ``node_avg`` (nodes x indicators), ``domain_avg`` (domains x
    nodes) and ``headline_avg`` (headlines x domains) hold the plain means upward, so a whole
    history of scores is scored with three matrix products.
    """

    source: FrameworkFile
    nodes: tuple[NodeInfo, ...]
    indicators: tuple[IndicatorRecord, ...]
    domain_ids: tuple[str, ...]
    domain_names: tuple[str, ...]
    headline_ids: tuple[str, ...]
    headline_names: tuple[str, ...]
    ref_mean: FloatArray = field(repr=False)
    """Each indicator's scoring centre: its England mean, or its logs' on a log scale."""
    ref_sd: FloatArray = field(repr=False)
    """Each indicator's scoring spread, likewise."""
    ref_sign: FloatArray = field(repr=False)
    ref_log: npt.NDArray[np.bool_] = field(repr=False)
    """Which indicators are scored on a log scale (see :class:`Reference`)."""
    indicator_node: IntArray = field(repr=False)
    node_domain: IntArray = field(repr=False)
    domain_headline: IntArray = field(repr=False)
    node_index: dict[str, int] = field(repr=False)
    indicator_index: dict[str, int] = field(repr=False)

    @classmethod
    def from_record(cls, record: FrameworkFile) -> Framework:
        """Compile a validated framework file."""
        nodes: list[NodeInfo] = []
        domain_ids: list[str] = []
        domain_names: list[str] = []
        domain_headline: list[int] = []
        node_domain: list[int] = []
        for h_index, h in enumerate(record.headlines):
            for d in h.domains:
                d_index = len(domain_ids)
                domain_ids.append(d.id)
                domain_names.append(d.name)
                domain_headline.append(h_index)
                if d.subdomains is not None:
                    for s in d.subdomains:
                        nodes.append(
                            NodeInfo(
                                s.id,
                                s.name,
                                s.kind,
                                s.description,
                                d.id,
                                h.id,
                                s.indicators,
                                {str(k): v for k, v in s.language.items()},
                            )
                        )
                        node_domain.append(d_index)
                else:
                    assert d.kind is not None and d.indicators is not None  # by validation
                    nodes.append(
                        NodeInfo(
                            d.id,
                            d.name,
                            d.kind,
                            d.description,
                            d.id,
                            h.id,
                            d.indicators,
                            {str(k): v for k, v in d.language.items()},
                        )
                    )
                    node_domain.append(d_index)
        indicators = [i for n in nodes for i in n.indicators]
        indicator_node = [k for k, n in enumerate(nodes) for _ in n.indicators]
        return cls(
            source=record,
            nodes=tuple(nodes),
            indicators=tuple(indicators),
            domain_ids=tuple(domain_ids),
            domain_names=tuple(domain_names),
            headline_ids=tuple(h.id for h in record.headlines),
            headline_names=tuple(h.name for h in record.headlines),
            ref_mean=readonly(np.array([_centre(i.reference) for i in indicators], dtype=float)),
            ref_sd=readonly(np.array([_spread(i.reference) for i in indicators], dtype=float)),
            ref_log=readonly(np.array([i.reference.scale == "log" for i in indicators])),
            ref_sign=readonly(
                np.array([1.0 if i.direction == "higher" else -1.0 for i in indicators])
            ),
            indicator_node=readonly(np.array(indicator_node, dtype=np.intp)),
            node_domain=readonly(np.array(node_domain, dtype=np.intp)),
            domain_headline=readonly(np.array(domain_headline, dtype=np.intp)),
            node_index={n.id: k for k, n in enumerate(nodes)},
            indicator_index={i.id: k for k, i in enumerate(indicators)},
        )

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.nodes)

    @property
    def bands(self) -> tuple[Band, ...]:
        return self.source.bands

    @property
    def points_per_sd(self) -> float:
        return self.source.scale.points_per_sd

    def node(self, node_id: str) -> NodeInfo:
        """The node with this id (``KeyError`` if there is none)."""
        return self.nodes[self.node_index[node_id]]

    def name_of(self, any_id: str) -> str:
        """The name of a node, domain or headline element (``KeyError`` if none has the id)."""
        if any_id in self.node_index:
            return self.nodes[self.node_index[any_id]].name
        if any_id in self.domain_ids:
            return self.domain_names[self.domain_ids.index(any_id)]
        if any_id in self.headline_ids:
            return self.headline_names[self.headline_ids.index(any_id)]
        raise KeyError(any_id)

    def summary(self) -> dict[str, int]:
        """Counts of each level, for ``thrive check``."""
        subdomains = sum(len(d.subdomains or ()) for h in self.source.headlines for d in h.domains)
        return {
            "headline elements": len(self.headline_ids),
            "domains": len(self.domain_ids),
            "sub-domains": subdomains,
            "nodes": len(self.nodes),
            "indicators": len(self.indicators),
        }


def _centre(ref: Reference) -> float:
    return float(ref.log_mean) if ref.scale == "log" and ref.log_mean is not None else ref.mean


def _spread(ref: Reference) -> float:
    return float(ref.log_sd) if ref.scale == "log" and ref.log_sd is not None else ref.sd
