"""Cython kernels: power balance and settlement.

Each kernel takes contiguous typed memoryviews, writes into arrays the caller allocated,
releases the GIL and checks nothing. The facades in ``sim.grid`` and ``markets.settlement``
validate inputs; ``cext.reference`` holds the pure-Python versions that the tests compare against.
"""
