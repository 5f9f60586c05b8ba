"""What a run will need, estimated from its config before anything is built: peak memory and wall time.

A run that cannot fit this machine's memory, or that would take longer than ``run.max_wall_h``, is
refused before any work, with the estimate and the machine's memory in the message. The figures
are calibrated on runs measured here (2-core AMD EPYC, Python 3.11, tables streamed to disk):
``benchmarks/sizing.py`` prints the estimate beside the measured peak memory and time of runs of
several sizes and features, so the calibration can be re-checked on any machine.

Memory: what the interpreter and the libraries hold, a row of arrays per household (twice with the
counterfactual twin), the DR programme's meter ring (45 days of float32 per enrolled customer) and
each car's state. The tables stream to disk in row groups, so the simulated span adds little.
Time: a cost per household-interval of the simulated span (warm-up included), by engine path and
feature, a cost per interval whatever the number of households (the clock's events, the kernels'
calls: what dominates small neighbourhoods at short intervals), and a fixed start-up. An EV
adoption study (``ev.adoption.years``) re-runs the scenario once a year, with up to the eventual
EV share.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from enernet.configs.constants import MINUTES_PER_DAY, SECONDS_PER_HOUR
from enernet.configs.schema import ConfigError
from enernet.markets.dr.programme import HISTORY_DAYS
from enernet.scenarios.world.homes import CALIBRATION_HOMES

MIB = 2**20
BASE_BYTES = 300 * MIB  # interpreter and libraries, weather, profiles (measured 263-270 MiB at 20 households)
HOUSEHOLD_BYTES = 1_500  # population, pipeline, settlement and market arrays (measured 0.7-1.1 kB)
CAR_BYTES = 4_000  # an EV's state, its day's trips and open session (measured ~3 kB)
METER_BYTES = 4  # the DR meter ring is float32
# homes of appliances: a day's plan is five end uses and two totals per home and interval (float64),
# kept for the day nobody answered and its two answered variants; the twins' own process
# (scenarios.model.twin_process) keeps two more (nobody's and the price answers') of its own
HOME_DAY_BYTES = 7 * 8
START_S = 3.0  # imports, building the world, writing the tables (measured 1.5-2.5 s)
# Seconds per household-interval of the simulated span (measured 1.8e-8 day-batched; 5.7e-8 to
# 7.8e-8 interval by interval with a market, DR or EVs, twin included).
DAY_PATH_S = 2.5e-8
INTERVAL_PATH_S = 5.0e-8
MARKET_S, EV_S, DR_S = 3.0e-8, 3.0e-8, 1.5e-8
TWIN_FACTOR = 1.5  # a counterfactual twin re-runs the physics, not the recording
# Seconds per interval whatever the household count (measured with 20 households over 16 days at
# 1 min, 34 days at 15 min, 18 days at 5 min: 0.45-0.8 ms interval by interval, 0.01 ms day-batched).
INTERVAL_FIXED_S = 6.0e-4
# homes.model = appliances: the behaviour calibration (three or four runs of the run's homes, at most
# CALIBRATION_HOMES, over 26 weeks: measured 0.64 s for 20 homes, 1.19 s for 100, 3.4 s for 500, and
# 4.9 s for a sample of 500 from 10,000) and the day plans (occupancy and dwellings in Cython,
# cycles in numpy: measured 4.4-5.5e-7 s per home-interval at 1,000 homes, benchmarks/homes.py)
HOMES_CALIBRATION_FIXED_S, HOMES_CALIBRATION_PER_HOME_S = 0.5, 0.0075
HOMES_S = 6.0e-7
DAY_PATH_INTERVAL_FIXED_S = 2.0e-5


@dataclass(frozen=True)
class Estimate:
    memory_bytes: float
    wall_s: float
    household_intervals: float


def estimate(cfg) -> Estimate:
    """Peak memory [bytes] and wall time [s] of a run of ``cfg`` (a validated config)."""
    s = cfg.scenario
    n = int(s.households)
    intervals_per_day = MINUTES_PER_DAY // int(s.interval_min)
    span = (int(s.days) + int(s.warmup_days)) * intervals_per_day
    market = cfg.market.mechanism != "none"
    dr = cfg.dr.programme != "none"
    cars = float(cfg.ev.share) * n
    price_response = cfg.tariff.kind == "cpp" and bool(cfg.tariff.price_response)
    twin = bool(cfg.run.counterfactual) and (dr or price_response)
    day_path = not (market or dr or cars or cfg.tariff.kind in ("cpp", "rtp") or cfg.ev.swapping.stations
                    or cfg.ev.port.enabled)

    memory = BASE_BYTES + n * HOUSEHOLD_BYTES * (2 if twin else 1) + cars * CAR_BYTES
    if dr:
        enrolled = float(cfg.dr.enrolment_share) * n
        memory += enrolled * HISTORY_DAYS * intervals_per_day * METER_BYTES

    homes = cfg.homes.model == "appliances"  # each run calibrates and plans its homes (twins in its process share them)
    if homes:
        from enernet.scenarios.model.twin_process import forks_twins

        forked = forks_twins(twin, not day_path, bool(cfg.run.parallel_twins))
        memory += n * intervals_per_day * HOME_DAY_BYTES * (3 + (2 if forked else 0))

    calibration_s = HOMES_CALIBRATION_FIXED_S + HOMES_CALIBRATION_PER_HOME_S * min(n, CALIBRATION_HOMES)

    def run_s(ev_share: float, day_path: bool) -> float:
        per = DAY_PATH_S if day_path else INTERVAL_PATH_S * (TWIN_FACTOR if twin else 1.0)
        per += (MARKET_S if market else 0.0) + (DR_S if dr else 0.0) + (EV_S * ev_share * 2 if ev_share else 0.0)
        per += HOMES_S if homes else 0.0
        fixed = DAY_PATH_INTERVAL_FIXED_S if day_path else INTERVAL_FIXED_S
        return float(n) * span * per + span * fixed + (calibration_s if homes else 0.0)

    wall = START_S + run_s(float(cfg.ev.share), day_path)
    years = int(cfg.ev.adoption.years)
    if years:  # one more run a year, with EVs (so interval by interval) at up to the eventual share
        wall += years * run_s(float(cfg.ev.adoption.market_share), False)
        memory += float(cfg.ev.adoption.market_share) * n * CAR_BYTES
    return Estimate(memory, wall, float(n) * span * (1 + years))


def machine_memory_bytes() -> int:
    """This machine's memory, or the container's limit when that is smaller [bytes]."""
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit in (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory/memory.limit_in_bytes")):
        try:
            text = limit.read_text().strip()
        except OSError:
            continue
        if text.isdigit():
            total = min(total, int(text))
    return int(total)


def check_weather_file(cfg) -> None:
    """Refuse (:class:`ConfigError`) a ``site.weather_file`` that cannot drive the run: missing,
    not a TMY3 CSV or EPW file, not 8,760 hours, or values missing or out of range (named)."""
    from pathlib import Path as _Path

    from enernet.scenarios.world.weather import weather_of

    path = str(cfg.site.weather_file)
    if not path:
        return
    where = f"site.weather_file = {path!r} is not allowed"
    if not _Path(path).is_file():
        raise ConfigError([f"{where}: no such file"])
    try:
        weather_of(cfg.site)
    except (OSError, ValueError) as error:
        raise ConfigError([f"{where}: {error}"]) from None


def check_size(cfg, memory_bytes: int | None = None) -> Estimate:
    """Refuse (:class:`ConfigError`) a run of ``cfg`` that cannot run here: a weather file that cannot
    be read, or a size that cannot fit ``memory_bytes`` (this machine's, by default) or
    ``run.max_wall_h``; return the estimate otherwise."""
    check_weather_file(cfg)
    e = estimate(cfg)
    memory_bytes = machine_memory_bytes() if memory_bytes is None else memory_bytes
    size = (f"scenario.households = {int(cfg.scenario.households):,} over scenario.days = {int(cfg.scenario.days)} "
            f"(+ {int(cfg.scenario.warmup_days)} warm-up days) at {int(cfg.scenario.interval_min)} min")
    problems = []
    if e.memory_bytes > 0.9 * memory_bytes:
        problems.append(f"{size} needs about {e.memory_bytes / 2**30:.1f} GiB of memory; this machine has "
                        f"{memory_bytes / 2**30:.1f} GiB: fewer households (or a shorter DR enrolment) fit")
    max_s = float(cfg.run.max_wall_h) * SECONDS_PER_HOUR
    if e.wall_s > max_s:
        problems.append(f"{size} would take about {e.wall_s / SECONDS_PER_HOUR:,.1f} h (estimate) on this machine, "
                        f"more than run.max_wall_h = {float(cfg.run.max_wall_h):g} h: raise run.max_wall_h to run it "
                        "anyway, or split it into a sweep")
    if problems:
        raise ConfigError(problems)
    return e
