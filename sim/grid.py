"""Grid physics: the power-balance and transformer-thermal facades over the Cython kernels.

Household net loads [kW] (grid draw positive) add up to transformer loads; each transformer adds
its no-load and load losses; each feeder adds I^2R losses. Energy balances by construction of the
physics, and the model checks it every interval against independently summed flows.
"""
from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from enernet.cext.power_balance import balance_transformer_rows, sum_by_transformer
from enernet.cext.thermal import step_thermal
from enernet.configs.constants import MINUTES_PER_HOUR
from enernet.sim.checks import check_index, check_vector


@dataclass
class Network:
    """The distribution network: households under transformers, transformers on feeders.

    transformer_of_household : int32 (n,) [-]
    rating_kva : float64 (n_transformers,) [kVA]
    no_load_loss_kw, load_loss_at_rating_kw : float64 (n_transformers,) [kW]
    feeder_of_transformer : int32 (n_transformers,) [-]
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
        n_transformers, f = self.n_transformers, self.n_feeders
        check_index("transformer_of_household", self.transformer_of_household, self.n_households, n_transformers)
        check_vector("rating_kva", self.rating_kva, n_transformers, positive=True)
        check_vector("no_load_loss_kw", self.no_load_loss_kw, n_transformers, nonnegative=True)
        check_vector("load_loss_at_rating_kw", self.load_loss_at_rating_kw, n_transformers, nonnegative=True)
        check_index("feeder_of_transformer", self.feeder_of_transformer, n_transformers, f)
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
        n_transformers, f = network.n_transformers, network.n_feeders
        self.transformer_load_kw = np.zeros(n_transformers)
        self.transformer_loading_pu = np.zeros(n_transformers)
        self.transformer_overloaded = np.zeros(n_transformers, dtype=np.uint8)
        self.transformer_loss_kw = np.zeros(n_transformers)
        self.feeder_load_kw = np.zeros(f)
        self.feeder_loss_kw = np.zeros(f)
        self._no_extra = np.zeros(f)
        self._rows = None  # day-batch buffers (balance_rows)

    def balance(self, net_kw: np.ndarray, feeder_extra_kw: np.ndarray | None = None) -> None:
        """Aggregate household net loads ``net_kw`` (n,) [kW] up to transformers and feeders, with
        ``feeder_extra_kw`` (f,) [kW] of loads connected at the feeders themselves."""
        net = self.network
        check_vector("net_kw", net_kw, net.n_households)
        if feeder_extra_kw is None:
            feeder_extra_kw = self._no_extra
        else:
            check_vector("feeder_extra_kw", feeder_extra_kw, net.n_feeders)
        sum_by_transformer(net_kw, net.transformer_of_household, self.transformer_load_kw)
        self._up(feeder_extra_kw, *(getattr(self, name)[np.newaxis] for name in self._ROW_ARRAYS))

    # The per-interval arrays, in the order of balance_transformer_rows's row arguments.
    _ROW_ARRAYS = ("transformer_load_kw", "transformer_loading_pu", "transformer_overloaded", "transformer_loss_kw",
                   "feeder_load_kw", "feeder_loss_kw")

    def _up(self, feeder_extra_kw, transformer_load_kw, loading_pu, overloaded, loss_kw, feeder_load_kw,
            feeder_loss_kw) -> None:
        net = self.network
        balance_transformer_rows(
            transformer_load_kw, net.rating_kva, net.no_load_loss_kw, net.load_loss_at_rating_kw,
            net.feeder_of_transformer, net.feeder_loss_coefficient_per_kw, feeder_extra_kw, float(net.power_factor),
            float(net.overload_threshold_pu), loading_pu, overloaded, loss_kw, feeder_load_kw, feeder_loss_kw,
        )

    def balance_rows(self, transformer_load_kw: np.ndarray) -> SimpleNamespace:
        """:meth:`balance` for consecutive intervals whose household loads are already summed per
        transformer: ``transformer_load_kw`` (intervals, n_transformers) [kW], no loads at the feeders.

        Returns the per-interval arrays (intervals, n_transformers) or (intervals, f) under the names of the
        single-interval attributes, which are left holding the last interval's values."""
        net = self.network
        steps, n_transformers = transformer_load_kw.shape
        if n_transformers != net.n_transformers or not np.isfinite(transformer_load_kw).all():
            raise ValueError(f"transformer_load_kw: expected finite values of shape (intervals, {net.n_transformers}),"
                             f" got shape {transformer_load_kw.shape}")
        rows = self._rows if self._rows is not None and self._rows.steps == steps else None
        if rows is None:
            f = net.n_feeders
            rows = self._rows = SimpleNamespace(
                steps=steps, transformer_loading_pu=np.zeros((steps, n_transformers)),
                transformer_overloaded=np.zeros((steps, n_transformers), dtype=np.uint8),
                transformer_loss_kw=np.zeros((steps, n_transformers)),
                feeder_load_kw=np.zeros((steps, f)), feeder_loss_kw=np.zeros((steps, f)))
        rows.transformer_load_kw = transformer_load_kw
        self._up(self._no_extra, *(getattr(rows, name) for name in self._ROW_ARRAYS))
        for name in self._ROW_ARRAYS:
            getattr(self, name)[:] = getattr(rows, name)[-1]
        return rows


# --- Transformer thermal model, IEEE C57.91-2011 clause 7 --------------------------------------

NORMAL_INSULATION_LIFE_H = 180_000.0  # IEEE C57.91 table 2 (50 % retained tensile strength criterion)
AGING_REFERENCE_HOT_SPOT_C = 110.0


def hot_spot_temperature(load_pu, ambient_c, top_oil_rise_c=55.0, hot_spot_rise_c=25.0, loss_ratio=5.0,
                         oil_exponent=0.8, winding_exponent=0.8):
    """Steady-state winding hot-spot temperature [degC], IEEE C57.91-2011 clause 7.

    theta_H = theta_A + dTO,R [(K^2 R + 1)/(R + 1)]^n + dH,R K^(2m)

    Parameters
    ----------
    load_pu : K, load [pu of rating]; ambient_c : theta_A [degC]
    top_oil_rise_c : dTO,R, top-oil rise over ambient at rated load [degC]
    hot_spot_rise_c : dH,R, hot-spot rise over top oil at rated load [degC]
    loss_ratio : R, load loss at rated load / no-load loss [-]
    oil_exponent, winding_exponent : n and m, the oil and winding exponents [-] (0.8, 0.8 for ONAN)
    """
    k = np.asarray(load_pu, dtype=np.float64)
    top_oil = top_oil_rise_c * ((k**2 * loss_ratio + 1.0) / (loss_ratio + 1.0)) ** oil_exponent
    return np.asarray(ambient_c, dtype=np.float64) + top_oil + hot_spot_rise_c * k ** (2.0 * winding_exponent)


def aging_acceleration_factor(hot_spot_c):
    """F_AA = exp(15000/383 - 15000/(theta_H + 273)) [-], 1 at 110 degC (IEEE C57.91-2011 eq. 2)."""
    return np.exp(15000.0 / 383.0 - 15000.0 / (np.asarray(hot_spot_c, dtype=np.float64) + 273.0))


@dataclass
class ThermalParameters:
    """Thermal data of the transformers (IEEE C57.91 clause 7). Rises [degC], time constants [min]."""

    top_oil_rise_c: float = 55.0
    hot_spot_rise_c: float = 25.0
    oil_exponent: float = 0.8  # IEEE C57.91's n
    winding_exponent: float = 0.8  # IEEE C57.91's m
    top_oil_time_constant_min: float = 180.0
    winding_time_constant_min: float = 5.0


class TransformerThermal:
    """Every transformer's top-oil and hot-spot rise, hot spot, F_AA and equivalent aging, per interval.

    loss_ratio : (n_transformers,) [-], load loss at rating / no-load loss of each transformer.
    The state starts at the steady state of the first interval's load.
    """

    def __init__(self, loss_ratio: np.ndarray, params: ThermalParameters, interval_min: float):
        loss_ratio = np.ascontiguousarray(loss_ratio, dtype=np.float64)
        check_vector("loss_ratio", loss_ratio, loss_ratio.shape[0], positive=True)
        for name in ("top_oil_rise_c", "hot_spot_rise_c", "oil_exponent", "winding_exponent", "top_oil_time_constant_min",
                     "winding_time_constant_min"):
            value = getattr(params, name)
            if not (np.isfinite(value) and value > 0):
                raise ValueError(f"thermal parameter {name} = {value!r} is not allowed: must be > 0")
        count = loss_ratio.shape[0]
        self.loss_ratio = loss_ratio
        self.params = params
        self.interval_h = interval_min / MINUTES_PER_HOUR
        self.top_oil_decay = float(np.exp(-interval_min / params.top_oil_time_constant_min))
        self.winding_decay = float(np.exp(-interval_min / params.winding_time_constant_min))
        self.top_oil_rise_c = np.zeros(count)
        self.hot_spot_rise_c = np.zeros(count)
        self.hot_spot_c = np.zeros(count)
        self.aging_factor = np.zeros(count)
        self.equivalent_aging_h = np.zeros(count)
        self._hot_spot_rows = self._aging_rows = np.zeros((0, count))  # day-batch buffers (step_rows)
        self._ambient_1 = np.zeros(1)
        self.started = False

    def step(self, load_pu: np.ndarray, ambient_c: float) -> None:
        """Advance one interval with ``load_pu`` (n_transformers,) [pu] at ``ambient_c`` [degC]."""
        check_vector("load_pu", load_pu, self.loss_ratio.shape[0], nonnegative=True)
        if not np.isfinite(ambient_c):
            raise ValueError(f"ambient_c = {ambient_c!r} is not allowed: must be finite")
        self._start_at(load_pu)
        self._ambient_1[0] = ambient_c
        self._advance(np.ascontiguousarray(load_pu)[np.newaxis], self._ambient_1, self.hot_spot_c[np.newaxis],
                      self.aging_factor[np.newaxis])

    def step_rows(self, load_pu: np.ndarray, ambient_c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Advance one interval per row of ``load_pu`` (intervals, n_transformers) [pu], at ``ambient_c`` (intervals,)
        [degC]; returns the hot spots [degC] and aging factors [-] of every interval (intervals, n_transformers)."""
        steps = load_pu.shape[0]
        if load_pu.shape != (steps, self.loss_ratio.shape[0]) or not (np.isfinite(load_pu).all() and (load_pu >= 0).all()):
            raise ValueError(f"load_pu: expected finite values >= 0 of shape (intervals, {self.loss_ratio.shape[0]})")
        ambient_c = np.ascontiguousarray(ambient_c, dtype=np.float64)
        if ambient_c.shape != (steps,) or not np.isfinite(ambient_c).all():
            raise ValueError(f"ambient_c: expected {steps} finite values")
        if self._hot_spot_rows.shape != load_pu.shape:
            self._hot_spot_rows, self._aging_rows = np.zeros(load_pu.shape), np.zeros(load_pu.shape)
        self._start_at(load_pu[0])
        self._advance(load_pu, ambient_c, self._hot_spot_rows, self._aging_rows)
        self.hot_spot_c[:] = self._hot_spot_rows[-1]
        self.aging_factor[:] = self._aging_rows[-1]
        return self._hot_spot_rows, self._aging_rows

    def _advance(self, load_pu, ambient_c, hot_spot_c, aging_factor) -> None:
        p = self.params
        step_thermal(load_pu, ambient_c, self.loss_ratio, p.top_oil_rise_c, p.hot_spot_rise_c, p.oil_exponent,
                     p.winding_exponent, self.top_oil_decay, self.winding_decay, self.interval_h, self.top_oil_rise_c,
                     self.hot_spot_rise_c, hot_spot_c, aging_factor, self.equivalent_aging_h)

    def _start_at(self, load_pu: np.ndarray) -> None:
        """Before the first interval: the steady state of its load."""
        p = self.params
        if not self.started:
            k2 = load_pu**2
            self.top_oil_rise_c[:] = p.top_oil_rise_c * ((k2 * self.loss_ratio + 1) / (self.loss_ratio + 1)) ** p.oil_exponent
            self.hot_spot_rise_c[:] = p.hot_spot_rise_c * k2**p.winding_exponent
            self.started = True


def energy_residual_kwh(feeder_import_kw, load_kw, pv_kw, battery_charge_kw, battery_discharge_kw, ev_charge_kw,
                        ev_discharge_kw, feeder_extra_kw, transformer_loss_kw, feeder_loss_kw, dt_h):
    """What the feeders drew less what the households used net, the feeder's large customers and
    the losses [kWh]: zero up to round-off. Floats for an interval or arrays for a day (both
    engine paths call this)."""
    return (feeder_import_kw - (load_kw - pv_kw + battery_charge_kw - battery_discharge_kw + ev_charge_kw
                                - ev_discharge_kw + feeder_extra_kw + transformer_loss_kw + feeder_loss_kw)) * dt_h
