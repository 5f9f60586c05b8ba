"""The dwelling and the water tank over one day, interval by interval, vectorised over homes.

Dwelling: two nodes (2R2C), the air (with furniture, capacity C_a) and the building's mass (C_m),
as ISO 13790's simple hourly method with its surface node merged into the air node:

    C_a dT_a/dt = H_f (T_out - T_a) + H_am (T_m - T_a) + f_i G_int + f_s G_sol + Q
    C_m dT_m/dt = H_em (T_out - T_m) + H_am (T_a - T_m) + (1 - f_i) G_int + (1 - f_s) G_sol

H_f: windows and ventilation (the fast path); H_em: the opaque envelope, in series with H_am so
that H_f + (H_em H_am) / (H_em + H_am) is the steady UA; G_int: people (100 W each at home) and
80 % of the appliances' electricity; G_sol: the horizontal irradiance through the windows;
f_i, f_s: the shares reaching the air. Backward Euler over each interval (stable at any step;
the air's time constant is minutes): the mass equation gives T_m' = alpha + beta T_a', so

    T_a' = (F + Q) / E,   E = C_a/dt + H_f + H_am (1 - beta),
    F = C_a/dt T_a + H_f T_out + f_i G_int + f_s G_sol + H_am alpha,
    alpha = (C_m/dt T_m + H_em T_out + (1 - f_i) G_int + (1 - f_s) G_sol) / D,  beta = H_am / D,
    D = C_m/dt + H_em + H_am.

An ideal thermostat on the air with a capacity limit: cooling, while someone is home, holds
T_a' at the setpoint, Q = -min(capacity, F - E T_set); heating, while someone is active,
Q = min(capacity, E T_set - F). The rooms in use (shares s_c and s_h of the floor, "part-time,
part-space" conditioning) follow the dwelling's per-m2 physics and the rest floats; they hold
the same share of the home's air conditioners (one per 39 m2), so they need s |Q| at most s
capacity. After a
setback the room comes back at full power while the mass gives back its heat: the rebound DR sees.

    electricity = s_c Q_c / COP_c(T_out) + s_h Q_h / COP_h(T_out)

with COP_c = COP_c,rated * (1 + slope_c * (35 - T_out)) and COP_h = COP_h,rated * (1 + slope_h *
(T_out - 7)), each floored (rated at ISO 5151's T1 and H1 conditions).

Tank: one node, fully mixed. Hot water used at 40 degC from cold water at 15 degC: while the tank
is above 40 degC, a draw of V litres mixes V (40 - 15) / (T_tank - 15) from the tank with cold water
and removes V c (40 - 15); below it, all V comes from the tank unmixed and removes V c (T_tank - 15),
and V c (40 - T_tank) goes short (``unmet_j``: the hot water a DR call or a critical-peak answer
that switched the heater off cost; the check uses the tank's temperature at the interval's start).
Standby loss UA_tank * (T_tank - 20 degC); the element (rated kW) switches on below setpoint - dead
band and off at the setpoint.

Heating is by the air conditioners (heat pumps, the COP above) or, in homes with an electric
heater instead (``spec.heating_resistive``), by resistance: electricity = s_h Q_h.

The parameters (``spec.params``: setpoints, COP curves, conditioned shares, gains, tank) come from
``scenarios.world.home_catalogue`` through ``scenarios.world.homes.home_spec``, their one source.
"""
from __future__ import annotations

import numpy as np

WATER_J_PER_L_K = 4186.0


def cooling_cop(ambient_c, p: dict):
    """Cooling COP at outdoor ``ambient_c`` [degC]: rated at 35 degC (ISO 5151 T1), better when milder."""
    return np.maximum(p["cooling_cop_min"],
                      p["cooling_cop_rated"] * (1 + p["cooling_cop_slope_per_k"] * (35.0 - ambient_c)))


def heating_cop(ambient_c, p: dict):
    """Heating COP at outdoor ``ambient_c`` [degC]: rated at 7 degC (ISO 5151 H1), worse when colder."""
    return np.maximum(p["heating_cop_min"],
                      p["heating_cop_rated"] * (1 + p["heating_cop_slope_per_k"] * (ambient_c - 7.0)))


def hot_water_shape(interval_min: int) -> np.ndarray:
    """Relative hot-water use over the day per active person: showers in the evening and morning.

    Assumed: no Chinese hourly profile has been published. Showers before bed (evening-dominated:
    about a third of the day's use 19-23 h against a sixth 06-09 h, for people active all day) follow
    the zone's habit of a daily summer shower (Hokoi et al. 2013, Nanjing and Hefei); the US profile
    of ANSI/RESNET 301 (24 % 06-09 h, 20 % 19-23 h) peaks in the morning and is not used."""
    hours = (np.arange(24 * 60 // interval_min) + 0.5) * interval_min / 60.0
    return 1.0 + 3.0 * np.exp(-0.5 * ((hours - 20.5) / 1.2) ** 2) + 1.5 * np.exp(-0.5 * ((hours - 7.0) / 0.8) ** 2)


def simulate_day(indoor_c, mass_c, tank_c, heater_on, ambient_c, ghi_w_m2, active, present, appliance_kw, spec,
                 interval_min: int, cooling_setpoint_c=None, heating_setpoint_c=None, heater_allowed=None,
                 unmet_j=None):
    """``simulate_day_reference`` in the Cython kernel ``cext.homes.dwelling_day`` (same bits)."""
    n, steps = active.shape
    cool, heat, water = np.zeros((n, steps)), np.zeros((n, steps)), np.zeros((n, steps))
    _simulate_into(indoor_c, mass_c, tank_c, heater_on, ambient_c, ghi_w_m2, active, present, appliance_kw, spec,
                   interval_min, cooling_setpoint_c, heating_setpoint_c, heater_allowed, cool, heat, water, unmet_j)
    return cool, heat, water


def _simulate_into(indoor_c, mass_c, tank_c, heater_on, ambient_c, ghi_w_m2, active, present, appliance_kw,
                   spec, interval_min: int,
                   cooling_setpoint_c, heating_setpoint_c, heater_allowed, cool, heat, water, unmet_j=None) -> None:
    """``simulate_day`` writing into ``cool``, ``heat`` and ``water`` (n, intervals) [kW] (C-contiguous)
    and each home's hot water short today into ``unmet_j`` (n,) [J] (None: not kept)."""
    from enernet.cext.homes import dwelling_day, hot_water_draws

    p = spec.params
    n, steps = active.shape
    ambient_c = np.ascontiguousarray(ambient_c, dtype=np.float64)
    active = np.ascontiguousarray(active, dtype=np.float64)
    # the defaults broadcast, not filled (the kernel reads them through strides of 0)
    set_cool = (np.ascontiguousarray(cooling_setpoint_c, dtype=np.float64) if cooling_setpoint_c is not None
                else np.broadcast_to(np.float64(p["cooling_setpoint_c"]), (n, steps)))
    set_heat = (np.ascontiguousarray(heating_setpoint_c, dtype=np.float64) if heating_setpoint_c is not None
                else np.broadcast_to(np.float64(p["heating_setpoint_c"]), (n, steps)))
    allowed = (np.ascontiguousarray(heater_allowed, dtype=np.uint8) if heater_allowed is not None
               else np.broadcast_to(np.uint8(1), (n, steps)))
    # _draw_j in a kernel (same bits): each home's day of hot water over its active people
    day_draw_j = p["hot_water_l_per_person_day"] * p["hot_water_rise_k"] * WATER_J_PER_L_K * spec.occupants
    draw_j = np.empty((n, steps))
    hot_water_draws(active, hot_water_shape(interval_min), np.ascontiguousarray(day_draw_j, dtype=np.float64), draw_j)
    on = heater_on.view(np.uint8)
    unmet_j = np.empty(n) if unmet_j is None else unmet_j
    dwelling_day(indoor_c, mass_c, tank_c, on, ambient_c, np.ascontiguousarray(ghi_w_m2, dtype=np.float64),
                 np.ascontiguousarray(cooling_cop(ambient_c, p), dtype=np.float64),  # per interval: the same
                 np.ascontiguousarray(heating_cop(ambient_c, p), dtype=np.float64),  # operations as per number
                 active, np.ascontiguousarray(present, dtype=np.float64),
                 np.ascontiguousarray(appliance_kw, dtype=np.float64),
                 set_cool, set_heat, draw_j, allowed, *_envelope(spec),
                 spec.floor_m2, spec.cooling_w, spec.heating_w, spec.water_heater.view(np.uint8),
                 spec.heating_resistive.view(np.uint8),
                 p["solar_aperture_per_m2"], p["occupant_gain_w"], p["appliance_gain_share"] * 1000.0,
                 p["air_share_internal_gains"], p["air_share_solar_gains"], p["cooled_share"], p["heated_share"],
                 p["tank_loss_w_per_k"], p["room_for_tank_c"], 1.0 / (p["tank_l"] * WATER_J_PER_L_K),
                 p["tank_kw"] * 1000.0, p["tank_setpoint_c"] - p["tank_deadband_k"], p["tank_setpoint_c"],
                 p["tank_setpoint_c"], p["hot_water_use_c"], p["cold_water_c"], interval_min * 60.0,
                 cool, heat, water, unmet_j)


def _envelope(spec) -> tuple[np.ndarray, ...]:
    """(H_f, H_em, H_am [W/K], C_a, C_m [J/K]) per home: H_em is what leaves the steady UA, through
    the mass in series with H_am, after the fast path H_f."""
    opaque = np.maximum(spec.ua_w_per_k - spec.fast_w_per_k, 1e-9)
    mass_out = 1.0 / np.maximum(1.0 / opaque - 1.0 / spec.air_mass_w_per_k, 1e-12)
    return (np.ascontiguousarray(spec.fast_w_per_k, dtype=np.float64), mass_out,
            np.ascontiguousarray(spec.air_mass_w_per_k, dtype=np.float64),
            np.ascontiguousarray(spec.air_j_per_k, dtype=np.float64),
            np.ascontiguousarray(spec.capacity_j_per_k, dtype=np.float64))


def _allowed(heater_allowed, n: int, steps: int) -> np.ndarray:
    """(n, intervals) uint8: 1 where the water heater may switch on (0: switched off, a DR response)."""
    if heater_allowed is None:
        return np.ones((n, steps), dtype=np.uint8)
    return np.ascontiguousarray(heater_allowed, dtype=np.uint8)


def _draw_j(spec, active, interval_min: int) -> np.ndarray:
    """(n, intervals) hot water drawn [J]: each home's day of hot water in proportion to its active
    people and the day's shape."""
    p = spec.params
    day_draw_j = p["hot_water_l_per_person_day"] * p["hot_water_rise_k"] * WATER_J_PER_L_K * spec.occupants
    use = active * hot_water_shape(interval_min)[None, :]
    draw_share = use / np.maximum(use.sum(axis=1), 1e-12)[:, None]
    return np.ascontiguousarray(day_draw_j[:, None] * draw_share)


def simulate_day_reference(indoor_c, mass_c, tank_c, heater_on, ambient_c, ghi_w_m2, active, present, appliance_kw,
                           spec, interval_min: int, cooling_setpoint_c=None, heating_setpoint_c=None,
                           heater_allowed=None, unmet_j=None):
    """Advance every home through the day's intervals; update ``indoor_c``, ``mass_c``, ``tank_c``
    and ``heater_on`` in place; return cooling, heating and water-heating electricity (n, intervals) [kW].

    ambient_c, ghi_w_m2 : (intervals,) the day's weather; active, present : (n, intervals) people
    active / at home; appliance_kw : (n, intervals) the other appliances' load (a share of it heats
    the rooms); cooling_setpoint_c, heating_setpoint_c : (n, intervals) or None for the defaults;
    unmet_j : (n,) or None, written with each home's hot water short today [J].
    """
    p = spec.params
    n, steps = active.shape
    dt_s = interval_min * 60.0
    h_fast, h_mass_out, h_air_mass, c_air, c_mass = _envelope(spec)
    d = c_mass / dt_s + h_mass_out + h_air_mass
    beta = h_air_mass / d
    e = c_air / dt_s + h_fast + h_air_mass * (1.0 - beta)
    s_c, s_h = p["cooled_share"], p["heated_share"]  # part-space conditioning (the rooms in use)
    # the rooms in use hold their share of the units: per m2 of floor, the whole home's capacity
    cool_max, heat_max = spec.cooling_w, spec.heating_w
    f_i, f_s = p["air_share_internal_gains"], p["air_share_solar_gains"]
    cool = np.zeros((n, steps))
    heat = np.zeros((n, steps))
    water = np.zeros((n, steps))
    set_cool = cooling_setpoint_c if cooling_setpoint_c is not None else np.full((n, steps), p["cooling_setpoint_c"])
    set_heat = heating_setpoint_c if heating_setpoint_c is not None else np.full((n, steps), p["heating_setpoint_c"])
    tank_c_per_j = 1.0 / (p["tank_l"] * WATER_J_PER_L_K)
    draw = _draw_j(spec, active, interval_min)
    allowed = _allowed(heater_allowed, n, steps).astype(bool)
    has_tank = spec.water_heater
    tank_w = p["tank_kw"] * 1000.0
    low_c, high_c = p["tank_setpoint_c"] - p["tank_deadband_k"], p["tank_setpoint_c"]
    use_c, cold_c = p["hot_water_use_c"], p["cold_water_c"]
    resistive = spec.heating_resistive.astype(bool)
    short = np.zeros(n)
    for t in range(steps):  # the day's intervals, in order (each depends on the last), vectorised over homes
        out_c = float(ambient_c[t])
        internal = p["occupant_gain_w"] * present[:, t] + p["appliance_gain_share"] * 1000.0 * appliance_kw[:, t]
        solar = p["solar_aperture_per_m2"] * spec.floor_m2 * float(ghi_w_m2[t])
        alpha = (c_mass / dt_s * mass_c + h_mass_out * out_c + (1.0 - f_i) * internal + (1.0 - f_s) * solar) / d
        f = c_air / dt_s * indoor_c + h_fast * out_c + f_i * internal + f_s * solar + h_air_mass * alpha
        q_cool = np.where((present[:, t] > 0) & (f > e * set_cool[:, t]),
                          np.minimum(cool_max, f - e * set_cool[:, t]), 0.0)
        q_heat = np.where((active[:, t] > 0) & (f < e * set_heat[:, t]),
                          np.minimum(heat_max, e * set_heat[:, t] - f), 0.0)
        indoor_c[:] = (f - q_cool + q_heat) / e
        mass_c[:] = alpha + beta * indoor_c
        cool[:, t] = s_c * q_cool / cooling_cop(out_c, p) / 1000.0
        heat[:, t] = np.where(resistive, s_h * q_heat / 1000.0, s_h * q_heat / heating_cop(out_c, p) / 1000.0)
        # tank: today's hot water in proportion to the home's active people and the day's shape; below
        # the use temperature it all comes from the tank and falls short
        cold = has_tank & (tank_c < use_c)
        drawn = np.where(cold, np.where(tank_c > cold_c, draw[:, t] * (tank_c - cold_c) / (use_c - cold_c), 0.0),
                         draw[:, t])
        short += np.where(cold, draw[:, t] - drawn, 0.0)
        tank_c -= (drawn + p["tank_loss_w_per_k"] * (tank_c - p["room_for_tank_c"]) * dt_s) * tank_c_per_j
        heater_on[:] = has_tank & allowed[:, t] & ((tank_c < low_c) | (heater_on & (tank_c < high_c)))
        q_tank = np.where(heater_on, np.minimum(tank_w, (high_c - tank_c) / tank_c_per_j / dt_s), 0.0)
        tank_c += q_tank * dt_s * tank_c_per_j
        water[:, t] = q_tank / 1000.0
    tank_c[~has_tank] = p["tank_setpoint_c"]
    if unmet_j is not None:
        unmet_j[:] = short
    return cool, heat, water
