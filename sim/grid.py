"""Grid physics: the power-balance facade over the Cython kernel.

Household net loads [kW] (grid draw positive) add up to transformer loads; each transformer adds
its no-load and load losses; each feeder adds I^2R losses. Energy balances by construction of the
physics, and the model checks it every interval against independently summed flows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cext.power_balance import balance_network
from sim.checks import check_index, check_vector


@dataclass
class Network:
    """The distribution network: households under transformers, transformers on feeders.

    transformer_of_household : int32 (n,) [-]
    rating_kva : float64 (m,) [kVA]
    no_load_loss_kw, load_loss_at_rating_kw : float64 (m,) [kW]
    feeder_of_transformer : int32 (m,) [-]
    feeder_loss_coefficient_per_kw : float64 (f,) [1/kW], feeder loss = coefficient * P^2
    power_factor : [-]; overload_threshold_pu : [pu of rating]
    """

    transformer_of_household: np.ndarray
    rating_kva: np.ndarray
    no_load_loss_kw: np.ndarray
    load_loss_at_rating_kw: np.ndarray
    feeder_of_transformer: np.ndarray
    feeder_loss_coefficient_per_kw: np.ndarray
    power_factor: float
    overload_threshold_pu: float

    @property
    def n_households(self) -> int:
        return self.transformer_of_household.shape[0]

    @property
    def n_transformers(self) -> int:
        return self.rating_kva.shape[0]

    @property
    def n_feeders(self) -> int:
        return self.feeder_loss_coefficient_per_kw.shape[0]

    def validate(self) -> None:
        m, f = self.n_transformers, self.n_feeders
        check_index("transformer_of_household", self.transformer_of_household, self.n_households, m)
        check_vector("rating_kva", self.rating_kva, m, positive=True)
        check_vector("no_load_loss_kw", self.no_load_loss_kw, m, nonnegative=True)
        check_vector("load_loss_at_rating_kw", self.load_loss_at_rating_kw, m, nonnegative=True)
        check_index("feeder_of_transformer", self.feeder_of_transformer, m, f)
        check_vector("feeder_loss_coefficient_per_kw", self.feeder_loss_coefficient_per_kw, f, nonnegative=True)
        if not 0 < self.power_factor <= 1:
            raise ValueError(f"power_factor = {self.power_factor!r} is not allowed: must be in (0, 1]")
        if not (np.isfinite(self.overload_threshold_pu) and self.overload_threshold_pu > 0):
            raise ValueError(f"overload_threshold_pu = {self.overload_threshold_pu!r} is not allowed: must be > 0")


class PowerBalance:
    """Runs the power-balance kernel into output arrays it owns (reused every interval).

    After :meth:`balance`, read ``transformer_load_kw``, ``transformer_loading_pu``,
    ``transformer_overloaded``, ``transformer_loss_kw``, ``feeder_load_kw`` and ``feeder_loss_kw``.
    """

    def __init__(self, network: Network):
        network.validate()
        self.network = network
        m, f = network.n_transformers, network.n_feeders
        self.transformer_load_kw = np.zeros(m)
        self.transformer_loading_pu = np.zeros(m)
        self.transformer_overloaded = np.zeros(m, dtype=np.uint8)
        self.transformer_loss_kw = np.zeros(m)
        self.feeder_load_kw = np.zeros(f)
        self.feeder_loss_kw = np.zeros(f)

    def balance(self, net_kw: np.ndarray) -> None:
        """Aggregate household net loads ``net_kw`` (n,) [kW] up to transformers and feeders."""
        net = self.network
        check_vector("net_kw", net_kw, net.n_households)
        balance_network(
            net_kw, net.transformer_of_household, net.rating_kva, net.no_load_loss_kw,
            net.load_loss_at_rating_kw, net.feeder_of_transformer, net.feeder_loss_coefficient_per_kw,
            float(net.power_factor), float(net.overload_threshold_pu),
            self.transformer_load_kw, self.transformer_loading_pu, self.transformer_overloaded,
            self.transformer_loss_kw, self.feeder_load_kw, self.feeder_loss_kw,
        )
