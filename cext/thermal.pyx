# cython: language_level=3
"""Transformer thermal kernel, IEEE C57.91-2011 clause 7 (exponential top-oil and hot-spot rises).

The facade ``sim.grid.TransformerThermal`` validates every input; this kernel trusts them.
"""
from libc.math cimport exp, pow


cdef inline void _advance(
    const double[::1] load_pu, double ambient_c, const double[::1] loss_ratio, double top_oil_rise_rated_c,
    double hot_spot_rise_rated_c, double n, double m, double top_oil_decay, double winding_decay,
    double interval_h, double[::1] top_oil_rise_c, double[::1] hot_spot_rise_c, double[::1] hot_spot_c,
    double[::1] aging_factor, double[::1] equivalent_aging_h,
) noexcept nogil:
    cdef Py_ssize_t j, count = load_pu.shape[0]
    cdef double k2, ultimate_top_oil, ultimate_hot_spot, theta
    for j in range(count):
        k2 = load_pu[j] * load_pu[j]
        ultimate_top_oil = top_oil_rise_rated_c * pow((k2 * loss_ratio[j] + 1.0) / (loss_ratio[j] + 1.0), n)
        ultimate_hot_spot = hot_spot_rise_rated_c * pow(k2, m)
        top_oil_rise_c[j] = ultimate_top_oil + (top_oil_rise_c[j] - ultimate_top_oil) * top_oil_decay
        hot_spot_rise_c[j] = ultimate_hot_spot + (hot_spot_rise_c[j] - ultimate_hot_spot) * winding_decay
        theta = ambient_c + top_oil_rise_c[j] + hot_spot_rise_c[j]
        hot_spot_c[j] = theta
        aging_factor[j] = exp(15000.0 / 383.0 - 15000.0 / (theta + 273.0))
        equivalent_aging_h[j] += aging_factor[j] * interval_h


def step_thermal(
    const double[::1] load_pu,
    double ambient_c,
    const double[::1] loss_ratio,
    double top_oil_rise_rated_c,
    double hot_spot_rise_rated_c,
    double n,
    double m,
    double top_oil_decay,
    double winding_decay,
    double interval_h,
    double[::1] top_oil_rise_c,
    double[::1] hot_spot_rise_c,
    double[::1] hot_spot_c,
    double[::1] aging_factor,
    double[::1] equivalent_aging_h,
):
    """Advance every transformer's thermal state by one interval of constant load.

    Ultimate rises: top oil dTO,U = dTO,R [(K^2 R + 1)/(R + 1)]^n; hot spot over top oil dH,U = dH,R K^(2m).
    Each rise moves toward its ultimate value by the factor (1 - decay), decay = exp(-dt/tau).
    Hot spot = ambient + top-oil rise + hot-spot rise; F_AA = exp(15000/383 - 15000/(hot spot + 273));
    equivalent aging accumulates F_AA * dt [h].
    """
    with nogil:
        _advance(load_pu, ambient_c, loss_ratio, top_oil_rise_rated_c, hot_spot_rise_rated_c, n, m, top_oil_decay,
                 winding_decay, interval_h, top_oil_rise_c, hot_spot_rise_c, hot_spot_c, aging_factor,
                 equivalent_aging_h)


def step_thermal_rows(
    const double[:, ::1] load_pu,
    const double[::1] ambient_c,
    const double[::1] loss_ratio,
    double top_oil_rise_rated_c,
    double hot_spot_rise_rated_c,
    double n,
    double m,
    double top_oil_decay,
    double winding_decay,
    double interval_h,
    double[::1] top_oil_rise_c,
    double[::1] hot_spot_rise_c,
    double[:, ::1] hot_spot_c,
    double[:, ::1] aging_factor,
    double[::1] equivalent_aging_h,
):
    """``step_thermal`` for consecutive intervals: row k of ``load_pu`` (intervals, transformers) at
    ``ambient_c[k]``; row k of ``hot_spot_c`` and ``aging_factor`` receives interval k's values."""
    cdef Py_ssize_t k
    with nogil:
        for k in range(load_pu.shape[0]):
            _advance(load_pu[k], ambient_c[k], loss_ratio, top_oil_rise_rated_c, hot_spot_rise_rated_c, n, m,
                     top_oil_decay, winding_decay, interval_h, top_oil_rise_c, hot_spot_rise_c, hot_spot_c[k],
                     aging_factor[k], equivalent_aging_h)
