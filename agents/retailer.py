"""The power retailer: publishes its tariffs' prices each day and bills its customers."""
from __future__ import annotations

import numpy as np

from markets.tariffs import day_prices
from sim.mesa_compat import mesa


class Retailer(mesa.Agent):
    """Sells energy to households on a menu of tariffs and buys their exports at feed-in prices.

    ``price_table`` holds today's price per (slot, tariff) [currency/kWh]; rows are contiguous so the
    interval loop hands a row straight to the settlement kernel.
    """

    def __init__(self, model, tariffs):
        super().__init__(model)
        self.tariffs = list(tariffs)
        self.tariff_names = [t.name for t in self.tariffs]
        k = len(self.tariffs)
        self.price_table = np.zeros((model.clock.intervals_per_day, k))
        self.feed_in_price_per_kwh = np.array([float(t.feed_in_price_per_kwh) for t in self.tariffs])
        self.period_start_min = 0

    def publish_day_prices(self, day: int) -> None:
        """Set every tariff's prices for ``day`` (event: start of each day)."""
        for k, tariff in enumerate(self.tariffs):
            self.price_table[:, k] = day_prices(tariff, self.model.clock.interval_min)

    def prices_for_slot(self, slot: int) -> np.ndarray:
        return self.price_table[slot]

    def close_billing_period(self, minute: int) -> None:
        """Issue one bill per household for [period start, ``minute``) and open a new period."""
        if minute <= self.period_start_min:
            return
        s = self.model.settlement
        self.model.recorder.add_bills(self.period_start_min, minute, self.tariff_names, self.model.population, s)
        s.reset_period()
        self.period_start_min = minute
