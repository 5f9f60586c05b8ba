"""Distribution-transformer losses from a named standard's table, by rating.

``eu_ecodesign_tier2``: Commission Regulation (EU) No 548/2014 (amended by (EU) 2019/1783), Annex I,
Table I.1, Tier 2 (from 1 July 2021): the largest load losses P_k (class A_k) and no-load losses P_0
(class A_0 - 10 %) allowed for three-phase liquid-immersed medium power transformers of at most
3,150 kVA, with one winding at most 24 kV and the other at most 1.1 kV, the class of the 10/0.4 kV
transformers under a neighbourhood. Ratings between two rows take losses by linear interpolation,
as the Regulation prescribes; below the smallest row (25 kVA) and above the largest, losses keep
the nearest row's share of rating. (China's GB 20052-2020 sets its own table with similar levels.)

``percent``: no-load and load losses as fixed shares of rating (``grid.no_load_loss_pct`` and
``grid.load_loss_pct``), for sensitivity studies.
"""
from __future__ import annotations

import numpy as np

from enernet.configs.names import TRANSFORMER_LOSS_STANDARDS

# rating [kVA], load loss at rating P_k [W], no-load loss P_0 [W]: Regulation 548/2014 Table I.1, Tier 2.
EU_ECODESIGN_TIER2 = np.array([
    (25, 600, 63), (50, 750, 81), (100, 1250, 130), (160, 1750, 189), (250, 2350, 270), (315, 2800, 324),
    (400, 3250, 387), (500, 3900, 459), (630, 4600, 540), (800, 6000, 585), (1000, 7600, 693),
    (1250, 9500, 855), (1600, 12000, 1080), (2000, 15000, 1305), (2500, 18500, 1575), (3150, 23000, 1980),
], dtype=np.float64)



def tabulated_losses_kw(rating_kva, table: np.ndarray = EU_ECODESIGN_TIER2) -> tuple[np.ndarray, np.ndarray]:
    """(no-load loss, load loss at rating) [kW] of transformers of ``rating_kva`` [kVA] from ``table``
    (rows of rating [kVA], P_k [W], P_0 [W]): linear interpolation between rows; outside the table,
    the nearest row's losses per kVA of rating."""
    rating = np.asarray(rating_kva, dtype=np.float64)
    kva, load_w, no_load_w = table.T
    inside = np.clip(rating, kva[0], kva[-1])
    scale = rating / inside  # 1 inside the table; outside, losses scale with rating
    no_load_kw = np.interp(inside, kva, no_load_w) * scale / 1000.0
    load_kw = np.interp(inside, kva, load_w) * scale / 1000.0
    return no_load_kw, load_kw


def transformer_losses_kw(rating_kva, grid_cfg) -> tuple[np.ndarray, np.ndarray]:
    """(no-load loss, load loss at rating) [kW] per transformer under ``grid.transformer_losses``."""
    rating = np.asarray(rating_kva, dtype=np.float64)
    if grid_cfg.transformer_losses == "percent":
        return rating * grid_cfg.no_load_loss_pct / 100.0, rating * grid_cfg.load_loss_pct / 100.0
    if grid_cfg.transformer_losses == "eu_ecodesign_tier2":
        return tabulated_losses_kw(rating)
    raise ValueError(f"grid.transformer_losses = {grid_cfg.transformer_losses!r} is not allowed: choose one of "
                     f"{', '.join(TRANSFORMER_LOSS_STANDARDS)}")
