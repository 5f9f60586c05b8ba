"""enernet: an agent-based simulator of smart-grid markets, customer services and demand response.
This package is its top layer: the applications (CLI, dashboard, report, compare, query, sweeps) and the
public API.

The installed namespace holds one layer per folder, imports pointing down only::

    enernet              applications and this public API: CLI, dashboard, report, sweeps
    enernet.scenarios    assembly: a world and its Mesa model from a config (world/, model/)
    enernet.agents       behaviour: households, DG and EV owners, retailer, grid operator, devices
    enernet.markets      behaviour: clearing, tariffs, settlement, green market, demand response (dr/)
    enernet.sim          engine: clock, random streams, ledger, recorder, power balance, thermal
    enernet.cext         base: Cython kernels and their pure-Python references
    enernet.configs      base: the Hydra config tree, its schema and contracts

Python users::

    from enernet import compose_config, run_scenario, load_run
    cfg = compose_config(["scenario=tiny", "seed=3"])
    run_scenario(cfg, "out/tiny")
    run = load_run("out/tiny")        # run.kpis, run.intervals, run.transformers, run.bills, ...
    compare_runs(["out/a", "out/b"])   # config differences and KPI deltas (enernet.compare)

    from enernet.query import query    # SQL over a run's or a sweep's tables
    query("out/sweep", "SELECT tariff, avg(mean_bill) FROM kpis GROUP BY tariff")

``EnernetModel`` is the Mesa model (``model.step()`` advances one interval); ``clear`` clears one
double-auction book (``enernet.markets.clearing``).
"""
from __future__ import annotations

__all__ = ["EnernetModel", "SweepJob", "clear", "compare_runs", "compose_config", "load_run", "run_scenario",
           "run_sweep"]


def __getattr__(name: str):
    # Lazy: `import enernet` stays light (no Hydra, pvlib or Mesa until asked for).
    if name == "load_run":
        from enernet.rundir import load_run

        return load_run
    if name in ("compose_config", "run_scenario"):
        from enernet import runner

        return getattr(runner, name)
    if name == "EnernetModel":
        from enernet.scenarios.model.model import EnernetModel

        return EnernetModel
    if name == "compare_runs":
        from enernet.compare import compare_runs

        return compare_runs
    if name in ("run_sweep", "SweepJob"):
        from enernet import sweep

        return getattr(sweep, name)
    if name == "clear":
        from enernet.markets.clearing import clear

        return clear
    raise AttributeError(f"module 'enernet' has no attribute {name!r}")
