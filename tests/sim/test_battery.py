"""Self-consumption battery dispatch: physical limits and energy conservation (property tests)."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from enernet.agents.devices.battery import self_consumption_dispatch


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 30), st.integers(0, 2**32 - 1), st.floats(0.5, 1.0), st.sampled_from([0.25, 0.5, 1.0]))
def test_dispatch_respects_limits_and_conserves_energy(n, seed, rte, dt_h):
    rng = np.random.default_rng(seed)
    capacity = rng.uniform(1, 20, n)
    power = rng.uniform(0.5, 8, n)
    soc = capacity * rng.uniform(0, 1, n)
    surplus = rng.normal(0, 5, n)
    before = soc.copy()
    charge, discharge = self_consumption_dispatch(surplus, soc, capacity, power, rte, dt_h)
    eta = np.sqrt(rte)
    assert (charge >= 0).all() and (discharge >= 0).all()
    assert not (charge * discharge).any(), "a battery never charges and discharges at once"
    assert (charge <= power + 1e-12).all() and (discharge <= power + 1e-12).all()
    # Self-consumption: charge only from surplus, discharge only into a deficit, never beyond it.
    assert (charge <= np.maximum(surplus, 0) + 1e-12).all()
    assert (discharge <= np.maximum(-surplus, 0) + 1e-12).all()
    assert (soc >= 0).all() and (soc <= capacity + 1e-12).all()
    np.testing.assert_allclose(soc - before, (charge * eta - discharge / eta) * dt_h, atol=1e-9)


def test_full_battery_does_not_charge_and_empty_battery_does_not_discharge():
    capacity = np.array([10.0, 10.0])
    soc = np.array([10.0, 0.0])
    charge, discharge = self_consumption_dispatch(np.array([3.0, -3.0]), soc, capacity, np.array([5.0, 5.0]), 0.9, 0.25)
    assert charge.tolist() == [0.0, 0.0] and discharge.tolist() == [0.0, 0.0]


def test_worked_example():
    """5 kW battery, 10 kWh, half full, 95 % each way, 15 minutes, 3 kW surplus -> charges 3 kW."""
    soc = np.array([5.0])
    charge, _ = self_consumption_dispatch(np.array([3.0]), soc, np.array([10.0]), np.array([5.0]), 0.95**2, 0.25)
    assert charge[0] == 3.0
    assert np.isclose(soc[0], 5.0 + 3.0 * 0.95 * 0.25)
