"""OCHRE's sample house's envelope, solar gains, ducts and air conditioner (``benchmarks/ochre_mapping.py``).

Every figure is computed from what the HPXML file states (as ``ochre_mapping.read_hpxml`` reads it) by a
stated rule; nothing is read from OCHRE's results. Units: the HPXML's are I-P (ft2, Btu/h, h ft2 F/Btu);
1 Btu/(h F) = 0.5275 W/K.

Envelope (``envelope``): UA = sum of A/R (opaque, walls net of their windows and door) + A U (windows)
to outdoors, plus b A/R for the surfaces facing an unconditioned buffer (vented attic, vented
crawlspace, garage), with ISO 13789's b = H_ue / (H_iu + H_ue): H_iu the conditioned space's
surfaces to the buffer, H_ue the buffer's above-grade surfaces to outdoors (8-in solid concrete of
the crawlspace walls at R 0.1 per inch + 0.85 films) plus its air change (ISO 13789 conventional
rates: 3 /h with ventilation openings, 0.5 /h without; volumes: crawl floor x wall height, garage
slab x ceiling height, attic floor x sqrt(floor) x pitch / 4), ground contact left out. Infiltration:
natural ACH = ACH50 / 20 (Sherman's LBL rule of thumb) x volume x 0.335 Wh/(m3 K) (sea-level air;
Denver's 1,650 m would give 17 % less). Fast path (enernet's H_f): windows, door, infiltration.

Solar aperture (``solar_aperture``): sum over windows of A x SHGC x the summer interior shading
coefficient x F, F = (transmitted irradiance on the window's vertical plane) / GHI summed over May-
September hours of the same EPW: beam x cos(incidence) x (1 - overhang's shaded share: shadow depth
D tan(profile angle) - distance to the window's top, over its height) + isotropic sky diffuse DHI / 2
+ ground 0.2 GHI / 2, each x the angular transmittance of clear glass relative to normal incidence
(Fresnel and absorption of one pane, pvlib ``iam.physical``; its hemispherical mean for the diffuse).
Not modelled: the neighbours 15 ft away (HPXML) shading the NW and SE windows.

Ducts (``dse``): ASHRAE 152-2004 seasonal distribution system efficiency, sensible form: DE =
a_s B_s - a_s B_s (1 - B_r a_r) dT_r/dT_e - a_s (1 - B_s) dT_s/dT_e, plus thermal regain, x equipment
factor (TXV, cooling) x (1 - 0.05 cycling loss); leakage to outside, duct areas, effective R, airflow
and capacity from the HPXML; the vented crawlspace's seasonal temperature from ASHRAE 152's tables
(Denver: heating 33 F, cooling 82 F; insulated floor: (8 T + T_in) / 9, regain 0.3); load factor 1.

Air conditioner (``cooling_curve``): rated COP = SEER x 0.2931 (W per Btu/h), OCHRE's convention
(``utils/hpxml.py``) for the compressor at AHRI 210/240's A condition (35 C out, 19.4 C coil wet bulb),
the fan counted apart; capacity and EIR vary with outdoor dry bulb and coil wet bulb by the single-speed
biquadratic curves of BEopt / ResStock (Cutler et al. 2013, NREL/TP-5500-56354; the ``Single_1``
column of OCHRE's ``Biquadratic Air Conditioner.csv``, normalised at the A condition), coil wet
bulb 13.9 C (the curves' floor: Denver's dry summer air, see ``indoor_wet_bulb``), sensible heat
ratio 1 (a dry coil; the HPXML's 0.73 is the rated 80/67 F value and enernet has no moisture). Fan W =
FanPowerWattsPerCFM x CoolingAirflowCFM. Heat taken from the rooms per kWh:
COP_eff(T) = DSE (Q cap(T) - P_fan) / (Q cap(T) EIR_rated eir(T) + P_fan), fitted to enernet's
COP_rated (1 + slope (35 - T)) over May-September hours at 18-40 C.
"""
from __future__ import annotations

import math

import numpy as np

FT2_M2, FT3_M3, BTU_H_W, BTUHF_WK = 0.09290304, 0.028316847, 0.29307107, 0.52752793
RHO_CP_WH_M3K = 0.335
SEASON_MONTHS = (5, 6, 7, 8, 9)  # May-September: Denver's cooling season (the solar and COP fits)
BUFFERS = ("attic - vented", "crawlspace - vented", "garage")
BUFFER_ACH = {"attic - vented": 3.0, "crawlspace - vented": 3.0, "garage": 0.5}  # ISO 13789 conventional
CONCRETE_R_PER_IN, FILMS_R = 0.1, 0.85
# BEopt / ResStock single-speed air conditioner curves (Cutler et al. 2013): f(wet bulb in, dry bulb out) [degC]
EIR_T = (-0.30428, 0.11805, -0.00342, -0.00626, 0.0007, -0.00047)
CAP_T = (1.5509, -0.07505, 0.0031, 0.0024, -0.00005, -0.00043)
WB_RANGE, TDB_RANGE = (13.88, 23.88), (18.33, 51.66)
# ASHRAE 152-2004: Denver's seasonal temperatures [F] (Appendix A), vented crawlspace with an insulated floor
ASHRAE152_SEASONAL_F = {"heating": 33.0, "cooling": 82.0}
ASHRAE152_INDOOR_F = {"heating": 68.0, "cooling": 78.0}
CRAWL_REGAIN = 0.3


def envelope(h: dict) -> dict:
    """UA [W/K] (conduction with buffers' b, infiltration), the fast path H_f [W/K] and the parts."""
    net = {s["id"]: s["area"] for s in h["surfaces"]}
    for sub in h["windows"] + h["doors"]:
        net[sub["wall"]] -= sub["area"]
    to_buffer = {z: 0.0 for z in BUFFERS}
    to_out = {"walls": 0.0, "windows": sum(w["area"] * w["u"] for w in h["windows"]),
              "doors": sum(d["area"] / d["r"] for d in h["doors"])}
    buffer_out = {z: 0.0 for z in BUFFERS}
    for s in h["surfaces"]:
        if s["kind"] == "FoundationWall":  # above grade: solid concrete and air films
            exposed = s["area"] * (s["height"] - s["below"]) / s["height"]
            buffer_out[s["inside"]] += exposed / (s["thick"] * CONCRETE_R_PER_IN + FILMS_R)
        elif s["inside"] == "conditioned space":
            if s["outside"] == "outside":
                to_out["walls"] += net[s["id"]] / s["r"]
            else:
                to_buffer[s["outside"]] += net[s["id"]] / s["r"]
        elif s["inside"] in BUFFERS and (s["outside"] == "outside" or s["kind"] == "Roof"):
            buffer_out[s["inside"]] += s["area"] / s["r"]
    ceiling = sum(s["area"] for s in h["surfaces"] if s["outside"] == "attic - vented")
    pitch = next(s["pitch"] for s in h["surfaces"] if s["kind"] == "Roof") / 12.0
    crawl = next(s for s in h["surfaces"] if s["kind"] == "FoundationWall")
    volume_ft3 = {"attic - vented": ceiling * math.sqrt(ceiling) * pitch / 4.0,
                  "crawlspace - vented": h["slabs"]["crawlspace - vented"] * crawl["height"],
                  "garage": h["slabs"]["garage"] * h["ceiling_ft"]}
    parts, b = {k: v * BTUHF_WK for k, v in to_out.items()}, {}
    for z in BUFFERS:
        h_ue = buffer_out[z] * BTUHF_WK + BUFFER_ACH[z] * volume_ft3[z] * FT3_M3 * RHO_CP_WH_M3K
        h_iu = to_buffer[z] * BTUHF_WK
        b[z] = h_ue / (h_iu + h_ue)
        parts[z] = b[z] * h_iu
    ach = h["ach50"] / 20.0
    parts["infiltration"] = ach * h["volume_ft3"] * FT3_M3 * RHO_CP_WH_M3K
    fast = parts["windows"] + parts["doors"] + parts["infiltration"]
    return {"ua_w_per_k": sum(parts.values()), "fast_w_per_k": fast, "parts": parts, "b": b,
            "buffer_h_iu": {z: to_buffer[z] * BTUHF_WK for z in BUFFERS}, "ach": ach}


def _season(weather) -> tuple[np.ndarray, object]:
    import datetime as dt

    import pandas as pd

    tz = dt.timezone(dt.timedelta(hours=float(weather.utc_offset_h)))
    times = pd.date_range("2023-01-01 00:30", periods=len(weather.ghi_w_m2), freq="h", tz=tz)
    return np.isin(times.month, SEASON_MONTHS), times


def solar_aperture(h: dict, weather) -> tuple[float, list]:
    """enernet's solar aperture [m2] (gains = aperture x GHI) and per window (azimuth, m2, F, m2 of aperture)."""
    import pvlib

    season, times = _season(weather)
    sun = pvlib.solarposition.get_solarposition(times, weather.latitude_deg, weather.longitude_deg,
                                                weather.altitude_m)
    alt, az = np.radians(sun["apparent_elevation"].to_numpy()), sun["azimuth"].to_numpy()
    ghi, dni, dhi = (np.asarray(a, dtype=float) for a in (weather.ghi_w_m2, weather.dni_w_m2, weather.dhi_w_m2))
    total, rows, iam_diffuse = 0.0, [], pvlib.iam.marion_diffuse("physical", 90.0)["sky"]
    for w in h["windows"]:
        aoi = pvlib.irradiance.aoi(90.0, w["azimuth"], sun["apparent_zenith"], sun["azimuth"]).to_numpy()
        gamma = np.radians(az - w["azimuth"])
        lit = (alt > 0) & (np.cos(gamma) > 0)
        profile = np.where(lit, np.tan(np.clip(alt, 0, 1.55)) / np.maximum(np.cos(gamma), 1e-6), 0.0)
        height = w["oh_bottom"] - w["oh_top"]
        shaded = np.clip(w["oh_depth"] * profile - w["oh_top"], 0.0, height) / height
        beam = dni * np.maximum(np.cos(np.radians(aoi)), 0.0) * (1 - shaded) * pvlib.iam.physical(aoi)
        diffuse = (0.5 * dhi + 0.5 * 0.2 * ghi) * iam_diffuse
        f = float((beam + diffuse)[season].sum() / ghi[season].sum())
        ap = w["area"] * FT2_M2 * w["shgc"] * w["iac"] * f
        total += ap
        rows.append((w["azimuth"], w["area"] * FT2_M2, f, ap))
    return total, rows


def dse(h: dict, mode: str) -> float:
    """ASHRAE 152 seasonal distribution system efficiency (sensible) for ``mode`` 'heating' or 'cooling'."""
    heating = mode == "heating"
    cap = h["heat_btu_h"] if heating else h["cool_btu_h"]
    cfm = h["heat_cfm"] if heating else h["cool_cfm"]
    mc = 60.0 * cfm * 0.075 * 0.24  # air stream [Btu/(h F)]
    out = [d for d in h["ducts"] if d["where"] != "conditioned space"]
    area_r = {t: sum(d["area"] / d["r"] for d in out if d["type"] == t) for t in ("supply", "return")}
    bs, br = math.exp(-area_r["supply"] / mc), math.exp(-area_r["return"] / mc)
    a_s, a_r = 1.0 - h["leak"]["supply"], 1.0 - h["leak"]["return"]
    t_in = ASHRAE152_INDOOR_F[mode]
    t_amb = (8.0 * ASHRAE152_SEASONAL_F[mode] + t_in) / 9.0
    dte = (1.0 if heating else -1.0) * cap / mc
    ratio = (t_in - t_amb) / dte
    de = a_s * bs - a_s * bs * (1 - br * a_r) * ratio - a_s * (1 - bs) * ratio
    de += CRAWL_REGAIN * (1 - de) + br * CRAWL_REGAIN * (a_r - 1) * ratio
    f_equip = 1.0
    if not heating:  # TXV, single speed: the fan's flow against 400 cfm/ton
        x = cfm / (cap / 30.0)
        f_equip = 1.62 - 0.62 * x + 0.647 * math.log(x)
    return de * f_equip * (1 - 0.05)


def _biquad(c, wb, tdb):
    wb, tdb = np.clip(wb, *WB_RANGE), np.clip(tdb, *TDB_RANGE)
    return c[0] + c[1] * wb + c[2] * wb ** 2 + c[3] * tdb + c[4] * tdb ** 2 + c[5] * wb * tdb


def indoor_wet_bulb(weather_path: str, set_cool_c: float) -> tuple[float, float]:
    """(May-Sep mean outdoor dew point, indoor wet bulb at the cooling setpoint with that dew point)
    [degC] from the EPW (Magnus vapour pressure, Stull's 2011 wet bulb)."""
    import pvlib

    data, _ = pvlib.iotools.read_epw(weather_path, coerce_year=2023)
    dew = float(data["temp_dew"][np.isin(data.index.month, SEASON_MONTHS)].mean())

    def e(t):
        return 6.112 * np.exp(17.62 * t / (243.12 + t))
    rh, t = 100.0 * e(dew) / e(set_cool_c), set_cool_c
    wb = (t * np.arctan(0.151977 * (rh + 8.313659) ** 0.5) + np.arctan(t + rh) - np.arctan(rh - 1.676331)
          + 0.00391838 * rh ** 1.5 * np.arctan(0.023101 * rh) - 4.686035)
    return dew, float(wb)


def cooling_curve(h: dict, dse_cool: float, wet_bulb_c: float, weather) -> dict:
    """The air conditioner's heat taken from the rooms per kWh (fan and ducts included) as enernet's
    linear COP curve, with the curve it stands for, the fan and the rooms' capacity."""
    q = h["cool_btu_h"] * BTU_H_W
    eir_rated = 1.0 / (h["seer"] * BTU_H_W)
    fan_w = h["cool_w_per_cfm"] * h["cool_cfm"]

    def cop_eff(t):
        cap = q * _biquad(CAP_T, wet_bulb_c, t)
        return dse_cool * (cap - fan_w) / (cap * eir_rated * _biquad(EIR_T, wet_bulb_c, t) + fan_w)

    season, _ = _season(weather)
    t = np.asarray(weather.temp_air_c, dtype=float)[season]
    t = t[(t >= 18.0) & (t <= 40.0)]
    rated = float(cop_eff(35.0))
    x = 35.0 - t
    slope = float((x * (cop_eff(t) / rated - 1.0)).sum() / (x * x).sum())
    return {"cooling_cop_rated": rated, "cooling_cop_slope_per_k": slope, "cooling_cop_min": float(cop_eff(45.0)),
            "fan_w": fan_w, "eir_rated": eir_rated, "cop_eff": cop_eff,
            "rooms_capacity_w": dse_cool * (q - fan_w)}
