"""Green certificates, matched by the hour.

Every kWh traded in the green market is local PV (or PV stored in a home battery: batteries here
charge only from their own PV) and carries one certificate, issued to the seller and passed with
the energy to the buyer. Green-plan households retire theirs at once, against the consumption they
bought it for. The retailer retires its certificates against its green product's use in the same
clock hour (hourly matching); an hour in which it holds fewer certificates than its customers used
is flagged as not covered.
"""
from __future__ import annotations

import numpy as np
import pyarrow as pa

from enernet.configs.constants import MINUTES_PER_HOUR, SECONDS_PER_HOUR
from enernet.sim.columns import CERTIFICATES, arrow_schema


class CertificateRegistry:
    def __init__(self, horizon_min: int):
        n_hours = -(-horizon_min // MINUTES_PER_HOUR)
        self.issued_kwh = np.zeros(n_hours)
        self.retired_households_kwh = np.zeros(n_hours)
        self.retired_retailer_kwh = np.zeros(n_hours)
        self.green_product_kwh = np.zeros(n_hours)

    def record(self, minute: int, issued_kwh: float, households_kwh: float, retailer_kwh: float,
               green_product_kwh: float) -> None:
        hour = minute // MINUTES_PER_HOUR
        self.issued_kwh[hour] += issued_kwh
        self.retired_households_kwh[hour] += households_kwh
        self.retired_retailer_kwh[hour] += retailer_kwh
        self.green_product_kwh[hour] += green_product_kwh

    @property
    def uncovered_kwh(self) -> np.ndarray:
        return np.maximum(self.green_product_kwh - self.retired_retailer_kwh, 0.0)

    def uncovered_hours(self, tolerance_kwh: float = 1e-9) -> int:
        return int(np.count_nonzero(self.uncovered_kwh > tolerance_kwh))

    def table(self, start) -> pa.Table:
        hours = np.arange(self.issued_kwh.size)
        time = np.datetime64(start, "s") + (hours * SECONDS_PER_HOUR).astype("timedelta64[s]")
        values = {"time": time, "issued_kwh": self.issued_kwh, "retired_households_kwh": self.retired_households_kwh,
                  "retired_retailer_kwh": self.retired_retailer_kwh, "green_product_kwh": self.green_product_kwh,
                  "uncovered_kwh": self.uncovered_kwh, "covered": self.uncovered_kwh <= 1e-9}
        schema = arrow_schema(CERTIFICATES)
        return pa.Table.from_arrays([pa.array(values[f.name], type=f.type) for f in schema], schema=schema)
