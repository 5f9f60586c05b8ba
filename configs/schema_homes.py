"""The homes' config section (``homes.*``): what a household is made of. Each field declares its contract."""
from __future__ import annotations

from dataclasses import dataclass

from enernet.configs.contracts import declare

HOME_MODELS = ("profile", "appliances")


@dataclass
class HomesConfig:
    """Households as a standard load profile, or as people, a dwelling and appliances under the weather."""

    model: str = declare("appliances", "profile: BDEW H25 scaled, shifted and noisy; appliances: occupants, "
                         "appliance cycles, space conditioning and water heating (scenarios.world.homes)",
                         choices=HOME_MODELS)
    archetype_shares: list[float] = declare(
        [0.254, 0.20, 0.446, 0.10], "shares of young singles, retired couples, working families and shop-houses "
        "(2020 census: one-person homes 25.4 %, mean size 2.62)", "-", ge=0, le=1, nonempty=True)
    cooling_setpoint_c: float = declare(26.0, "air conditioners' cooling setpoint while someone is home (JGJ 134, "
                                        "the zone's residential energy standard: 26 degC)", "degC", ge=16, le=32)
    heating_setpoint_c: float = declare(18.0, "heating setpoint while someone is active (JGJ 134: 18 degC)", "degC",
                                        ge=10, le=26)
    dr_setpoint_raise_k: float = declare(2.0, "a DR responder raises its cooling setpoint (and lowers its heating "
                                         "setpoint) by this for the event (thermostat programmes ask 1-2 K)", "K",
                                         ge=0, le=10)
    cpp_setpoint_raise_k: float = declare(1.0, "on a critical-peak day an acting home raises its cooling setpoint "
                                          "(lowers heating) by this in the window and postpones laundry", "K",
                                          ge=0, le=10)
    cpp_water_heater_off: bool = declare(True, "on a critical-peak day an acting home also switches its water "
                                         "heater off in the window (a tank that runs cold leaves hot water short: hot_water_unmet_kwh)")
    cpp_acting_per_log_ratio: float = declare(
        0.185, "share of price-responsive homes acting on a critical-peak day per unit of ln(peak_ratio), capped at "
        "1 (log-linear as PRISM's demand; calibrated so the peak change lands on PRISM's: benchmarks/homes_cpp.py)",
        "-", ge=0, le=10)
    dr_precool_k: float = declare(1.0, "told a day ahead, a DR responder pre-cools (pre-heats) its rooms by this "
                                  "before the event (thermostat programmes pre-cool 1-2 K for 1-2 h)", "K", ge=0, le=5)
    dr_precool_min: int = declare(60, "how long before a day-ahead event responders pre-cool (0: not at all)", "min",
                                  ge=0, le=360)
    dr_water_heater_off: bool = declare(True, "a DR responder switches its water heater off for the event")
    dr_defer_laundry: bool = declare(True, "a DR responder postpones laundry and dishwashers to the event's end")


def homes_rules(h, record, problems: list[str]) -> None:
    if record.household_intervals and h.model != "appliances":
        problems.append("record.household_intervals = true is not allowed with homes.model = 'profile': the per-home "
                        "end uses exist only for homes of appliances (homes.model=appliances)")
    if len(h.archetype_shares) != 4 or sum(h.archetype_shares) <= 0:
        problems.append(f"homes.archetype_shares = {list(h.archetype_shares)} is not allowed: four shares >= 0 (young "
                        "singles, retired couples, working families, shop-houses), not all zero")
    if not h.heating_setpoint_c + h.dr_precool_k < h.cooling_setpoint_c - h.dr_precool_k:
        problems.append(f"homes.dr_precool_k = {h.dr_precool_k} is not allowed with setpoints {h.heating_setpoint_c} "
                        f"(heating) and {h.cooling_setpoint_c} (cooling): pre-cooling must stay above pre-heating")
    if not h.heating_setpoint_c < h.cooling_setpoint_c:
        problems.append(f"homes.heating_setpoint_c = {h.heating_setpoint_c} is not allowed: must be below "
                        f"homes.cooling_setpoint_c ({h.cooling_setpoint_c})")
