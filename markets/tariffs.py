"""Retail tariffs: price rules chosen by name, each turning a tariff config into prices per slot.

A rule returns the energy price [currency/kWh] of every interval slot of one day. Registry:
``TARIFF_KINDS``; an unknown name is refused by ``sim.config.validate`` with the valid ones listed.
"""
from __future__ import annotations

from typing import Callable

import numpy as np

MINUTES_PER_DAY = 1440


def _slot_start_hours(interval_min: int) -> np.ndarray:
    return np.arange(0, MINUTES_PER_DAY, interval_min) / 60.0


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


TARIFF_KINDS: dict[str, Callable[..., np.ndarray]] = {
    "flat": flat_day_prices,
    "tou": tou_day_prices,
}


def day_prices(tariff, interval_min: int) -> np.ndarray:
    """Prices of one day's slots for ``tariff`` under its rule ``tariff.kind`` [currency/kWh]."""
    try:
        rule = TARIFF_KINDS[tariff.kind]
    except KeyError:
        raise ValueError(
            f"tariff.kind = {tariff.kind!r} is not allowed: choose one of {', '.join(sorted(TARIFF_KINDS))}"
        ) from None
    return rule(tariff, interval_min)
