"""Build a world from a validated config: population arrays, network, profiles and weather.

Every random choice draws from a named stream (``sim.rng.stream``), so the same seed and config
give the same world, and adding a component never shifts another's numbers.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from enernet.scenarios.world.load_profiles import LOAD_PROFILES, profile_at_interval
from enernet.scenarios.world.network import build_network
from enernet.scenarios.world.pv import hourly_ac_kw_per_kwp, orientation_classes
from enernet.scenarios.world.weather import TypicalYear, hourly_to_intervals, weather_of
from enernet.sim.clock import Clock
from enernet.sim.grid import Network
from enernet.sim.metering import HouseholdLoads, RooftopPV
from enernet.sim.population import Population
from enernet.sim.rng import counter_keys, stream


@dataclass
class World:
    clock: Clock
    population: Population
    network: Network
    loads: HouseholdLoads
    pv: RooftopPV
    ambient_c: np.ndarray  # per simulated interval, by clock.row(interval) [degC]
    weather_description: str
    weather: TypicalYear  # the site's typical year (forecasts read it)


def lognormal_with_mean(rng: np.random.Generator, mean: float, sigma: float, size: int) -> np.ndarray:
    """Log-normal draws whose expected value is ``mean`` (sigma of the underlying normal)."""
    return mean * np.exp(rng.normal(-0.5 * sigma**2, sigma, size)) if sigma > 0 else np.full(size, float(mean))


def choose_exact_share(rng: np.random.Generator, candidates: np.ndarray, share: float) -> np.ndarray:
    """Pick round(share * len(candidates)) of ``candidates`` without replacement, sorted."""
    k = int(round(share * candidates.size))
    return np.sort(rng.choice(candidates, size=k, replace=False)) if k else candidates[:0]


def build_population(cfg, n_transformers_of_household: np.ndarray, n_pv_classes: int) -> Population:
    s, seed = cfg.scenario, cfg.seed
    n = int(s.households)
    rng_load = stream(seed, "population.load")
    annual_kwh = lognormal_with_mean(rng_load, s.mean_annual_kwh, s.annual_kwh_sigma, n)
    pad = s.load_shift_max_min // s.interval_min
    shift = rng_load.integers(-pad, pad + 1, size=n)

    rng_pv = stream(seed, "population.pv")
    pv_rows = choose_exact_share(rng_pv, np.arange(n), s.pv_share)
    pv_kwp = np.zeros(n)
    pv_kwp[pv_rows] = np.round(lognormal_with_mean(rng_pv, cfg.pv.kwp_mean, cfg.pv.kwp_sigma, pv_rows.size), 2)
    pv_class = np.zeros(n, dtype=np.int32)
    pv_class[pv_rows] = rng_pv.integers(0, n_pv_classes, size=pv_rows.size)

    rng_battery = stream(seed, "population.battery")
    battery_rows = choose_exact_share(rng_battery, pv_rows, s.battery_share)
    capacity = np.zeros(n)
    power = np.zeros(n)
    capacity[battery_rows] = cfg.battery.capacity_kwh
    power[battery_rows] = cfg.battery.power_kw
    rng_plan = stream(seed, "population.green_plan")
    green_plan = np.zeros(n, dtype=bool)
    green_plan[choose_exact_share(rng_plan, np.arange(n), cfg.market.green_plan_share)] = True
    return Population(
        annual_kwh=annual_kwh,
        load_shift_intervals=shift.astype(np.int64),
        transformer=n_transformers_of_household,
        tariff=np.zeros(n, dtype=np.int32),
        pv_kwp=pv_kwp,
        pv_class=pv_class,
        battery_capacity_kwh=capacity,
        battery_power_kw=power,
        battery_soc_kwh=capacity * cfg.battery.initial_soc,
        green_plan=green_plan,
    )


def build_world(cfg) -> World:
    """Synthesise everything a model needs from ``cfg`` (already validated)."""
    s = cfg.scenario
    clock = Clock.from_config(s)
    network = build_network(int(s.households), s, cfg.grid, stream(cfg.seed, "network"))
    classes = orientation_classes(cfg.pv.tilts_deg, cfg.pv.azimuths_deg)
    population = build_population(cfg, network.transformer_of_household, len(classes))

    # Standard profile over the simulated span (warm-up included) plus one day each side, so shifted
    # households stay inside it.
    pad = s.load_shift_max_min // s.interval_min
    first_day = clock.start.date() - dt.timedelta(days=clock.warmup_days + 1)
    profile_15 = LOAD_PROFILES[s.load_profile](first_day, clock.warmup_days + s.days + 2)
    profile = profile_at_interval(profile_15, s.interval_min)
    ipd = clock.intervals_per_day
    profile = profile[ipd - pad: ipd + clock.simulated_intervals + pad]
    loads = HouseholdLoads(
        profile, population.annual_kwh, population.load_shift_intervals, pad,
        s.load_noise_sigma, s.load_noise_autocorrelation, counter_keys(cfg.seed, "load_noise"),
        first_interval=clock.first_interval,
    )

    weather = weather_of(cfg.site)  # a user's weather file was checked before the run (sizing.check_weather_file)
    starts = clock.interval_starts()
    if cfg.homes.model == "appliances":  # people, dwellings and appliances instead of the standard profile
        loads = build_home_loads(cfg, clock, weather, starts)
    hourly_pv = hourly_ac_kw_per_kwp(weather, cfg.pv)
    pv_profile = np.stack([hourly_to_intervals(h, starts, s.interval_min) for h in hourly_pv], axis=1)
    pv = RooftopPV(pv_profile, population.pv_rows, population.pv_kwp, population.pv_class, clock.first_interval)
    ambient_c = hourly_to_intervals(weather.temp_air_c, starts, s.interval_min)
    return World(clock, population, network, loads, pv, ambient_c, weather.description, weather)


def build_home_loads(cfg, clock, weather, starts):
    """Homes drawn from the catalogue, their behaviour calibrated to ``scenario.mean_annual_kwh``,
    and their loads planned day by day (``sim.home_loads.HomeLoads``)."""
    from enernet.scenarios.world.homes import calibrate_intensity, draw_homes, home_spec
    from enernet.sim.home_energy import DayPlan
    from enernet.sim.home_loads import HomeLoads

    s = cfg.scenario
    homes = draw_homes(int(s.households), cfg.homes.archetype_shares, cfg.ownership, stream(cfg.seed, "homes"))
    intensity, calibration = calibrate_intensity(homes, cfg.homes, weather, float(s.mean_annual_kwh),
                                                 seed=int(cfg.seed))
    plan = DayPlan(home_spec(homes, cfg.homes, intensity), s.interval_min, counter_keys(cfg.seed, "homes.day"))
    ghi = hourly_to_intervals(weather.ghi_w_m2, starts, s.interval_min)
    ambient = hourly_to_intervals(weather.temp_air_c, starts, s.interval_min)
    loads = HomeLoads(plan, ambient, ghi, clock.first_interval, clock.start.date())
    loads.homes = homes
    loads.calibration = calibration  # the manifest reports it (homes_calibration)
    return loads
