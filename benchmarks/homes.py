"""Homes of appliances (homes.model=appliances) against what load research and distribution
engineering expect: annual energy against the target, single-home peaks, the diversity curve,
weather dependence and the shape against BDEW H25 in a mild month. Also the day plan's cost.

    .venv/bin/python benchmarks/homes.py            # about a minute on 2 cores

1,000 homes of the default archetypes in Greensboro's typical year (the shipped TMY3; humid
subtropical, as Hangzhou), calibrated to 3,000 kWh/year, planned at 15 minutes over every day.
"""
from __future__ import annotations

import time

import numpy as np

from enernet import compose_config
from enernet.scenarios.world import home_statistics as hs
from enernet.scenarios.world.homes import calibrate_intensity, calibration_rows, draw_homes
from enernet.scenarios.world.weather import load_typical_year

TARGET_KWH = 3000.0
HOMES = 1000


def main() -> None:
    cfg = compose_config(["homes.model=appliances"])
    weather = load_typical_year("greensboro_nc")
    homes = draw_homes(HOMES, cfg.homes.archetype_shares, cfg.ownership, np.random.default_rng(0))
    t = time.perf_counter()
    intensity, record = calibrate_intensity(homes, cfg.homes, weather, TARGET_KWH)
    calibration_s = time.perf_counter() - t
    print(f"calibration: behaviour factor {intensity:.3f} in {calibration_s:.1f} s; sample's year by end use: "
          + ", ".join(f"{k.removesuffix('_kwh_per_year')} {v:,.0f}" for k, v in record.items()
                      if k.endswith("_kwh_per_year") and not k.startswith("target")) + " kWh")
    # air conditioning per m2 of the calibration sample's homes that have it, against metered homes
    sample = calibration_rows(homes.n)
    owners = homes.ac_units[sample] > 0
    ac_kwh_m2 = ((record["cooling_kwh_per_year"] + record["heating_kwh_per_year"])
                 / (owners.mean() * homes.floor_m2[sample][owners].mean()))
    print(f"air conditioning (cooling and heating): about {ac_kwh_m2:.1f} kWh per m2 of floor a year in the sample's "
          "homes with it, on Greensboro's TMY3 (Du et al. 2022, 19 metered Yangtze-basin homes: 10.0-12.7)")
    t = time.perf_counter()
    load, daily_c = hs.simulate_year(homes, cfg.homes, weather, intensity, range(365))
    plan_s = time.perf_counter() - t
    per = plan_s / (HOMES * load.shape[1])
    print(f"day plans: {plan_s:.1f} s for {HOMES:,} homes x 365 days ({per * 1e9:.0f} ns per home-interval, "
          "2 cores, one used)")
    annual = hs.annual_kwh(load, 15)
    print(f"annual energy per home: mean {annual.mean():,.0f} kWh (target {TARGET_KWH:,.0f}), "
          f"p10 {np.percentile(annual, 10):,.0f}, p50 {np.median(annual):,.0f}, p90 {np.percentile(annual, 90):,.0f}")
    peaks = hs.peak_kw(load)
    print(f"single-home 15-minute peak: p10 {np.percentile(peaks, 10):.1f} kW, p50 {np.median(peaks):.1f}, "
          f"p90 {np.percentile(peaks, 90):.1f}, max {peaks.max():.1f} (BDEW H25 at 3,000 kWh: about 0.7 kW)")
    summer, winter = range(151, 243), list(range(0, 59)) + list(range(334, 365))
    steps = 96
    pick = lambda days: np.concatenate([np.arange(d * steps, (d + 1) * steps) for d in days])  # noqa: E731
    # The year's peak is a winter morning's heating (heat pumps recovering the rooms as people wake);
    # summer's is the evening's: both curves, each over its own season's intervals.
    sizes = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
    year, hot = hs.diversity_curve(load, sizes=sizes), hs.diversity_curve(load[:, pick(summer)], sizes=sizes)
    print("diversity: homes  ADMD per home [kW]  coincidence factor   (summer only: ADMD, coincidence)")
    for row, row_summer in zip(year, hot):
        print(f"           {row['homes']:>5}  {row['admd_kw']:>18.2f}  {row['coincidence_factor']:>18.2f}   "
              f"{row_summer['admd_kw']:>19.2f}  {row_summer['coincidence_factor']:>11.2f}")
    total = load.sum(axis=0)
    print(f"the {HOMES:,} homes' peak: day {int(total.argmax()) // steps + 1} of the year at "
          f"{total.argmax() % steps / 4:.2f} h, {daily_c[int(total.argmax()) // steps]:.1f} degC that day")
    print(f"daily energy vs daily mean temperature: summer r = "
          f"{hs.temperature_correlation(load[:, pick(summer)], daily_c[list(summer)], 15):+.2f}, winter r = "
          f"{hs.temperature_correlation(load[:, pick(winter)], daily_c[winter], 15):+.2f}")
    april = range(90, 120)
    shape = hs.shape_against_bdew(load[:, pick(april)], april, 15)
    print(f"April mean day against BDEW H25: r = {shape['r']:.2f}, largest difference {shape['max_abs_difference']:.2f} "
          f"of the mean; peak at {shape['evening_peak_hour']:.1f} h (H25 {shape['bdew_peak_hour']:.1f} h)")


if __name__ == "__main__":
    main()
