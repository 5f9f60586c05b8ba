"""Home EV charging: the fleet's state in arrays, departures and arrivals as batched SimPy events.

Each day the owners' trips for the next day are drawn (``agents.devices.mobility``), so an EV that comes
home knows when it leaves next. All EVs leaving (or arriving) in the same interval form one SimPy
event, processed before that interval is metered: at most 2 x 96 events a day, whatever the size
of the fleet. A departure closes the EV's charging session (one row of ``ev_sessions``) and takes the
trip's energy from the battery (what the battery cannot give is charged en route, counted as
public charging); an arrival plugs the EV in and opens a session.

Charging policies, by name (``ev.charging``), vectorised over the plugged EVs every interval:

- ``uncontrolled``: full charger power from arrival until the target state of charge.
- ``tou_delay``: full power, but only inside the off-peak window [tou_start_h, tou_end_h).
- ``smart``: charges only in the cheapest intervals before departure (price equal to the minimum
  over [now, departure)), spreading what it needs evenly over them, and whenever it must to still
  reach the target by departure; what it chooses to charge beyond what it must is kept, summed over
  a transformer, within the headroom the grid operator publishes for it (limit minus its
  seasonal-naive forecast of the load without EVs). What an EV must charge is never cut: a car
  that leaves short is worse than a transformer briefly above its planning limit.
- ``v2g``: ``smart``, and at prices >= ``v2g_price_per_kwh`` discharges what pays. A kWh given back
  is worth the owner's retail price where it covers the household's own import (vehicle to home)
  and the feed-in price where it is exported; it costs the cheapest price before departure over
  the round trip (charging x discharging efficiency) plus the battery's wear per kWh
  (``battery_wear_cost_per_kwh``). It discharges only above the owner's reserve, only what the
  cheapest intervals left can put back within the charger's power and the EV's share of the
  transformer's forecast headroom in those intervals, and within the published reverse-flow headroom.
  Home batteries do not charge from their car (they store PV surplus only).
Owners answering a DR event defer all but the charging they must do.

Energy balance of an EV: soc change = charged x charging efficiency - discharged / discharging
efficiency - driven (trip energy less what was charged en route).
"""
from __future__ import annotations

import numpy as np

from enernet.agents.devices.mobility import day_streams, draw_day
from enernet.agents.devices.vehicles import draw_vehicles, hvac_kwh_per_km
from enernet.cext.ev_charging import apply_power, plan_smart, within_headroom
from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.sim.columns import EV_SESSIONS, arrow_schema
from enernet.sim.simpy_tools import UrgentTimeout

NO_DEPARTURE = np.iinfo(np.int64).max // 4


def check_trips(trips, n: int) -> None:
    """Refuse a day of trips that cannot happen: wrong length, times outside the day, a return home
    before the departure, a negative distance."""
    for name in ("drives", "depart_min", "arrive_min", "distance_km"):
        if np.shape(getattr(trips, name)) != (n,):
            raise ValueError(f"trips.{name} has shape {np.shape(getattr(trips, name))}: expected ({n},), one per EV")
    d = trips.drives.astype(bool)
    bad = np.flatnonzero(d & (trips.arrive_min <= trips.depart_min))
    if bad.size:
        raise ValueError(f"EVs {bad[:5].tolist()} arrive home (arrive_min {trips.arrive_min[bad[:5]].tolist()}) "
                         f"before or when they depart (depart_min {trips.depart_min[bad[:5]].tolist()}): "
                         "an arrival must come after its departure")
    if (trips.depart_min[d] < 0).any() or (trips.arrive_min[d] >= MINUTES_PER_DAY).any():
        raise ValueError("trips must depart at or after minute 0 and arrive before minute MINUTES_PER_DAY of their day")
    if (trips.distance_km[d] < 0).any() or not np.isfinite(trips.distance_km[d]).all():
        raise ValueError("trips.distance_km must be finite and >= 0")


class EVFleet:
    def __init__(self, model):
        cfg = model.cfg.ev
        self.model = model
        self.cfg = cfg
        # Plain copies of the settings read every interval (an OmegaConf lookup costs microseconds).
        self.policy = str(cfg.charging)
        self.v2g_price_per_kwh = float(cfg.v2g_price_per_kwh)
        self.wear_cost_per_kwh = float(cfg.battery_wear_cost_per_kwh)
        self.smart_limit_pu = float(cfg.smart_limit_pu)
        pop, clock = model.population, model.clock
        # Ownership follows one ranking of the households (the order they adopt in): a larger share
        # adds owners at the end, and every owner keeps its car and its trips (EV e is rank e).
        ranking = model.streams.stream("ev.ownership").permutation(pop.n)
        owners = ranking[:int(round(cfg.share * pop.n))]
        self.household = owners.astype(np.int64)
        self.n = owners.size
        self.transformer = pop.transformer[owners].astype(np.int64)
        v = draw_vehicles(pop.n, cfg.charger_kw_options, cfg.charger_kw_weights, cfg.worker_share,
                          model.streams.seed_sequence("ev.vehicles"))
        v = type(v)(**{name: getattr(v, name)[:self.n] for name in v.__dataclass_fields__})
        self.capacity_kwh, self.consumption_kwh_per_km = v.battery_kwh, v.consumption_kwh_per_km
        if cfg.battery_kwh is not None:
            self.capacity_kwh = np.full(self.n, float(cfg.battery_kwh))
        self.charger_kw, self.worker = v.charger_kw, v.worker
        self.eta_c, self.eta_d = float(cfg.charging_efficiency), float(cfg.discharging_efficiency)
        self.target_kwh = self.capacity_kwh * cfg.target_soc
        self.reserve_kwh = self.capacity_kwh * cfg.v2g_reserve_soc
        self.soc_kwh = self.capacity_kwh * cfg.initial_soc
        self.soc_at_start_kwh = self.soc_kwh.copy()  # at the recorded start (after the warm-up)
        self.plugged = np.ones(self.n, dtype=bool)
        self.next_departure_min = np.full(self.n, NO_DEPARTURE, dtype=np.int64)
        self.power_kw = np.zeros(self.n)  # this interval: + charging, - discharging (at the plug)
        self.must_kw = np.zeros(self.n)  # what each EV must draw now to still reach its target by departure
        # Buffers of the charging kernels (cext/ev_charging.pyx), reused every interval.
        self._want_kw, self._undeferred_kw = np.zeros(self.n), np.zeros(self.n)
        self._want_by_transformer = np.zeros(model.network.n_transformers)
        self._must_by_transformer, self._headroom_scale = (np.zeros(model.network.n_transformers) for _ in range(2))
        self._deferred_household_kw = np.zeros(pop.n)
        self.deferred_household_kw = None  # charging put off by DR calls this interval, by owner's row [kW]
        self.by_transformer_kw = np.zeros(model.network.n_transformers)  # EVs' power per transformer [kW]
        self._cheapest, self._window_slots = np.zeros(self.n), np.zeros(self.n, dtype=np.int64)
        self._totals_kwh = np.zeros(2)
        self._no_one = np.zeros(0, dtype=np.uint8)
        self.household_kw = np.zeros(pop.n)
        self.seed = model.streams.seed  # the trips' per-day streams (mobility.day_streams) key on it
        self.trips: dict[int, object] = {}
        # Drawn days, shared with the model's counterfactual twins: the same owners, seed and days draw
        # the same trips (read, never written), so a day is drawn once for all of them in a process
        # (twins forked into their own process draw them there again: the same trips).
        twin_of_fleet = getattr(model.twin_of, "ev", None) if model.twin_of is not None else None
        same_draws = (twin_of_fleet is not None and twin_of_fleet.seed == self.seed
                      and np.array_equal(twin_of_fleet.worker, self.worker))
        self._drawn_days: dict[int, object] = twin_of_fleet._drawn_days if same_draws else {}
        # Open sessions (one per EV, since the start or the last arrival) and closed ones.
        self.session_start_min = np.zeros(self.n, dtype=np.int64)
        self.session_soc_start = self.soc_kwh.copy()
        self.session_charged_kwh = np.zeros(self.n)
        self.session_discharged_kwh = np.zeros(self.n)
        self.session_promised_kwh = np.zeros(self.n)
        self.session_table = model.recorder.add_chunked("ev_sessions", self._sessions_arrow)
        self.totals = dict.fromkeys(("charged", "discharged", "driven", "public", "unmet", "unmet_promise"), 0.0)
        self.price_horizon = np.zeros(0)
        self.published_headroom_kw = None
        self.price_origin_slot = 0
        self._slot_tables: dict[bytes, dict[int, tuple]] = {}  # by price horizon, then slot (_slot_prices)
        self._slot_table: dict[int, tuple] = {}
        self.tou_window = self._tou_window(clock)

    def _tou_window(self, clock) -> np.ndarray:
        from enernet.markets.tariffs import in_window

        hours = np.arange(0, MINUTES_PER_DAY, clock.interval_min) / MINUTES_PER_HOUR
        return in_window(hours, float(self.cfg.tou_start_h), float(self.cfg.tou_end_h))

    # -- days, departures and arrivals -------------------------------------------------------
    def set_trips(self, day: int, trips) -> None:
        """Use ``trips`` (a ``agents.devices.mobility.DayTrips``) for ``day`` instead of drawing them."""
        check_trips(trips, self.n)
        self.trips[day] = trips

    def start_day(self, day: int) -> None:
        clock = self.model.clock
        for d in (day, day + 1):
            if d not in self.trips and d < clock.days:
                if d not in self._drawn_days:
                    self._drawn_days[d] = draw_day(self.worker, clock.timestamp(d * MINUTES_PER_DAY).weekday(),
                                                   clock.interval_min, day_streams(self.seed, d))
                self.trips[d] = self._drawn_days[d]
        self.trips.pop(day - 1, None)
        for d in [d for d in self._drawn_days if d < day - 1]:  # every fleet sharing them is past these
            del self._drawn_days[d]
        today = self.trips[day]
        # Cars at home with no known departure learn it now: today's trip, else tomorrow's.
        unknown = self.plugged & (self.next_departure_min == NO_DEPARTURE)
        tomorrow = self.trips.get(day + 1)
        later = np.full(self.n, NO_DEPARTURE, dtype=np.int64)
        if tomorrow is not None:
            later = np.where(tomorrow.drives, (day + 1) * MINUTES_PER_DAY + tomorrow.depart_min, NO_DEPARTURE)
        known = np.where(today.drives, day * MINUTES_PER_DAY + today.depart_min, later)
        self.next_departure_min[unknown] = known[unknown]
        if day == clock.first_day:
            self.session_promised_kwh[:] = self._promise(clock.first_minute, np.arange(self.n))
        env = self.model.env
        for kind, minutes in (("depart", today.depart_min), ("arrive", today.arrive_min)):
            drivers = np.flatnonzero(today.drives)
            for minute in np.unique(minutes[drivers]):
                rows = drivers[minutes[drivers] == minute]
                env.process(self._batch(kind, day * MINUTES_PER_DAY + int(minute), rows, day))
        self.refresh_prices(day)

    def refresh_prices(self, day: int) -> None:
        """Price horizon for smart charging: today's and tomorrow's tariff prices (known day-ahead)."""
        retailer, clock = self.model.retailer, self.model.clock
        today = retailer.price_table[:, 0]
        tomorrow = retailer.day_price_table(retailer.is_critical(day + 1))[:, 0]
        self.price_horizon = np.concatenate([today, tomorrow])
        self.price_origin_slot = day * clock.intervals_per_day
        # Smart charging's tables per slot depend on the horizon's prices alone, and most days repeat
        # the day before (a handful of price days: ordinary, critical today, critical tomorrow).
        if len(self._slot_tables) > 16:
            self._slot_tables.clear()
        self._slot_table = self._slot_tables.setdefault(self.price_horizon.tobytes(), {})

    def _batch(self, kind: str, minute: int, rows: np.ndarray, day: int):
        yield UrgentTimeout(self.model.env, minute - self.model.env.now)
        self.model.note(f"ev_{kind}:{rows.size}")
        if kind == "depart":
            self._depart(minute, rows, self.trips[day].distance_km[rows])
        else:
            self._arrive(minute, rows, day)

    def _depart(self, minute: int, rows: np.ndarray, distance_km: np.ndarray) -> None:
        self.close_sessions(minute, rows)
        self.plugged[rows] = False
        # The trip's energy: driving, plus heating or cooling the cabin at the outdoor temperature now.
        clock = self.model.clock
        ambient_c = self.model.ambient_c[clock.row(minute // clock.interval_min)]
        need = distance_km * (self.consumption_kwh_per_km[rows] + hvac_kwh_per_km(ambient_c))
        from_battery = np.minimum(need, self.soc_kwh[rows])
        self.soc_kwh[rows] -= from_battery
        self.totals["driven"] += float(need.sum())
        self.totals["public"] += float((need - from_battery).sum())
        self.next_departure_min[rows] = NO_DEPARTURE

    def _arrive(self, minute: int, rows: np.ndarray, day: int) -> None:
        self.plugged[rows] = True
        tomorrow = self.trips.get(day + 1)
        nxt = np.full(rows.size, NO_DEPARTURE, dtype=np.int64)
        if tomorrow is not None:
            nxt = np.where(tomorrow.drives[rows], (day + 1) * MINUTES_PER_DAY + tomorrow.depart_min[rows], NO_DEPARTURE)
        self.next_departure_min[rows] = nxt
        self.session_start_min[rows] = minute
        self.session_soc_start[rows] = self.soc_kwh[rows]
        self.session_charged_kwh[rows] = 0.0
        self.session_discharged_kwh[rows] = 0.0
        self.session_promised_kwh[rows] = self._promise(minute, rows)

    def _promise(self, minute: int, rows: np.ndarray) -> np.ndarray:
        """What the policy promises at departure [kWh]: the target, or as much as the charger can add
        before then (for tou_delay, inside the off-peak window only)."""
        step = self.model.clock.interval_min
        slots = np.minimum(self.next_departure_min[rows] - minute, 2 * MINUTES_PER_DAY) // step
        if self.policy == "tou_delay":
            cumulative = np.concatenate([[0], np.cumsum(np.tile(self.tou_window, 3))])
            first = (minute % MINUTES_PER_DAY) // step
            slots = cumulative[first + slots] - cumulative[first]
        reachable = self.soc_kwh[rows] + self.charger_kw[rows] * self.eta_c * slots * step / MINUTES_PER_HOUR
        return np.minimum(self.target_kwh[rows], reachable)

    def close_sessions(self, minute: int, rows: np.ndarray, departing: bool = True) -> None:
        """Close the sessions of ``rows``; only a departure counts energy short of target or promise
        (a session still open when the run ends has not been tested yet)."""
        if rows.size == 0:
            return
        unmet = np.maximum(self.target_kwh[rows] - self.soc_kwh[rows], 0.0) * departing
        short_of_promise = np.maximum(self.session_promised_kwh[rows] - self.soc_kwh[rows], 0.0) * departing
        self.totals["unmet"] += float(unmet.sum())
        self.totals["unmet_promise"] += float(short_of_promise.sum())
        self.session_table.add({
            "ev": rows.astype(np.int32), "household": self.household[rows].astype(np.int32),
            "transformer": self.transformer[rows].astype(np.int32),
            "arrival_min": self.session_start_min[rows].copy(), "departure_min": np.full(rows.size, minute),
            "battery_kwh": self.capacity_kwh[rows], "charger_kw": self.charger_kw[rows],
            "soc_arrival_kwh": self.session_soc_start[rows].copy(), "soc_departure_kwh": self.soc_kwh[rows].copy(),
            "charged_kwh": self.session_charged_kwh[rows].copy(),
            "discharged_kwh": self.session_discharged_kwh[rows].copy(),
            "target_kwh": self.target_kwh[rows], "promised_kwh": self.session_promised_kwh[rows].copy(),
            "unmet_kwh": unmet, "departed": np.full(rows.size, departing),
        })

    def begin_recording(self) -> None:
        """The recorded start: energy totals from zero (sessions that began in the warm-up are
        recorded when they end, with their true arrival time)."""
        self.totals = dict.fromkeys(self.totals, 0.0)
        self.soc_at_start_kwh = self.soc_kwh.copy()

    def close_all(self, minute: int) -> None:
        """End of the run: close every session still open (plugged EVs)."""
        self.close_sessions(minute, np.flatnonzero(self.plugged), departing=False)

    # -- charging -------------------------------------------------------------------------------
    @staticmethod
    def _cheap_slot_counts(ahead: np.ndarray, running_min: np.ndarray, skip_first: bool = False) -> np.ndarray:
        """``counts[L]``: how many of the first ``L`` slots of ``ahead`` cost at most the minimum of
        those ``L`` slots (``running_min[L - 1]``), i.e. the cheapest slots of a window of length L;
        without the first slot with ``skip_first``. Computed over the price horizon (a couple of
        hundred slots, a handful of price levels), then looked up per EV."""
        counts = np.zeros(ahead.size + 1)
        first = 1 if skip_first else 0
        for level in np.unique(running_min):  # a handful of price levels
            cumulative = np.concatenate([[0], np.cumsum(ahead <= level + 1e-12)])
            lengths = np.flatnonzero(running_min == level) + 1
            counts[lengths] = cumulative[lengths] - cumulative[min(first, ahead.size)]
        return counts

    def _slot_prices(self, slot: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The prices ahead of ``slot`` (of the horizon), their running minimum and the cheap-slot
        counts, computed once per price horizon and slot."""
        tables = self._slot_table.get(slot)
        if tables is None:
            ahead = self.price_horizon[slot:]
            # Every window starts now, so the minimum over [now, stop) is a running minimum from now.
            running_min = np.minimum.accumulate(ahead)
            tables = self._slot_table[slot] = (ahead, running_min, self._cheap_slot_counts(ahead, running_min))
        return tables

    def charge(self, interval: int, price_now: float, headroom_kw, defer: np.ndarray | None,
               home_net_kw: np.ndarray | None = None, feed_in_now: float = 0.0, headroom_ahead_kw=None):
        """Set this interval's power of every EV and apply it to the state of charge.

        price_now, feed_in_now : the owners' retail and feed-in prices now [per kWh];
        headroom_kw : (import, reverse) headroom per transformer now [kW] (smart, v2g);
        defer : owners in a DR event; home_net_kw : every household's net load before its EV [kW]
        (v2g: what discharge can cover at home); headroom_ahead_kw : the operator's forecast import
        headroom per slot of the price horizon and transformer (slots, transformers) [kW] (v2g)."""
        clock = self.model.clock
        dt = clock.interval_h
        minute = interval * clock.interval_min
        p = self.power_kw
        p.fill(0.0)
        plugged = self.plugged
        self.deferring = defer if defer is not None else np.zeros(self.n, dtype=bool)
        no_one = self._no_one
        policy = self.policy
        if policy in ("smart", "v2g"):
            slot = interval - self.price_origin_slot
            ahead, running_min, cheap_counts = self._slot_prices(slot)
            plan_smart(plugged.view(np.uint8), self.target_kwh, self.soc_kwh, self.charger_kw, self.next_departure_min,
                       minute, self.eta_c, dt, price_now, ahead.size, running_min, cheap_counts,
                       defer.view(np.uint8) if defer is not None else no_one, self.transformer, self._want_by_transformer,
                       self.must_kw, self._want_kw, self._undeferred_kw, self._cheapest, self._window_slots)
            import_headroom, export_headroom = headroom_kw if headroom_kw is not None else (None, None)
            if import_headroom is not None:  # one kernel call, straight into this interval's power
                within_headroom(self.must_kw, self._want_kw, self.transformer, self._want_by_transformer,
                                import_headroom, self._must_by_transformer, self._headroom_scale, p)
            else:
                p[:] = self._want_kw
            undeferred = self._undeferred_kw
            if policy == "v2g" and price_now >= self.v2g_price_per_kwh:
                discharge = self._v2g_discharge(price_now, feed_in_now, home_net_kw, ahead, running_min,
                                                headroom_ahead_kw, dt)
                if export_headroom is not None:
                    total = np.bincount(self.transformer, weights=discharge, minlength=export_headroom.size)
                    discharge = discharge * self._scale(total, export_headroom)[self.transformer]
                np.subtract(p, discharge, out=p, where=discharge > 0)
        else:
            need = np.maximum(self.target_kwh - self.soc_kwh, 0.0)
            full = np.where(plugged, np.minimum(self.charger_kw, need / (self.eta_c * dt)), 0.0)
            left_h = np.minimum(self.next_departure_min - minute, 2 * MINUTES_PER_DAY) / MINUTES_PER_HOUR
            must = np.clip((need - self.charger_kw * self.eta_c * (left_h - dt)) / (self.eta_c * dt), 0.0, full)
            self.must_kw[:] = must  # what each EV must draw now to still reach its target by departure
            if policy == "uncontrolled" or self.tou_window[clock.slot_of_day(interval)]:
                p[:] = full
            undeferred = p.copy()
            if defer is not None:
                p[:] = np.where(defer & (p > 0), np.minimum(p, must), p)
        # The state of charge, the sessions, the owners' load and the charging put off by DR calls
        # this interval (``deferred_household_kw``, for dashboards and analysts) [kW].
        apply_power(p, self.eta_c, self.eta_d, dt, self.capacity_kwh, self.household, self.transformer, undeferred,
                    defer.view(np.uint8) if defer is not None else no_one, self.soc_kwh, self.session_charged_kwh,
                    self.session_discharged_kwh, self.household_kw, self._deferred_household_kw,
                    self.by_transformer_kw, self._totals_kwh)
        self.deferred_household_kw = self._deferred_household_kw if defer is not None else None
        self.totals["charged"] += float(self._totals_kwh[0])
        self.totals["discharged"] += float(self._totals_kwh[1])
        return self.household_kw

    def _v2g_discharge(self, price_now, feed_in_now, home_net_kw, ahead, running_min, headroom_ahead_kw, dt):
        """Discharge per EV [kW at the plug] that pays (see the module docstring), 0 elsewhere."""
        # A kWh out costs the cheapest price before departure over the round trip, plus wear.
        cost_per_kwh = self._cheapest / (self.eta_c * self.eta_d) + self.wear_cost_per_kwh
        at_home = price_now > cost_per_kwh + 1e-12  # covering the household's own import pays
        exported = feed_in_now > cost_per_kwh + 1e-12  # selling to the grid pays
        idle = self.plugged & (self.power_kw == 0) & (self.soc_kwh > self.reserve_kwh) & (at_home | exported)
        if not idle.any():
            return np.zeros(self.n)
        home_import_kw = np.maximum(home_net_kw[self.household], 0.0) if home_net_kw is not None else 0.0
        worth_kw = np.where(exported, self.charger_kw, np.where(at_home, home_import_kw, 0.0))
        # What the cheap intervals left before departure can put back: the charger's limit, and the
        # EV's share of its transformer's forecast headroom in those intervals.
        need = np.maximum(self.target_kwh - self.soc_kwh, 0.0)
        later_cheap = self._cheap_slot_counts(ahead, running_min, skip_first=True)[self._window_slots]
        refill_kwh = self.charger_kw * self.eta_c * dt * later_cheap
        if headroom_ahead_kw is not None:
            refill_kwh = np.minimum(refill_kwh, self._headroom_share_kwh(idle, ahead, headroom_ahead_kw, dt))
        spare_kwh = refill_kwh - need
        discharge = np.where(idle & (spare_kwh > 0), np.minimum.reduce([
            worth_kw, self.charger_kw, (self.soc_kwh - self.reserve_kwh) * self.eta_d / dt,
            np.maximum(spare_kwh, 0.0) * self.eta_d / dt]), 0.0)
        return np.maximum(discharge, 0.0)

    def _headroom_share_kwh(self, rows, ahead, headroom_ahead_kw, dt) -> np.ndarray:
        """Per EV: the energy [kWh, into the battery] its transformer's forecast headroom allows in the
        cheap intervals of its window after now, shared equally among the plugged EVs under it."""
        share = np.full(self.n, np.inf)
        plugged_under = np.maximum(np.bincount(self.transformer[self.plugged], minlength=headroom_ahead_kw.shape[1]), 1)
        slots = min(ahead.size, headroom_ahead_kw.shape[0])
        for level in np.unique(self._cheapest[rows]):  # a handful of price levels
            these = rows & (self._cheapest == level)
            cheap = (ahead[:slots] <= level + 1e-12).astype(np.float64)
            cheap[0] = 0.0  # not now
            energy = np.cumsum(cheap[:, None] * headroom_ahead_kw[:slots], axis=0) * dt * self.eta_c  # (slots, m)
            stop = np.minimum(self._window_slots[these], slots) - 1
            share[these] = energy[stop, self.transformer[these]] / plugged_under[self.transformer[these]]
        return share

    @staticmethod
    def _scale(total_kw: np.ndarray, headroom_kw: np.ndarray) -> np.ndarray:
        """Per-transformer factor that keeps the EVs' summed power ``total_kw`` within the headroom."""
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(total_kw > headroom_kw, headroom_kw / total_kw, 1.0)

    def _sessions_arrow(self, cols):
        """A chunk of sessions as an Arrow table, in order of departure (``None``: the empty table)."""
        import pyarrow as pa

        schema = arrow_schema(EV_SESSIONS)
        if cols is None:
            return schema.empty_table()
        base = np.datetime64(self.model.clock.start, "s")
        order = np.lexsort((cols["ev"], cols["departure_min"]))

        def stamp(minutes):
            return pa.array(base + minutes[order].astype("timedelta64[m]"), type=pa.timestamp("s"))

        values = {"arrival": stamp(cols["arrival_min"]), "departure": stamp(cols["departure_min"])}
        return pa.Table.from_arrays([values[f.name] if f.name in values else pa.array(cols[f.name][order], type=f.type)
                                     for f in schema], schema=schema)
