"""Metering: each household's base load and PV output for one interval, vectorised over households."""
from __future__ import annotations

import numpy as np

from enernet.cext.noise import ar1_log_factors, fill_normals


class HouseholdLoads:
    """Household base load [kW] = standard profile (shifted per household) x annual kWh x noise.

    The noise is log-normal and AR(1) in time, so a household's load wanders around its profile
    the way single homes do, while the sum over many homes follows the standard profile. The
    log-normal mean correction keeps each household's expected energy at its ``annual_kwh``.

    Parameters
    ----------
    profile_kw_per_kwh : ndarray [kW per kWh/year], the standard profile over the horizon with
        ``pad`` extra intervals on each side (room for the per-household shifts)
    annual_kwh : ndarray (n,) [kWh/year]
    shift_intervals : ndarray (n,) of int in [-pad, pad]
    noise_sigma : [-], noise_autocorrelation : [-] AR(1) coefficient per interval
    noise_keys : (int, int), the keys of this component's counter-based normals (``sim.rng.counter_keys``)
    first_interval : the first simulated interval (negative with a warm-up): row 0 of the profile
        (after ``pad``) and of the noise

    The standard normals come from ``cext.noise``: household h's draw in noise row r is number
    ``r * n + h`` of the keyed family; row 0 starts the noise (stationary), row ``k + 1`` is the
    innovation after the k-th simulated interval (interval ``first_interval + k``). So the
    day-batched path (``scenarios.model.day_batch``) and a per-agent reference make the same numbers
    without sharing a stream position.
    """

    def __init__(self, profile_kw_per_kwh, annual_kwh, shift_intervals, pad, noise_sigma, noise_autocorrelation,
                 noise_keys, first_interval: int = 0):
        self.profile = np.ascontiguousarray(profile_kw_per_kwh, dtype=np.float64)
        self.annual_kwh = np.ascontiguousarray(annual_kwh, dtype=np.float64)
        self.pad = int(pad)
        self.offset = np.ascontiguousarray(shift_intervals, dtype=np.int64) + self.pad
        self.sigma = float(noise_sigma)
        self.phi = float(noise_autocorrelation)
        self.innovation_sigma = self.sigma * np.sqrt(1.0 - self.phi**2)
        self.noise_keys = tuple(int(k) for k in noise_keys)
        self.first_interval = int(first_interval)
        n = self.n = self.annual_kwh.shape[0]
        self.log_noise = np.empty(n)
        fill_normals(*self.noise_keys, 0, self.log_noise)
        self.log_noise *= self.sigma  # stationary start
        self.half_variance = 0.5 * self.sigma**2  # the log-normal mean correction
        self._index = np.empty(n, dtype=np.int64)
        self._factor = np.empty((n, 1))  # one interval of the day path's (households, intervals) layout
        # The last interval metered and its loads: a model and its counterfactual twin share these
        # loads, and the noise must advance once per interval, not once per reader.
        self._last_interval = None
        self._last_kw = np.empty(n)

    def next(self, interval: int, out: np.ndarray) -> np.ndarray:
        """Write interval ``interval``'s load of every household into ``out`` [kW] and advance the noise.

        The day path's noise kernel for one interval (so both paths make the same bits):
        factor = exp(log_noise - half_variance), then log_noise <- log_noise * phi + z * innovation_sigma.
        Asked again for the same interval, it gives the same loads without advancing the noise.
        """
        if interval == self._last_interval:
            np.copyto(out, self._last_kw)
            return out
        row = interval - self.first_interval
        ar1_log_factors(*self.noise_keys, row + 1, self.log_noise, 0, self.phi, self.innovation_sigma,
                        self.half_variance, self._factor)
        factor = self._factor[:, 0]
        np.exp(factor, out=factor)
        np.add(self.offset, row, out=self._index)
        np.take(self.profile, self._index, out=out)
        out *= self.annual_kwh
        out *= factor
        self._last_interval = interval
        np.copyto(self._last_kw, out)
        return out


class RooftopPV:
    """PV output [kW] of the PV owners: kWp x the interval's output per kWp of their orientation class.

    profile_kw_per_kwp : ndarray (simulated intervals, classes) [kW/kWp]; rows : PV owners' rows;
    kwp : (n,) [kWp]; pv_class : (n,) orientation class of each household; first_interval : the
    interval of the profile's first row (negative with a warm-up)
    """

    def __init__(self, profile_kw_per_kwp, rows, kwp, pv_class, first_interval: int = 0):
        self.first_interval = int(first_interval)
        self.profile = np.ascontiguousarray(profile_kw_per_kwp, dtype=np.float64)
        self.rows = np.ascontiguousarray(rows, dtype=np.int64)
        self.kwp_rows = np.ascontiguousarray(kwp[self.rows], dtype=np.float64)
        self.class_rows = np.ascontiguousarray(pv_class[self.rows], dtype=np.int64)
        self._rows_kw = np.empty(self.rows.shape[0])

    def next(self, interval: int, out: np.ndarray) -> np.ndarray:
        """Write interval ``interval``'s PV output into ``out`` [kW] (zero for households without PV)."""
        np.take(self.profile[interval - self.first_interval], self.class_rows, out=self._rows_kw)
        self._rows_kw *= self.kwp_rows
        out[self.rows] = self._rows_kw
        return out
