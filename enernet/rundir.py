"""The run directory: what a run writes, and how Python users load it back.

Layout: ``manifest.json`` (resolved config, seed, versions, git revision, what was recorded),
``kpis.json``, and Parquet tables ``intervals``, ``transformers``, ``bills``, ``events``. Every file is
written under a temporary name and renamed when complete; ``manifest.json`` is renamed last, so a
directory with a manifest holds a complete run.
"""
from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

TABLES = ("intervals", "transformers", "bills", "events")
PACKAGES = ("enernet", "mesa", "simpy", "numpy", "pandas", "pyarrow", "hydra-core", "omegaconf", "pvlib",
            "demandlib", "Cython")


def write_json_atomic(path: Path, obj) -> None:
    """Write JSON to ``path`` via a temporary file and a rename (never half-written)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2, sort_keys=False, allow_nan=True)
        fh.write("\n")
    os.replace(tmp, path)


def config_hash(resolved_config: dict) -> str:
    """SHA-256 of the resolved config in canonical JSON: the identity of a run's inputs."""
    canonical = json.dumps(resolved_config, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_revision() -> str:
    """The source tree's git commit (with ``-dirty`` if it has uncommitted changes), or ``unknown``."""
    source = Path(__file__).resolve().parent.parent
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, timeout=5)
        if rev.returncode != 0:
            return "unknown"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=source,
                               capture_output=True, text=True, timeout=5)
        return rev.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


@dataclass
class Run:
    """A finished run loaded from its directory; tables are pandas DataFrames."""

    path: Path
    manifest: dict
    kpis: dict
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str):
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(f"Run has no table or attribute {name!r}; tables: {', '.join(tables)}")


def load_run(path: str | Path) -> Run:
    """Load a run directory: ``run.kpis``, ``run.manifest`` and each table (``run.intervals``, ...)."""
    path = Path(path)
    manifest_path = path / "manifest.json"
    if not manifest_path.exists():
        raise FileNotFoundError(f"{path} is not a complete run directory: it has no manifest.json")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    kpis = json.loads((path / "kpis.json").read_text(encoding="utf-8"))
    tables = {name: pd.read_parquet(path / f"{name}.parquet") for name in manifest.get("recorded", TABLES)}
    return Run(path=path, manifest=manifest, kpis=kpis, tables=tables)
