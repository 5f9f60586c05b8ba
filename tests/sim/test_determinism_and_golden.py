"""Same config and seed -> byte-identical tables; the tiny scenario's KPIs as a golden run."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from enernet import compose_config, load_run, run_scenario
from enernet.rundir import TABLES
from tests.golden import CASES, TIMING_FIELDS, case_kpis, golden_path


def _run(tmp_path: Path, name: str, *overrides: str) -> Path:
    run_dir = tmp_path / name
    run_scenario(compose_config(["scenario=tiny", "run.progress=false", *overrides]), run_dir)
    return run_dir


def test_same_seed_gives_byte_identical_tables(tmp_path, tiny_run_dir):
    again = _run(tmp_path, "again")
    for table in TABLES:
        assert (again / f"{table}.parquet").read_bytes() == (tiny_run_dir / f"{table}.parquet").read_bytes(), table
    first = json.loads((tiny_run_dir / "kpis.json").read_text())
    second = json.loads((again / "kpis.json").read_text())
    assert {k: v for k, v in first.items() if k not in TIMING_FIELDS} == {
        k: v for k, v in second.items() if k not in TIMING_FIELDS}


def test_another_seed_gives_another_neighbourhood(tmp_path, tiny_run_dir):
    other = _run(tmp_path, "other", "seed=1")
    assert (other / "intervals.parquet").read_bytes() != (tiny_run_dir / "intervals.parquet").read_bytes()


@pytest.mark.parametrize("case", list(CASES))
def test_kpis_match_the_golden_run(case):
    """Golden runs (``tests/golden``): rewritten only by ``scripts/update_golden.py``, on purpose."""
    kpis = case_kpis(case)
    golden = json.loads(golden_path(case).read_text())
    assert kpis.keys() == golden.keys()
    for key, expected in golden.items():
        if expected is None:
            assert kpis[key] is None, key
        else:
            assert kpis[key] == pytest.approx(expected, rel=1e-9, abs=1e-9), key


def test_the_golden_tiny_case_is_the_tiny_run(tiny_run_dir):
    """The run directory's KPIs are the in-memory golden case's (same config, same numbers)."""
    kpis = {k: v for k, v in load_run(tiny_run_dir).kpis.items() if k not in TIMING_FIELDS}
    expected = case_kpis("tiny")
    assert kpis.keys() == expected.keys()
    for key, value in expected.items():
        assert kpis[key] == (None if value is None else pytest.approx(value, rel=1e-12, abs=1e-12)), key
