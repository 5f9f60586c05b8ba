"""Named random streams: one seed per run, one independent child stream per component.

A stream's key is a hash of its name, not its position in a spawn order, so adding a component
never shifts another component's numbers. Never the ``random`` module, never global state.
"""
from __future__ import annotations

import zlib

import numpy as np


def _seed_sequence(seed: int, name: str) -> np.random.SeedSequence:
    return np.random.SeedSequence(entropy=int(seed), spawn_key=(zlib.crc32(name.encode("utf-8")),))


def seed_sequence(seed: int, name: str) -> np.random.SeedSequence:
    """Component ``name``'s seed sequence under run ``seed`` (spawn children from it for sub-streams)."""
    return _seed_sequence(seed, name)


def stream(seed: int, name: str) -> np.random.Generator:
    """Return the generator for component ``name`` under run ``seed`` (a non-negative int)."""
    return np.random.default_rng(_seed_sequence(seed, name))


def counter_keys(seed: int, name: str) -> tuple[int, int]:
    """The two 64-bit keys of component ``name``'s counter-based draws (``cext.noise``) under ``seed``."""
    key1, key2 = _seed_sequence(seed, name).generate_state(2, np.uint64)
    return int(key1), int(key2)


class Streams:
    """A run's named streams, handed to the components that draw (the model makes one from the
    config's ``seed``; a component asks it by name and never sees the seed)."""

    def __init__(self, seed: int):
        self.seed = int(seed)

    def stream(self, name: str) -> np.random.Generator:
        return stream(self.seed, name)

    def seed_sequence(self, name: str) -> np.random.SeedSequence:
        return seed_sequence(self.seed, name)

    def counter_keys(self, name: str) -> tuple[int, int]:
        return counter_keys(self.seed, name)
