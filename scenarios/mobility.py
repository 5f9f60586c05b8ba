"""EV vehicles and daily trips drawn from published statistics (data from the emobpy wheel, MIT).

Vehicles: battery capacity from the 178 EV model-years of emobpy's ``evspecs.json`` (median 64 kWh);
consumption from a road-load model on each model's own data:
    e [kWh/km] = cycle_factor * (m g c_rr + 0.5 rho c_d A v^2) / eta_drive / 3.6e6 * 1000 + P_aux / v_avg
with m = curb weight + 75 kg driver, c_rr = 0.011, rho = 1.2 kg/m3, A = 0.85 x width x height,
v = 80 km/h for air drag (a mix of town and motorway), v_avg = 50 km/h, eta_drive = 0.95 x 0.95
(emobpy's transmission and battery-discharge efficiencies), P_aux = 300 W (emobpy's fallback
auxiliary power) and a cycle factor of 1.35 for the acceleration and braking of mixed driving. The
fleet median comes out near 0.17 kWh/km, the order of published real-world figures; the model
keeps the spread between light and heavy cars.

Trips (Germany's "Mobilität in Deutschland" survey, as prepared by emobpy's authors): whether an EV
is used on a day and how many trips it makes (by weekday / weekend), each trip's distance, the
departure time (by commuter / non-commuter and day type) and the time it gets home (the
survey's arrival-home time distribution, after departure plus at least one hour). One home-based
tour per day: what matters for home charging is when the car leaves, when it is back and how far it
went.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent / "data" / "emobpy"
G = 9.81


@functools.lru_cache(maxsize=1)
def ev_specs() -> dict[str, np.ndarray]:
    import pandas as pd

    specs = pd.read_csv(DATA / "ev_specs.csv").dropna()
    return {name: specs[name].to_numpy() for name in specs.columns}


def consumption_kwh_per_km(curb_weight_kg, drag_coeff, width_m, height_m, drag_speed_km_h: float = 80.0,
                           mean_speed_km_h: float = 50.0, cycle_factor: float = 1.35) -> np.ndarray:
    """Road-load energy per km at the wheel-to-battery level (see module doc) [kWh/km]."""
    v = drag_speed_km_h / 3.6
    mass = np.asarray(curb_weight_kg, dtype=float) + 75.0
    force_n = mass * G * 0.011 + 0.5 * 1.2 * np.asarray(drag_coeff) * 0.85 * np.asarray(width_m) * np.asarray(
        height_m) * v**2
    traction_kwh_per_km = cycle_factor * force_n / (0.95 * 0.95) / 3.6e6 * 1000.0
    return traction_kwh_per_km + 0.300 / mean_speed_km_h


@dataclass
class Vehicles:
    battery_kwh: np.ndarray
    consumption_kwh_per_km: np.ndarray
    charger_kw: np.ndarray
    worker: np.ndarray


def draw_vehicles(n: int, charger_kw_options, charger_kw_weights, worker_share: float,
                  rng: np.random.Generator) -> Vehicles:
    specs = ev_specs()
    pick = rng.integers(0, specs["battery_kwh"].size, n)
    weights = np.asarray(charger_kw_weights, dtype=float)
    return Vehicles(
        battery_kwh=specs["battery_kwh"][pick].astype(float),
        consumption_kwh_per_km=consumption_kwh_per_km(specs["curb_weight_kg"][pick], specs["drag_coeff"][pick],
                                                      specs["width_m"][pick], specs["height_m"][pick]),
        charger_kw=np.asarray(charger_kw_options, dtype=float)[rng.choice(len(weights), n, p=weights / weights.sum())],
        worker=rng.random(n) < worker_share,
    )


@functools.lru_cache(maxsize=1)
def _tables():
    import pandas as pd

    trips = pd.read_csv(DATA / "trips_per_day.csv")
    distance = pd.read_csv(DATA / "distance_duration_trip.csv")
    departures = {kind: pd.read_csv(DATA / f"departure_destination_{kind}.csv") for kind in ("worker", "free")}
    return trips, distance, departures


def _day_key(weekday: int) -> str:
    return "weekdays" if weekday < 5 else ("saturday" if weekday == 5 else "sunday")


@functools.lru_cache(maxsize=8)
def _day_distributions(weekday_key: str):
    """The survey tables as numpy arrays for one kind of day (read once, not every simulated day):
    trip counts and their probabilities, distance class edges [km] and probabilities, and per
    driver kind the half-hours [h], departure and arrival-home weights."""
    trips, distance, departures = _tables()
    column = "weekday" if weekday_key == "weekdays" else "weekend"
    p_trips = trips[column].to_numpy(dtype=float)
    edges = np.concatenate([[0.0], distance["km"].to_numpy(dtype=float)])
    p_dist = distance.drop(columns="km").to_numpy(dtype=float).sum(axis=1)
    times = {}
    for kind in ("worker", "free"):
        table = departures[kind]
        day = table[table["days"] == weekday_key]
        times[kind] = (day["time"].to_numpy(dtype=float),
                       day.drop(columns=["days", "time", "home"]).to_numpy(dtype=float).sum(axis=1),
                       day["home"].to_numpy(dtype=float))
    return trips["trip"].to_numpy(), p_trips / p_trips.sum(), edges, p_dist / p_dist.sum(), times


@dataclass
class DayTrips:
    """One day's tours: who drives, when they leave and come back [minutes after midnight], how far [km]."""

    drives: np.ndarray
    depart_min: np.ndarray
    arrive_min: np.ndarray
    distance_km: np.ndarray


def draw_day(worker: np.ndarray, weekday: int, interval_min: int, rng: np.random.Generator) -> DayTrips:
    """Sample one day's tour for every EV; times fall on interval boundaries, arrival > departure."""
    key = _day_key(weekday)
    counts, p_trips, edges, p_dist, times = _day_distributions(key)
    n = worker.size
    n_trips = counts[rng.choice(counts.size, n, p=p_trips)]
    drives = n_trips > 0
    # Distance: each trip's distance class (marginal over durations), uniform within the class.
    max_trips = int(n_trips.max()) if n else 0
    cls = rng.choice(p_dist.size, size=(n, max(max_trips, 1)), p=p_dist)
    km = rng.uniform(edges[cls], edges[cls + 1])
    km = np.where(np.arange(km.shape[1])[None, :] < n_trips[:, None], km, 0.0)
    distance_km = np.minimum(km.sum(axis=1), 400.0)
    # Departure and arrival times from the half-hourly survey tables.
    depart = np.zeros(n)
    arrive = np.zeros(n)
    for kind, rows in (("worker", worker), ("free", ~worker)):
        hours, away, home = times[kind]
        idx = np.flatnonzero(rows)
        if idx.size == 0:
            continue
        dep_slot = rng.choice(hours.size, idx.size, p=away / away.sum())
        depart[idx] = (hours[dep_slot] + rng.uniform(0, 0.5, idx.size)) * 60
        # Arrival: the arrival-home distribution after departure + 1 h, by inverse CDF on the tail.
        cdf = np.cumsum(home) / home.sum()
        start = np.clip(np.searchsorted(hours, (depart[idx] + 60) / 60.0), 0, hours.size - 1)
        low = np.where(start > 0, cdf[start - 1], 0.0)
        u = low + rng.random(idx.size) * (1.0 - low)
        arr_slot = np.minimum(np.searchsorted(cdf, u), hours.size - 1)
        arrive[idx] = np.maximum((hours[arr_slot] + rng.uniform(0, 0.5, idx.size)) * 60, depart[idx] + 60)
    step = interval_min
    depart_min = np.clip(np.round(depart / step) * step, 0, 1440 - 2 * step).astype(np.int64)
    arrive_min = np.clip(np.round(arrive / step) * step, depart_min + step, 1440 - step).astype(np.int64)
    return DayTrips(drives=drives, depart_min=depart_min, arrive_min=arrive_min, distance_km=distance_km)
