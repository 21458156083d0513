"""The range every number a person can give is allowed to take: one table, one source of truth.

Town descriptions, plans and the command line all read numbers typed by hand. A number outside
what its unit allows (a negative unemployment rate, 250% of adults smoking, pay of 1e300 pounds
a week) is not a town the model can build: left in, it crashed a run or was reported "within
tolerance". Every such number is checked against the ranges below: a town's figures where a
description is loaded (``model/loading.py``, the one path ``thrive check``, ``thrive run`` and
the game all take, so they refuse it in the same words), the rest by the schemas and by
``thrive``'s options.

The ranges are what the *unit* allows, with room to spare, not what English places happen to
show: a fictional town may be more extreme than any real one, but not impossible. Each entry
says why it is where it is (the England figures quoted are the lowest and highest district of
``scenarios/data/places.csv``). Three percentages stop short of 0 and 100: the residents are
drawn to match them, each with a chance, and no chance is exactly 0 or 1.

``tests/test_bounds.py`` checks that every framework indicator has an entry, that every
district of ``scenarios/data/places.csv`` lies inside them, and that a town at each edge can
still be built and run; ``tests/hostile/`` that figures outside them are refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = [
    "FIGURES",
    "MAX_EMPLOYER_SHARE",
    "MAX_PUSH",
    "MAX_SEED",
    "POPULATION",
    "Range",
    "check_number",
]


@dataclass(frozen=True)
class Range:
    """The inclusive range of one figure, and why it is there.

    >>> Range(0, 100, "a percentage").describe(250)
    'must be between 0 and 100 (a percentage; got 250)'
    """

    low: float
    high: float
    why: str

    def __contains__(self, value: float) -> bool:
        return math.isfinite(value) and self.low <= value <= self.high

    def describe(self, value: float) -> str:
        """The sentence that refuses ``value``."""
        return f"must be between {self.low:,g} and {self.high:,g} ({self.why}; got {value:g})"


_PERCENT = Range(0, 100, "a percentage")
_PERCENT_MATCHED = Range(
    0.1,
    99.9,
    "a percentage the residents are drawn to match: each has a chance of it, and no chance "
    "gives exactly 0 or 100",
)
_IMD_SCORE = Range(0, 100, "an IMD 2019 domain score, on a 0-100 scale")
_IMD_STANDARDISED = Range(
    -5, 5, "a standardised IMD 2019 score, 0 for England: its districts lie within -2.7 to 1.7"
)
_MINUTES = Range(0, 180, "minutes of travel: over three hours is not a journey to work")
_YEARS_OF_LIFE = Range(
    40, 100, "years of life: England's districts lie between 54 and 87, with room either side"
)
_GAP_POINTS = Range(-100, 100, "a gap between two percentages, in percentage points")

FIGURES: dict[str, Range] = {
    # Place & Environment
    "air_pollution": Range(0, 100, "µg/m3 of PM2.5: England's districts 6 to 14, with room"),
    "living_environment_deprivation": _IMD_SCORE,
    "garden_access": _PERCENT,
    "public_transport_to_work": _MINUTES,
    "drive_to_work": _MINUTES,
    "services_distance": Range(0, 100, "km to services: a town is never 100 km from a GP"),
    "rail_station_walk": _PERCENT,
    "crime_deprivation": _IMD_STANDARDISED,
    "personal_crime": Range(0, 1000, "crimes per 1,000 residents: at most one per person a year"),
    "housing_barriers": _IMD_SCORE,
    "housing_affordability": Range(
        0, 100, "house price over annual earnings: England's districts 3 to 28"
    ),
    "rough_sleeping": Range(0, 100_000, "people per 100,000 residents cannot exceed 100,000"),
    # Mental & Physical Health
    "healthy_life_expectancy": _YEARS_OF_LIFE,
    "life_expectancy_at_birth": _YEARS_OF_LIFE,
    "health_deprivation": _IMD_STANDARDISED,
    "smoking": _PERCENT,
    "overweight_adults": _PERCENT,
    "physical_activity": _PERCENT,
    "depression": _PERCENT,
    "anxiety": Range(0, 10, "the ONS anxiety question is scored 0 to 10"),
    # Education & Learning
    "adult_skills": _IMD_SCORE,
    "apprenticeship_starts": Range(0, 1000, "starts per 1,000 residents cannot exceed 1,000"),
    "gcse_english_maths": _PERCENT_MATCHED,
    "early_years": _PERCENT_MATCHED,
    "good_schools": _PERCENT,
    # Work & Local Economy
    "employment_rate": _PERCENT,
    "unemployment_rate": _PERCENT_MATCHED,
    "median_weekly_pay": Range(
        50, 5000, "£ a week: England's district medians are £360-£760; £50-£5,000 spans any town"
    ),
    "low_pay": _PERCENT,
    "income_deprivation": Range(0, 1, "a share of people, from 0 to 1"),
    "child_poverty": _PERCENT,
    "productivity": Range(
        1, 500, "£ of output an hour: England's districts £22 to £62, with room to spare"
    ),
    # People & Community
    "volunteering": _PERCENT,
    "voter_turnout": _PERCENT,
    "cultural_engagement": _PERCENT,
    "heritage_visits": _PERCENT,
    "library_visits": _PERCENT,
    "belonging": _PERCENT,
    "loneliness": _PERCENT,
    # Equality
    "life_expectancy_gap": Range(
        -30, 30, "years between the richest and poorest: England's districts 3-10"
    ),
    "income_deprivation_gap": _GAP_POINTS,
    "gender_pay_gap": Range(
        -100, 99, "% of men's pay: negative where women earn more; 100 would be women unpaid"
    ),
    "attainment_gap": Range(-90, 90, "Attainment 8 points, a score from 0 to 90"),
    "ethnic_employment_gap": _GAP_POINTS,
    # Sustainability
    "co2_per_head": Range(0, 200, "tonnes a person a year: England's most industrial district ~66"),
    "domestic_gas_use": Range(0, 100_000, "kWh a meter a year: England's districts 7,600-16,000"),
    "recycling_rate": _PERCENT,
    "green_space_access": Range(0, 20_000, "metres to the nearest park: 20 km is beyond any town"),
    "active_travel": _PERCENT,
    "nature_visits": _PERCENT,
}
"""The range of each indicator a town description may give, in the framework's units."""

POPULATION = (1_000, 2_000_000)
"""Residents of a town, and of ``--residents``: fewer than 1,000 is too few for the town's
neighbourhoods and employers to mean anything; 2 million is more than any English district
(Birmingham, 1.1 million) and about what a laptop builds in a few minutes."""

MAX_EMPLOYER_SHARE = 20
"""A town has at most one employer for every 20 residents: England has about one business site
for every 25 people (ONS inter-departmental business register), and each must have staff."""

MAX_SEED = 2**63 - 1
"""Largest random seed: a seed is stored in saves and tables as a 64-bit signed integer."""

MAX_PUSH = 10.0
"""Largest push, in score points held every year, that ``thrive ripple`` takes: the whole score
scale is 10 points, so a bigger push says nothing a push of 10 does not."""


def check_number(text: str, low: float, high: float) -> float:
    """``text`` as a finite number within ``[low, high]``, or a ``ValueError`` saying why.

    >>> check_number("1.5", -10, 10)
    1.5
    >>> check_number("nan", -10, 10)
    Traceback (most recent call last):
    ...
    ValueError: 'nan' is not a finite number
    >>> check_number("1e308", -10, 10)
    Traceback (most recent call last):
    ...
    ValueError: 1e+308 is outside -10 to 10
    """
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    if not low <= value <= high:
        raise ValueError(f"{value:g} is outside {low:g} to {high:g}")
    return value
