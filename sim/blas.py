"""BLAS on one thread while a run computes.

The only BLAS work of a run is small: the day plans' two (homes, 144) x (144, intervals) products
(``sim.home_energy``), a few milliseconds a day. OpenBLAS's own threads (one per core by default)
cost more than they save there: they spin between calls, and beside the counterfactual twins'
process (``scenarios.model.twin_process``) they take the second core from it. Measured on 2 cores,
10,000 homes over a summer month with every feature: 44.9 s -> 38.2 s in one process, 32.4 s ->
26.9 s with the twins forked. The products' bits do not depend on the thread count (the golden runs
are the same with one thread or two).
"""
from __future__ import annotations

from threadpoolctl import threadpool_limits


def one_blas_thread():
    """A context manager: BLAS libraries loaded in this process use one thread inside it."""
    return threadpool_limits(limits=1, user_api="blas")
