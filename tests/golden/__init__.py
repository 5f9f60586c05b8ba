"""Golden runs: small scenarios whose KPIs are pinned in ``tests/golden/<case>_kpis.json``.

The tests only read these files. They are rewritten on purpose, by a separate command, with the
reason in the commit message::

    .venv/bin/python scripts/update_golden.py          # every case
    .venv/bin/python scripts/update_golden.py tiny     # one case
"""
from __future__ import annotations

from pathlib import Path

GOLDEN_DIR = Path(__file__).resolve().parent
TIMING_FIELDS = {"wall_s"}

# case -> Hydra overrides. ``tiny`` is the plain street; ``winter_street`` exercises what the tiny
# run never reaches: day-ahead demand-response events on undersized transformers in the coldest
# week (emergency events off: they would call one every hour and tire everybody out), a
# critical-peak day with price response, EVs under smart charging, and both counterfactual twins.
# Each runs with homes of appliances (the default) and with the standard load profile.
WINTER_STREET = ["scenario=tiny", "scenario.households=40", "scenario.days=3", "scenario.start_date=2025-01-06",
                 "scenario.pv_share=0.2", "scenario.mean_annual_kwh=4500", "grid.standard_ratings_kva=[16]",
                 "dr=transformer_relief", "dr.emergency=false", "tariff=cpp", "ev.share=0.3", "ev.charging=smart"]
CASES: dict[str, list[str]] = {
    "tiny": ["scenario=tiny"],
    "winter_street": WINTER_STREET,
    "tiny_profile": ["scenario=tiny", "homes.model=profile"],
    "winter_street_profile": [*WINTER_STREET, "homes.model=profile"],
}


def golden_path(case: str) -> Path:
    return GOLDEN_DIR / f"{case}_kpis.json"


def case_kpis(case: str) -> dict:
    """Run ``case`` in memory and return its KPIs without the timing fields."""
    from enernet import compose_config
    from enernet.scenarios.model.model import EnernetModel

    model = EnernetModel(compose_config([*CASES[case], "run.progress=false"]))
    kpis = model.run()
    return {k: v for k, v in kpis.items() if k not in TIMING_FIELDS}
