"""Read a run directory with pandas: the tables are Parquet, the KPIs JSON.

    .venv/bin/python examples/05_read_a_run_in_pandas.py [RUN_DIR]

Without an argument it first runs the tiny scenario. ``load_run`` checks every table against the
size and SHA-256 the manifest lists. Sources: ``docs/outputs.md`` gives every column's unit and
meaning; the scenario's data as in 01_run_a_scenario.py.
"""
import sys
import tempfile
from pathlib import Path

import pandas as pd

from enernet import compose_config, load_run, run_scenario

if len(sys.argv) > 1:
    run_dir = Path(sys.argv[1])
    if not (run_dir / "manifest.json").exists():
        run_scenario(compose_config(["scenario=tiny", "run.progress=false"]), run_dir)
else:
    run_dir = Path(tempfile.mkdtemp()) / "tiny"
    run_scenario(compose_config(["scenario=tiny", "run.progress=false"]), run_dir)
run = load_run(run_dir)
print("tables:", ", ".join(run.tables))

# The mean day, by hour: consumption, PV and what the feeder heads draw (kW).
iv = run.intervals
by_hour = iv.groupby(pd.to_datetime(iv["time"]).dt.hour)[["load_kw", "pv_kw", "feeder_import_kw"]].mean()
print(by_hour.round(1).to_string())

# Bills per household over the run, by whether it has PV (currency in the manifest).
bills = run.bills.groupby(["household", "has_pv"], as_index=False)["bill"].sum()
print(bills.groupby("has_pv")["bill"].describe().round(2).to_string())
print(f"currency: {run.manifest['currency']}; peak demand {run.kpis['peak_demand_kw']:.1f} kW")
