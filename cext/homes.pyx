# cython: language_level=3
"""Homes' day kernels: people's occupancy chain, the dwellings' and tanks' thermal states (cycles: home_cycles).

The facades (``sim.home_energy.DayPlan``, ``sim.home_thermal.simulate_day``) validate and prepare
every input; these kernels trust them. Each repeats its numpy reference's operations in the same
order (``sim.home_energy``: ``draw_states_reference``, ``count_states_reference``; ``sim.home_thermal``:
``simulate_day_reference``, ``_draw_j``; numpy's ``Generator.random`` on a ``Philox``), so the two give
the same bits (the extension is built without fused multiply-add; tests/scenarios/test_homes.py).
"""
import numpy as np

from libc.stdint cimport int64_t, uint64_t

from cext.pairwise cimport pairwise_sum

cdef extern from *:
    """
    #include <stdint.h>
    /* Random123's Philox4x64-10, as numpy's Philox bit generator runs it (numpy/random/src/philox),
       with 128-bit products (interleaving four counters was no faster here). */
    static inline uint64_t enernet_mulhilo64(uint64_t a, uint64_t b, uint64_t *hi) {
    #if defined(__SIZEOF_INT128__)
        __uint128_t product = (__uint128_t)a * b;
        *hi = (uint64_t)(product >> 64);
        return (uint64_t)product;
    #else  /* from 32-bit halves, as numpy's portable path */
        uint64_t a_lo = a & 0xFFFFFFFFULL, a_hi = a >> 32, b_lo = b & 0xFFFFFFFFULL, b_hi = b >> 32;
        uint64_t ll = a_lo * b_lo, lh = a_lo * b_hi, hl = a_hi * b_lo, hh = a_hi * b_hi;
        uint64_t middle = (ll >> 32) + (lh & 0xFFFFFFFFULL) + (hl & 0xFFFFFFFFULL);
        *hi = hh + (lh >> 32) + (hl >> 32) + (middle >> 32);
        return a * b;
    #endif
    }
    static inline void enernet_philox4x64_10(const uint64_t *ctr, const uint64_t *key, uint64_t *out) {
        uint64_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3], k0 = key[0], k1 = key[1];
        uint64_t hi0, hi1, lo0, lo1;
        int r;
        for (r = 0; r < 10; r++) {
            if (r > 0) { k0 += 0x9E3779B97F4A7C15ULL; k1 += 0xBB67AE8584CAA73BULL; }
            lo0 = enernet_mulhilo64(0xD2E7470EE14C6C93ULL, c0, &hi0);
            lo1 = enernet_mulhilo64(0xCA5A826395121157ULL, c2, &hi1);
            c0 = hi1 ^ c1 ^ k0; c1 = lo1; c2 = hi0 ^ c3 ^ k1; c3 = lo0;
        }
        out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
    }
    """
    void enernet_philox4x64_10(const uint64_t *ctr, const uint64_t *key, uint64_t *out) nogil


cdef extern from *:
    """
    #include <math.h>
    #include <stdint.h>
    /* out[h, j] = fma(counts[h, s_m], w_m, ...) over interval j's steps m in order, from 0.0: the
       single accumulator OpenBLAS's dgemm kernels keep per output (FMA kernels), so the bits numpy's
       ``counts @ weights`` gives for many homes, the zero weights skipped (fma(x, 0, acc) = acc for
       finite x). Unlike ``@`` (one home goes through gemv, small products another path), each home
       gets the same bits however many are planned together. fma() is exact by IEEE 754; where the
       CPU has FMA3 the instruction is called directly (the same result). */
    #define ENERNET_SPREAD_BODY(FMA)                                                  \
        for (int64_t h = 0; h < n; h++) {                                             \
            const double *row = counts + h * steps;                                   \
            double *dest = out + h * intervals;                                       \
            for (int64_t j = 0; j < intervals; j++) {                                 \
                double acc = 0.0;                                                     \
                for (int64_t m = offsets[j]; m < offsets[j + 1]; m++)                 \
                    acc = FMA(row[step[m]], weight[m], acc);                          \
                dest[j] = acc;                                                        \
            }                                                                         \
        }
    static void enernet_spread_libm(const double *counts, int64_t n, int64_t steps, const int64_t *offsets,
                                    const int64_t *step, const double *weight, int64_t intervals, double *out) {
        ENERNET_SPREAD_BODY(fma)
    }
    #if defined(__GNUC__) && defined(__x86_64__)
    __attribute__((target("fma")))
    static void enernet_spread_fma3(const double *counts, int64_t n, int64_t steps, const int64_t *offsets,
                                    const int64_t *step, const double *weight, int64_t intervals, double *out) {
        ENERNET_SPREAD_BODY(__builtin_fma)
    }
    #endif
    static void enernet_spread(const double *counts, int64_t n, int64_t steps, const int64_t *offsets,
                               const int64_t *step, const double *weight, int64_t intervals, double *out) {
    #if defined(__GNUC__) && defined(__x86_64__)
        if (__builtin_cpu_supports("fma")) {
            enernet_spread_fma3(counts, n, steps, offsets, step, weight, intervals, out);
            return;
        }
    #endif
        enernet_spread_libm(counts, n, steps, offsets, step, weight, intervals, out);
    }
    """
    void enernet_spread(const double *counts, int64_t n, int64_t steps, const int64_t *offsets,
                        const int64_t *step, const double *weight, int64_t intervals, double *out) nogil


def spread_to_intervals(const double[:, ::1] counts, const int64_t[::1] offsets, const int64_t[::1] step,
                        const double[::1] weight, double[:, ::1] out):
    """out = counts @ W for a (steps, intervals) W given by its non-zero entries, interval by interval
    (``offsets``: interval j's are ``step[offsets[j]:offsets[j + 1]]``, ``weight`` likewise, steps
    increasing), as OpenBLAS's dgemm kernels round it: one fused multiply-add after another from 0."""
    if counts.shape[0] == 0:
        return
    with nogil:
        enernet_spread(&counts[0, 0], counts.shape[0], counts.shape[1], &offsets[0], &step[0], &weight[0],
                       out.shape[1], &out[0, 0])


def philox_uniforms(uint64_t[::1] counter, const uint64_t[::1] key, uint64_t[::1] buffer, long buffer_pos,
                    double[::1] out):
    """Fill ``out`` with the next uniforms of a numpy ``Philox`` in state (counter, key, buffer,
    buffer_pos), as ``Generator.random`` makes them; advance ``counter`` and ``buffer`` in place and
    return the buffer position (``sim.home_energy._UniformStream`` writes the state back)."""
    cdef Py_ssize_t i, j, n = out.shape[0]
    cdef uint64_t ctr[4]
    cdef uint64_t words[4]
    cdef uint64_t keys[2]
    with nogil:
        for j in range(4):  # locals, out of reach of ``out``'s stores
            ctr[j] = counter[j]
            words[j] = buffer[j]
        keys[0] = key[0]
        keys[1] = key[1]
        for i in range(n):  # numpy's philox_next + next_double
            if buffer_pos >= 4:
                ctr[0] += 1  # a 256-bit counter
                if ctr[0] == 0:
                    ctr[1] += 1
                    if ctr[1] == 0:
                        ctr[2] += 1
                        if ctr[2] == 0:
                            ctr[3] += 1
                enernet_philox4x64_10(ctr, keys, words)
                buffer_pos = 0
            out[i] = (words[buffer_pos] >> 11) * (1.0 / 9007199254740992.0)
            buffer_pos += 1
        for j in range(4):
            counter[j] = ctr[j]
            buffer[j] = words[j]
    return buffer_pos


def occupancy_day(
    const double[:, :, :, ::1] cumulative,
    const double[:, ::1] start,
    const long[::1] roles,
    const double[:, ::1] uniforms,
    signed char[:, ::1] states,
):
    """Each person's state per 10-minute step (people, steps) from its role's chain.

    cumulative : (roles, steps, 3, 3) cumulative transition rows; start : (roles, 3) cumulative
    shares at the day's start; uniforms : (people, steps + 1) in [0, 1); a state is the number of
    cumulative entries the uniform reaches (inverse CDF).
    """
    cdef Py_ssize_t i, t, k, state, role
    cdef Py_ssize_t people = roles.shape[0], steps = states.shape[1]
    cdef double u
    with nogil:
        for i in range(people):
            role = roles[i]
            u = uniforms[i, 0]
            state = 0
            for k in range(3):
                if u >= start[role, k]:
                    state += 1
            for t in range(steps):
                states[i, t] = <signed char>state
                u = uniforms[i, t + 1]
                k = state
                state = 0
                if u >= cumulative[role, t, k, 0]:
                    state += 1
                if u >= cumulative[role, t, k, 1]:
                    state += 1
                if u >= cumulative[role, t, k, 2]:
                    state += 1


def dwelling_day(
    double[::1] indoor_c,
    double[::1] mass_c,
    double[::1] tank_c,
    unsigned char[::1] heater_on,
    const double[::1] ambient_c,
    const double[::1] ghi_w_m2,
    const double[::1] cooling_cop,
    const double[::1] heating_cop,
    const double[:, ::1] active,
    const double[:, ::1] present,
    const double[:, ::1] appliance_kw,
    const double[:, :] set_cool,
    const double[:, :] set_heat,
    const double[:, ::1] draw_j,
    const unsigned char[:, :] heater_allowed,
    const double[::1] h_fast,
    const double[::1] h_mass_out,
    const double[::1] h_air_mass,
    const double[::1] c_air,
    const double[::1] c_mass,
    const double[::1] floor_m2,
    const double[::1] cooling_w,
    const double[::1] heating_w,
    const unsigned char[::1] has_tank,
    const unsigned char[::1] resistive,
    double solar_aperture, double occupant_gain_w, double appliance_gain_w_per_kw,
    double air_share_internal, double air_share_solar, double cooled_share, double heated_share,
    double tank_loss_w_per_k, double room_c, double tank_c_per_j, double tank_w, double low_c, double high_c,
    double setpoint_c, double use_c, double cold_c, double dt_s,
    double[:, ::1] cool_kw,
    double[:, ::1] heat_kw,
    double[:, ::1] water_kw,
    double[::1] unmet_j,
):
    """Advance every home's dwelling (air and mass) and tank through the day's intervals (see
    ``sim.home_thermal``'s equations); write cooling, heating and water-heating electricity [kW].
    ``set_cool``, ``set_heat`` and ``heater_allowed`` may be broadcast (strides 0: the defaults).
    ``unmet_j`` (n,): each home's hot water short of the use temperature today [J]."""
    cdef Py_ssize_t h, t, n = indoor_c.shape[0], steps = ambient_c.shape[0]
    cdef double d, beta, e, cool_max, heat_max, internal, solar, alpha, f, q_cool, q_heat, need, q_tank, out_c
    cdef double drawn, short, use_rise = use_c - cold_c
    cdef double mass_per_s, air_per_s, hf, hmo, ham, air, mass, tank
    cdef bint on, was_on
    with nogil:
        for h in range(n):
            # the home's constants and states in locals: the same operations in the same order (same
            # bits), without reloading them through memory on the interval-to-interval chain
            mass_per_s = c_mass[h] / dt_s
            air_per_s = c_air[h] / dt_s
            hf = h_fast[h]
            hmo = h_mass_out[h]
            ham = h_air_mass[h]
            air = indoor_c[h]
            mass = mass_c[h]
            tank = tank_c[h]
            was_on = heater_on[h]
            d = mass_per_s + hmo + ham
            beta = ham / d
            e = air_per_s + hf + ham * (1.0 - beta)
            cool_max = cooling_w[h]  # the rooms in use hold their share of the units (sim.home_thermal)
            heat_max = heating_w[h]
            short = 0.0
            for t in range(steps):
                out_c = ambient_c[t]
                internal = occupant_gain_w * present[h, t] + appliance_gain_w_per_kw * appliance_kw[h, t]
                solar = solar_aperture * floor_m2[h] * ghi_w_m2[t]
                alpha = (mass_per_s * mass + hmo * out_c + (1.0 - air_share_internal) * internal
                         + (1.0 - air_share_solar) * solar) / d
                f = air_per_s * air + hf * out_c + air_share_internal * internal \
                    + air_share_solar * solar + ham * alpha
                q_cool = 0.0
                if present[h, t] > 0 and f > e * set_cool[h, t]:
                    need = f - e * set_cool[h, t]
                    q_cool = cool_max if cool_max < need else need
                q_heat = 0.0
                if active[h, t] > 0 and f < e * set_heat[h, t]:
                    need = e * set_heat[h, t] - f
                    q_heat = heat_max if heat_max < need else need
                air = (f - q_cool + q_heat) / e
                mass = alpha + beta * air
                cool_kw[h, t] = cooled_share * q_cool / cooling_cop[t] / 1000.0
                if resistive[h]:  # an electric heater: every joule of heat is a joule of electricity
                    heat_kw[h, t] = heated_share * q_heat / 1000.0
                else:
                    heat_kw[h, t] = heated_share * q_heat / heating_cop[t] / 1000.0
                drawn = draw_j[h, t]
                if has_tank[h] and tank < use_c:
                    # colder than the use temperature: all the water comes from the tank, unmixed, and
                    # brings only (tank - cold) of the (use - cold) people wanted; the rest goes short
                    drawn = draw_j[h, t] * (tank - cold_c) / use_rise if tank > cold_c else 0.0
                    short = short + (draw_j[h, t] - drawn)
                tank = tank - (drawn + tank_loss_w_per_k * (tank - room_c) * dt_s) * tank_c_per_j
                on = has_tank[h] and heater_allowed[h, t] and (tank < low_c or (was_on and tank < high_c))
                was_on = on
                q_tank = 0.0
                if on:
                    q_tank = (high_c - tank) / tank_c_per_j / dt_s
                    if tank_w < q_tank:
                        q_tank = tank_w
                tank = tank + q_tank * dt_s * tank_c_per_j
                water_kw[h, t] = q_tank / 1000.0
            indoor_c[h] = air
            mass_c[h] = mass
            tank_c[h] = tank
            heater_on[h] = was_on
            unmet_j[h] = short
            if not has_tank[h]:
                tank_c[h] = setpoint_c


# -- the day plan's other kernels (issue 16's performance step): each repeats a numpy reference in
# ``sim.home_energy`` / ``sim.home_thermal`` operation for operation, in the same order --

def occupancy_counts(
    const double[:, :, :, ::1] cumulative,
    const double[:, ::1] start,
    const long[::1] roles,
    const double[:, ::1] uniforms,
    const long[::1] first_person,
    double[:, ::1] active,
    double[:, ::1] present,
):
    """``occupancy_day``'s chain, counted per home as it goes: active[h, t] (present[h, t]) = the
    people of home h active (not away) in step t. People are sorted by home; home h's are
    first_person[h] up to the next home's first (the facade checks that every home has 1 to 64).
    The people of a home advance together, step by step (their chains overlap in the core)."""
    cdef Py_ssize_t h, p, t, lo, hi, role
    cdef Py_ssize_t n = first_person.shape[0], people = roles.shape[0], steps = active.shape[1]
    cdef long state
    cdef double u
    cdef long st[64]
    cdef const double* c
    cdef int n_active, n_present
    with nogil:
        for h in range(n):
            lo = first_person[h]
            hi = first_person[h + 1] if h + 1 < n else people
            for p in range(lo, hi):
                role = roles[p]
                u = uniforms[p, 0]
                st[p - lo] = (u >= start[role, 0]) + (u >= start[role, 1]) + (u >= start[role, 2])
            for t in range(steps):
                n_active = 0
                n_present = 0
                for p in range(lo, hi):
                    state = st[p - lo]
                    n_active += (state == 2)
                    n_present += (state != 0)
                    u = uniforms[p, t + 1]
                    c = &cumulative[roles[p], t, state, 0]
                    st[p - lo] = (u >= c[0]) + (u >= c[1]) + (u >= c[2])
                active[h, t] = n_active
                present[h, t] = n_present


def hot_water_draws(const double[:, ::1] active, const double[::1] shape, const double[::1] day_draw_j,
                    double[:, ::1] draw_j):
    """draw_j[h] = day_draw_j[h] * use / max(use.sum(), 1e-12), use = active[h] * shape [J]."""
    cdef Py_ssize_t h, t, steps = shape.shape[0]
    cdef double total
    cdef double[::1] use = np.empty(steps)
    with nogil:
        for h in range(active.shape[0]):
            for t in range(steps):
                use[t] = active[h, t] * shape[t]
            total = 0.0 + pairwise_sum(&use[0], steps)
            if not total > 1e-12:
                total = 1e-12
            for t in range(steps):
                draw_j[h, t] = day_draw_j[h] * (use[t] / total)


def end_use_totals(const double[:, :, ::1] by_end_use, double[:, ::1] total, double[:, ::1] total_t):
    """total[h, t] = total_t[t, h] = the end uses' sum, added one after another as numpy's
    ``by_end_use.sum(axis=0)`` adds them (((0.0 + e0) + e1) + e2 ...: the 0.0 makes five -0.0 a
    +0.0, as numpy's), in one pass instead of a sum and a transposed copy; homes go in blocks, so
    the transposed writes stay in cache."""
    cdef Py_ssize_t h, h0, h1, t, k, n = by_end_use.shape[1], steps = by_end_use.shape[2]
    cdef Py_ssize_t uses = by_end_use.shape[0]
    cdef double* row
    cdef const double* add
    with nogil:
        for h0 in range(0, n, 32):
            h1 = h0 + 32 if h0 + 32 < n else n
            for h in range(h0, h1):
                row = &total[h, 0]
                add = &by_end_use[0, h, 0]
                for t in range(steps):
                    row[t] = 0.0 + add[t]
                for k in range(1, uses):
                    add = &by_end_use[k, h, 0]
                    for t in range(steps):
                        row[t] = row[t] + add[t]
            for t in range(steps):
                for h in range(h0, h1):
                    total_t[t, h] = total[h, t]
