# cython: language_level=3
"""EV charging kernels: the smart policy's plan and applying any policy's power, one pass per EV.

``agents.devices.ev_fleet.EVFleet.charge`` calls these every interval; ``cext/reference.py`` holds the vectorised
numpy formulas they replace (the tests require equal results). The operations and their order
are the reference's, so results are bit-for-bit the same except sums over EVs.
"""
from libc.math cimport ceil

from cext.minmax cimport dmax, dmin


def plan_smart(
    const unsigned char[::1] plugged,
    const double[::1] target_kwh,
    const double[::1] soc_kwh,
    const double[::1] charger_kw,
    const long[::1] next_departure_min,
    long minute,
    double eta_c,
    double interval_h,
    double price_now,
    long horizon_slots,
    const double[::1] running_min,
    const double[::1] cheap_slot_counts,
    const unsigned char[::1] defer,
    const long[::1] transformer,
    double[::1] want_by_transformer_kw,
    double[::1] must_kw,
    double[::1] want_kw,
    double[::1] undeferred_kw,
    double[::1] cheapest_price,
    long[::1] window_slots,
):
    """Smart charging's power for this interval, per EV [kW at the plug].

    need = max(target - soc, 0); full = min(charger, need / (eta_c dt)) when plugged, else 0;
    hours left h = min(minutes to departure, 48 h) / 60; must = clip((need - charger eta_c (h - dt))
    / (eta_c dt), 0, full): what it must draw now to still reach its target. Its window is the next
    ``ceil(h / dt)`` slots (at least 1, at most the price horizon): ``window_slots``. Where the price
    now is the window's cheapest (``running_min``, from now), it spreads ``need`` over the window's
    cheapest slots (``cheap_slot_counts``), within [must, full]; otherwise it draws ``must``.
    ``defer`` (empty: nobody) marks owners in a DR event: they draw ``must`` only; ``undeferred_kw``
    is what they would have drawn. ``cheapest_price`` is the window's cheapest price (for v2g);
    ``want_by_transformer_kw`` the EVs' summed power under each transformer (for the headroom).
    """
    cdef Py_ssize_t i, n = target_kwh.shape[0]
    cdef bint any_defer = defer.shape[0] > 0
    cdef double eta_dt = eta_c * interval_h
    cdef double need, full, left_h, must, spread, want, cheapest
    cdef long left_min, stop
    with nogil:
        want_by_transformer_kw[:] = 0.0
        for i in range(n):
            need = dmax(target_kwh[i] - soc_kwh[i], 0.0)
            full = dmin(charger_kw[i], need / eta_dt) if plugged[i] else 0.0
            left_min = next_departure_min[i] - minute
            if left_min > 48 * 60:
                left_min = 48 * 60
            left_h = left_min / 60.0
            must = dmin(dmax((need - charger_kw[i] * eta_c * (left_h - interval_h)) / eta_dt, 0.0), full)
            stop = <long>ceil(left_h / interval_h)
            stop = min(max(stop, 1), horizon_slots)
            cheapest = running_min[stop - 1]
            if price_now <= cheapest + 1e-12:
                spread = need / (eta_dt * dmax(cheap_slot_counts[stop], 1.0))
                want = dmin(dmax(spread, must), full)
            else:
                want = must
            undeferred_kw[i] = want
            if any_defer and defer[i]:
                want = must
            must_kw[i] = must
            want_kw[i] = want
            want_by_transformer_kw[transformer[i]] += want
            cheapest_price[i] = cheapest
            window_slots[i] = stop


def apply_power(
    const double[::1] power_kw,
    double eta_c,
    double eta_d,
    double interval_h,
    const double[::1] capacity_kwh,
    const long[::1] household,
    const long[::1] transformer,
    const double[::1] undeferred_kw,
    const unsigned char[::1] deferring,
    double[::1] soc_kwh,
    double[::1] session_charged_kwh,
    double[::1] session_discharged_kwh,
    double[::1] household_kw,
    double[::1] household_deferred_kw,
    double[::1] transformer_kw,
    double[::1] totals_kwh,
):
    """Apply each EV's power for one interval: state of charge (within [0, capacity]), the session's
    energy, the owner's household load, and the charging deferred by DR, at the owner's row
    (``deferring`` empty: none). ``transformer_kw`` receives the EVs' power summed per
    transformer, ``totals_kwh`` [charged, discharged] over all EVs."""
    cdef Py_ssize_t i, n = power_kw.shape[0]
    cdef bint any_defer = deferring.shape[0] > 0
    cdef double p, charged, discharged, soc, total_charged = 0.0, total_discharged = 0.0
    with nogil:
        transformer_kw[:] = 0.0
        for i in range(n):
            p = power_kw[i]
            charged = dmax(p, 0.0) * interval_h
            discharged = dmax(-p, 0.0) * interval_h
            soc = soc_kwh[i] + (charged * eta_c - discharged / eta_d)
            soc_kwh[i] = dmin(dmax(soc, 0.0), capacity_kwh[i])
            session_charged_kwh[i] += charged
            session_discharged_kwh[i] += discharged
            total_charged += charged
            total_discharged += discharged
            household_kw[household[i]] = p
            transformer_kw[transformer[i]] += p
            if any_defer:
                household_deferred_kw[household[i]] = dmax(undeferred_kw[i] - dmax(p, 0.0), 0.0) if deferring[i] else 0.0
        totals_kwh[0] = total_charged
        totals_kwh[1] = total_discharged


def within_headroom(
    const double[::1] must_kw,
    const double[::1] want_kw,
    const long[::1] transformer,
    const double[::1] want_by_transformer_kw,
    const double[::1] headroom_kw,
    double[::1] must_by_transformer_kw,
    double[::1] scale,
    double[::1] power_kw,
):
    """Smart charging within the published import headroom, per EV [kW]: all it must, and of what it
    wants beyond that, the share that keeps each transformer's EVs within the headroom left after
    the musts: power = must + (want - must) x s, with s = room / chosen where chosen = want_by_transformer
    - must_by_transformer exceeds room = max(headroom - must_by_transformer, 0), else 1. The musts
    are summed per transformer in EV order (``np.bincount``'s order), into ``must_by_transformer_kw``;
    ``scale`` receives s. Replaces a dozen numpy calls with their operations in their order
    (``cext/reference.py``: ``ev_within_headroom``)."""
    cdef Py_ssize_t i, k, n = must_kw.shape[0], m = headroom_kw.shape[0]
    cdef double chosen, room
    with nogil:
        must_by_transformer_kw[:] = 0.0
        for i in range(n):
            must_by_transformer_kw[transformer[i]] += must_kw[i]
        for k in range(m):
            chosen = want_by_transformer_kw[k] - must_by_transformer_kw[k]
            room = dmax(headroom_kw[k] - must_by_transformer_kw[k], 0.0)
            scale[k] = room / chosen if chosen > room else 1.0
        for i in range(n):
            power_kw[i] = must_kw[i] + (want_kw[i] - must_kw[i]) * scale[transformer[i]]
