"""Rooftop PV output from typical-year irradiance with pvlib's models.

For each orientation class (tilt x azimuth) the hourly AC output per kWp of DC rating is computed
once: solar position (pvlib.solarposition, SPA), plane-of-array irradiance (``pv.transposition``:
Perez 1990 by default, as PVWatts v5; Hay-Davies or isotropic), incidence-angle loss on the beam
(physical IAM), cell temperature (SAPM, King et al. 2004, with the parameters of ``pv.mounting``),
DC power (PVWatts, with the system losses), and AC power (PVWatts inverter).
Reference: Dobos (2014), PVWatts Version 5 Manual, NREL/TP-6A20-62641.

Mountings (``MOUNTINGS``, SAPM thermal parameters in pvlib): ``open_rack`` (rack-mounted modules
with air behind them, glass/polymer: PVWatts' standard module on an open rack; the default, as for
residential roofs on rails with a standoff), ``close_mount`` (glass/glass flush on the roof, little
air gap: hotter, about 4-5 % less energy a year here) and ``insulated_back`` (building-integrated).
"""
from __future__ import annotations

import numpy as np

from enernet.configs.constants import HOURS_PER_TYPICAL_YEAR
from enernet.configs.names import PV_MOUNTINGS, registry
from enernet.scenarios.world.weather import TypicalYear

# pv.mounting -> SAPM cell-temperature parameters in pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"].
MOUNTINGS = registry(PV_MOUNTINGS, {"open_rack": "open_rack_glass_polymer",
                                    "close_mount": "close_mount_glass_glass",
                                    "insulated_back": "insulated_back_glass_polymer"})


def orientation_classes(tilts_deg, azimuths_deg) -> list[tuple[float, float]]:
    """Every (tilt, azimuth) pair [deg]; azimuth 180 faces south."""
    return [(float(t), float(a)) for t in tilts_deg for a in azimuths_deg]


def hourly_ac_kw_per_kwp(weather: TypicalYear, pv_cfg) -> np.ndarray:
    """AC output per kWp DC for every orientation class and typical-year hour, shape (classes, 8760) [kW/kWp]."""
    import pandas as pd
    import pvlib

    # The sun at the middle of each hour, in the weather file's own local standard time and place
    # (where its irradiance was measured, whatever site it stands in for).
    tz = f"Etc/GMT{-int(weather.utc_offset_h):+d}" if weather.utc_offset_h == int(weather.utc_offset_h) else "UTC"
    times = pd.date_range("2023-01-01 00:30", periods=HOURS_PER_TYPICAL_YEAR, freq="h", tz=tz)
    solpos = pvlib.solarposition.get_solarposition(
        times, weather.latitude_deg, weather.longitude_deg, altitude=weather.altitude_m
    )
    dni_extra = pvlib.irradiance.get_extra_radiation(times).to_numpy()
    zenith = solpos["apparent_zenith"].to_numpy()
    sun_azimuth = solpos["azimuth"].to_numpy()
    temperature = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"][MOUNTINGS[pv_cfg.mounting]]
    airmass = pvlib.atmosphere.get_relative_airmass(zenith)
    loss_factor = 1.0 - pv_cfg.system_losses_pct / 100.0
    ac_rating_kw = 1.0 / pv_cfg.dc_ac_ratio
    out = []
    for tilt, azimuth in orientation_classes(pv_cfg.tilts_deg, pv_cfg.azimuths_deg):
        poa = pvlib.irradiance.get_total_irradiance(
            tilt, azimuth, zenith, sun_azimuth, weather.dni_w_m2, weather.ghi_w_m2, weather.dhi_w_m2,
            dni_extra=dni_extra, airmass=airmass, model=pv_cfg.transposition,
        )
        aoi = pvlib.irradiance.aoi(tilt, azimuth, zenith, sun_azimuth)
        iam = pvlib.iam.physical(aoi)
        effective = np.nan_to_num(np.asarray(poa["poa_direct"]) * iam + np.asarray(poa["poa_diffuse"]))
        cell_c = pvlib.temperature.sapm_cell(
            np.nan_to_num(np.asarray(poa["poa_global"])), weather.temp_air_c, weather.wind_speed_m_s, **temperature
        )
        dc_kw = pvlib.pvsystem.pvwatts_dc(effective, cell_c, 1.0, pv_cfg.temperature_coefficient_per_c) * loss_factor
        ac_kw = pvlib.inverter.pvwatts(
            np.clip(dc_kw, 0.0, None), ac_rating_kw / pv_cfg.inverter_efficiency,
            eta_inv_nom=pv_cfg.inverter_efficiency,
        )
        out.append(np.clip(np.asarray(ac_kw, dtype=np.float64), 0.0, None))
    return np.vstack(out)
