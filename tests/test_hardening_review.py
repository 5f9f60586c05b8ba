"""Defects an independent review of the hardening found, each refused with a message naming the key."""
from __future__ import annotations

import json

import pytest

from enernet import compose_config, load_run, run_scenario
from enernet.cli import sweep_id
from enernet.configs.schema import ConfigError, validate
from enernet.run_integrity import RunDirectoryError, prepare_run_dir
from enernet.scenarios.model.sizing import check_size, estimate

TINY = ["scenario=tiny", "scenario.days=1", "run.progress=false"]


@pytest.mark.parametrize("overrides, key", [
    (["tariff=cpp", "tariff.cpp_start_h=0", "tariff.cpp_end_h=24"], "the whole day"),
    (["tariff=cpp", "scenario.interval_min=480", "tariff.cpp_start_h=17", "tariff.cpp_end_h=21"],
     "no interval starts inside"),
    (["tariff=cpp", "tariff.energy_price_per_kwh=0"], "tariff.energy_price_per_kwh = 0.0"),
    (["ev.swapping.stations=1", "ev.swapping.ready_soc=0.1", "ev.swapping.depleted_soc=0.5"],
     "ev.swapping.depleted_soc = 0.5"),
    (["ev.swapping.stations=1", "ev.swapping.min_ready=50", "ev.swapping.batteries=10"], "ev.swapping.min_ready = 50"),
    (["grid.kva_per_household=1e-9"], "grid.kva_per_household"),
    (["grid.standard_ratings_kva=[0.001]"], "grid.standard_ratings_kva"),
])
def test_combinations_that_ran_to_nonsense_are_refused(overrides, key):
    with pytest.raises(ConfigError) as refused:
        validate(compose_config([*TINY, *overrides]))
    assert key in str(refused.value)


def test_a_cpp_window_that_holds_intervals_and_leaves_some_out_runs(tmp_path):
    kpis = run_scenario(compose_config([*TINY, "tariff=cpp", "scenario.interval_min=240", "tariff.cpp_days=[0]",
                                        "tariff.cpp_start_h=16", "tariff.cpp_end_h=20"]), tmp_path / "run")
    assert all(v is None or not isinstance(v, float) or v == v for v in kpis.values())


def test_the_estimate_counts_a_cost_per_interval_and_each_adoption_year():
    small = compose_config(["scenario=tiny", "scenario.interval_min=1"])
    coarse = compose_config(["scenario=tiny", "scenario.interval_min=60"])
    assert estimate(small).wall_s > 4 * estimate(coarse).wall_s - 3 * 3.0  # 60x the intervals, not ~equal
    study = compose_config(["scenario=tiny", "ev.adoption.years=10"])
    # each year is a run (its homes calibrated and planned); 3 s of start-up are paid once
    assert estimate(study).wall_s > 5 * (estimate(compose_config(["scenario=tiny"])).wall_s - 3.0)
    decade = compose_config(["scenario=tiny", "scenario.interval_min=1", "scenario.days=3660"])
    assert estimate(decade).wall_s > 1800  # ten years of minutes for 20 homes: most of an hour (measured), not 3 s
    with pytest.raises(ConfigError, match="run.max_wall_h"):
        check_size(compose_config(["scenario.households=50000", "scenario.interval_min=1", "scenario.days=3660"]))


def test_an_api_run_refused_for_its_size_leaves_nothing_on_disk(tmp_path):
    with pytest.raises(ConfigError, match="run.max_wall_h"):
        run_scenario(compose_config([*TINY, "run.max_wall_h=1e-6"]), tmp_path / "run")
    assert not (tmp_path / "run").exists()


def test_compose_config_refuses_a_string_in_place_of_a_list():
    with pytest.raises(ConfigError, match="give a list of 'key=value' strings"):
        compose_config("scenario=tiny")


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("finished") / "run"
    run_scenario(compose_config(TINY), run_dir)
    return run_dir


@pytest.mark.parametrize("damage, message", [
    (lambda m: m.update(tables=["intervals"]), "'tables' is not an object"),
    (lambda m: m["tables"].pop("intervals"), "no size and SHA-256 for table 'intervals'"),
    (lambda m: m["tables"]["events"].pop("sha256"), "no size and SHA-256 for table 'events'"),
])
def test_a_manifest_with_damaged_table_entries_is_refused(finished_run, tmp_path, damage, message):
    import shutil

    run_dir = tmp_path / "copy"
    shutil.copytree(finished_run, run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    damage(manifest)
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RunDirectoryError, match=message):
        load_run(run_dir)


def test_nan_in_kpis_json_is_refused(finished_run, tmp_path):
    import shutil

    run_dir = tmp_path / "copy"
    shutil.copytree(finished_run, run_dir)
    (run_dir / "kpis.json").write_text('{"energy_kwh": NaN}')
    with pytest.raises(RunDirectoryError, match="kpis.json cannot be read.*not strict JSON"):
        load_run(run_dir)


def test_links_planted_where_hydra_writes_and_a_file_as_run_dir_are_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / ".hydra").symlink_to(outside)
    with pytest.raises(RunDirectoryError, match=r"symlinks where a run writes \(.hydra\)"):
        prepare_run_dir(run_dir, overwrite=True)
    (run_dir / ".hydra").unlink()
    (run_dir / "enernet.log").symlink_to(outside / "log")
    with pytest.raises(RunDirectoryError, match="enernet.log"):
        prepare_run_dir(run_dir, overwrite=False)
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(RunDirectoryError, match="is a file, not a directory"):
        prepare_run_dir(tmp_path / "a_file", overwrite=False)


@pytest.mark.slow
def test_the_cli_refuses_a_planted_hydra_link_before_hydra_writes(tmp_path, enernet_cli):
    outside, run_dir = tmp_path / "outside", tmp_path / "run"
    outside.mkdir()
    run_dir.mkdir()
    (run_dir / ".hydra").symlink_to(outside)
    result = enernet_cli("run", *TINY, f"hydra.run.dir={run_dir}")
    assert result.returncode == 2 and "symlinks where a run writes" in result.stderr
    assert "Traceback" not in result.stderr and list(outside.iterdir()) == []
    (tmp_path / "file").write_text("x")
    result = enernet_cli("run", *TINY, f"hydra.run.dir={tmp_path / 'file'}")
    assert result.returncode == 2 and "is a file" in result.stderr and "Traceback" not in result.stderr


def test_the_default_sweep_directory_ignores_display_only_flags():
    plain = sweep_id(["seed=1,2", "tariff=flat,tou"])
    assert sweep_id(["tariff=flat,tou", "seed=1,2", "run.progress=false", "run.summary=false"]) == plain
    assert sweep_id(["seed=1,2", "tariff=flat,tou", "scenario.days=3"]) != plain


# A second independent review's findings (each was reproduced first).

@pytest.mark.parametrize("overrides, key", [
    (["tariff=tou", "tariff.periods=[{name:p,start_h:8,price_per_kwh:0.5}]"], "tariff.periods[0].end_h"),
    (["grid.power_factor=0.2"], "grid.power_factor"),
    (["tariff=rtp", "tariff.rtp_adder_per_kwh=-100"], "tariff.rtp_adder_per_kwh"),
    (["tariff=cpp", "tariff.peak_ratio=0.5"], "tariff.peak_ratio"),
    (["grid.standard_ratings_kva=[5]"], "grid.standard_ratings_kva"),
    (["ev.adoption.years=100", "ev.adoption.start_year=2099"], "ev.adoption.start_year"),
    (["pv.tilts_deg=[1,2,3,4,5,6,7,8,9]", "pv.azimuths_deg=[1,2,3,4,5,6,7,8]"], "pv.tilts_deg x pv.azimuths_deg"),
])
def test_more_combinations_that_ran_to_nonsense_or_crashed_are_refused(overrides, key, tmp_path):
    with pytest.raises(ConfigError) as refused:
        run_scenario(compose_config([*TINY, *overrides]), tmp_path / "run")
    assert key in str(refused.value) and not (tmp_path / "run").exists()


def test_an_element_of_a_list_is_a_known_key():
    cfg = compose_config([*TINY, "tariff=tou", "tariff.periods.0.price_per_kwh=0.9"])
    assert cfg.tariff.periods[0].price_per_kwh == 0.9


def test_a_dangling_link_where_a_run_writes_is_refused_before_any_work(tmp_path):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "kpis.json").symlink_to(tmp_path / "nowhere" / "k.json")
    with pytest.raises(RunDirectoryError, match=r"symlinks where a run writes \(kpis.json\)"):
        run_scenario(compose_config(TINY), run_dir)
    assert sorted(p.name for p in run_dir.iterdir()) == ["kpis.json"]  # no tables written


def test_kpis_json_with_an_overflowing_or_deeply_nested_number_is_damaged(finished_run, tmp_path):
    import shutil

    for text, why in (('{"mean_bill": 1e400}', "not a finite number"), ("[" * 100_000, "nested too deeply")):
        run_dir = tmp_path / f"copy{len(text)}"
        shutil.copytree(finished_run, run_dir)
        (run_dir / "kpis.json").write_text(text)
        with pytest.raises(RunDirectoryError, match=why):
            load_run(run_dir)


def test_a_table_left_out_of_recorded_is_still_checked(finished_run, tmp_path):
    import shutil

    run_dir = tmp_path / "copy"
    shutil.copytree(finished_run, run_dir)
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["recorded"].remove("events")
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(RunDirectoryError, match="checksums for tables it does not record"):
        load_run(run_dir)


def test_a_resumed_sweep_reruns_a_damaged_run(tmp_path):
    from omegaconf import OmegaConf

    from enernet.sweep import SweepJob, finished_runs, run_sweep

    jobs = [SweepJob(o, OmegaConf.to_container(compose_config(o), resolve=True))
            for o in ([*TINY, "seed=1"], [*TINY, "seed=2"])]
    run_sweep(jobs, tmp_path, backend="local", progress=False, summary=False)
    first, second = (tmp_path / j.name for j in jobs)
    (first / "kpis.json").unlink()
    (second / "manifest.json").write_text("[]")
    assert finished_runs(tmp_path) == {}
    table = run_sweep(jobs, tmp_path, backend="local", progress=False, summary=False)
    assert list(table["status"]) == ["ok", "ok"] and (first / "kpis.json").exists()


def test_the_sweep_summary_never_writes_through_a_planted_link(tmp_path):
    import pandas as pd

    from enernet.sweep_report import plot_summary

    outside = tmp_path / "outside.png"
    outside.write_bytes(b"victim")
    sweep = tmp_path / "sweep"
    sweep.mkdir()
    (sweep / "summary.png").symlink_to(outside)
    summary = pd.DataFrame({"tariff": ["flat", "tou"], "kpi": "peak_demand_kw", "mean": [1.0, 2.0],
                            "ci95_low": [0.5, 1.5], "ci95_high": [1.5, 2.5]})
    with pytest.raises(RunDirectoryError, match="symlink"):
        plot_summary(summary, ["tariff"], sweep / "summary.png")
    assert outside.read_bytes() == b"victim"
