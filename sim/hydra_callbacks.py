"""Hydra callbacks: validate the composed config before Hydra creates any run directory."""
from __future__ import annotations

from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from sim.config import validate


def _job_config(config: DictConfig) -> DictConfig:
    """The job's part of a Hydra config (everything but the ``hydra`` node)."""
    return OmegaConf.masked_copy(config, [k for k in config.keys() if k != "hydra"])


class ValidateBeforeRun(Callback):
    """Runs :func:`sim.config.validate` in ``on_run_start``, i.e. before Hydra makes the output dir.

    A bad value therefore fails with its message and leaves nothing on disk.
    """

    def on_run_start(self, config: DictConfig, **kwargs) -> None:
        validate(_job_config(config))
