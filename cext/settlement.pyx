# cython: language_level=3
"""Settlement kernel: one interval's energy charges and feed-in credits per household.

The facade ``markets.settlement.Settlement`` validates every input; this kernel trusts them.
"""


def settle_interval(
    const double[::1] net_kw,
    const int[::1] tariff_of_household,
    const double[::1] price_per_kwh_by_tariff,
    const double[::1] feed_in_price_per_kwh_by_tariff,
    double interval_h,
    double[::1] import_kwh,
    double[::1] export_kwh,
    double[::1] energy_charge,
    double[::1] feed_in_credit,
    double[::1] balance,
    double[::1] totals,
):
    """Charge imports at the household's tariff price and credit exports at its feed-in price.

    Accumulates into the per-household billing-period arrays ``import_kwh``, ``export_kwh`` [kWh],
    ``energy_charge`` and ``feed_in_credit`` [currency], moves the household's account ``balance``
    [currency] by credit - charge, and writes the interval totals into ``totals``:
    [import_kwh, export_kwh, energy_charge, feed_in_credit].
    """
    cdef Py_ssize_t n = net_kw.shape[0]
    cdef Py_ssize_t i
    cdef int k
    cdef double kwh, money
    cdef double total_import = 0.0, total_export = 0.0, total_charge = 0.0, total_credit = 0.0
    with nogil:
        for i in range(n):
            kwh = net_kw[i] * interval_h
            k = tariff_of_household[i]
            if kwh > 0.0:
                money = kwh * price_per_kwh_by_tariff[k]
                import_kwh[i] += kwh
                energy_charge[i] += money
                balance[i] -= money
                total_import += kwh
                total_charge += money
            elif kwh < 0.0:
                money = -kwh * feed_in_price_per_kwh_by_tariff[k]
                export_kwh[i] -= kwh
                feed_in_credit[i] += money
                balance[i] += money
                total_export -= kwh
                total_credit += money
        totals[0] = total_import
        totals[1] = total_export
        totals[2] = total_charge
        totals[3] = total_credit
