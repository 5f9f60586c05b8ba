"""The population: every household's state as one row of a struct of numpy arrays.

Mesa agents are thin objects that know their row; kernels and vectorised code read and write
these arrays. Units are in the names.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Population:
    """One row per household.

    annual_kwh : float64 [kWh/year], expected consumption over a calendar year
    load_shift_intervals : int64 [intervals], shift of the household's profile against the standard one
    transformer : int32 [-], the transformer the household is connected under
    tariff : int32 [-], index into the retailer's tariff menu
    pv_kwp : float64 [kWp], 0 without PV
    pv_class : int32 [-], orientation class of the PV array
    battery_capacity_kwh, battery_power_kw : float64, 0 without a battery
    battery_soc_kwh : float64 [kWh], state of charge (changes every interval)
    green_plan : bool, on a green plan (bids for local PV in the green market)
    """

    annual_kwh: np.ndarray
    load_shift_intervals: np.ndarray
    transformer: np.ndarray
    tariff: np.ndarray
    pv_kwp: np.ndarray
    pv_class: np.ndarray
    battery_capacity_kwh: np.ndarray
    battery_power_kw: np.ndarray
    battery_soc_kwh: np.ndarray
    green_plan: np.ndarray

    @property
    def n(self) -> int:
        return self.annual_kwh.shape[0]

    @property
    def has_pv(self) -> np.ndarray:
        return self.pv_kwp > 0

    @property
    def has_battery(self) -> np.ndarray:
        return self.battery_capacity_kwh > 0

    @property
    def pv_rows(self) -> np.ndarray:
        return np.flatnonzero(self.has_pv)

    @property
    def battery_rows(self) -> np.ndarray:
        return np.flatnonzero(self.has_battery)


# Customer types of the mean profiles by type, in the order of their codes: (label, the intervals
# table's column of the type's mean net load). An EV owner counts as one whatever else it has.
CUSTOMER_TYPES: tuple[tuple[str, str], ...] = (
    ("no PV", "mean_net_kw_plain"), ("PV", "mean_net_kw_pv"), ("PV + battery", "mean_net_kw_pv_battery"),
    ("EV owner", "mean_net_kw_ev"),
)


def customer_type(has_pv, has_battery, ev_owner) -> np.ndarray:
    """Each household's code in :data:`CUSTOMER_TYPES` (int64): 0 no PV, 1 PV, 2 PV + battery, 3 EV owner."""
    code = np.where(np.asarray(has_battery), 2, np.where(np.asarray(has_pv), 1, 0))
    return np.ascontiguousarray(np.where(np.asarray(ev_owner), 3, code), dtype=np.int64)
