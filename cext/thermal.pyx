# cython: language_level=3
"""Transformer thermal kernel, IEEE C57.91-2011 clause 7 (exponential top-oil and hot-spot rises).

The facade ``sim.grid.TransformerThermal`` validates every input; this kernel trusts them.
"""
from libc.math cimport exp, pow


def step_thermal(
    const double[:, ::1] load_pu,
    const double[::1] ambient_c,
    const double[::1] loss_ratio,
    double top_oil_rise_rated_c,
    double hot_spot_rise_rated_c,
    double oil_exponent,
    double winding_exponent,
    double top_oil_decay,
    double winding_decay,
    double interval_h,
    double[::1] top_oil_rise_c,
    double[::1] hot_spot_rise_c,
    double[:, ::1] hot_spot_c,
    double[:, ::1] aging_factor,
    double[::1] equivalent_aging_h,
):
    """Advance every transformer's thermal state by consecutive intervals of constant load: row k
    of ``load_pu`` (intervals, transformers) at ``ambient_c[k]``; row k of ``hot_spot_c`` and
    ``aging_factor`` receives interval k's values (one interval: arrays of one row).

    Ultimate rises: top oil dTO,U = dTO,R [(K^2 R + 1)/(R + 1)]^n; hot spot over top oil dH,U = dH,R K^(2m)
    (n = ``oil_exponent``, m = ``winding_exponent``).
    Each rise moves toward its ultimate value by the factor (1 - decay), decay = exp(-dt/tau).
    Hot spot = ambient + top-oil rise + hot-spot rise; F_AA = exp(15000/383 - 15000/(hot spot + 273));
    equivalent aging accumulates F_AA * dt [h].
    """
    cdef Py_ssize_t k, j, count = load_pu.shape[1]
    cdef double k2, ultimate_top_oil, ultimate_hot_spot, theta
    with nogil:
        for k in range(load_pu.shape[0]):
            for j in range(count):
                k2 = load_pu[k, j] * load_pu[k, j]
                ultimate_top_oil = top_oil_rise_rated_c * pow((k2 * loss_ratio[j] + 1.0) / (loss_ratio[j] + 1.0), oil_exponent)
                ultimate_hot_spot = hot_spot_rise_rated_c * pow(k2, winding_exponent)
                top_oil_rise_c[j] = ultimate_top_oil + (top_oil_rise_c[j] - ultimate_top_oil) * top_oil_decay
                hot_spot_rise_c[j] = ultimate_hot_spot + (hot_spot_rise_c[j] - ultimate_hot_spot) * winding_decay
                theta = ambient_c[k] + top_oil_rise_c[j] + hot_spot_rise_c[j]
                hot_spot_c[k, j] = theta
                aging_factor[k, j] = exp(15000.0 / 383.0 - 15000.0 / (theta + 273.0))
                equivalent_aging_h[j] += aging_factor[k, j] * interval_h
