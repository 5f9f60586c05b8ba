# cython: language_level=3
"""Power-balance kernel: household net load -> transformer and feeder loading.

Signs follow the design card: power drawn from the grid is positive, injection negative.
The facade ``sim.grid.PowerBalance`` validates every input; this kernel trusts them.
"""
from libc.math cimport fabs


def balance_network(
    const double[::1] net_kw,
    const int[::1] transformer_of_household,
    const double[::1] rating_kva,
    const double[::1] no_load_loss_kw,
    const double[::1] load_loss_at_rating_kw,
    const int[::1] feeder_of_transformer,
    const double[::1] feeder_loss_coefficient_per_kw,
    const double[::1] feeder_extra_kw,
    double power_factor,
    double overload_threshold_pu,
    double[::1] transformer_load_kw,
    double[::1] transformer_loading_pu,
    unsigned char[::1] transformer_overloaded,
    double[::1] transformer_loss_kw,
    double[::1] feeder_load_kw,
    double[::1] feeder_loss_kw,
):
    """Aggregate one interval's household net loads up the network.

    transformer_load_kw[j] : sum of net_kw of the households under transformer j [kW]
    transformer_loading_pu[j] : |load| / power_factor / rating [pu]; reverse flow loads it too
    transformer_loss_kw[j] : no-load loss + load loss at rating * loading^2 [kW]
    feeder_extra_kw[f] : loads connected at the feeder itself (swap station, port) [kW]
    feeder_load_kw[f] : power drawn at the feeder head, losses included [kW]
    feeder_loss_kw[f] : coefficient * (power entering the transformers)^2 [kW]
    """
    cdef Py_ssize_t n = net_kw.shape[0]
    cdef Py_ssize_t m = rating_kva.shape[0]
    cdef Py_ssize_t n_feeders = feeder_load_kw.shape[0]
    cdef Py_ssize_t i, j, f
    cdef double loading, loss, through_kw
    with nogil:
        for j in range(m):
            transformer_load_kw[j] = 0.0
        for f in range(n_feeders):
            feeder_load_kw[f] = feeder_extra_kw[f]
        for i in range(n):
            transformer_load_kw[transformer_of_household[i]] += net_kw[i]
        for j in range(m):
            loading = fabs(transformer_load_kw[j]) / power_factor / rating_kva[j]
            transformer_loading_pu[j] = loading
            transformer_overloaded[j] = loading > overload_threshold_pu
            loss = no_load_loss_kw[j] + load_loss_at_rating_kw[j] * loading * loading
            transformer_loss_kw[j] = loss
            feeder_load_kw[feeder_of_transformer[j]] += transformer_load_kw[j] + loss
        for f in range(n_feeders):
            through_kw = feeder_load_kw[f]
            loss = feeder_loss_coefficient_per_kw[f] * through_kw * through_kw
            feeder_loss_kw[f] = loss
            feeder_load_kw[f] = through_kw + loss
