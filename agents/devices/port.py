"""Shore power at a port: ships at berth draw their auxiliary load from the grid instead of burning fuel.

Ship calls arrive at random (Poisson, ``calls_per_week``), stay a log-normal berth time (mean
``berth_hours_mean``) with a log-normal auxiliary load (mean ``aux_load_kw_mean``); a share
``shore_power_share`` of calls connect. Each connected kWh avoids fuel in the ships' auxiliary
engines and its CO2, less the grid's CO2 for the same kWh:

- auxiliary-engine fuel use 0.227 kg fuel/kWh (marine diesel/gas oil, medium-speed auxiliary engines;
  IMO Fourth GHG Study 2020, table of specific fuel oil consumption) (``sfoc_kg_per_kwh``);
- 3.206 kg CO2/kg fuel for diesel/gas oil (IMO MEPC.308(73) and MEPC.364(79) carbon factor C_F)
  (``fuel_co2_kg_per_kg``);
- grid 0.5703 kg CO2/kWh, China's national average grid emission factor for 2022 (Ministry of
  Ecology and Environment, 2023) (``grid_co2_kg_per_kwh``).
"""
from __future__ import annotations

import numpy as np

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR


class Port:
    def __init__(self, env, cfg, rng: np.random.Generator, horizon_min: float):
        self.env = env
        self.cfg = cfg
        self.load_kw = 0.0
        self.energy_kwh = 0.0
        self.calls = 0
        self.connected_calls = 0
        rate_per_min = float(cfg.calls_per_week) / (7 * MINUTES_PER_DAY)
        times = np.cumsum(rng.exponential(1.0 / rate_per_min, int(rate_per_min * horizon_min * 2) + 5)) \
            if rate_per_min > 0 else np.zeros(0)
        times = times[times < horizon_min]
        sigma = 0.4
        berth_h = float(cfg.berth_hours_mean) * np.exp(rng.normal(-sigma**2 / 2, sigma, times.size))
        aux_kw = float(cfg.aux_load_kw_mean) * np.exp(rng.normal(-sigma**2 / 2, sigma, times.size))
        connects = rng.random(times.size) < float(cfg.shore_power_share)
        env.process(self._calls(times, berth_h, aux_kw, connects))

    def _calls(self, times, berth_h, aux_kw, connects):
        for when, hours, kw, connect in zip(times, berth_h, aux_kw, connects):
            yield self.env.timeout(when - self.env.now)
            self.calls += 1
            if connect:
                self.connected_calls += 1
                self.env.process(self._berth(float(hours) * MINUTES_PER_HOUR, float(kw)))

    def _berth(self, minutes: float, kw: float):
        self.load_kw += kw
        yield self.env.timeout(minutes)
        self.load_kw -= kw

    def begin_recording(self) -> None:
        """The recorded start: energy from zero (ships call only in the recorded horizon)."""
        self.energy_kwh = 0.0

    def draw(self, interval_h: float) -> float:
        """This interval's shore-power draw [kW] (ships connected at the interval's start)."""
        load = max(self.load_kw, 0.0)
        self.energy_kwh += load * interval_h
        return load

    def avoided(self) -> tuple[float, float]:
        """(avoided fuel [kg], avoided CO2 net of the grid's [kg])."""
        cfg = self.cfg
        fuel = self.energy_kwh * float(cfg.sfoc_kg_per_kwh)
        return fuel, fuel * float(cfg.fuel_co2_kg_per_kg) - self.energy_kwh * float(cfg.grid_co2_kg_per_kwh)
