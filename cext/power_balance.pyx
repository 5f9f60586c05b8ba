# cython: language_level=3
"""Power-balance kernel: household net load -> transformer and feeder loading.

Signs follow the design card: power drawn from the grid is positive, injection negative.
The facade ``sim.grid.PowerBalance`` validates every input; this kernel trusts them.
"""
from libc.math cimport fabs


cdef inline void _up_from_transformers(
    double[::1] transformer_load_kw, const double[::1] rating_kva, const double[::1] no_load_loss_kw,
    const double[::1] load_loss_at_rating_kw, const int[::1] feeder_of_transformer,
    const double[::1] feeder_loss_coefficient_per_kw, const double[::1] feeder_extra_kw, double power_factor,
    double overload_threshold_pu, double[::1] transformer_loading_pu, unsigned char[::1] transformer_overloaded,
    double[::1] transformer_loss_kw, double[::1] feeder_load_kw, double[::1] feeder_loss_kw,
) noexcept nogil:
    """Loading, losses and feeder loads from the transformers' summed household loads."""
    cdef Py_ssize_t j, f
    cdef double loading, loss, through_kw
    for f in range(feeder_load_kw.shape[0]):
        feeder_load_kw[f] = feeder_extra_kw[f]
    for j in range(rating_kva.shape[0]):
        loading = fabs(transformer_load_kw[j]) / power_factor / rating_kva[j]
        transformer_loading_pu[j] = loading
        transformer_overloaded[j] = loading > overload_threshold_pu
        loss = no_load_loss_kw[j] + load_loss_at_rating_kw[j] * loading * loading
        transformer_loss_kw[j] = loss
        feeder_load_kw[feeder_of_transformer[j]] += transformer_load_kw[j] + loss
    for f in range(feeder_load_kw.shape[0]):
        through_kw = feeder_load_kw[f]
        loss = feeder_loss_coefficient_per_kw[f] * through_kw * through_kw
        feeder_loss_kw[f] = loss
        feeder_load_kw[f] = through_kw + loss


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
    cdef Py_ssize_t i, j
    with nogil:
        for j in range(rating_kva.shape[0]):
            transformer_load_kw[j] = 0.0
        for i in range(net_kw.shape[0]):
            transformer_load_kw[transformer_of_household[i]] += net_kw[i]
        _up_from_transformers(transformer_load_kw, rating_kva, no_load_loss_kw, load_loss_at_rating_kw,
                              feeder_of_transformer, feeder_loss_coefficient_per_kw, feeder_extra_kw, power_factor,
                              overload_threshold_pu, transformer_loading_pu, transformer_overloaded,
                              transformer_loss_kw, feeder_load_kw, feeder_loss_kw)


def balance_transformer_rows(
    double[:, ::1] transformer_load_kw,
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
    """``balance_network`` for consecutive intervals whose transformer loads are already summed:
    row k of every (intervals, ...) array is interval k (no loads at the feeders themselves)."""
    cdef Py_ssize_t k
    with nogil:
        for k in range(transformer_load_kw.shape[0]):
            _up_from_transformers(transformer_load_kw[k], rating_kva, no_load_loss_kw, load_loss_at_rating_kw,
                                  feeder_of_transformer, feeder_loss_coefficient_per_kw, feeder_extra_kw,
                                  power_factor, overload_threshold_pu, transformer_loading_pu[k],
                                  transformer_overloaded[k], transformer_loss_kw[k], feeder_load_kw[k],
                                  feeder_loss_kw[k])
