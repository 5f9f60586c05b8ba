"""enernet's engine: model, clock, processes, population arrays, grid physics, recorder, KPIs, CLI.

Python users::

    from sim import compose_config, run_scenario, load_run
    cfg = compose_config(["scenario=tiny", "seed=3"])
    run_scenario(cfg, "out/tiny")
    run = load_run("out/tiny")        # run.kpis, run.intervals, run.transformers, run.bills, ...
"""
from __future__ import annotations

__all__ = ["compose_config", "load_run", "run_scenario"]


def __getattr__(name: str):
    # Lazy, so that `import sim.grid` stays light and the packages can import each other's leaves.
    if name == "load_run":
        from sim.rundir import load_run

        return load_run
    if name in ("compose_config", "run_scenario"):
        from sim import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
