"""The grid operator's demand-response programme: events on the SimPy clock, measured and paid.

Life of an event (each step a SimPy process, so it happens at its minute, before that minute's
interval is metered): the operator calls it (day-ahead at the planning hour, with notice, or as an
emergency when a transformer overloads now) for the enrolled customers under one transformer; at
its start each called customer decides whether to respond (``markets.dr.response``); at its end the
operator measures each called customer's reduction against its baseline (``markets.dr.baselines``,
from the customer's own meter history on eligible days: same day type, no event under its
transformer), pays the incentive per kWh reduced, and the shifted part of the cut comes back as a
rebound. An event needs at least one eligible history day, or it cannot be measured and is not
called. Events do not cross midnight.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
from omegaconf import OmegaConf

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR, is_weekend
from enernet.configs.names import DR_DAY_AHEAD_EVENT, DR_EMERGENCY_EVENT
from enernet.markets.dr.baselines import baseline as compute_baseline
from enernet.markets.dr.response import decide_responses
from enernet.sim.clock import season_of
from enernet.sim.recorder import SAVED_END_USE_ROWS
from enernet.sim.simpy_tools import UrgentTimeout

LOOKBACK_DAYS = 45  # CAISO's baseline looks back at most 45 days for its eligible days
HISTORY_DAYS = LOOKBACK_DAYS + 1  # meter history kept per enrolled customer (the ring holds today too)
NO_DAY = np.iinfo(np.int64).min  # a history row not filled yet (days are negative in the warm-up)


@dataclass
class DREvent:
    kind: str  # dr_day_ahead or dr_emergency
    transformer: int
    called_min: int
    start_min: int
    end_min: int
    called: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    responded: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ended: bool = False
    reduction_by_end_use_kwh: np.ndarray | None = None  # homes of appliances: saved against their plan
    n_called: int = 0
    n_responded: int = 0
    baseline_kwh: float = float("nan")
    metered_kwh: float = float("nan")
    reduction_kwh: float = 0.0  # measured: baseline - metered over the called customers, negatives included
    paid_kwh: float = 0.0  # what the incentive paid on: each customer's reduction floored at zero
    true_reduction_kwh: float = float("nan")  # counterfactual - metered (the model's truth; NaN without twin)
    baseline_days: int = 0  # eligible history days the baseline was computed from
    incentive: float = 0.0

    @property
    def notice_min(self) -> int:
        return self.start_min - self.called_min


def measure_reductions(baseline_kwh: np.ndarray, metered_kwh: np.ndarray, incentive_per_kwh: float):
    """Each called customer's measured reduction [kWh] (baseline - metered: negative when it drew
    more than its baseline), what the incentive pays on [kWh] (the reduction floored at zero, as
    programmes pay: a customer above its baseline is paid nothing, not charged) and the payment."""
    reduction_kwh = baseline_kwh - metered_kwh
    paid_kwh = np.maximum(reduction_kwh, 0.0)
    return reduction_kwh, paid_kwh, paid_kwh * incentive_per_kwh


class DRProgramme:
    """The programme of ``model``; ``track_truth``: keep the counterfactual's net loads of the
    enrolled customers, for the true reduction of each event (the model has a twin)."""

    def __init__(self, model, track_truth: bool = False):
        self.model = model
        # plain values: read at every call and check; OmegaConf's reads took 3 % of a year with DR
        self.cfg = SimpleNamespace(**OmegaConf.to_container(model.cfg.dr, resolve=True))
        self.emergency = bool(self.cfg.emergency)
        self.emergency_duration_min = int(self.cfg.emergency_duration_min)
        pop, clock = model.population, model.clock
        n, n_transformers, ipd = pop.n, model.network.n_transformers, clock.intervals_per_day
        rng = model.streams.stream("dr.enrolment")
        self.enrolled = np.zeros(n, dtype=bool)
        k = int(round(self.cfg.enrolment_share * n))
        self.enrolled[np.sort(rng.choice(n, size=k, replace=False))] = True
        self.rng = model.streams.stream("dr.response")
        # The baseline-error check on non-event days follows a seeded sample of at most 2,000
        # enrolled customers: the error statistic needs no more, and a district has thousands.
        enrolled_rows = np.flatnonzero(self.enrolled)
        sample = model.streams.stream("dr.baseline_check").choice(
            enrolled_rows, size=min(2000, enrolled_rows.size), replace=False) if enrolled_rows.size else enrolled_rows
        self.check_sample = np.zeros(n, dtype=bool)
        self.check_sample[sample] = True
        self.load_factor = np.ones(n)
        self.rebound_kw = np.zeros(n)
        self.rebounds_running = 0  # events whose rebound is still being added to their customers' load
        self.force_discharge = np.zeros(n, dtype=bool)
        self.answering = np.zeros(n, dtype=bool)  # in an event and answering it (their EVs wait)
        self.cut_kwh = np.zeros(n)
        self.reduction_by_end_use_kwh = np.zeros(5)  # homes of appliances, over every event (END_USES)
        self.active = np.zeros(n_transformers, dtype=bool)  # an event is running now

        self.events: list[DREvent] = []
        # Per transformer, its events in the order called; and event counts per (transformer, season).
        self.by_transformer: dict[int, list[DREvent]] = {}
        self.season_count: dict[tuple[int, tuple[int, int]], int] = {}  # (transformer, season) -> events
        # Meter history of the enrolled customers only (baselines are never computed for others):
        # column meter_column[row] of the last HISTORY_DAYS days, float32 (meter resolution). The
        # check sample comes first, in household order, so the daily check reads a slice, not a gather.
        self.meter_rows = np.concatenate([np.flatnonzero(self.check_sample),
                                          np.flatnonzero(self.enrolled & ~self.check_sample)])
        self.meter_column = np.full(n, -1, dtype=np.int64)
        self.meter_column[self.meter_rows] = np.arange(self.meter_rows.size)
        self.history_kw = np.zeros((HISTORY_DAYS, ipd, enrolled_rows.size), dtype=np.float32)
        self.history_day = np.full(HISTORY_DAYS, NO_DAY, dtype=np.int64)
        self._history_buffer = np.empty(0)  # _baseline_kw's float64 copy of the days it uses
        self.last_baseline_days = 0  # eligible days behind the last baseline computed
        self.baseline_min_days = int(self.cfg.baseline_min_days)
        self.event_day = np.zeros((HISTORY_DAYS, n_transformers), dtype=bool)
        # The counterfactual twin's net load of the same customers for today and yesterday (the
        # truth an event's measured reduction is compared with; only with a twin).
        self.counterfactual_kw = np.zeros((2, ipd, enrolled_rows.size), dtype=np.float32) \
            if track_truth else None
        self.pending_incentive = np.zeros(n)  # paid at the next interval's settlement
        self.pending_total = 0.0
        self._no_payments = np.zeros(n)
        self._no_payments.flags.writeable = False
        self.check = {"baseline_kwh": 0.0, "actual_kwh": 0.0, "abs_error_kwh": 0.0}
        self.interval_h = clock.interval_h

    # -- the clock's view ------------------------------------------------------------------
    def begin_recording(self) -> None:
        """The recorded start: the baseline check counts from here (events before it stay in the
        history, the fatigue and the season's count; the KPIs take recorded events only)."""
        self.check = {"baseline_kwh": 0.0, "actual_kwh": 0.0, "abs_error_kwh": 0.0}
        self.pending_incentive[:] = 0.0  # incentives of warm-up events belong to the warm-up's money
        self.reduction_by_end_use_kwh[:] = 0.0
        self.pending_total = 0.0

    def start_day(self, day: int) -> None:
        ring = day % HISTORY_DAYS
        if day > 0:  # the baseline check of yesterday, a recorded day
            self._check_baseline_on_day(day - 1)
        self.history_day[ring] = day
        self.event_day[ring] = False
        self.history_kw[ring] = 0.0

    def record_meters(self, interval: int, net_kw: np.ndarray, counterfactual_net_kw: np.ndarray | None = None) -> None:
        """Meter the enrolled customers' net load [kW] of ``interval`` (and, with the twin, what they
        would have drawn without any response)."""
        ipd = self.model.clock.intervals_per_day
        self.history_kw[(interval // ipd) % HISTORY_DAYS, interval % ipd] = net_kw[self.meter_rows]
        if counterfactual_net_kw is not None and self.counterfactual_kw is not None:
            self.counterfactual_kw[(interval // ipd) % 2, interval % ipd] = counterfactual_net_kw[self.meter_rows]

    # -- calling events ----------------------------------------------------------------------
    def _season(self, minute: int) -> tuple[int, int]:
        return season_of(self.model.clock.timestamp(minute).date())

    def events_this_season(self, transformer: int, minute: int) -> int:
        return self.season_count.get((transformer, self._season(minute)), 0)

    def can_call(self, transformer: int, start_min: int, end_min: int | None = None) -> bool:
        """No overlap with an event already called, the season's limit, and a baseline to measure by."""
        end_min = start_min + 1 if end_min is None else end_min
        for e in reversed(self.by_transformer.get(transformer, ())):
            if start_min < e.end_min and e.start_min < end_min:
                return False
            # Events are called at most a day ahead: older ones cannot overlap.
            if e.end_min < start_min - 2 * MINUTES_PER_DAY:
                break
        if self.events_this_season(transformer, start_min) >= self.cfg.max_events_per_season:
            return False
        return self._eligible_days(transformer, start_min // MINUTES_PER_DAY).size > 0

    def call(self, kind: str, transformer: int, start_min: int, end_min: int) -> DREvent | None:
        """Call an event (the operator's decision); returns it, or None when it cannot be called."""
        day_end = (start_min // MINUTES_PER_DAY + 1) * MINUTES_PER_DAY
        end_min = min(end_min, day_end, self.model.clock.horizon_min)
        if end_min <= start_min or not self.can_call(transformer, start_min, end_min):
            return None
        event = DREvent(kind, int(transformer), int(self.model.env.now), int(start_min), int(end_min))
        self.events.append(event)
        self.by_transformer.setdefault(int(transformer), []).append(event)
        key = (int(transformer), self._season(start_min))
        self.season_count[key] = self.season_count.get(key, 0) + 1
        self.model.env.process(self._run(event))
        self.model.note(f"call_{kind}:{transformer}@{start_min}-{end_min}")
        return event

    def _recent_events(self, transformer: int, minute: int) -> int:
        since = minute - self.cfg.fatigue_days * MINUTES_PER_DAY
        count = 0
        for e in reversed(self.by_transformer.get(transformer, ())):
            if e.start_min < since - 2 * MINUTES_PER_DAY:
                break
            count += since <= e.start_min < minute
        return count

    def _run(self, event: DREvent):
        env, model = self.model.env, self.model
        homes = getattr(model.loads, "respond", None)  # homes of appliances answer with their appliances
        h = model.cfg.homes
        # Told a day ahead, homes of appliances decide before the event: they pre-cool (pre-heat)
        # their rooms in the hour before it (homes.dr_precool_min); an emergency gives no time.
        lead = int(h.dr_precool_min) if homes is not None and event.kind == DR_DAY_AHEAD_EVENT else 0
        answer_from = model.loads.answer_from_min(event.start_min, lead) if homes is not None else event.start_min
        yield UrgentTimeout(env, max(env.now, answer_from) - env.now)
        pop = model.population
        event.called = np.flatnonzero(self.enrolled & (pop.transformer == event.transformer)).astype(np.int32)
        event.responded = decide_responses(event.called, self.rng, self.cfg,
                                           self._recent_events(event.transformer, event.start_min),
                                           emergency=event.kind == DR_EMERGENCY_EVENT)
        event.n_called, event.n_responded = int(event.called.size), int(event.responded.size)
        if homes is not None:
            homes(event.responded, event.start_min, event.end_min, float(h.dr_setpoint_raise_k),
                  bool(h.dr_water_heater_off), bool(h.dr_defer_laundry),
                  precool_k=float(h.dr_precool_k), precool_min=event.start_min - int(env.now))
        yield UrgentTimeout(env, event.start_min - env.now)
        if homes is None:
            self.load_factor[event.responded] = 1.0 - self.cfg.flexible_share
        self.answering[event.responded] = True
        self.force_discharge[event.responded] = self.cfg.battery_discharge
        self.cut_kwh[event.responded] = 0.0
        self.active[event.transformer] = True
        self.event_day[(event.start_min // MINUTES_PER_DAY) % HISTORY_DAYS, event.transformer] = True
        model.note(f"start_event:{event.transformer}")
        yield UrgentTimeout(env, event.end_min - env.now)
        if homes is not None:  # what the answers saved, by end use, against the homes' own plan
            event.reduction_by_end_use_kwh = model.loads.reduction_kwh(event.responded, event.start_min, event.end_min)
            self.reduction_by_end_use_kwh += event.reduction_by_end_use_kwh
        self._end(event)
        model.note(f"end_event:{event.transformer}")
        rebound = np.zeros(0)
        if self.cfg.rebound_min > 0 and event.responded.size and homes is None:  # appliances: from the physics
            rebound = self.cfg.rebound_share * self.cut_kwh[event.responded] / (self.cfg.rebound_min / MINUTES_PER_HOUR)
            self.rebound_kw[event.responded] += rebound
            self.rebounds_running += 1
            yield UrgentTimeout(env, self.cfg.rebound_min)
            self.rebound_kw[event.responded] -= rebound
            self.rebounds_running -= 1
            if not self.rebounds_running:
                self.rebound_kw.fill(0.0)  # no rebound left: exactly zero, not the round-off of +r - r
        # Measured, paid and rebounded: the customer lists are no longer needed (a year has many events).
        event.called = event.responded = np.zeros(0, dtype=np.int32)

    @property
    def changes_load(self) -> bool:
        """True while an event runs or a rebound lasts; otherwise ``load_factor`` is exactly 1,
        ``rebound_kw`` exactly 0 and ``force_discharge`` all False (the interval path skips them)."""
        return (self.rebounds_running > 0 or bool(self.active.any())
                or getattr(self.model.loads, "dr_responding", False))

    def _end(self, event: DREvent) -> None:
        if event.ended:
            return
        event.ended = True
        self.load_factor[event.responded] = 1.0
        self.answering[event.responded] = False
        self.force_discharge[event.responded] = False
        self.active[event.transformer] = False
        self._settle(event)

    def end_open_events(self) -> None:
        """At the end of the run: measure and settle events still running (they end with the horizon)."""
        for event in self.events[-10 * len(self.by_transformer) - 10:]:  # only recent events can still run
            if not event.ended and event.start_min < self.model.clock.horizon_min and event.called.size:
                self._end(event)

    # -- measuring and paying -----------------------------------------------------------------
    def _candidate_days(self, day: int) -> np.ndarray:
        """Ring rows of the days before ``day`` with metered history and its day type (weekday or
        weekend), most recent first: the baseline's days, before excluding event days."""
        weekend = is_weekend(self.model.clock.timestamp(day * MINUTES_PER_DAY))
        rows = []
        for back in range(1, min(day - self.model.clock.first_day, LOOKBACK_DAYS, HISTORY_DAYS - 1) + 1):
            d = day - back
            ring = d % HISTORY_DAYS
            if self.history_day[ring] != d:
                break
            if is_weekend(self.model.clock.timestamp(d * MINUTES_PER_DAY)) == weekend:
                rows.append(ring)
        return np.array(rows, dtype=np.int64)

    def _eligible_days(self, transformer: int, day: int) -> np.ndarray:
        """Ring rows of eligible history days before ``day``: the 10 most recent of its day type
        without an event at ``transformer``, most recent first; when fewer than
        ``dr.baseline_min_days`` such days are left, the most recent event days of its day type
        make up the number (an assumption in the spirit of the ISOs' fallbacks, whose exact text
        could not be read: a baseline from one or two days is mostly noise)."""
        candidates = self._candidate_days(day)
        clean = ~self.event_day[candidates, transformer]
        days = candidates[clean][:10]
        if days.size < self.baseline_min_days:
            filler = candidates[~clean][:self.baseline_min_days - days.size]
            days = candidates[np.isin(candidates, np.concatenate([days, filler]))]  # most recent first
        return days

    def _baseline_kw(self, transformer: int, day: int, rows: np.ndarray, slots: np.ndarray,
                     days: np.ndarray | None = None) -> np.ndarray | None:
        days = self._eligible_days(transformer, day) if days is None else days
        self.last_baseline_days = int(days.size)
        if days.size == 0 or rows.size == 0:
            return None
        # Just these days and customers, a day at a time straight into float64 (at most 10 days;
        # one 3-D fancy index or a copy of whole days first costs twice as much).
        columns = self._columns(rows)
        shape = (days.size, self.history_kw.shape[1], rows.size)
        size = days.size * self.history_kw.shape[1] * rows.size
        if self._history_buffer.size < size:  # reused: fresh pages of ~15 MB cost more than the copy
            self._history_buffer = np.empty(size)
        history = self._history_buffer[:size].reshape(shape)
        for i, ring in enumerate(days):
            history[i] = self.history_kw[ring][:, columns]
        today = self.history_kw[day % HISTORY_DAYS][:, columns].astype(np.float64)
        return compute_baseline(self.cfg.baseline, history_kw=history, event_day_kw=today, event_slots=slots,
                                interval_min=self.model.clock.interval_min)

    def _columns(self, rows: np.ndarray) -> np.ndarray | slice:
        """History columns of households ``rows``: a slice when they are the first columns in order
        (the check sample), which numpy copies far faster than it gathers an index array."""
        columns = self.meter_column[rows]
        if columns.size and columns[-1] == columns.size - 1 and np.array_equal(columns, np.arange(columns.size)):
            return slice(0, columns.size)
        return columns

    def _slots(self, start_min: int, end_min: int) -> np.ndarray:
        step = self.model.clock.interval_min
        return np.arange(start_min % MINUTES_PER_DAY, (end_min - 1) % MINUTES_PER_DAY + 1, step) // step

    def _settle(self, event: DREvent) -> None:
        self._measure(event)
        self.model.recorder.add_events(
            kind=event.kind, transformer=[event.transformer], start_min=[event.start_min], end_min=[event.end_min],
            notice_min=[event.notice_min], customers_called=[event.n_called], baseline_days=[event.baseline_days],
            customers_responded=[event.n_responded], baseline_kwh=[event.baseline_kwh],
            metered_kwh=[event.metered_kwh], reduction_kwh=[event.reduction_kwh], paid_kwh=[event.paid_kwh],
            true_reduction_kwh=[event.true_reduction_kwh], incentive=[event.incentive],
            **self._asked(event))

    def _asked(self, event: DREvent) -> dict:
        """What homes of appliances were asked to turn down, and what they saved by end use."""
        if event.reduction_by_end_use_kwh is None:
            return {}
        h = self.model.cfg.homes
        asked = [f"air conditioners {float(h.dr_setpoint_raise_k):g} K"]
        if event.kind == DR_DAY_AHEAD_EVENT and h.dr_precool_min > 0 and h.dr_precool_k > 0:
            asked = [f"air conditioners pre-cooled {float(h.dr_precool_k):g} K for {int(h.dr_precool_min)} min, "
                     f"then {float(h.dr_setpoint_raise_k):g} K"]
        asked += ["water heaters off"] * bool(h.dr_water_heater_off) + ["laundry postponed"] * bool(h.dr_defer_laundry)
        asked += ["EV charging deferred"] * (self.model.ev is not None)
        asked += ["batteries discharged"] * bool(self.cfg.battery_discharge and self.model.population.has_battery.any())
        saved = event.reduction_by_end_use_kwh[SAVED_END_USE_ROWS]
        return {"asked": [", ".join(asked)], "saved_kwh": saved[None, :]}

    def _measure(self, event: DREvent) -> None:
        day = event.start_min // MINUTES_PER_DAY
        slots = self._slots(event.start_min, event.end_min)
        base = self._baseline_kw(event.transformer, day, event.called, slots)
        if base is None:
            return
        columns = self.meter_column[event.called]
        metered = self.history_kw[day % HISTORY_DAYS][slots][:, columns].astype(np.float64)
        baseline_kwh = base.sum(axis=0) * self.interval_h
        metered_kwh = metered.sum(axis=0) * self.interval_h
        reduction_kwh, paid_kwh, pay = measure_reductions(baseline_kwh, metered_kwh, self.cfg.incentive_per_kwh)
        event.baseline_days = self.last_baseline_days
        event.baseline_kwh = float(baseline_kwh.sum())
        event.metered_kwh = float(metered_kwh.sum())
        event.reduction_kwh = float(reduction_kwh.sum())
        event.paid_kwh = float(paid_kwh.sum())
        event.incentive = float(pay.sum())
        if self.counterfactual_kw is not None:
            truth = self.counterfactual_kw[day % 2][slots][:, columns].astype(np.float64)
            event.true_reduction_kwh = float(truth.sum() * self.interval_h - event.metered_kwh)
        np.add.at(self.pending_incentive, event.called, pay)
        self.pending_total += event.incentive

    def recorded_events(self) -> list[DREvent]:
        """Events that started in the recorded horizon (not in the warm-up)."""
        return [e for e in self.events if e.start_min >= 0]

    def take_pending_payments(self) -> tuple[np.ndarray, float]:
        """Incentives owed since the last interval: per household, and the operator's total."""
        if self.pending_total == 0.0:  # a sum of payments >= 0 is zero only when every one is
            return self._no_payments, 0.0
        per_household, total = self.pending_incentive.copy(), self.pending_total
        self.pending_incentive[:] = 0.0
        self.pending_total = 0.0
        return per_household, total

    def _check_baseline_on_day(self, day: int) -> None:
        """Baseline error on a day without events (free riding shows as a positive bias), over the
        seeded sample of enrolled customers (all of them up to 2,000)."""
        clock = self.model.clock
        if is_weekend(clock.timestamp(day * MINUTES_PER_DAY)):
            return
        start = int(self.cfg.baseline_check_start_h * MINUTES_PER_HOUR)
        end = int(self.cfg.baseline_check_end_h * MINUTES_PER_HOUR)
        slots = self._slots(day * MINUTES_PER_DAY + start, day * MINUTES_PER_DAY + end)
        ring = day % HISTORY_DAYS
        pop = self.model.population
        # Transformers with the same eligible history days share one vectorised baseline call
        # (groups in order of their first transformer).
        candidates = self._candidate_days(day)
        keep = ~self.event_day[candidates]  # (candidate days, transformers)
        keep &= np.cumsum(keep, axis=0) <= 10
        quiet = np.flatnonzero(~self.event_day[ring])
        patterns, first, group = np.unique(keep[:, quiet].T, axis=0, return_index=True, return_inverse=True)
        group = group.ravel()
        for g in np.argsort(first):
            transformers = quiet[group == g]
            days = candidates[patterns[g]]
            rows = np.flatnonzero(self.check_sample & np.isin(pop.transformer, transformers))
            base = self._baseline_kw(int(transformers[0]), day, rows, slots, days=days)
            if base is None:
                continue
            actual = self.history_kw[ring][slots][:, self._columns(rows)].astype(np.float64)
            self.check["baseline_kwh"] += float(base.sum()) * self.interval_h
            self.check["actual_kwh"] += float(actual.sum()) * self.interval_h
            self.check["abs_error_kwh"] += float(np.abs(base.sum(axis=0) - actual.sum(axis=0)).sum()) * self.interval_h

    # -- the operator's planning --------------------------------------------------------------
    def plan_day_ahead(self, day: int, forecast_pu: np.ndarray) -> list[DREvent]:
        """Call events for ``day`` where the forecast loading (slots x transformers) tops the trigger."""
        cfg, clock = self.cfg, self.model.clock
        step = clock.interval_min
        ipd = clock.intervals_per_day
        earliest = int(self.model.env.now) + cfg.notice_min
        called = []
        for transformer in np.flatnonzero((forecast_pu > cfg.trigger_pu).any(axis=0)):
            above = forecast_pu[:, transformer] > cfg.trigger_pu
            peak = int(np.argmax(forecast_pu[:, transformer]))
            # The contiguous block of slots above the trigger around the forecast peak ...
            first, last = peak, peak
            while first > 0 and above[first - 1]:
                first -= 1
            while last + 1 < above.size and above[last + 1]:
                last += 1
            duration = min(max((last - first + 1) * step, cfg.min_duration_min), cfg.max_duration_min)
            slots = -(-duration // step)  # whole intervals
            # ... as long as the programme allows, centred on the peak, starting on an interval.
            start_slot = max(0, min(peak - (slots - 1) // 2, ipd - slots))
            start = day * MINUTES_PER_DAY + start_slot * step
            duration = slots * step
            if start < earliest:  # too late to give the notice the programme promises: no event
                continue
            event = self.call(DR_DAY_AHEAD_EVENT, int(transformer), start, start + duration)
            if event is not None:
                called.append(event)
        return called
