"""Parameter sweeps on Ray: one Ray task per run, results back to the driver, nothing lost.

Each run is a whole simulation in a Ray task (a warm task costs 2-3 ms, so nothing finer is worth
distributing). The task simulates into a temporary directory on its worker and returns the run
directory's files; the driver writes them under the sweep directory, so no shared file system is
needed. A run that raises is recorded as failed with its error and the others go on; a worker that
dies is retried by Ray (``max_retries``). Runs are keyed by the hash of their resolved config: a run
whose complete directory (with ``manifest.json``) already holds that hash is skipped, so running
the same sweep again resumes it. ``sweep.parquet`` has one row per run (parameters, KPIs, status,
error); with several seeds per parameter point ``summary.parquet`` and ``summary.png`` give each
KPI's mean and 95 % confidence interval.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from enernet.configs.schema import display_only_keys
from enernet.run_integrity import write_inside
from enernet.rundir import config_hash
from enernet.sweep_report import parameter_columns


@dataclass
class SweepJob:
    """One run of a sweep: its overrides (``key=value``) and its resolved config (a plain dict)."""

    overrides: list[str]
    config: dict
    hash: str = field(init=False)

    def __post_init__(self):
        self.hash = config_hash(self.config)

    @property
    def parameters(self) -> dict[str, object]:
        """The swept values by key, display-only flags (run.progress, ...) left out."""
        out = {}
        for override in self.overrides:
            key, _, raw = override.lstrip("+~").partition("=")
            if key.startswith("hydra.") or key in display_only_keys():
                continue
            value = self.config
            for part in key.replace("/", ".").split("."):
                value = value.get(part) if isinstance(value, dict) else None
            # A config group (scenario=tiny) is named by its option; a plain key by its typed value.
            out[key] = raw if isinstance(value, dict) else (json.dumps(value) if isinstance(value, list) else value)
        return out

    @property
    def name(self) -> str:
        """Run directory name: the overrides, readable, plus a short hash."""
        label = ",".join(o for o in self.overrides if not o.startswith("hydra.")
                         and o.lstrip("+~").split("=", 1)[0] not in display_only_keys()) or "base"
        label = re.sub(r"[^A-Za-z0-9_.,=+-]", "_", label)[:120]
        return f"{label}__{self.hash[:10]}"


def execute_job(config: dict, final_dir: str | None = None) -> dict:
    """Run one simulation (inside a Ray task).

    With ``final_dir`` (a local Ray, which shares the driver's disk) the run is written there
    directly, under a temporary name renamed at the end; otherwise its files are returned to the
    driver, which writes them (a cluster needs no shared file system).
    """
    from omegaconf import OmegaConf

    from enernet.runner import run_scenario

    with tempfile.TemporaryDirectory(prefix="enernet-") as tmp:
        run_dir = Path(tmp) / "run" if final_dir is None else Path(final_dir).with_name(
            f".{Path(final_dir).name}.partial")
        try:
            shutil.rmtree(run_dir, ignore_errors=True)
            # one rule for every backend: the twins in each run's own process (on Ray the runs fill
            # the cores already); set in the config, so an EV adoption study's runs keep it too
            config = {**config, "run": {**config.get("run", {}), "parallel_twins": False}}
            kpis = run_scenario(OmegaConf.create(config), run_dir, progress=False)
        except Exception as error:  # recorded, not fatal: the sweep goes on
            if final_dir is not None:
                shutil.rmtree(run_dir, ignore_errors=True)
            return {"status": "failed", "error": f"{type(error).__name__}: {error}",
                    "traceback": traceback.format_exc(limit=8)}
        if final_dir is not None:
            shutil.rmtree(final_dir, ignore_errors=True)
            os.replace(run_dir, final_dir)
            return {"status": "ok", "kpis": kpis, "worker_pid": os.getpid()}
        files = {p.name: p.read_bytes() for p in run_dir.iterdir() if p.is_file()}
        return {"status": "ok", "kpis": kpis, "files": files, "worker_pid": os.getpid()}


def _write_run(sweep_dir: Path, job: SweepJob, files: dict[str, bytes]) -> Path:
    """Write a returned run directory under a temporary name, then rename it into place."""
    final = sweep_dir / job.name
    staging = sweep_dir / f".{job.name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, content in files.items():
        (staging / name).write_bytes(content)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(staging, final)
    return final


def finished_runs(sweep_dir: Path) -> dict[str, Path]:
    """Complete, intact run directories under ``sweep_dir``, by config hash. A run whose manifest,
    KPIs or tables are damaged (unreadable, or not what the manifest lists) is not finished: the
    resumed sweep runs it again."""
    from enernet.rundir import load_run_files

    out = {}
    if sweep_dir.exists():
        for manifest in sweep_dir.glob("*/manifest.json"):
            try:
                checked, _ = load_run_files(manifest.parent)
                out[str(checked["config_hash"])] = manifest.parent
            except (OSError, ValueError, KeyError, TypeError, RecursionError):
                continue
    return out


def init_ray(address: str | None, num_cpus: int | None, runtime_env: dict | None = None):
    """Connect to ``address`` (or $RAY_ADDRESS), else start a local Ray for this machine only.

    A local Ray's servers listen on 127.0.0.1 only: Ray binds them to the node's address, which it
    takes to be loopback when its cluster mode is off (``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``, set
    before Ray is imported, for a local start only). Ray's authentication is left as Ray sets it
    (a token, on by default since Ray 2.59), never turned off. ``runtime_env`` goes to ``ray.init``.
    """
    address = address or os.environ.get("RAY_ADDRESS") or None
    if not address:
        os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"
    import ray

    if ray.is_initialized():
        return ray
    options = {"log_to_driver": False, "logging_level": "ERROR", "ignore_reinit_error": True}
    if runtime_env:
        options["runtime_env"] = runtime_env
    if address:
        ray.init(address=address, **options)
    else:
        import ray._private.ray_constants as constants

        constants.ENABLE_RAY_CLUSTER = False  # Ray was imported before the variable was set
        ray.init(num_cpus=num_cpus, include_dashboard=False, **options)
    return ray


class _Progress:
    """Runs done, running and failed, on a rich progress bar."""

    def __init__(self, total: int, enabled: bool):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("[bold]sweep"), BarColumn(), MofNCompleteColumn(),
                            TextColumn("done {task.fields[done]}  running {task.fields[running]}  "
                                       "failed {task.fields[failed]}"), TimeElapsedColumn(), disable=not enabled)
        self.task = self.bar.add_task("sweep", total=total, done=0, running=0, failed=0)

    def update(self, done: int, running: int, failed: int) -> None:
        self.bar.update(self.task, completed=done + failed, done=done, running=running, failed=failed)


def run_sweep(jobs: list[SweepJob], sweep_dir: str | Path, address: str | None = None, num_cpus: int | None = None,
              max_retries: int = 2, resume: bool = True, progress: bool = True, echo=print,
              summary: bool = True, files_via_driver: bool | None = None, backend: str = "ray") -> pd.DataFrame:
    """Run ``jobs`` into ``sweep_dir``; return (and write) the sweep table.

    ``backend``: ``ray`` (Ray tasks, a local Ray or the cluster at ``address``) or ``local`` (one run
    after another in this process, as Hydra's own launcher would; the same table). ``sweep.parquet``
    is rewritten as each run finishes (``pending`` rows for those not yet done), so a killed driver
    loses only the runs in flight, and keeps each failure's error and traceback.
    ``files_via_driver``: return each run's files to the driver, which writes them (the default on
    a cluster, which needs no shared file system); on a local Ray the workers write in place.
    """
    sweep_dir = Path(sweep_dir)
    sweep_dir.mkdir(parents=True, exist_ok=True)
    done_before = finished_runs(sweep_dir) if resume else {}
    pending = [job for job in jobs if job.hash not in done_before]
    skipped = len(jobs) - len(pending)
    if resume:
        echo(f"sweep: {len(jobs)} runs, {skipped} already complete in {sweep_dir} (skipped), {len(pending)} to run")
    outcomes: dict[str, dict] = {}
    started = time.perf_counter()
    table_path = sweep_dir / "sweep.parquet"
    _write_parquet(sweep_table(jobs, outcomes, done_before, sweep_dir), table_path)
    if pending:
        bar = _Progress(len(pending), progress)
        counts = {"ok": 0, "failed": 0}
        with bar.bar:
            for job, outcome, running in _outcomes(pending, sweep_dir, backend, address, num_cpus, max_retries,
                                                    files_via_driver):
                if outcome["status"] == "ok" and "files" in outcome:
                    _write_run(sweep_dir, job, outcome.pop("files"))
                counts["ok" if outcome["status"] == "ok" else "failed"] += 1
                outcomes[job.hash] = outcome
                bar.update(counts["ok"], running, counts["failed"])
                _write_parquet(sweep_table(jobs, outcomes, done_before, sweep_dir), table_path)
    wall_s = time.perf_counter() - started
    table = sweep_table(jobs, outcomes, done_before, sweep_dir)
    _write_parquet(table, table_path)
    n_failed = int((table["status"] == "failed").sum())
    echo(f"sweep: {int((table['status'] == 'ok').sum())} ok, {n_failed} failed, {skipped} skipped "
         f"in {wall_s:.1f} s; table: {table_path}")
    if summary and "seed" in table.columns and table["seed"].nunique() > 1:
        from enernet.sweep_report import plot_summary, summarise

        points = [c for c in parameter_columns(table) if c != "seed"]
        summary = summarise(table, points)
        _write_parquet(summary, sweep_dir / "summary.parquet")
        plot_summary(summary, points, sweep_dir / "summary.png")
        echo(f"sweep: summary with 95% confidence intervals: {sweep_dir / 'summary.parquet'}")
    return table


def _outcomes(pending, sweep_dir: Path, backend: str, address, num_cpus, max_retries, files_via_driver):
    """Yield (job, outcome, runs still running) as each run ends, on the chosen backend."""
    if backend == "local":
        for job in pending:
            yield job, execute_job(job.config, str((sweep_dir / job.name).resolve())), 0
        return
    if backend != "ray":
        raise ValueError(f"backend = {backend!r} is not allowed: choose ray or local")
    ray = init_ray(address, num_cpus)
    remote = ray.remote(execute_job).options(max_retries=int(max_retries), retry_exceptions=False)
    if files_via_driver is None:  # a local Ray shares this disk: workers write their run directories in place
        files_via_driver = bool(address or os.environ.get("RAY_ADDRESS"))
    refs = {remote.remote(job.config, None if files_via_driver else str((sweep_dir / job.name).resolve())): job
            for job in pending}
    while refs:
        ready, _ = ray.wait(list(refs), num_returns=1)
        job = refs.pop(ready[0])
        try:
            outcome = ray.get(ready[0])
        except Exception as error:  # the task itself died (retries exhausted)
            outcome = {"status": "failed", "error": f"{type(error).__name__}: {str(error).splitlines()[0]}",
                       "traceback": str(error)}
        yield job, outcome, len(refs)


def sweep_table(jobs: list[SweepJob], outcomes: dict[str, dict], done_before: dict[str, Path],
                sweep_dir: Path) -> pd.DataFrame:
    rows = []
    for job in jobs:
        row = {"run": job.name, "config_hash": job.hash, **job.parameters}
        if job.hash in done_before:
            kpis = json.loads((done_before[job.hash] / "kpis.json").read_text())
            row.update(status="ok", error=None, run=done_before[job.hash].name, **kpis)
        else:
            outcome = outcomes.get(job.hash, {"status": "pending", "error": None})
            row.update(status=outcome["status"], error=outcome.get("error"), traceback=outcome.get("traceback"),
                       **outcome.get("kpis", {}))
        rows.append(row)
    parameters = sorted({k for job in jobs for k in job.parameters})
    table = pd.DataFrame(rows)
    leading = ["run", "config_hash", *parameters, "status", "error", "traceback"]
    for column in ("error", "traceback"):
        table[column] = table[column].astype(object) if column in table else None
    table = table[leading + [c for c in table.columns if c not in leading]]
    table.attrs["parameters"] = parameters
    return table


def _write_parquet(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` to ``path`` through the run directories' one safe writer (no symlink followed)."""
    import io

    buffer = io.BytesIO()
    table.to_parquet(buffer, index=False)
    write_inside(path.parent, path.name, buffer.getvalue())
