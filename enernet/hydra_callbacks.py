"""Hydra callbacks: validate the composed config before Hydra creates any run directory."""
from __future__ import annotations

import sys

from hydra.experimental.callback import Callback
from omegaconf import DictConfig, OmegaConf

from enernet.configs.schema import ConfigError, validate


def _job_config(config: DictConfig) -> DictConfig:
    """The job's part of a Hydra config (everything but the ``hydra`` node)."""
    return OmegaConf.masked_copy(config, [k for k in config.keys() if k != "hydra"])


class ValidateBeforeRun(Callback):
    """Runs :func:`configs.schema.validate` in ``on_run_start``, before Hydra makes the output directory.

    Hydra turns an ``Exception`` raised in a callback into a warning and carries on, so a bad value
    is reported here and the process exits (status 2) with nothing written.
    """

    def on_run_start(self, config: DictConfig, **kwargs) -> None:
        from enernet.run_integrity import RunDirectoryError, prepare_run_dir
        from enernet.scenarios.model.sizing import check_size

        job = _job_config(config)
        try:
            validate(job)
            check_size(job)  # what cannot fit this machine, refused with the estimate
            prepare_run_dir(config.hydra.run.dir, bool(job.run.overwrite))  # never two runs in one directory
        except (ConfigError, RunDirectoryError) as error:
            print(f"enernet run: {error}", file=sys.stderr)
            raise SystemExit(2) from None
