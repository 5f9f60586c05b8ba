"""Battery-swapping station for a taxi fleet: a SimPy resource for the swap bays, so queues form.

Taxis arrive at random (a Poisson process, ``taxi_arrivals_per_hour``), wait for a free bay
(``simpy.Resource``) and for a charged battery (``simpy.Store`` of ready batteries), swap in
``swap_min`` minutes and leave their depleted battery (at ``depleted_soc``) to recharge. The
station's chargers recharge the stock every interval: at full power when the price is at most
``cheap_price_per_kwh`` or when fewer than ``min_ready`` batteries are ready, otherwise idle; never
above the station's connection limit ``max_kw``. Wait = from arrival to the start of the swap.
"""
from __future__ import annotations

from array import array

import numpy as np
import simpy

from enernet.configs.constants import MINUTES_PER_HOUR


class SwapStation:
    """``keep_trace``: record (minute, what, taxi) for every arrival, swap start and departure in
    ``trace`` (tests and teaching; a year's trace of a busy station is tens of MiB)."""

    def __init__(self, env, cfg, rng: np.random.Generator, horizon_min: float, arrivals_min=None,
                 keep_trace: bool = False):
        self.env = env
        self.cfg = cfg
        self.bays = simpy.Resource(env, capacity=int(cfg.bays))
        self.ready = simpy.Store(env)
        n = int(cfg.batteries)
        self.soc_kwh = [float(cfg.battery_kwh)] * n
        self.charging = [False] * n
        self._params = {"cap": float(cfg.battery_kwh), "eta": float(cfg.charging_efficiency),
                        "charger_kw": float(cfg.charger_kw), "max_kw": float(cfg.max_kw), "chargers": int(cfg.chargers),
                        "ready_soc": float(cfg.ready_soc), "min_ready": int(cfg.min_ready),
                        "cheap": float(cfg.cheap_price_per_kwh), "swap_min": float(cfg.swap_min),
                        "depleted_kwh": float(cfg.depleted_soc) * float(cfg.battery_kwh)}
        # Plain floats: reading the config node costs ~25 us an attribute, a swap reads three.
        for battery in range(n):
            self.ready.put(battery)
        self.rng = rng
        self.waits_min = array("d")  # [min], one per swap: 8 bytes each, not a Python float
        self.trace: list[tuple[float, str, int]] | None = [] if keep_trace else None
        self.energy_kwh = 0.0
        self.peak_kw = 0.0
        self.power_kw = 0.0
        arrivals = arrivals_min if arrivals_min is not None else self._poisson_arrivals(horizon_min)
        env.process(self._arrivals(np.asarray(arrivals, dtype=float)))

    def _poisson_arrivals(self, horizon_min: float) -> np.ndarray:
        rate_per_min = float(self.cfg.taxi_arrivals_per_hour) / MINUTES_PER_HOUR
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
        trace = self.trace
        if trace is not None:
            trace.append((arrived, "arrive", taxi))
        with self.bays.request() as bay:
            yield bay
            battery = yield self.ready.get()
            self.waits_min.append(self.env.now - arrived)
            if trace is not None:
                trace.append((self.env.now, "start", taxi))
            yield self.env.timeout(self._params["swap_min"])
            self.soc_kwh[battery] = self._params["depleted_kwh"]
            self.charging[battery] = True
            if trace is not None:
                trace.append((self.env.now, "leave", taxi))

    def begin_recording(self) -> None:
        """The recorded start: counts and energy from zero (taxis arrive only in the recorded horizon)."""
        self.waits_min = array("d")
        self.energy_kwh = 0.0
        self.peak_kw = 0.0

    def recharge(self, price_per_kwh: float, interval_h: float) -> float:
        """Charge the depleted stock for one interval; returns the station's power [kW]."""
        # A station holds tens of batteries: plain Python beats numpy's per-call overhead here.
        p = self._params
        waiting = [b for b in range(len(self.charging)) if self.charging[b]]
        if not waiting or (price_per_kwh > p["cheap"] and len(self.ready.items) >= p["min_ready"]):
            self.power_kw = 0.0
            return 0.0
        # The fullest batteries first (ties by number): they get back into service soonest.
        order = sorted(waiting, key=lambda b: (-self.soc_kwh[b], b))[: p["chargers"]]
        power = [min(p["charger_kw"], (p["cap"] - self.soc_kwh[b]) / (p["eta"] * interval_h)) for b in order]
        total = sum(power)
        if total > p["max_kw"]:
            power = [x * p["max_kw"] / total for x in power]
        for battery, kw in zip(order, power):
            self.soc_kwh[battery] += kw * p["eta"] * interval_h
            if self.soc_kwh[battery] >= p["cap"] * p["ready_soc"] - 1e-9:
                self.charging[battery] = False
                self.ready.put(int(battery))
        self.power_kw = float(sum(power))
        self.energy_kwh += self.power_kw * interval_h
        self.peak_kw = max(self.peak_kw, self.power_kw)
        return self.power_kw

    @property
    def served(self) -> int:
        return len(self.waits_min)
