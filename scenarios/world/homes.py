"""Homes made of people, a dwelling and appliances (``homes.model = appliances``), drawn as arrays.

Each home gets an archetype (``home_catalogue.ARCHETYPES``), its occupants and workers, an income,
a floor area and a two-node envelope (UA, the mass's heat capacity), air-conditioning units (that
heat too, or not), an electric water heater or not, and an appliance stock, each drawn from the
ownership set (``ownership=`` group). People are rows too: each
knows its home and whether it works. ``calibrate_intensity`` then sets one behaviour factor (on
appliance cycles per day, hot water per person and the share of the flat conditioned) so that the
homes' annual energy, with space conditioning and water heating under the site's typical-year
weather, meets ``scenario.mean_annual_kwh``: a calibration of behaviour, never a multiplier on the load.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from enernet.scenarios.world import home_catalogue as cat


@dataclass
class Homes:
    archetype: np.ndarray  # (n,) int8, index into ARCHETYPES
    occupants: np.ndarray  # (n,) int
    income_cny: np.ndarray  # (n,) [CNY/year]
    floor_m2: np.ndarray  # (n,) [m2]
    ua_w_per_k: np.ndarray  # (n,) [W/K]
    capacity_j_per_k: np.ndarray  # (n,) [J/K] the building mass's
    ac_units: np.ndarray  # (n,) int: split heat pumps
    heats: np.ndarray  # (n,) bool: the air conditioners heat in winter (else a resistive heater, gas or nothing)
    electric_heater: np.ndarray  # (n,) bool: a resistive electric heater instead (homes not heating with AC)
    water_heater: np.ndarray  # (n,) bool: an electric storage water heater
    owns: np.ndarray  # (n, appliances) bool, APPLIANCES' order
    person_home: np.ndarray  # (people,) int: each person's home
    person_works: np.ndarray  # (people,) bool: away on working days

    @property
    def n(self) -> int:
        return int(self.archetype.shape[0])


def draw_homes(n: int, shares, ownership, rng: np.random.Generator) -> Homes:
    """``n`` homes: archetypes by ``shares``, what they own by ``ownership`` (an ownership set: the
    ``ownership`` config section, shares of homes by appliance), the rest from the catalogue."""
    weights = cat.archetype_shares(shares)
    archetype = rng.choice(len(cat.ARCHETYPES), size=n, p=weights).astype(np.int8)
    occupants = np.empty(n, dtype=np.int64)
    workers = np.empty(n, dtype=np.int64)
    income_factor = np.empty(n)
    for k, a in enumerate(cat.ARCHETYPES):  # over the four archetypes, vectorised over their homes
        rows = np.flatnonzero(archetype == k)
        occupants[rows] = rng.choice(np.asarray(a.occupants), size=rows.size)
        workers[rows] = np.minimum(a.workers, occupants[rows])
        income_factor[rows] = a.income_factor
    sigma = cat.INCOME_SIGMA  # log-normal with the stated mean
    income = cat.PER_CAPITA_INCOME_CNY * occupants * income_factor * rng.lognormal(-0.5 * sigma**2, sigma, n)
    s_area = cat.FLOOR_AREA_SIGMA
    floor = np.maximum(20.0, cat.FLOOR_AREA_M2_PER_PERSON * occupants * rng.lognormal(-0.5 * s_area**2, s_area, n))
    ua = floor * rng.uniform(*cat.UA_W_PER_M2K, size=n)
    capacity = floor * cat.CAPACITY_J_PER_M2K
    has_ac = rng.random(n) < float(ownership.air_conditioner)
    ac_units = np.where(has_ac, np.clip(np.round(floor / cat.FLOOR_M2_PER_AC_UNIT), 1, 3), 0).astype(np.int64)
    water_heater = rng.random(n) < float(ownership.electric_water_heater)
    shares_owned = np.array([float(getattr(ownership, name)) for name in cat.APPLIANCE_NAMES])
    owns = rng.random((n, shares_owned.size)) < shares_owned[None, :]
    heats = has_ac & (rng.random(n) < float(ownership.heats_with_ac))
    # drawn after the rest, so that a share of 0 leaves every other draw as it was
    electric_heater = ~heats & (rng.random(n) < float(ownership.electric_space_heater))
    person_home = np.repeat(np.arange(n), occupants)
    first_of_home = np.concatenate([[0], np.cumsum(occupants)[:-1]])
    rank_in_home = np.arange(person_home.size) - first_of_home[person_home]
    person_works = rank_in_home < workers[person_home]
    return Homes(archetype, occupants, income, floor, ua, capacity, ac_units, heats, electric_heater, water_heater,
                 owns, person_home, person_works)


def water_heating_kwh_per_day(homes: Homes) -> np.ndarray:
    """Expected electricity of each home's water heater [kWh/day]: the hot water drawn plus the
    tank's standby loss at its mean temperature against a 20 degC room."""
    from enernet.sim.home_thermal import WATER_J_PER_L_K

    draw_j = (homes.occupants * cat.HOT_WATER_L_PER_PERSON_DAY * (cat.HOT_WATER_USE_C - cat.COLD_WATER_C)
              * WATER_J_PER_L_K)
    mean_tank_c = cat.TANK_SETPOINT_C - 0.5 * cat.TANK_DEADBAND_K
    loss_kwh = cat.TANK_LOSS_W_PER_K * (mean_tank_c - cat.ROOM_C_AT_TANK) * 24 / 1000
    return np.where(homes.water_heater, draw_j / 3.6e6 + loss_kwh, 0.0)


START_WINDOWS = ("meal", "evening", "any")


def start_window(kind: str) -> np.ndarray:
    """Weight of a cycle starting in each 10-minute step of the day (times the active people).

    Meal times are assumed (07:00, 11:48, 18:18): China's time-use surveys (NBS 2018, 2024) publish
    how long people eat (1 h 44 min a day), not when. The evening window (peak 20:30) matches what is
    metered: more than half of the Yangtze basin's air conditioners on at once after 20:00 (Du et al.
    2022) and ANSI/RESNET 301's television and dishwasher profiles peaking at 19-21 h."""
    hours = (np.arange(144) + 0.5) / 6.0
    if kind == "meal":  # breakfast, lunch, dinner
        return (0.6 * np.exp(-0.5 * ((hours - 7.0) / 0.7) ** 2) + 0.8 * np.exp(-0.5 * ((hours - 11.8) / 0.7) ** 2)
                + 1.0 * np.exp(-0.5 * ((hours - 18.3) / 0.9) ** 2) + 0.02)
    if kind == "evening":
        return 0.1 + np.exp(-0.5 * ((hours - 20.5) / 1.5) ** 2)
    if kind == "any":
        return np.ones(144)
    raise ValueError(f"start window {kind!r} is not allowed: choose one of {', '.join(START_WINDOWS)}")


def home_spec(homes: Homes, homes_cfg, intensity: float = 1.0):
    """The arrays the day plan reads (``sim.home_energy.HomeSpec``) for ``homes`` under ``homes_cfg``,
    people's discretionary use (cycles, hot water, the share of the flat conditioned) at ``intensity``."""
    from enernet.scenarios.world.occupancy import Occupancy
    from enernet.sim.home_energy import COOKING, OTHER, HomeSpec

    occupancy = Occupancy()
    first_person = np.concatenate([[0], np.cumsum(homes.occupants)[:-1]]).astype(np.int64)
    standby_kw = np.array([a.standby_w for a in cat.APPLIANCES]) / 1000.0
    params = {"cooling_setpoint_c": float(homes_cfg.cooling_setpoint_c),
              "heating_setpoint_c": float(homes_cfg.heating_setpoint_c),
              "cooling_cop_rated": cat.COOLING_COP_RATED, "cooling_cop_slope_per_k": cat.COOLING_COP_SLOPE_PER_K,
              "cooling_cop_min": cat.COOLING_COP_MIN, "heating_cop_rated": cat.HEATING_COP_RATED,
              "heating_cop_slope_per_k": cat.HEATING_COP_SLOPE_PER_K, "heating_cop_min": cat.HEATING_COP_MIN,
              "cooled_share": min(1.0, intensity * cat.COOLED_SHARE),
              "heated_share": min(1.0, intensity * cat.HEATED_SHARE),
              "air_share_internal_gains": cat.AIR_SHARE_INTERNAL_GAINS,
              "air_share_solar_gains": cat.AIR_SHARE_SOLAR_GAINS,
              "solar_aperture_per_m2": cat.SOLAR_APERTURE_PER_M2, "occupant_gain_w": cat.OCCUPANT_GAIN_W,
              "appliance_gain_share": cat.APPLIANCE_GAIN_SHARE, "tank_l": cat.TANK_L, "tank_kw": cat.TANK_KW,
              "tank_setpoint_c": cat.TANK_SETPOINT_C, "tank_deadband_k": cat.TANK_DEADBAND_K,
              "tank_loss_w_per_k": cat.TANK_LOSS_W_PER_K, "room_for_tank_c": cat.ROOM_C_AT_TANK,
              "hot_water_rise_k": cat.HOT_WATER_USE_C - cat.COLD_WATER_C,
              "hot_water_use_c": cat.HOT_WATER_USE_C, "cold_water_c": cat.COLD_WATER_C,
              "hot_water_l_per_person_day": intensity * cat.HOT_WATER_L_PER_PERSON_DAY,
              "lighting_kw_per_active": cat.LIGHTING_KW / 2.0, "dark_ghi_w_m2": cat.DARK_GHI_W_M2}
    return HomeSpec(
        occupants=homes.occupants.astype(np.float64), first_person=first_person, person_works=homes.person_works,
        ua_w_per_k=homes.ua_w_per_k, capacity_j_per_k=homes.capacity_j_per_k, floor_m2=homes.floor_m2,
        fast_w_per_k=cat.FAST_SHARE_OF_UA * homes.ua_w_per_k, air_j_per_k=cat.AIR_CAPACITY_J_PER_M2K * homes.floor_m2,
        air_mass_w_per_k=cat.AIR_MASS_W_PER_M2K * homes.floor_m2,
        cooling_w=homes.ac_units * cat.AC_KW_THERMAL_PER_UNIT * 1000.0,
        heating_w=np.where(homes.heats, homes.ac_units * cat.AC_KW_THERMAL_PER_UNIT * 1000.0,
                           # the heater serves the rooms in use: their share s_h of Q is at most its rating
                           np.where(homes.electric_heater, cat.ELECTRIC_HEATER_KW * 1000.0 / params["heated_share"],
                                    0.0)),
        heating_resistive=homes.electric_heater.astype(bool),
        water_heater=homes.water_heater,
        base_kw=cat.FRIDGE_KW + cat.BASE_STANDBY_KW + homes.owns @ standby_kw,
        cycle_owner=[np.flatnonzero(homes.owns[:, a]) for a in range(len(cat.APPLIANCES))],
        cycle_kw=np.array([a.rated_kw for a in cat.APPLIANCES]),
        cycle_min=np.array([float(a.cycle_min) for a in cat.APPLIANCES]),
        cycle_rate=intensity * np.array([a.per_home_day for a in cat.APPLIANCES]),
        cycle_rate_per_occupant=intensity * np.array([a.per_occupant_day for a in cat.APPLIANCES]),
        cycle_deferrable=np.array([a.deferrable for a in cat.APPLIANCES]),
        cycle_window=np.stack([start_window(a.starts) for a in cat.APPLIANCES]),
        cycle_end_use=np.array([COOKING if a.end_use == "cooking" else OTHER for a in cat.APPLIANCES]),
        occupancy_cumulative=occupancy.cumulative, occupancy_start=occupancy.start_cumulative, params=params)


def sample_annual_kwh(homes: Homes, homes_cfg, weather, intensity: float, interval_min: int = 60,
                      seed: int = 0) -> np.ndarray:
    """The homes' mean annual energy by end use [kWh/year] at behaviour ``intensity``, from 26
    weeks of the typical year, one every fortnight, each after two days that warm the dwellings and
    tanks and are not counted, simulated at ``interval_min``. Weeks spread over the year: the first
    week of each month alone overstated a year by 8 % (its heating; measured on 1,000 homes). Each
    counted week has five working days and two rest days, as a year has (counting the last five
    days of seven, two of them rest days, overstated a year by 1.4 %: people home all day use more)."""
    from enernet.sim.home_energy import DayPlan

    plan = DayPlan(home_spec(homes, homes_cfg, intensity), interval_min, (seed, 7))
    steps = 24 * 60 // interval_min
    hourly_t, hourly_ghi = np.asarray(weather.temp_air_c), np.asarray(weather.ghi_w_m2)
    hours = np.arange(steps) * interval_min // 60
    totals, counted = np.zeros(5), 0
    for week_start_day in range(0, 364, 14):  # 234 day plans: a weekend to warm up, then a week
        for d in range(-2, 7):
            day = (week_start_day + d) % 365
            hour = day * 24 + hours
            rest_day = d % 7 >= 5  # the warm-up days are the weekend before the week
            energy = plan.plan(day, rest_day, hourly_t[hour], hourly_ghi[hour]).sum(axis=2) * interval_min / 60
            if d >= 0:
                totals += energy.mean(axis=1)
                counted += 1
    return totals / counted * 365.0


MIN_INTENSITY, MAX_INTENSITY = 0.1, 4.0
# Homes the behaviour is calibrated on: all of a run of up to 500 (the default scenario's), a sample
# of a larger one. Homes' annual energy spreads widely (p10-p90 about 1,400-4,600 kWh), so a sample's
# mean misses the run's by about 40 % / sqrt(sample): 150 homes gave runs of 500 homes 2,860-3,080
# kWh for a 3,000 target (three draws); 500, about 1.8 %.
CALIBRATION_HOMES = 500


def calibration_rows(n: int, sample: int = CALIBRATION_HOMES, seed: int = 0) -> np.ndarray:
    """The rows of ``n`` homes that :func:`calibrate_intensity` simulates (sorted)."""
    return np.sort(np.random.default_rng(seed).choice(n, size=min(sample, n), replace=False))


def calibrate_intensity(homes: Homes, homes_cfg, weather, target_kwh: float, sample: int = CALIBRATION_HOMES,
                        seed: int = 0) -> tuple[float, dict]:
    """The behaviour intensity at which a sample of these homes uses ``target_kwh`` a year on average.

    One factor scales what people choose to do: appliance cycles per day, hot water per person,
    and the share of the dwelling they cool and heat; the fridge, standby and lighting are not
    touched, and the load itself is never scaled. The annual energy is nearly linear in the factor:
    a secant step from 0.5 and 1, then one correction. Returns the factor and the calibration
    record (the sample's annual energy by end use at the factor, and the target) [kWh/year].
    """
    from enernet.configs.contracts import ConfigError
    from enernet.sim.home_energy import END_USES

    rows = calibration_rows(homes.n, sample, seed)
    sub = _subset(homes, rows)

    def total(k: float) -> tuple[float, np.ndarray]:
        parts = sample_annual_kwh(sub, homes_cfg, weather, k, seed=seed)
        return float(parts.sum()), parts

    k0, k1 = 0.5, 1.0
    e0, _ = total(k0)
    e1, parts = total(k1)
    floor_kwh = e0 - k0 * (e1 - e0) / (k1 - k0)  # what the homes use with no discretionary use at all
    k = k1 + (target_kwh - e1) * (k1 - k0) / (e1 - e0)
    if not MIN_INTENSITY <= k <= MAX_INTENSITY:
        raise ConfigError([f"scenario.mean_annual_kwh = {target_kwh:g} is not allowed with homes.model = appliances: "
                           f"these homes use about {floor_kwh:,.0f} kWh/year before any discretionary use and "
                           f"{e1:,.0f} at the catalogue's behaviour; a target needs a behaviour factor in "
                           f"[{MIN_INTENSITY}, {MAX_INTENSITY}] (this one needs {k:.2f})"])
    e2, parts = total(k)
    if abs(e2 - target_kwh) > 0.01 * target_kwh:  # shares capped at 1 bend the line: one more secant step
        k = float(np.clip(k + (target_kwh - e2) * (k - k1) / (e2 - e1), MIN_INTENSITY, MAX_INTENSITY))
        e2, parts = total(k)
    by_end_use = {f"{name}_kwh_per_year": round(float(v), 3) for name, v in zip(END_USES, parts)}
    return k, {**by_end_use, "total_kwh_per_year": round(float(e2), 3), "target_kwh_per_year": float(target_kwh),
               "intensity": float(k), "sample_homes": int(rows.size), "sample_weeks": 26}


def _subset(homes: Homes, rows: np.ndarray) -> Homes:
    people = np.isin(homes.person_home, rows)
    remap = np.full(homes.n, -1)
    remap[rows] = np.arange(rows.size)
    return Homes(homes.archetype[rows], homes.occupants[rows], homes.income_cny[rows], homes.floor_m2[rows],
                 homes.ua_w_per_k[rows], homes.capacity_j_per_k[rows], homes.ac_units[rows], homes.heats[rows],
                 homes.electric_heater[rows], homes.water_heater[rows],
                 homes.owns[rows], remap[homes.person_home[people]], homes.person_works[people])
