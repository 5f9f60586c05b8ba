"""Named random streams: one seed per run, one independent child stream per component.

A stream's key is a hash of its name, not its position in a spawn order, so adding a component
never shifts another component's numbers. Never the ``random`` module, never global state.
"""
from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, name: str) -> np.random.Generator:
    """Return the generator for component ``name`` under run ``seed`` (a non-negative int)."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence(entropy=int(seed), spawn_key=(key,)))
