"""The run-size estimate (scenarios/model/sizing.py) beside measured runs: peak memory and wall time.

    .venv/bin/python benchmarks/sizing.py          # about 3 minutes on 2 cores

Each case runs in a fresh process (its peak resident memory is its own), writing its tables to a
temporary directory as ``enernet run`` does. Prints one line per case and the ratios estimate /
measured: the estimate is meant to be of the right size (within about a factor of 2), and on the
safe side for memory.
"""
from __future__ import annotations

import json
import subprocess
import sys

BIG = ["scenario=neighbourhood", "scenario.warmup_days=2", "scenario.households=20000", "scenario.transformers=400",
       "scenario.days=60"]
CASES = {
    "core 20k x 62 d": [*BIG, "market=none"],
    "DR 20k x 62 d": [*BIG, "market=none", "dr=transformer_relief"],
    "EV 20k x 62 d": [*BIG, "market=none", "ev.share=0.5"],
    "market 20k x 62 d": BIG,
    "core 200k x 4 d": ["scenario=neighbourhood", "scenario.warmup_days=2", "scenario.households=200000",
                        "scenario.transformers=4000", "scenario.days=2", "market=none"],
    # small neighbourhoods at short intervals: the cost per interval dominates
    "tiny 1 min x 16 d": ["scenario=tiny", "scenario.interval_min=1"],
    "tiny DR 1 min x 16 d": ["scenario=tiny", "scenario.interval_min=1", "market=none", "dr=transformer_relief"],
    "tiny 15 min x 34 d": ["scenario=tiny", "scenario.days=20"],
    "tiny EV adoption 4 y": ["scenario=tiny", "ev.adoption.years=4"],
}

CHILD = """
import json, resource, sys, tempfile, time
from enernet import compose_config
from enernet.runner import run_scenario
from enernet.scenarios.model.sizing import estimate
cfg = compose_config(["run.progress=false", *sys.argv[1:]])
e = estimate(cfg)
t = time.perf_counter()
with tempfile.TemporaryDirectory() as d:
    run_scenario(cfg, d + "/run")
print(json.dumps({"est_mib": e.memory_bytes / 2**20, "est_s": e.wall_s, "s": time.perf_counter() - t,
                  "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    for name, overrides in CASES.items():
        out = subprocess.run([sys.executable, "-c", CHILD, *overrides], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{name:<20} memory: estimate {r['est_mib']:7.0f} MiB, measured {r['mib']:7.0f} MiB "
              f"(ratio {r['est_mib'] / r['mib']:.2f});  time: estimate {r['est_s']:6.1f} s, measured {r['s']:6.1f} s "
              f"(ratio {r['est_s'] / r['s']:.2f})", flush=True)


if __name__ == "__main__":
    main()
