"""Helpers shared by the tests."""
from __future__ import annotations

from enernet import compose_config
from enernet.scenarios.model.model import EnernetModel


def simulate(overrides: list[str], watch=None, trace: bool = False):
    """Run a model in memory, step by step (``watch(model)`` after each step); return it and its tables."""
    model = EnernetModel(compose_config(overrides))
    if trace:
        model.trace = []
    while model.running:
        model.step()
        if watch is not None:
            watch(model)
    model.recorder.close()
    return model, {name: t.to_pandas() for name, t in model.recorder.tables().items()}
