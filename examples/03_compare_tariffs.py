"""Compare a flat and a time-of-use tariff on the same households (same seed).

    .venv/bin/python examples/03_compare_tariffs.py [OUT_DIR]

The command line does the same with ``enernet compare RUN_A RUN_B``, which also writes an HTML page
with overlaid figures. Sources: the tariffs are Zhejiang's residential first-block flat price
(0.538 CNY/kWh) and its peak-valley option (0.568 CNY/kWh 08:00-22:00, 0.288 otherwise); see
configs/tariff/.
"""
import sys
import tempfile
from pathlib import Path

from enernet import compare_runs, compose_config, run_scenario
from enernet.compare import changed_kpis, write_compare_page

out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
for tariff in ("flat", "tou"):
    run_scenario(compose_config(["scenario=tiny", f"tariff={tariff}", "run.progress=false"]), out / tariff)
comparison = compare_runs([out / "flat", out / "tou"])
print(comparison.config.to_string(index=False))
print(changed_kpis(comparison)[["kpi", "unit", "A", "B", "B - A", "B vs A [%]"]].round(3).to_string(index=False))
print(f"page: {write_compare_page(comparison, out / 'compare.html')}")
