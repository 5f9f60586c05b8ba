# cython: language_level=3
"""Overload episodes of a block of intervals, transformer by transformer (the day-batched path).

An episode is a run of overloaded intervals of one transformer: it opens at the first overloaded
interval's start and closes at the start of the first interval that is not overloaded, with the
highest loading seen. ``agents.grid_operator.GridOperator._watch`` does the same one interval at a
time (the reference the tests compare with). The facade (``GridOperator.watch_rows``) validates.
"""
from cext.minmax cimport dmax


def overload_episodes(
    const unsigned char[:, ::1] overloaded,
    const double[:, ::1] loading_pu,
    long first_minute,
    long interval_min,
    double interval_h,
    long[::1] open_since_min,
    double[::1] episode_peak_pu,
    double[::1] overload_hours,
    double[::1] max_loading_pu,
    long[::1] closed_transformer,
    long[::1] closed_start_min,
    long[::1] closed_end_min,
    double[::1] closed_peak_pu,
):
    """Advance the episodes over the rows of ``overloaded`` / ``loading_pu`` (intervals, transformers).

    State, updated in place: ``open_since_min`` (start minute of each transformer's open episode,
    -1 if none), ``episode_peak_pu``, ``overload_hours`` [h] and ``max_loading_pu`` [pu].
    Episodes that close are written to the ``closed_*`` arrays (room for intervals x transformers
    / 2 + transformers) in the interval path's order: by end minute, then transformer.
    Returns how many closed.
    """
    cdef Py_ssize_t k, j, closed = 0, n_transformers = overloaded.shape[1]
    cdef long minute
    with nogil:
        for k in range(overloaded.shape[0]):
            minute = first_minute + k * interval_min
            for j in range(n_transformers):
                max_loading_pu[j] = dmax(max_loading_pu[j], loading_pu[k, j])
                if overloaded[k, j]:
                    overload_hours[j] += interval_h
                    if open_since_min[j] < 0:
                        open_since_min[j] = minute
                        episode_peak_pu[j] = 0.0
                    episode_peak_pu[j] = dmax(episode_peak_pu[j], loading_pu[k, j])
                elif open_since_min[j] >= 0:
                    closed_transformer[closed] = j
                    closed_start_min[closed] = open_since_min[j]
                    closed_end_min[closed] = minute
                    closed_peak_pu[closed] = episode_peak_pu[j]
                    closed += 1
                    open_since_min[j] = -1
                    episode_peak_pu[j] = 0.0
    return closed
