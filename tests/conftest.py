"""Shared fixtures: composed configs and one tiny run shared by the tests that only read it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

from enernet import compose_config, run_scenario

# In CI the property tests draw the same examples every time (derandomized), so a landing never
# depends on luck; locally they explore new examples on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ENERNET = str(Path(sys.executable).with_name("enernet"))


@pytest.fixture(scope="session")
def compose():
    return compose_config


@pytest.fixture(scope="session")
def tiny_run_dir(tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("tiny") / "run"
    run_scenario(compose_config(["scenario=tiny", "run.progress=false"]), run_dir)
    return run_dir


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``enernet`` command; returns the completed process (text output)."""
    env = {**os.environ, "HYDRA_FULL_ERROR": "0", "COLUMNS": "120"}
    return subprocess.run([ENERNET, *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


@pytest.fixture(scope="session")
def enernet_cli():
    if not shutil.which(ENERNET) and not Path(ENERNET).exists():
        pytest.fail(f"the enernet console script is not installed next to {sys.executable}")
    return run_cli
