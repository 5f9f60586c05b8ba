"""Ask questions across a sweep's runs in SQL (DuckDB), without writing pandas code.

    .venv/bin/python examples/04_query_a_sweep.py [OUT_DIR]

Every view carries the run and its swept values (a dotted key's dots become underscores:
``scenario.pv_share`` is ``scenario_pv_share``). The command line: ``enernet query DIR "SQL"``,
``enernet query DIR`` lists the views. Sources: DuckDB's SQL, https://duckdb.org/docs/ (read_parquet, GROUP BY ALL).
"""
import sys
import tempfile
from pathlib import Path

from omegaconf import OmegaConf

from enernet import SweepJob, compose_config, run_sweep
from enernet.query import query

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
jobs = []
for tariff in ("flat", "tou"):
    for seed in (0, 1):
        overrides = ["scenario=tiny", "scenario.days=1", f"tariff={tariff}", f"seed={seed}", "run.progress=false"]
        jobs.append(SweepJob(overrides, OmegaConf.to_container(compose_config(overrides), resolve=True)))
sweep = out / "tariff_sweep"
run_sweep(jobs, sweep, backend="local", progress=False)

# Which hour of the day draws most from the grid, under each tariff?
print(query(sweep, """
    SELECT tariff, hour(time) AS hour, round(avg(feeder_import_kw), 2) AS mean_import_kw
    FROM intervals GROUP BY tariff, hour
    QUALIFY row_number() OVER (PARTITION BY tariff ORDER BY mean_import_kw DESC) = 1 ORDER BY tariff"""))
# Mean bill by tariff and customer type, over both seeds (a bill per household and billing period).
print(query(sweep, """
    SELECT swept_tariff AS tariff, has_pv, has_battery, count(*) AS bills, round(avg(bill), 3) AS mean_bill
    FROM bills GROUP BY ALL ORDER BY ALL"""))
