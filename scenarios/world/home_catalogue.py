"""Who lives in a home and what it owns: household archetypes and the appliance catalogue, with sources.

Archetypes (shares of urban households; occupants; workers; income factor). Shares are fitted so
the mean household size is the 2020 census's urban 2.62 persons, with one-person households at
the census's 25.4 % (NBS, 7th National Population Census, 2021). Income per household is the
Zhejiang urban per-capita disposable income, 74,997 CNY (Zhejiang Statistical Communique 2023),
times occupants and the archetype's factor, log-normal with sigma 0.6: the spread of urban
per-capita income quintiles (China urban 2011, China Statistical Yearbook 2012 table 10-7: top over
bottom quintile 5.38, sigma 0.60; Fujian urban 2021: 5.62, 0.61; a Gini of 0.33). The archetypes'
factors are assumed, in the direction the yearbook's deciles show (per-person income falls with
household size, 3.30 people in the lowest decile against 2.53 in the highest, and rises with the
share of members at work, 39 % against 62 %; business income is a larger share at the top): singles
above the mean, retired couples below, shop-houses a little above. A shop-house is a family living
over its shop: at home all day (no one leaves for work); the shop's own load is metered on its
commercial tariff, not here. Floor area: the census's urban 36.5 m2 per person,
log-normal with sigma 0.25.

Appliances: rated power [kW], cycle length [min], cycles per day (per household plus per occupant),
standby [W], the end use it belongs to, and the part of the day its use starts in (``meal``,
``evening``, ``any``: weighted by active occupancy). Each row says where its numbers come from:
CREST is Richardson et al. (2010), "Domestic electricity use: a high-resolution energy demand
model", Energy and Buildings 42(10), 1878-1887, its appliance table (mean cycle power, cycle length,
cycles a year per UK dwelling; the numbers, not its GPL code); FSEC is Parker et al. (2015),
FSEC-PF-464-15, the operational cycle counts of ANSI/RESNET 301 that OpenStudio-HPXML uses (washer
123 + 61 N, dishwasher 91 + 30 N cycles a year for N occupants). Frequencies set each appliance's
weight against the others; their common level is calibrated, with hot water and the share of the
flat conditioned, against ``scenario.mean_annual_kwh`` (``scenarios.world.homes.calibrate_intensity``).
Which homes own each is the ownership set's (``ownership=`` group, ``configs/ownership/*.yaml``,
with its sources).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# End uses of the per-home split (household_intervals.parquet) and of DR's reduction by end use.
END_USES = ("cooling", "heating", "water", "cooking", "other")


@dataclass(frozen=True)
class Archetype:
    name: str
    share: float  # of urban households
    occupants: tuple[int, ...]  # possible sizes, drawn uniformly
    workers: int  # occupants away on working days (the rest are home)
    income_factor: float  # household income per occupant against the per-capita mean


ARCHETYPES = (
    Archetype("young_single", 0.254, (1,), 1, 1.25),
    Archetype("retired_couple", 0.20, (2,), 0, 0.70),
    Archetype("working_family", 0.446, (3, 4, 4), 2, 0.95),
    Archetype("shop_house", 0.10, (3,), 0, 1.10),
)
PER_CAPITA_INCOME_CNY = 74_997.0  # Zhejiang urban per-capita disposable income, 2023
INCOME_SIGMA = 0.6
FLOOR_AREA_M2_PER_PERSON = 36.5  # urban, 2020 census
FLOOR_AREA_SIGMA = 0.25


@dataclass(frozen=True)
class Appliance:
    name: str
    end_use: str
    rated_kw: float
    cycle_min: float
    per_home_day: float  # cycles a day per household ...
    per_occupant_day: float = 0.0  # ... plus these per occupant
    standby_w: float = 0.0
    starts: str = "any"  # when a cycle starts: meal, evening, any (weighted by active occupancy)
    deferrable: bool = False  # a DR responder postpones a cycle that would start during the event


# Cycle-based appliances (space conditioning and water heating are thermal models, not cycles).
APPLIANCES = (
    # CREST: 2.0 kW, 3 min, 4.2 a day per UK dwelling (a tea habit); Chinese kettles boil 1.5-1.8 L at
    # 1.5-1.8 kW (the top of the range), 4 min; one boil per person a day: assumed
    Appliance("kettle", "cooking", 1.8, 4, 0.0, 1.0, starts="any"),
    # no published typical: a 3-5 cup cooker's cooking phase (rated 500-900 W, under GB 12021.6's
    # 2 kW scope) and its 2 W standby, one meal and a bit a day: assumed; keep-warm not modelled
    Appliance("rice_cooker", "cooking", 0.8, 40, 1.2, standby_w=2.0, starts="meal"),
    # CREST's hob: 2.4 kW, 16 min, 1.14 a day; an induction cooker's usual 1.6 kW setting, 20 min a
    # meal (Hokoi et al. 2013, Nanjing and Hefei: 20-30 min at lunch)
    Appliance("induction_cooktop", "cooking", 1.6, 20, 1.0, starts="meal"),
    # CREST: 1.25 kW, 30 min, 0.26 a day (UK meals); reheating here, 5 min 0.6 a day: assumed
    Appliance("microwave", "cooking", 1.25, 5, 0.6, standby_w=2.0, starts="meal"),
    # FSEC: (123 + 61 N) / 365 a day; 0.45 kW for 60 min, a cold wash (CREST's 0.93 kWh a cycle
    # includes UK hot washes; Chinese machines wash cold): assumed; CREST's 1 W standby
    Appliance("washing_machine", "other", 0.45, 60, 123 / 365, 61 / 365, standby_w=1.0, starts="any",
              deferrable=True),
    # CREST: 2.5 kW, 60 min, 0.33 a day per dwelling with one, 1 W standby
    Appliance("dryer", "other", 2.5, 60, 0.33, standby_w=1.0, starts="evening", deferrable=True),
    # CREST: 1.13 kW, 60 min, 0 W standby; FSEC: (91 + 30 N) / 365 a day
    Appliance("dishwasher", "other", 1.13, 60, 91 / 365, 30 / 365, starts="evening", deferrable=True),
    # CREST: 124 W (2010 UK stock; LED sets draw less: 100 W), 1-3 W standby; 3 h a household a day,
    # NBS Time Use Survey 2018: 100 min of television per person a day, shared
    Appliance("tv", "other", 0.10, 120, 1.5, standby_w=1.0, starts="evening"),
    # CREST's PC: 141 W, cycles of 5 h (about 6 h a dwelling a day), 5 W standby;
    # 0.12 kW, 72 min per person a day: assumed
    Appliance("computer", "other", 0.12, 120, 0.0, 0.6, standby_w=2.0, starts="any"),
)
APPLIANCE_NAMES = tuple(a.name for a in APPLIANCES)

# Always on: a refrigerator (GB 12021.2-2015 grade 2 for a 250 L two-door, about 0.7 kWh/day) and
# the other standby loads (router, set-top box) besides each appliance's own.
FRIDGE_KW = 0.7 / 24
BASE_STANDBY_KW = 0.025
# Lighting: LED stock, 0.12 kW in use when someone is active and daylight is short (GHI below).
LIGHTING_KW = 0.12
DARK_GHI_W_M2 = 60.0

# Space conditioning: split heat pumps, 3.5 kW cooling per unit (1.5 hp), rated COP 3.5 at 35 degC
# outdoors (ISO 5151 T1) and 3.0 heating at 7 degC (ISO 5151 H1); COP falls 2 % (cooling) and
# rises 2.5 % (heating) per kelvin of milder weather, floored. How many homes own one, and heat
# with it, is the ownership set's (configs/ownership). Units per home: one per 39 m2 of floor, 1-3,
# fitted so that owners have 2.16 on average on the drawn floor areas (Zhejiang's urban homes: 206.0
# units per 100 at the end of 2017, NBS Zhejiang Survey Organization, over the 95 % with any: 2.17);
# they scale the home's capacity.
AC_KW_THERMAL_PER_UNIT = 3.5
# Homes that do not heat with their air conditioners may heat with a resistive electric heater
# (oil-filled radiator, fan or convector heater; the ownership set's ``electric_space_heater``):
# 2 kW, the common top rating, as a 10 A household socket (GB 2099.1 / GB 1002) carries 2.2 kW at
# 220 V; every joule of heat is a joule of electricity, and it heats the rooms in use as a split unit does.
ELECTRIC_HEATER_KW = 2.0
FLOOR_M2_PER_AC_UNIT = 39.0
COOLING_COP_RATED, COOLING_COP_SLOPE_PER_K, COOLING_COP_MIN = 3.5, 0.02, 1.5
HEATING_COP_RATED, HEATING_COP_SLOPE_PER_K, HEATING_COP_MIN = 3.0, 0.025, 1.2
# The dwelling: two nodes (2R2C), the room air with furniture and the building's mass, as ISO
# 13790's simple hourly method with its surface node merged into the air node (sim/home_thermal.py
# states the equations). Per m2 of floor:
# - UA, the steady loss: the stock of the hot-summer-cold-winter zone (walls 1.0-1.5, windows
#   2.8-4.7 W/(m2 K), JGJ 134), drawn uniformly, newer to older flats;
# - its fast part, straight from the air (windows and ventilation): window-to-floor 0.15 x U 3.5 =
#   0.53, plus 0.5 air changes an hour x 2.8 m x 0.34 Wh/(m3 K) = 0.48: about 1.0, half of UA;
#   the rest goes through the walls' mass;
# - the mass: ISO 13790's "medium" class, 165 kJ/(m2 K) of floor, A_m = 2.5 A_f;
# - air and furniture: 10 kJ/(m2 K) of floor (ISO 52016-1's internal capacity);
# - air to mass: ISO 13790's h_is = 3.45 W/(m2 K) over A_t = 4.5 A_f in series with h_ms = 9.1
#   over A_m: 1 / (1/15.5 + 1/22.75) = 9.23;
# - gains: half of the internal gains are convective (to the air); the radiant half and the solar
#   gains reach the mass in proportion A_m / A_t = 0.56 (ISO 13790, C.3): the air takes 0.72 of
#   the internal and 0.44 of the solar gains.
UA_W_PER_M2K = (1.4, 2.6)
FAST_SHARE_OF_UA = 0.5
CAPACITY_J_PER_M2K = 165e3
AIR_CAPACITY_J_PER_M2K = 10e3
AIR_MASS_W_PER_M2K = 9.23
AIR_SHARE_INTERNAL_GAINS, AIR_SHARE_SOLAR_GAINS = 0.72, 0.44
# "Part-time, part-space" conditioning, the practice of the hot-summer-cold-winter zone (Hu, Yan et
# al. 2020, Energy and Buildings 214, 109885): the rooms in use are cooled or heated, not the flat.
# No survey gives the share of floor: these starting shares are scaled by the calibrated behaviour
# factor, and benchmarks/homes.py checks what they give against metered homes of the zone (Du et al.
# 2022: air conditioning 10-12.7 kWh per m2 a year in 19 Yangtze-basin homes; Guo et al. 2015: heating
# about 3 kWh/m2). The conditioned rooms follow the dwelling's per-m2 physics; the rest float.
COOLED_SHARE, HEATED_SHARE = 0.6, 0.5
# Solar gains: window area 15 % of floor (JGJ 134 window-to-floor ratios), about 0.13 of the
# horizontal irradiance through it (glass g 0.6 x frames and shading 0.45 x vertical against
# horizontal 0.5 = 0.135): 0.02 m2 per m2 of floor. People 100 W each when home (ISO 7730: 1 met x
# 1.8 m2); 80 % of the appliances' electricity ends as heat in the rooms.
SOLAR_APERTURE_PER_M2 = 0.02
OCCUPANT_GAIN_W = 100.0
APPLIANCE_GAIN_SHARE = 0.8

# Water heating: a 60 L, 2 kW electric storage heater kept at 60 degC with a 5 K dead band,
# standby loss 1.2 W/K, 1.3 kWh/24 h at 45 K (GB 21519's grade 2 for 60 L is about 1.1: a little worse); hot water use
# 40 L per person per day at 40 degC from cold water at 15 degC, before the calibrated behaviour
# factor: GB 50015's design quota for homes with their own heater and shower, 40-80 L at 60 degC
# (72-144 L at 40 degC), is a maximum day; no measured Chinese mean was found, and the calibration
# sets the level with the other behaviour. Below 40 degC in the tank the hot water goes short
# (sim/home_thermal.py). Which homes have one is the ownership set's.
TANK_L, TANK_KW, TANK_SETPOINT_C, TANK_DEADBAND_K, TANK_LOSS_W_PER_K = 60.0, 2.0, 60.0, 5.0, 1.2
HOT_WATER_L_PER_PERSON_DAY, HOT_WATER_USE_C, COLD_WATER_C = 40.0, 40.0, 15.0
ROOM_C_AT_TANK = 20.0  # the air around the tank, for its standby loss


def archetype_shares(shares) -> np.ndarray:
    """Archetype shares as an array summing to 1 (``homes.archetype_shares`` in ARCHETYPES' order)."""
    out = np.asarray(shares, dtype=np.float64)
    return out / out.sum()
