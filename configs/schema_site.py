"""Where the simulated area is (``site=`` group) and what its homes own (``ownership=`` group).

A site chooses together what belongs together: the typical-year weather, the time zone its
timestamps are in, the currency, the price set (``prices=``) and the appliance ownership set
(``ownership=``) of its homes. Each site file names its price and ownership sets in its defaults
list; either can still be chosen on its own (``site=hangzhou ownership=all_electric``).
"""
from __future__ import annotations

from dataclasses import dataclass

from omegaconf import MISSING

from enernet.configs.contracts import declare
from enernet.configs.names import WEATHER_SITES


@dataclass
class SiteConfig:
    """The site: its weather, clock and currency (its prices and ownership are their own groups)."""

    name: str = declare(MISSING, "the site's name (the file in configs/site)", internal=True)
    description: str = declare("", "the site in a line, and where its weather comes from", internal=True)
    climate: str = declare("", "the climate class (Koppen-Geiger) of the site and of its weather", internal=True)
    time_zone: str = declare("Asia/Shanghai", "IANA time zone of the site: every timestamp is its local standard "
                             "time (no daylight saving shifts, as typical years are)")
    currency: str = declare("CNY", "currency of the site's prices: the price set must be in it (ISO 4217)")
    weather: str = declare("greensboro_nc", "typical-year weather (TMY3 in the pvlib wheel)", choices=WEATHER_SITES)
    weather_file: str = declare("", "a typical year of your own: a TMY3 CSV or an EnergyPlus EPW file (8,760 "
                                "hours; checked before the run); empty: site.weather's shipped file")


@dataclass
class OwnershipConfig:
    """Shares of homes that own each appliance (``homes.model=appliances``), with their source."""

    name: str = declare(MISSING, "the ownership set's name (the file in configs/ownership)", internal=True)
    source: str = declare("", "where the shares come from", internal=True)
    air_conditioner: float = declare(MISSING, "homes with at least one split air conditioner (a reversible heat "
                                     "pump)", "fraction", ge=0, le=1)
    heats_with_ac: float = declare(MISSING, "of the homes with air conditioners, those that heat with them in "
                                   "winter (the rest: electric_space_heater, gas or nothing)", "fraction", ge=0, le=1)
    electric_space_heater: float = declare(0.0, "of the homes that do not heat with air conditioners, those "
                                           "that heat with a resistive electric heater (default 0: sets written "
                                           "before this key)", "fraction", ge=0, le=1)
    electric_water_heater: float = declare(MISSING, "homes with an electric storage water heater", "fraction",
                                           ge=0, le=1)
    kettle: float = declare(MISSING, "homes with an electric kettle", "fraction", ge=0, le=1)
    rice_cooker: float = declare(MISSING, "homes with a rice cooker", "fraction", ge=0, le=1)
    induction_cooktop: float = declare(MISSING, "homes with an induction cooktop", "fraction", ge=0, le=1)
    microwave: float = declare(MISSING, "homes with a microwave oven", "fraction", ge=0, le=1)
    washing_machine: float = declare(MISSING, "homes with a washing machine", "fraction", ge=0, le=1)
    dryer: float = declare(MISSING, "homes with a clothes dryer", "fraction", ge=0, le=1)
    dishwasher: float = declare(MISSING, "homes with a dishwasher", "fraction", ge=0, le=1)
    tv: float = declare(MISSING, "homes with a television", "fraction", ge=0, le=1)
    computer: float = declare(MISSING, "homes with a computer", "fraction", ge=0, le=1)


def site_rules(site, prices, problems: list[str]) -> None:
    """The time zone exists; the price set is in the site's currency."""
    import zoneinfo

    try:
        zoneinfo.ZoneInfo(str(site.time_zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.append(f"site.time_zone = {site.time_zone!r} is not allowed: an IANA time zone name such as "
                        "Asia/Shanghai or America/New_York")
    if str(prices.currency) != str(site.currency):
        problems.append(f"prices = {prices.name} is not allowed with site.currency = {site.currency}: its prices are "
                        f"in {prices.currency}; choose a price set in {site.currency} or a site that uses "
                        f"{prices.currency}")
