"""OCHRE's sample house's appliances, lighting and plug loads in kWh a year (``benchmarks/ochre_mapping.py``).

Every figure is computed from the HPXML's ratings (as ``ochre_mapping.read_hpxml`` reads them) by the
rules below; nothing is read from OCHRE's results.

Appliances (``appliance_kwh``): ANSI/RESNET/ICC 301-2019 (as OS-HPXML / ResStock and OCHRE's
``utils/hpxml.py`` implement it) from the ratings, with the bedrooms adjusted to the residents
(single-family detached: -1.47 + 1.69 N); refrigerator RatedAnnualkWh; plug loads kWh/year x
UsageMultiplier; lighting 301-2014 Addendum G from the LED fractions and floor area. Their sensible
shares of the rooms' gains are 301's (plug loads: the HPXML's FracSensible).
"""
from __future__ import annotations


def appliance_kwh(h: dict) -> dict:
    """Annual electricity [kWh] of each end use from the HPXML's ratings (ANSI/RESNET/ICC 301-2019)."""
    n_res = h["residents"]
    nbr = max((-1.47 + 1.69 * n_res) if h["facility"] in ("single-family detached", "manufactured home")
              else (-0.68 + 1.09 * n_res), 0.0)
    cw, dw, rg, dr = h["washer"], h["dishwasher"], h["range"], h["dryer"]
    acy = (164.0 + 46.5 * nbr) * ((3.0 * 2.08 + 1.59) / (cw["Capacity"] * 2.08 + 1.59))  # washer cycles a year
    e_rate, g_rate = cw["LabelElectricRate"], cw["LabelGasRate"]
    cw_appl = ((cw["LabelAnnualGasCost"] * 0.3914 / g_rate - cw["RatedAnnualkWh"] * e_rate * 0.0178 / e_rate)
               / (e_rate * 0.3914 / g_rate - 0.0178))
    washer = cw_appl / (cw["LabelUsage"] * 52.0) * acy * cw["mult"]
    rmc = ((0.97 * (cw["Capacity"] / cw["IntegratedModifiedEnergyFactor"]) - cw["RatedAnnualkWh"] / 312.0)
           / ((2.0104 * cw["Capacity"] + 1.4242) * 0.455) + 0.04)
    dryer = ((rmc - 0.04) * 100 / 55.5) * (8.45 / dr["cef"]) * acy * dr["mult"]
    if dr["fuel"] != "electricity":
        dryer *= 0.07 * 3.73 / 3.30
    e_rate, g_rate = dw["LabelElectricRate"], dw["LabelGasRate"]
    kwh_cycle = ((dw["LabelAnnualGasCost"] * 0.5497 / g_rate - dw["RatedAnnualkWh"] * e_rate * 0.02504 / e_rate)
                 / (e_rate * 0.5497 / g_rate - 0.02504)) / (dw["LabelUsage"] * 52.0)
    dishwasher = kwh_cycle * (88.4 + 34.9 * nbr) * (12.0 / dw["PlaceSettingCapacity"]) * dw["mult"]
    cooking = ((0.91 if rg["induction"] else 1.0) * (0.95 if rg["convection"] else 1.0) * (331 + 39.0 * nbr)
               if rg["fuel"] == "electricity" else 22.6 + 2.7 * nbr) * rg["mult"]
    cfa, lights = h["cfa_ft2"], h["lights"]

    def efficacy(loc):  # incandescent 1, CFL and tubes 15/60, LED 15/90 of the incandescent energy
        fl = lights.get((loc, "CompactFluorescent"), 0) + lights.get((loc, "FluorescentTube"), 0)
        led = lights.get((loc, "LightEmittingDiode"), 0)
        return (1 - fl - led) + fl * 15 / 60 + led * 15 / 90

    lighting = {"interior": (0.9 / 0.925 * (455 + 0.8 * cfa) * efficacy("interior") + 0.1 * (455 + 0.8 * cfa)),
                "exterior": (100 + 0.05 * cfa) * efficacy("exterior"), "garage": 100 * efficacy("garage")}
    lighting = {k: v * h["light_mult"][k] for k, v in lighting.items()}
    return {"bedrooms_adjusted": nbr, "washer": washer, "dryer": dryer, "dishwasher": dishwasher, "cooking": cooking,
            "fridge": h["fridge_kwh"], "plug": h["plug_kwh"] * h["plug_mult"], "lighting": sum(lighting.values()),
            "lighting_parts": lighting, "washer_cycles": acy}


def gain_share(kwh: dict, h: dict) -> float:
    """The share of the appliances' electricity that heats the rooms (sensible), weighted by their kWh:
    301's fractions (washer 0.27, vented dryer 0.135, dishwasher 0.3, range 0.72, fridge and interior
    lighting 1, exterior and garage lighting 0) and the plug loads' FracSensible."""
    sens = {"washer": 0.27, "dryer": 0.135 if h["dryer"]["vented"] else 0.9, "dishwasher": 0.3, "cooking": 0.72,
            "fridge": 1.0, "plug": h["plug_sensible"]}
    heat = sum(kwh[k] * f for k, f in sens.items()) + kwh["lighting_parts"]["interior"]
    return heat / (sum(kwh[k] for k in sens) + kwh["lighting"])
