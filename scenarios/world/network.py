"""Synthesise the distribution network: households in street blocks under transformers on feeders."""
from __future__ import annotations

import numpy as np

from enernet.scenarios.world.transformer_losses import transformer_losses_kw
from enernet.sim.grid import Network


def split_evenly_with_jitter(total: int, parts: int, rng: np.random.Generator, jitter: float = 0.2) -> np.ndarray:
    """Split ``total`` items into ``parts`` blocks of about equal size (+/- ``jitter``), each >= 1."""
    weights = 1.0 + rng.uniform(-jitter, jitter, size=parts)
    sizes = np.floor(weights / weights.sum() * (total - parts)).astype(np.int64) + 1
    # Hand the rounding remainder to the blocks with the largest fractional parts, deterministically.
    remainder = total - sizes.sum()
    fractional = weights / weights.sum() * (total - parts) % 1.0
    sizes[np.argsort(-fractional, kind="stable")[:remainder]] += 1
    return sizes


def standard_rating_kva(required_kva: np.ndarray, standard_ratings_kva) -> np.ndarray:
    """Smallest standard rating >= the requirement (the largest standard size if none is)."""
    ratings = np.sort(np.asarray(standard_ratings_kva, dtype=np.float64))
    position = np.searchsorted(ratings, required_kva, side="left")
    return ratings[np.minimum(position, ratings.size - 1)]


def build_network(n_households: int, scenario, grid_cfg, rng: np.random.Generator) -> Network:
    """Households in contiguous blocks (streets) per transformer; transformers split across feeders.

    Each transformer gets the smallest standard rating that covers its households at
    ``grid.kva_per_household``. Losses: no-load and load loss from ``grid.transformer_losses``
    (EU Ecodesign Tier 2 by default, ``scenarios.world.transformer_losses``); the feeder's
    I^2R coefficient is set so that losses are ``grid.feeder_loss_pct_at_peak`` % when every
    transformer on it runs at rated load.
    """
    n_transformers = int(scenario.transformers)
    households_per_transformer = split_evenly_with_jitter(n_households, n_transformers, rng)
    transformer_of_household = np.repeat(np.arange(n_transformers, dtype=np.int32), households_per_transformer)
    rating_kva = standard_rating_kva(households_per_transformer * grid_cfg.kva_per_household, grid_cfg.standard_ratings_kva)
    f = int(scenario.feeders)
    feeder_of_transformer = np.repeat(np.arange(f, dtype=np.int32),
                                      split_evenly_with_jitter(n_transformers, f, rng, jitter=0.0))
    no_load_loss_kw, load_loss_kw = transformer_losses_kw(rating_kva, grid_cfg)
    design_load_kw = np.bincount(feeder_of_transformer, weights=rating_kva * grid_cfg.power_factor, minlength=f)
    return Network(
        transformer_of_household=np.ascontiguousarray(transformer_of_household),
        rating_kva=np.ascontiguousarray(rating_kva),
        no_load_loss_kw=no_load_loss_kw,
        load_loss_at_rating_kw=load_loss_kw,
        feeder_of_transformer=np.ascontiguousarray(feeder_of_transformer),
        feeder_loss_coefficient_per_kw=grid_cfg.feeder_loss_pct_at_peak / 100.0 / design_load_kw,
        power_factor=float(grid_cfg.power_factor),
        overload_threshold_pu=float(grid_cfg.overload_threshold_pu),
    )
