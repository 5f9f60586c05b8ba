"""Configuration: typed schemas, validation before any work, and the enernet command line."""
from __future__ import annotations

import json

import pytest

from enernet.configs.schema import ConfigError, validate


@pytest.mark.parametrize(
    ("override", "names"),
    [
        ("scenario.pv_share=-0.1", ["scenario.pv_share", "-0.1", "[0, 1]"]),
        ("scenario.battery_share=1.5", ["scenario.battery_share", "1.5"]),
        ("scenario.households=0", ["scenario.households", "[1, 1,000,000]"]),
        ("scenario.interval_min=7", ["scenario.interval_min"]),
        ("scenario.start_date=2025-13-01", ["scenario.start_date"]),
        ("tariff.kind=dynamic", ["tariff.kind", "'dynamic'", "flat, tou, cpp, rtp"]),
        ("site.weather=paris", ["site.weather", "greensboro_nc"]),
        ("grid.power_factor=0", ["grid.power_factor"]),
        ("battery.round_trip_efficiency=1.2", ["battery.round_trip_efficiency"]),
        ("seed=-1", ["seed"]),
        ("+scenario.colour=red", ["scenario.colour", "not a known key"]),
    ],
)
def test_validation_names_field_value_and_what_is_allowed(compose, override, names):
    with pytest.raises(ConfigError) as error:
        validate(compose(["scenario=tiny", override]))
    for name in names:
        assert name in str(error.value)


def test_every_shipped_scenario_and_tariff_is_valid(compose):
    for scenario in ("tiny", "neighbourhood", "old_town", "ev_2035", "district", "high_pv", "classroom"):
        for tariff in ("flat", "tou", "cpp", "rtp"):
            validate(compose([f"scenario={scenario}", f"tariff={tariff}"]))


def test_wrong_type_is_refused_while_composing_with_the_clis_error_class(compose):
    with pytest.raises(ConfigError) as error:
        compose(["scenario.households=many"])
    assert "scenario.households" in str(error.value) and "could not be converted to Integer" in str(error.value)
    with pytest.raises(ConfigError, match="did you mean scenario.households"):
        compose(["scenario.housholds=3"])
    with pytest.raises(ConfigError, match="Available options in 'tariff': cpp flat rtp tou"):
        compose(["tariff=nope"])


@pytest.mark.slow
def test_cli_bad_value_fails_before_anything_is_written(enernet_cli, tmp_path):
    run_dir = tmp_path / "never"
    result = enernet_cli("run", "scenario=tiny", "scenario.pv_share=-0.1", f"hydra.run.dir={run_dir}")
    assert result.returncode == 2
    assert "scenario.pv_share = -0.1 is not allowed" in result.stderr
    assert not run_dir.exists()


@pytest.mark.slow
def test_cli_unknown_tariff_lists_the_options(enernet_cli, tmp_path):
    run_dir = tmp_path / "never"
    result = enernet_cli("run", "tariff=nope", f"hydra.run.dir={run_dir}")
    assert result.returncode != 0
    assert "tariff/nope" in result.stderr and "flat" in result.stderr and "tou" in result.stderr
    assert not run_dir.exists()


@pytest.mark.slow
def test_cli_wrong_type_and_unknown_key_name_the_key(enernet_cli, tmp_path):
    for override, key in (("scenario.households=abc", "scenario.households"), ("scenario.colour=red", "colour")):
        result = enernet_cli("run", override, f"hydra.run.dir={tmp_path / 'never'}")
        assert result.returncode != 0 and key in result.stderr
    assert not (tmp_path / "never").exists()


@pytest.mark.slow
def test_cli_help_lists_the_groups(enernet_cli):
    result = enernet_cli("run", "--help")
    assert result.returncode == 0
    assert "scenario: classroom, district, ev_2035, high_pv, neighbourhood, old_town, tiny" in result.stdout
    assert "tariff: cpp, flat, rtp, tou" in result.stdout
    assert "dr: none, transformer_relief" in result.stdout
    assert "market: huang, mcafee, none, pay_as_bid, pay_as_clear" in result.stdout
    assert "strategy: adaptive, truthful" in result.stdout


@pytest.mark.slow
def test_cli_help_shows_every_declared_key_with_this_compositions_value(enernet_cli):
    from enernet.configs.contracts import describe, internal_keys
    from enernet.configs.schema import Config

    result = enernet_cli("run", "scenario=tiny", "seed=5", "--help")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    hidden = set(internal_keys(Config))
    assert {"scenario.name", "scenario.description", "currency"} <= hidden
    for key, *_ in describe(Config):
        shown = any(line.split()[:1] == [key] for line in lines)
        assert shown is (key not in hidden), key  # every key but the option files' names, with its meaning
    assert "tariff: A retail tariff (tariff= group)" in result.stdout  # each section says what it configures
    households = next(line for line in lines if line.split()[:1] == ["scenario.households"])
    assert households.split()[1] == "20" and "(households, in [1, 1,000,000])" in households
    assert next(line for line in lines if line.split()[:1] == ["seed"]).split()[1] == "5"
    assert "fail_at" not in result.stdout and "crash" not in result.stdout  # no test hooks


@pytest.mark.slow
def test_cli_run_writes_a_complete_run_directory(enernet_cli, tmp_path):
    run_dir = tmp_path / "tiny"
    result = enernet_cli("run", "scenario=tiny", "seed=3", f"hydra.run.dir={run_dir}")
    assert result.returncode == 0, result.stderr
    assert "Key performance indicators" in result.stdout
    for name in ("manifest.json", "kpis.json", "intervals.parquet", "transformers.parquet", "bills.parquet",
                 "events.parquet"):
        assert (run_dir / name).exists(), name
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["seed"] == 3 and manifest["config"]["scenario"]["name"] == "tiny"
    assert manifest["versions"]["mesa"].startswith("3.3")
    assert not list(run_dir.glob(".*.tmp"))


@pytest.mark.slow
def test_enernet_scenarios_lists_each_scenario_with_its_question(enernet_cli):
    result = enernet_cli("scenarios")
    assert result.returncode == 0
    lines = dict(line.split(None, 1) for line in result.stdout.strip().splitlines())
    assert set(lines) == {"classroom", "district", "ev_2035", "high_pv", "neighbourhood", "old_town", "tiny"}
    assert all(question.strip().endswith("?") for question in lines.values())


@pytest.mark.parametrize(("overrides", "name"), [
    (["dr=transformer_relief", "scenario.interval_min=45"], "scenario.interval_min = 45 is not allowed with dr"),
    (["ev.share=0.5", "scenario.interval_min=480"], "scenario.interval_min = 480 is not allowed with ev.share"),
])
def test_intervals_that_later_stages_cannot_use_are_refused_up_front(compose, overrides, name):
    with pytest.raises(ConfigError, match=name):
        validate(compose(["scenario=tiny", *overrides]))
