"""Hydra launcher plugins: a multirun's jobs through :mod:`enernet.sweep`, on Ray or in this process.

``hydra/launcher=ray`` runs each job as a Ray task; ``hydra/launcher=local`` (enernet's default for
a plain ``enernet run -m``) runs them one after another in this process. Both go through
``enernet.sweep.run_sweep``, so both write the same ``sweep.parquet``. Configure under
``hydra.launcher``: ``address`` (a Ray cluster; default: $RAY_ADDRESS, else a local Ray), ``num_cpus``
(local Ray only), ``max_retries`` (per run, when its worker dies), ``resume`` (skip runs already
complete in the sweep directory), ``progress``.

Every job's config is composed, validated and sized on the driver before any run starts, so an
unknown parameter, a bad value or a run too big for the machine stops the sweep with its name. The
sweep exits with status 1 when any run failed, saying how many.
"""
# No "from __future__ import annotations" here: Hydra imports plugins without registering them in
# sys.modules, and dataclasses need the module to resolve string annotations.

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from hydra.core.config_store import ConfigStore
from hydra.core.utils import JobReturn, JobStatus, configure_log, filter_overrides
from hydra.plugins.launcher import Launcher
from omegaconf import DictConfig, OmegaConf


@dataclass
class RayLauncherConf:
    _target_: str = "hydra_plugins.enernet_ray_launcher.ray_launcher.RayLauncher"
    address: Optional[str] = None
    num_cpus: Optional[int] = None
    max_retries: int = 2
    resume: bool = True
    progress: bool = True
    backend: str = "ray"


@dataclass
class LocalLauncherConf(RayLauncherConf):
    backend: str = "local"


ConfigStore.instance().store(group="hydra/launcher", name="ray", node=RayLauncherConf, provider="enernet")
ConfigStore.instance().store(group="hydra/launcher", name="local", node=LocalLauncherConf, provider="enernet")


class RayLauncher(Launcher):
    def __init__(self, address=None, num_cpus=None, max_retries=2, resume=True, progress=True, backend="ray"):
        self.backend = backend
        self.address, self.num_cpus = address, num_cpus
        self.max_retries, self.resume, self.progress = max_retries, resume, progress
        self.config = self.hydra_context = self.task_function = None

    def setup(self, *, hydra_context, task_function, config: DictConfig) -> None:
        self.hydra_context, self.task_function, self.config = hydra_context, task_function, config

    def launch(self, job_overrides: Sequence[Sequence[str]], initial_job_idx: int) -> Sequence[JobReturn]:
        from enernet.configs.schema import ConfigError, validate
        from enernet.scenarios.model.sizing import check_size
        from enernet.sweep import SweepJob, run_sweep

        configure_log(self.config.hydra.hydra_logging, self.config.hydra.verbose)
        jobs, configs, problems = [], [], []
        for overrides in job_overrides:
            sweep_config = self.hydra_context.config_loader.load_sweep_config(self.config, list(overrides))
            job_config = OmegaConf.masked_copy(sweep_config, [k for k in sweep_config if k != "hydra"])
            try:
                validate(job_config)
                check_size(job_config)
            except ConfigError as error:
                problems.append(f"run {' '.join(filter_overrides(overrides))}: {error}")
                continue
            jobs.append(SweepJob(list(filter_overrides(overrides)), OmegaConf.to_container(job_config, resolve=True)))
            configs.append(sweep_config)
        if problems:
            print("enernet run: the sweep was not started:\n" + "\n".join(problems), file=sys.stderr)
            raise SystemExit(2)
        sweep_dir = Path(str(self.config.hydra.sweep.dir))
        table = run_sweep(jobs, sweep_dir, address=self.address, num_cpus=self.num_cpus,
                          max_retries=self.max_retries, resume=self.resume, progress=self.progress,
                          backend=self.backend)
        returns = []
        for job, sweep_config, (_, row) in zip(jobs, configs, table.iterrows()):
            ret = JobReturn(overrides=job.overrides, cfg=sweep_config, hydra_cfg=sweep_config,
                            working_dir=str(sweep_dir / row["run"]), task_name="enernet", status=JobStatus.COMPLETED)
            ret.return_value = {"status": row["status"], "error": row["error"]}
            returns.append(ret)
        failed = int((table["status"] == "failed").sum())
        if failed:
            print(f"enernet run: {failed} of {len(table)} runs failed; their errors and tracebacks are in "
                  f"{sweep_dir / 'sweep.parquet'} (run the sweep again to retry them)", file=sys.stderr)
            raise SystemExit(1)
        return returns
