"""OCHRE's sample house as enernet parameters, from the HPXML's inputs only (``benchmarks/ochre_compare.py``).

Every figure below is computed from what the HPXML file states (areas, R- and U-values, SHGC, shading
coefficients, ACH50, volume, capacities, SEER, AFUE, fan W/cfm and airflow, ducts, setpoints, appliance
ratings, plug-load kWh, lighting fractions) by a stated rule; nothing is read from OCHRE's results.
Units: the HPXML's are I-P (ft2, Btu/h, h ft2 F/Btu); 1 Btu/(h F) = 0.5275 W/K.

The rules are split by concern, each module's docstring stating them with their sources:
``ochre_envelope`` (envelope UA and fast path, solar aperture, ASHRAE 152 ducts, the air conditioner's
COP curve) and ``ochre_appliances`` (ANSI/RESNET/ICC 301 appliances, lighting and plug loads, their
sensible shares). This module reads the HPXML (``read_hpxml``), sets the setpoints (``setpoints_c``)
and assembles enernet's ``HomeSpec`` (``hpxml_spec``): mass ISO 13790 "light" 110 kJ/(m2 K); plug
loads + refrigerator as a constant base load; lighting scaled to its 301 kWh (``lighting_kw_per_active``);
washer, dryer, dishwasher and range by their catalogue cycles at rates scaled to their 301 kWh; the
crankcase heater (the HPXML's W, while enernet's AC is off below OCHRE's 55 F) and the furnace's fan
(W/cfm x cfm x heat delivered / (DSE x capacity)) added after the run (``hpxml_electricity``).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
from ochre_appliances import appliance_kwh, gain_share
from ochre_envelope import (
    BTU_H_W,
    BUFFERS,
    FT2_M2,
    FT3_M3,
    WB_RANGE,
    cooling_curve,
    dse,
    envelope,
    indoor_wet_bulb,
    solar_aperture,
)


def _tree(path: str):
    root = ET.parse(path).getroot()
    for el in root.iter():
        el.tag = el.tag.rsplit("}", 1)[-1]
    return root


def _f(el, path: str, default=None):
    node = el.find(path)
    return default if node is None or node.text is None else float(node.text)


def _t(el, path: str, default=None):
    node = el.find(path)
    return default if node is None else node.text


def read_hpxml(path: str) -> dict:
    """The inputs the mapping uses, as read from the HPXML (I-P units, as stated there)."""
    r = _tree(path)
    surfaces = []
    for kind in ("Wall", "RimJoist", "Roof", "Floor", "FoundationWall"):
        for s in r.iter(kind):
            kind_name = _t(s, "FloorOrCeiling", kind.lower()) if kind == "Floor" else kind.lower()
            surfaces.append({"kind": kind, "name": kind_name, "id": s.find("SystemIdentifier").get("id"),
                             "area": _f(s, "Area"),
                             "r": _f(s, "Insulation/AssemblyEffectiveRValue"), "inside": _t(s, "InteriorAdjacentTo"),
                             "outside": _t(s, "ExteriorAdjacentTo", "outside"), "height": _f(s, "Height"),
                             "below": _f(s, "DepthBelowGrade"), "thick": _f(s, "Thickness"), "pitch": _f(s, "Pitch")})
    windows = [{"area": _f(w, "Area"), "u": _f(w, "UFactor"), "shgc": _f(w, "SHGC"), "azimuth": _f(w, "Azimuth"),
                "iac": _f(w, "InteriorShading/SummerShadingCoefficient", 1.0),
                "wall": w.find("AttachedToWall").get("idref"),
                "oh_depth": _f(w, "Overhangs/Depth", 0.0), "oh_top": _f(w, "Overhangs/DistanceToTopOfWindow", 0.0),
                "oh_bottom": _f(w, "Overhangs/DistanceToBottomOfWindow", 1.0)} for w in r.iter("Window")]
    doors = [{"area": _f(d, "Area"), "r": _f(d, "RValue"), "wall": d.find("AttachedToWall").get("idref")}
             for d in r.iter("Door")]
    cool, heat = r.find(".//CoolingSystem"), r.find(".//HeatingSystem")
    ducts = [{"type": _t(d, "DuctType"), "where": _t(d, "DuctLocation"), "area": _f(d, "DuctSurfaceArea"),
              "r": _f(d, "DuctEffectiveRValue")} for d in r.findall(".//AirDistribution/Ducts")]
    leak = {_t(m, "DuctType"): _f(m, "DuctLeakage/Value") for m in r.iter("DuctLeakageMeasurement")}
    cw, cd, dw = r.find(".//ClothesWasher"), r.find(".//ClothesDryer"), r.find(".//Dishwasher")
    rng, ovn, fridge = r.find(".//CookingRange"), r.find(".//Oven"), r.find(".//Refrigerator")
    plug = r.find(".//PlugLoad")
    lights = {(_t(g, "Location"), g.find("LightingType")[0].tag): _f(g, "FractionofUnitsInLocation")
              for g in r.iter("LightingGroup")}
    ext = r.find(".//Lighting/extension")
    ctl = r.find(".//HVACControl/extension")
    return {
        "cfa_ft2": _f(r, ".//ConditionedFloorArea"), "volume_ft3": _f(r, ".//ConditionedBuildingVolume"),
        "ceiling_ft": _f(r, ".//AverageCeilingHeight"), "residents": _f(r, ".//NumberofResidents"),
        "bedrooms": _f(r, ".//NumberofBedrooms"), "facility": _t(r, ".//ResidentialFacilityType"),
        "ach50": _f(r, ".//BuildingAirLeakage/AirLeakage"), "surfaces": surfaces, "windows": windows, "doors": doors,
        "slabs": {_t(s, "InteriorAdjacentTo"): _f(s, "Area") for s in r.iter("Slab")},
        "cool_btu_h": _f(cool, "CoolingCapacity"), "seer": _f(cool, "AnnualCoolingEfficiency/Value"),
        "cool_cfm": _f(cool, "extension/CoolingAirflowCFM"),
        "cool_w_per_cfm": _f(cool, "extension/FanPowerWattsPerCFM"),
        "crankcase_w": _f(cool, "extension/CrankcaseHeaterPowerWatts", 0.0),
        "heat_btu_h": _f(heat, "HeatingCapacity"), "afue": _f(heat, "AnnualHeatingEfficiency/Value"),
        "heat_cfm": _f(heat, "extension/HeatingAirflowCFM"),
        "heat_w_per_cfm": _f(heat, "extension/FanPowerWattsPerCFM"),
        "heat_fuel": _t(heat, "HeatingSystemFuel"), "ducts": ducts, "leak": leak,
        "heat_sp_f": [float(v) for v in _t(ctl, "WeekdaySetpointTempsHeatingSeason").split(",")],
        "cool_sp_f": [float(v) for v in _t(ctl, "WeekdaySetpointTempsCoolingSeason").split(",")],
        "washer": {k: _f(cw, k) for k in ("RatedAnnualkWh", "Capacity", "LabelUsage", "LabelGasRate",
                                          "LabelAnnualGasCost", "LabelElectricRate", "IntegratedModifiedEnergyFactor")}
        | {"mult": _f(cw, "extension/UsageMultiplier", 1.0)},
        "dryer": {"cef": _f(cd, "CombinedEnergyFactor"), "fuel": _t(cd, "FuelType"),
                  "vented": _t(cd, "Vented", "true") == "true", "mult": _f(cd, "extension/UsageMultiplier", 1.0)},
        "dishwasher": {k: _f(dw, k) for k in ("RatedAnnualkWh", "PlaceSettingCapacity", "LabelUsage", "LabelGasRate",
                                              "LabelAnnualGasCost", "LabelElectricRate")}
        | {"mult": _f(dw, "extension/UsageMultiplier", 1.0)},
        "range": {"fuel": _t(rng, "FuelType"), "induction": _t(rng, "IsInduction") == "true",
                  "convection": _t(ovn, "IsConvection") == "true", "mult": _f(rng, "extension/UsageMultiplier", 1.0)},
        "fridge_kwh": _f(fridge, "RatedAnnualkWh") * _f(fridge, "extension/UsageMultiplier", 1.0),
        "plug_kwh": _f(plug, "Load/Value"), "plug_mult": _f(plug, "extension/UsageMultiplier", 1.0),
        "plug_sensible": _f(plug, "extension/FracSensible", 0.855),
        "lights": lights, "light_mult": {loc: _f(ext, f"{loc.capitalize()}UsageMultiplier", 1.0)
                                         for loc in ("interior", "exterior", "garage")},
    }


def setpoints_c(h: dict) -> tuple[float, float]:
    """(heating, cooling) setpoints [degC]: the HPXML's, separated by at least 1 K about their mean where
    they overlap (72 F heating over 68 F cooling here), the rule of OCHRE's ``utils/schedule.py``."""
    heat, cool = (np.mean(h["heat_sp_f"]) - 32) / 1.8, (np.mean(h["cool_sp_f"]) - 32) / 1.8
    mid = 0.5 * (heat + cool)
    return float(min(heat, mid - 0.5)), float(max(cool, mid + 0.5))


LIGHT_MASS_J_PER_M2K = 110e3  # ISO 13790 Table 12 "light" (wood-frame walls and floors)
CRANKCASE_BELOW_C = (55.0 - 32.0) / 1.8  # OCHRE's threshold (the HPXML gives the heater's 50 W only)
# enernet's appliance that takes each end use's annual kWh (the range: its cooktop stands for it)
OWNED = {"washing_machine": "washer", "dryer": "dryer", "dishwasher": "dishwasher", "induction_cooktop": "cooking"}


def build_homes(n: int, occupants: int, floor_m2: float, ua: float, capacity: float, owns):
    """``n`` identical enernet ``Homes`` (the catalogue archetype with ``occupants``; no electric water
    heater; a heat source holding the heating setpoint) and the archetype."""
    import dataclasses

    from enernet.scenarios.world import home_catalogue as cat
    from enernet.scenarios.world.homes import Homes

    k = next(i for i, a in enumerate(cat.ARCHETYPES) if occupants in a.occupants)
    arch = cat.ARCHETYPES[k]
    values = {
        "archetype": np.full(n, k, dtype=np.int8), "occupants": np.full(n, occupants, dtype=np.int64),
        "income_cny": np.full(n, cat.PER_CAPITA_INCOME_CNY * occupants * arch.income_factor),
        "floor_m2": np.full(n, floor_m2), "ua_w_per_k": np.full(n, ua), "capacity_j_per_k": np.full(n, capacity),
        "ac_units": np.ones(n, dtype=np.int64), "heats": np.ones(n, dtype=bool),
        "electric_heater": np.zeros(n, dtype=bool),
        "water_heater": np.zeros(n, dtype=bool), "owns": np.tile(np.asarray(owns, dtype=bool), (n, 1)),
        "person_home": np.repeat(np.arange(n), occupants),
        "person_works": np.tile(np.arange(occupants) < min(arch.workers, occupants), n)}
    return Homes(**{f.name: values[f.name] for f in dataclasses.fields(Homes)}), arch


def hpxml_spec(h: dict, weather, weather_path: str, n: int, homes_cfg):
    """``n`` copies of the dwelling the HPXML describes as enernet's HomeSpec, the mapping's rows
    (HPXML input, value, enernet parameter) and what the post-processing needs."""
    import dataclasses

    from enernet.scenarios.world import home_catalogue as cat
    from enernet.scenarios.world.homes import home_spec
    from enernet.sim.home_energy import HomeSpec

    floor, occupants = h["cfa_ft2"] * FT2_M2, int(round(h["residents"]))
    env, (aperture, windows) = envelope(h), solar_aperture(h, weather)
    dse_c, dse_h = dse(h, "cooling"), dse(h, "heating")
    dew, wb = indoor_wet_bulb(weather_path, float(homes_cfg.cooling_setpoint_c))
    ac, kwh = cooling_curve(h, dse_c, max(wb, WB_RANGE[0]), weather), appliance_kwh(h)
    owns = [name in OWNED for name in cat.APPLIANCE_NAMES]
    homes, arch = build_homes(n, occupants, floor, env["ua_w_per_k"], floor * LIGHT_MASS_J_PER_M2K, owns)
    spec = home_spec(homes, homes_cfg, 1.0)
    params = {**spec.params, "cooled_share": 1.0, "heated_share": 1.0,
              **{k: ac[k] for k in ("cooling_cop_rated", "cooling_cop_slope_per_k", "cooling_cop_min")},
              "heating_cop_rated": 1.0, "heating_cop_slope_per_k": 0.0, "heating_cop_min": 1.0,
              "solar_aperture_per_m2": aperture / floor, "appliance_gain_share": gain_share(kwh, h)}
    per_cycle_year = 365.0 * spec.cycle_kw * spec.cycle_min / 60.0
    home_rate = spec.cycle_rate + spec.cycle_rate_per_occupant * occupants  # cycles a day of one home
    rate = np.array([kwh[OWNED[a]] / per_cycle_year[i] if a in OWNED else home_rate[i]
                     for i, a in enumerate(cat.APPLIANCE_NAMES)])
    heat_w = h["heat_btu_h"] * BTU_H_W
    swap = {"params": params, "fast_w_per_k": np.full(n, env["fast_w_per_k"]),
            "cooling_w": np.full(n, ac["rooms_capacity_w"]), "heating_w": np.full(n, dse_h * heat_w),
            "base_kw": np.full(n, (kwh["plug"] + kwh["fridge"]) / 8760.0),
            "cycle_rate": rate, "cycle_rate_per_occupant": np.zeros_like(rate)}
    spec = dataclasses.replace(spec, **{f.name: swap[f.name] for f in dataclasses.fields(HomeSpec) if f.name in swap})
    derived = {"crank_kw": h["crankcase_w"] / 1000.0, "fan_heating_kw": h["heat_w_per_cfm"] * h["heat_cfm"] / 1000.0,
               "heating_rooms_kw": dse_h * heat_w / 1000.0, "lighting_kwh": kwh["lighting"], "kwh": kwh, "env": env,
               "ac": ac, "dse_cool": dse_c, "wet_bulb_c": max(wb, WB_RANGE[0])}
    p, b, parts = params, env["b"], env["parts"]
    ext_walls = [s for s in h["surfaces"] if s["kind"] == "Wall" and s["inside"] == "conditioned space"
                 and s["outside"] == "outside"]
    walls = sum(s["area"] for s in ext_walls) - sum(w["area"] for w in h["windows"] + h["doors"])
    win_ft2 = sum(w["area"] for w in h["windows"])

    def facing(z):
        return ", ".join(f"{s['name']} R-{s['r']:g} {s['area']:,.0f} ft2" for s in h["surfaces"]
                         if s["inside"] == "conditioned space" and s["outside"] == z)
    fs = sorted(f for _, _, f, _ in windows)
    rows = [
        (f"ConditionedFloorArea {h['cfa_ft2']:,.0f} ft2", f"{floor:.1f} m2", "floor_m2"),
        (f"NumberofResidents {h['residents']:g}", f"{arch.name}: {occupants} people, {min(arch.workers, occupants)} "
         "workers (enernet's occupancy chain)", "archetype, occupants"),
        (f"walls R-{ext_walls[0]['r']:g} net {walls:,.0f} ft2 + windows U {h['windows'][0]['u']} {win_ft2:.0f} ft2 "
         f"+ door R-{h['doors'][0]['r']:g}",
         f"{parts['walls']:.1f} + {parts['windows']:.1f} + {parts['doors']:.1f} W/K",
         "ua_w_per_k (to outdoors)"),
        *[(f"{facing(z)} to {z}", f"b {b[z]:.2f} x {env['buffer_h_iu'][z]:.1f} = {parts[z]:.1f} W/K (ISO 13789)",
           "ua_w_per_k (buffered)") for z in BUFFERS],
        (f"ACH50 {h['ach50']:g}, volume {h['volume_ft3']:,.0f} ft3", f"ACH50/20 = {env['ach']:.2f} /h x "
         f"{h['volume_ft3'] * FT3_M3:.1f} m3 x 0.335 = {parts['infiltration']:.1f} W/K", "ua_w_per_k (infiltration)"),
        ("(sum)", f"UA {env['ua_w_per_k']:.1f} W/K ({env['ua_w_per_k'] / floor:.2f} W/(m2 K)); fast path windows+door+"
         f"infiltration {env['fast_w_per_k']:.1f} W/K", "ua_w_per_k, fast_w_per_k"),
        ("WallType WoodStud, FloorType WoodFrame", f"ISO 13790 'light' 110 kJ/(m2 K): {floor * 0.11:.1f} MJ/K",
         "capacity_j_per_k"),
        (f"{len(windows)} windows SHGC {h['windows'][0]['shgc']}, interior shading {h['windows'][0]['iac']} (summer), "
         "overhangs, azimuths", f"sum A SHGC IAC F = {aperture:.2f} m2 (F {fs[0]:.2f}-{fs[-1]:.2f} vs GHI, May-Sep)",
         f"solar_aperture_per_m2 {p['solar_aperture_per_m2']:.4f}"),
        (f"ducts: leakage {h['leak']['supply']:.1%}/{h['leak']['return']:.1%} to outside, "
         + ", ".join(f"{d['type']} {d['area']:.0f} ft2 R-{d['r']:.1f} in {d['where']}" for d in h["ducts"]
                     if d["where"] != "conditioned space"), f"ASHRAE 152 DSE cooling {dse_c:.3f}, "
         f"heating {dse_h:.3f}", "COP curve, heating_w, fan duty"),
        (f"SEER {h['seer']:g}, {h['cool_btu_h']:,.0f} Btu/h, fan {h['cool_w_per_cfm']} W/cfm x {h['cool_cfm']:g} cfm",
         f"COP {1 / ac['eir_rated']:.2f} at 35 C, fan {ac['fan_w']:.0f} W, coil WB {max(wb, WB_RANGE[0]):.1f} C "
         f"(EPW May-Sep dew point {dew:.1f} C -> {wb:.1f} C), SHR 1 -> COP_eff {p['cooling_cop_rated']:.2f} at 35 C, "
         f"{p['cooling_cop_slope_per_k']:+.1%}/K milder, floor {p['cooling_cop_min']:.2f}; rooms "
         f"{ac['rooms_capacity_w']:,.0f} W = DSE (Q - fan)",
         "cooling_cop_rated/slope/min, cooling_w; cooled_share 1"),
        (f"CrankcaseHeaterPowerWatts {h['crankcase_w']:g}", f"{h['crankcase_w']:g} W while enernet's AC is off and "
         f"outdoor < {CRANKCASE_BELOW_C:.1f} C", "post-processing: + cooling electricity"),
        (f"{h['heat_fuel']} furnace {h['heat_btu_h']:,.0f} Btu/h, AFUE {h['afue']}", f"{dse_h * heat_w:,.0f} W to the "
         "rooms (DSE x capacity); heating COP 1, so enernet's heating = heat delivered (gas: not electricity)",
         "heating_w, heating_cop_*; heated_share 1"),
        (f"furnace fan {h['heat_w_per_cfm']} W/cfm x {h['heat_cfm']:g} cfm",
         f"{derived['fan_heating_kw'] * 1000:.1f} W x heat delivered / (DSE x capacity)",
         "post-processing: heating electricity"),
        (f"setpoints heat {h['heat_sp_f'][0]:g} F / cool {h['cool_sp_f'][0]:g} F",
         f"{homes_cfg.heating_setpoint_c:.2f} / {homes_cfg.cooling_setpoint_c:.2f} C (overlap: 1 K apart about "
         "their mean)", "homes.*_setpoint_c"),
        (f"PlugLoad {h['plug_kwh']:,.2f} kWh x {h['plug_mult']} + Refrigerator {h['fridge_kwh']:g} kWh",
         f"{kwh['plug']:,.0f} + {kwh['fridge']:,.0f} kWh = {(kwh['plug'] + kwh['fridge']) / 8.76:.1f} W constant",
         "base_kw"),
        ("LightingGroup LED 1.0 (interior, exterior, garage), CFA", f"{kwh['lighting']:,.0f} kWh (301 Addendum G)",
         "lighting_kw_per_active (scaled to it)"),
        *[(f"{lbl}", f"{kwh[k]:,.1f} kWh (301-2019, {kwh['bedrooms_adjusted']:.2f} adjusted bedrooms)",
           f"{a} cycles/day {rate[list(cat.APPLIANCE_NAMES).index(a)]:.3f} (catalogue kW and minutes)")
          for a, k, lbl in (
              ("washing_machine", "washer", f"ClothesWasher {h['washer']['RatedAnnualkWh']:g} kWh rated, IMEF "
               f"{h['washer']['IntegratedModifiedEnergyFactor']}, {h['washer']['Capacity']} ft3"),
              ("dryer", "dryer", f"ClothesDryer {h['dryer']['fuel']}, CEF {h['dryer']['cef']}"),
              ("dishwasher", "dishwasher", f"Dishwasher {h['dishwasher']['RatedAnnualkWh']:g} kWh rated, "
               f"{h['dishwasher']['LabelUsage']:g}/week label"),
              ("induction_cooktop", "cooking", f"CookingRange {h['range']['fuel']}, "
               f"{'induction' if h['range']['induction'] else 'resistance'}"))],
        (f"appliance sensible fractions (301; plug FracSensible {h['plug_sensible']})",
         f"{p['appliance_gain_share']:.3f} of their kWh",
         "appliance_gain_share"),
        ("WaterHeatingSystem natural gas", "no electric water heater", "water_heater False"),
        ("(no such appliances in the HPXML)", "kettle, rice cooker, microwave, TV, computer not owned (plug loads)",
         "owns")]
    return spec, rows, derived


def lighting_kw_per_active(spec, ghi_intervals: np.ndarray, target_kwh: float, year: int, interval_min: int,
                           keys=(0, 11)) -> float:
    """enernet's lighting kW per active person such that the homes' mean annual lighting is ``target_kwh``:
    the same occupancy draws as the day plans (key ``keys``), lit when active and GHI is below the dark level."""
    import datetime as dt

    from enernet.sim.home_energy import DayPlan

    plan, steps = DayPlan(spec, interval_min, keys), 24 * 60 // interval_min
    hours = np.zeros(spec.occupants.shape[0])
    for day in range(ghi_intervals.shape[0] // steps):
        rest = (dt.date(year, 1, 1) + dt.timedelta(days=day)).weekday() >= 5
        active10, _ = plan.occupancy(plan._rng(day), rest)
        dark = ghi_intervals[day * steps:(day + 1) * steps] < spec.params["dark_ghi_w_m2"]
        hours += (np.minimum(active10 @ plan.weights, 3.0) * dark[None, :]).sum(axis=1) * interval_min / 60.0
    return float(target_kwh / hours.mean())


def hpxml_electricity(e: dict, derived: dict, outdoor_c: np.ndarray) -> dict:
    """The mapped homes' electricity (n, intervals) [kW]: enernet's end uses plus the crankcase heater
    (while enernet's AC is off in the cold) and the furnace's fan (in proportion to its heat)."""
    crank = derived["crank_kw"] * ((e["cooling"] <= 0) & (outdoor_c < CRANKCASE_BELOW_C)[None, :])
    fan = derived["fan_heating_kw"] * np.minimum(e["heating"] / derived["heating_rooms_kw"], 1.0)
    cooling = e["cooling"] + crank
    return {"cooling": cooling, "crankcase": crank, "furnace_fan": fan,
            "total": cooling + fan + e["water"] + e["cooking"] + e["other"]}
