"""The run directory: what a run writes, and how Python users load it back.

Layout: ``manifest.json`` (resolved config, seed, versions, git revision, what was recorded),
``kpis.json``, and Parquet tables ``intervals``, ``transformers``, ``bills``, ``events``. Every file is
written under a temporary name and renamed when complete; ``manifest.json`` is renamed last, so a
directory with a manifest holds a complete run.
"""
from __future__ import annotations

import hashlib
import json
import math
import platform
import subprocess
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from enernet.run_integrity import RunDirectoryError, safe_child, table_path, verify_tables, write_inside

TABLES = ("intervals", "transformers", "bills", "events")
PACKAGES = ("enernet", "mesa", "simpy", "numpy", "pandas", "pyarrow", "hydra-core", "omegaconf", "pvlib",
            "demandlib", "Cython")


def strict(obj):
    """``obj`` with every NaN or infinite float replaced by None (null), so it is strict JSON."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: strict(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [strict(v) for v in obj]
    return obj


def write_json_atomic(path: Path, obj) -> None:
    """Write strict JSON (non-finite numbers become null) to ``path`` via a temporary file and a
    rename (never half-written)."""
    text = json.dumps(strict(obj), indent=2, sort_keys=False, allow_nan=False) + "\n"
    write_inside(path.parent, path.name, text.encode("utf-8"))  # through no planted symlink


def config_hash(resolved_config: dict) -> str:
    """SHA-256 of the resolved config in canonical JSON: the identity of a run's inputs. Fields
    that never change results (``results=False`` in their contract: the progress bar, overwrite)
    are left out, so a sweep resumed with another display finds its finished runs."""
    from enernet.configs.schema import display_only_keys

    config = json.loads(json.dumps(resolved_config))  # a deep copy of plain data
    for key in display_only_keys():
        *path, last = key.split(".")
        node = config
        for part in path:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        if isinstance(node, dict):
            node.pop(last, None)
    canonical = json.dumps(config, sort_keys=True, separators=(",", ":"))
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


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not strict JSON (a run writes only finite numbers)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is not a finite number (a run writes only finite numbers)")
    return value


def _read_json(path: Path, what: str) -> dict:
    try:
        value = json.loads(safe_child(path.parent, path.name).read_text(encoding="utf-8"),
                           parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise RunDirectoryError(f"{path.parent}: {what} cannot be read (nested too deeply); the run directory is "
                                "damaged") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise RunDirectoryError(f"{path.parent}: {what} cannot be read ({type(error).__name__}: {error}); the run "
                                "directory is damaged") from None
    if not isinstance(value, dict):
        raise RunDirectoryError(f"{path.parent}: {what} is not a JSON object; the run directory is damaged")
    return value


def load_run_files(path: Path, verify: bool = True) -> tuple[dict, dict]:
    """A run directory's manifest and KPIs, read strictly, with every table the manifest lists
    checked against its size and SHA-256 (``verify``); RunDirectoryError names what is wrong."""
    path = Path(path)
    if not (path / "manifest.json").exists():
        raise FileNotFoundError(f"{path} is not a complete run directory: it has no manifest.json")
    manifest = _read_json(path / "manifest.json", "manifest.json")
    kpis = _read_json(path / "kpis.json", "kpis.json")
    names = manifest.get("recorded", TABLES)
    if not isinstance(names, list):
        raise RunDirectoryError(f"{path}: manifest.json's 'recorded' is not a list of table names")
    listed = manifest.get("tables")
    if isinstance(listed, dict) and set(listed) - set(names):  # a table checked in, left out of 'recorded'
        raise RunDirectoryError(f"{path}: manifest.json lists checksums for tables it does not record "
                                f"({', '.join(sorted(map(str, set(listed) - set(names))))}); the run directory is damaged")
    if verify:
        verify_tables(path, manifest, names)
    return manifest, kpis


def load_run(path: str | Path, verify: bool = True) -> Run:
    """Load a run directory: ``run.kpis``, ``run.manifest`` and each table (``run.intervals``, ...).

    Each table is checked against the size and SHA-256 the manifest lists (``verify``); a damaged
    or incomplete directory raises :class:`RunDirectoryError` saying what is wrong.
    """
    path = Path(path)
    manifest, kpis = load_run_files(path, verify)
    paths = {name: table_path(path, name) for name in manifest.get("recorded", TABLES)}
    tables = {}
    for name, file in paths.items():
        try:
            tables[name] = pd.read_parquet(file)
        except (OSError, ValueError) as error:
            raise RunDirectoryError(f"{path}: table {name} cannot be read ({type(error).__name__}); the run "
                                    "directory is damaged") from None
    return Run(path=path, manifest=manifest, kpis=kpis, tables=tables)
