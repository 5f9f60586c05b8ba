# cython: language_level=3
"""Homes' appliance-cycle kernels: which homes start a cycle, when, queued one at a time, laid on the day.

The facade (``sim.home_energy.DayPlan``) validates and prepares every input; these kernels trust it.
Each repeats its numpy reference's operations in the same order (``DayPlan._cycles_reference``,
``one_at_a_time``, ``add_cycles``), so the two give the same bits (the extension is built without
fused multiply-add; tests/scenarios/test_homes.py).
"""
import numpy as np

from cext.pairwise cimport pairwise_sum


def first_positive(const double[:, ::1] active, long[::1] first):
    """first[h] = the first step where active[h] > 0 (the row's length if none)."""
    cdef Py_ssize_t h, k, steps = active.shape[1]
    with nogil:
        for h in range(active.shape[0]):
            k = 0
            while k < steps and not active[h, k] > 0:
                k += 1
            first[h] = k


def weighted_any(const double[:, ::1] active, const long[::1] rows, const double[::1] window,
                 const long[::1] first, unsigned char[::1] out):
    """out[j] = 1 where any ``active[rows[j]] * window`` is > 0 (its sum is then > 0). Before
    ``first[rows[j]]`` (``first_positive``) the products are 0 (or NaN): the scan starts there."""
    cdef Py_ssize_t j, k, steps = window.shape[0]
    with nogil:
        for j in range(rows.shape[0]):
            out[j] = 0
            for k in range(first[rows[j]], steps):
                if active[rows[j], k] * window[k] > 0:
                    out[j] = 1
                    break


def cycle_steps(const double[:, ::1] active, const long[::1] rows, const double[::1] window,
                const long[::1] home, const double[::1] u, long[::1] step):
    """Each cycle's start step: the inverse CDF of its home's start weights ``active[rows[home]] *
    window`` at ``u`` (the count of cumulative shares <= u, at most steps - 1), as numpy's
    ``(np.cumsum(w) / w.sum() <= u).sum()``. Cycles of one home in a row share its cumulative sums,
    summed only as far as a cycle needs. With weights >= 0 the shares never decrease, so the count
    is the first share > u (the same divisions, so the same comparisons); else all are counted."""
    cdef Py_ssize_t c, k, j, lo, hi, mid, filled = 0, last = -1, steps = window.shape[0]
    cdef double total = 1.0, uc
    cdef bint monotone = True
    cdef long count
    cdef double[::1] w = np.empty(steps)
    cdef double[::1] acc = np.empty(steps)
    with nogil:
        for c in range(home.shape[0]):
            j = home[c]
            if j != last:
                monotone = True
                for k in range(steps):
                    w[k] = active[rows[j], k] * window[k]
                    monotone = monotone and w[k] >= 0
                total = 0.0 + pairwise_sum(&w[0], steps)
                if not total > 0:
                    total = 1.0
                acc[0] = w[0]
                filled = 0
                if not monotone:
                    for k in range(1, steps):
                        acc[k] = acc[k - 1] + w[k]
                    filled = steps - 1
                last = j
            uc = u[c]
            if not monotone:
                count = 0
                for k in range(steps):
                    count += acc[k] / total <= uc
            elif acc[filled] / total > uc:  # inside what is summed: bisection
                lo = 0
                hi = filled
                while lo < hi:
                    mid = (lo + hi) // 2
                    if acc[mid] / total <= uc:
                        lo = mid + 1
                    else:
                        hi = mid
                count = lo
            else:  # sum on until a share exceeds u
                k = filled
                while k + 1 < steps and not acc[k] / total > uc:
                    acc[k + 1] = acc[k] + w[k + 1]
                    k += 1
                filled = k
                count = k if acc[k] / total > uc else steps
            step[c] = count if count < steps - 1 else steps - 1


def queue_cycles(const long[::1] home, double[::1] start, double length_min, double latest_min):
    """``one_at_a_time`` for cycles grouped by home (``home`` non-decreasing), in place: within a
    home, in order of start (ties in their order), a cycle that would start before the previous one
    ends starts at its end instead, at most at ``latest_min``."""
    cdef Py_ssize_t a, b, i, j, m, c = home.shape[0]
    cdef double s, previous_end
    cdef long[::1] order = np.empty(max(c, 1), dtype=np.int64)
    with nogil:
        a = 0
        while a < c:
            b = a + 1
            while b < c and home[b] == home[a]:
                b += 1
            if b - a > 1:
                order[a] = a  # a stable insertion sort of the home's few cycles by start
                for i in range(a + 1, b):
                    m = i
                    j = i
                    while j > a and start[order[j - 1]] > start[m]:
                        order[j] = order[j - 1]
                        j -= 1
                    order[j] = m
                previous_end = start[order[a]] + length_min
                for i in range(a + 1, b):
                    m = order[i]
                    s = start[m]
                    if s < previous_end and s < latest_min:
                        s = previous_end if previous_end < latest_min else latest_min
                        start[m] = s
                    previous_end = s + length_min
            a = b


def lay_cycles(double[:, ::1] out, const long[::1] home_row, const double[::1] start, const long[::1] first,
               double length_min, double kw, long interval_min, long spans):
    """``add_cycles``: each cycle's mean kW over the intervals it covers, added to ``out`` (n,
    intervals) in numpy's order (by interval offset k, then by cycle). Cycles come grouped by home
    (``home_row`` non-decreasing) and only a home's own cycles add to its row, so going home by
    home, each by k then by cycle, adds to every element in numpy's order while the row is in cache."""
    cdef Py_ssize_t a, b, k, c, i, steps = out.shape[1], cycles = home_row.shape[0]
    cdef double lo, hi, share, bound
    with nogil:
        a = 0
        while a < cycles:
            b = a + 1
            while b < cycles and home_row[b] == home_row[a]:
                b += 1
            for k in range(spans):
                for c in range(a, b):
                    i = first[c] + k
                    bound = <double>(i * interval_min)
                    lo = start[c] if start[c] > bound else bound
                    bound = <double>((i + 1) * interval_min)
                    hi = start[c] + length_min
                    hi = hi if hi < bound else bound
                    share = hi - lo
                    share = (share if share > 0.0 else 0.0) / <double>interval_min
                    if i < steps and share > 0:
                        out[home_row[c], i] += kw * share
            a = b


def lighting_and_gains(double[:, ::1] other, const double[:, ::1] cooking, const double[::1] base_kw,
                       const double[:, ::1] active, const unsigned char[::1] dark, double kw_per_active,
                       double[:, ::1] appliance_kw):
    """other += base_kw + kw_per_active * min(active, 3) * dark (lighting, fridge, standby);
    appliance_kw = cooking + other (what heats the rooms), numpy's operations in numpy's order."""
    cdef Py_ssize_t h, t, steps = other.shape[1]
    cdef double a
    with nogil:
        for h in range(other.shape[0]):
            for t in range(steps):
                a = active[h, t]
                a = a if a < 3.0 else 3.0
                other[h, t] = other[h, t] + (base_kw[h] + kw_per_active * a * <double>dark[t])
                appliance_kw[h, t] = cooking[h, t] + other[h, t]
