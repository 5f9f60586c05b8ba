"""Uniform-price clearing with transformer limits: zonal prices on a star network.

Each distribution transformer is a zone; zones meet at the feeder bus. A zone's net market export
x_z (kWh sold out of the zone minus kWh bought into it) must stay within [-cap_in_z, cap_out_z],
the headroom its transformer has (the way GridLAB-D's auction uses a capacity reference). Caps of
``inf`` mean unconstrained; zone index ``n_zones - 1`` may be the bus itself (e.g. the retailer).

Method (all vectorised, O(n log n)): a zone's excess supply at price p lies in
[S(<p) - D(>=p), S(<=p) - D(>p)]; clipped to the caps and summed over zones it is non-decreasing in p.
A bisection over the order prices finds the bus price p*: the middle of the interval of prices at
which the clipped excess supplies can sum to zero (the same rule as the unconstrained
``pay_as_clear``, which this reproduces when no cap binds). A zone whose cap binds gets its own
price: the middle of the prices at which its own excess supply equals its capped export; it is
below p* for a zone that cannot export all it offers and above p* for one that cannot import all it
wants, so local prices rise under import congestion. Orders strictly better than their zone's
price fill completely; orders at it fill pro rata. The congestion rent, sum_z x_z (p* - p_z) >= 0,
is what the market collects between zones (it equals the market's budget surplus).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from enernet.markets.clearing import _side


@dataclass
class ZonalResult:
    """bus_price : p* [per kWh]; zone_price, zone_export_kwh : per zone; fills and money per order."""

    bus_price: float
    zone_price: np.ndarray
    zone_export_kwh: np.ndarray
    binding: np.ndarray
    buy_filled: np.ndarray
    sell_filled: np.ndarray
    buy_paid: np.ndarray
    sell_received: np.ndarray
    volume_kwh: float
    welfare: float
    congestion_rent: float


def _excess_supply(p_buy, p_sell, bp, bq, bz, sp, sq, sz, n_zones):
    s_lo = np.bincount(sz, weights=np.where(sp < p_sell, sq, 0.0), minlength=n_zones)
    s_hi = np.bincount(sz, weights=np.where(sp <= p_sell, sq, 0.0), minlength=n_zones)
    d_lo = np.bincount(bz, weights=np.where(bp > p_buy, bq, 0.0), minlength=n_zones)
    d_hi = np.bincount(bz, weights=np.where(bp >= p_buy, bq, 0.0), minlength=n_zones)
    return s_lo - d_hi, s_hi - d_lo


def _volume_maximising_exports(low, high, both_levels_in) -> np.ndarray:
    """Zone exports x in [low, high] summing to zero that trade the most at the bus price.

    Orders at exactly the bus price are indifferent, so welfare does not decide how much of them
    trades; like the plain market, trade as much as possible. A zone's buyers all trade while its
    export stays at most ``both_levels_in`` = supply(<= p) - demand(>= p); starting from every zone
    at its lowest export, that free room is used first and the rest after.
    """
    need = -low.sum()
    if need <= 0.0:
        return low.copy()
    room = high - low
    free = np.clip(np.minimum(high, both_levels_in) - low, 0.0, room)
    total_free = free.sum()
    if total_free >= need:
        return low + free * (need / total_free)
    rest = room - free
    return low + free + rest * ((need - total_free) / rest.sum() if rest.sum() > 0 else 0.0)


# Quantities within this of each other are equal [kWh]: sums of order sizes carry round-off
# (1.3 + 3.58 != 4.88), which must not decide where supply meets demand.
TOLERANCE_KWH = 1e-9


def _equilibrium_price(candidates, lower_sum, upper_sum, target) -> float:
    """Middle of [first c with upper(c) >= target, last c with lower(c) <= target] over sorted
    candidates (comparisons to within ``TOLERANCE_KWH``)."""
    lo, hi = 0, candidates.size - 1
    while lo < hi:  # first index with upper >= target (upper is non-decreasing; true at the top)
        mid = (lo + hi) // 2
        if upper_sum(candidates[mid]) >= target - TOLERANCE_KWH:
            hi = mid
        else:
            lo = mid + 1
    first = lo
    lo, hi = 0, candidates.size - 1
    while lo < hi:  # last index with lower <= target (lower is non-decreasing; true at the bottom)
        mid = (lo + hi + 1) // 2
        if lower_sum(candidates[mid]) <= target + TOLERANCE_KWH:
            lo = mid
        else:
            hi = mid - 1
    last = max(lo, first)
    return 0.5 * (candidates[first] + candidates[last])


def clear_zonal(buy_price, buy_qty, buy_zone, sell_price, sell_qty, sell_zone, cap_in_kwh, cap_out_kwh) -> ZonalResult:
    """Clear one book into zonal uniform prices under per-zone export/import caps (see module doc)."""
    bp, bq = _side("buy", buy_price, buy_qty)
    sp, sq = _side("sell", sell_price, sell_qty)
    cap_in = np.asarray(cap_in_kwh, dtype=np.float64)
    cap_out = np.asarray(cap_out_kwh, dtype=np.float64)
    n_zones = cap_in.size
    if cap_out.shape != (n_zones,) or (cap_in < 0).any() or (cap_out < 0).any() or np.isnan(cap_in).any() \
            or np.isnan(cap_out).any():
        raise ValueError("cap_in_kwh and cap_out_kwh must be equal-length arrays of values >= 0 (inf = no limit)")
    bz = np.asarray(buy_zone, dtype=np.int64)
    sz = np.asarray(sell_zone, dtype=np.int64)
    for name, zones, n in (("buy_zone", bz, bp.size), ("sell_zone", sz, sp.size)):
        if zones.shape != (n,) or (n and (zones.min() < 0 or zones.max() >= n_zones)):
            raise ValueError(f"{name} must give every order a zone in [0, {n_zones})")

    empty = ZonalResult(float("nan"), np.full(n_zones, np.nan), np.zeros(n_zones), np.zeros(n_zones, bool),
                        np.zeros(bp.size), np.zeros(sp.size), np.zeros(bp.size), np.zeros(sp.size), 0.0, 0.0, 0.0)
    if bp.size == 0 or sp.size == 0:
        return empty
    candidates = np.unique(np.concatenate([bp, sp]))

    def clipped(p):
        low, high = _excess_supply(p, p, bp, bq, bz, sp, sq, sz, n_zones)
        return np.clip(low, -cap_in, cap_out), np.clip(high, -cap_in, cap_out)

    bus_price = _equilibrium_price(candidates, lambda p: clipped(p)[0].sum(), lambda p: clipped(p)[1].sum(), 0.0)
    low, high = clipped(bus_price)
    raw_low, raw_high = _excess_supply(bus_price, bus_price, bp, bq, bz, sp, sq, sz, n_zones)
    supply_le = np.bincount(sz, weights=np.where(sp <= bus_price, sq, 0.0), minlength=n_zones)
    demand_ge = np.bincount(bz, weights=np.where(bp >= bus_price, bq, 0.0), minlength=n_zones)
    export = _volume_maximising_exports(low, high, supply_le - demand_ge)
    binding = (export < raw_low - 1e-12) | (export > raw_high + 1e-12)
    zone_price = np.full(n_zones, bus_price)
    for z in np.flatnonzero(binding):  # only the congested transformers: a handful at most
        in_b, in_s = bz == z, sz == z
        zone_candidates = np.unique(np.concatenate([bp[in_b], sp[in_s]]))

        def zone_bounds(p, in_b=in_b, in_s=in_s):
            s_lo = sq[in_s][sp[in_s] < p].sum()
            s_hi = sq[in_s][sp[in_s] <= p].sum()
            d_lo = bq[in_b][bp[in_b] > p].sum()
            d_hi = bq[in_b][bp[in_b] >= p].sum()
            return s_lo - d_hi, s_hi - d_lo

        zone_price[z] = _equilibrium_price(zone_candidates, lambda p: zone_bounds(p)[0],
                                           lambda p: zone_bounds(p)[1], export[z])

    # Allocation at each zone's price: strictly better orders in full, orders at the price pro rata.
    pb, ps = zone_price[bz], zone_price[sz]
    b_full, b_at = np.where(bp > pb, bq, 0.0), np.where(bp == pb, bq, 0.0)
    s_full, s_at = np.where(sp < ps, sq, 0.0), np.where(sp == ps, sq, 0.0)
    d_strict = np.bincount(bz, weights=b_full, minlength=n_zones)
    d_level = np.bincount(bz, weights=b_at, minlength=n_zones)
    s_strict = np.bincount(sz, weights=s_full, minlength=n_zones)
    s_level = np.bincount(sz, weights=s_at, minlength=n_zones)
    residual = s_strict - d_strict - export  # supply left for the buyers at the zone's price level
    extra = np.maximum(0.0, np.minimum(d_level - np.maximum(residual, 0.0), s_level - np.maximum(-residual, 0.0)))
    buy_level_fill = np.clip(np.maximum(residual, 0.0) + extra, 0.0, d_level)
    sell_level_fill = np.clip(np.maximum(-residual, 0.0) + extra, 0.0, s_level)
    with np.errstate(invalid="ignore", divide="ignore"):
        b_share = np.where(d_level > 0, buy_level_fill / d_level, 0.0)
        s_share = np.where(s_level > 0, sell_level_fill / s_level, 0.0)
    buy_filled = b_full + b_at * b_share[bz]
    sell_filled = s_full + s_at * s_share[sz]
    volume = float(buy_filled.sum())
    if volume <= 0.0:
        return empty
    buy_paid = buy_filled * pb
    sell_received = sell_filled * ps
    welfare = float(buy_filled @ bp - sell_filled @ sp)
    zone_export = np.bincount(sz, weights=sell_filled, minlength=n_zones) - np.bincount(bz, weights=buy_filled,
                                                                                          minlength=n_zones)
    rent = float(zone_export @ (bus_price - zone_price))
    return ZonalResult(bus_price, zone_price, zone_export, binding, buy_filled, sell_filled, buy_paid, sell_received,
                       volume, welfare, rent)
