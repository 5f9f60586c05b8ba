"""The devices' config sections: households' EVs and their charging, the taxi battery-swapping
station, shore power at the port, and the EV adoption study. Each field declares its contract."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from enernet.configs.constants import FIRST_YEAR, HOURS_PER_DAY, LAST_YEAR
from enernet.configs.contracts import declare, section
from enernet.configs.names import EV_POLICIES


@dataclass
class SwappingConfig:
    """A battery-swapping station for a taxi fleet (``ev.swapping``)."""

    stations: int = declare(0, "swapping stations (0 or 1)", "stations", ge=0, le=1)
    bays: int = declare(2, "swap bays", "bays", ge=1, le=100)
    batteries: int = declare(20, "batteries in the station's stock", "batteries", ge=1, le=10_000)
    battery_kwh: float = declare(70.0, "capacity of a swap battery", "kWh", gt=0, le=1000)
    chargers: int = declare(12, "chargers for the stock", "chargers", ge=1, le=10_000)
    charger_kw: float = declare(60.0, "power of a charger", "kW", gt=0, le=1000)
    charging_efficiency: float = declare(0.95, "charging efficiency", "fraction", gt=0, le=1)
    max_kw: float = declare(600.0, "the station's connection limit", "kW", gt=0, le=100_000)
    taxi_arrivals_per_hour: float = declare(4.0, "mean taxi arrivals (Poisson)", "1/h", ge=0, le=1000)
    swap_min: float = declare(5.0, "time a swap takes", "min", gt=0, le=600)
    depleted_soc: float = declare(0.2, "state of charge of a battery taken out of a taxi", "fraction", ge=0, le=1)
    ready_soc: float = declare(0.95, "state of charge at which a battery is ready", "fraction", ge=0, le=1)
    min_ready: int = declare(6, "charge regardless of price below this many ready batteries", "batteries",
                             ge=0, le=10_000)
    cheap_price_per_kwh: float = declare(0.45, "charge at full power at or below this price", "currency/kWh",
                                         ge=0, le=100)


@dataclass
class PortConfig:
    """Shore power at a port (``ev.port``); factors and their sources in ``agents/devices/port.py``."""

    enabled: bool = declare(False, "ships call at the port and may draw shore power")
    calls_per_week: float = declare(5.0, "mean ship calls (Poisson)", "1/week", ge=0, le=10_000)
    berth_hours_mean: float = declare(12.0, "mean time at berth (log-normal)", "h", ge=0, le=1000)
    aux_load_kw_mean: float = declare(300.0, "mean auxiliary load of a ship at berth", "kW", ge=0, le=100_000)
    shore_power_share: float = declare(1.0, "share of calls that connect", "fraction", ge=0, le=1)
    sfoc_kg_per_kwh: float = declare(0.227, "auxiliary engines' specific fuel oil consumption (IMO)", "kg/kWh",
                                     ge=0, le=1)
    fuel_co2_kg_per_kg: float = declare(3.206, "CO2 per kg of marine diesel (IMO)", "kg/kg", ge=0, le=10)
    grid_co2_kg_per_kwh: float = declare(0.5703, "grid emission factor (China)", "kg/kWh", ge=0, le=2)


@dataclass
class AdoptionConfig:
    """Bass (1969) diffusion of EV ownership over years (``ev.adoption``): one week a year simulated."""

    years: int = declare(0, "years studied (0: no adoption study)", "years", ge=0, le=100)
    start_year: int = declare(2025, "first year of the study", "year", ge=FIRST_YEAR, le=LAST_YEAR)
    p: float = declare(0.01, "Bass coefficient of innovation", "1/year", gt=0, le=1)
    q: float = declare(0.35, "Bass coefficient of imitation", "1/year", ge=0, le=5)
    market_share: float = declare(0.8, "eventual share of households with an EV", "fraction", ge=0, le=1)
    initial_share: float = declare(0.05, "share already adopted in start_year", "fraction", ge=0, le=1)


@dataclass
class EVConfig:
    """Households' electric vehicles and home charging (``ev.*``)."""

    share: float = declare(0.0, "share of households with an EV", "fraction", ge=0, le=1)
    charging: str = declare("uncontrolled", "charging policy", choices=EV_POLICIES)
    battery_kwh: Optional[float] = declare(None, "every car's battery (null: drawn from emobpy's 178 model-years)",
                                           "kWh", ge=5, le=250, optional=True)
    charger_kw_options: list[float] = declare([3.7, 7.4, 11.0], "home charger powers", "kW", gt=0, le=1000,
                                              nonempty=True)
    charger_kw_weights: list[float] = declare([0.3, 0.5, 0.2], "weight of each charger power", "-", ge=0, le=1e6,
                                              nonempty=True)
    worker_share: float = declare(0.6, "share of EV owners who commute", "fraction", ge=0, le=1)
    target_soc: float = declare(0.9, "state of charge wanted at departure", "fraction", ge=0, le=1)
    initial_soc: float = declare(0.9, "state of charge at the start of the simulation", "fraction", ge=0, le=1)
    charging_efficiency: float = declare(0.9, "battery charging efficiency (emobpy's fallback)", "fraction",
                                         gt=0, le=1)
    discharging_efficiency: float = declare(0.95, "battery discharging efficiency", "fraction", gt=0, le=1)
    tou_start_h: float = declare(22.0, "tou_delay's off-peak window: start", "h", ge=0, lt=HOURS_PER_DAY)
    tou_end_h: float = declare(8.0, "tou_delay's off-peak window: end (may wrap midnight)", "h", ge=0,
                               le=HOURS_PER_DAY)
    v2g_reserve_soc: float = declare(0.5, "v2g never discharges below this", "fraction", ge=0, le=1)
    v2g_price_per_kwh: float = declare(0.5, "v2g considers discharging at retail prices from this one",
                                       "currency/kWh", ge=0, le=100)
    battery_wear_cost_per_kwh: float = declare(
        0.345, "battery wear per kWh discharged (Kempton and Tomic 2005: 828 CNY/kWh pack, BNEF 2024, over 3,000 "
        "cycles at 80 % depth)", "currency/kWh", ge=0, le=100)
    smart_limit_pu: float = declare(0.9, "the operator publishes EV headroom up to this loading", "pu", gt=0, le=5)
    swapping: SwappingConfig = section(SwappingConfig, "taxi battery swapping")
    port: PortConfig = section(PortConfig, "shore power")
    adoption: AdoptionConfig = section(AdoptionConfig, "EV adoption study")


def ev_rules(e, interval_min: int, problems: list[str]) -> None:
    """Rules across the EV fields and the scenario's interval."""
    if len(e.charger_kw_weights) != len(e.charger_kw_options) or sum(e.charger_kw_weights) <= 0:
        problems.append(f"ev.charger_kw_weights = {list(e.charger_kw_weights)} is not allowed: one weight >= 0 per "
                        "charger option, not all zero")
    if e.tou_start_h == e.tou_end_h:
        problems.append(f"ev.tou_start_h = {e.tou_start_h} and ev.tou_end_h = {e.tou_end_h} are not allowed: the window needs "
                        "a length (it may wrap midnight)")
    if e.share > 0 and interval_min > 240:
        problems.append(f"scenario.interval_min = {interval_min} is not allowed with ev.share > 0: a day's tour needs "
                        "room to leave and come back; use at most 240 minutes")
    w = e.swapping
    if w.stations and not w.depleted_soc < w.ready_soc:
        problems.append(f"ev.swapping.depleted_soc = {w.depleted_soc} and ev.swapping.ready_soc = {w.ready_soc} are "
                        "not allowed: a battery comes out of a taxi emptier than it goes in (need depleted < ready)")
    if w.stations and w.min_ready > w.batteries:
        problems.append(f"ev.swapping.min_ready = {w.min_ready} is not allowed: the station holds only "
                        f"ev.swapping.batteries = {w.batteries}")
    if e.share > 0 and not e.v2g_reserve_soc <= e.target_soc:
        problems.append(f"ev.v2g_reserve_soc = {e.v2g_reserve_soc} is not allowed: must be at most ev.target_soc "
                        f"({e.target_soc}), the charge a car is wanted with")
    a = e.adoption
    if a.initial_share >= a.market_share:
        problems.append(f"ev.adoption.initial_share = {a.initial_share} is not allowed: must be below "
                        f"ev.adoption.market_share ({a.market_share})")
