"""KPIs as people read them: numbers without round-off noise, units from the declarations, and which
sections of the KPI table a run leaves out because their features were off. Shared by the printed
KPI table, the reports and ``enernet compare``."""
from __future__ import annotations

import math


def readable(value, digits: int = 4) -> str:
    """A number as people read it: ``0`` for zero (and round-off below 1e-9), thousands separated,
    about ``digits`` significant figures, no exponent between 1e-4 and 1e15; ``n/a`` for null."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    size = abs(value)
    if size < 1e-9:
        return "0"
    if size < 1e-4 or size >= 1e15:
        return f"{value:.{digits - 1}e}"
    decimals = max(0, digits - 1 - math.floor(math.log10(size)))
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "0") else text


def kpi_unit(name: str, currency: str = "") -> str:
    """A KPI's unit as declared (``scenarios.model.kpi_definitions``), money in the run's currency."""
    from enernet.scenarios.model.kpi_definitions import KPIS

    unit = KPIS[name].unit if name in KPIS else ""
    unit = unit.replace("currency", currency or "currency")
    return "" if unit == "-" else unit


def quiet_sections(kpis: dict) -> set[str]:
    """KPI sections whose every figure is zero or null (their features were off in the run): the
    printed table and the report leave them out and name them (``kpis.json`` has everything)."""
    from enernet.scenarios.model.kpi_definitions import KPIS

    by_section: dict[str, list] = {}
    for key, value in kpis.items():
        by_section.setdefault(KPIS[key].section if key in KPIS else "other", []).append(value)
    # a covered share of 1.0 is what "no green product" reports: it counts as quiet too
    return {name for name, values in by_section.items() if name in ("market", "ev")
            and all(v in (0, None) or (isinstance(v, float) and v == 1.0) for v in values)}
