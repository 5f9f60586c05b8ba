"""Typed configuration: dataclass schemas registered in Hydra's ConfigStore, and validation.

Hydra refuses a wrong type or an unknown key while it composes the config (the schemas below are
the primary config). Ranges and names are checked by :func:`validate`, which runs before a run
directory is created (see :class:`enernet.hydra_callbacks.ValidateBeforeRun`) and again when a model is
built from Python, so a bad value never starts a simulation.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any, Optional

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf

from enernet.configs.names import (BASELINES, BILLING_CYCLES, DR_PROGRAMMES, EV_POLICIES, LOAD_PROFILES,
                                   MARKET_MECHANISMS, PV_MOUNTINGS, PV_TRANSPOSITIONS, STRATEGIES, TARIFF_KINDS,
                                   TRANSFORMER_LOSS_STANDARDS, WEATHER_SITES)


class ConfigError(ValueError):
    """A configuration value is out of range or names something that does not exist."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("invalid configuration:\n  - " + "\n  - ".join(problems))


@dataclass
class ScenarioConfig:
    """Size and mix of the simulated area. Every scenario file sets these keys."""

    name: str = MISSING
    description: str = ""
    households: int = MISSING
    days: int = MISSING
    pv_share: float = MISSING  # fraction of households with rooftop PV [0-1]
    battery_share: float = MISSING  # fraction of PV owners with a battery [0-1]
    transformers: int = 10
    feeders: int = 1
    start_date: str = "2025-07-07"  # ISO date, local standard time of the weather site
    interval_min: int = 15
    # Days simulated before start_date and not recorded, so baselines, forecasts, learning bidders and
    # batteries start with history (same seed and streams; tariff.cpp_days etc. count recorded days).
    warmup_days: int = 14
    mean_annual_kwh: float = 3000.0  # mean household consumption [kWh/year]
    annual_kwh_sigma: float = 0.35  # log-normal spread of annual consumption across households
    load_noise_sigma: float = 0.3  # per-interval log-normal noise on each household's load
    load_noise_autocorrelation: float = 0.85  # AR(1) coefficient of that noise, interval to interval
    load_shift_max_min: int = 60  # each household's profile is shifted by up to +/- this [min]
    load_profile: str = "bdew_h25"
    weather: str = "greensboro_nc"


@dataclass
class PVConfig:
    """Rooftop PV systems (PVWatts models from pvlib)."""

    kwp_mean: float = 5.0  # mean DC rating [kWp]
    kwp_sigma: float = 0.3  # log-normal spread of the rating
    tilts_deg: list[float] = field(default_factory=lambda: [15.0, 25.0, 35.0])
    azimuths_deg: list[float] = field(default_factory=lambda: [135.0, 180.0, 225.0])
    temperature_coefficient_per_c: float = -0.0037  # gamma_pdc [1/degC]
    system_losses_pct: float = 14.0  # PVWatts default system losses [%]
    dc_ac_ratio: float = 1.15
    inverter_efficiency: float = 0.96
    mounting: str = "open_rack"  # cell temperature: open_rack, close_mount or insulated_back (scenarios.world.pv)
    transposition: str = "perez"  # plane-of-array irradiance: perez (as PVWatts v5), haydavies or isotropic


@dataclass
class BatteryConfig:
    """Home batteries, dispatched for self-consumption."""

    capacity_kwh: float = 10.0
    power_kw: float = 5.0
    round_trip_efficiency: float = 0.9
    initial_soc: float = 0.5  # state of charge at start [fraction of capacity]


@dataclass
class ThermalConfig:
    """Transformer thermal data for IEEE C57.91-2011 clause 7 (ONAN distribution transformers)."""

    top_oil_rise_c: float = 55.0  # top-oil rise over ambient at rated load [degC]
    hot_spot_rise_c: float = 25.0  # hot-spot rise over top oil at rated load [degC]
    n: float = 0.8  # oil exponent
    m: float = 0.8  # winding exponent
    top_oil_time_constant_min: float = 180.0
    winding_time_constant_min: float = 5.0


@dataclass
class GridConfig:
    """Distribution network and upstream prices."""

    kva_per_household: float = 1.2  # transformer sizing: standard rating >= households * this
    standard_ratings_kva: list[float] = field(
        default_factory=lambda: [25.0, 50.0, 63.0, 80.0, 100.0, 125.0, 160.0, 200.0, 250.0,
                                 315.0, 400.0, 500.0, 630.0, 800.0, 1000.0, 1250.0, 1600.0]
    )
    power_factor: float = 0.95
    overload_threshold_pu: float = 1.0
    # Transformer losses by rating from a standard's table (scenarios.world.transformer_losses):
    # eu_ecodesign_tier2, or percent (the two shares below)
    transformer_losses: str = "eu_ecodesign_tier2"
    no_load_loss_pct: float = 0.25  # with transformer_losses=percent: no-load loss [% of rating]
    load_loss_pct: float = 1.2  # with transformer_losses=percent: load loss at rating [% of rating]
    feeder_loss_pct_at_peak: float = 3.0  # feeder I^2R loss at the design load [% of load]
    wholesale_price_per_kwh: float = 0.4153  # energy bought upstream [currency/kWh] (prices group)
    network_fee_per_kwh: float = 0.3857  # use-of-system charge the retailer pays the operator [currency/kWh]
    thermal: ThermalConfig = field(default_factory=ThermalConfig)


@dataclass
class TouPeriod:
    """One priced window of a time-of-use tariff, in local clock hours [start_h, end_h)."""

    name: str = MISSING
    start_h: float = MISSING
    end_h: float = MISSING
    price_per_kwh: float = MISSING


@dataclass
class TariffConfig:
    """A retail tariff. ``kind`` chooses the price rule from ``markets.tariffs.TARIFF_KINDS``."""

    name: str = MISSING
    kind: str = MISSING
    energy_price_per_kwh: float = MISSING  # price outside every listed period [currency/kWh]
    feed_in_price_per_kwh: float = MISSING  # credit for exported energy [currency/kWh]
    periods: list[TouPeriod] = field(default_factory=list)
    source: str = ""
    # cpp: on critical-peak days the window [cpp_start_h, cpp_end_h) costs peak_ratio x the off-peak price.
    peak_ratio: float = 5.0
    cpp_start_h: float = 17.0
    cpp_end_h: float = 21.0
    # The retailer calls a CPP day on tomorrow's forecast weather (markets.critical_peak): a weekday
    # whose |mean temperature - balance| is among the season's max_cpp_days_per_season most extreme.
    cpp_balance_temperature_c: float = 18.0  # degree-day base temperature [degC]
    # a season is a calendar quarter: 4 a quarter, 16 in a typical year (California's SPP CPP-F: 12-15)
    max_cpp_days_per_season: int = 4
    cpp_days: list[int] = field(default_factory=list)  # explicit CPP day indices (0 = first day); overrides
    # rtp: the interval's market price (wholesale when the market sets none) plus this adder.
    rtp_adder_per_kwh: float = 0.1227
    # Price response (Brattle PRISM, fitted to the California Statewide Pricing Pilot); false: customers
    # see the prices but do not respond (the counterfactual of the "without response" KPIs).
    price_response: bool = True
    elasticity_of_substitution: float = -0.097
    daily_price_elasticity: float = -0.016


@dataclass
class MarketConfig:
    """The regional green-electricity market, cleared every interval (``market=`` group)."""

    mechanism: str = "pay_as_clear"  # pay_as_clear, pay_as_bid, mcafee, huang, or none (no market)
    mcafee_unit_kwh: float = 1.0  # McAfee's trade unit: its trade reduction drops one unit per side [kWh]
    green_plan_share: float = 0.2  # share of households on a green plan: they bid for local PV
    green_premium_per_kwh: float = 0.05  # green-plan households' value above their tariff price
    retailer_green_share: float = 0.1  # share of other households' use sold as the retailer's green product
    retailer_bid_per_kwh: float = 0.45  # most the retailer pays for a local green kWh (with its certificate)
    battery_offers: bool = True  # battery owners offer stored energy above their own retail price
    local_network_fee_per_kwh: float = 0.08  # paid by household buyers to the operator per traded kWh
    transformer_constraint: bool = False  # limit market flows through transformers forecast to overload
    constraint_threshold_pu: float = 0.9  # forecast loading above which the limit applies [pu]


@dataclass
class PriceSetConfig:
    """A site's price set (``prices=`` group): every default price in one sourced table."""

    name: str = MISSING
    currency: str = "CNY"
    residential_flat_per_kwh: float = MISSING  # [currency/kWh]
    residential_peak_per_kwh: float = MISSING
    residential_valley_per_kwh: float = MISSING
    wholesale_per_kwh: float = MISSING  # energy bought upstream
    feed_in_per_kwh: float = MISSING  # paid for PV exports
    cross_subsidy_per_kwh: float = MISSING  # paid by other customer classes per residential kWh
    network_fee_per_kwh: float = MISSING  # low-voltage delivery charge
    source: str = ""


@dataclass
class StrategyConfig:
    """How agents price their orders (``strategy=`` group): truthful, or adaptive shading."""

    name: str = "truthful"
    learning_rate: float = 0.1  # adaptive: fraction of the gap to the target margin closed per clearing
    initial_margin: float = 0.05  # adaptive: starting shade [fraction of value or cost]
    max_margin: float = 0.5


@dataclass
class DRConfig:
    """The operator's demand-response programme (``dr=`` group)."""

    programme: str = "none"  # none, or transformer_relief
    trigger_pu: float = 0.9  # forecast loading that calls a day-ahead event [pu of rating]
    planning_hour: float = 14.0  # when the operator reviews tomorrow's forecast [h of day]
    notice_min: int = 600  # least notice a day-ahead event gets [min]
    min_duration_min: int = 60
    max_duration_min: int = 240
    max_events_per_season: int = 15  # per transformer; a season is a calendar quarter
    emergency: bool = True  # call a real-time event when a transformer overloads now
    emergency_duration_min: int = 60
    incentive_per_kwh: float = 1.0  # paid per kWh of measured reduction [currency/kWh]
    baseline: str = "caiso_10in10"
    # Fewer clean (event-free) history days than this: the most recent event days fill up the baseline
    baseline_min_days: int = 5
    enrolment_share: float = 0.6  # share of households enrolled (opted in)
    opt_out_probability: float = 0.1  # an enrolled customer sits an event out, before fatigue
    fatigue_per_event: float = 0.15  # participation falls by this fraction per event in the last fatigue_days
    fatigue_days: int = 7
    emergency_response_factor: float = 0.6  # participation without notice, relative to day-ahead
    flexible_share: float = 0.2  # share of a responder's base load it cuts during an event
    rebound_share: float = 0.5  # share of the cut energy used after the event (shifted, not shed)
    rebound_min: int = 120
    battery_discharge: bool = True  # responders' batteries discharge at full power during events
    baseline_check_start_h: float = 17.0  # window for the baseline error on non-event days
    baseline_check_end_h: float = 21.0


@dataclass
class SwappingConfig:
    """A battery-swapping station for a taxi fleet (``ev.swapping``)."""

    stations: int = 0  # 0 or 1
    bays: int = 2
    batteries: int = 20
    battery_kwh: float = 70.0
    chargers: int = 12
    charger_kw: float = 60.0
    charging_efficiency: float = 0.95
    max_kw: float = 600.0  # the station's connection limit
    taxi_arrivals_per_hour: float = 4.0
    swap_min: float = 5.0
    depleted_soc: float = 0.2
    ready_soc: float = 0.95
    min_ready: int = 6  # charge regardless of price below this many ready batteries
    cheap_price_per_kwh: float = 0.45  # charge at full power at or below this price


@dataclass
class PortConfig:
    """Shore power at a port (``ev.port``); emission factors and their sources in ``agents/devices/port.py``."""

    enabled: bool = False
    calls_per_week: float = 5.0
    berth_hours_mean: float = 12.0
    aux_load_kw_mean: float = 300.0  # small ferries and feeder vessels
    shore_power_share: float = 1.0
    sfoc_kg_per_kwh: float = 0.227
    fuel_co2_kg_per_kg: float = 3.206
    grid_co2_kg_per_kwh: float = 0.5703


@dataclass
class AdoptionConfig:
    """Bass (1969) diffusion of EV ownership over years (``ev.adoption``): a study of one week per year."""

    years: int = 0  # 0: no adoption study
    start_year: int = 2025
    p: float = 0.01  # coefficient of innovation
    q: float = 0.35  # coefficient of imitation
    market_share: float = 0.8  # eventual share of households with an EV
    initial_share: float = 0.05  # share already adopted at start_year


@dataclass
class EVConfig:
    """Households' electric vehicles and home charging (``ev.*``)."""

    share: float = 0.0  # share of households with an EV
    charging: str = "uncontrolled"  # uncontrolled, tou_delay, smart, v2g
    battery_kwh: Optional[float] = None  # None: drawn from emobpy's 178 EV model-years; a number fixes it
    charger_kw_options: list[float] = field(default_factory=lambda: [3.7, 7.4, 11.0])
    charger_kw_weights: list[float] = field(default_factory=lambda: [0.3, 0.5, 0.2])
    worker_share: float = 0.6  # commuters (the rest drive for errands and leisure)
    target_soc: float = 0.9
    initial_soc: float = 0.9  # at the start, as if charged the night before
    charging_efficiency: float = 0.9  # emobpy's fallback battery charging efficiency
    discharging_efficiency: float = 0.95
    tou_start_h: float = 22.0  # tou_delay's off-peak window
    tou_end_h: float = 8.0
    v2g_reserve_soc: float = 0.5
    v2g_price_per_kwh: float = 0.5  # v2g considers discharging at retail prices from this one [currency/kWh]
    # Battery wear per kWh discharged (Kempton and Tomic 2005: pack cost / (cycle life x depth of
    # discharge)): 828 CNY/kWh (BNEF's 2024 average pack price, 115 USD/kWh at 7.2 CNY/USD) over
    # 3,000 full cycles at 80 % depth of discharge [currency/kWh]
    battery_wear_cost_per_kwh: float = 0.345
    smart_limit_pu: float = 0.9  # the operator publishes headroom up to this loading (margin for forecast error)
    swapping: SwappingConfig = field(default_factory=SwappingConfig)
    port: PortConfig = field(default_factory=PortConfig)
    adoption: AdoptionConfig = field(default_factory=AdoptionConfig)


@dataclass
class RetailerConfig:
    billing: str = "monthly"  # billing cycle: monthly (calendar months) or weekly


@dataclass
class RunConfig:
    progress: bool = True  # show a progress bar
    summary: bool = True  # print the KPI table at the end
    # With DR or price response: run the counterfactual twin without response (scenarios.model.counterfactual)
    # for the "without response" KPIs and the true DR reductions; false halves the time of such runs.
    counterfactual: bool = True
    # Test hooks for failure handling in sweeps (off by default):
    fail_at_interval: int = -1  # raise an error when this interval starts
    crash_at_interval: int = -1  # kill the process abruptly when this interval starts ...
    crash_marker: str = ""  # ... unless this file exists (it is created first, so a retry goes on)


@dataclass
class Config:
    seed: int = 0
    currency: str = "CNY"
    prices: PriceSetConfig = MISSING
    scenario: ScenarioConfig = MISSING
    tariff: TariffConfig = MISSING
    market: MarketConfig = field(default_factory=MarketConfig)
    strategy: StrategyConfig = field(default_factory=StrategyConfig)
    dr: DRConfig = field(default_factory=DRConfig)
    ev: EVConfig = field(default_factory=EVConfig)
    pv: PVConfig = field(default_factory=PVConfig)
    battery: BatteryConfig = field(default_factory=BatteryConfig)
    grid: GridConfig = field(default_factory=GridConfig)
    retailer: RetailerConfig = field(default_factory=RetailerConfig)
    run: RunConfig = field(default_factory=RunConfig)


def register_schemas() -> None:
    """Register the schema so ``configs/config.yaml`` can name ``enernet_schema`` in its defaults.

    The group files (scenario/, tariff/) merge into the typed fields of :class:`Config`, so they
    are checked against ``ScenarioConfig`` and ``TariffConfig`` without naming a schema themselves.
    """
    ConfigStore.instance().store(name="enernet_schema", node=Config)


def unknown_keys(cfg: DictConfig, schema=Config, prefix: str = "") -> list[str]:
    """Keys of ``cfg`` that the schema does not declare (Hydra's ``+key=value`` can add them)."""
    import dataclasses
    import typing

    hints = typing.get_type_hints(schema)
    out = []
    for key in cfg.keys():
        if key == "hydra" and not prefix:
            continue
        if key not in hints:
            out.append(f"{prefix}{key}")
            continue
        node = cfg[key]
        if dataclasses.is_dataclass(hints[key]) and isinstance(node, DictConfig):
            out += unknown_keys(node, hints[key], f"{prefix}{key}.")
    return out




def _fraction(problems: list[str], key: str, value: float, closed_low: bool = True) -> None:
    low_ok = value >= 0 if closed_low else value > 0
    if not (math.isfinite(value) and low_ok and value <= 1):
        interval = "[0, 1]" if closed_low else "(0, 1]"
        problems.append(f"{key} = {value!r} is not allowed: must be a fraction in {interval}")


def _positive(problems: list[str], key: str, value: float, allow_zero: bool = False) -> None:
    ok = math.isfinite(value) and (value >= 0 if allow_zero else value > 0)
    if not ok:
        bound = ">= 0" if allow_zero else "> 0"
        problems.append(f"{key} = {value!r} is not allowed: must be a finite number {bound}")


def _one_of(problems: list[str], key: str, value: str, allowed) -> None:
    if value not in allowed:
        problems.append(f"{key} = {value!r} is not allowed: choose one of {', '.join(sorted(allowed))}")


def validate(cfg: DictConfig | Config | dict[str, Any]) -> None:
    """Check ranges and names of a composed config; raise :class:`ConfigError` listing every problem.

    Runs before anything is written or simulated.
    """

    c = cfg if isinstance(cfg, DictConfig) else OmegaConf.structured(cfg)
    problems: list[str] = [
        f"{key} is not a known key: see 'enernet run --help' for the keys of each group"
        for key in unknown_keys(c)
    ]
    if c.seed < 0:
        problems.append(f"seed = {c.seed} is not allowed: must be an integer >= 0")
    s = c.scenario
    if s.households < 1:
        problems.append(f"scenario.households = {s.households} is not allowed: must be >= 1")
    if not 0 <= s.warmup_days <= 60:
        problems.append(f"scenario.warmup_days = {s.warmup_days} is not allowed: must be in [0, 60] days")
    if s.days < 1:
        problems.append(f"scenario.days = {s.days} is not allowed: must be >= 1")
    _fraction(problems, "scenario.pv_share", s.pv_share)
    _fraction(problems, "scenario.battery_share", s.battery_share)
    if not 1 <= s.transformers <= max(s.households, 1):
        problems.append(
            f"scenario.transformers = {s.transformers} is not allowed: must be between 1 and "
            f"scenario.households ({s.households})"
        )
    if not 1 <= s.feeders <= max(s.transformers, 1):
        problems.append(
            f"scenario.feeders = {s.feeders} is not allowed: must be between 1 and "
            f"scenario.transformers ({s.transformers})"
        )
    if s.interval_min < 1 or 1440 % s.interval_min or (s.interval_min % 15 and 15 % s.interval_min):
        problems.append(
            f"scenario.interval_min = {s.interval_min} is not allowed: must divide a day (1440 min) and be "
            "a divisor or multiple of the 15-minute profiles, e.g. 5, 15, 30, 60"
        )
    try:
        dt.date.fromisoformat(s.start_date)
    except ValueError:
        problems.append(f"scenario.start_date = {s.start_date!r} is not allowed: must be an ISO date YYYY-MM-DD")
    _positive(problems, "scenario.mean_annual_kwh", s.mean_annual_kwh)
    _positive(problems, "scenario.annual_kwh_sigma", s.annual_kwh_sigma, allow_zero=True)
    _positive(problems, "scenario.load_noise_sigma", s.load_noise_sigma, allow_zero=True)
    if not 0 <= s.load_noise_autocorrelation < 1:
        problems.append(
            f"scenario.load_noise_autocorrelation = {s.load_noise_autocorrelation} is not allowed: "
            "must be in [0, 1)"
        )
    if not 0 <= s.load_shift_max_min <= 720:
        problems.append(f"scenario.load_shift_max_min = {s.load_shift_max_min} is not allowed: must be in [0, 720]")
    _one_of(problems, "scenario.load_profile", s.load_profile, LOAD_PROFILES)
    _one_of(problems, "scenario.weather", s.weather, WEATHER_SITES)

    pv = c.pv
    _positive(problems, "pv.kwp_mean", pv.kwp_mean)
    _positive(problems, "pv.kwp_sigma", pv.kwp_sigma, allow_zero=True)
    if not pv.tilts_deg or any(not 0 <= t <= 90 for t in pv.tilts_deg):
        problems.append(f"pv.tilts_deg = {list(pv.tilts_deg)} is not allowed: give one or more tilts in [0, 90] deg")
    if not pv.azimuths_deg or any(not 0 <= a < 360 for a in pv.azimuths_deg):
        problems.append(
            f"pv.azimuths_deg = {list(pv.azimuths_deg)} is not allowed: give one or more azimuths in [0, 360) deg"
        )
    if not 0 <= pv.system_losses_pct < 100:
        problems.append(f"pv.system_losses_pct = {pv.system_losses_pct} is not allowed: must be in [0, 100)")
    _positive(problems, "pv.dc_ac_ratio", pv.dc_ac_ratio)
    _fraction(problems, "pv.inverter_efficiency", pv.inverter_efficiency, closed_low=False)
    _one_of(problems, "pv.mounting", pv.mounting, PV_MOUNTINGS)
    _one_of(problems, "pv.transposition", pv.transposition, PV_TRANSPOSITIONS)

    b = c.battery
    _positive(problems, "battery.capacity_kwh", b.capacity_kwh)
    _positive(problems, "battery.power_kw", b.power_kw)
    _fraction(problems, "battery.round_trip_efficiency", b.round_trip_efficiency, closed_low=False)
    _fraction(problems, "battery.initial_soc", b.initial_soc)

    g = c.grid
    _positive(problems, "grid.kva_per_household", g.kva_per_household)
    if not g.standard_ratings_kva or any(not (math.isfinite(r) and r > 0) for r in g.standard_ratings_kva):
        problems.append(
            f"grid.standard_ratings_kva = {list(g.standard_ratings_kva)} is not allowed: give positive ratings"
        )
    _fraction(problems, "grid.power_factor", g.power_factor, closed_low=False)
    _positive(problems, "grid.overload_threshold_pu", g.overload_threshold_pu)
    for key in ("no_load_loss_pct", "load_loss_pct", "feeder_loss_pct_at_peak"):
        value = g[key]
        if not 0 <= value < 50:
            problems.append(f"grid.{key} = {value} is not allowed: must be in [0, 50) %")
    _positive(problems, "grid.wholesale_price_per_kwh", g.wholesale_price_per_kwh, allow_zero=True)
    _positive(problems, "grid.network_fee_per_kwh", g.network_fee_per_kwh, allow_zero=True)

    t = c.tariff
    _one_of(problems, "tariff.kind", t.kind, TARIFF_KINDS)
    _positive(problems, "tariff.energy_price_per_kwh", t.energy_price_per_kwh, allow_zero=True)
    _positive(problems, "tariff.feed_in_price_per_kwh", t.feed_in_price_per_kwh, allow_zero=True)
    for i, p in enumerate(t.periods):
        if not (0 <= p.start_h < 24 and 0 < p.end_h <= 24 and p.start_h != p.end_h):
            problems.append(
                f"tariff.periods[{i}] ({p.name}) hours {p.start_h}-{p.end_h} are not allowed: "
                "need 0 <= start_h < 24, 0 < end_h <= 24, start_h != end_h (a window may wrap midnight)"
            )
        _positive(problems, f"tariff.periods[{i}].price_per_kwh", p.price_per_kwh, allow_zero=True)
    if t.kind == "flat" and len(t.periods):
        problems.append("tariff.periods is not allowed for tariff.kind = 'flat': a flat tariff has no periods")

    mk = c.market
    _one_of(problems, "market.mechanism", mk.mechanism, (*MARKET_MECHANISMS, "none"))
    _fraction(problems, "market.green_plan_share", mk.green_plan_share)
    _fraction(problems, "market.retailer_green_share", mk.retailer_green_share)
    for key in ("green_premium_per_kwh", "retailer_bid_per_kwh", "local_network_fee_per_kwh"):
        _positive(problems, f"market.{key}", mk[key], allow_zero=True)
    _positive(problems, "market.constraint_threshold_pu", mk.constraint_threshold_pu)
    _positive(problems, "market.mcafee_unit_kwh", mk.mcafee_unit_kwh)
    if mk.transformer_constraint and mk.mechanism != "pay_as_clear":
        problems.append(
            f"market.transformer_constraint = true is not allowed with market.mechanism = {mk.mechanism!r}: "
            "zonal prices under congestion need the uniform-price market, market.mechanism = pay_as_clear"
        )
    st = c.strategy
    _one_of(problems, "strategy.name", st.name, STRATEGIES)
    _fraction(problems, "strategy.learning_rate", st.learning_rate)
    _fraction(problems, "strategy.max_margin", st.max_margin, closed_low=False)
    if not 0 <= st.initial_margin <= st.max_margin:
        problems.append(f"strategy.initial_margin = {st.initial_margin} is not allowed: must be in [0, strategy.max_margin]")

    _validate_dr(problems, c)
    _validate_ev(problems, c.ev)
    if c.dr.programme != "none" and 60 % s.interval_min:
        problems.append(f"scenario.interval_min = {s.interval_min} is not allowed with dr.programme = "
                        f"{c.dr.programme!r}: the baselines' hour-based windows need an interval that divides an "
                        "hour (1, 5, 15, 30, 60 ...)")
    if c.ev.share > 0 and s.interval_min > 240:
        problems.append(f"scenario.interval_min = {s.interval_min} is not allowed with ev.share > 0: a day's "
                        "tour needs room to leave and come back; use at most 240 minutes")
    th = g.thermal
    for key in ("top_oil_rise_c", "hot_spot_rise_c", "n", "m", "top_oil_time_constant_min",
                "winding_time_constant_min"):
        _positive(problems, f"grid.thermal.{key}", th[key])
    _one_of(problems, "grid.transformer_losses", g.transformer_losses, TRANSFORMER_LOSS_STANDARDS)
    if g.no_load_loss_pct <= 0:
        problems.append(f"grid.no_load_loss_pct = {g.no_load_loss_pct} is not allowed: the thermal model needs "
                        "a no-load loss > 0 (the loss ratio R = load loss / no-load loss)")
    if t.kind == "cpp":
        _positive(problems, "tariff.peak_ratio", t.peak_ratio)
        if not (0 <= t.cpp_start_h < 24 and 0 < t.cpp_end_h <= 24 and t.cpp_start_h < t.cpp_end_h):
            problems.append(f"tariff.cpp_start_h/cpp_end_h = {t.cpp_start_h}/{t.cpp_end_h} are not allowed: "
                            "need 0 <= start < end <= 24")
        if not (math.isfinite(t.cpp_balance_temperature_c) and -30 <= t.cpp_balance_temperature_c <= 40):
            problems.append(f"tariff.cpp_balance_temperature_c = {t.cpp_balance_temperature_c!r} is not allowed: "
                            "must be a temperature in [-30, 40] degC")
        if not 0 <= t.max_cpp_days_per_season <= 92:
            problems.append(f"tariff.max_cpp_days_per_season = {t.max_cpp_days_per_season} is not allowed: must be "
                            "in [0, 92] (days of a quarter)")
        bad_days = [d for d in t.cpp_days if not 0 <= d < s.days]
        if bad_days:
            problems.append(f"tariff.cpp_days = {list(t.cpp_days)} is not allowed: days must be in [0, {s.days})")
    if t.elasticity_of_substitution > 0 or t.daily_price_elasticity > 0:
        problems.append("tariff.elasticity_of_substitution and tariff.daily_price_elasticity must be <= 0 "
                        f"(got {t.elasticity_of_substitution}, {t.daily_price_elasticity}): demand falls as price rises")

    _one_of(problems, "retailer.billing", c.retailer.billing, BILLING_CYCLES)
    if problems:
        raise ConfigError(problems)




def _validate_dr(problems: list[str], c) -> None:
    d = c.dr
    _one_of(problems, "dr.programme", d.programme, DR_PROGRAMMES)
    _one_of(problems, "dr.baseline", d.baseline, BASELINES)
    _positive(problems, "dr.trigger_pu", d.trigger_pu)
    _positive(problems, "dr.incentive_per_kwh", d.incentive_per_kwh, allow_zero=True)
    horizon_min = c.scenario.days * 1440
    if not 0 <= d.notice_min < horizon_min:
        problems.append(f"dr.notice_min = {d.notice_min} is not allowed: must be >= 0 and shorter than the "
                        f"horizon ({horizon_min} min = scenario.days x 1440)")
    if not 0 <= d.planning_hour < 24:
        problems.append(f"dr.planning_hour = {d.planning_hour} is not allowed: must be in [0, 24)")
    if not 0 < d.min_duration_min <= d.max_duration_min:
        problems.append(f"dr.min_duration_min/max_duration_min = {d.min_duration_min}/{d.max_duration_min} are "
                        "not allowed: need 0 < min <= max")
    for key in ("enrolment_share", "opt_out_probability", "fatigue_per_event", "emergency_response_factor",
                "flexible_share", "rebound_share"):
        _fraction(problems, f"dr.{key}", d[key])
    if not 1 <= d.baseline_min_days <= 10:
        problems.append(f"dr.baseline_min_days = {d.baseline_min_days} is not allowed: must be in [1, 10]")
    for key in ("max_events_per_season", "fatigue_days", "emergency_duration_min", "rebound_min"):
        if d[key] < 0:
            problems.append(f"dr.{key} = {d[key]} is not allowed: must be >= 0")
    if not 0 <= d.baseline_check_start_h < d.baseline_check_end_h <= 24:
        problems.append("dr.baseline_check_start_h/end_h are not allowed: need 0 <= start < end <= 24")




def _validate_ev(problems: list[str], e) -> None:
    _fraction(problems, "ev.share", e.share)
    _one_of(problems, "ev.charging", e.charging, EV_POLICIES)
    if e.battery_kwh is not None:
        _positive(problems, "ev.battery_kwh", e.battery_kwh)
    if not e.charger_kw_options or any(not (math.isfinite(k) and k > 0) for k in e.charger_kw_options):
        problems.append(f"ev.charger_kw_options = {list(e.charger_kw_options)} is not allowed: charger powers "
                        "must be > 0 kW")
    if len(e.charger_kw_weights) != len(e.charger_kw_options) or any(w < 0 for w in e.charger_kw_weights) \
            or sum(e.charger_kw_weights) <= 0:
        problems.append(f"ev.charger_kw_weights = {list(e.charger_kw_weights)} is not allowed: one weight >= 0 per "
                        "charger option, not all zero")
    for key in ("worker_share", "target_soc", "initial_soc", "v2g_reserve_soc"):
        _fraction(problems, f"ev.{key}", e[key])
    for key in ("charging_efficiency", "discharging_efficiency"):
        _fraction(problems, f"ev.{key}", e[key], closed_low=False)
    _positive(problems, "ev.smart_limit_pu", e.smart_limit_pu)
    _positive(problems, "ev.battery_wear_cost_per_kwh", e.battery_wear_cost_per_kwh, allow_zero=True)
    if not (0 <= e.tou_start_h < 24 and 0 <= e.tou_end_h <= 24 and e.tou_start_h != e.tou_end_h):
        problems.append(f"ev.tou_start_h/tou_end_h = {e.tou_start_h}/{e.tou_end_h} are not allowed: hours in "
                        "[0, 24], start != end (a window may wrap midnight)")
    s = e.swapping
    if s.stations not in (0, 1):
        problems.append(f"ev.swapping.stations = {s.stations} is not allowed: 0 or 1")
    for key in ("bays", "batteries", "chargers"):
        if s[key] < 1:
            problems.append(f"ev.swapping.{key} = {s[key]} is not allowed: must be >= 1")
    for key in ("battery_kwh", "charger_kw", "max_kw", "swap_min"):
        _positive(problems, f"ev.swapping.{key}", s[key])
    _positive(problems, "ev.swapping.taxi_arrivals_per_hour", s.taxi_arrivals_per_hour, allow_zero=True)
    for key in ("depleted_soc", "ready_soc"):
        _fraction(problems, f"ev.swapping.{key}", s[key])
    _fraction(problems, "ev.swapping.charging_efficiency", s.charging_efficiency, closed_low=False)
    pt = e.port
    for key in ("calls_per_week", "berth_hours_mean", "aux_load_kw_mean", "sfoc_kg_per_kwh", "fuel_co2_kg_per_kg",
                "grid_co2_kg_per_kwh"):
        _positive(problems, f"ev.port.{key}", pt[key], allow_zero=True)
    _fraction(problems, "ev.port.shore_power_share", pt.shore_power_share)
    a = e.adoption
    if a.years < 0:
        problems.append(f"ev.adoption.years = {a.years} is not allowed: must be >= 0")
    _positive(problems, "ev.adoption.p", a.p)
    _positive(problems, "ev.adoption.q", a.q, allow_zero=True)
    _fraction(problems, "ev.adoption.market_share", a.market_share)
    _fraction(problems, "ev.adoption.initial_share", a.initial_share)
