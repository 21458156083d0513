"""Effect sizes and functional forms of the town's resident rules, each with its source.

Every rule is a *propensity*: a logistic (or, for health, linear) function of a resident's
demographic features (age, sex, ethnic group, neighbourhood deprivation, household) and of the
ripple *pressure* on the node the rule belongs to. Its intercept is calibrated when a town is
generated, so that the town starts at its description's figures; everything else is here.

Contract (docs/model.md): a rule may use another node's measure only where a ripple link says
so and names the rule (``town_rule`` in ripples.yaml); every other influence of one node on
another arrives as pressure. :data:`TOWN_RULES` lists the named rules; a test checks that every
``town_rule`` in the shipped ripple file is one of them.

Deprivation enters as ``zd``: the neighbourhood's deprivation (0 least, 1 most deprived,
national percentile) standardised as ``(d - 0.5) / 0.29``. "assumed" marks an effect size we
chose, with the reasoning beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PARAMETERS", "TOWN_RULES", "Parameters"]

TOWN_RULES: dict[str, str] = {
    "income_from_work": "a resident's income comes from their pay when in work, and from "
    "benefits or pensions when not, so losing work or earning less lowers household income",
    "income_distribution": "the income gap is measured from residents' household incomes",
    "household_income_shapes_attainment": "children from low-income households are less likely "
    "to reach the expected level at five and to pass GCSE English and maths",
    "volunteering_eases_loneliness": "volunteers are less likely to be lonely",
    "active_travel_is_activity": "people who walk or cycle to get about are more likely to be "
    "physically active",
    "active_travel_cuts_car_carbon": "journeys walked or cycled are not driven, so emit no CO2",
    "skills_raise_employability": "residents with more qualifications are more likely to be in "
    "work",
    "skills_raise_pay": "residents with more qualifications earn more per hour",
    "behaviours_shape_health": "smoking, inactivity and excess weight wear down physical health",
    "illness_raises_mortality": "residents in poorer physical health are more likely to die "
    "each year",
}
"""The resident rules that carry ripple links directly (see the module docstring)."""


@dataclass(frozen=True)
class Parameters:
    """Every fixed number of the resident rules. Units in each comment."""

    # -- demography --------------------------------------------------------------------------
    gompertz_slope: float = 0.092
    """Per year of age, on log mortality. ONS National life tables 2017-19: adult mortality
    roughly doubles every 7.5 years (ln 2 / 7.5 = 0.092)."""
    makeham: float = 0.0002
    """Age-independent yearly death risk (accidents). Assumed, small."""
    infant_mortality: float = 0.0038
    """Deaths in the first year. ONS Child and infant mortality 2019: 3.9 per 1,000."""
    mortality_per_health: float = 3.0
    """Log mortality per unit of physical health below 0.7 (rule illness_raises_mortality).
    Assumed: a resident in poor health (0.4) faces about 2.5 times the mortality of one in good
    health, in line with the hazard ratios for limiting illness in the ONS Longitudinal Study."""
    fertility_tfr: float = 1.65
    """Births per woman. ONS Births in England and Wales 2019: total fertility rate 1.65."""
    fertility_peak_age: float = 31.0
    """Age of peak fertility. ONS 2019: mean age of mothers 30.7."""
    fertility_spread: float = 5.5
    """Spread (years) of the fertility curve around its peak. Assumed, fits ONS age rates."""
    out_migration_young: float = 0.08
    """Yearly share of 18-30 year olds moving out. ONS internal migration 2019: assumed from
    the district-level rates, which peak at 8-12% for young adults."""
    out_migration_other: float = 0.025
    """Yearly share of other ages moving out. ONS internal migration 2019, assumed as above."""
    growth: float = 0.003
    """Yearly population growth, met by moving in. ONS 2018-based national population
    projections: UK +0.35% a year from 2018 to 2043, slowing as it goes; assumed 0.3% for a
    typical town (+9% over 30 years)."""
    partnering_rate: float = 0.08
    """Yearly chance that a single adult aged 20-55 moves in with a partner. Assumed, with
    :attr:`separation_rate`, to keep the share of adults living alone roughly steady (ONS
    Families and households 2019: about 1 adult in 6 lives alone)."""
    separation_rate: float = 0.02
    """Yearly chance that a couple separates. ONS divorces 2019: about 1% of marriages a year;
    assumed higher for all couples."""
    leave_home_rate: float = 0.17
    """Yearly chance that an adult of 19 or more living with a parent sets up home. ONS,
    young adults living with parents (Labour Force Survey 2013, as govtoday.co.uk reported it
    on 21 January 2014): 49% of 20-24 year olds, 21% of 25-29 and 8% of 30-34 lived with a
    parent, 26% of 20-34 year olds. A yearly 17% from 19 leaves 47%, 19% and 7% of those ages
    at home (the shares :func:`~model.town.generate.household_shares` starts a town with), 25%
    of 20-34 year olds. At every age, not only to 29: with an age limit a quarter of each
    cohort (0.88^11 at 12% to 29) stayed at home for life, homes grew and took in their old,
    and pensioners' incomes pooled with their grown children's narrowed the town's income gap
    by itself (docs/model.md, "What still moves")."""

    # -- labour market -----------------------------------------------------------------------
    employment_turnover: float = 0.9
    """Speed of the in-work / out-of-work flows. With a stationary employment chance p, the
    yearly job-loss chance is 0.9 (1 - p) (about 4%) and the job-finding chance 0.9 p: ONS
    Labour market flows 2019 show about 1% of employees leaving work each quarter."""
    activity_turnover: float = 0.3
    """Speed of moving in and out of the labour force. Assumed: economic inactivity spells last
    several years (ONS labour market flows)."""
    employability_per_level: float = 0.55
    """Logit of being in work per qualification level (rule skills_raise_employability).
    ONS Graduates in the UK labour market 2017: employment 88% for graduates, 71% for those
    with GCSE-level qualifications or below; about 0.55 per level on the logit scale."""
    activity_per_level: float = 0.8
    """Logit of being in the labour force per qualification level (rule
    skills_raise_employability). ONS Graduates in the UK labour market 2017: employment rates of
    about 88%, 71% and 50% from degree level down to no qualifications, most of the gap being
    economic inactivity; with :attr:`employability_per_level` this gives about 15 points a
    level."""
    activity_young: float = -1.2
    """Logit of being in the labour force at 20 or younger. Assumed: most 16-20 year olds are in
    full-time education (ONS Labour Force Survey: about half of 16-24 year olds inactive)."""
    activity_female: float = -0.3
    """Logit of being in the labour force for women. Assumed from ONS Labour Force Survey 2019:
    inactivity about 25% among women of working age and 17% among men."""
    activity_older: float = -0.6
    """Logit of being in the labour force at 60 or older. Assumed from ONS Labour Force Survey
    2019: inactivity rises steeply from 60, as people retire before state pension age."""
    work_per_earning_power: float = 0.8
    """Logit of being in the labour force, and of being in work, per standard deviation of
    earning power (``wage_luck``, which also sets pay: see ``TownModel.earning_power``).
    Assumed: what a person can earn and whether they work go together beyond their
    qualifications, and households sort into neighbourhoods by both. The weight is the
    smallest round figure with which generated towns reach their districts' gaps in income
    deprivation between neighbourhoods (IoD 2019; benchmarks/listing_vs_run.py): at 0.5,
    Knowsley and Great Yarmouth, among the most unequal districts, fell 1.2 and 1.7 score
    points short. The same for every place: no place has a weight of its own."""
    employability_deprivation: float = -0.25
    """Logit of being in work per unit of zd. Assumed from IMD employment domain gradients."""
    labour_demand_elasticity: float = 1.5
    """Logit of being in work per unit of log(jobs / jobs at the start). Assumed: a closure that
    removes 5% of jobs lowers the chance of work by about 2 points for everyone."""
    job_recovery: float = 0.1
    """Share of lost jobs replaced by new business each year. Assumed: Beatty & Fothergill
    (1996) found coalfield job losses were only slowly replaced over a decade."""
    wage_per_level: float = 0.22
    """Log hourly pay per qualification level (rule skills_raise_pay). IFS / DfE (2018) returns
    to qualifications: roughly 20-25% per level."""
    wage_per_year_of_experience: float = 0.012
    """Log hourly pay per year of age from 16 to 45. ONS ASHE age profile 2019."""
    wage_deprivation: float = -0.04
    """Log hourly pay per unit of zd. Assumed."""
    full_time_hours: float = 37.5
    part_time_hours: float = 18.0
    part_time_men: float = 0.12
    part_time_women: float = 0.40
    """Shares of employees working part time. ONS Labour Force Survey 2019."""
    part_time_pay: float = -0.2
    """Log hourly pay of part-time work relative to full-time for the same person. ONS ASHE
    2019: median hourly pay £10.21 part-time against £15.10 full-time; we assume about half of
    that gap is the job, not the person."""
    benefit_spread: float = 0.25
    """Spread (log scale) of out-of-work incomes between people on the same benefit level:
    housing, disability and carer's elements differ. Assumed."""
    low_pay_threshold: float = 9.00
    """£ an hour: the Real Living Wage 2019 outside London (Living Wage Foundation), the
    threshold the Health Index low-pay input uses."""

    # -- incomes -----------------------------------------------------------------------------
    state_pension: float = 168.60
    """£ a week, full new State Pension 2019/20 (DWP)."""
    private_pension_per_level: float = 90.0
    """£ a week of private pension per qualification level. Assumed, from DWP Pensioners'
    incomes 2018/19 (occupational pensions rise steeply with qualifications)."""
    poverty_line_adults: float = 170.0
    """£ a week for a single adult (our equivalence scale counts a first adult as 1): half of
    the 2018/19 median household income before housing costs, £507 for a couple (DWP HBAI),
    which is £340 for a single adult on the modified OECD scale. Residents below it count as
    income deprived: half rather than 60% of the median matches the Indices of Deprivation's
    benefit-based count (11.6% of people in England)."""
    poverty_line_children: float = 204.0
    """£ a week for a single adult: 60% of the median, the DWP children in low-income families
    line."""
    disadvantaged_per_poor: float = 1.8
    """Children in a low-income home in some year from 10 to 15, for each one in a given year.
    The town's own years give their sixteen-year-olds 1.5 to 1.9 (its incomes churn from year
    to year; 1.8 is the median over six towns and two seeds at 20,000 residents, see
    docs/model.md), so that a generated town starts its disadvantaged pupils at the share its
    years then keep. England's are close: 26.5% of pupils at the end of key stage 4 in 2018/19
    were disadvantaged (143,816 of 542,568; DfE Key stage 4 performance), 1.9 times the 14.1%
    of secondary pupils eligible for free school meals in January 2019 (DfE Schools, pupils
    and their characteristics 2019)."""

    # -- health ------------------------------------------------------------------------------
    health_speed: float = 0.3
    """Share of the gap to a resident's health target closed each year. Assumed."""
    health_noise: float = 0.07
    """Yearly random shock to physical health (sd, on the 0-1 scale). Assumed."""
    health_age_slope: float = -0.006
    """Physical health per year of age from 20; the target also falls faster after 65 (below).
    Calibrated per town as a starting value: see generate.py."""
    health_old_age_slope: float = -0.008
    health_deprivation: float = -0.05
    """Physical health per unit of zd. Marmot Review (2010): people in the poorest areas live
    17 fewer years free of disability; assumed size on our scale."""
    health_smoking: float = -0.06
    health_inactivity: float = -0.04
    health_excess_weight: float = -0.03
    """Physical health effects of behaviours (rule behaviours_shape_health). Assumed sizes that
    make smoking the largest, as in PHE Health matters: smoking (2018) and inactivity (2016)."""
    poor_health_line: float = 0.5
    """Physical health below this counts as illness or disability limiting daily life."""
    good_health_line: float = 0.62
    """Starting guess for the bar on our 0-1 scale above which a resident rates their health
    good (a higher bar than being free of limiting illness). Each town's bar is calibrated to
    its healthy life expectancy, because how people rate their own health varies by place."""
    mental_speed: float = 0.35
    mental_noise: float = 0.09
    """Mental health moves faster and more noisily than physical health. Assumed."""
    mental_deprivation: float = -0.04
    """Mental health per unit of zd. Assumed from the IMD health domain's mental health part."""
    depression_line: float = 0.32
    """Mental health below this counts as (GP-recorded) depression."""
    anxiety_scale: float = 6.5
    """Anxiety (0-10) = scale x (1 - mental health): maps our 0-1 scale onto the ONS measure."""

    # -- behaviours and community (logit effects) --------------------------------------------
    behaviour_turnover: float = 0.08
    """Speed of taking up and giving up smoking: with 12% smoking, about 7% of smokers quit a
    year (ONS Adult smoking habits 2019)."""
    activity_turnover_pa: float = 0.3
    weight_turnover: float = 0.05
    community_turnover: float = 0.3
    smoking_deprivation: float = 0.35
    """Logit per unit of zd. ONS 2019: 23% smoking in routine and manual jobs vs 10% in
    managerial and professional ones."""
    smoking_low_skills: float = 0.4
    smoking_male: float = 0.25
    activity_deprivation: float = -0.25
    activity_active_travel: float = 0.8
    """Logit of being active if walking or cycling to get about (rule active_travel_is_activity).
    Sport England Active Lives: active travel supplies a large share of adults' activity."""
    activity_age: float = -0.02
    """Logit of being physically active per year of age from 45. Assumed from Sport England
    Active Lives: activity falls steadily with age."""
    overweight_deprivation: float = 0.2
    overweight_age: float = 0.015
    """Logit of excess weight per year of age from 45. Assumed from the Health Survey for
    England: excess weight rises with age to the sixties."""
    volunteering_deprivation: float = -0.3
    """Community Life Survey 2019/20: formal volunteering 15% in the most deprived areas vs 29%
    in the least."""
    volunteering_degree: float = 0.4
    volunteering_group_capacity: float = 0.3
    """Logit of volunteering per unit of log(community groups' capacity / at the start).
    Assumed: fewer groups offer fewer chances to give time."""
    voting_deprivation: float = -0.35
    voting_age: float = 0.03
    belonging_deprivation: float = -0.25
    belonging_age: float = 0.015
    loneliness_deprivation: float = 0.2
    loneliness_volunteer: float = -0.7
    """Logit of loneliness for volunteers (rule volunteering_eases_loneliness). What Works
    Wellbeing (2020) volunteering review: volunteers report less loneliness."""
    loneliness_alone: float = 0.6
    """Logit of loneliness for people living alone. ONS (2018) Loneliness: what characteristics
    and circumstances are associated with feeling lonely?"""
    nature_deprivation: float = -0.35
    """Natural England People and Nature Survey: weekly nature visits fall with deprivation."""
    active_travel_deprivation: float = -0.1
    """Logit of walking or cycling to get about per unit of zd. Assumed: a weak gradient (DfT
    National Travel Survey: walking varies little with income; cycling is lower in deprived
    areas)."""
    active_travel_turnover: float = 0.2
    nature_turnover: float = 0.4

    # -- learning ----------------------------------------------------------------------------
    adult_learning_rate: float = 0.15
    """Yearly share of 19-64 year olds in formal or job-related learning. Learning and Work
    Institute Adult Participation in Learning Survey 2019: about a third in any learning;
    assumed half of that leads towards a qualification."""
    skills_years: float = 5.0
    """Pressure on adult education sets a target: each point lowers the share of 25-64 year olds
    with few qualifications by a point's worth of the adult skills measure, and adults with few
    qualifications gain one at the pace that would close the distance in this many years.
    Assumed: adult qualifications take one to three years, and take-up builds over a few more."""
    learning_progression: float = 0.02
    """Chance that a year of learning gains a qualification level. Assumed: most adult learning
    is unaccredited or at a level already held (Learning and Work Institute 2019)."""
    learning_low_skills: float = -0.4
    """Logit of taking part in learning for adults with few qualifications. Learning and Work
    Institute 2019: adults with no qualifications take part least."""
    early_years_deprivation: float = -0.3
    early_years_low_income: float = -0.6
    """Logit for children from low-income homes (rule household_income_shapes_attainment).
    DfE EYFSP 2019: 57% of children on free school meals reached a good level vs 74% of others."""
    gcse_early_years: float = 1.0
    """Logit of passing GCSE English and maths for children who reached the expected level at
    five. EPI (2017): attainment gaps open early and persist."""
    gcse_deprivation: float = -0.25
    gcse_school_quality: float = 0.6
    """Logit per unit of school quality above 0.5. Assumed: Ofsted grade is a weak predictor
    once intake is accounted for."""
    degree_given_gcse: float = 0.45
    low_skills_without_gcse: float = 0.55
    """Starting guesses for the qualification level reached by 19 (DfE Level 2 and 3
    attainment by 19, 2019: about 45% of those with GCSE English and maths go on to degree-level
    study). Each town calibrates both so that each new cohort matches its 25-44 year olds:
    without that, cohort replacement alone would drift a do-nothing town's skills."""
    school_improvement: float = 0.03
    """Yearly change of a school's quality per point of pressure on children's education."""

    # -- energy and travel -------------------------------------------------------------------
    home_efficiency_speed: float = 0.05
    """Share of the gap to target home efficiency closed each year (the pace of retrofit)."""
    gas_base: float = 4000.0
    """kWh of gas a year every gas-heated home uses whatever its insulation (hot water,
    cooking). Assumed from Ofgem's typical domestic consumption values (2019)."""
    gas_per_inefficiency: float = 12000.0
    """kWh of gas a year per unit of home inefficiency (1 - efficiency), on top of the base.
    Assumed so that a well-insulated home (0.8) uses under half what a poorly insulated one
    (0.1) does, as the Energy Saving Trust's estimates for insulation and heating suggest."""
    car_commute_co2: float = 1.1
    """Tonnes of CO2 a year per adult who gets about by car. DfT NTS 2019: about 4,500 miles a
    year per car driver at about 0.24 kg/mile."""
    gas_co2_per_kwh: float = 0.000184
    """Tonnes CO2 per kWh of gas. BEIS greenhouse gas conversion factors 2019."""


PARAMETERS = Parameters()
"""The default parameters; a simulation may be given others (sensitivity analysis)."""
