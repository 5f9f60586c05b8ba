"""EV owners: a household's car, seen through the fleet's arrays (``agents.devices.ev_fleet.EVFleet``).

Trips, plugging in and charging are vectorised in the fleet; this agent gives one owner's view
for analysts and dashboards.
"""
from __future__ import annotations

from enernet.sim.mesa_compat import mesa


class EVOwner(mesa.Agent):
    def __init__(self, model, household_row: int, ev_row: int):
        super().__init__(model)
        self.row = int(household_row)
        self.ev = int(ev_row)

    @property
    def battery_kwh(self) -> float:
        return float(self.model.ev.capacity_kwh[self.ev])

    @property
    def soc_kwh(self) -> float:
        return float(self.model.ev.soc_kwh[self.ev])

    @property
    def plugged(self) -> bool:
        return bool(self.model.ev.plugged[self.ev])

    @property
    def charging_kw(self) -> float:
        """This interval's power at the plug [kW]; negative when discharging (v2g)."""
        return float(self.model.ev.power_kw[self.ev])
