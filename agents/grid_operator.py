"""The grid operator: runs the network's power balance and watches its transformers."""
from __future__ import annotations

import numpy as np

from enernet.cext.episodes import overload_episodes
from enernet.configs.constants import MINUTES_PER_HOUR
from enernet.configs.names import DR_EMERGENCY_EVENT, OVERLOAD_EVENT
from enernet.sim.grid import Network, PowerBalance
from enernet.sim.mesa_compat import mesa


class GridOperator(mesa.Agent):
    """Owns the distribution network; records each transformer overload episode as an event.

    An episode starts at the first interval whose loading exceeds the overload threshold and ends
    at the first interval back under it (or at the end of the run).
    """

    def __init__(self, model, network: Network, network_fee_per_kwh: float, constraint_threshold_pu: float = 0.9):
        super().__init__(model)
        self.network = network
        self.power_balance = PowerBalance(network)
        self.network_fee_per_kwh = float(network_fee_per_kwh)
        n_transformers = network.n_transformers
        self.overload_since_min = np.full(n_transformers, -1, dtype=np.int64)
        self.episode_peak_pu = np.zeros(n_transformers)
        self.overload_hours_by_transformer = np.zeros(n_transformers)
        self.max_loading_pu_by_transformer = np.zeros(n_transformers)
        # Seasonal-naive forecast: a transformer's load at this slot yesterday (the previous
        # interval's load on the first day, when there is no yesterday yet).
        self.load_by_slot_kw = np.zeros((model.clock.intervals_per_day, n_transformers))
        self.last_load_kw = np.zeros(n_transformers)
        # The same, but only from intervals without a DR event at the transformer: planning DR on
        # loads that DR itself lowered would skip every other day.
        self.undisturbed_by_slot_kw = np.zeros((model.clock.intervals_per_day, n_transformers))
        self.non_ev_by_slot_kw = np.zeros((model.clock.intervals_per_day, n_transformers))  # transformer load less EVs
        self.last_non_ev_kw = np.zeros(n_transformers)
        active_kw = network.rating_kva * network.power_factor
        self.limit_kw = network.overload_threshold_pu * active_kw
        self.trigger_kw = float(constraint_threshold_pu) * active_kw

    def begin_recording(self) -> None:
        """The recorded start: overload statistics from zero; an episode still open (it began in the
        warm-up) is dropped and, if the transformer is still overloaded, reopens at minute 0. The
        load histories the forecasts read are kept."""
        self.overload_hours_by_transformer.fill(0.0)
        self.max_loading_pu_by_transformer.fill(0.0)
        self.overload_since_min.fill(-1)
        self.episode_peak_pu.fill(0.0)

    def _has_yesterday(self, interval: int) -> bool:
        clock = self.model.clock
        return clock.row(interval) >= clock.intervals_per_day

    def forecast_load_kw(self, interval: int) -> np.ndarray:
        """Day-ahead seasonal-naive forecast of each transformer's load for ``interval`` [kW]."""
        ipd = self.model.clock.intervals_per_day
        return self.load_by_slot_kw[interval % ipd] if self._has_yesterday(interval) else self.last_load_kw

    def market_headroom_kwh(self, interval: int) -> tuple[np.ndarray, np.ndarray]:
        """Limits on green-market flows into and out of each transformer's zone [kWh per interval].

        Where the forecast load is above the constraint threshold (in the import direction, or in
        reverse flow in the export direction), market flows that would add to it are limited to the
        headroom left below the overload limit; elsewhere there is no limit (inf).
        """
        f = self.forecast_load_kw(interval)
        dt = self.model.clock.interval_h
        cap_in = np.where(f >= self.trigger_kw, np.maximum(self.limit_kw - f, 0.0) * dt, np.inf)
        cap_out = np.where(-f >= self.trigger_kw, np.maximum(self.limit_kw + f, 0.0) * dt, np.inf)
        return cap_in, cap_out

    def plan_tomorrow(self, day: int) -> None:
        """Planning hour of ``day``: forecast ``day + 1`` per transformer and call day-ahead DR events.

        The forecast is seasonal naive: each slot's most recent observation (today's for slots
        already metered, yesterday's for the rest). Only import loading calls an event: asking
        customers to cut load does not relieve reverse flow.
        """
        dr = self.model.dr
        if dr is None or day + 1 >= self.model.clock.days:
            return
        net = self.network
        forecast_pu = np.maximum(self.undisturbed_by_slot_kw, 0.0) / net.power_factor / net.rating_kva
        dr.plan_day_ahead(day + 1, forecast_pu)

    def check_emergency(self, minute: int) -> None:
        """A transformer overloaded now (import) without an event gets one from the next interval."""
        dr = self.model.dr
        if dr is None or not dr.emergency:
            return
        pb = self.power_balance
        hot = np.flatnonzero((pb.transformer_overloaded != 0) & (pb.transformer_load_kw > 0) & ~dr.active)
        step = self.model.clock.interval_min
        for transformer in hot:  # only the overloaded ones: rare
            dr.call(DR_EMERGENCY_EVENT, int(transformer), minute + step, minute + step + dr.emergency_duration_min)

    def remember_loads(self, interval: int, ev_by_transformer_kw: np.ndarray | None = None) -> None:
        load = self.power_balance.transformer_load_kw
        slot = interval % self.model.clock.intervals_per_day
        self.load_by_slot_kw[slot] = load
        self.last_load_kw[:] = load
        dr = self.model.dr
        quiet = ~dr.active if dr is not None else slice(None)
        self.undisturbed_by_slot_kw[slot, quiet] = load[quiet]
        non_ev = load if ev_by_transformer_kw is None else load - ev_by_transformer_kw
        self.non_ev_by_slot_kw[slot] = non_ev
        self.last_non_ev_kw[:] = non_ev

    def ev_headroom_kw(self, interval: int, limit_pu: float) -> tuple[np.ndarray, np.ndarray]:
        """Headroom the operator publishes for EVs under each transformer [kW]: for charging,
        ``limit_pu`` of its rating (as active power) minus its seasonal-naive forecast of the load
        without EVs; for discharging (v2g), the same limit in reverse flow plus that forecast."""
        ipd = self.model.clock.intervals_per_day
        forecast = self.non_ev_by_slot_kw[interval % ipd] if self._has_yesterday(interval) else self.last_non_ev_kw
        net = self.network
        limit = limit_pu * net.rating_kva * net.power_factor
        return np.maximum(limit - forecast, 0.0), np.maximum(limit + forecast, 0.0)

    def ev_headroom_ahead_kw(self, interval: int, limit_pu: float, slots: int) -> np.ndarray:
        """The import headroom of :meth:`ev_headroom_kw` forecast for each of the ``slots`` intervals
        from ``interval`` on, (slots, transformers) [kW]: seasonal naive, each slot's latest load
        without EVs (the same day's slots repeat beyond a day)."""
        ipd = self.model.clock.intervals_per_day
        net = self.network
        limit = limit_pu * net.rating_kva * net.power_factor
        forecast = self.non_ev_by_slot_kw[(interval + np.arange(slots)) % ipd]
        return np.maximum(limit - forecast, 0.0)

    def balance(self, net_kw: np.ndarray, feeder_extra_kw: np.ndarray | None = None) -> PowerBalance:
        self.power_balance.balance(net_kw, feeder_extra_kw)
        return self.power_balance

    def watch_transformers(self, minute: int, interval_min: int) -> None:
        """Open, extend or close overload episodes after the interval starting at ``minute``."""
        pb = self.power_balance
        self._watch(minute, interval_min, pb.transformer_overloaded.view(bool), pb.transformer_loading_pu)

    def watch_rows(self, first_minute: int, interval_min: int, overloaded: np.ndarray, loading_pu: np.ndarray) -> None:
        """:meth:`watch_transformers` for consecutive intervals (rows of ``overloaded`` and
        ``loading_pu``, (intervals, n_transformers)) starting at ``first_minute`` (one kernel pass,
        ``cext.episodes``; episodes close in the order of the interval path)."""
        steps, n_transformers = overloaded.shape
        if loading_pu.shape != (steps, n_transformers) or n_transformers != self.overload_since_min.shape[0]:
            raise ValueError(f"overloaded and loading_pu: expected shape (intervals, {self.overload_since_min.shape[0]}),"
                             f" got {overloaded.shape} and {loading_pu.shape}")
        room = steps * n_transformers // 2 + n_transformers
        transformer, start_min, end_min = (np.empty(room, dtype=np.int64) for _ in range(3))
        peak_pu = np.empty(room)
        closed = overload_episodes(
            np.ascontiguousarray(overloaded, dtype=np.uint8), np.ascontiguousarray(loading_pu, dtype=np.float64),
            int(first_minute), int(interval_min), interval_min / MINUTES_PER_HOUR, self.overload_since_min, self.episode_peak_pu,
            self.overload_hours_by_transformer, self.max_loading_pu_by_transformer,
            transformer, start_min, end_min, peak_pu)
        if closed:
            self.model.recorder.add_events(kind=OVERLOAD_EVENT, transformer=transformer[:closed],
                                           start_min=start_min[:closed], end_min=end_min[:closed],
                                           peak_loading_pu=peak_pu[:closed])

    def remember_rows(self, first_interval: int, transformer_load_kw: np.ndarray) -> None:
        """:meth:`remember_loads` for consecutive intervals (no DR events, no EVs on this path)."""
        slots = (first_interval + np.arange(transformer_load_kw.shape[0])) % self.model.clock.intervals_per_day
        for history in (self.load_by_slot_kw, self.undisturbed_by_slot_kw, self.non_ev_by_slot_kw):
            history[slots] = transformer_load_kw
        self.last_load_kw[:] = transformer_load_kw[-1]
        self.last_non_ev_kw[:] = transformer_load_kw[-1]

    def _watch(self, minute: int, interval_min: int, overloaded: np.ndarray, loading_pu: np.ndarray) -> None:
        self.overload_hours_by_transformer += overloaded * (interval_min / MINUTES_PER_HOUR)
        np.maximum(self.max_loading_pu_by_transformer, loading_pu, out=self.max_loading_pu_by_transformer)
        open_ = self.overload_since_min >= 0
        if not (overloaded.any() or open_.any()):
            return
        starting = overloaded & ~open_
        self.overload_since_min[starting] = minute
        self.episode_peak_pu[starting] = 0.0
        active = overloaded
        np.maximum(self.episode_peak_pu, np.where(active, loading_pu, 0.0), out=self.episode_peak_pu)
        ending = open_ & ~overloaded
        if ending.any():
            self._close(np.flatnonzero(ending), minute)

    def close_open_episodes(self, minute: int) -> None:
        self._close(np.flatnonzero(self.overload_since_min >= 0), minute)

    def _close(self, transformers: np.ndarray, end_min: int) -> None:
        if transformers.size == 0:
            return
        self.model.recorder.add_events(
            kind=OVERLOAD_EVENT,
            transformer=transformers,
            start_min=self.overload_since_min[transformers],
            end_min=np.full(transformers.size, end_min),
            peak_loading_pu=self.episode_peak_pu[transformers],
        )
        self.overload_since_min[transformers] = -1
        self.episode_peak_pu[transformers] = 0.0
