"""Retail tariffs: price rules chosen by name, each turning a tariff config into prices per slot.

A rule returns the energy price [currency/kWh] of every interval slot of one day. Registry:
``TARIFF_KINDS``; an unknown name is refused by ``configs.schema.validate`` with the valid ones listed.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.names import TARIFF_KINDS as TARIFF_NAMES
from enernet.configs.names import registry


def _slot_start_hours(interval_min: int) -> np.ndarray:
    return np.arange(0, MINUTES_PER_DAY, interval_min) / MINUTES_PER_HOUR


def flat_day_prices(tariff, interval_min: int) -> np.ndarray:
    """One price at every hour [currency/kWh]."""
    return np.full(MINUTES_PER_DAY // interval_min, float(tariff.energy_price_per_kwh))


def in_window(hours: np.ndarray, start_h: float, end_h: float) -> np.ndarray:
    """True where ``hours`` fall in [start_h, end_h); a window with start_h > end_h wraps midnight."""
    if start_h < end_h:
        return (hours >= start_h) & (hours < end_h)
    return (hours >= start_h) | (hours < end_h)


def tou_day_prices(tariff, interval_min: int) -> np.ndarray:
    """Time-of-use: each listed period's price inside its window, the base price elsewhere.

    An interval takes the price of the window its start falls in; later periods override earlier
    ones where windows overlap.
    """
    hours = _slot_start_hours(interval_min)
    prices = np.full(hours.shape, float(tariff.energy_price_per_kwh))
    for period in tariff.periods:
        prices[in_window(hours, float(period.start_h), float(period.end_h))] = float(period.price_per_kwh)
    return prices


def cpp_window(tariff, interval_min: int) -> np.ndarray:
    """Slots of the critical-peak window [cpp_start_h, cpp_end_h) (bool per slot of the day)."""
    return in_window(_slot_start_hours(interval_min), float(tariff.cpp_start_h), float(tariff.cpp_end_h))


def cpp_day_prices(tariff, interval_min: int, critical: bool = False) -> np.ndarray:
    """Critical-peak pricing: the base (flat or TOU) prices; on a critical day the window costs
    ``peak_ratio`` x the off-peak (base) price."""
    prices = tou_day_prices(tariff, interval_min)
    if critical:
        prices[cpp_window(tariff, interval_min)] = float(tariff.peak_ratio) * float(tariff.energy_price_per_kwh)
    return prices


def rtp_day_prices(tariff, interval_min: int) -> np.ndarray:
    """Real-time pricing's expected prices (the base price); the interval's price replaces them once
    the market has cleared (see :func:`rtp_price`)."""
    return flat_day_prices(tariff, interval_min)


def rtp_price(tariff, market_price: float, wholesale_price: float) -> float:
    """The interval's RTP price: market price (or wholesale without one) plus the adder, never < 0."""
    base = market_price if np.isfinite(market_price) else wholesale_price
    return max(0.0, float(base) + float(tariff.rtp_adder_per_kwh))


TARIFF_KINDS: dict[str, Callable[..., np.ndarray]] = registry(TARIFF_NAMES, {
    "flat": flat_day_prices,
    "tou": tou_day_prices,
    "cpp": cpp_day_prices,
    "rtp": rtp_day_prices,
})


def day_prices(tariff, interval_min: int, critical: bool = False) -> np.ndarray:
    """Prices of one day's slots for ``tariff`` under its rule ``tariff.kind`` [currency/kWh].

    ``critical`` marks a critical-peak day (only the ``cpp`` rule uses it).
    """
    try:
        rule = TARIFF_KINDS[tariff.kind]
    except KeyError:
        raise ValueError(
            f"tariff.kind = {tariff.kind!r} is not allowed: choose one of {', '.join(sorted(TARIFF_KINDS))}"
        ) from None
    if tariff.kind == "cpp":
        return rule(tariff, interval_min, critical)
    return rule(tariff, interval_min)
