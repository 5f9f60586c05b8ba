"""EV adoption over years by the Bass (1969) diffusion model, and the question it answers:
in which year does each transformer first overload?

Bass, F. M. (1969), "A new product growth for model consumer durables", Management Science 15(5).
Cumulative adoption F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}); the share of households
with an EV in year y is market_share x F(t0 + y - start_year), with t0 chosen so that the share in
start_year is initial_share. The study simulates the scenario's week once per year with that EV
share (same seed, so only the EVs change) and records each transformer's overload hours.
"""
from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
from omegaconf import OmegaConf


def bass_cumulative(t_years, p: float, q: float):
    """Bass cumulative adoption F(t) (share of the eventual market) [-]."""
    t = np.asarray(t_years, dtype=float)
    decay = np.exp(-(p + q) * t)
    return (1.0 - decay) / (1.0 + (q / p) * decay)


def bass_offset_years(fraction: float, p: float, q: float) -> float:
    """The t at which F(t) = ``fraction`` (inverse of :func:`bass_cumulative`)."""
    if not 0 <= fraction < 1:
        raise ValueError(f"fraction = {fraction} is not allowed: must be in [0, 1)")
    return -math.log((1 - fraction) / (1 + (q / p) * fraction)) / (p + q)


def ev_share_by_year(adoption) -> dict[int, float]:
    """EV share of households for each study year."""
    m = float(adoption.market_share)
    t0 = bass_offset_years(min(float(adoption.initial_share) / m, 0.999999), adoption.p, adoption.q) if m > 0 else 0
    years = np.arange(adoption.start_year, adoption.start_year + adoption.years)
    shares = m * bass_cumulative(t0 + (years - adoption.start_year), adoption.p, adoption.q)
    return {int(y): float(s) for y, s in zip(years, shares)}


def adoption_study(cfg) -> tuple[pa.Table, dict]:
    """Simulate the scenario once per year with the Bass EV share; return the table and its KPIs."""
    from enernet.scenarios.model.model import EnernetModel

    rows = {"year": [], "ev_share": [], "transformer": [], "overload_hours": [], "max_loading_pu": []}
    first_year: dict[int, int] = {}
    for year, share in ev_share_by_year(cfg.ev.adoption).items():
        year_cfg = OmegaConf.merge(cfg, {"ev": {"share": round(share, 6), "adoption": {"years": 0}},
                                         "run": {"progress": False}})
        model = EnernetModel(year_cfg)
        model.run()
        hours = model.grid_operator.overload_hours_by_transformer
        peak = model.grid_operator.max_loading_pu_by_transformer
        for transformer in range(hours.size):
            rows["year"].append(year)
            rows["ev_share"].append(share)
            rows["transformer"].append(transformer)
            rows["overload_hours"].append(float(hours[transformer]))
            rows["max_loading_pu"].append(float(peak[transformer]))
            if hours[transformer] > 0 and transformer not in first_year:
                first_year[transformer] = year
    table = pa.table({"year": pa.array(rows["year"], pa.int32()), "ev_share": rows["ev_share"],
                      "transformer": pa.array(rows["transformer"], pa.int32()),
                      "overload_hours": rows["overload_hours"], "max_loading_pu": rows["max_loading_pu"]})
    earliest = min(first_year.values()) if first_year else None
    kpis = {
        "first_overload_year": earliest,
        "first_overloaded_transformer": (min(t for t, y in first_year.items() if y == earliest)
                                         if earliest is not None else None),
        "transformers_overloaded_by_last_year": len(first_year),
    }
    return table, kpis
