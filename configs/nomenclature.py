"""What a name's ending says about its unit, declared once.

Config keys, output columns, KPIs and the arrays of the code follow these endings, so a reader
knows the unit from the name: ``load_kw`` is kW, ``price_per_kwh`` a price per kWh. A test checks
every declared config key, column and KPI against this table (``tests/test_docs.py``), and
``docs/nomenclature.md`` is generated from it. Money columns and KPIs carry no ending: their unit
is the run's currency (``currency`` in ``kpis.json`` and the manifest; CNY with the default price
set), declared as ``currency`` beside each of them.
"""
from __future__ import annotations

# (ending, unit, meaning), longest ending first where one ends another (``_per_kwh`` before ``_kwh``).
SUFFIXES: tuple[tuple[str, str, str], ...] = (
    ("_per_kwh", "*/kWh", "a price or an intensity per kWh (currency/kWh, kg/kWh)"),
    ("_per_c", "1/degC", "a temperature coefficient"),
    ("_annual_kwh", "kWh/year", "energy a year"),
    ("_kwh", "kWh", "energy (an interval's energy is its mean power times its length in hours)"),
    ("_kwp", "kWp", "PV peak power at standard test conditions"),
    ("_kva", "kVA", "apparent power (a transformer's rating)"),
    ("_kw", "kW", "power, the mean over an interval; positive draws from the grid, negative injects"),
    ("_pu", "pu", "per unit of a transformer's rating"),
    ("_share", "fraction", "a share in [0, 1]"),
    ("_days", "days", "a number of days"),
    ("_hours", "h", "a number of hours"),
    ("_h", "h", "hours (a duration, or a clock hour of local standard time)"),
    ("_minute", "min", "minutes from the recorded start"),
    ("_min", "min", "minutes (a duration, or minutes from the recorded start)"),
    ("_s", "s", "seconds of wall-clock time"),
    ("_c", "degC", "a temperature"),
    ("_deg", "deg", "an angle"),
    ("_m2", "m2", "an area"),
    ("_w_per_k", "W/K", "a heat-loss coefficient"),
    ("_j_per_k", "J/K", "a heat capacity"),
    ("_cny_per_year", "CNY/year", "yuan a year (an income: the statistics it comes from are in yuan)"),
    ("_k", "K", "a temperature difference"),  # last: ``_w_per_k`` and ``_j_per_k`` end in it too
)

# Words the code uses for the same thing everywhere (arrays over households are indexed by the
# household's row; over transformers by the transformer index).
TERMS: tuple[tuple[str, str], ...] = (
    ("interval", "index of a market interval from the recorded start (negative in the warm-up)"),
    ("minute", "the SimPy clock: integer minutes from the recorded start"),
    ("row", "index into arrays over the simulated span (warm-up included): interval - first_interval"),
    ("day", "index of a day from the recorded start"),
    ("dt_h", "an interval's length in hours"),
    ("n", "number of households"),
    ("n_transformers", "number of distribution transformers"),
    ("soc_kwh", "a battery's or car's stored energy (state of charge)"),
    ("baseline", "a customer's estimated load without a DR event (CAISO 10-in-10, NYISO high-5-of-10)"),
    ("truth / observed", "the model's physics (truth) against what the utility's meters and estimates "
     "see (observed); KPIs named *_true_* come from the counterfactual twin"),
    ("currency", "the price set's currency (CNY by default); every money column and KPI is in it"),
)


def unit_of(name: str) -> str | None:
    """The unit ``name``'s ending implies (``*/kWh`` for any per-kWh quantity), or None."""
    for ending, unit, _ in SUFFIXES:
        if name.endswith(ending):
            return unit
    return None


def agrees(name: str, declared_unit: str) -> bool:
    """True when ``declared_unit`` is what ``name``'s ending implies (or the ending implies none)."""
    implied = unit_of(name)
    if implied is None:
        return True
    if implied.startswith("*/"):
        return declared_unit.endswith(implied[1:])
    return declared_unit == implied
