"""Home batteries dispatched for self-consumption, vectorised over the battery owners.

Rule: charge from PV surplus, discharge to cover the household's deficit, never import from or
export to the grid for the battery, within power and state-of-charge limits. The round-trip
efficiency is split evenly between charging and discharging (sqrt on each side).
"""
from __future__ import annotations

import numpy as np


def self_consumption_dispatch(
    surplus_kw: np.ndarray,
    soc_kwh: np.ndarray,
    capacity_kwh: np.ndarray,
    power_kw: np.ndarray,
    round_trip_efficiency: float,
    interval_h: float,
) -> tuple[np.ndarray, np.ndarray]:
    """One interval's battery power for households with ``surplus_kw`` = PV - load [kW].

    Returns ``(charge_kw, discharge_kw)`` measured at the household's AC bus (both >= 0, at most
    one non-zero per battery) and updates ``soc_kwh`` [kWh] in place:
    soc += charge * eta * dt - discharge / eta * dt, eta = sqrt(round_trip_efficiency).
    """
    eta = np.sqrt(round_trip_efficiency)
    headroom_kw = (capacity_kwh - soc_kwh) / (eta * interval_h)
    available_kw = soc_kwh * eta / interval_h
    charge_kw = np.minimum(np.minimum(np.maximum(surplus_kw, 0.0), power_kw), np.maximum(headroom_kw, 0.0))
    discharge_kw = np.minimum(np.minimum(np.maximum(-surplus_kw, 0.0), power_kw), np.maximum(available_kw, 0.0))
    soc_kwh += (charge_kw * eta - discharge_kw / eta) * interval_h
    # Round-off must not leave the state of charge a hair outside its physical range.
    np.clip(soc_kwh, 0.0, capacity_kwh, out=soc_kwh)
    return charge_kw, discharge_kw
