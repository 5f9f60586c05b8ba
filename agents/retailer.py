"""The power retailer: publishes its tariffs' prices each day and bills its customers."""
from __future__ import annotations

import numpy as np

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.names import CPP_DAY_EVENT
from enernet.markets.critical_peak import CriticalPeakRule
from enernet.markets.price_response import ces_multipliers
from enernet.markets.tariffs import cpp_window, day_prices
from enernet.sim.mesa_compat import mesa


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
        self._day_price_tables: dict[bool, np.ndarray] = {}  # by critical-peak flag (day_price_table)
        self.feed_in_price_per_kwh = np.array([float(t.feed_in_price_per_kwh) for t in self.tariffs])
        self.period_start_min = 0
        self.critical_days: set[int] = set()
        # Multiplier on price-responsive customers' load per slot today (PRISM; 1 on ordinary days).
        self.load_multiplier = np.ones(model.clock.intervals_per_day)
        self.critical_window = np.zeros(model.clock.intervals_per_day, dtype=bool)  # today's CPP window
        self.cpp_tariff = next((t for t in self.tariffs if t.kind == "cpp"), None)
        self.cpp_rule = None
        if self.cpp_tariff is not None:
            self.critical_days.update(int(d) for d in self.cpp_tariff.cpp_days)
            self.cpp_rule = CriticalPeakRule(model.weather.temp_air_c, float(self.cpp_tariff.cpp_balance_temperature_c),
                                             int(self.cpp_tariff.max_cpp_days_per_season))

    def is_critical(self, day: int) -> bool:
        return day in self.critical_days

    def plan_critical_peak(self, day: int) -> None:
        """Planning hour of ``day``: make ``day + 1`` a critical-peak day by the rule of
        ``markets.critical_peak`` (tomorrow's forecast weather among its season's most extreme
        weekdays, at most ``max_cpp_days_per_season`` a quarter); explicit ``cpp_days`` win."""
        tariff, model = self.cpp_tariff, self.model
        tomorrow = day + 1
        if tariff is None or len(tariff.cpp_days) or tomorrow >= model.clock.days:
            return
        date = model.clock.timestamp(tomorrow * MINUTES_PER_DAY).date()
        called = [model.clock.timestamp(d * MINUTES_PER_DAY).date() for d in self.critical_days]
        if self.cpp_rule.is_critical(date, called):
            self.critical_days.add(tomorrow)

    def day_price_table(self, critical: bool) -> np.ndarray:
        """Every tariff's prices of a day's slots (slots, tariffs) [per kWh]; the rules depend on the
        day only through ``critical``, so each table is read from the config once (reads are slow)."""
        if critical not in self._day_price_tables:
            self._day_price_tables[critical] = np.column_stack(
                [day_prices(tariff, self.model.clock.interval_min, critical=critical) for tariff in self.tariffs])
        return self._day_price_tables[critical]

    def publish_day_prices(self, day: int) -> None:
        """Set every tariff's prices for ``day`` (event: start of each day), and on a critical-peak
        day the customers' planned response to them."""
        critical = self.is_critical(day)
        self.price_table[:] = self.day_price_table(critical)
        self.load_multiplier[:] = 1.0
        self.critical_window[:] = False
        if critical and self.cpp_tariff is not None:
            self._plan_price_response(day)

    def _plan_price_response(self, day: int) -> None:
        """PRISM multipliers for today's peak window and the rest of the day (households plan their day)."""
        tariff, clock = self.cpp_tariff, self.model.clock
        window = cpp_window(tariff, clock.interval_min)
        ipd = clock.intervals_per_day
        start = day * MINUTES_PER_DAY + int(tariff.cpp_start_h * MINUTES_PER_HOUR)
        end = day * MINUTES_PER_DAY + int(tariff.cpp_end_h * MINUTES_PER_HOUR)
        homes = getattr(self.model.loads, "respond", None)
        if homes is not None:  # homes of appliances decide for themselves: the PRISM multipliers stay at 1
            self.critical_window[:] = window
            h = self.model.cfg.homes
            rows = np.flatnonzero(self.model.pipeline.price_responsive)
            # who acts today: a share growing with the log of the price ratio (a stream of its own per day)
            acting = min(1.0, float(h.cpp_acting_per_log_ratio) * np.log(float(tariff.peak_ratio)))
            draws = np.random.Generator(np.random.Philox(np.random.SeedSequence([int(self.model.cfg.seed), 7919,
                                                                                day - self.model.clock.first_day])))
            rows = rows[draws.random(rows.size) < acting]
            if rows.size:
                homes(rows, start, end, float(h.cpp_setpoint_raise_k), bool(h.cpp_water_heater_off),
                      bool(h.dr_defer_laundry), source="price")
            self.model.recorder.add_events(kind=CPP_DAY_EVENT, transformer=[-1], start_min=[start], end_min=[end],
                                           peak_loading_pu=[np.nan])
            return
        first = self.model.loads.pad + clock.row(day * ipd)
        profile = self.model.loads.profile[first:first + ipd]
        peak_share = float(profile[window].sum() / profile.sum())
        base = float(tariff.energy_price_per_kwh)
        m_peak, m_off = ces_multipliers(peak_share, base, base, float(tariff.peak_ratio) * base, base,
                                        tariff.elasticity_of_substitution, tariff.daily_price_elasticity)
        self.load_multiplier[:] = m_off
        self.load_multiplier[window] = m_peak
        self.critical_window[:] = window
        start = day * MINUTES_PER_DAY + int(tariff.cpp_start_h * MINUTES_PER_HOUR)
        self.model.recorder.add_events(kind=CPP_DAY_EVENT, transformer=[-1], start_min=[start],
                                       end_min=[day * MINUTES_PER_DAY + int(tariff.cpp_end_h * MINUTES_PER_HOUR)],
                                       peak_loading_pu=[np.nan])

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
