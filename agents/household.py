"""Households and distributed-generation (PV) owners.

Their per-interval behaviour (consumption, PV, battery self-consumption) is vectorised in
``scenarios.model.interval``; these objects give one household's view of the arrays, for analysts,
dashboards and event-driven decisions (a DR call's answer is ``markets.dr.response``).
"""
from __future__ import annotations

from enernet.sim.mesa_compat import mesa


class Household(mesa.Agent):
    """A household on the retailer's tariff, connected under one distribution transformer."""

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = int(row)

    @property
    def transformer(self) -> int:
        return int(self.model.population.transformer[self.row])

    @property
    def annual_kwh(self) -> float:
        """Expected consumption over a calendar year [kWh/year]."""
        return float(self.model.population.annual_kwh[self.row])

    @property
    def tariff(self) -> str:
        return self.model.retailer.tariff_names[self.model.population.tariff[self.row]]

    @property
    def net_kw(self) -> float:
        """Grid draw in the last metered interval [kW], injection negative."""
        return float(self.model.pipeline.net_kw[self.row])

    @property
    def balance(self) -> float:
        """Account balance since the start [currency]: credits minus charges."""
        return float(self.model.settlement.balance[self.row])

    @property
    def bill_to_date(self) -> float:
        """Energy charges minus feed-in credits in the open billing period [currency]."""
        s = self.model.settlement
        return float(s.energy_charge[self.row] - s.feed_in_credit[self.row])


class DGOwner(Household):
    """A household that owns rooftop PV, and possibly a battery."""

    @property
    def pv_kwp(self) -> float:
        return float(self.model.population.pv_kwp[self.row])

    @property
    def battery_capacity_kwh(self) -> float:
        return float(self.model.population.battery_capacity_kwh[self.row])

    @property
    def battery_soc_kwh(self) -> float:
        return float(self.model.population.battery_soc_kwh[self.row])
