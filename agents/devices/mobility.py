"""Daily EV trips drawn from Germany's national travel survey (data from the emobpy wheel, MIT).

Trips ("Mobilität in Deutschland", as prepared by emobpy's authors): whether an EV is used on a day
and how many trips it makes (by weekday / weekend), each trip's distance class (uniform within the
class), and departure times per half hour by destination, for commuters and non-commuters. One
home-based tour a day: what matters for home charging is when the car leaves, when it is back and
how far it went.

- **First departure.** A commuter's weekday tour starts with the drive to work: its departure is
  drawn from the survey's departures to the workplace (about two in three before 09:00). Other
  tours start with the earliest of the day's outbound legs (trips - 1 of them): the earliest of
  that many draws from the departures to any destination but home. (Drawing one departure from
  all trips not heading home, work-to-shop legs included, put commuters' median departure at 13:00.)
- **Return.** The arrival-home time distribution after the departure plus at least one hour.
- **Distance, calibrated.** The survey's trip distances give 28.3 km a car-day on average (5
  weekdays, 2 week-end days); Germany's odometer statistics give 12,320 km a car-year in 2023
  (Kraftfahrt-Bundesamt, "Verkehr in Kilometern", 2024), 33.75 km a day. Travel surveys under-report
  distance (forgotten and rounded trips); trip distances are scaled by the ratio of the two
  (``DISTANCE_CALIBRATION``, computed from the tables in ``expected_daily_km``).

Draws are per row (an EV's place in the ownership ranking) from streams of their own per day and
quantity, so a row's trips do not depend on how many rows are drawn: the owners of an adoption
study's earlier years keep their cars and their trips as the fleet grows.
"""
from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass

import numpy as np

from enernet.agents.devices.vehicles import DATA
from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR, WEEKEND_FIRST_WEEKDAY

KBA_KM_PER_CAR_YEAR = 12_320.0  # Kraftfahrt-Bundesamt, Verkehr in Kilometern 2023 (press release 28 June 2024)
MAX_TRIPS = 5  # the survey table's largest trips a day
DAY_OFFSET = 1_000_000  # stream keys must be >= 0; warm-up days are negative


@functools.lru_cache(maxsize=1)
def _tables():
    import pandas as pd

    trips = pd.read_csv(DATA / "trips_per_day.csv")
    distance = pd.read_csv(DATA / "distance_duration_trip.csv")
    departures = {kind: pd.read_csv(DATA / f"departure_destination_{kind}.csv") for kind in ("worker", "free")}
    return trips, distance, departures


def _day_key(weekday: int) -> str:
    return "weekdays" if weekday < WEEKEND_FIRST_WEEKDAY else ("saturday" if weekday == WEEKEND_FIRST_WEEKDAY else "sunday")


@functools.lru_cache(maxsize=8)
def _day_distributions(weekday_key: str):
    """The survey tables as numpy arrays for one kind of day (read once, not every simulated day):
    trip counts and their probabilities, distance class edges [km] and probabilities, and per
    driver kind the half-hours [h], the departure weights to work, to anywhere but home, and the
    arrival-home weights."""
    trips, distance, departures = _tables()
    column = "weekday" if weekday_key == "weekdays" else "weekend"
    p_trips = trips[column].to_numpy(dtype=float)
    edges = np.concatenate([[0.0], distance["km"].to_numpy(dtype=float)])
    p_dist = distance.drop(columns="km").to_numpy(dtype=float).sum(axis=1)
    times = {}
    for kind in ("worker", "free"):
        table = departures[kind]
        day = table[table["days"] == weekday_key]
        times[kind] = (day["time"].to_numpy(dtype=float), day["workplace"].to_numpy(dtype=float),
                       day.drop(columns=["days", "time", "home"]).to_numpy(dtype=float).sum(axis=1),
                       day["home"].to_numpy(dtype=float))
    return trips["trip"].to_numpy(), p_trips / p_trips.sum(), edges, p_dist / p_dist.sum(), times


def expected_daily_km() -> float:
    """The survey's mean distance a car-day, trips uniform within their distance class, 5 weekdays
    and 2 week-end days a week [km] (before calibration)."""
    means = {}
    for key in ("weekdays", "saturday"):
        counts, p_trips, edges, p_dist, _ = _day_distributions(key)
        trip_km = float(p_dist @ ((edges[:-1] + edges[1:]) / 2))
        means[key] = float(p_trips @ counts) * trip_km
    return (5 * means["weekdays"] + 2 * means["saturday"]) / 7


@functools.lru_cache(maxsize=1)
def distance_calibration() -> float:
    """Factor on the survey's trip distances that makes a car-day's mean the odometer statistics'."""
    return KBA_KM_PER_CAR_YEAR / 365.0 / expected_daily_km()


@dataclass
class DayTrips:
    """One day's tours: who drives, when they leave and come back [minutes after midnight], how far [km]."""

    drives: np.ndarray
    depart_min: np.ndarray
    arrive_min: np.ndarray
    distance_km: np.ndarray


def day_streams(seed: int, day: int) -> list[np.random.Generator]:
    """Six generators for ``day``'s trips (counts, distance classes, within-class distances,
    departures, arrivals, minutes within the half hour), each of its own, keyed by seed and day."""
    key = (zlib.crc32(b"ev.trips"), day + DAY_OFFSET)
    return [np.random.default_rng(s) for s in np.random.SeedSequence(int(seed), spawn_key=key).spawn(6)]


def _inverse_cdf(weights: np.ndarray, u: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights) / weights.sum()
    return np.minimum(np.searchsorted(cdf, u, side="right"), weights.size - 1)


def draw_day(worker: np.ndarray, weekday: int, interval_min: int, streams) -> DayTrips:
    """Sample one day's tour for every row (an EV's place in the ownership ranking); times fall on
    interval boundaries, arrival after departure. ``streams``: ``day_streams(seed, day)``."""
    counts_rng, class_rng, within_rng, depart_rng, arrive_rng, minute_rng = streams
    key = _day_key(weekday)
    counts, p_trips, edges, p_dist, times = _day_distributions(key)
    n = worker.size
    n_trips = counts[_inverse_cdf(p_trips, counts_rng.random(n))]
    drives = n_trips > 0
    # Distance: each trip's distance class (marginal over durations), uniform within the class, scaled.
    cls = _inverse_cdf(p_dist, class_rng.random((n, MAX_TRIPS)))
    km = edges[cls] + within_rng.random((n, MAX_TRIPS)) * (edges[cls + 1] - edges[cls])
    km = np.where(np.arange(MAX_TRIPS)[None, :] < n_trips[:, None], km, 0.0)
    distance_km = np.minimum(km.sum(axis=1) * distance_calibration(), 400.0)
    # Departure: to work for a commuter's weekday, else the earliest of the day's outbound legs.
    legs = np.maximum(n_trips - 1, 1)
    u_depart = depart_rng.random((n, MAX_TRIPS))
    u_arrive, jitter = arrive_rng.random(n), minute_rng.random((n, 2))
    depart = np.zeros(n)
    arrive = np.zeros(n)
    for kind, rows in (("worker", worker), ("free", ~worker)):
        hours, to_work, away, home = times[kind]
        slots = _inverse_cdf(away, u_depart)
        slot = np.where(np.arange(MAX_TRIPS)[None, :] < legs[:, None], slots, hours.size).min(axis=1)
        if key == "weekdays" and kind == "worker":  # the commute
            slot = _inverse_cdf(to_work, u_depart[:, 0])
        depart = np.where(rows, (hours[slot] + 0.5 * jitter[:, 0]) * MINUTES_PER_HOUR, depart)
        # Arrival: the arrival-home distribution after departure + 1 h, by inverse CDF on the tail.
        cdf = np.cumsum(home) / home.sum()
        start = np.clip(np.searchsorted(hours, (depart + MINUTES_PER_HOUR) / MINUTES_PER_HOUR), 0, hours.size - 1)
        low = np.where(start > 0, cdf[start - 1], 0.0)
        arr_slot = np.minimum(np.searchsorted(cdf, low + u_arrive * (1.0 - low)), hours.size - 1)
        arrive = np.where(rows, np.maximum((hours[arr_slot] + 0.5 * jitter[:, 1]) * MINUTES_PER_HOUR,
                                           depart + MINUTES_PER_HOUR), arrive)
    step = interval_min
    depart_min = np.clip(np.round(depart / step) * step, 0, MINUTES_PER_DAY - 2 * step).astype(np.int64)
    arrive_min = np.clip(np.round(arrive / step) * step, depart_min + step, MINUTES_PER_DAY - step).astype(np.int64)
    return DayTrips(drives=drives, depart_min=depart_min, arrive_min=arrive_min, distance_km=distance_km)
