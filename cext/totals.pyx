# cython: language_level=3
"""One interval's sums over households for the intervals table and the retailer's own meter totals.

One pass instead of a dozen numpy reductions. Households are added in row order, as
``cext.core_day`` adds them, so both engine paths sum alike. The pipeline validates; this trusts.
"""
from cext.minmax cimport dmax, dmin

# Positions in ``sums``: [kW]; import / export: max(+-net, 0); pv_export: min(export, max(pv - load, 0)).
TOTAL_COLUMNS = ("load", "pv", "net", "import", "export", "pv_export", "net_type0", "net_type1", "net_type2",
                 "net_type3")


def interval_totals(
    const double[::1] net_kw,
    const double[::1] settle_net_kw,
    const double[::1] load_kw,
    const double[::1] pv_kw,
    const int[::1] tariff,
    const long[::1] customer_type,
    double[::1] sums,
    double[::1] import_by_tariff_kw,
    double[::1] export_by_tariff_kw,
):
    """Sums of the households' load, PV, net load and its import and export parts (``sums``, as in
    TOTAL_COLUMNS), and of the settled net load's import and export per tariff [kW] (the retailer
    meters what it bills: the net load less green-market trades)."""
    cdef Py_ssize_t i
    cdef double net, exported, settled
    cdef double s_load = 0.0, s_pv = 0.0, s_net = 0.0, s_import = 0.0, s_export = 0.0, s_pv_export = 0.0
    cdef double by_type[4]
    with nogil:
        by_type[0] = by_type[1] = by_type[2] = by_type[3] = 0.0
        import_by_tariff_kw[:] = 0.0
        export_by_tariff_kw[:] = 0.0
        for i in range(net_kw.shape[0]):
            net = net_kw[i]
            s_load += load_kw[i]
            s_pv += pv_kw[i]
            s_net += net
            by_type[customer_type[i]] += net
            if net > 0.0:
                s_import += net
            elif net < 0.0:
                exported = -net
                s_export += exported
                s_pv_export += dmin(exported, dmax(pv_kw[i] - load_kw[i], 0.0))
            settled = settle_net_kw[i]
            if settled > 0.0:
                import_by_tariff_kw[tariff[i]] += settled
            elif settled < 0.0:
                export_by_tariff_kw[tariff[i]] -= settled
        sums[0] = s_load
        sums[1] = s_pv
        sums[2] = s_net
        sums[3] = s_import
        sums[4] = s_export
        sums[5] = s_pv_export
        for i in range(4):
            sums[6 + i] = by_type[i]
