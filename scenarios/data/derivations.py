"""One row per Thriving Places indicator: where its figures come from and how they are credited.

`build_references.py` summarises each `Computed` row's source across English local authorities
into its England reference, and takes each `Assumed` row's national figure as it stands;
`build_places.py` puts each `Computed` row's source onto the 309 districts of 2021 and leaves
`Assumed` rows' columns empty. Adding an indicator is adding a row here.

A row's `geography` starts with the level its source is published at (LTLA: districts, UTLA:
counties and unitaries); the rest of the text says which boundaries. Notes may quote a second
series summarised the same way (`alt`), as ``{alt[mean]}``, ``{alt[sd]}`` and ``{alt[n]}``, and
the number of rows a transform left out, as ``{excluded}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from sources import (
    Deprivation,
    DistrictColumn,
    HealthIndex,
    PerThousandResidents,
    Source,
    Subnational,
    TimeSeries,
    Transform,
    UpperTierColumn,
    Wellbeing,
)

Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class ScaleBy:
    """build_places.py: a district given its county's value has it scaled by how much more (or
    less) of another indicator it has than the county: value x (district's figure / the
    county's population-weighted mean over its districts)."""

    indicator: str
    described: str
    """The other indicator as the provenance rule names it."""


@dataclass(frozen=True)
class Computed:
    """An indicator computed from the shared data."""

    id: str
    reads: Source
    unit: str
    direction: Direction
    year: str
    geography: str
    note: str
    source: str = ""
    """The credit in england_references.yaml; by default the source's own citation."""
    transform: Transform | None = None
    alt: Source | None = None
    """A second series, summarised into the note (an alternative measure, another year)."""
    extras: tuple[Literal["log", "median"], ...] = ()
    """Extra figures for skewed series: log_mean and log_sd, or the median."""
    reference_key: str = ""
    """The key in england_references.yaml, where it is not the id."""
    in_places: bool = True
    """False for a series kept only as a reference (not a framework indicator)."""
    district_reads: Source | None = None
    """build_places.py reads this instead (several years where one year is too noisy)."""
    other_years: str = ""
    """build_places.py: fill a district missing in the year from its nearest other year, with
    this rule text in the provenance."""
    scale_by: ScaleBy | None = None
    assumed_sd: float | None = None
    """An assumed England spread used instead of the districts' own, for modelled figures
    that carry only part of the indicator's variation between places (the note says why)."""

    status: ClassVar[str] = "computed"

    def __post_init__(self) -> None:
        for src in (self.reads, self.district_reads):
            if src is not None and not self.geography.startswith(src.level):
                raise ValueError(f"{self.id}: geography {self.geography!r} is not {src.level}")

    @property
    def key(self) -> str:
        return self.reference_key or self.id


@dataclass(frozen=True)
class Assumed:
    """An indicator the shared data does not cover: an England mean from a named national
    publication and an assumed spread across local authorities."""

    id: str
    mean: float
    sd: float
    unit: str
    direction: Direction
    year: str
    source: str
    note: str
    geography: str = "LTLA (assumed spread)"
    in_places: bool = True
    """False for a figure measured on the town's residents, never set from data."""

    status: ClassVar[str] = "assumed"

    @property
    def key(self) -> str:
        return self.id


Derivation = Computed | Assumed

STRAIGHT = "Straight mean of district averages"
DOMAIN = "LSOA-population-weighted average of the domain score per district"
LTLA_2021 = "LTLA (2021 boundaries)"
HI_2018 = "2018 (Health Index 2018 input)"
JOURNEYS = "LTLA (2011 boundaries, 326 districts)"
HI_2021 = (
    "ONS Health Index for England 2015-2021 underlying data (district inputs), via "
    "humaniverse/healthyr data/england_health_index_indicators.rda"
)
HI_2019_YEAR = "Health Index 2019 input (district)"
DCMS = (
    "DCMS Participation Survey 2023/24 (24 July 2024), via ONSdigital/explore-local-statistics-data "
    "engagement-with-culture-and-heritage"
)
FROM_2023_UNITARY = (
    "value of the 2023 unitary that replaced the district (the 2023/24 source has no "
    "figure on 2021 boundaries)"
)
SMALL = ("E09000001", "E06000053")
"""City of London (6 neighbourhoods) and the Isles of Scilly (1): a spread between fifths of
neighbourhoods means nothing there, so their values are filled by the districts rules."""

DERIVATIONS: tuple[Derivation, ...] = (
    # ------------------------------------------------ Place & Environment
    Computed(
        "air_pollution",
        HealthIndex("air_poll"),
        unit="ug/m3 annual mean PM2.5 (population-weighted)",
        direction="lower",
        year=HI_2018,
        geography="UTLA",
        note="Health Index 'Air pollution' (mean ug/m3, PM2.5 per ONS HI definitions); county rows are whole-county values",
    ),
    Computed(
        "living_environment_deprivation",
        Deprivation("Environment_Score"),
        unit="IMD 2019 Living Environment domain average score",
        direction="lower",
        year="2019 (IoD2019; indicators mostly 2015-2017)",
        geography=LTLA_2021,
        note=DOMAIN,
    ),
    Computed(
        "garden_access",
        DistrictColumn(
            "health_index_2021_ltla_selected.csv", "private_outdoor_space_pct_addresses", HI_2021
        ),
        unit="% of addresses with private outdoor space (garden, patio or balcony)",
        direction="higher",
        year="2020 (ONS/OS release, used as Health Index input)",
        geography=LTLA_2021,
        note="Amenity of the home, so Local Conditions (local environment), not Sustainability. Inner London 50-65%; left-skewed",
    ),
    Computed(
        "public_transport_to_work",
        Subnational(
            "Public transport to employer",
            "DfT Journey Time Statistics JTS0401 2019, Emp201 500EmpPTt",
        ),
        unit="minutes (average travel time to nearest employment centre with 500-4999 jobs, public transport/walk)",
        direction="lower",
        year="2019",
        geography=JOURNEYS,
        note=STRAIGHT,
    ),
    Computed(
        "drive_to_work",
        Subnational(
            "Drive to employer", "DfT Journey Time Statistics JTS0401 2019, Emp220 500EmpCart"
        ),
        unit="minutes (average travel time to nearest employment centre with 500-4999 jobs, by car)",
        direction="lower",
        year="2019",
        geography=JOURNEYS,
        note=STRAIGHT + "; the access to work of places where most journeys are by car",
    ),
    Computed(
        "services_distance",
        DistrictColumn(
            "health_index_2021_ltla_selected.csv",
            ("distance_gp_median_km_hi2019", "distance_pharmacy_median_km_hi2019"),
            HI_2021,
        ),
        unit="km, median road distance to the nearest GP surgery and pharmacy (mean of the two)",
        direction="lower",
        year=HI_2019_YEAR,
        geography=LTLA_2021,
        note="Road distance, so it counts for rural places as for urban ones; right-skewed (rural districts 3-5 km)",
        extras=("log",),
    ),
    Computed(
        "rail_station_walk",
        DistrictColumn(
            "walk_access_library_rail_2024.csv",
            "pop_within_30min_walk_railway_station_pct_2024",
            "ONS/OS Access to local amenities: travel time to railway stations (Oct 2024), via ONSdigital/explore-local-statistics-data railway-station-walk",
            flag="value_from_2023_unitary",
            flag_status="filled",
            flag_rule=FROM_2023_UNITARY,
        ),
        unit="% of residents within a 30-minute walk of a railway station",
        direction="higher",
        year="June 2024",
        geography=LTLA_2021,
        note="Walking only (4.8 km/h): low in rural districts and in towns without a station; one of four transport indicators so it does not decide the score alone",
    ),
    Computed(
        "road_safety",
        HealthIndex("road_safety"),
        unit="road casualties per billion vehicle miles (inferred; HI metadata gives no unit)",
        direction="lower",
        year=HI_2018,
        geography="UTLA",
        note="NOT KSI per population: magnitudes (median ~330, Camden 3061, West Berkshire 105) fit all-severity casualties per traffic volume; heavily right-skewed (London)",
        extras=("log",),
        in_places=False,
    ),
    Computed(
        "crime_deprivation",
        Deprivation("Crime_Score"),
        unit="IMD 2019 Crime domain average score (z-score scale)",
        direction="lower",
        year="2019 (IoD2019; crime data 2016/17-2017/18)",
        geography=LTLA_2021,
        note=DOMAIN,
    ),
    Computed(
        "personal_crime",
        DistrictColumn(
            "health_index_2021_ltla_selected.csv", "personal_crime_per_1000_hi2019", HI_2021
        ),
        unit="police recorded personal crimes per 1,000 residents",
        direction="lower",
        year=HI_2019_YEAR,
        geography=LTLA_2021,
        note="District figures (the 2018 county file's values for ten counties were an aggregation defect); City of London and Scilly are not in the Health Index",
    ),
    Computed(
        "housing_barriers",
        Deprivation("Housing_and_Access_Score"),
        unit="IMD 2019 Barriers to Housing and Services domain average score",
        direction="lower",
        year="2019 (IoD2019)",
        geography=LTLA_2021,
        note=DOMAIN,
    ),
    Computed(
        "housing_affordability",
        DistrictColumn(
            "housing_affordability_2019_lad23.csv",
            "housing_affordability_ratio_2019",
            "ONS House price to residence-based earnings ratio 2019, via ONSdigital/explore-local-statistics-data housing-affordability-ratio",
            staged=True,
        ),
        unit="ratio of median house price to median gross annual residence-based earnings",
        direction="lower",
        year="2019",
        geography="LTLA (2023 boundaries)",
        note="District figures; London-skewed (Kensington and Chelsea above 30)",
    ),
    Computed(
        "rough_sleeping",
        HealthIndex("rough_sleep"),
        unit="people sleeping rough per 100,000 residents (autumn snapshot)",
        direction="lower",
        year=HI_2018,
        geography="UTLA",
        note="Very skewed (Westminster 120, Camden 54); consider log or capping when scoring",
        extras=("log",),
    ),
    # ------------------------------------------------ Health
    Computed(
        "healthy_life_expectancy",
        Subnational(
            ("Female HLE", "Male HLE"), "ONS Health state life expectancies 2017-19", level="UTLA"
        ),
        unit="years (healthy life expectancy at birth, mean of female and male)",
        direction="higher",
        year="2017-2019",
        geography="UTLA",
        note="Unweighted mean of female and male HLE per county/UA, then across areas",
    ),
    Computed(
        "life_expectancy_at_birth",
        DistrictColumn(
            "health_index_2021_ltla_selected.csv",
            "life_expectancy_birth_persons_years_hi2019",
            HI_2021,
        ),
        reference_key="life_expectancy",
        unit="years (life expectancy at birth, persons)",
        direction="higher",
        year=HI_2019_YEAR + " (3-year life expectancy)",
        geography=LTLA_2021,
        note="District figures (persons); City of London and Scilly are not in the Health Index",
    ),
    Computed(
        "health_deprivation",
        Deprivation("Health_Score"),
        unit="IMD 2019 Health Deprivation and Disability domain average score (z-score scale)",
        direction="lower",
        year="2019 (IoD2019)",
        geography=LTLA_2021,
        note=DOMAIN,
    ),
    Computed(
        "smoking",
        Subnational("Smokers", "ONS Adult smoking habits (APS) 2020"),
        alt=HealthIndex("smoke"),
        unit="% adults (18+) currently smoking cigarettes",
        direction="lower",
        year="Apr-Dec 2020 (APS)",
        geography="LTLA (2019 boundaries)",
        note="2020 APS (pandemic, phone mode) reads ~2pp low vs 2019; pre-pandemic alt: HI 'smoke' 2018 UTLA mean {alt[mean]:.1f} sd {alt[sd]:.2f} n={alt[n]}",
    ),
    Computed(
        "overweight_adults",
        Subnational("Overweight adults", "OHID Obesity Profile, Active Lives 2019/20"),
        unit="% adults (18+) overweight or obese (BMI>=25)",
        direction="lower",
        year="2019/20 (Active Lives)",
        geography=LTLA_2021,
        note="Straight mean of district estimates",
    ),
    Computed(
        "physical_activity",
        HealthIndex("activity"),
        unit="% adults physically active (>=150 min/week)",
        direction="higher",
        year="2018 Health Index input (Active Lives ~2017/18)",
        geography="UTLA",
        note="Only physical-activity series in shared data; county-level",
    ),
    Computed(
        "depression",
        HealthIndex("depres"),
        unit="% adults (18+) with GP-recorded depression (QOF prevalence)",
        direction="lower",
        year="2018 Health Index input (QOF ~2017/18)",
        geography="UTLA",
        note="Aggregated to county/UA in the Health Index",
    ),
    Computed(
        "anxiety",
        Wellbeing(
            "Anxiety",
            2020,
            2020,
            "ONS Annual personal well-being estimates by local authority; file ons_personal_wellbeing/uk_wellbeing_full_dataset.csv column Anxiety, Year==2020",
        ),
        # one district-year is noisy (the data README): a district takes its 4-year mean
        district_reads=Wellbeing("Anxiety", 2017, 2020),
        alt=Subnational("Anxiety"),
        unit="mean anxiety yesterday, 0-10 (ONS APS personal wellbeing)",
        direction="lower",
        year="Apr 2019-Mar 2020",
        geography="LTLA (names matched to codes)",
        note="Matched by name to E06-E09 codes; single-year district values are noisy (sd includes sampling error). Pandemic 2020/21 subnational file: mean {alt[mean]:.2f} sd {alt[sd]:.2f}",
    ),
    # ------------------------------------------------ Education
    Computed(
        "adult_skills",
        Deprivation("Education_Score"),
        alt=HealthIndex("training"),
        unit="IMD 2019 Education, Skills and Training domain average score",
        direction="lower",
        year="2019 (IoD2019)",
        geography=LTLA_2021,
        note="Domain mixes children's attainment and adult skills (overlaps childrens_education). Alt adult measure: HI 'training' (% 16-64 with job-related training, higher better) 2018 UTLA mean {alt[mean]:.1f} sd {alt[sd]:.2f}",
    ),
    Computed(
        "apprenticeship_starts",
        Subnational("Apprenticeships starts"),
        transform=PerThousandResidents(),
        unit="apprenticeship starts per 1,000 residents (all ages)",
        direction="higher",
        year="2020/21 starts / mid-2021 population",
        geography=LTLA_2021,
        source="DfE Apprenticeships and traineeships 2020/21 (starts by home LAD), ons_subnational_indicators_2022/Apprenticeships starts-Table 1.csv; divided by ONS MYE 2021 more/pop_mye2021_lad21_sya.csv population_2021 summed",
        note="Pandemic year (starts ~18% below 2018/19); all-ages denominator; armed-forces outliers (Richmondshire 56, Gosport 19) inflate sd - see median/p95",
        extras=("median",),
    ),
    Computed(
        "gcse_english_maths",
        Subnational("GCSE", "DfE Level 2 and 3 attainment by age 19, L2_em"),
        unit="% young people with GCSE (or equiv.) English and maths by age 19",
        direction="higher",
        year="2019/20 (cohort aged 19)",
        geography="LTLA (2019 boundaries)",
        note="Straight mean of district percentages",
    ),
    Computed(
        "early_years",
        HealthIndex("ey_dev"),
        alt=Subnational(("Early yrs comms", "Early yrs lit", "Early yrs maths"), level="UTLA"),
        unit="% children achieving a good level of development at age 5 (EYFSP GLD)",
        direction="higher",
        year="2017/18 (Health Index 2018 input)",
        geography="UTLA",
        note="GLD is the headline EYFSP measure. Alt (2019, UTLA): mean of % expected in communication, literacy, maths (subnational files) mean {alt[mean]:.1f} sd {alt[sd]:.2f} n={alt[n]}",
    ),
    Computed(
        "good_schools",
        Subnational(
            "Good or outstanding schools",
            "Ofsted state-funded schools inspections and outcomes at 31 Aug 2021",
            level="UTLA",
        ),
        unit="% state-funded schools rated good or outstanding by Ofsted",
        direction="higher",
        year="Aug 2021 (most recent inspections)",
        geography="UTLA (2021 boundaries)",
        note="Share of SCHOOLS (not pupils) rated good/outstanding; spec asks for share of pupils",
    ),
    # ------------------------------------------------ Work & local economy
    Computed(
        "employment_rate",
        Subnational("Employment rate", "ONS APS LI01 employment rate 16-64, 2020"),
        unit="% of people aged 16-64 in employment",
        direction="higher",
        year="Jan-Dec 2020 (APS)",
        geography=LTLA_2021,
        note="Only year available; 2020 national rate ~0.5pp below 2019",
    ),
    Computed(
        "unemployment_rate",
        DistrictColumn(
            "unemployment_modelled_lad21_2019_2023.csv",
            "unemployment_rate_16plus_pct_2019",
            "ONS model-based unemployment (LI01, April 2024), via ONSdigital/explore-local-statistics-data",
        ),
        unit="% of economically active aged 16+ unemployed (model-based)",
        direction="lower",
        year="Jan-Dec 2019",
        geography=LTLA_2021,
        note="ONS model-based estimates for districts",
    ),
    Computed(
        "median_weekly_pay",
        TimeSeries(
            "median_weekly_pay_els_2002_2022.csv",
            code="AREACD",
            name="AREANM",
            period="Period",
            value="Value",
            year="2019",
            credit="ONS ASHE via ONS Explore Local Statistics; file more/median_weekly_pay_els_2002_2022.csv column Value, Period==2019",
        ),
        other_years="same district, ASHE year",
        unit="GBP per week (gross median, all employees, residence-based)",
        direction="higher",
        year="2019 (ASHE April 2019)",
        geography=LTLA_2021,
        note="All employees incl. part-time (hence ~GBP 480, not the ~GBP 590 full-time figure)",
    ),
    Computed(
        "low_pay",
        HealthIndex("low_pay"),
        unit="% of employee jobs paid below the (real) Living Wage",
        direction="lower",
        year=HI_2018,
        geography="UTLA",
        note="HI metadata says 'below NLW' but levels (mean 25%, max 49%) only fit the Living Wage Foundation threshold",
    ),
    Computed(
        "income_deprivation",
        Deprivation("Income_Score"),
        unit="share of residents income-deprived (0-1, IMD Income score)",
        direction="lower",
        year="2019 (IoD2019; benefits data 2015/16)",
        geography=LTLA_2021,
        note="Multiply by 100 for a percentage",
    ),
    Computed(
        "child_poverty",
        DistrictColumn(
            "health_index_2021_ltla_selected.csv",
            "child_poverty_absolute_low_income_pct_hi2019",
            HI_2021,
        ),
        unit="% children (0-15) in absolute low-income families (before housing costs)",
        direction="lower",
        year=HI_2019_YEAR + " (DWP Children in low income families)",
        geography=LTLA_2021,
        note="District figures",
    ),
    Computed(
        "productivity",
        Subnational("GVA per hour", "ONS Subregional productivity, table A3, 2019"),
        unit="GBP nominal smoothed GVA per hour worked",
        direction="higher",
        year="2019",
        geography=LTLA_2021,
        note="Straight mean of district values",
    ),
    # ------------------------------------------------ Sustainability
    Computed(
        "co2_per_head",
        TimeSeries(
            "co2_beis_2005_2020_mysociety_gss.csv",
            code="gss-code",
            name="official-name",
            period="Year",
            value="Per Person Emissions:t",
            year="2019",
            credit="BEIS UK local authority CO2 emissions 2005-2020 via mySociety; file more/co2_beis_2005_2020_mysociety_gss.csv column 'Per Person Emissions:t', Year==2019",
        ),
        unit="tonnes CO2 per resident (territorial; sectors in file: industry incl. large installations, commercial, public, domestic, A/minor-road transport, agriculture, waste; no motorways, no LULUCF)",
        direction="lower",
        year="2019",
        geography="LTLA (pre-2023 boundaries)",
        note="Right-skewed: City of London 65.9 t (tiny resident population), industrial districts high; median 4.1 t; consider log or capping",
        extras=("median",),
    ),
    Computed(
        "domestic_gas_use",
        TimeSeries(
            "domestic_gas_kwh_per_meter_els_2012_2024.csv",
            code="AREACD",
            name="AREANM",
            period="Period",
            value="Observation",
            year="2019",
            credit="DESNZ Sub-national gas consumption via ONS Explore Local Statistics; file more/domestic_gas_kwh_per_meter_els_2012_2024.csv column Observation, Period 2019-05-15/P1Y",
        ),
        unit="kWh per domestic gas meter per year (mean consumption)",
        direction="lower",
        year="2019 (gas year from mid-May 2019)",
        geography="LTLA (2023 boundaries)",
        note="Weather-corrected mean per meter; districts with no gas grid (Scilly) absent",
    ),
    Computed(
        "recycling_rate",
        TimeSeries(
            "recycling_defra_2015_2022.csv",
            code="area_code",
            name="area_name",
            period="period",
            value="value",
            year="2019/20",
            financial_years=True,
            credit="DEFRA ENV18 local authority collected waste (NI192) via traffordDataLab; file more/recycling_defra_2015_2022.csv column value, period==2019/20",
        ),
        other_years="same district, DEFRA year ending March",
        unit="% household waste sent for reuse, recycling or composting",
        direction="higher",
        year="2019/20",
        geography="LTLA (waste collection authorities & unitaries)",
        note="E10 county (disposal authority) rows excluded",
    ),
    Computed(
        "green_space_access",
        HealthIndex("pub_greenspace"),
        unit="metres, average distance to nearest park, public garden or playing field",
        direction="lower",
        year="2020 (ONS/OS green space release, used as HI 2018 input)",
        geography="UTLA",
        note="Large rural counties dominate the upper tail (Shropshire 2860 m); LTLA spread would be wider",
        extras=("log",),
    ),
    # ------------------------------------------------ People & Community (culture)
    Computed(
        "cultural_engagement",
        DistrictColumn(
            "culture_engagement_dcms_2023_24.csv",
            "engaged_arts_physically_12m_pct",
            DCMS,
            flag="value_from_2023_unitary",
            flag_status="filled",
            flag_rule=FROM_2023_UNITARY,
        ),
        unit="% adults (16+) who engaged with the arts in person in the last 12 months",
        direction="higher",
        year="April 2023 - March 2024",
        geography=LTLA_2021,
        note="Survey estimates in whole percentages with wide district intervals (about +/-4 points)",
    ),
    Computed(
        "heritage_visits",
        DistrictColumn(
            "culture_engagement_dcms_2023_24.csv",
            "visited_heritage_site_12m_pct",
            DCMS,
            flag="value_from_2023_unitary",
            flag_status="filled",
            flag_rule=FROM_2023_UNITARY,
        ),
        unit="% adults (16+) who visited a heritage site in the last 12 months",
        direction="higher",
        year="April 2023 - March 2024",
        geography=LTLA_2021,
        note="Survey estimates; wide district intervals",
    ),
    Computed(
        "library_visits",
        DistrictColumn(
            "culture_engagement_dcms_2023_24.csv",
            "visited_public_library_12m_pct",
            DCMS,
            flag="value_from_2023_unitary",
            flag_status="filled",
            flag_rule=FROM_2023_UNITARY,
        ),
        unit="% adults (16+) who visited a public library in the last 12 months",
        direction="higher",
        year="April 2023 - March 2024",
        geography=LTLA_2021,
        note="Survey estimates; libraries are a council service, within reach of local action",
    ),
    # ------------------------------------------------ Equality
    Computed(
        "life_expectancy_gap",
        DistrictColumn(
            "iod2019_neighbourhood_gaps_lad21.csv",
            "life_expectancy_gap_modelled_years",
            "Modelled from MHCLG English Indices of Deprivation 2019 (LSOA IMD ranks, File 6 populations) and ONS Health state life expectancies by national deprivation deciles, England: 2017 to 2019 (SII males 9.4, females 7.6 years)",
            staged=True,
            drop=SMALL,
        ),
        unit="years, slope index of inequality in life expectancy at birth across the district's neighbourhoods (mean of males and females), modelled",
        direction="lower",
        year="2017-2019 (national gradient) on IMD 2019 neighbourhoods",
        geography=LTLA_2021 + ", modelled from neighbourhoods",
        note="MODELLED, not measured: 8.5 years (England's SII, mean of males and females) x the population-weighted slope of the district's neighbourhoods' national IMD percentile (0-1) on their own deprivation rank (0-1) within the district; see stage_neighbourhoods.py. Assumes England's deprivation gradient in life expectancy holds within every district",
    ),
    Computed(
        "income_deprivation_gap",
        DistrictColumn(
            "iod2019_neighbourhood_gaps_lad21.csv",
            "income_deprivation_gap_pp",
            "MHCLG English Indices of Deprivation 2019, LSOA Income Domain numerator (File 8) over population denominator (File 6), aggregated to LAD 2021 by this project",
            staged=True,
            drop=SMALL,
        ),
        unit="percentage points: income deprivation rate of the district's most income-deprived fifth of residents' neighbourhoods minus that of its least deprived fifth",
        direction="lower",
        year="2019 (IoD2019; benefits data 2015/16)",
        geography=LTLA_2021 + ", from neighbourhoods (LSOA 2011)",
        note="Neighbourhoods (LSOAs) sorted by IoD 2019 Income Score (rate); each fifth is 20% of the district's population (the boundary neighbourhood counted in part); population-weighted means; see stage_neighbourhoods.py",
    ),
    Computed(
        "gender_pay_gap",
        DistrictColumn(
            "gender_pay_gap_ashe2022_north_only.csv",
            "median_gpg_hourly_excl_overtime_pct_all_2022",
            "ONS Annual Survey of Hours and Earnings 2022 provisional, Table 8.12 (place of residence), via open-innovations/jrf-insight data/gender-pay-gap/gender-pay-gap.csv",
        ),
        unit="% gap in median hourly pay (excl. overtime), men vs women, all employees, by residence",
        direction="lower",
        year="April 2022 (provisional)",
        geography="LTLA (2021 boundaries; PARTIAL: North East, North West, Yorkshire and the Humber only)",
        note="PARTIAL: the only copy found holds the 72 districts of the three northern regions (19 suppressed), so the reference is the North's spread and the other 237 districts take the mean of the districts with data (flagged filled). District gaps have wide sampling error",
    ),
    Computed(
        "attainment_gap",
        UpperTierColumn(
            "ks4_att8_disadvantage_gap_utla_on_lad21.csv",
            "att8_gap_points_2018_19",
            "DfE Key stage 4 performance 2018/19 by pupil characteristics, via dfe-analytical-services/local-authority-interactive-tool 01_data/02_prod/bds_long_0.parquet",
        ),
        unit="Attainment 8 points: all other pupils minus disadvantaged pupils",
        direction="lower",
        year="2018/19 academic year",
        geography="UTLA (counties and unitaries, by school location)",
        note="Upper-tier figures: a district in a county takes its county's gap (flagged county)",
    ),
    Computed(
        "ethnic_employment_gap",
        DistrictColumn(
            "ethnicity_neighbourhood_gaps_lad21.csv",
            "ethnic_employment_gap_modelled_pp",
            "ONS Census 2021 and MHCLG English Indices of Deprivation 2019, modelled by this project; Census 2021 TS021 ethnic group by LSOA 2021 via humaniverse/demographr data/ethnicity21_lsoa21.rda; IoD 2019 Employment Domain numerator (File 8) over working-age denominator (File 6) by LSOA; national gap about 11 points (ONS Annual Population Survey 2019 via Ethnicity facts and figures); stage_ethnicity.py",
            staged=True,
            drop=SMALL,
        ),
        unit="percentage points, employment rate (16-64) White minus ethnic minority, modelled",
        direction="lower",
        year="Census 2021 on IoD 2019 neighbourhoods",
        geography=LTLA_2021 + ", modelled from neighbourhoods (LSOA 2021)",
        note="MODELLED, not measured: England's gap (about 11 points, APS) split into a part between neighbourhoods and a part within them; the district keeps England's within-neighbourhood part (9.38 points) and adds its own between-neighbourhood part: how much more often, in points, its ethnic minority residents than its White residents live among working-age neighbours out of work (IoD 2019 employment deprivation, weighted by Census 2021 residents of each group). Assumes the within part is England's everywhere and that employment differs between neighbourhoods as employment deprivation does. The spread stays the assumed 8 points of a measured district gap: the modelled figures (sd about 1.3) carry only the neighbourhood part, and one job in a small town moves a resident-measured gap by more than a point. See stage_ethnicity.py",
        assumed_sd=8.0,
    ),
    # ------------------------------------------------ People & Community (civic life)
    Computed(
        "voter_turnout",
        DistrictColumn(
            "eu_referendum_turnout_2016_lad21.csv",
            "eu_referendum_turnout_pct_2016",
            "Electoral Commission, EU referendum results by counting area (23 June 2016), via BBK-PiJ-2015-08/EUref_vs_petition EU-referendum-result-data.csv; votes cast over electorate, merged districts by this project (stage_community.py)",
            flag="merged",
            flag_status="merged",
            flag_rule="votes cast over electorate summed over the 2016 counting areas it was formed from (electorate-weighted)",
            staged=True,
        ),
        unit="% of the registered electorate who voted in the 2016 EU referendum",
        direction="higher",
        year="23 June 2016",
        geography=LTLA_2021 + " from 2016 counting areas (pre-2019 districts)",
        note="One national vote on one day, so places compare on equal terms (local elections run on different cycles and some districts have none in a year); national votes run about 40 points above local turnout (local elections 2018: 34.7%), so this measures taking part in democracy, not in local elections. 8 districts formed 2019-2021 combine their predecessors' votes and electorates",
    ),
    Computed(
        "loneliness",
        DistrictColumn(
            "cls_loneliness_by_area_type_lad21.csv",
            "loneliness_some_often_always_pct_modelled",
            "DCMS Community Life Survey 2020/21, loneliness by 2011 Output Area Classification group (ad hoc release), put onto LSOA 2021 by humaniverse/loneliness inst/extdata/england_cls_loneliness_lsoa.csv; district mean over LSOAs by this project (stage_community.py)",
            staged=True,
        ),
        unit="% adults (16+) lonely often, always or some of the time (modelled from the kind of neighbourhood)",
        direction="lower",
        year="April 2020 - March 2021",
        geography=LTLA_2021 + ", modelled from LSOA 2021 area types",
        note="MODELLED, not measured: the survey's rate for each of 26 neighbourhood types (OAC 2011 groups), averaged over the district's LSOAs, so a district differs only by its mix of neighbourhoods (sd across districts under 2 points, narrower than a local measure would be). Wider than the 'often or always' rate (CLS 2019/20 6%) because it counts 'some of the time'; a pandemic year",
    ),
    # ------------------------------------------------ not in the shared data
    Assumed(
        "volunteering",
        mean=23.0,
        sd=4.0,
        unit="% adults (16+) formally volunteering at least once a month",
        direction="higher",
        year="2019/20",
        source="DCMS Community Life Survey 2019/20, Volunteering and charitable giving (England 23%)",
        note="Assumed sd 4pp: CLS is too small for LAs; Active Lives LA volunteering rates span roughly 15-30%",
    ),
    Computed(
        "belonging",
        DistrictColumn(
            "cls_belonging_by_rurality_lad21.csv",
            "belonging_pct_modelled",
            "DCMS Community Life Survey 2017/18, belonging to the immediate neighbourhood in rural (68%) and urban (61%) areas (answer to Commons written question 206842, 17 January 2019), applied to each district's 2011 share of residents in rural Output Areas (ONS/Defra 2011 Rural-Urban Classification LAD lookup via shepherdwill/graduate_mobility); stage_cohesion.py",
            staged=True,
        ),
        unit="% adults who feel they belong (very/fairly strongly) to their immediate neighbourhood, modelled",
        direction="higher",
        year="2017/18 survey rates on 2011 residents",
        geography=LTLA_2021 + ", modelled from the share of residents in rural areas",
        note="MODELLED, not measured: the survey's rates for adults in rural (68%) and urban (61%) areas applied to the district's share of residents living in rural Output Areas (2011), so districts differ only by how rural they are: a wholly urban district is 61 whatever its deprivation or turnover. The survey is too small for districts before its 2023/24 boost, and no stored copy of a finer breakdown (by neighbourhood type or deprivation) or of the 2023/24 local tables was found. The spread stays the assumed 5 points of a local estimate: the modelled figures (sd 1.7) carry only the rural-urban part. See stage_cohesion.py",
        assumed_sd=5.0,
    ),
    Computed(
        "active_travel",
        DistrictColumn(
            "census2011_active_commute_lad21.csv",
            "active_travel_modelled_pct",
            "ONS Census 2011 QS701EW method of travel to work by local authority (shares via Robinlovelace/cycling-chd data/la_transport.csv), modelled by this project on England's assumed 35% (DfT walking and cycling statistics, Active Lives, 2018/19); stage_travel.py",
            staged=True,
        ),
        unit="% adults walking or cycling for travel at least 3 times a week, modelled",
        direction="higher",
        year="Census 2011 commutes on 2018/19 England level",
        geography=LTLA_2021 + ", modelled from the Census's travel to work",
        note="MODELLED, not measured: England's assumed 35% of adults walking or cycling to get about at least three times a week (DfT, Active Lives 2018/19, not verified to the table), plus how many points more (or fewer) of the district's residents aged 16-74 walked or cycled to work in 2011 than the mean district's (9.2%). Assumes places differ in all active travel by as many points as in active commuting (an additive shift: Cambridge would pass 100% as a ratio); workers' commutes only, before the pandemic; the 8 districts formed 2019-2021 weight their predecessors by 2011 residents. The spread stays the assumed 8 points: the modelled figures' own winsorised sd (2.6) would put 13 districts at 10. See stage_travel.py",
        assumed_sd=8.0,
    ),
    Assumed(
        "nature_visits",
        mean=62.0,
        sd=8.0,
        unit="% adults visiting green and natural spaces at least once a week",
        direction="higher",
        year="2018/19",
        source="Natural England Monitor of Engagement with the Natural Environment (MENE) headline report 2019",
        note="Assumed sd 8pp: lower in deprived urban areas and among older/ethnic-minority populations; national ~62-64%",
    ),
)

if len({row.key for row in DERIVATIONS}) != len(DERIVATIONS):
    raise ValueError("derivations.py: an indicator has two rows")
