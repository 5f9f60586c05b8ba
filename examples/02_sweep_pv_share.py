"""A parameter sweep from Python: rooftop-PV share x seeds, in this process (no Ray needed).

    .venv/bin/python examples/02_sweep_pv_share.py [OUT_DIR]

The same sweep from the command line (``-m`` runs every combination; add hydra/launcher=ray to run
it on Ray):

    enernet run -m scenario=tiny scenario.pv_share=0.1,0.4,0.7 seed=0,1,2

Each point's mean comes with a 95 % confidence interval over seeds (Student's t), in
``summary.parquet``. Sources: the scenario's data as in 01_run_a_scenario.py; the interval is
Student's t on the seeds' sample (scipy.stats.t).
"""
import sys
import tempfile
from pathlib import Path

from omegaconf import OmegaConf

from enernet import SweepJob, compose_config, run_sweep

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
jobs = []
for share in (0.1, 0.4, 0.7):
    for seed in (0, 1):
        overrides = ["scenario=tiny", "scenario.days=1", f"scenario.pv_share={share}", f"seed={seed}",
                     "run.progress=false"]
        jobs.append(SweepJob(overrides, OmegaConf.to_container(compose_config(overrides), resolve=True)))
table = run_sweep(jobs, out / "pv_sweep", backend="local", progress=False)
print(table.groupby("scenario.pv_share")[["self_sufficiency", "grid_export_kwh"]].mean().round(3))
print(f"sweep directory: {out / 'pv_sweep'}")
