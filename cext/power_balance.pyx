# cython: language_level=3
"""Power-balance kernels: household net load -> transformer and feeder loading.

Signs follow the design card: power drawn from the grid is positive, injection negative.
The facade ``sim.grid.PowerBalance`` validates every input; these kernels trust them.
"""
from libc.math cimport fabs


def sum_by_transformer(const double[::1] net_kw, const int[::1] transformer_of_household,
                       double[::1] transformer_load_kw):
    """transformer_load_kw[j] = sum of net_kw of the households under transformer j [kW], in household order."""
    cdef Py_ssize_t i
    with nogil:
        transformer_load_kw[:] = 0.0
        for i in range(net_kw.shape[0]):
            transformer_load_kw[transformer_of_household[i]] += net_kw[i]


def balance_transformer_rows(
    const double[:, ::1] transformer_load_kw,
    const double[::1] rating_kva,
    const double[::1] no_load_loss_kw,
    const double[::1] load_loss_at_rating_kw,
    const int[::1] feeder_of_transformer,
    const double[::1] feeder_loss_coefficient_per_kw,
    const double[::1] feeder_extra_kw,
    double power_factor,
    double overload_threshold_pu,
    double[:, ::1] transformer_loading_pu,
    unsigned char[:, ::1] transformer_overloaded,
    double[:, ::1] transformer_loss_kw,
    double[:, ::1] feeder_load_kw,
    double[:, ::1] feeder_loss_kw,
):
    """Loading, losses and feeder loads of consecutive intervals (row k of every 2-D array is
    interval k; one interval: arrays of one row), from the transformers' summed household loads.

    transformer_loading_pu[k, j] : |load| / power_factor / rating [pu]; reverse flow loads it too
    transformer_loss_kw[k, j] : no-load loss + load loss at rating * loading^2 [kW]
    feeder_extra_kw[f] : loads connected at the feeder itself (swap station, port) [kW]
    feeder_load_kw[k, f] : power drawn at the feeder head, losses included [kW]
    feeder_loss_kw[k, f] : coefficient * (power entering the transformers)^2 [kW]
    """
    cdef Py_ssize_t k, j, f
    cdef double loading, loss, through_kw
    with nogil:
        for k in range(transformer_load_kw.shape[0]):
            for f in range(feeder_load_kw.shape[1]):
                feeder_load_kw[k, f] = feeder_extra_kw[f]
            for j in range(rating_kva.shape[0]):
                loading = fabs(transformer_load_kw[k, j]) / power_factor / rating_kva[j]
                transformer_loading_pu[k, j] = loading
                transformer_overloaded[k, j] = loading > overload_threshold_pu
                loss = no_load_loss_kw[j] + load_loss_at_rating_kw[j] * loading * loading
                transformer_loss_kw[k, j] = loss
                feeder_load_kw[k, feeder_of_transformer[j]] += transformer_load_kw[k, j] + loss
            for f in range(feeder_load_kw.shape[1]):
                through_kw = feeder_load_kw[k, f]
                loss = feeder_loss_coefficient_per_kw[f] * through_kw * through_kw
                feeder_loss_kw[k, f] = loss
                feeder_load_kw[k, f] = through_kw + loss
