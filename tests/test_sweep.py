"""Sweeps on a real local Ray (num_cpus=2): tables, failures, resume, a killed worker, bad syntax."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from omegaconf import OmegaConf

from enernet import compose_config
from enernet.sweep import SweepJob, run_sweep
from tests import faults

pytestmark = pytest.mark.slow


def _job(*overrides: str) -> SweepJob:
    cfg = compose_config(["scenario=tiny", "scenario.days=1", "run.progress=false", *overrides])
    return SweepJob(list(overrides), OmegaConf.to_container(cfg, resolve=True))


@pytest.fixture(scope="module")
def fault_file(tmp_path_factory):
    """The faults the workers inject (tests/faults.py): empty unless a test writes some."""
    return faults.write(tmp_path_factory.mktemp("faults") / "faults.json", [])


@pytest.fixture(scope="module")
def ray_local(fault_file):
    from enernet.sweep import init_ray

    ray = init_ray(None, 2, runtime_env=faults.ray_runtime_env(fault_file))  # the test plug-in in every worker
    yield ray
    ray.shutdown()


def test_four_runs_complete_and_the_table_is_right(ray_local, tmp_path):
    jobs = [_job(f"seed={s}", f"tariff={t}") for s in (0, 1) for t in ("flat", "tou")]
    table = run_sweep(jobs, tmp_path, progress=False, echo=lambda _: None)
    assert len(table) == 4 and (table["status"] == "ok").all()
    assert list(table["seed"]) == [0, 0, 1, 1] and list(table["tariff"]) == ["flat", "tou", "flat", "tou"]
    for _, row in table.iterrows():
        kpis = json.loads((tmp_path / row["run"] / "kpis.json").read_text())
        assert row["peak_demand_kw"] == pytest.approx(kpis["peak_demand_kw"])
        assert (tmp_path / row["run"] / "transformers.parquet").exists()
    assert pd.read_parquet(tmp_path / "sweep.parquet").shape == table.shape
    summary = pd.read_parquet(tmp_path / "summary.parquet")
    assert set(summary["tariff"]) == {"flat", "tou"} and (summary["n"] == 2).all()


def test_on_a_cluster_the_files_come_back_to_the_driver(ray_local, tmp_path):
    """As on a cluster without a shared disk: the workers return the files, the driver writes them."""
    jobs = [_job("seed=0"), _job("seed=1")]
    table = run_sweep(jobs, tmp_path, progress=False, echo=lambda _: None, files_via_driver=True)
    assert (table["status"] == "ok").all()
    for job in jobs:
        assert json.loads((tmp_path / job.name / "manifest.json").read_text())["config_hash"] == job.hash


def test_a_run_that_raises_is_recorded_and_the_others_finish(ray_local, fault_file, tmp_path):
    faults.write(fault_file, [{"seed": 11, "interval": 10, "kind": "raise"}])
    jobs = [_job("seed=10"), _job("seed=11"), _job("seed=12")]
    table = run_sweep(jobs, tmp_path, progress=False, echo=lambda _: None)
    assert list(table["status"]) == ["ok", "failed", "ok"]
    assert "test fault at interval 10" in table.loc[1, "error"]
    assert len(list(tmp_path.glob("*/manifest.json"))) == 2 and not list(tmp_path.glob(".*partial"))


def test_a_second_invocation_skips_finished_runs(ray_local, tmp_path):
    jobs = [_job(f"seed={s}") for s in range(3)]
    run_sweep(jobs[:2], tmp_path, progress=False, echo=lambda _: None)
    said = []
    table = run_sweep(jobs, tmp_path, progress=False, echo=said.append)
    assert said[0] == f"sweep: 3 runs, 2 already complete in {tmp_path} (skipped), 1 to run"
    assert (table["status"] == "ok").all() and len(list(tmp_path.glob("*/manifest.json"))) == 3


def test_a_worker_killed_mid_run_is_retried_and_the_sweep_completes(ray_local, fault_file, tmp_path):
    marker = tmp_path / "crashed-once"
    faults.write(fault_file, [{"seed": 21, "interval": 20, "kind": "crash", "marker": str(marker)}])
    jobs = [_job("seed=20"), _job("seed=21")]
    table = run_sweep(jobs, tmp_path / "sweep", max_retries=2, progress=False, echo=lambda _: None)
    assert marker.exists()  # the first attempt died ...
    assert list(table["status"]) == ["ok", "ok"]  # ... and the retry completed


def test_a_run_is_identical_alone_and_in_a_sweep(ray_local, tmp_path):
    from enernet import run_scenario

    job = _job("seed=4")
    run_sweep([job], tmp_path / "sweep", progress=False, echo=lambda _: None)
    run_scenario(OmegaConf.create(job.config), tmp_path / "alone", progress=False)
    swept = tmp_path / "sweep" / job.name
    for table in ("intervals", "transformers", "bills", "market"):
        assert (swept / f"{table}.parquet").read_bytes() == (tmp_path / "alone" / f"{table}.parquet").read_bytes()


def test_cli_sweep_and_bad_sweeps_fail_before_any_run(enernet_cli, tmp_path):
    sweep_dir = tmp_path / "sweep"
    ok = enernet_cli("run", "-m", "hydra/launcher=ray", "hydra.launcher.num_cpus=2", "scenario=tiny",
                     "scenario.days=1", "seed=0,1", f"hydra.sweep.dir={sweep_dir}")
    assert ok.returncode == 0, ok.stderr
    assert "2 ok, 0 failed" in ok.stdout and (sweep_dir / "sweep.parquet").exists()
    unknown = enernet_cli("run", "-m", "hydra/launcher=ray", "scenario.colour=red,blue",
                          f"hydra.sweep.dir={tmp_path / 'bad1'}")
    assert unknown.returncode != 0 and "colour" in unknown.stderr
    assert not list((tmp_path / "bad1").glob("*/manifest.json")) if (tmp_path / "bad1").exists() else True
    bad_value = enernet_cli("run", "-m", "hydra/launcher=ray", "scenario.pv_share=0.5,-1",
                            f"hydra.sweep.dir={tmp_path / 'bad2'}")
    assert bad_value.returncode == 2 and "scenario.pv_share = -1.0 is not allowed" in bad_value.stderr
    assert not list((tmp_path / "bad2").glob("*/manifest.json")) if (tmp_path / "bad2").exists() else True
    syntax = enernet_cli("run", "-m", "hydra/launcher=ray", "seed=range(", f"hydra.sweep.dir={tmp_path / 'bad3'}")
    assert syntax.returncode != 0 and "'range('" in syntax.stderr  # Hydra's parser names the bad token


def test_summary_confidence_intervals_match_a_hand_computation():
    """Four seeds of one point with peak_demand_kw 1, 2, 3, 4 kW: mean 2.5, sample standard deviation
    sqrt(5/3) = 1.290994, t(0.975, 3 d.o.f.) = 3.182446 (statistical tables), half-width
    3.182446 x 1.290994 / 2 = 2.054260; a single run has no interval; a failed run is left out."""
    import pandas as pd

    from enernet.sweep_report import summarise

    table = pd.DataFrame({"tariff": ["flat"] * 5 + ["tou"], "seed": [0, 1, 2, 3, 4, 0],
                          "peak_demand_kw": [1.0, 2.0, 3.0, 4.0, 99.0, 7.0],
                          "status": ["ok"] * 4 + ["failed", "ok"], "error": [""] * 6})
    summary = summarise(table, ["tariff"]).set_index(["tariff", "kpi"])
    flat = summary.loc[("flat", "peak_demand_kw")]
    assert flat["n"] == 4 and flat["mean"] == pytest.approx(2.5)
    assert flat["std"] == pytest.approx(1.290994, abs=1e-6)
    assert flat["ci95_low"] == pytest.approx(2.5 - 2.054260, abs=1e-6)
    assert flat["ci95_high"] == pytest.approx(2.5 + 2.054260, abs=1e-6)
    tou = summary.loc[("tou", "peak_demand_kw")]
    assert tou["n"] == 1 and tou["mean"] == 7.0 and np.isnan(tou["ci95_low"])


def test_a_local_ray_listens_on_loopback_only(ray_local):
    import psutil

    ray_names = ("gcs_server", "raylet", "ray::", "default_worker", "dashboard", "runtime_env")
    addresses = set()
    for conn in psutil.net_connections(kind="inet"):
        if conn.status != psutil.CONN_LISTEN or conn.pid is None:
            continue
        try:
            name = " ".join(psutil.Process(conn.pid).cmdline())[:200]
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if any(key in name for key in ray_names):
            addresses.add(conn.laddr.ip)
    assert addresses and addresses <= {"127.0.0.1", "::ffff:127.0.0.1", "::1"}, addresses
    import os

    assert os.environ.get("RAY_AUTH_MODE") != "disabled"  # Ray's authentication is never turned off


def test_the_local_backend_writes_the_same_table_and_keeps_tracebacks(tmp_path, monkeypatch):
    """Hydra's plain -m path (backend=local): the same runs and table as Ray, failures with tracebacks."""
    monkeypatch.setenv(faults.ENV, str(faults.write(tmp_path / "faults.json",
                                                    [{"seed": 31, "interval": 5, "kind": "raise"}])))
    faults.install()
    jobs = [_job("seed=30"), _job("seed=31")]
    table = run_sweep(jobs, tmp_path / "sweep", progress=False, echo=lambda _: None, backend="local")
    assert list(table["status"]) == ["ok", "failed"]
    written = pd.read_parquet(tmp_path / "sweep" / "sweep.parquet")
    assert "test fault at interval 5" in written.loc[1, "traceback"] and pd.isna(written.loc[0, "traceback"])


def test_cli_sweep_exits_non_zero_when_a_run_failed(tmp_path):
    """A plain -m sweep in a subprocess with the fault plug-in installed: exit status 1, the count said."""
    import subprocess
    import sys

    faults_file = faults.write(tmp_path / "faults.json", [{"seed": 41, "interval": 3, "kind": "raise"}])
    code = ("from tests import faults; faults.install(); from enernet.cli import main; "
            f"main(['run', '-m', 'scenario=tiny', 'scenario.days=1', 'seed=40,41', "
            f"'hydra.sweep.dir={tmp_path / 'sweep'}'])")
    env = {**__import__("os").environ, faults.ENV: str(faults_file)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300,
                            cwd=str(__import__("pathlib").Path(__file__).resolve().parents[1]))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "1 of 2 runs failed" in result.stderr and "Traceback" not in result.stderr
