"""For analysts: overrides recovered from a run's config, compare, query over runs and sweeps."""
from __future__ import annotations

import json

import pandas as pd
import pytest
from omegaconf import OmegaConf

from enernet import compose_config, run_scenario
from enernet.compare import compare_runs, write_compare_page
from enernet.kpi_format import readable
from enernet.query import query
from enernet.run_config import flatten, overrides

TINY = ["scenario=tiny", "scenario.days=1", "run.progress=false"]


@pytest.mark.parametrize("given", [
    [],
    ["tariff=tou", "seed=3"],
    ["scenario=old_town", "market=none", "scenario.households=40"],
    ["scenario=tiny", "dr=transformer_relief", "ev.share=0.25", "grid.standard_ratings_kva=[25,50]"],
    ["scenario=classroom", "tariff=cpp", "tariff.peak_ratio=3"],
])
def test_the_overrides_recovered_from_a_config_compose_it_again(given):
    """Oracle: composing the recovered overrides gives back the same resolved config."""
    config = OmegaConf.to_container(compose_config(given), resolve=True)
    recovered = overrides(config)
    again = OmegaConf.to_container(compose_config(recovered), resolve=True)
    assert flatten(again) == flatten(config)
    assert len(recovered) <= len(given) + 1  # no noise: what was given (a group may be implied)


@pytest.mark.parametrize("value, text", [(0.0, "0"), (1.774e-14, "0"), (-2e-12, "0"), (12345.678, "12,346"),
                                         (0.123456, "0.1235"), (1234567.0, "1,234,567"), (5, "5"), (None, "n/a"),
                                         (0.1 + 0.2, "0.3"), (2.5e-6, "2.500e-06"), (float("nan"), "n/a")])
def test_numbers_read_as_people_write_them(value, text):
    assert readable(value) == text


@pytest.fixture(scope="module")
def two_tariffs(tmp_path_factory):
    root = tmp_path_factory.mktemp("compare")
    for tariff in ("flat", "tou"):
        run_scenario(compose_config([*TINY, f"tariff={tariff}"]), root / tariff)
    return root


def test_compare_names_the_tariff_and_gives_kpi_deltas_with_units(two_tariffs):
    c = compare_runs([two_tariffs / "flat", two_tariffs / "tou"])
    assert c.config.to_dict("records") == [{"key": "tariff", "A": "flat", "B": "tou"}]
    a = json.loads((two_tariffs / "flat" / "kpis.json").read_text())
    b = json.loads((two_tariffs / "tou" / "kpis.json").read_text())
    bill = c.kpis.set_index("kpi").loc["mean_bill"]
    assert bill["unit"] == "CNY" and bill["B - A"] == pytest.approx(b["mean_bill"] - a["mean_bill"])
    assert bill["B vs A [%]"] == pytest.approx(100 * (b["mean_bill"] - a["mean_bill"]) / abs(a["mean_bill"]))
    assert c.titles == ["tiny · scenario.days=1 (seed 0)", "tiny · tariff=tou · scenario.days=1 (seed 0)"]
    page = write_compare_page(c, two_tariffs / "compare.html").read_text()
    assert page.count("data:image/png;base64,") == 3 and "<td class='txt'>tariff</td>" in page
    assert "<script" not in page and "https://" not in page


@pytest.mark.slow
def test_the_compare_command_prints_deltas_and_writes_its_page(two_tariffs, enernet_cli, tmp_path):
    result = enernet_cli("compare", str(two_tariffs / "flat"), str(two_tariffs / "tou"), "--html",
                         str(tmp_path / "c.html"))
    assert result.returncode == 0, result.stderr
    assert "tariff" in result.stdout and "mean_bill" in result.stdout and "%" in result.stdout
    assert (tmp_path / "c.html").exists()
    alone = enernet_cli("compare", str(two_tariffs / "flat"))
    assert alone.returncode == 2 and "at least two" in alone.stderr and "Traceback" not in alone.stderr


def test_query_over_a_run_answers_sql_and_exports_csv(two_tariffs, tmp_path):
    from enernet.query import write_result

    run = two_tariffs / "tou"
    peak = query(run, "SELECT max(feeder_import_kw) AS peak FROM intervals")["peak"].iloc[0]
    assert peak == pytest.approx(json.loads((run / "kpis.json").read_text())["peak_demand_kw"])
    assert query(run, "runs")["overrides"].iloc[0] == "scenario=tiny tariff=tou scenario.days=1"
    bills = query(run, "bills")
    out = write_result(bills, tmp_path / "bills.csv")
    assert pd.read_csv(out).shape == bills.shape == pd.read_parquet(run / "bills.parquet").shape


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    from enernet.sweep import SweepJob, run_sweep

    root = tmp_path_factory.mktemp("sweep") / "sweep"
    jobs = []
    for seed in (0, 1):
        for share in (0.1, 0.6):
            o = [*TINY, f"seed={seed}", f"scenario.pv_share={share}"]
            jobs.append(SweepJob(o, OmegaConf.to_container(compose_config(o), resolve=True)))
    run_sweep(jobs, root, backend="local", progress=False)
    return root


def test_query_over_a_sweep_groups_by_the_swept_values(sweep_dir):
    answer = query(sweep_dir, "SELECT scenario_pv_share, count(DISTINCT run) AS runs, sum(pv_kw) AS pv "
                              "FROM intervals GROUP BY ALL ORDER BY ALL")
    assert answer["scenario_pv_share"].tolist() == [0.1, 0.6] and answer["runs"].tolist() == [2, 2]
    assert answer["pv"].iloc[1] > answer["pv"].iloc[0]
    kpis = query(sweep_dir, "SELECT seed, scenario_pv_share, pv_generated_kwh FROM kpis ORDER BY ALL")
    table = pd.read_parquet(sweep_dir / "sweep.parquet").sort_values(["seed", "scenario.pv_share"])
    assert kpis["pv_generated_kwh"].tolist() == pytest.approx(table["pv_generated_kwh"].tolist())
    assert set(query(sweep_dir, "runs")["status"]) == {"ok"}


@pytest.mark.slow
def test_the_query_command_prints_and_refuses_bad_sql_in_one_line(sweep_dir, enernet_cli, tmp_path):
    listed = enernet_cli("query", str(sweep_dir))
    assert listed.returncode == 0 and "intervals: run, scenario, scenario_days, scenario_pv_share, seed, time" in listed.stdout
    answer = enernet_cli("query", str(sweep_dir), "SELECT seed, avg(mean_bill) AS bill FROM kpis GROUP BY 1 ORDER BY 1")
    assert answer.returncode == 0 and "bill" in answer.stdout
    bad = enernet_cli("query", str(sweep_dir), "SELECT nope FROM kpis")
    assert bad.returncode == 2 and "nope" in bad.stderr and "Traceback" not in bad.stderr
    out = enernet_cli("query", str(sweep_dir), "bills", "--out", str(tmp_path / "b.parquet"))
    assert out.returncode == 0 and len(pd.read_parquet(tmp_path / "b.parquet")) == 4 * 20
