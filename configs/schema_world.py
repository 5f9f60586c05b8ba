"""The world's config sections: scenario size and mix, PV, batteries, the network and its
transformers, and the site's price set. Each field declares its contract (``configs.contracts``)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from omegaconf import MISSING

from enernet.configs.constants import FIRST_YEAR, LAST_YEAR, MINUTES_PER_DAY, PROFILE_STEP_MIN
from enernet.configs.contracts import declare, section
from enernet.configs.names import (
    LOAD_PROFILES,
    PV_MOUNTINGS,
    PV_TRANSPOSITIONS,
    TRANSFORMER_LOSS_STANDARDS,
)

FIRST_DATE, LAST_DATE = dt.date(FIRST_YEAR, 1, 1), dt.date(LAST_YEAR, 12, 31)


@dataclass
class ScenarioConfig:
    """Size and mix of the simulated area. Every scenario file sets the keys without a default."""

    name: str = declare(MISSING, "the scenario's name (the file in configs/scenario)", internal=True)
    description: str = declare("", "what the scenario is for, in a line", internal=True)
    households: int = declare(MISSING, "households simulated", "households", ge=1, le=1_000_000)
    days: int = declare(MISSING, "days recorded", "days", ge=1, le=3660)
    pv_share: float = declare(MISSING, "share of households with rooftop PV", "fraction", ge=0, le=1)
    battery_share: float = declare(MISSING, "share of PV owners with a home battery", "fraction", ge=0, le=1)
    transformers: int = declare(10, "distribution transformers (households split into street blocks)",
                                "transformers", ge=1, le=100_000)
    feeders: int = declare(1, "feeders the transformers are split across", "feeders", ge=1, le=10_000)
    start_date: str = declare("2025-07-07", "first recorded day, ISO date, in the site's local standard time "
                              "(site.time_zone)")
    interval_min: int = declare(15, "market and metering interval (divides a day; a divisor or multiple of 15)",
                                "min", ge=1, le=MINUTES_PER_DAY)
    warmup_days: int = declare(14, "days simulated before start_date and not recorded, so baselines, forecasts, "
                               "learning bidders and batteries start with history", "days", ge=0, le=60)
    mean_annual_kwh: float = declare(3000.0, "mean household consumption", "kWh/year", ge=50, le=100_000)
    annual_kwh_sigma: float = declare(0.35, "log-normal spread of annual consumption across households", "-",
                                      ge=0, le=3)
    load_noise_sigma: float = declare(0.3, "log-normal noise on each household's load per interval", "-",
                                      ge=0, le=3)
    load_noise_autocorrelation: float = declare(0.85, "AR(1) coefficient of that noise, interval to interval",
                                                "-", ge=0, lt=1)
    load_shift_max_min: int = declare(60, "each household's profile is shifted by up to +/- this", "min",
                                      ge=0, le=720)
    load_profile: str = declare("bdew_h25", "standard load profile", choices=LOAD_PROFILES)


MAX_ORIENTATION_CLASSES = 64  # PV irradiance is computed per class over the whole span: each costs a pvlib run
UNDERSIZED_AT_MOST = 2.0  # a transformer may start at most this many times its rating (a deliberate study)


def world_rules(c, problems: list[str]) -> None:
    """Rules across the world's sections: PV orientations, transformer sizes, prices and the calendar."""
    classes = len(c.pv.tilts_deg) * len(c.pv.azimuths_deg)
    if classes > MAX_ORIENTATION_CLASSES:
        problems.append(f"pv.tilts_deg x pv.azimuths_deg = {classes} orientation classes is not allowed: at most "
                        f"{MAX_ORIENTATION_CLASSES} (each is a full irradiance model run)")
    need_kva = c.scenario.households / c.scenario.transformers * c.grid.kva_per_household
    if max(c.grid.standard_ratings_kva) * UNDERSIZED_AT_MOST < need_kva:
        problems.append(f"grid.standard_ratings_kva = {list(c.grid.standard_ratings_kva)} is not allowed: its "
                        f"largest rating is under 1/{UNDERSIZED_AT_MOST:g} of what a transformer's "
                        f"{c.scenario.households / c.scenario.transformers:.0f} households need at "
                        f"grid.kva_per_household = {c.grid.kva_per_household} ({need_kva:.0f} kVA); add a larger "
                        "rating or more scenario.transformers")
    if c.tariff.kind == "rtp" and not c.tariff.rtp_adder_per_kwh > -c.grid.wholesale_price_per_kwh:
        problems.append(f"tariff.rtp_adder_per_kwh = {c.tariff.rtp_adder_per_kwh} is not allowed: with the wholesale "
                        f"price at {c.grid.wholesale_price_per_kwh} it makes electricity free; need an adder above "
                        f"-{c.grid.wholesale_price_per_kwh}")
    a = c.ev.adoption
    if a.years and a.start_year + a.years - 1 > LAST_YEAR:
        problems.append(f"ev.adoption.start_year = {a.start_year} with ev.adoption.years = {a.years} is not allowed: "
                        f"the study would run past {LAST_YEAR}, the last year the calendar handles")


def scenario_rules(s, problems: list[str]) -> None:
    """Rules across the scenario's fields."""
    if s.transformers > s.households:
        problems.append(f"scenario.transformers = {s.transformers} is not allowed: at most scenario.households "
                        f"({s.households})")
    if s.feeders > s.transformers:
        problems.append(f"scenario.feeders = {s.feeders} is not allowed: at most scenario.transformers "
                        f"({s.transformers})")
    if MINUTES_PER_DAY % s.interval_min or (s.interval_min % PROFILE_STEP_MIN and PROFILE_STEP_MIN % s.interval_min):
        problems.append(f"scenario.interval_min = {s.interval_min} is not allowed: must divide a day "
                        f"({MINUTES_PER_DAY} min) and be a divisor or multiple of the 15-minute profiles, e.g. 5, "
                        "15, 30, 60")
    try:
        start = dt.date.fromisoformat(s.start_date)
    except ValueError:
        problems.append(f"scenario.start_date = {s.start_date!r} is not allowed: must be an ISO date YYYY-MM-DD")
        return
    # Days as ordinals: a date near year 1 or 9999 must give this message, not an overflow.
    first, last = start.toordinal() - s.warmup_days, start.toordinal() + s.days
    if not (FIRST_DATE.toordinal() <= first and last <= LAST_DATE.toordinal()):
        problems.append(f"scenario.start_date = {s.start_date!r} is not allowed with warmup_days = {s.warmup_days} "
                        f"and days = {s.days}: the simulated span must lie in {FIRST_DATE.year}-{LAST_DATE.year}")


@dataclass
class PVConfig:
    """Rooftop PV systems (PVWatts models from pvlib)."""

    kwp_mean: float = declare(5.0, "mean DC rating", "kWp", gt=0, le=1000)
    kwp_sigma: float = declare(0.3, "log-normal spread of the rating", "-", ge=0, le=3)
    tilts_deg: list[float] = declare([15.0, 25.0, 35.0], "roof tilts (one orientation class per tilt x azimuth)",
                                     "deg", ge=0, le=90, nonempty=True)
    azimuths_deg: list[float] = declare([135.0, 180.0, 225.0], "roof azimuths (180 faces south)", "deg",
                                        ge=0, lt=360, nonempty=True)
    temperature_coefficient_per_c: float = declare(-0.0037, "PVWatts gamma_pdc", "1/degC", ge=-0.02, le=0)
    system_losses_pct: float = declare(14.0, "PVWatts system losses", "%", ge=0, lt=100)
    dc_ac_ratio: float = declare(1.15, "DC rating over inverter rating", "-", gt=0, le=3)
    inverter_efficiency: float = declare(0.96, "PVWatts nominal inverter efficiency", "fraction", gt=0, le=1)
    mounting: str = declare("open_rack", "cell-temperature model (SAPM parameters)", choices=PV_MOUNTINGS)
    transposition: str = declare("perez", "plane-of-array irradiance model (perez as PVWatts v5)",
                                 choices=PV_TRANSPOSITIONS)


@dataclass
class BatteryConfig:
    """Home batteries, dispatched for self-consumption."""

    capacity_kwh: float = declare(10.0, "usable capacity", "kWh", gt=0, le=1000)
    power_kw: float = declare(5.0, "charge and discharge power limit", "kW", gt=0, le=1000)
    round_trip_efficiency: float = declare(0.9, "round-trip efficiency (split evenly between charging and "
                                           "discharging)", "fraction", gt=0, le=1)
    initial_soc: float = declare(0.5, "state of charge at the start of the simulation", "fraction", ge=0, le=1)


@dataclass
class ThermalConfig:
    """Transformer thermal data for IEEE C57.91-2011 clause 7 (ONAN distribution transformers)."""

    top_oil_rise_c: float = declare(55.0, "top-oil rise over ambient at rated load", "degC", gt=0, le=100)
    hot_spot_rise_c: float = declare(25.0, "hot-spot rise over top oil at rated load", "degC", gt=0, le=100)
    oil_exponent: float = declare(0.8, "oil exponent (the standard's n)", "-", gt=0, le=2)
    winding_exponent: float = declare(0.8, "winding exponent (the standard's m)", "-", gt=0, le=2)
    top_oil_time_constant_min: float = declare(180.0, "top-oil time constant", "min", gt=0, le=MINUTES_PER_DAY)
    winding_time_constant_min: float = declare(5.0, "winding time constant", "min", gt=0, le=120)


@dataclass
class GridConfig:
    """Distribution network and the prices of energy upstream and of its delivery."""

    kva_per_household: float = declare(1.2, "transformer sizing: standard rating >= households x this "
                                       "(below 0.1 kVA a household's own peak overloads it)", "kVA", ge=0.1, le=100)
    standard_ratings_kva: list[float] = declare(
        [25.0, 50.0, 63.0, 80.0, 100.0, 125.0, 160.0, 200.0, 250.0, 315.0, 400.0, 500.0, 630.0, 800.0, 1000.0,
         1250.0, 1600.0], "transformer ratings to choose from (the smallest pole-mounted units are 5 kVA)", "kVA", ge=5,
        le=100_000, nonempty=True)
    power_factor: float = declare(0.95, "power factor of the load (China's power-factor tariff "
                                  "adjustment sets standards of 0.80-0.90; below 0.7 no network runs uncorrected)", "-",
                                  ge=0.7, le=1)
    overload_threshold_pu: float = declare(1.0, "loading above which a transformer counts as overloaded", "pu",
                                           gt=0, le=5)
    transformer_losses: str = declare("eu_ecodesign_tier2", "transformer losses by rating: a standard's table, "
                                      "or the two percentages below", choices=TRANSFORMER_LOSS_STANDARDS)
    no_load_loss_pct: float = declare(0.25, "with transformer_losses=percent: no-load loss", "% of rating",
                                      gt=0, lt=50)
    load_loss_pct: float = declare(1.2, "with transformer_losses=percent: load loss at rating", "% of rating",
                                   ge=0, lt=50)
    feeder_loss_pct_at_peak: float = declare(3.0, "feeder I^2R loss at the design load", "% of load", ge=0, lt=50)
    wholesale_price_per_kwh: float = declare(0.4153, "energy bought upstream (from the price set)", "currency/kWh",
                                             ge=0, le=100)
    network_fee_per_kwh: float = declare(0.3857, "delivery charge the retailer pays the operator per retail kWh "
                                         "(from the price set)", "currency/kWh", ge=0, le=100)
    thermal: ThermalConfig = section(ThermalConfig, "transformer heat (IEEE C57.91)")


@dataclass
class PriceSetConfig:
    """A site's price set (``prices=`` group): every default price in one sourced table."""

    name: str = declare(MISSING, "the price set's name (the file in configs/prices)", internal=True)
    currency: str = declare("CNY", "currency of every price")
    residential_flat_per_kwh: float = declare(MISSING, "residential flat price", "currency/kWh", ge=0, le=100)
    residential_peak_per_kwh: float = declare(MISSING, "residential time-of-use peak price", "currency/kWh",
                                              ge=0, le=100)
    residential_valley_per_kwh: float = declare(MISSING, "residential time-of-use valley price", "currency/kWh",
                                                ge=0, le=100)
    wholesale_per_kwh: float = declare(MISSING, "energy bought upstream", "currency/kWh", ge=0, le=100)
    feed_in_per_kwh: float = declare(MISSING, "paid for PV exports", "currency/kWh", ge=0, le=100)
    cross_subsidy_per_kwh: float = declare(MISSING, "paid by other customer classes per flat-rate residential kWh",
                                           "currency/kWh", ge=-100, le=100)
    network_fee_per_kwh: float = declare(MISSING, "low-voltage delivery charge", "currency/kWh", ge=0, le=100)
    source: str = declare("", "where the prices come from", internal=True)
