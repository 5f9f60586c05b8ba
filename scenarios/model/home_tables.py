"""The per-home tables of a run with homes of appliances: ``households`` (one row per home, always)
and ``household_intervals`` (each home's load and end uses per interval, with
``record.household_intervals=true``), streamed a day at a time as the homes' days are planned."""
from __future__ import annotations

import numpy as np

from enernet.sim.columns import HOUSEHOLD_INTERVALS, HOUSEHOLDS, arrow_schema


def households_table(homes, population, ev_households: np.ndarray):
    """One row per home: archetype, people, dwelling, appliances, EV charger, PV and battery
    (``sim.columns.HOUSEHOLDS``); ``ev_households``: the rows of the homes that own an EV."""
    import pyarrow as pa

    from enernet.scenarios.world.home_catalogue import APPLIANCE_NAMES, ARCHETYPES

    names = np.array([a.name for a in ARCHETYPES], dtype=object)
    owned = [",".join(np.asarray(APPLIANCE_NAMES)[row]) for row in homes.owns]  # once per run, at the end
    workers = np.bincount(homes.person_home[homes.person_works], minlength=homes.n)
    ev_charger = np.zeros(homes.n, dtype=bool)
    ev_charger[ev_households] = True
    values = {"household": np.arange(homes.n), "transformer": population.transformer,
              "archetype": names[homes.archetype], "ev_charger": ev_charger, "pv_kwp": population.pv_kwp,
              "battery_kwh": population.battery_capacity_kwh,
              "occupants": homes.occupants, "workers": workers, "income_cny_per_year": homes.income_cny,
              "floor_m2": homes.floor_m2, "ua_w_per_k": homes.ua_w_per_k, "capacity_j_per_k": homes.capacity_j_per_k,
              "ac_units": homes.ac_units, "heats_with_ac": homes.heats,
              "electric_heater": homes.electric_heater, "water_heater": homes.water_heater,
              "appliances": np.array(owned, dtype=object)}
    schema = arrow_schema(HOUSEHOLDS)
    return pa.Table.from_arrays([pa.array(values[f.name], type=f.type) for f in schema], schema=schema)


def stream_household_intervals(model) -> None:
    """Register ``household_intervals`` and have the homes' loads hand it each recorded day."""
    import pyarrow as pa

    clock, loads, pv = model.clock, model.loads, model.pv
    steps, n = clock.intervals_per_day, loads.n
    schema = arrow_schema(HOUSEHOLD_INTERVALS)
    base = np.datetime64(clock.start, "s")

    def to_arrow(cols):
        if cols is None:
            return schema.empty_table()
        time = pa.array(base + cols["minute"].astype("timedelta64[m]"), type=pa.timestamp("s"))
        return pa.Table.from_arrays([time if f.name == "time" else pa.array(cols[f.name], type=f.type)
                                     for f in schema], schema=schema)

    table = model.recorder.add_chunked("household_intervals", to_arrow, rows_per_group=200_000)
    pv_kwp, pv_class = model.population.pv_kwp, model.population.pv_class

    def on_day(day: int, by_end_use: np.ndarray) -> None:
        if day < 0 or model.twin_of is not None:
            return  # the warm-up is not recorded
        row = clock.row(day * steps)
        pv_kw = pv_kwp[:, None] * pv.profile[row:row + steps][:, pv_class].T  # (n, steps)
        load = by_end_use.sum(axis=0)
        minutes = (day * steps + np.arange(steps)) * clock.interval_min
        chunk = {"household": np.repeat(np.arange(n, dtype=np.int32), steps), "minute": np.tile(minutes, n),
                 "load_kw": load.ravel(), "net_kw": (load - pv_kw).ravel()}
        for k, name in enumerate(("cooling_kw", "heating_kw", "water_kw", "cooking_kw", "other_kw")):
            chunk[name] = by_end_use[k].ravel()
        was = table.recording
        table.recording = True  # the day may be planned just before the clock reaches its first minute
        table.add(chunk)
        table.recording = was

    loads.on_day = on_day
