"""Every script in examples/ runs to the end and prints what it promises."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXPECTED = {
    "01_run_a_scenario.py": "peak_demand_kw",
    "02_sweep_pv_share.py": "self_sufficiency",
    "03_compare_tariffs.py": "page:",
    "04_query_a_sweep.py": "mean_import_kw",
    "05_read_a_run_in_pandas.py": "peak demand",
}


def test_every_example_is_listed_here():
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("script", sorted(EXPECTED))
def test_the_example_runs(script, tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / script), str(tmp_path / "out")], capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert EXPECTED[script] in result.stdout
    assert "Sources:" in (EXAMPLES / script).read_text()  # each cites where its data and methods come from
