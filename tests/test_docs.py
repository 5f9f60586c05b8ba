"""The references generated from the code's declarations are current, and names agree with units."""
from __future__ import annotations

import pytest

from enernet.configs.contracts import describe
from enernet.configs.nomenclature import agrees, unit_of
from enernet.configs.schema import Config
from enernet.reference import generated_pages
from enernet.scenarios.model.kpi_definitions import KPIS
from enernet.sim.columns import TABLES


def test_generated_pages_are_current():
    """docs/*.md and ARCHITECTURE.md's rooms: run scripts/generate_docs.py after changing a declaration."""
    stale = [str(path) for path, text in generated_pages().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    assert stale == [], "regenerate with: .venv/bin/python scripts/generate_docs.py"


def _declared_names():
    yield from ((f"config {key}", key.split(".")[-1], unit) for key, _, unit, *_ in describe(Config))
    yield from ((f"{table}.{c.name}", c.name, c.unit) for table, cols in TABLES.items() for c in cols.values())
    yield from ((f"kpi {k.name}", k.name, k.unit) for k in KPIS.values())


def test_every_name_ending_agrees_with_its_declared_unit():
    wrong = [f"{where}: declared {unit!r}, its ending says {unit_of(name)!r}"
             for where, name, unit in _declared_names() if not agrees(name, unit)]
    assert wrong == []


@pytest.mark.parametrize("name, unit, ok", [
    ("load_kw", "kW", True), ("load_kw", "kWh", False), ("price_per_kwh", "currency/kWh", True),
    ("co2_per_kwh", "kg/kWh", True), ("energy_kwh", "currency/kWh", False), ("mean_annual_kwh", "kWh/year", True),
    ("start_h", "h", True), ("ambient_c", "degC", True), ("energy_charges", "currency", True),
])
def test_the_nomenclature_check_itself(name, unit, ok):
    assert agrees(name, unit) is ok


def test_money_is_declared_in_the_currency():
    money = {"energy_charges", "feed_in_credits", "network_fees", "wholesale_cost", "dr_incentives"}
    units = {c.name: c.unit for cols in TABLES.values() for c in cols.values()} | {k.name: k.unit for k in KPIS.values()}
    assert {name: units[name] for name in money if name in units} == {name: "currency" for name in money
                                                                      if name in units}
