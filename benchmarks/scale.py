"""Scale benchmark: households 1,000 / 10,000 / 100,000 x 7 / 365 days, features off and on.

    .venv/bin/python benchmarks/scale.py             # the standard set (about 4 minutes here)
    .venv/bin/python benchmarks/scale.py --quick     # 7-day cases only
    .venv/bin/python benchmarks/scale.py --case all_h10000_d365

Each case runs in its own process (so its peak resident memory is its own) and prints one
``name=value`` line per figure: the simulation's wall time (``sim_s``, the interval loop), the whole
process (``total_s``: imports, building the world, writing the run directory), household-intervals
per second, peak resident memory, and where the loop's time goes (``stage.*``, timed inside the run).
``core`` is loads, PV, batteries, power balance, thermal model, settlement, ledger and recorder;
``all`` adds the green market, DR events, CPP, one EV per household with smart charging, a swap
station and a port. 100,000 households x 365 days is skipped: it is the slowest case and adds no
new figure beyond the per-household-interval rate. The 10,000-household cases also print their
ratio to the numpy floor (``benchmarks/floor.py``) measured in the same run (``.vs_floor``; goals:
core week <= 5, all-features year <= 75).

    .venv/bin/python benchmarks/scale.py --homes appliances --case all_h10000_d365
    .venv/bin/python benchmarks/scale.py --homes profile            # the figures of issue 8

``--twins-in-process`` keeps the counterfactual twins in the run's process (``run.parallel_twins=false``);
by default a run with two cores forks them into a second process (``twins_process=forked``;
``stage.twins_wait_s`` is the model's time waiting for it; ``peak_rss_mib`` is the model's process
only: the child shares the world's arrays copy-on-write, and Linux reports its peak as at least
the parent's at the fork).

``--homes`` sets the households' loads (``homes.model``); without it the config's default runs (homes
of appliances since issue 16). With homes of appliances the figures are named ``appliances.<case>``:
``.vs_floor`` is against the same core floor (the issue's goal for the year with every feature on,
appliances included: <= 75), and ``.vs_appliance_floor`` against the floor of homes of appliances
(``floor.py --appliances``: the core floor plus the day plans in numpy, 10,000 homes x 7 days, times
days / 7). ``sim_s`` excludes building the world (for appliances: drawing the homes and calibrating
their behaviour, 1.5-3 s); ``total_s`` includes it.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# The core compares with the floor over the same days: no warm-up. ALL is a default run (warm-up,
# the counterfactual twin with DR and CPP on).
CORE = ["market=none", "dr=none", "tariff=flat", "ev.share=0", "scenario.warmup_days=0"]
ALL = ["dr=transformer_relief", "tariff=cpp", "ev.share=1.0", "ev.charging=smart", "ev.swapping.stations=1",
       "ev.port.enabled=true"]
SIZES = {"h1000_d7": (1000, 7), "h10000_d7": (10000, 7), "h10000_d365": (10000, 365), "h100000_d7": (100000, 7)}

CASE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from enernet import compose_config, run_scenario
overrides, run_dir = json.loads(sys.argv[1]), sys.argv[2]
cfg = compose_config(overrides + ["run.progress=false"])
t1 = time.perf_counter()
kpis = run_scenario(cfg, run_dir)
t2 = time.perf_counter()
manifest = json.load(open(run_dir + "/manifest.json"))
print(json.dumps({"households": kpis["households"], "intervals": kpis["intervals"], "sim_s": kpis["wall_s"],
                  "total_s": t2 - t0, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  # the counterfactual twins' process, when forked (scenarios.model.twin_process)
                  "twins_process": manifest["counterfactual_process"],
                  "stages": manifest["stage_timing_s"],
                  "tables": {k: v["rows"] for k, v in manifest["tables"].items()}}))
"""


def overrides_for(name: str, homes: str | None = None, twins_in_process: bool = False) -> list[str]:
    features, size = name.split("_", 1)
    households, days = SIZES[size]
    transformers = max(1, households // 50)
    return ["scenario=district", f"scenario.households={households}", f"scenario.days={days}",
            f"scenario.transformers={transformers}", f"scenario.feeders={max(1, transformers // 20)}",
            *(CORE if features == "core" else ALL), *([f"homes.model={homes}"] if homes else []),
            *(["run.parallel_twins=false"] if twins_in_process else [])]


def run_case(name: str, homes: str | None = None, label: str = "", twins_in_process: bool = False) -> dict:
    """Run case ``name`` in its own process; print its figures as ``<label><name>.<figure>=...``."""
    overrides, name = overrides_for(name, homes, twins_in_process), label + name
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CASE, json.dumps(overrides), os.path.join(tmp, "run")],
                             capture_output=True, text=True, check=False)
    if out.returncode != 0:
        print(f"{name}.error={out.stderr.strip().splitlines()[-1] if out.stderr else 'failed'}")
        return {}
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    stages = figures.pop("stages")
    figures.pop("tables")
    figures["household_intervals_per_s"] = figures["households"] * figures["intervals"] / figures["sim_s"]
    for key, value in figures.items():
        print(f"{name}.{key}={value:.4g}" if isinstance(value, float) else f"{name}.{key}={value}")
    for stage, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"{name}.stage.{stage}_s={seconds:.3f}")
    sys.stdout.flush()
    return figures


def floor_seconds(homes: str = "profile") -> dict:
    """The numpy floor for 10,000 households x 7 days (``floor.py --floor-only``; with appliances also
    ``floor_appliances_s``), in its own process: this one must stay small, since a child's peak memory
    starts from what the parent had."""
    out = subprocess.run([sys.executable, str(Path(__file__).with_name("floor.py")), "--floor-only",
                          *(["--appliances"] if homes == "appliances" else [])],
                         capture_output=True, text=True, check=True)
    return {k: float(v) for k, v in (line.split("=") for line in out.stdout.strip().splitlines() if "=" in line)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="7-day cases only")
    parser.add_argument("--case", action="append", help="run only these cases (e.g. all_h10000_d365)")
    parser.add_argument("--homes", choices=("profile", "appliances"),
                        help="households' loads (homes.model): the load profile or homes of appliances; the "
                             "config's default when not given")
    parser.add_argument("--twins-in-process", action="store_true",
                        help="step the counterfactual twins in the run's own process (run.parallel_twins=false; "
                             "default: forked beside it where two cores are given)")
    args = parser.parse_args()
    from enernet import compose_config

    homes = args.homes or str(compose_config([]).homes.model)
    print(f"cores={os.cpu_count()}")
    print(f"homes={homes}")
    names = args.case or [f"{f}_{s}" for f in ("core", "all") for s in SIZES if not (args.quick and "d365" in s)]
    prefix = "appliances." if homes == "appliances" else ""
    # The numpy floor (10,000 households x 7 days) just before and just after each 10,000-household
    # case: absolute times on a shared machine drift, so each ratio uses the floor of its own minutes.
    results, floors = {}, {}
    for name in names:
        tens = SIZES[name.split("_", 1)[1]][0] == 10000
        before = floor_seconds(homes) if tens else None
        results[name] = run_case(name, args.homes, prefix, args.twins_in_process)
        if tens:
            after = floor_seconds(homes)
            floors[name] = {k: min(before[k], after[k]) for k in before}
    for features in ("core", "all"):
        week, year = results.get(f"{features}_h10000_d7"), results.get(f"{features}_h10000_d365")
        if week and year:
            print(f"{prefix}{features}.memory_growth_d7_to_d365={year['peak_rss_mib'] / week['peak_rss_mib']:.2f}")
    # Ratios to that floor (the faster of the two: the ratio errs high). Its arithmetic is memory-bound
    # and linear in intervals: a year's floor is the week's x 365/7 (floor.py --days 365 measures it).
    for name, floor in floors.items():
        days = SIZES[name.split("_", 1)[1]][1]
        if results[name]:
            print(f"{prefix}{name}.floor_h10000_d7_s={floor['floor_s']:.4f}")
            print(f"{prefix}{name}.vs_floor={results[name]['sim_s'] / (floor['floor_s'] * days / 7):.1f}")
            if "floor_appliances_s" in floor:
                print(f"{prefix}{name}.floor_appliances_h10000_d7_s={floor['floor_appliances_s']:.4f}")
                print(f"{prefix}{name}.vs_appliance_floor="
                      f"{results[name]['sim_s'] / (floor['floor_appliances_s'] * days / 7):.2f}")


if __name__ == "__main__":
    main()
