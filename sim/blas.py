"""BLAS on one thread while a run computes.

A run's BLAS work is small: dot products over a few tariffs, zones or trip kinds, and the homes' standby at build time.
(The day plans' (homes, 144) x (144, intervals) products, a few milliseconds a day, were the most
of it; they are now a sparse kernel with the same bits, ``cext.homes.spread_to_intervals``.)
OpenBLAS's own threads (one per core by default) cost more than they save on such work: they spin
between calls, and beside the counterfactual twins' process (``scenarios.model.twin_process``)
they take the second core from it. Measured on 2 cores, 10,000 homes over a summer month with
every feature, when the products were still in BLAS: 44.9 s -> 38.2 s in one process, 32.4 s ->
26.9 s with the twins forked. Results do not depend on the thread count (the golden runs are the
same with one thread or two); the limit stays as a guard for any BLAS call a study adds.
"""
from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_blas_thread():
    """A context manager: BLAS libraries loaded in this process use one thread inside it."""
    return threadpool_limits(limits=1, user_api="blas")
