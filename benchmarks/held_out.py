"""Issue 16's checks recomputed from a run's own tables, as a reviewer would: not from the day plans
(``benchmarks/homes.py``) but from what the run wrote, with its grid, weather and answers.

    ./run.sh scenario.days=365 record.household_intervals=true hydra.run.dir=outputs/year
    .venv/bin/python benchmarks/held_out.py outputs/year
    ./run.sh tariff=cpp scenario.days=92 scenario.start_date=2025-06-01 record.household_intervals=true \\
        hydra.run.dir=outputs/summer_cpp
    .venv/bin/python benchmarks/held_out.py outputs/summer_cpp

Prints: each home's energy over the run scaled to a year against ``scenario.mean_annual_kwh``
(meaningful for a run of a whole year: a season's energy is not a year's), single-home 15-minute
peaks, the diversity curve (``home_statistics.diversity_curve`` on the table's loads), Pearson's r
of the homes' daily energy with the daily mean of ``ambient_c`` in summer (June-August) and winter
(December-February), and, on a run with critical-peak days, the peak-window change: the feeders'
draw in the windows against the counterfactual twin's (``feeder_import_without_response_kw``),
beside the KPI and PRISM's reference at the run's peak ratio.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from enernet.markets.price_response import ces_multipliers
from enernet.scenarios.world import home_statistics as hs

SUMMER_MONTHS, WINTER_MONTHS = (6, 7, 8), (12, 1, 2)


def home_loads(run: Path, interval_min: int) -> tuple[np.ndarray, np.ndarray]:
    """Every home's load (homes, intervals) [kW] from ``household_intervals.parquet``, and the
    intervals' start times."""
    path = run / "household_intervals.parquet"
    if not path.exists():
        sys.exit(f"{path} does not exist: run the scenario with record.household_intervals=true")
    table = pq.read_table(path, columns=["household", "time", "load_kw"])
    home = table.column("household").to_numpy()
    time = table.column("time").to_numpy()
    first = time.min()
    slot = ((time - first) // np.timedelta64(interval_min, "m")).astype(np.int64)
    load = np.full((int(home.max()) + 1, int(slot.max()) + 1), np.nan)
    load[home, slot] = table.column("load_kw").to_numpy()
    if np.isnan(load).any():
        raise ValueError(f"{run}/household_intervals.parquet does not hold every home in every interval")
    return load, first + np.arange(load.shape[1]) * np.timedelta64(interval_min, "m")


def season_r(load: np.ndarray, ambient_c: np.ndarray, starts: np.ndarray, months, interval_min: int):
    """Pearson's r of daily energy with daily mean temperature over the run's whole days in ``months``."""
    steps = 24 * 60 // interval_min
    days = load.shape[1] // steps
    month = (starts[::steps][:days].astype("datetime64[M]").astype(int) % 12) + 1
    pick = np.isin(month, months)
    if pick.sum() < 10:
        return None, int(pick.sum())
    keep = np.repeat(pick, steps)
    daily_c = ambient_c[:days * steps].reshape(days, steps).mean(axis=1)[pick]
    return hs.temperature_correlation(load[:, :days * steps][:, keep], daily_c, interval_min), int(pick.sum())


def main(run: Path) -> None:
    manifest = json.loads((run / "manifest.json").read_text())
    cfg = manifest["config"]
    interval_min, target = int(cfg["scenario"]["interval_min"]), float(cfg["scenario"]["mean_annual_kwh"])
    load, starts = home_loads(run, interval_min)
    intervals = pq.read_table(run / "intervals.parquet").to_pandas()
    kpis = json.loads((run / "kpis.json").read_text())
    days = load.shape[1] * interval_min / (24 * 60)
    print(f"{run}: {load.shape[0]} homes x {days:g} days from {starts[0]} ({interval_min}-minute intervals)")

    annual = hs.annual_kwh(load, interval_min)
    p10, p50, p90 = np.percentile(annual, [10, 50, 90])
    whole_year = "" if days >= 365 else "  (not a whole year: a season scaled up, not comparable)"
    print(f"energy per home scaled to a year: mean {annual.mean():,.0f} kWh (target {target:,.0f}), "
          f"p10/p50/p90 {p10:,.0f}/{p50:,.0f}/{p90:,.0f}{whole_year}")
    peaks = hs.peak_kw(load)
    print("single-home {}-minute peak: p10 {:.1f} kW, p50 {:.1f}, p90 {:.1f}, max {:.1f}".format(
        interval_min, *np.percentile(peaks, [10, 50, 90]), peaks.max()))
    print("diversity:  homes  ADMD per home [kW]  coincidence factor")
    for row in hs.diversity_curve(load, sizes=(1, 2, 5, 10, 20, 50, 100, 200, 300, 500)):
        print(f"{row['homes']:>17}  {row['admd_kw']:>18.2f}  {row['coincidence_factor']:>18.2f}")
    ambient = intervals["ambient_c"].to_numpy()
    for name, months in (("summer (Jun-Aug)", SUMMER_MONTHS), ("winter (Dec-Feb)", WINTER_MONTHS)):
        r, n_days = season_r(load, ambient, starts, months, interval_min)
        print(f"daily energy vs daily mean temperature, {name}: "
              + (f"r = {r:+.2f} over {n_days} days" if r is not None else f"fewer than 10 days ({n_days})"))

    window = intervals["critical_peak"].to_numpy(dtype=bool)
    if window.any():
        ratio = float(cfg["tariff"]["peak_ratio"])
        with_response = intervals["feeder_import_kw"].to_numpy()[window].mean()
        without = intervals["feeder_import_without_response_kw"].to_numpy()[window].mean()
        prism = 100 * (ces_multipliers(0.2, 1, 1, ratio, 1, float(cfg["tariff"]["elasticity_of_substitution"]),
                                       float(cfg["tariff"]["daily_price_elasticity"]))[0] - 1)
        print(f"critical-peak windows ({window.sum()} intervals on {kpis['cpp_days']} days, peak ratio {ratio:g}): "
              f"feeders' draw {with_response:,.1f} kW against {without:,.1f} without response: "
              f"{100 * (with_response / without - 1):+.1f} % (KPI cpp_peak_load_change_pct "
              f"{kpis['cpp_peak_load_change_pct']:+.1f} %; PRISM {prism:+.1f} %)")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: held_out.py RUN_DIR (a run with record.household_intervals=true)")
    main(Path(sys.argv[1]))
