"""A town description (``scenarios/towns/*.yaml``): who lives there and how the town starts.

The description's ``indicators`` are the town's starting figures, in the framework's units.
People-measured ones are targets the generated residents reproduce (within the tolerances that
``generate.py`` states and the tests check); place-measured ones set the place nodes directly.
Indicators left out start at the England reference mean and are reported as filled.

A town can also be built from the derived table of English districts
(``scenarios/data/places.csv``) instead of listing its figures: :class:`TownFromPlaces` names
one district (``place:``) or several districts of one kind whose medians make a fictional town
(``typical_of:``), and the loader expands it into a :class:`TownFile`. The figures then live in
one place only, the table, and cannot drift from it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, Strict, field_validator, model_validator

from model.bounds import POPULATION
from model.schema import Float, Id, Int, Name, Record, Text

__all__ = ["AGE_BANDS", "Neighbourhoods", "TownFile", "TownFromPlaces", "TypicalOf"]

AGE_BANDS: dict[str, tuple[int, int]] = {
    "0-4": (0, 4),
    "5-15": (5, 15),
    "16-24": (16, 24),
    "25-44": (25, 44),
    "45-64": (45, 64),
    "65-79": (65, 79),
    "80+": (80, 99),
}
"""Age bands of a town description (inclusive years)."""

Share = Float

PlaceCode = Annotated[str, Strict(), Field(pattern=r"^E0[6-9][0-9]{6}$")]
"""An English local authority district code of 2021 (E06 to E09 and six digits)."""

Briefing = Annotated[str, Strict(), Field(min_length=1, max_length=2000)]
"""A few plain sentences for a workshop team: what is strong, what is weak, what to watch.
It may quote the town's own figures as ``{indicator_id}`` or ``{indicator_id:.0f}`` (a format
spec), ``{england.indicator_id}`` for the England mean, or ``{population:,}``: the loader fills
them from the figures, so a briefing never disagrees with the data it describes."""


class Neighbourhoods(Record):
    """How many neighbourhoods, and how deprived they are on the national scale.

    Deprivation is a national percentile: 0 the least deprived neighbourhood in England, 1 the
    most. ``deprivation_mean`` 0.5 is a typical town; ``deprivation_spread`` is the standard
    deviation across its neighbourhoods (0.29 would be as varied as England).
    """

    count: Int = Field(ge=8, le=30)
    deprivation_mean: Float = Field(gt=0, lt=1)
    deprivation_spread: Float = Field(ge=0, le=0.35)


class Employers(Record):
    """The shape of local employment."""

    count: Int | None = Field(default=None, ge=5, le=100_000)
    largest_share: Float = Field(default=0.06, gt=0, le=0.5)


class TownFile(Record):
    """The whole town description file."""

    kind: Literal["town"]
    version: Literal[1]
    id: Id
    name: Name
    description: Text
    briefing: Briefing | None = None
    population: Int = Field(ge=POPULATION[0], le=POPULATION[1])
    age_bands: dict[str, Share]
    female_share: Float = Field(default=0.507, ge=0.4, le=0.6)
    ethnic_minority_share: Float = Field(ge=0, le=0.95)
    neighbourhoods: Neighbourhoods
    employers: Employers = Employers()
    low_pay_line: Float | None = Field(default=None, gt=0, le=50)
    """£ an hour below which the town's ``low_pay`` figure counts a job as low paid, where it
    is not the national Real Living Wage of ``parameters.py``: the ONS counts London jobs
    against the London Living Wage, so London places give 10.55 (2018/19, Living Wage
    Foundation)."""
    indicators: dict[str, Float] = Field(default_factory=dict)
    sources: dict[str, Text] = Field(default_factory=dict)

    @field_validator("age_bands")
    @classmethod
    def _bands(cls, bands: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(bands) - set(AGE_BANDS))
        missing = [b for b in AGE_BANDS if b not in bands]
        if unknown or missing:
            raise ValueError(
                f"age bands must be exactly {', '.join(AGE_BANDS)}"
                + (f"; unknown: {', '.join(unknown)}" if unknown else "")
                + (f"; missing: {', '.join(missing)}" if missing else "")
            )
        if any(v < 0 for v in bands.values()):
            raise ValueError("age band shares cannot be negative")
        total = sum(bands.values())
        if abs(total - 1.0) > 0.01:
            raise ValueError(f"age band shares must add up to 1 (they add up to {total:.3f})")
        return bands

    @model_validator(mode="after")
    def _sources_name_indicators(self) -> TownFile:
        stray = sorted(set(self.sources) - set(self.indicators))
        if stray:
            raise ValueError(f"'sources' names indicators with no value: {', '.join(stray)}")
        return self


class TypicalOf(Record):
    """A fictional town whose every figure is the median over real districts of one kind."""

    kind_of_place: Text
    """What the districts have in common and how they were chosen (shown as the source)."""
    places: list[PlaceCode] = Field(min_length=5, max_length=60)
    population: Int = Field(ge=POPULATION[0], le=POPULATION[1])
    """A district holds several towns: the fictional town's own size is set here."""

    @field_validator("places")
    @classmethod
    def _distinct(cls, codes: list[str]) -> list[str]:
        repeated = sorted({c for c in codes if codes.count(c) > 1})
        if repeated:
            raise ValueError(f"each district may be listed once (repeated: {', '.join(repeated)})")
        return codes


class TownFromPlaces(Record):
    """A town file that takes its figures from the derived table of English districts.

    Exactly one of ``place`` (a real district, e.g. ``E07000062`` for Hastings) and
    ``typical_of`` (medians over several districts) is given.
    """

    kind: Literal["town"]
    version: Literal[1]
    id: Id
    name: Name
    description: Text
    briefing: Briefing | None = None
    place: PlaceCode | None = None
    typical_of: TypicalOf | None = None

    @model_validator(mode="after")
    def _one_source(self) -> TownFromPlaces:
        if (self.place is None) == (self.typical_of is None):
            raise ValueError("give exactly one of 'place' (a district code) and 'typical_of'")
        return self
