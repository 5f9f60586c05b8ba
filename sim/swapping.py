"""Battery-swapping station for a taxi fleet: a SimPy resource for the swap bays, so queues form.

Taxis arrive at random (a Poisson process, ``taxi_arrivals_per_hour``), wait for a free bay
(``simpy.Resource``) and for a charged battery (``simpy.Store`` of ready batteries), swap in
``swap_min`` minutes and leave their depleted battery (at ``depleted_soc``) to recharge. The
station's chargers recharge the stock every interval: at full power when the price is at most
``cheap_price_per_kwh`` or when fewer than ``min_ready`` batteries are ready, otherwise idle; never
above the station's connection limit ``max_kw``. Wait = from arrival to the start of the swap.
"""
from __future__ import annotations

import numpy as np
import simpy


class SwapStation:
    def __init__(self, env, cfg, rng: np.random.Generator, horizon_min: float, arrivals_min=None):
        self.env = env
        self.cfg = cfg
        self.bays = simpy.Resource(env, capacity=int(cfg.bays))
        self.ready = simpy.Store(env)
        n = int(cfg.batteries)
        self.soc_kwh = np.full(n, float(cfg.battery_kwh))
        self.charging = np.zeros(n, dtype=bool)
        for battery in range(n):
            self.ready.put(battery)
        self.rng = rng
        self.waits_min: list[float] = []
        self.trace: list[tuple[float, str, int]] = []
        self.energy_kwh = 0.0
        self.peak_kw = 0.0
        self.power_kw = 0.0
        arrivals = arrivals_min if arrivals_min is not None else self._poisson_arrivals(horizon_min)
        env.process(self._arrivals(np.asarray(arrivals, dtype=float)))

    def _poisson_arrivals(self, horizon_min: float) -> np.ndarray:
        rate_per_min = float(self.cfg.taxi_arrivals_per_hour) / 60.0
        if rate_per_min <= 0:
            return np.zeros(0)
        expected = int(rate_per_min * horizon_min * 1.5) + 10
        times = np.cumsum(self.rng.exponential(1.0 / rate_per_min, expected))
        return times[times < horizon_min]

    def _arrivals(self, times: np.ndarray):
        for taxi, when in enumerate(times):
            yield self.env.timeout(when - self.env.now)
            self.env.process(self._swap(taxi))

    def _swap(self, taxi: int):
        arrived = self.env.now
        self.trace.append((arrived, "arrive", taxi))
        with self.bays.request() as bay:
            yield bay
            battery = yield self.ready.get()
            self.waits_min.append(self.env.now - arrived)
            self.trace.append((self.env.now, "start", taxi))
            yield self.env.timeout(float(self.cfg.swap_min))
            self.soc_kwh[battery] = float(self.cfg.depleted_soc) * float(self.cfg.battery_kwh)
            self.charging[battery] = True
            self.trace.append((self.env.now, "leave", taxi))

    def recharge(self, price_per_kwh: float, interval_h: float) -> float:
        """Charge the depleted stock for one interval; returns the station's power [kW]."""
        cfg = self.cfg
        cap = float(cfg.battery_kwh)
        waiting = np.flatnonzero(self.charging)
        if waiting.size == 0:
            self.power_kw = 0.0
            return 0.0
        urgent = len(self.ready.items) < int(cfg.min_ready)
        if price_per_kwh > float(cfg.cheap_price_per_kwh) and not urgent:
            self.power_kw = 0.0
            return 0.0
        # The fullest batteries first: they get back into service soonest.
        order = waiting[np.argsort(-self.soc_kwh[waiting], kind="stable")][: int(cfg.chargers)]
        room_kw = (cap - self.soc_kwh[order]) / (float(cfg.charging_efficiency) * interval_h)
        power = np.minimum(float(cfg.charger_kw), room_kw)
        total = power.sum()
        if total > float(cfg.max_kw):
            power *= float(cfg.max_kw) / total
        self.soc_kwh[order] += power * float(cfg.charging_efficiency) * interval_h
        done = order[self.soc_kwh[order] >= cap * float(cfg.ready_soc) - 1e-9]
        for battery in done:  # a few a day: event-level, not per household
            self.charging[battery] = False
            self.ready.put(int(battery))
        self.power_kw = float(power.sum())
        self.energy_kwh += self.power_kw * interval_h
        self.peak_kw = max(self.peak_kw, self.power_kw)
        return self.power_kw

    @property
    def served(self) -> int:
        return len(self.waits_min)
