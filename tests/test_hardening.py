"""Bad input refused before work, run directories that never mix, integrity checked, clean stops."""
from __future__ import annotations

import json
import signal
import subprocess
import time

import pytest

from enernet import compose_config, load_run, run_scenario
from enernet.configs.schema import ConfigError
from enernet.run_integrity import RunDirectoryError
from enernet.scenarios.model.sizing import check_size, estimate

TINY = ["scenario=tiny", "scenario.days=1", "run.progress=false"]


def _forbid_constants(name):
    raise ValueError(f"{name} in strict JSON")


def test_a_run_directory_holding_a_run_is_refused_unless_overwrite(tmp_path):
    run_dir = tmp_path / "run"
    run_scenario(compose_config([*TINY, "seed=1"]), run_dir)
    first = json.loads((run_dir / "manifest.json").read_text())
    with pytest.raises(RunDirectoryError, match="already holds a run"):
        run_scenario(compose_config([*TINY, "seed=2"]), run_dir)
    assert json.loads((run_dir / "manifest.json").read_text()) == first  # untouched
    (run_dir / "figures").mkdir()
    (run_dir / "figures" / "old.png").write_bytes(b"old")
    run_scenario(compose_config([*TINY, "seed=2", "run.overwrite=true"]), run_dir)
    assert json.loads((run_dir / "manifest.json").read_text())["seed"] == 2 and not (run_dir / "figures").exists()


def test_the_manifest_lists_each_tables_size_and_checksum_and_load_run_checks_them(tmp_path):
    run_dir = tmp_path / "run"
    run_scenario(compose_config(TINY), run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    for name in manifest["recorded"]:
        entry = manifest["tables"][name]
        assert entry["bytes"] == (run_dir / f"{name}.parquet").stat().st_size and len(entry["sha256"]) == 64
    load_run(run_dir)
    data = (run_dir / "events.parquet").read_bytes()
    (run_dir / "events.parquet").write_bytes(data[:-10])
    with pytest.raises(RunDirectoryError, match="table events"):
        load_run(run_dir)


def test_a_manifest_naming_a_path_outside_the_run_is_refused(tmp_path):
    run_dir = tmp_path / "run"
    run_scenario(compose_config(TINY), run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["recorded"].append("../../outside")
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RunDirectoryError, match="not a table name"):
        load_run(run_dir)
    (run_dir / "manifest.json").write_text("{ not json")
    with pytest.raises(RunDirectoryError, match="manifest.json cannot be read"):
        load_run(run_dir)


def test_kpis_json_is_strict_json(tmp_path):
    run_dir = tmp_path / "run"
    kpis = run_scenario(compose_config([*TINY, "dr=transformer_relief"]), run_dir)
    parsed = json.loads((run_dir / "kpis.json").read_text(), parse_constant=_forbid_constants)
    assert parsed == kpis
    assert all(v is None or not isinstance(v, float) or v == v for v in kpis.values())


def test_a_run_too_big_for_the_machine_is_refused_with_the_estimate():
    cfg = compose_config(["scenario.households=1000000", "scenario.days=3660"])
    with pytest.raises(ConfigError, match=r"would take about .* h .* run.max_wall_h"):
        check_size(cfg)
    with pytest.raises(ConfigError, match=r"needs about .* GiB of memory; this machine has 1.0 GiB"):
        check_size(compose_config(["scenario.households=1000000", "dr=transformer_relief"]), memory_bytes=2**30)
    assert estimate(compose_config([])).wall_s < 60  # the default run is well inside


@pytest.mark.slow
def test_sigterm_ends_a_run_cleanly(tmp_path, enernet_cli):
    from tests.conftest import ENERNET

    run_dir = tmp_path / "run"
    process = subprocess.Popen([ENERNET, "run", "scenario=neighbourhood", "scenario.households=20000",
                                "scenario.transformers=400", "scenario.days=60", "run.progress=false",
                                f"hydra.run.dir={run_dir}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not list(run_dir.glob(".*.tmp")) and time.time() < deadline:  # the tables have started
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, stderr[-2000:]
    assert "stopped by SIGTERM" in stderr and "Traceback" not in stderr
    assert sorted(p.name for p in run_dir.iterdir()) == [".hydra", "enernet.log"]


@pytest.mark.slow
def test_cli_refuses_a_rerun_into_a_used_directory(tmp_path, enernet_cli):
    run_dir = tmp_path / "run"
    assert enernet_cli("run", *TINY, f"hydra.run.dir={run_dir}").returncode == 0
    before = (run_dir / "manifest.json").read_bytes()
    again = enernet_cli("run", *TINY, "seed=5", f"hydra.run.dir={run_dir}")
    assert again.returncode == 2 and "already holds a run" in again.stderr and "Traceback" not in again.stderr
    assert (run_dir / "manifest.json").read_bytes() == before
    typo = enernet_cli("run", "scenario.housholds=3", f"hydra.run.dir={tmp_path / 'typo'}")
    assert typo.returncode == 2 and "did you mean scenario.households?" in typo.stderr
    assert not (tmp_path / "typo").exists()


def test_a_symlinked_run_directory_is_refused(tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir()
    link = tmp_path / "run"
    link.symlink_to(target)
    with pytest.raises(RunDirectoryError, match="symlink"):
        run_scenario(compose_config(TINY), link)
    assert not any(target.iterdir())


def test_report_never_writes_through_a_symlink_or_outside_the_run(tmp_path):
    from enernet.report import write_report

    run_dir, outside = tmp_path / "run", tmp_path / "outside"
    outside.mkdir()
    run_scenario(compose_config(TINY), run_dir)
    (run_dir / "figures").symlink_to(outside)
    with pytest.raises(RunDirectoryError, match="symlink"):
        write_report(run_dir)
    (run_dir / "figures").unlink()
    (run_dir / ".report.html.tmp").symlink_to(outside / "planted.html")  # a link where the page is staged
    assert write_report(run_dir) == (run_dir / "report.html").resolve()
    assert list(outside.iterdir()) == [] and not (run_dir / ".report.html.tmp").exists()
    (run_dir / "report.html").unlink()
    (run_dir / "report.html").symlink_to(outside / "page.html")
    with pytest.raises(RunDirectoryError, match="symlink"):
        write_report(run_dir)
    assert list(outside.iterdir()) == []


@pytest.mark.slow
def test_report_on_a_damaged_run_says_so_without_a_traceback(tmp_path, enernet_cli):
    run_dir = tmp_path / "run"
    run_scenario(compose_config(TINY), run_dir)
    (run_dir / "kpis.json").write_text("{ damaged")
    result = enernet_cli("report", str(run_dir))
    assert result.returncode == 2 and "kpis.json cannot be read" in result.stderr and "Traceback" not in result.stderr
