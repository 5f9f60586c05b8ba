"""SimPy processes: plain generator functions on the one clock (integer minutes).

Start order matters for events at the same minute: SimPy runs them in the order they were
scheduled, so the model starts the billing and daily processes before the interval loop. At a
day's first minute the retailer publishes prices before that day's first interval is metered; at
a billing boundary the period closes before the next interval is settled.
"""
from __future__ import annotations

from enernet.configs.constants import MINUTES_PER_DAY


def begin_recording(env, model):
    """At the recorded start (minute 0) the warm-up ends: tables start recording, and every
    accumulator (KPIs, ledger balances, the billing period, transformer aging) starts from zero."""
    # Scheduled before any other process, so first among minute 0's ordinary events; after the urgent
    # ones (a DR event or a trip ending at minute 0 belongs to the warm-up).
    yield env.timeout(0 - env.now)
    model.note("begin_recording")
    model.begin_recording()


def billing_cycle(env, model, boundaries_min: list[int]):
    """Close a billing period at each boundary (calendar months, or weeks); the last closes at the end."""
    for boundary in boundaries_min:
        yield env.timeout(boundary - env.now)
        model.note("close_billing_period")
        model.retailer.close_billing_period(env.now)


def daily(env, model):
    """At each day's start the DR programme opens the day's meter history and the retailer
    publishes the day's prices."""
    for day in range(model.clock.first_day, model.clock.days):
        if model.dr is not None:
            model.dr.start_day(day)
        model.note(f"publish_day_prices:{day}")
        model.retailer.publish_day_prices(day)
        if model.ev is not None:
            model.ev.start_day(day)
        yield env.timeout(MINUTES_PER_DAY)


def planning(env, model, planning_minute: int):
    """At the planning hour the operator forecasts tomorrow and calls day-ahead DR events, and the
    retailer decides whether tomorrow is a critical-peak day."""
    for day in range(model.clock.first_day, model.clock.days):
        yield env.timeout(day * MINUTES_PER_DAY + planning_minute - env.now)
        model.note(f"plan_day_ahead:{day + 1}")
        model.grid_operator.plan_tomorrow(day)
        model.retailer.plan_critical_peak(day)
        if model.ev is not None:
            model.ev.refresh_prices(day)


def interval_loop(env, model):
    """Every interval: meter -> battery -> balance -> settle -> record; after the last, finish the run.

    While ``model.batching_days`` is set (``Model.run`` without decisions inside a day), a day's
    first interval runs the whole day in one call (``scenarios.model.day_batch``) and the clock jumps a day.
    """
    n_intervals, per_day = model.clock.n_intervals, model.clock.intervals_per_day
    interval = model.clock.first_interval  # negative during the warm-up
    while True:
        if model.batching_days and interval % per_day == 0:
            model.note(f"day:{interval // per_day}")
            model.day_batch.run(interval // per_day)
            done = per_day
        else:
            model.note(f"interval:{interval}")
            if model.twins is not None:  # the counterfactuals run the interval first: the model reads them
                model.twins.advance(interval)
            model.pipeline.run(interval)
            done = 1
        interval += done
        if interval >= n_intervals:
            break  # finish inside the last step, so the model stops after exactly n_intervals steps
        yield env.timeout(done * model.clock.interval_min)
    model.note("finish")
    model.finish()
