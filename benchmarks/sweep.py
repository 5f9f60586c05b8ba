"""Sweep benchmark: 16 tiny runs serially in one process, then on a local Ray with 2 CPUs.

    .venv/bin/python benchmarks/sweep.py [--runs 16]

Both sides are warm: the serial side after one untimed run, the Ray side after one untimed task
per worker (Ray's start-up, about 6 s here, is printed separately and not in the per-run figures).
Prints ``serial_s``, ``ray_s`` (runs returned to the driver and written, with sweep.parquet),
``speedup`` (goal >= 1.7 on 2 cores), ``ray_overhead_per_run_s`` = (2 x ray_s - serial_s) / runs:
the core-seconds Ray costs per run beyond the simulation itself, and, apart, the time of the
ensemble summary and its figure (done once per sweep).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time

from omegaconf import OmegaConf

from enernet import compose_config, run_scenario
from enernet.sweep import SweepJob, execute_job, init_ray, run_sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=16)
    args = parser.parse_args()
    configs = [OmegaConf.to_container(compose_config(["scenario=tiny", f"seed={s}", "run.progress=false"]),
                                      resolve=True) for s in range(args.runs + 2)]
    print(f"cores={os.cpu_count()}")
    print(f"runs={args.runs}")
    with tempfile.TemporaryDirectory() as tmp:
        run_scenario(OmegaConf.create(configs[-1]), f"{tmp}/warm", progress=False)
        started = time.perf_counter()
        for i, config in enumerate(configs[: args.runs]):
            run_scenario(OmegaConf.create(config), f"{tmp}/serial/{i}", progress=False)
        serial_s = time.perf_counter() - started

        started = time.perf_counter()
        ray = init_ray(None, 2)
        print(f"ray_init_s={time.perf_counter() - started:.2f}")
        warm = ray.remote(execute_job)
        # Warm every worker (each imports enernet once): keep submitting until two processes have run one.
        pids: set[int] = set()
        while len(pids) < 2:
            pids |= {out["worker_pid"] for out in ray.get([warm.remote(configs[-1]), warm.remote(configs[-2])])}
        jobs = [SweepJob([f"seed={i}"], config) for i, config in enumerate(configs[: args.runs])]
        started = time.perf_counter()
        table = run_sweep(jobs, f"{tmp}/ray", progress=False, echo=lambda _: None, summary=False)
        ray_s = time.perf_counter() - started
        started = time.perf_counter()
        run_sweep(jobs, f"{tmp}/ray", progress=False, echo=lambda _: None)  # all skipped: the summary alone
        summary_s = time.perf_counter() - started
        assert (table["status"] == "ok").all()
    print(f"serial_s={serial_s:.2f}")
    print(f"serial_per_run_s={serial_s / args.runs:.3f}")
    print(f"ray_s={ray_s:.2f}")
    print(f"speedup={serial_s / ray_s:.2f}")
    print(f"ray_overhead_per_run_s={(2 * ray_s - serial_s) / args.runs:.3f}")
    print(f"summary_and_figure_s={summary_s:.2f}")


if __name__ == "__main__":
    main()
