# cython: language_level=3
"""Homes' day kernels: people's occupancy chain and the dwellings' and tanks' thermal states.

The facades (``sim.home_energy.DayPlan``, ``sim.home_thermal.simulate_day``) validate and prepare
every input; these kernels trust them. Each repeats its numpy reference's operations in the same
order (``sim.home_energy.draw_states_reference``, ``sim.home_thermal.simulate_day_reference``), so
the two give the same bits (the extension is built without fused multiply-add).
"""


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
    const double[:, ::1] set_cool,
    const double[:, ::1] set_heat,
    const double[:, ::1] draw_j,
    const unsigned char[:, ::1] heater_allowed,
    const double[::1] h_fast,
    const double[::1] h_mass_out,
    const double[::1] h_air_mass,
    const double[::1] c_air,
    const double[::1] c_mass,
    const double[::1] floor_m2,
    const double[::1] cooling_w,
    const double[::1] heating_w,
    const unsigned char[::1] has_tank,
    double solar_aperture, double occupant_gain_w, double appliance_gain_w_per_kw,
    double air_share_internal, double air_share_solar, double cooled_share, double heated_share,
    double tank_loss_w_per_k, double room_c, double tank_c_per_j, double tank_w, double low_c, double high_c,
    double setpoint_c, double dt_s,
    double[:, ::1] cool_kw,
    double[:, ::1] heat_kw,
    double[:, ::1] water_kw,
):
    """Advance every home's dwelling (air and mass) and tank through the day's intervals (see
    ``sim.home_thermal``'s equations); write cooling, heating and water-heating electricity [kW]."""
    cdef Py_ssize_t h, t, n = indoor_c.shape[0], steps = ambient_c.shape[0]
    cdef double d, beta, e, cool_max, heat_max, internal, solar, alpha, f, q_cool, q_heat, need, q_tank, out_c
    cdef bint on
    with nogil:
        for h in range(n):
            d = c_mass[h] / dt_s + h_mass_out[h] + h_air_mass[h]
            beta = h_air_mass[h] / d
            e = c_air[h] / dt_s + h_fast[h] + h_air_mass[h] * (1.0 - beta)
            cool_max = cooling_w[h]  # the rooms in use hold their share of the units (sim.home_thermal)
            heat_max = heating_w[h]
            for t in range(steps):
                out_c = ambient_c[t]
                internal = occupant_gain_w * present[h, t] + appliance_gain_w_per_kw * appliance_kw[h, t]
                solar = solar_aperture * floor_m2[h] * ghi_w_m2[t]
                alpha = (c_mass[h] / dt_s * mass_c[h] + h_mass_out[h] * out_c + (1.0 - air_share_internal) * internal
                         + (1.0 - air_share_solar) * solar) / d
                f = c_air[h] / dt_s * indoor_c[h] + h_fast[h] * out_c + air_share_internal * internal \
                    + air_share_solar * solar + h_air_mass[h] * alpha
                q_cool = 0.0
                if present[h, t] > 0 and f > e * set_cool[h, t]:
                    need = f - e * set_cool[h, t]
                    q_cool = cool_max if cool_max < need else need
                q_heat = 0.0
                if active[h, t] > 0 and f < e * set_heat[h, t]:
                    need = e * set_heat[h, t] - f
                    q_heat = heat_max if heat_max < need else need
                indoor_c[h] = (f - q_cool + q_heat) / e
                mass_c[h] = alpha + beta * indoor_c[h]
                cool_kw[h, t] = cooled_share * q_cool / cooling_cop[t] / 1000.0
                heat_kw[h, t] = heated_share * q_heat / heating_cop[t] / 1000.0
                tank_c[h] = tank_c[h] - (draw_j[h, t] + tank_loss_w_per_k * (tank_c[h] - room_c) * dt_s) * tank_c_per_j
                on = has_tank[h] and heater_allowed[h, t] and (tank_c[h] < low_c or (heater_on[h] and tank_c[h] < high_c))
                heater_on[h] = on
                q_tank = 0.0
                if on:
                    q_tank = (high_c - tank_c[h]) / tank_c_per_j / dt_s
                    if tank_w < q_tank:
                        q_tank = tank_w
                tank_c[h] = tank_c[h] + q_tank * dt_s * tank_c_per_j
                water_kw[h, t] = q_tank / 1000.0
            if not has_tank[h]:
                tank_c[h] = setpoint_c
