"""Who lives in a home and what it owns: household archetypes and the appliance catalogue, with sources.

Archetypes (shares of urban households; occupants; workers; income factor). Shares are fitted so
the mean household size is the 2020 census's urban 2.62 persons, with one-person households at
the census's 25.4 % (NBS, 7th National Population Census, 2021). Income per household is the
Zhejiang urban per-capita disposable income, 74,997 CNY (Zhejiang Statistical Communique 2023),
times occupants and the archetype's factor, log-normal with sigma 0.6 (a Gini of 0.33 within the
urban population; stated, not fitted). Floor area: the census's urban 36.5 m2 per person,
log-normal with sigma 0.25.

Appliances: rated power [kW], cycle length [min], cycles per day (per household, or per occupant
where ``per_occupant``), standby [W], the end use it belongs to, and the part of the day its use
starts in (``meal``, ``evening``, ``any``: weighted by active occupancy). Rated powers and cycles
are those of common Chinese products (a 1.5 hp split air conditioner, a 60 L 2 kW storage water
heater, a 1.8 kW kettle); ownership per 100 urban households is NBS's (China Statistical Yearbook,
durable goods at year-end: air conditioners 161.7 and cars 50.1 in 2021; refrigerators, washing
machines and colour TVs above 100 since the 2000s), clipped to one unit per home for the simulated
ones, and the shares NBS does not publish are stated as assumptions and calibrated against
``scenario.mean_annual_kwh`` (``scenarios.world.homes.calibrate_intensity``).
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
    shop_hours: tuple[float, float] | None = None  # a shop-house's trading hours (lights and a freezer run)


ARCHETYPES = (
    Archetype("young_single", 0.254, (1,), 1, 1.25),
    Archetype("retired_couple", 0.20, (2,), 0, 0.70),
    Archetype("working_family", 0.446, (3, 4, 4), 2, 0.95),
    Archetype("shop_house", 0.10, (3,), 0, 1.10, shop_hours=(8.0, 21.0)),
)
PER_CAPITA_INCOME_CNY = 74_997.0  # Zhejiang urban per-capita disposable income, 2023
INCOME_SIGMA = 0.6
FLOOR_AREA_M2_PER_PERSON = 36.5  # urban, 2020 census
FLOOR_AREA_SIGMA = 0.25


@dataclass(frozen=True)
class Appliance:
    name: str
    end_use: str
    ownership: float  # share of homes that own one
    rated_kw: float
    cycle_min: float
    cycles_per_day: float
    per_occupant: bool = False
    standby_w: float = 0.0
    starts: str = "any"  # when a cycle starts: meal, evening, any (weighted by active occupancy)
    deferrable: bool = False  # a DR responder postpones a cycle that would start during the event


# Cycle-based appliances (space conditioning and water heating are thermal models, not cycles).
APPLIANCES = (
    Appliance("kettle", "cooking", 0.95, 1.8, 4, 1.0, per_occupant=True, starts="any"),
    Appliance("rice_cooker", "cooking", 0.95, 0.8, 40, 1.2, standby_w=2.0, starts="meal"),
    Appliance("induction_cooktop", "cooking", 0.60, 1.6, 20, 1.0, starts="meal"),
    Appliance("microwave", "cooking", 0.55, 1.0, 5, 0.6, standby_w=2.0, starts="meal"),
    Appliance("washing_machine", "other", 0.99, 0.45, 60, 0.25, per_occupant=True, standby_w=1.0, starts="any",
              deferrable=True),
    Appliance("dryer", "other", 0.10, 2.0, 60, 0.15, per_occupant=True, starts="evening", deferrable=True),
    Appliance("dishwasher", "other", 0.10, 1.2, 90, 0.5, standby_w=1.0, starts="evening", deferrable=True),
    Appliance("tv", "other", 0.98, 0.10, 120, 1.5, standby_w=1.0, starts="evening"),
    Appliance("computer", "other", 0.70, 0.12, 120, 0.6, per_occupant=True, standby_w=2.0, starts="any"),
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
# rises 2.5 % (heating) per kelvin of milder weather, floored. Ownership: 161.7 units per 100 urban
# households (NBS 2021) -> the share of homes with at least one; units per home 1-3 scale capacity.
AC_OWNERSHIP = 0.93
AC_KW_THERMAL_PER_UNIT = 3.5
COOLING_COP_RATED, COOLING_COP_SLOPE_PER_K, COOLING_COP_MIN = 3.5, 0.02, 1.5
HEATING_COP_RATED, HEATING_COP_SLOPE_PER_K, HEATING_COP_MIN = 3.0, 0.025, 1.2
# The dwelling's one-node (1R1C) envelope: UA per m2 of floor [W/(m2 K)] for the stock of the hot-
# summer-cold-winter zone (walls 1.0-1.5, windows 2.8-4.7 W/(m2 K), JGJ 134), and ISO 13790's
# "medium" thermal capacity, 165 kJ/(m2 K) of floor: a time constant near a day.
UA_W_PER_M2K = (1.4, 2.6)  # drawn uniformly: newer to older flats
CAPACITY_J_PER_M2K = 165e3
# "Part-time, part-space" conditioning, the practice of the hot-summer-cold-winter zone: the rooms
# in use are cooled or heated, not the flat (assumed shares of floor, scaled by the calibrated
# behaviour factor).
COOLED_SHARE, HEATED_SHARE = 0.6, 0.5
# Solar gains: window area 15 % of floor (JGJ 134 window-to-floor ratios), about 0.13 of the
# horizontal irradiance through it (glass g 0.6 x frames and shading 0.45 x vertical against
# horizontal 0.5 = 0.135): 0.02 m2 per m2 of floor. People 100 W each when home (ISO 7730: 1 met x
# 1.8 m2); 80 % of the appliances' electricity ends as heat in the rooms.
SOLAR_APERTURE_PER_M2 = 0.02
OCCUPANT_GAIN_W = 100.0
APPLIANCE_GAIN_SHARE = 0.8

# Water heating: a 60 L, 2 kW electric storage heater kept at 60 degC with a 5 K dead band,
# standby loss 1.2 W/K (GB 21519 grade 2 for 60 L is about 1.1 kWh/24 h at 45 K); hot water use
# 40 L per person per day at 40 degC from cold water at 15 degC. Electric share of homes: NBS counts
# water heaters of every kind (gas, electric, solar) near 100 per 100 urban households; the
# electric share is an assumption, calibrated.
WATER_HEATER_OWNERSHIP = 0.5
TANK_L, TANK_KW, TANK_SETPOINT_C, TANK_DEADBAND_K, TANK_LOSS_W_PER_K = 60.0, 2.0, 60.0, 5.0, 1.2
HOT_WATER_L_PER_PERSON_DAY, HOT_WATER_USE_C, COLD_WATER_C = 40.0, 40.0, 15.0
ROOM_C_AT_TANK = 20.0  # the air around the tank, for its standby loss


def archetype_shares(shares) -> np.ndarray:
    """Archetype shares as an array summing to 1 (``homes.archetype_shares`` in ARCHETYPES' order)."""
    out = np.asarray(shares, dtype=np.float64)
    return out / out.sum()
