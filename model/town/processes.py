"""The residents' binary processes as one table: one row per state a resident is in or not.

Each row says everything the model needs of a state such as smoking or volunteering: its
column, the indicator it is measured as and among whom, the node whose pressure moves it,
its yearly turnover, and the terms of its logit. The yearly update, generation (drawing and
calibrating the state, and finding its gain) and the people measures all read this table, so a
new behaviour with its indicator is a row here, a column in ``residents.py`` and its numbers in
``parameters.py`` (and the indicator itself in the framework file).

A logit is ``intercept + place terms + person terms + pressure``: place terms are the same for a
whole neighbourhood (deprivation, services) and are summed per neighbourhood; person terms are
the resident's own (age, qualifications...), in single precision; pressure on the row's node,
times its gain, raises or lowers the logit (``sign``). The intercept is calibrated when the town
is generated, so that the town starts at its description's figures.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from model.town.parameters import Parameters
from model.town.residents import COLUMNS, Residents

__all__ = [
    "AGE_FEATURES",
    "BEHAVIOURS",
    "PERSON_FEATURES",
    "PLACE_FEATURES",
    "POPULATIONS",
    "PROCESSES",
    "Process",
    "Push",
    "Step",
    "Term",
    "process",
]

BoolArray = npt.NDArray[np.bool_]

Step = Literal["labour", "behaviour", "learning", "cohort"]
"""When a state changes. ``behaviour``: every year, for residents of 16 and over, a share
``turnover`` of them redraw it from their chance; generation draws it and calibrates its
intercept to the indicator's figure, and its gain follows from the share's slope. ``cohort``:
once, at an age (five, sixteen), with that gain too. ``labour`` and ``learning``: rules of their
own in the town model and generation (joining the labour force, then finding work; learning
and apprenticeships), which read the row's logit."""

POPULATIONS: dict[str, Callable[[Residents], BoolArray]] = {
    "adults": lambda r: r.age >= 18,
    "over16": lambda r: r.age >= 16,
    "working_age": lambda r: (r.age >= 16) & (r.age <= 64),
    "age_5_7": lambda r: (r.age >= 5) & (r.age <= 7),
    "age_19_24": lambda r: (r.age >= 19) & (r.age <= 24),
}
"""The residents an indicator is measured among, by name."""

PLACE_FEATURES = ("deprivation", "group_capacity", "labour_demand", "school_quality")
"""What place terms multiply, per neighbourhood (worked out by the town model):
deprivation (``zd``), the log of community groups' capacity against the start, the log of jobs
against the start, and the quality of the neighbourhood's school less one half."""

PERSON_FEATURES: dict[str, Callable[[Any], npt.NDArray[Any]]] = {
    "low_skills": lambda r: r.edu == 0,
    "degree": lambda r: r.edu == 2,
    "qualification_level": lambda r: r.edu,
    "male": lambda r: ~r.female,
    "female": lambda r: r.female,
    "minority": lambda r: r.minority,
    "age_from_45": lambda r: r.age - 45,
    "age_to_20": lambda r: r.age <= 20,
    "age_from_60": lambda r: r.age >= 60,
    "active_travel": lambda r: r.active_travel,
    "volunteer": lambda r: r.volunteer,
    "early_ok": lambda r: r.early_ok,
    "disadvantaged": lambda r: r.disadvantaged,
    "earning_power": lambda r: r.wage_luck,
}
"""What person terms multiply, from each resident's columns (restricted to those the rule is
worked out for). The town model adds two that read the year's households and incomes:
``lives_alone`` and ``low_income_home``."""

AGE_FEATURES: dict[str, Callable[[npt.NDArray[Any], Any], npt.NDArray[Any]]] = {
    "age_from_45": lambda age, r: age - 45,
    "age_to_20": lambda age, r: age <= 20,
    "age_from_60": lambda age, r: age >= 60,
    # Qualifications are settled at 19: before, everyone counts as holding none
    "low_skills": lambda age, r: (age < 19) | (r.edu == 0),
    "degree": lambda age, r: (age >= 19) & (r.edu == 2),
    "qualification_level": lambda age, r: np.where(age >= 19, r.edu, 0),
}
"""The person features that change as a resident ages, as functions of their age then and
their columns now: a state that turns over slowly lags its chance as the resident ages (see
:meth:`model.town.model.TownModel.ageing_lag`)."""

CONTEXT_FEATURES = ("lives_alone", "low_income_home")
"""Person features read from the year's context (household sizes, incomes)."""


@dataclass(frozen=True)
class Term:
    """One term of a logit: its weight times a feature.

    ``weight`` names a field of :class:`~model.town.parameters.Parameters` (where its source
    is given), or ``level`` names a number calibrated when the town is generated. ``lever`` names
    a node whose pressure on each resident, times that node's gain, adds to the weight: pressure
    that acts only through this feature (pressure on ethnicity equality moves the chances of
    residents of an ethnic minority, and nobody else's)."""

    feature: str
    weight: str | None = None
    level: str | None = None
    lever: str | None = None


@dataclass(frozen=True)
class Push:
    """The node whose pressure moves a state, and which way: pressure on healthy behaviours
    lowers the chance of smoking (``sign`` -1); pressure on unemployment is pressure to
    improve it, so it raises the chance of being in work."""

    node: str
    sign: float = 1.0


@dataclass(frozen=True)
class Process:
    """One binary resident state (see the module docstring)."""

    name: str
    """The state's name, and the residents' column that holds it if ``stored``."""
    step: Step
    indicator: str | None = None
    """The indicator measured as the share of ``among`` in the state (None: measured otherwise,
    or not at all)."""
    among: str = "adults"
    """Who the indicator is measured among (a key of :data:`POPULATIONS`)."""
    push: Push | None = None
    gain: str | None = None
    """The name of the gain that converts a point of pressure into logit (by default the
    indicator's id)."""
    turnover: str | None = None
    """The :class:`Parameters` field with its yearly turnover (behaviours and the labour
    market: a share ``turnover`` of residents redraw their state each year)."""
    place: tuple[Term, ...] = ()
    person: tuple[Term, ...] = ()
    stored: bool = True
    """Whether residents carry the state from year to year (learning and starting an
    apprenticeship are drawn afresh each year, and kept in no column)."""

    def __post_init__(self) -> None:
        problems = _problems(self)
        if problems:
            raise ValueError(f"resident process '{self.name}': " + "; ".join(problems))

    @property
    def gain_name(self) -> str:
        name = self.gain or self.indicator
        if name is None:
            raise ValueError(f"resident process '{self.name}' has no gain")
        return name


def _problems(row: Process) -> list[str]:
    """What is wrong with a row: every name it gives must be a column, a parameter, a feature
    or a population."""
    params = {f.name for f in dataclasses.fields(Parameters)}
    problems = []
    if row.stored and COLUMNS.get(row.name) is not np.bool_:
        problems.append(f"'{row.name}' is not a yes/no column of the residents")
    if row.among not in POPULATIONS:
        problems.append(f"unknown population '{row.among}'")
    if (row.step in ("behaviour", "labour")) != (row.turnover is not None):
        problems.append("behaviours and the labour market, and only they, have a turnover")
    if row.turnover is not None and row.turnover not in params:
        problems.append(f"unknown parameter '{row.turnover}'")
    if row.push is not None and row.gain is None and row.indicator is None:
        problems.append("pressure needs a gain")
    for where, terms, features in (
        ("place", row.place, set(PLACE_FEATURES)),
        ("person", row.person, set(PERSON_FEATURES) | set(CONTEXT_FEATURES)),
    ):
        for term in terms:
            if term.feature not in features:
                problems.append(f"unknown {where} feature '{term.feature}'")
            if (term.weight is None) == (term.level is None):
                problems.append(f"term '{term.feature}' needs a weight or a level, not both")
            if term.weight is not None and term.weight not in params:
                problems.append(f"unknown parameter '{term.weight}'")
    return problems


def _dep(weight: str) -> Term:
    return Term("deprivation", weight)


PROCESSES: tuple[Process, ...] = (
    Process(
        "active",
        "labour",
        turnover="activity_turnover",
        person=(
            Term("age_to_20", "activity_young"),
            Term("female", "activity_female"),
            Term("age_from_60", "activity_older"),
            Term("qualification_level", "activity_per_level"),
            Term("earning_power", "work_per_earning_power"),
            Term("minority", level="employment_minority", lever="ethnicity_equality"),
        ),
    ),
    Process(
        "employed",
        "labour",
        indicator="employment_rate",
        among="working_age",
        push=Push("unemployment"),
        turnover="employment_turnover",
        place=(
            _dep("employability_deprivation"),
            Term("labour_demand", "labour_demand_elasticity"),
        ),
        person=(
            Term("qualification_level", "employability_per_level"),
            Term("earning_power", "work_per_earning_power"),
            Term("minority", level="employment_minority", lever="ethnicity_equality"),
        ),
    ),
    # Behaviours and community life, updated in this order every year
    Process(
        "active_travel",
        "behaviour",
        indicator="active_travel",
        push=Push("human_environment_connection"),
        turnover="active_travel_turnover",
        place=(_dep("active_travel_deprivation"),),
    ),
    Process(
        "nature",
        "behaviour",
        indicator="nature_visits",
        push=Push("human_environment_connection"),
        turnover="nature_turnover",
        place=(_dep("nature_deprivation"),),
    ),
    Process(
        "smoker",
        "behaviour",
        indicator="smoking",
        push=Push("healthy_behaviours", -1.0),
        turnover="behaviour_turnover",
        place=(_dep("smoking_deprivation"),),
        person=(Term("low_skills", "smoking_low_skills"), Term("male", "smoking_male")),
    ),
    Process(
        "active_pa",
        "behaviour",
        indicator="physical_activity",
        push=Push("healthy_behaviours"),
        turnover="activity_turnover_pa",
        place=(_dep("activity_deprivation"),),
        person=(
            Term("active_travel", "activity_active_travel"),
            Term("age_from_45", "activity_age"),
        ),
    ),
    Process(
        "overweight",
        "behaviour",
        indicator="overweight_adults",
        push=Push("healthy_behaviours", -1.0),
        turnover="weight_turnover",
        place=(_dep("overweight_deprivation"),),
        person=(Term("age_from_45", "overweight_age"),),
    ),
    Process(
        "volunteer",
        "behaviour",
        indicator="volunteering",
        among="over16",
        push=Push("participation"),
        turnover="community_turnover",
        place=(
            _dep("volunteering_deprivation"),
            Term("group_capacity", "volunteering_group_capacity"),
        ),
        person=(Term("degree", "volunteering_degree"),),
    ),
    Process(
        "voter",
        "behaviour",
        indicator="voter_turnout",
        push=Push("participation"),
        turnover="community_turnover",
        place=(_dep("voting_deprivation"),),
        person=(Term("age_from_45", "voting_age"),),
    ),
    Process(
        "belongs",
        "behaviour",
        indicator="belonging",
        among="over16",
        push=Push("community_cohesion"),
        turnover="community_turnover",
        place=(_dep("belonging_deprivation"),),
        person=(Term("age_from_45", "belonging_age"),),
    ),
    Process(
        "lonely",
        "behaviour",
        indicator="loneliness",
        among="over16",
        push=Push("social_isolation", -1.0),
        turnover="community_turnover",
        place=(_dep("loneliness_deprivation"),),
        person=(Term("volunteer", "loneliness_volunteer"), Term("lives_alone", "loneliness_alone")),
    ),
    # Learning, and children's and young people's results
    Process(
        "learning",
        "learning",
        push=Push("adult_education"),
        gain="adult_learning",
        person=(Term("low_skills", "learning_low_skills"),),
        stored=False,
    ),
    Process(
        "apprentice",
        "learning",
        push=Push("adult_education"),
        gain="apprenticeship_starts",
        stored=False,
    ),
    Process(
        "early_ok",
        "cohort",
        indicator="early_years",
        among="age_5_7",
        push=Push("childrens_education"),
        place=(_dep("early_years_deprivation"),),
        person=(Term("low_income_home", "early_years_low_income", lever="social_equality"),),
    ),
    Process(
        "gcse_ok",
        "cohort",
        indicator="gcse_english_maths",
        among="age_19_24",
        push=Push("childrens_education"),
        place=(_dep("gcse_deprivation"), Term("school_quality", "gcse_school_quality")),
        person=(
            Term("early_ok", "gcse_early_years"),
            Term("disadvantaged", level="gcse_low_income", lever="social_equality"),
        ),
    ),
)
"""Every binary resident process (see :class:`Process`)."""

BEHAVIOURS: tuple[Process, ...] = tuple(p for p in PROCESSES if p.step == "behaviour")
"""The behaviours, in the order they are updated each year."""

_BY_NAME = {p.name: p for p in PROCESSES}


def process(name: str) -> Process:
    """The row of the process ``name``."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no resident process '{name}'") from None
