"""Test-only fault injection: make a run raise, or kill its process, when a chosen interval starts.

Production code carries no hooks. A test lists its faults in a JSON file named by the environment
variable ``ENERNET_TEST_FAULTS`` and calls :func:`install` (in the test process), or starts Ray with
:func:`ray_runtime_env` so each worker process installs them before it runs a task. ``install``
wraps ``IntervalPipeline.run`` and ``DayBatch.run``: a batched day that holds a fault's interval
runs interval by interval, so the fault fires at its interval as it would in a stepped run.

A fault: ``{"seed": 1, "interval": 10, "kind": "raise"}`` or ``{"seed": 1, "interval": 20,
"kind": "crash", "marker": "/tmp/x"}`` (a crash kills the process unless ``marker`` exists, and
creates it first, so a retried run completes). Faults apply to the run with that seed, never to its
counterfactual twins.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

ENV = "ENERNET_TEST_FAULTS"
_installed = False


def write(path: Path, faults: list[dict]) -> Path:
    """Write ``faults`` to ``path`` (the file the processes read at each model's first interval)."""
    path.write_text(json.dumps(faults))
    return path


def ray_runtime_env(path: Path) -> dict:
    """Ray's runtime_env for workers that install the faults listed in ``path``."""
    root = str(Path(__file__).resolve().parents[1])
    return {"env_vars": {ENV: str(path), "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get(
        "PYTHONPATH")]))}, "worker_process_setup_hook": "tests.faults.install"}


def _faults_for(model) -> list[dict]:
    path = os.environ.get(ENV)
    if model.twin_of is not None or not path or not Path(path).exists():
        return []
    return [f for f in json.loads(Path(path).read_text()) if f["seed"] == int(model.cfg.seed)]


def _fire(fault: dict, interval: int) -> None:
    if fault["kind"] == "raise":
        raise RuntimeError(f"test fault at interval {interval}")
    marker = fault["marker"]
    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(17)  # an abrupt death, as when a worker is killed


def install() -> None:
    """Wrap the interval and day paths so the listed faults fire (idempotent)."""
    global _installed
    if _installed:
        return
    from enernet.scenarios.model.day_batch import DayBatch
    from enernet.scenarios.model.interval import IntervalPipeline

    run_interval, run_day = IntervalPipeline.run, DayBatch.run

    def interval_with_faults(self, interval: int) -> None:
        if not hasattr(self, "_test_faults"):
            self._test_faults = _faults_for(self.model)
        for fault in self._test_faults:
            if fault["interval"] == interval:
                _fire(fault, interval)
        run_interval(self, interval)

    def day_with_faults(self, day: int) -> None:
        first = day * self.steps
        if any(first <= f["interval"] < first + self.steps for f in _faults_for(self.model)):
            for interval in range(first, first + self.steps):
                self.model.pipeline.run(interval)
        else:
            run_day(self, day)

    IntervalPipeline.run, DayBatch.run = interval_with_faults, day_with_faults
    _installed = True
