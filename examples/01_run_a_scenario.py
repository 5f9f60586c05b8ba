"""Run one scenario from Python and read its KPIs.

    .venv/bin/python examples/01_run_a_scenario.py [OUT_DIR]

Sources: the ``tiny`` scenario is 20 households under 2 transformers for 2 summer days in Greensboro, NC
(typical-year weather: NREL's TMY3, as shipped with pvlib), household load from the BDEW H25
standard profile (German Association of Energy and Water Industries, 2025), Zhejiang's 2025
residential prices (configs/prices/zhejiang_2025.yaml lists each price's source).
"""
import sys
import tempfile
from pathlib import Path

from enernet import compose_config, run_scenario

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
cfg = compose_config(["scenario=tiny", "tariff=tou", "seed=1", "run.progress=false"])
kpis = run_scenario(cfg, out / "tiny_tou")
print(f"run directory: {out / 'tiny_tou'}")
for name in ("peak_demand_kw", "self_sufficiency", "mean_bill", "green_traded_kwh"):
    print(f"{name:<20} {kpis[name]:10.3f}")
