"""Electric vehicles: battery, consumption and charger per car (data from the emobpy wheel, MIT).

Vehicles: battery capacity from the 178 EV model-years of emobpy's ``evspecs.json`` (median 64 kWh);
consumption from a road-load model on each model's own data:
    e [kWh/km] = cycle_factor * (m g c_rr + 0.5 rho c_d A v^2) / eta_drive / 3.6e6 * 1000 + P_aux / v_avg
with m = curb weight + 75 kg driver, c_rr = 0.011, rho = 1.2 kg/m3, A = 0.85 x width x height,
v = 80 km/h for air drag (a mix of town and motorway), v_avg = 50 km/h, eta_drive = 0.95 x 0.95
(emobpy's transmission and battery-discharge efficiencies), P_aux = 300 W (emobpy's fallback
auxiliary power) and a cycle factor of 1.35 for the acceleration and braking of mixed driving. The
fleet median comes out near 0.17 kWh/km, the order of published real-world figures; the model
keeps the spread between light and heavy cars.

Cabin heating and cooling, after emobpy's model (Gaete-Morales et al. 2021, Scientific Data 8:152;
``emobpy.functions.qhvac`` and its constants), at steady state while driving at 50 km/h: the cabin
is held at 18 degC when it is colder outside (COP 1, resistive heating) and at 20 degC when it is
warmer (COP 2); the heat flow is the envelope's conductance (emobpy's four zones of glass and
insulated body, 14.5 m2, inner film 10 W/m2K, outer film 6.14 v^0.78 W/m2K at v = 13.9 m/s: UA =
40.3 W/K) plus ventilation (0.01 m3/s of air: 12.1 W/K), less (heating) or plus (cooling) one
occupant's 70 W. At 0 degC that is 0.87 kW, 17 Wh/km more; at -5 degC 23 Wh/km.

Each car is drawn per row of the ownership ranking from streams of their own, so a row's car does
not depend on how many cars are drawn.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data" / "emobpy"
G = 9.81
MEAN_SPEED_KM_H = 50.0

# emobpy's cabin: zone areas [m2] and layers (thickness [m], conductivity [W/mK]) per zone.
_CABIN_ZONES = {
    "lateral_windows": (1.5, [(0.0035, 1.38)]),
    "windshields": (1.7, [(0.0045, 0.6)]),
    "backlite": (1.4, [(0.0035, 1.38)]),
    "rest": (9.9, [(0.0009, 60.0), (0.058, 0.022), (0.002, 0.64), (0.001, 2.0)]),
}
HEATING_TARGET_C, COOLING_TARGET_C = 18.0, 20.0
HEATING_COP, COOLING_COP = 1.0, 2.0
OCCUPANT_W = 70.0
VENTILATION_W_PER_K = 0.01 * 1.2 * 1006.0  # air flow [m3/s] x density [kg/m3] x heat capacity [J/kgK]


def cabin_conductance_w_per_k(speed_m_s: float = MEAN_SPEED_KM_H / 3.6) -> float:
    """Envelope conductance UA of emobpy's cabin [W/K] (films in series with each zone's layers)."""
    outer = 6.14 * max(speed_m_s, 5.0) ** 0.78
    return sum(area / (1 / 10.0 + sum(t / k for t, k in layers) + 1 / outer)
               for area, layers in _CABIN_ZONES.values())


def hvac_kwh_per_km(ambient_c) -> np.ndarray:
    """Electricity for cabin heating or cooling per km driven at 50 km/h [kWh/km] (see module doc)."""
    t = np.asarray(ambient_c, dtype=np.float64)
    ua = cabin_conductance_w_per_k() + VENTILATION_W_PER_K
    heating_w = np.maximum(ua * (HEATING_TARGET_C - t) - OCCUPANT_W, 0.0) / HEATING_COP
    cooling_w = np.maximum(ua * (t - COOLING_TARGET_C) + OCCUPANT_W, 0.0) / COOLING_COP
    power_w = np.where(t < HEATING_TARGET_C, heating_w, np.where(t > COOLING_TARGET_C, cooling_w, 0.0))
    return power_w / 1000.0 / MEAN_SPEED_KM_H


@functools.lru_cache(maxsize=1)
def ev_specs() -> dict[str, np.ndarray]:
    import pandas as pd

    specs = pd.read_csv(DATA / "ev_specs.csv").dropna()
    return {name: specs[name].to_numpy() for name in specs.columns}


def consumption_kwh_per_km(curb_weight_kg, drag_coeff, width_m, height_m, drag_speed_km_h: float = 80.0,
                           mean_speed_km_h: float = MEAN_SPEED_KM_H, cycle_factor: float = 1.35) -> np.ndarray:
    """Road-load energy per km at the wheel-to-battery level (see module doc) [kWh/km]."""
    v = drag_speed_km_h / 3.6
    mass = np.asarray(curb_weight_kg, dtype=float) + 75.0
    force_n = mass * G * 0.011 + 0.5 * 1.2 * np.asarray(drag_coeff) * 0.85 * np.asarray(width_m) * np.asarray(
        height_m) * v**2
    traction_kwh_per_km = cycle_factor * force_n / (0.95 * 0.95) / 3.6e6 * 1000.0
    return traction_kwh_per_km + 0.300 / mean_speed_km_h


@dataclass
class Vehicles:
    battery_kwh: np.ndarray
    consumption_kwh_per_km: np.ndarray
    charger_kw: np.ndarray
    worker: np.ndarray


def draw_vehicles(n: int, charger_kw_options, charger_kw_weights, worker_share: float, seed_sequence) -> Vehicles:
    """``n`` cars, one per row; each attribute from its own child of ``seed_sequence`` (so the first
    k rows are the same whatever ``n``)."""
    pick_stream, charger_stream, worker_stream = (np.random.default_rng(s) for s in seed_sequence.spawn(3))
    specs = ev_specs()
    pick = pick_stream.integers(0, specs["battery_kwh"].size, n)
    weights = np.asarray(charger_kw_weights, dtype=float)
    return Vehicles(
        battery_kwh=specs["battery_kwh"][pick].astype(float),
        consumption_kwh_per_km=consumption_kwh_per_km(specs["curb_weight_kg"][pick], specs["drag_coeff"][pick],
                                                      specs["width_m"][pick], specs["height_m"][pick]),
        charger_kw=np.asarray(charger_kw_options, dtype=float)[
            charger_stream.choice(len(weights), n, p=weights / weights.sum())],
        worker=worker_stream.random(n) < worker_share,
    )
