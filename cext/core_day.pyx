# cython: language_level=3
"""Day-batched core kernels: a day of household loads, PV, batteries and settlement in one call.

Used by ``scenarios.model.day_batch`` when no agent decides inside the day (no green market, DR, EVs or price
response). Every per-household quantity is computed with the same operations, in the same order,
as the interval-by-interval path (``sim.metering``, ``agents.devices.battery``, ``cext.settlement``), so
per-household results are bit-for-bit the same; only sums over households are added in a
different order (sequentially here, pairwise in numpy). The facade validates; these trust.
"""
from cext.minmax cimport dmax, dmin

# Columns of ``interval_sums`` (one row per interval): sums over households, [kW] unless said.
# soc: [kWh] after the interval; import / export: max(+-net, 0); pv_export: min(export, max(pv - load, 0));
# net_typeN: net load of customer type N; settled_*: [kWh]; charges, credits: [currency].
SUM_COLUMNS = ("load", "pv", "charge", "discharge", "soc", "import", "export", "pv_export", "net",
               "net_type0", "net_type1", "net_type2", "net_type3", "settled_import_kwh", "settled_export_kwh",
               "charges", "credits")


def core_day(
    const double[:, ::1] load_factor,
    Py_ssize_t first_household,
    const double[::1] profile,
    const long[::1] profile_offset,
    const double[::1] annual_kwh,
    long first_interval,
    const double[:, ::1] pv_profile,
    const long[::1] pv_class,
    const double[::1] pv_kwp,
    const double[::1] battery_capacity_kwh,
    const double[::1] battery_power_kw,
    double[::1] battery_soc_kwh,
    double eta,
    const int[::1] tariff,
    const double[:, ::1] price_per_kwh,
    const double[::1] feed_in_price_per_kwh,
    const int[::1] transformer,
    const long[::1] customer_type,
    double interval_h,
    double[:, ::1] transformer_load_kw,
    double[:, ::1] interval_sums,
    double[:, ::1] import_by_tariff_kw,
    double[:, ::1] export_by_tariff_kw,
    double[::1] import_kwh,
    double[::1] export_kwh,
    double[::1] energy_charge,
    double[::1] feed_in_credit,
    double[::1] balance,
    double[::1] last_load_kw,
    double[::1] last_pv_kw,
    double[::1] last_net_kw,
):
    """Simulate ``load_factor.shape[1]`` consecutive intervals of households ``first_household`` to
    ``first_household + load_factor.shape[0]`` (the day goes through in blocks of households that
    stay in cache; per-household arrays are indexed by household, ``load_factor`` from the block's first).

    Per household i and interval k (counted from ``first_interval``):
      load = profile[first_interval + k + offset] x annual_kwh x load_factor[i - first_household, k]  [kW]
      pv = pv_profile[k - first_interval, class] x kWp (PV owners only)             [kW]
      net = load - pv; a battery (capacity > 0) charges from surplus, discharges into deficit
      (``agents.devices.battery.self_consumption_dispatch``), net += charge - discharge
      settlement at the household's tariff (``cext.settlement.settle_interval``), accumulated
      into the billing-period arrays and the account ``balance``.
    Outputs, added to (the caller zeroes them before a day's first block, and the blocks go in
    household order, so every sum adds households in order): ``transformer_load_kw`` (intervals, transformers), ``interval_sums``
    (intervals, len(SUM_COLUMNS)) as in SUM_COLUMNS, imports and exports by tariff (intervals, tariffs) [kW],
    and every household's load, PV and net load in the last interval (``last_*_kw``, for the agents).
    """
    cdef Py_ssize_t steps = load_factor.shape[1], last = first_household + load_factor.shape[0]
    cdef Py_ssize_t k, i, t, j, typ, cls
    cdef long start
    cdef double load, pv, net, surplus, headroom, available, charge, discharge, soc, cap, power, kwp, annual
    cdef double kwh, money, exported
    cdef double imported_kwh, exported_kwh, charges, credits, account
    cdef double eta_dt = eta * interval_h
    cdef bint has_battery, has_pv
    with nogil:
        # Household by household, a whole day each (its state stays in registers). Every sum over
        # households still adds them in household order, interval by interval, as the interval path.
        for i in range(first_household, last):
            start = profile_offset[i] + first_interval
            annual = annual_kwh[i]
            kwp = pv_kwp[i]
            has_pv = kwp > 0.0
            cls = pv_class[i]
            cap = battery_capacity_kwh[i]
            has_battery = cap > 0.0
            power = battery_power_kw[i]
            soc = battery_soc_kwh[i]
            j = transformer[i]
            t = tariff[i]
            typ = customer_type[i]
            load = pv = net = 0.0
            # The household's billing sums in registers for the day (the same additions in the
            # same order as the interval path; memory round trips would chain interval to interval).
            imported_kwh = import_kwh[i]
            exported_kwh = export_kwh[i]
            charges = energy_charge[i]
            credits = feed_in_credit[i]
            account = balance[i]
            for k in range(steps):
                load = profile[start + k] * annual
                load = load * load_factor[i - first_household, k]
                pv = 0.0
                if has_pv:
                    pv = pv_profile[k, cls] * kwp
                net = load - pv
                if has_battery:
                    surplus = -net
                    headroom = (cap - soc) / eta_dt
                    available = soc * eta / interval_h
                    charge = dmin(dmin(dmax(surplus, 0.0), power), dmax(headroom, 0.0))
                    discharge = dmin(dmin(dmax(-surplus, 0.0), power), dmax(available, 0.0))
                    soc = soc + (charge * eta - discharge / eta) * interval_h
                    soc = dmin(dmax(soc, 0.0), cap)
                    net = net + (charge - discharge)
                    interval_sums[k, 2] += charge
                    interval_sums[k, 3] += discharge
                    interval_sums[k, 4] += soc
                interval_sums[k, 0] += load
                interval_sums[k, 1] += pv
                interval_sums[k, 8] += net
                interval_sums[k, 9 + typ] += net
                transformer_load_kw[k, j] += net
                if net > 0.0:
                    interval_sums[k, 5] += net
                    import_by_tariff_kw[k, t] += net
                elif net < 0.0:
                    exported = -net
                    interval_sums[k, 6] += exported
                    export_by_tariff_kw[k, t] += exported
                    interval_sums[k, 7] += dmin(exported, dmax(pv - load, 0.0))
                kwh = net * interval_h
                if kwh > 0.0:
                    money = kwh * price_per_kwh[k, t]
                    imported_kwh += kwh
                    charges += money
                    account -= money
                    interval_sums[k, 13] += kwh
                    interval_sums[k, 15] += money
                elif kwh < 0.0:
                    money = -kwh * feed_in_price_per_kwh[t]
                    exported_kwh -= kwh
                    credits += money
                    account += money
                    interval_sums[k, 14] -= kwh
                    interval_sums[k, 16] += money
            import_kwh[i] = imported_kwh
            export_kwh[i] = exported_kwh
            energy_charge[i] = charges
            feed_in_credit[i] = credits
            balance[i] = account
            if has_battery:
                battery_soc_kwh[i] = soc
            last_load_kw[i] = load
            last_pv_kw[i] = pv
            last_net_kw[i] = net
