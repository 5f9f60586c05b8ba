# cython: language_level=3
"""Counter-based standard normals for the household load noise.

Every household needs one standard normal per interval. numpy's generator draws them in order
from one stream (about 8-9 ns each here), so a day's draws had to be made before the day kernel
could run and the interval path had to draw in exactly the same order. Here a draw is a pure
function of (key, counter): the load noise of household ``h`` in noise row ``r`` is draw
``c = r * n_households + h``, so any path (interval by interval, a day per kernel call, a
per-agent reference) gets the same number without sharing a stream position, and the kernel
makes each draw where it uses it (about 2 ns).

The draw c:

1. ``u`` = output c (counting from 0) of SplitMix64 seeded with ``key1`` (Steele, Lea and Flood,
   "Fast splittable pseudorandom number generators", OOPSLA 2014; the generator as in Vigna's
   ``splitmix64.c``: ``x += 0x9E3779B97F4A7C15``, then the variant-13 mixer);
2. the 256-layer ziggurat of Marsaglia and Tsang ("The ziggurat method for generating random
   variables", J. Stat. Softw. 5(8), 2000) as numpy applies it to 64-bit words: the low 8 bits of
   ``u`` pick the layer, the next bit the sign, the next 52 bits the abscissa;
3. when the ziggurat needs more (about 1 % of draws) it takes further 64-bit words in order from
   SplitMix64 seeded with output c of SplitMix64(``key2``).

The tests check SplitMix64 against Vigna's published values, step 2 against numpy's own
``standard_normal`` fed the same 64-bit words, and the draws against the normal distribution.
The facade (``sim.metering``) holds the keys; these functions trust their inputs.
"""
from libc.math cimport M_PI, erfc, exp, log, log1p, sqrt
from libc.stdint cimport int64_t, uint64_t

cdef extern from *:
    """
    static const unsigned long long ENERNET_SPLITMIX_GAMMA = 0x9E3779B97F4A7C15ULL;
    """
    const uint64_t ENERNET_SPLITMIX_GAMMA

# The ziggurat: 256 layers; R is the edge of the base strip (the value numpy uses), and every layer,
# the base strip with its tail included, has the area V = R f(R) + int_R^inf f, f(x) = exp(-x^2/2).
cdef double ZIGGURAT_R = 3.6541528853610087963519472518
cdef double ZIGGURAT_INV_R = 1.0 / ZIGGURAT_R
cdef double ZIGGURAT_V = ZIGGURAT_R * exp(-0.5 * ZIGGURAT_R * ZIGGURAT_R) + sqrt(M_PI / 2.0) * erfc(ZIGGURAT_R / sqrt(2.0))
cdef double TWO_POW_52 = 4503599627370496.0
cdef double TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0
cdef uint64_t ki[256]
cdef double wi[256]
cdef double fi[256]


cdef void _build_tables():
    """Marsaglia-Tsang's table set-up (their ``zigset``), for 256 layers and 52-bit abscissae."""
    cdef double dn = ZIGGURAT_R, tn = ZIGGURAT_R, q
    cdef int i
    q = ZIGGURAT_V / exp(-0.5 * dn * dn)
    ki[0] = <uint64_t>((dn / q) * TWO_POW_52)
    ki[1] = 0
    wi[0] = q / TWO_POW_52
    wi[255] = dn / TWO_POW_52
    fi[0] = 1.0
    fi[255] = exp(-0.5 * dn * dn)
    for i in range(254, 0, -1):
        dn = sqrt(-2.0 * log(ZIGGURAT_V / dn + exp(-0.5 * dn * dn)))
        ki[i + 1] = <uint64_t>((dn / tn) * TWO_POW_52)
        tn = dn
        fi[i] = exp(-0.5 * dn * dn)
        wi[i] = dn / TWO_POW_52


_build_tables()


cdef inline uint64_t _mix(uint64_t z) noexcept nogil:
    """SplitMix64's output function (Stafford's variant 13)."""
    z = (z ^ (z >> 30)) * <uint64_t>0xBF58476D1CE4E5B9ULL
    z = (z ^ (z >> 27)) * <uint64_t>0x94D049BB133111EBULL
    return z ^ (z >> 31)


cdef inline uint64_t _splitmix_output(uint64_t seed, uint64_t index) noexcept nogil:
    """Output ``index`` (from 0) of SplitMix64 seeded with ``seed``: no state to carry."""
    return _mix(seed + (index + 1) * ENERNET_SPLITMIX_GAMMA)


cdef struct Words:
    # A source of further 64-bit words for the ziggurat's rare rejections: SplitMix64 from
    # ``state`` when ``raw`` is NULL, else the next entries of ``raw`` (the tests' numpy words).
    uint64_t state
    const uint64_t* raw
    Py_ssize_t position


cdef inline uint64_t _next_word(Words* words) noexcept nogil:
    if words.raw != NULL:
        words.position += 1
        return words.raw[words.position - 1]
    words.state += ENERNET_SPLITMIX_GAMMA
    return _mix(words.state)


cdef inline double _next_unit(Words* words) noexcept nogil:
    """A double in [0, 1) from the top 53 bits of the next word (numpy's ``next_double``)."""
    return (_next_word(words) >> 11) * TWO_POW_MINUS_53


cdef double _ziggurat_slow(uint64_t u, Words* words) noexcept nogil:
    """The ziggurat from word ``u`` on, rejections included (numpy's ``random_standard_normal``)."""
    cdef uint64_t r, rabs
    cdef int idx
    cdef double x, xx, yy
    while True:
        idx = u & 0xff
        r = u >> 8
        rabs = (r >> 1) & <uint64_t>0x000fffffffffffffULL
        x = rabs * wi[idx]
        if r & 1:
            x = -x
        if rabs < ki[idx]:
            return x
        if idx == 0:
            # The tail beyond R (Marsaglia 1964); 1 - U avoids log(0).
            while True:
                xx = -ZIGGURAT_INV_R * log1p(-_next_unit(words))
                yy = -log1p(-_next_unit(words))
                if yy + yy > xx * xx:
                    return -(ZIGGURAT_R + xx) if (rabs >> 8) & 1 else ZIGGURAT_R + xx
        elif (fi[idx - 1] - fi[idx]) * _next_unit(words) + fi[idx] < exp(-0.5 * x * x):
            return x
        u = _next_word(words)


cdef inline double draw(uint64_t key1, uint64_t key2, uint64_t counter) noexcept nogil:
    """Standard normal number ``counter`` of the keyed family (see the module docstring)."""
    cdef uint64_t u = _splitmix_output(key1, counter)
    cdef int idx = u & 0xff
    cdef uint64_t rabs = (u >> 9) & <uint64_t>0x000fffffffffffffULL
    cdef Words words
    if rabs < ki[idx]:  # the fast path, about 99 % of draws
        # rabs < 2**52 converts exactly through int64 (cheaper than from uint64), and the sign is
        # a multiplication by +-1 (exactly -x), not a branch that fails half the time.
        return (<double><int64_t>rabs * wi[idx]) * (1.0 - 2.0 * <double>((u >> 8) & 1))
    words.state = _splitmix_output(key2, counter)
    words.raw = NULL
    words.position = 0
    return _ziggurat_slow(u, &words)


def normal(uint64_t key1, uint64_t key2, uint64_t counter):
    """Draw ``counter`` of the keyed family, one at a time (for per-agent code and tests)."""
    return draw(key1, key2, counter)


def splitmix64(uint64_t seed, Py_ssize_t count):
    """The first ``count`` outputs of SplitMix64 seeded with ``seed`` (a list of ints; for tests)."""
    return [_splitmix_output(seed, i) for i in range(count)]


def normals_from_words(const uint64_t[::1] words, double[::1] out):
    """Fill ``out`` with the ziggurat's normals made from ``words`` in order; returns the words used.

    numpy's ``Generator(bit_generator).standard_normal`` makes the same numbers from the same
    words (``bit_generator.random_raw``): the tests' oracle for the ziggurat. ``words`` must be
    long enough (about 1.02 words a draw); a shortfall raises ``ValueError``.
    """
    cdef Words source
    cdef Py_ssize_t i, n = out.shape[0], end = words.shape[0]
    cdef uint64_t u
    source.raw = &words[0]
    source.position = 0
    source.state = 0
    for i in range(n):
        if source.position + 64 > end:  # room for any realistic run of rejections
            raise ValueError(f"{end} words are too few for {n} normals")
        u = _next_word(&source)
        out[i] = _ziggurat_slow(u, &source)
    return source.position


def fill_normals(uint64_t key1, uint64_t key2, uint64_t first_counter, double[::1] out):
    """``out[h]`` = draw ``first_counter + h`` of the keyed family, for every h."""
    cdef Py_ssize_t h
    with nogil:
        for h in range(out.shape[0]):
            out[h] = draw(key1, key2, first_counter + h)


def ar1_log_factors(uint64_t key1, uint64_t key2, uint64_t first_row, double[::1] log_noise,
                    Py_ssize_t first_household, double phi, double innovation_sigma, double half_variance,
                    double[:, ::1] log_factor):
    """Advance households' AR(1) log noise over ``log_factor.shape[1]`` intervals.

    Households ``first_household`` to ``first_household + log_factor.shape[0]`` (of n =
    ``log_noise.shape[0]``); for household i, row ``i - first_household`` of ``log_factor``, and
    interval k of the block: ``log_factor[i - first_household, k] = x - half_variance`` (the
    log-normal mean correction), then ``x <- x * phi + z * innovation_sigma`` with z = draw
    ``(first_row + k) * n + i``; ``log_noise[i]`` holds x and is advanced in place. The same
    operations, in the same order, as ``sim.metering.HouseholdLoads.next`` one interval at a
    time, so the bits agree.
    """
    cdef Py_ssize_t i, k, block, end, n = log_noise.shape[0], steps = log_factor.shape[1]
    cdef Py_ssize_t last = first_household + log_factor.shape[0]
    cdef double x
    with nogil:
        # Eight households side by side: each one's noise is a chain of dependent multiply-adds,
        # and eight independent chains keep the floating-point units busy.
        for block in range(first_household, last, 8):
            end = min(block + 8, last)
            for k in range(steps):
                for i in range(block, end):
                    x = log_noise[i]
                    log_factor[i - first_household, k] = x - half_variance
                    log_noise[i] = x * phi + draw(key1, key2, (first_row + k) * n + i) * innovation_sigma
