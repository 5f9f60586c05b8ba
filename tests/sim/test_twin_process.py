"""The counterfactual twins stepped in a second process (``scenarios.model.twin_process``) give the
run the twins stepped in the model's process give, table for table and bit for bit; a failure in
either process stops both and says where it came from."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from enernet import compose_config, run_scenario
from enernet.scenarios.model.interval import IntervalPipeline
from enernet.scenarios.model.model import EnernetModel
from enernet.scenarios.model.twin_process import can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs os.fork and two cores")

# DR events and critical-peak answers of homes of appliances, EVs charging smart: both twins differ
# from the model, and the DR twin announces the critical-peak answers itself.
OVERRIDES = ["scenario.households=120", "scenario.days=3", "scenario.transformers=3", "scenario.warmup_days=2",
             "scenario.start_date=2025-07-15", "dr=transformer_relief", "tariff=cpp", "tariff.cpp_days=[1]",
             "ev.share=0.5", "ev.charging=smart", "scenario.mean_annual_kwh=6000", "run.progress=false",
             "run.summary=false"]


def _run(tmp_path, name: str, parallel: bool) -> tuple[dict, dict, dict]:
    run_dir = tmp_path / name
    kpis = run_scenario(compose_config(OVERRIDES), run_dir, parallel_twins=parallel)
    tables = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in run_dir.glob("*.parquet")}
    return kpis, tables, json.loads((run_dir / "manifest.json").read_text())


def test_twins_in_a_second_process_give_the_same_tables_and_kpis(tmp_path):
    kpis_here, tables_here, manifest_here = _run(tmp_path, "here", parallel=False)
    kpis_forked, tables_forked, manifest_forked = _run(tmp_path, "forked", parallel=True)
    assert (manifest_here["counterfactual_process"], manifest_forked["counterfactual_process"]) == ("same", "forked")
    assert kpis_here["dr_events"] >= 1 and kpis_here["cpp_days"] == 1  # both twins differ from the model
    assert kpis_here["dr_true_reduction_kwh"] != 0
    assert tables_forked == tables_here and len(tables_here) >= 6
    kpis_here.pop("wall_s"), kpis_forked.pop("wall_s")
    assert kpis_forked == kpis_here


def _fail_in(monkeypatch, twin: bool, interval: int, how: str = "raise") -> None:
    run = IntervalPipeline.run

    def failing(self, i):
        if self.physics_only == twin and i == interval:
            if how == "exit":
                os._exit(3)  # an abrupt death, without a traceback
            raise RuntimeError(f"injected at interval {i}")
        return run(self, i)

    monkeypatch.setattr(IntervalPipeline, "run", failing)


def test_a_failure_in_the_twins_process_is_raised_by_the_run_with_its_traceback(tmp_path, monkeypatch):
    _fail_in(monkeypatch, twin=True, interval=40)
    with pytest.raises(RuntimeError, match=r"(?s)twins' process failed at interval 40.*injected at interval 40"):
        run_scenario(compose_config(OVERRIDES), tmp_path / "run", parallel_twins=True)
    assert not (tmp_path / "run").exists() or not any((tmp_path / "run").iterdir())  # nothing half-written


def test_a_twins_process_that_dies_is_reported(monkeypatch):
    _fail_in(monkeypatch, twin=True, interval=5, how="exit")
    model = EnernetModel(compose_config(OVERRIDES))
    with pytest.raises(RuntimeError, match="exited without a traceback"):
        model.run(parallel_twins=True)


def test_when_the_model_fails_the_twins_process_is_stopped_and_waited_for(monkeypatch):
    _fail_in(monkeypatch, twin=False, interval=30)
    model = EnernetModel(compose_config(OVERRIDES))
    with pytest.raises(RuntimeError, match="injected at interval 30"):
        model.run(parallel_twins=True)
    assert model.twins.forked and model.twins.pid == 0
    with pytest.raises(ChildProcessError):  # reaped: no zombie left
        os.waitpid(model.twins.child_pid, os.WNOHANG)


def test_a_sweeps_runs_keep_their_twins_in_their_own_process(tmp_path):
    """A sweep's runs fill the cores already (and an EV adoption study inside one reads the config):
    ``execute_job`` sets ``run.parallel_twins`` off in the config it runs."""
    from omegaconf import OmegaConf

    from enernet.sweep import execute_job

    config = OmegaConf.to_container(compose_config(["scenario=tiny", "scenario.days=1", "scenario.warmup_days=0",
                                                    "dr=transformer_relief", "dr.trigger_pu=0.3"]), resolve=True)
    outcome = execute_job(config, str(tmp_path / "run"))
    assert outcome["status"] == "ok", outcome
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["counterfactual_process"] == "same" and manifest["config"]["run"]["parallel_twins"] is False


def test_the_twins_process_prints_nothing(monkeypatch, capfd):
    """Its output would tear the run's progress bar: the run's output is the model's alone."""
    run = IntervalPipeline.run

    def chatty(self, i):
        if self.physics_only:
            print("from the twins' process")
        return run(self, i)

    monkeypatch.setattr(IntervalPipeline, "run", chatty)
    model = EnernetModel(compose_config(OVERRIDES))
    model.run(parallel_twins=True)
    assert "twins' process" not in capfd.readouterr().out


def test_one_core_or_a_quota_of_one_cpu_keeps_the_twins_in_the_models_process(monkeypatch, tmp_path):
    import builtins
    import io

    from enernet.scenarios.model import twin_process

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not twin_process.can_fork()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    real_open = builtins.open
    quota = {"text": "150000 100000\n"}  # cgroup v2 cpu.max: 1.5 CPUs

    def fake_open(path, *args, **kwargs):
        return io.StringIO(quota["text"]) if str(path) == "/sys/fs/cgroup/cpu.max" else real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    assert twin_process._cgroup_cpus() == 1.5 and not twin_process.can_fork()
    quota["text"] = "max 100000\n"
    assert twin_process._cgroup_cpus() == float("inf") and twin_process.can_fork()
    quota["text"] = "150000 100000\n"
    _, _, manifest = _run(tmp_path, "one_cpu", parallel=True)
    assert manifest["counterfactual_process"] == "same"
