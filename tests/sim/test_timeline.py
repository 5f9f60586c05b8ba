"""Trace tests of the timeline: events happen in the order and at the minutes they should."""
from __future__ import annotations

from enernet import compose_config
from enernet.agents import DGOwner, GridOperator, Household, Retailer
from enernet.scenarios.model.model import EnernetModel


def _model(*overrides: str) -> EnernetModel:
    # No warm-up: the trace starts at the recorded start (test_warm_up_runs_before_minute_0 covers it).
    model = EnernetModel(compose_config(["scenario=tiny", "run.progress=false", "scenario.warmup_days=0",
                                         *overrides]))
    model.trace = []
    return model


def test_step_advances_one_interval_and_prices_come_before_the_first_interval():
    model = _model()
    model.step()
    assert model.env.now == 15
    assert model.trace == [(0, "publish_day_prices:0"), (0, "interval:0")]
    model.step()
    assert model.env.now == 30 and model.trace[-1] == (15, "interval:1")


def test_a_day_starts_with_prices_then_its_first_interval_and_the_run_ends_after_the_last():
    model = _model("scenario.days=2")
    model.run()
    assert model.steps == model.clock.n_intervals == 192
    day_two = model.trace.index((1440, "publish_day_prices:1"))
    assert model.trace[day_two - 1] == (1425, "interval:95")
    assert model.trace[day_two + 1] == (1440, "interval:96")
    assert model.trace[-2:] == [(2865, "interval:191"), (2865, "finish")]
    model.step()  # stepping a finished model does nothing
    assert model.trace[-1] == (2865, "finish")


def test_a_month_boundary_closes_the_billing_period_before_the_next_interval():
    model = _model("scenario.start_date=2025-06-30", "scenario.days=2")
    model.run()
    boundary = model.trace.index((1440, "close_billing_period"))
    assert model.trace[boundary + 1:boundary + 3] == [(1440, "publish_day_prices:1"), (1440, "interval:96")]
    model.recorder.close()
    bills = model.recorder.tables()["bills"].to_pandas()
    assert sorted(bills["period_start"].dt.strftime("%Y-%m-%d %H:%M").unique()) == ["2025-06-30 00:00", "2025-07-01 00:00"]
    assert len(bills) == 2 * model.population.n


def test_agents_live_in_model_agents_and_know_their_rows():
    model = _model()
    kinds = {cls: len(model.agents.select(agent_type=cls)) for cls in (Household, DGOwner, Retailer, GridOperator)}
    assert kinds[Household] == model.population.n  # DG owners are households too
    assert kinds[DGOwner] == int(model.population.has_pv.sum()) > 0
    assert kinds[Retailer] == 1 and kinds[GridOperator] == 1
    model.run()
    owner = model.agents.select(agent_type=DGOwner)[0]
    assert owner.pv_kwp == model.population.pv_kwp[owner.row] > 0
    assert owner.balance == model.settlement.balance[owner.row]


def test_importing_the_model_keeps_the_multiprocessing_start_method():
    """``import mesa`` forces 'spawn' process-wide; sim.mesa_compat restores what was in force."""
    import subprocess
    import sys

    code = ("import multiprocessing as mp; before = mp.get_start_method(allow_none=True); "
            "import enernet.scenarios.model.model; print(before, mp.get_start_method(allow_none=True))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == out[1] == "None"


def test_warm_up_runs_before_minute_0_and_only_the_recorded_days_are_kept():
    """Three warm-up days run at negative minutes (day -3 from minute -4320), then recording begins
    at minute 0, first of all that happens then; the tables hold the recorded days only."""
    model = EnernetModel(compose_config(["scenario=tiny", "run.progress=false", "scenario.warmup_days=3"]))
    model.trace = []
    model.run()
    assert model.trace[0] == (-3 * 1440, "publish_day_prices:-3") and model.trace[1] == (-4320, "interval:-288")
    begin = model.trace.index((0, "begin_recording"))
    assert model.trace[begin - 1] == (-15, "interval:-1")
    assert model.trace[begin + 1:begin + 3] == [(0, "publish_day_prices:0"), (0, "interval:0")]
    model.recorder.close()
    intervals = model.recorder.tables()["intervals"].to_pandas()
    assert intervals["interval"].tolist() == list(range(192)) and model.kpi_values["intervals"] == 192
    assert model.steps == 192
