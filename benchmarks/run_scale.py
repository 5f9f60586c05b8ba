"""Scale benchmark: simulate scenarios and print households, intervals, wall time, throughput, memory.

Each case runs in its own subprocess so its peak resident memory is its own.

    .venv/bin/python benchmarks/run_scale.py                 # neighbourhood; 10,000 x 7 days without and with
                                                             # 10,000 EVs (smart), DR and CPP
    .venv/bin/python benchmarks/run_scale.py --households 1000 --days 365

Prints one ``name=value`` line per figure.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile

CASE = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from sim import compose_config, run_scenario
overrides = json.loads(sys.argv[1])
run_dir = sys.argv[2]
cfg = compose_config(overrides + ["run.progress=false"])
t1 = time.perf_counter()
kpis = run_scenario(cfg, run_dir)
t2 = time.perf_counter()
print(json.dumps({"households": kpis["households"], "intervals": kpis["intervals"], "sim_s": kpis["wall_s"],
                  "build_and_write_s": t2 - t1 - kpis["wall_s"], "total_s": t2 - t0,
                  "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_case(name: str, overrides: list[str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", CASE, json.dumps(overrides), os.path.join(tmp, "run")],
                             capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["household_intervals_per_s"] = figures["households"] * figures["intervals"] / figures["sim_s"]
    for key, value in figures.items():
        print(f"{name}.{key}={value:.4g}" if isinstance(value, float) else f"{name}.{key}={value}")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, help="one custom case with this many households")
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args()
    print(f"cores={os.cpu_count()}")
    if args.households:
        transformers = max(1, args.households // 50)
        run_case(f"h{args.households}_d{args.days}", [
            f"scenario.households={args.households}", f"scenario.days={args.days}",
            f"scenario.transformers={transformers}", f"scenario.feeders={max(1, transformers // 10)}"])
        return
    run_case("neighbourhood", ["scenario=neighbourhood"])
    big = ["scenario=neighbourhood", "scenario.households=10000", "scenario.transformers=200", "scenario.feeders=20"]
    run_case("h10000_d7", big)
    run_case("h10000_d7_ev10000_smart", [*big, "ev.share=1.0", "ev.charging=smart"])
    run_case("h10000_d7_ev10000_dr_cpp", [*big, "ev.share=1.0", "ev.charging=smart", "dr=transformer_relief",
                                          "tariff=cpp"])


if __name__ == "__main__":
    main()
