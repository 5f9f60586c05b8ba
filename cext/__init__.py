"""Cython kernels: power balance, settlement, clearing, transformer heat, the day-batched core,
EV charging, counter-based load noise, overload episodes.

Each kernel takes contiguous typed memoryviews, writes into arrays the caller allocated,
releases the GIL and checks nothing. The facades (``sim.grid``, ``markets.settlement``,
``markets.clearing``, ...) validate inputs; ``cext.reference`` holds pure-Python versions that the
tests compare against.
"""
