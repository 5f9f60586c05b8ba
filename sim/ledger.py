"""Double-entry ledger: every transfer is a posting from a payer's account to a payee's.

Households' accounts are per household (``markets.settlement.Settlement.balance``, moved by the
settlement kernel); the retailer, the grid operator and the upstream supplier have one account
each. Each interval the counterparties post their own legs from their own meter aggregates, so the
sum of all accounts' changes is an independent check: it is zero up to round-off unless some
posting is missing or mis-priced. That sum is the interval's ``ledger_residual``.

Amounts may also be arrays over a block of intervals (``scenarios.model.day_batch``): the flows and the
residual are then arrays, one value per interval, and the balances move by their sums.
"""
from __future__ import annotations

import numpy as np

from enernet.sim.columns import INTERVALS

# other_customer_classes: the commercial and industrial customers whose network prices fund the
# cross-subsidy of residential supply: residential tariffs are regulated at cost of service, so for
# each retail kWh they pay the retailer what the tariff does not cover of its wholesale energy and
# network fee (and take back what a tariff charges above that cost, e.g. on critical-peak days).
ACCOUNTS = ("households", "retailer", "grid_operator", "upstream", "market_operator", "large_customers",
            "other_customer_classes")
# The money flows each interval records: the intervals table's money columns (declared once, in
# sim.columns), all but the residual the ledger computes.
FLOWS = tuple(name for name, column in INTERVALS.items() if column.unit == "currency" and name != "ledger_residual")


class Ledger:
    def __init__(self):
        self.balance = {account: 0.0 for account in ACCOUNTS}
        self._delta = dict.fromkeys(ACCOUNTS, 0.0)
        self.flows = dict.fromkeys(FLOWS, 0.0)

    def reset(self) -> None:
        """Every balance back to zero (the end of the warm-up: only the recorded horizon counts)."""
        self.balance = {account: 0.0 for account in ACCOUNTS}

    def begin_interval(self) -> None:
        for account in ACCOUNTS:
            self._delta[account] = 0.0
        for flow in FLOWS:
            self.flows[flow] = 0.0

    def post(self, payer: str, payee: str, amount: float, flow: str) -> None:
        """Move ``amount`` [currency] from ``payer`` to ``payee`` (a negative amount flows back)."""
        self._delta[payer] -= amount
        self._delta[payee] += amount
        self.flows[flow] += amount

    def post_one_leg(self, account: str, amount: float) -> None:
        """Post one side of a transfer whose other side another party posted itself."""
        self._delta[account] += amount

    def end_interval(self) -> float | np.ndarray:
        """Apply the interval's changes; return the residual (sum of all changes) [currency]."""
        residual = 0.0
        for account in ACCOUNTS:
            delta = self._delta[account]
            self.balance[account] += float(delta.sum()) if isinstance(delta, np.ndarray) else delta
            residual = residual + delta
        return residual
