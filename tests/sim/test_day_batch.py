"""The day-batched core (scenarios.model.day_batch) against the interval-by-interval path it replaces in run()."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from enernet import compose_config
from enernet.scenarios.model.model import EnernetModel
from tests import faults
from tests.helpers import simulate

CORE = ["market=none", "dr=none", "ev.share=0", "run.progress=false"]


def _batched(overrides: list[str]):
    model = EnernetModel(compose_config(overrides))
    assert model.day_batch is not None, model.day_batch_unavailable
    model.run()
    model.recorder.close()
    return model, {name: t.to_pandas() for name, t in model.recorder.tables().items()}


def _assert_same_tables(stepped: dict, batched: dict) -> None:
    assert stepped.keys() == batched.keys()
    for name, expected in stepped.items():
        got = batched[name]
        assert list(got.columns) == list(expected.columns), name
        assert len(got) == len(expected), name
        # Per-household values are bit-for-bit; sums over households differ in the order of addition.
        pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-10, atol=1e-9, obj=name)


def _assert_same_kpis(stepped: dict, batched: dict) -> None:
    assert stepped.keys() == batched.keys()
    for key, value in stepped.items():
        if key == "wall_s":
            continue
        if value is None:
            assert batched[key] is None, key
            continue
        assert batched[key] == pytest.approx(value, rel=1e-10, abs=1e-9, nan_ok=True), key


@pytest.mark.parametrize("overrides", [
    # A summer week with PV, batteries and a time-of-use tariff, across a month boundary.
    ["scenario=neighbourhood", "scenario.days=3", "scenario.start_date=2025-06-29", "tariff=tou"],
    # Winter with undersized transformers: overload episodes, some running past midnight; weekly bills.
    ["scenario=old_town", "scenario.days=4", "retailer.billing=weekly", "grid.overload_threshold_pu=0.45"],
    # Homes of people, appliances and weather (their day is planned once and read by both paths).
    ["scenario=tiny", "scenario.days=3", "scenario.start_date=2025-07-04", "homes.model=appliances"],
])
def test_run_a_day_at_a_time_gives_the_tables_and_kpis_of_stepping(overrides):
    stepped_model, stepped = simulate([*overrides, *CORE])
    batched_model, batched = _batched([*overrides, *CORE])
    assert batched_model.steps == stepped_model.steps == stepped_model.clock.n_intervals
    _assert_same_tables(stepped, batched)
    _assert_same_kpis(stepped_model.kpi_values, batched_model.kpi_values)
    assert np.array_equal(batched_model.population.battery_soc_kwh, stepped_model.population.battery_soc_kwh)
    assert np.array_equal(batched_model.pipeline.net_kw, stepped_model.pipeline.net_kw)  # the agents' last view
    assert batched_model.ledger.balance == pytest.approx(stepped_model.ledger.balance, rel=1e-10, abs=1e-9)


@pytest.mark.parametrize("homes", ["appliances", "profile"])
def test_blocks_of_households_give_the_tables_of_one_block(monkeypatch, homes):
    """The day goes through the kernels in blocks of households; the block size changes nothing, not
    even the order in which sums add households (so the tables are equal bit for bit)."""
    from enernet.scenarios.model import day_batch

    overrides = ["scenario=neighbourhood", "scenario.days=2", *CORE, f"homes.model={homes}"]
    whole_model, whole = _batched(overrides)
    monkeypatch.setattr(day_batch, "HOUSEHOLDS_PER_BLOCK", 37)  # 500 households: 14 blocks, the last short
    blocked_model, blocked = _batched(overrides)
    assert blocked_model.day_batch.block == 37 and whole_model.day_batch.block == 500
    for name, expected in whole.items():
        pd.testing.assert_frame_equal(blocked[name], expected, check_exact=True, obj=name)
    if homes == "profile":  # the standard profile's noise state
        assert np.array_equal(blocked_model.loads.log_noise, whole_model.loads.log_noise)


def test_the_old_town_run_has_overloads_across_midnight():
    """Guards the case above: it must exercise episodes that a day boundary cuts."""
    _, tables = simulate(["scenario=old_town", "scenario.days=4", "grid.overload_threshold_pu=0.45", *CORE])
    events = tables["events"]
    overloads = events[events["kind"] == "transformer_overload"]
    crossing = overloads["start"].dt.date != (overloads["end"] - pd.Timedelta(minutes=1)).dt.date
    assert len(overloads) > 10 and crossing.any()


def test_stepping_after_a_batched_day_continues_the_same_run():
    model = EnernetModel(compose_config(["scenario=tiny", *CORE]))
    model.warm_up()
    model.batching_days = True
    model.advance(1440)  # day 0 in one call
    model.batching_days = False
    while model.running:
        model.step()  # day 1 interval by interval
    model.recorder.close()
    stepped_model, stepped = simulate(["scenario=tiny", *CORE])
    _assert_same_tables(stepped, {name: t.to_pandas() for name, t in model.recorder.tables().items()})


@pytest.mark.parametrize("feature, reason", [
    ("market=pay_as_clear", "green market"), ("dr=transformer_relief", "DR programme"), ("ev.share=0.5", "EVs"),
    ("tariff=cpp", "critical-peak"), ("tariff=rtp", "real-time"),
])
def test_runs_with_decisions_inside_the_day_go_interval_by_interval(feature, reason):
    overrides = ["scenario=tiny", *[o for o in CORE if o.split("=")[0] != feature.split("=")[0]], feature]
    model = EnernetModel(compose_config(overrides))
    assert model.day_batch is None and reason in model.day_batch_unavailable


def test_a_fault_inside_a_batched_day_fires_at_its_interval(tmp_path, monkeypatch):
    """The test plug-in (tests/faults.py) runs such a day interval by interval: the rows before the
    fault are recorded, none after (what the sweep's failure tests rely on)."""
    monkeypatch.setenv(faults.ENV, str(faults.write(tmp_path / "faults.json", [
        {"seed": 0, "interval": 100, "kind": "raise"}])))
    faults.install()
    model = EnernetModel(compose_config(["scenario=tiny", "seed=0", *CORE]))
    assert model.day_batch is not None
    with pytest.raises(RuntimeError, match="test fault at interval 100"):
        model.run()
    assert model.recorder.intervals.position + len(model.recorder.intervals.rows_waiting) == 100


@pytest.mark.parametrize("seed", range(6))
def test_overload_episodes_from_a_day_of_rows_match_interval_by_interval(seed):
    """GridOperator.watch_rows (vectorised runs) against _watch called per interval, over three days."""
    rng = np.random.default_rng(seed)
    models = [EnernetModel(compose_config(["scenario=tiny", "scenario.warmup_days=0", *CORE])) for _ in range(2)]
    m = models[0].network.n_transformers
    for day in range(3):
        loading = rng.uniform(0.2, 1.6, size=(96, m))
        loading[:, rng.random(m) < 0.3] = 1.5  # some transformers overloaded all day (episodes past midnight)
        overloaded = (loading > 1.0).astype(np.uint8)
        models[0].grid_operator.watch_rows(day * 1440, 15, overloaded, loading)
        for k in range(96):
            models[1].grid_operator._watch(day * 1440 + k * 15, 15, overloaded[k].view(bool), loading[k])
    operators = [model.grid_operator for model in models]
    for model in models:
        model.grid_operator.close_open_episodes(3 * 1440)
        model.recorder.close()
    events = [model.recorder.tables()["events"].to_pandas() for model in models]
    assert len(events[0]) > 0
    pd.testing.assert_frame_equal(events[0], events[1])
    np.testing.assert_array_equal(operators[0].overload_hours_by_transformer, operators[1].overload_hours_by_transformer)
    np.testing.assert_array_equal(operators[0].max_loading_pu_by_transformer, operators[1].max_loading_pu_by_transformer)


def test_events_are_one_timeline_whatever_the_path_and_however_many_chunks(tmp_path, monkeypatch):
    """Events are written when they end and listed by start: with more events than one streamed
    chunk holds, both paths still give the same table, sorted by start (review finding)."""
    from enernet import load_run, run_scenario
    from enernet.sim.recorder import Recorder

    overrides = ["scenario=tiny", "scenario.households=40", "scenario.transformers=20", "scenario.days=3",
                 "grid.overload_threshold_pu=0.05", *CORE]
    monkeypatch.setattr(Recorder.add_chunked, "__defaults__", (7, None))  # chunks of 7 events: many cuts
    _, stepped = simulate(overrides)  # in memory, interval by interval
    run_scenario(compose_config(overrides), tmp_path / "run")  # on disk, a day at a time
    batched = load_run(tmp_path / "run").events
    assert len(batched) > 50
    assert batched["start"].is_monotonic_increasing
    pd.testing.assert_frame_equal(batched.reset_index(drop=True), stepped["events"].reset_index(drop=True),
                                  check_dtype=False)  # load_run reads timestamps as [ms], in memory [s]
