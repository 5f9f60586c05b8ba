"""Tariff price rules."""
from __future__ import annotations

import numpy as np
from omegaconf import OmegaConf

from enernet.configs.schema_markets import TariffConfig, TouPeriod
from enernet.markets.tariffs import day_prices, in_window


def _tou(*periods):
    return OmegaConf.structured(TariffConfig(name="t", kind="tou", energy_price_per_kwh=0.3, feed_in_price_per_kwh=0.1,
                                             periods=list(periods)))


def test_zhejiang_style_tou_peak_from_8_to_22(compose):
    prices = day_prices(compose(["tariff=tou"]).tariff, 15)
    assert prices.shape == (96,)
    assert prices[8 * 4 - 1] == 0.288 and prices[8 * 4] == 0.568
    assert prices[22 * 4 - 1] == 0.568 and prices[22 * 4] == 0.288


def test_window_wrapping_midnight_and_later_periods_override():
    hours = np.arange(24.0)
    assert in_window(hours, 22, 6).sum() == 8
    prices = day_prices(_tou(TouPeriod("peak", 8, 22, 0.6), TouPeriod("critical", 18, 20, 1.2)), 60)
    assert prices[7] == 0.3 and prices[8] == 0.6 and prices[18] == 1.2 and prices[20] == 0.6


def test_flat_is_flat(compose):
    prices = day_prices(compose(["tariff=flat"]).tariff, 30)
    assert prices.shape == (48,) and np.all(prices == 0.538)
