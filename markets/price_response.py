"""Household response to time-varying prices: the PRISM model (constant elasticity of substitution).

Brattle's PRISM, fitted to the California Statewide Pricing Pilot (Faruqui and George 2005;
surveyed in Faruqui and Sergici 2010, "Household response to dynamic pricing of electricity: a
survey of 15 experiments", J. Regulatory Economics 38:193), has two equations per day:

- substitution: ln(Q_peak / Q_off) changes by sigma x the change in ln(P_peak / P_off)
  (sigma, the elasticity of substitution, about -0.097 on critical-peak days);
- daily demand: ln(Q_day) changes by epsilon x the change in ln(P_day)
  (epsilon, the daily price elasticity, about -0.016 on critical-peak days),

where P_day is the day's average price weighted by the reference load (a Laspeyres index, so the
model needs no iteration). Given the reference peak share of a day's load and the reference and new
prices, the model returns multipliers for peak-period and off-peak load.
"""
from __future__ import annotations

import math


def ces_multipliers(peak_share: float, price_peak_ref: float, price_off_ref: float, price_peak: float,
                    price_off: float, elasticity_of_substitution: float = -0.097,
                    daily_price_elasticity: float = -0.016) -> tuple[float, float]:
    """Multipliers (peak, off-peak) for a day's load under new prices [-].

    peak_share : share of the day's reference energy used in the peak period, in (0, 1)
    prices : per kWh, all > 0
    """
    if not 0 < peak_share < 1:
        raise ValueError(f"peak_share = {peak_share!r} is not allowed: must be in (0, 1)")
    for name, value in (("price_peak_ref", price_peak_ref), ("price_off_ref", price_off_ref),
                        ("price_peak", price_peak), ("price_off", price_off)):
        if not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} = {value!r} is not allowed: prices must be > 0")
    ratio_ref = peak_share / (1.0 - peak_share)
    ratio_new = ratio_ref * math.exp(
        elasticity_of_substitution * (math.log(price_peak / price_off) - math.log(price_peak_ref / price_off_ref)))
    day_price_ref = peak_share * price_peak_ref + (1 - peak_share) * price_off_ref
    day_price_new = peak_share * price_peak + (1 - peak_share) * price_off
    day_energy = math.exp(daily_price_elasticity * math.log(day_price_new / day_price_ref))  # relative to 1
    off_new = day_energy / (1.0 + ratio_new)
    peak_new = ratio_new * off_new
    return peak_new / peak_share, off_new / (1.0 - peak_share)
