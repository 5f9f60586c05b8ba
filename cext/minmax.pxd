# cython: language_level=3
"""numpy's ``maximum`` / ``minimum`` for two doubles, inlined.

libm's fmax/fmin are function calls unless the compiler may assume no NaN (about 3 ns each here,
most of a kernel's time); these compile to a compare and a select, and keep numpy's rules (NaN
propagates; on a tie the first argument is returned), so kernels match the numpy references.
"""


cdef inline double dmax(double a, double b) noexcept nogil:
    return a if (a >= b or a != a) else b


cdef inline double dmin(double a, double b) noexcept nogil:
    return a if (a <= b or a != a) else b
