"""Reports: every figure exists and is not blank; report.html is self-contained, titled by what
differs from the defaults, shows the overrides, units on every KPI and readable numbers."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from enernet import compose_config, run_scenario
from enernet.report import write_report

FIGURES = ("load_duration", "daily_profile", "prices", "transformer_heatmap", "import_export", "dr_events", "bills")


def _not_blank(path) -> bool:
    import matplotlib.image as mpimg

    pixels = mpimg.imread(path)[..., :3]
    return pixels.std() > 0.01 and (pixels < 0.9).mean() > 0.005  # some ink on the page, not a flat colour


@pytest.fixture(scope="module")
def winter_run(tmp_path_factory):
    run_dir = tmp_path_factory.mktemp("report") / "run"
    run_scenario(compose_config(["scenario=tiny", "scenario.start_date=2025-01-13", "scenario.days=3",
                                 "dr=transformer_relief", "grid.standard_ratings_kva=[8]", "ev.share=0.3",
                                 "scenario.mean_annual_kwh=4500", "run.progress=false"]), run_dir)
    return run_dir


def test_run_report_has_every_figure_and_one_self_contained_page(winter_run):
    page = write_report(winter_run)
    for name in FIGURES:
        png = winter_run / "figures" / f"{name}.png"
        assert png.exists() and _not_blank(png), name
    text = page.read_text()
    assert text.count("data:image/png;base64,") == len(FIGURES)
    assert "peak_demand_kw" in text and "dr_events" in text
    assert "http://" not in text and "https://" not in text and "<script" not in text  # no network needed


def test_the_report_is_titled_by_its_overrides_and_lists_them_with_units(winter_run):
    text = write_report(winter_run).read_text()
    title = re.search(r"<h1>(.*)</h1>", text).group(1)
    assert title.startswith("enernet run: tiny · dr=transformer_relief") and "(seed 0)" in title
    for override in ("dr=transformer_relief", "scenario.days=3", "ev.share=0.3", "grid.standard_ratings_kva=[8.0]"):
        assert f"<code>{override}</code>" in text, override
    assert "run.progress" not in title
    row = re.search(r"<code>peak_demand_kw</code></td><td class='num'>([^<]*)</td><td>([^<]*)</td>", text)
    assert row and row.group(2) == "kW" and "e-" not in row.group(1)
    imbalance = re.search(r"<code>energy_imbalance_kwh</code></td><td class='num'>([^<]*)</td>", text)
    assert imbalance.group(1) == "0"  # round-off reads as zero


def test_features_that_were_off_get_no_section(tmp_path):
    run_dir = tmp_path / "run"
    run_scenario(compose_config(["scenario=tiny", "scenario.days=1", "market=none", "run.progress=false"]), run_dir)
    text = write_report(run_dir).read_text()
    assert not (run_dir / "figures" / "dr_events.png").exists()
    assert "<code>ev_charged_kwh</code>" not in text and "<code>green_traded_kwh</code>" not in text
    assert "Not shown (every figure zero: the feature was off): ev, market KPIs" in text


def test_the_heatmap_shows_the_most_loaded_transformers_of_a_large_area(tmp_path):
    from enernet.report import MAX_HEATMAP_ROWS

    run_dir = tmp_path / "run"
    run_scenario(compose_config(["scenario=tiny", "scenario.days=1", "scenario.households=300",
                                 "scenario.transformers=60", "market=none", "run.progress=false"]), run_dir)
    text = write_report(run_dir).read_text()
    assert f"The {MAX_HEATMAP_ROWS} most loaded of 60 transformers are shown." in text


def _sweep(tmp_path, seeds=range(3), tariffs=("flat", "tou")):
    rows = [{"run": f"r{i}", "config_hash": str(i), "seed": s, "tariff": t, "status": "ok", "error": None,
             "peak_demand_kw": 10 + s + (5 if t == "tou" else 0), "mean_bill": 3.0 - s * 0.1 + (t == "tou"),
             "energy_imbalance_kwh": 1.774e-14}
            for i, (s, t) in enumerate((s, t) for s in seeds for t in tariffs)]
    pd.DataFrame(rows).to_parquet(tmp_path / "sweep.parquet", index=False)


def test_sweep_report_draws_categories_with_each_seed_and_a_long_table(tmp_path):
    _sweep(tmp_path)
    page = write_report(tmp_path)
    png = tmp_path / "figures" / "kpi_vs_tariff.png"
    assert png.exists() and _not_blank(png)
    text = page.read_text()
    assert "6 runs" in text and "6 ok, 0 failed" in text and "tariff ∈ {flat, tou}, 3 seeds each" in text
    assert "<th>tariff</th><th>KPI</th><th>unit</th><th>runs</th><th>mean</th><th>95 % CI</th>" in text
    assert "1.774e-14" not in text


def test_a_seeds_only_sweep_shows_the_spread_not_nothing(tmp_path):
    _sweep(tmp_path, seeds=range(5), tariffs=("flat",))
    text = write_report(tmp_path).read_text()
    assert "nothing varies" not in text and "seeds only" in text
    assert _not_blank(tmp_path / "figures" / "kpi_spread.png")


def test_the_user_chooses_a_sweep_reports_kpis(tmp_path):
    _sweep(tmp_path)
    text = write_report(tmp_path, kpis=["mean_bill"]).read_text()
    assert "<code>mean_bill</code>" in text and "<code>peak_demand_kw</code>" not in text
    with pytest.raises(ValueError, match="--kpis names mean_bil, not KPIs of this sweep"):
        write_report(tmp_path, kpis=["mean_bil"])


def test_report_refuses_a_directory_that_is_neither(tmp_path):
    with pytest.raises(FileNotFoundError, match="neither a run directory"):
        write_report(tmp_path)
