"""Reports: every figure exists and is not blank; report.html is self-contained."""
from __future__ import annotations

import pytest

from enernet import compose_config, run_scenario
from enernet.report import write_report

FIGURES = ("load_duration", "daily_profile", "prices", "transformer_heatmap", "dr_events", "bills")


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


def test_sweep_report_plots_kpis_against_the_swept_parameter(tmp_path):
    import pandas as pd

    rows = [{"run": f"r{i}", "config_hash": str(i), "seed": s, "tariff": t, "status": "ok", "error": None,
             "peak_demand_kw": 10 + s + (5 if t == "tou" else 0), "mean_bill": 3.0 - s * 0.1 + (t == "tou")}
            for i, (s, t) in enumerate((s, t) for s in range(3) for t in ("flat", "tou"))]
    pd.DataFrame(rows).to_parquet(tmp_path / "sweep.parquet", index=False)
    page = write_report(tmp_path)
    png = tmp_path / "figures" / "kpi_vs_tariff.png"
    assert png.exists() and _not_blank(png)
    assert "6 runs: 6 ok, 0 failed" in page.read_text()


def test_report_refuses_a_directory_that_is_neither(tmp_path):
    with pytest.raises(FileNotFoundError, match="neither a run directory"):
        write_report(tmp_path)
