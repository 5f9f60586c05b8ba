"""The run directory: complete tables, loadable from Python, nothing half-written after a failure."""
from __future__ import annotations

import pytest

from enernet import compose_config, load_run, run_scenario
from enernet.scenarios.model.interval import IntervalPipeline
from enernet.scenarios.model.kpi_definitions import KPIS

REQUIRED_KPIS = ("households", "intervals", "energy_consumed_kwh", "pv_generated_kwh", "grid_import_kwh",
                 "peak_demand_kw", "load_factor", "transformer_overload_hours", "energy_imbalance_kwh",
                 "ledger_imbalance", "wall_s")


def test_load_run_returns_tables_as_dataframes(tiny_run_dir):
    run = load_run(tiny_run_dir)
    for key in REQUIRED_KPIS:
        assert key in run.kpis
    assert set(run.kpis) <= set(KPIS)
    assert len(run.intervals) == run.kpis["intervals"] == 192
    assert len(run.transformers) == 192 * run.kpis["transformers"]
    assert set(run.transformers.columns) >= {"time", "transformer", "load_kw", "loading_pu", "overloaded"}
    assert len(run.bills) == run.kpis["households"]
    assert run.manifest["config_hash"] and run.manifest["versions"]["numpy"]
    # The KPIs are sums of the recorded tables.
    energy = (run.intervals["load_kw"] * 0.25).sum()
    assert run.kpis["energy_consumed_kwh"] == pytest.approx(energy, rel=1e-9)
    assert run.kpis["peak_demand_kw"] == pytest.approx(run.intervals["feeder_import_kw"].max(), rel=1e-12)
    overload_h = run.transformers["overloaded"].sum() * 0.25
    assert run.kpis["transformer_overload_hours"] == pytest.approx(overload_h)


def test_a_failed_run_leaves_no_half_written_table(tmp_path, monkeypatch):
    original = IntervalPipeline.run

    def failing(self, interval):
        if interval == 150:
            raise RuntimeError("simulated crash")
        original(self, interval)

    monkeypatch.setattr(IntervalPipeline, "run", failing)
    run_dir = tmp_path / "crash"
    with pytest.raises(RuntimeError, match="simulated crash"):
        run_scenario(compose_config(["scenario=tiny", "run.progress=false"]), run_dir)
    assert list(run_dir.iterdir()) == []
    with pytest.raises(FileNotFoundError, match="manifest.json"):
        load_run(run_dir)
