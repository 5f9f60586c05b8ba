"""A run directory holds one run, whole, and nothing outside it is touched.

- :func:`prepare_run_dir`: a directory that already holds a run is refused, unless the user asks to
  overwrite (``run.overwrite=true``), and then the old run's files are removed first, so two runs
  never mix.
- :func:`table_checksums` / :func:`verify_tables`: the manifest lists every table with its size and
  SHA-256; loading a run checks them, so a table changed or cut short after the run is named.
- :func:`safe_child`: every path a run directory's manifest names, or that a tool writes into it,
  stays inside it and follows no symlink.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import warnings
from pathlib import Path

# The files a run writes (and ``enernet report`` adds): what "holds a run" means and what an
# overwrite removes. Hydra's own ``.hydra/`` and log are rewritten by Hydra itself.
RUN_FILES = ("manifest.json", "kpis.json", "report.html")
RUN_FOLDERS = ("figures",)
TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,63}$")  # a table's name in the manifest: a plain file stem


class RunDirectoryError(ValueError):
    """A run directory that cannot be written or read as asked (names the directory and why)."""


def _run_owned(name: str) -> bool:
    """A name a run (or Hydra for it, or enernet report) writes in its directory."""
    return (name in RUN_FILES or name in RUN_FOLDERS or name == ".hydra" or name.endswith((".log", ".parquet", ".tmp"))
            or name.startswith("."))


def holds_run(path: Path) -> bool:
    """True when ``path`` holds a run's files (complete or not)."""
    path = Path(path)
    return path.is_dir() and (any((path / name).exists() for name in RUN_FILES[:2])
                              or any(path.glob("*.parquet")) or any(path.glob(".*.parquet.tmp")))


def prepare_run_dir(path: str | Path, overwrite: bool) -> None:
    """Refuse to write a run into ``path`` when it holds one, unless ``overwrite``: then remove the
    old run's files (tables, KPIs, manifest, report) first. Symlinks are removed, never followed."""
    path = Path(path)
    if path.is_symlink():
        raise RunDirectoryError(f"run directory {path} is a symlink: give a real directory")
    if path.exists() and not path.is_dir():
        raise RunDirectoryError(f"run directory {path} is a file, not a directory: give another hydra.run.dir")
    # Hydra writes its config (.hydra/) and log before enernet's code runs, and a run writes its
    # tables, KPIs and manifest last: a link planted (or left dangling) at any of those names would
    # be written through, or found only after the simulation, so it is refused here, before any work
    planted = [c.name for c in (path.iterdir() if path.is_dir() else ()) if c.is_symlink() and _run_owned(c.name)]
    if path.is_dir() and (path / ".hydra").is_dir() and not (path / ".hydra").is_symlink():
        planted += [f".hydra/{c.name}" for c in (path / ".hydra").iterdir() if c.is_symlink()]
    if planted:
        raise RunDirectoryError(f"{path} holds symlinks where a run writes ({', '.join(sorted(planted))}): enernet "
                                "does not write through links; remove them or give another hydra.run.dir")
    if not holds_run(path):
        return
    if not overwrite:
        raise RunDirectoryError(
            f"{path} already holds a run (manifest.json, kpis.json or tables): give another hydra.run.dir, or "
            "run.overwrite=true to remove that run first")
    for child in path.iterdir():
        old = child.name in RUN_FILES or child.suffix == ".parquet" or child.name.endswith(".tmp")
        if child.is_symlink() and (old or child.name in RUN_FOLDERS):
            child.unlink()
        elif child.name in RUN_FOLDERS and child.is_dir():
            shutil.rmtree(child)
        elif old and child.is_file():
            child.unlink()


def safe_child(root: str | Path, name: str) -> Path:
    """``root / name`` when that stays inside ``root`` and is no symlink; else RunDirectoryError."""
    root = Path(root).resolve()
    candidate = root / name
    if candidate.is_symlink():
        raise RunDirectoryError(f"{candidate} is a symlink: enernet neither reads nor writes through links in a "
                                "run directory")
    if root not in candidate.resolve().parents and candidate.resolve() != root:
        raise RunDirectoryError(f"{name!r} names a path outside {root}")
    return candidate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_checksums(run_dir: Path, names) -> dict[str, dict]:
    """name -> {"file", "bytes", "sha256"} of each table written in ``run_dir``."""
    out = {}
    for name in names:
        path = Path(run_dir) / f"{name}.parquet"
        out[name] = {"file": path.name, "bytes": path.stat().st_size, "sha256": _sha256(path)}
    return out


def table_path(run_dir: Path, name: str) -> Path:
    """The file of table ``name`` (as a manifest names it), checked to be a plain name inside the run."""
    if not isinstance(name, str) or not TABLE_NAME.match(name):
        raise RunDirectoryError(f"{run_dir}: the manifest names a table {name!r}: not a table name (a run's tables "
                                "are plain names in its own directory)")
    return safe_child(run_dir, f"{name}.parquet")


def verify_tables(run_dir: Path, manifest: dict, names) -> None:
    """Check each recorded table's size and SHA-256 against the manifest; name the first that differs.

    A manifest without a ``tables`` entry is a run written before checksums were recorded: its
    tables are read unchecked, with a warning. Once present, every table must be listed in it."""
    listed = manifest.get("tables")
    if listed is None:
        warnings.warn(f"{run_dir}: manifest.json lists no table checksums (a run written before enernet "
                      "recorded them); its tables are read unchecked", stacklevel=3)
        return
    if not isinstance(listed, dict):
        raise RunDirectoryError(f"{run_dir}: manifest.json's 'tables' is not an object of table entries; the run "
                                "directory is damaged")
    for name in names:
        path = table_path(run_dir, name)  # a plain name inside the run, first
        entry = listed.get(name)
        if not (isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
                and isinstance(entry.get("bytes"), int) and entry.get("file", f"{name}.parquet") == f"{name}.parquet"):
            raise RunDirectoryError(f"{run_dir}: manifest.json has no size and SHA-256 for table {name!r} (or names "
                                    "another file for it); the run directory is damaged")
        if not path.is_file():
            raise RunDirectoryError(f"{run_dir}: table {name} is missing ({path.name}): the run is incomplete")
        size = path.stat().st_size
        if size != entry["bytes"] or _sha256(path) != entry["sha256"]:
            raise RunDirectoryError(f"{run_dir}: table {name} ({path.name}, {size:,} bytes) is not the one the run "
                                    "wrote: its size or SHA-256 differs from manifest.json")


def write_inside(root: str | Path, relative: str, data: bytes) -> Path:
    """Write ``data`` to ``root/relative`` without following any symlink and without leaving
    ``root``: a symlinked folder or file on the way is refused, the temporary file is created
    exclusively (a planted link there is removed, not written through) and renamed into place."""
    import os

    root = Path(root).resolve()
    parts = Path(relative).parts
    if Path(relative).is_absolute() or ".." in parts or not parts:
        raise RunDirectoryError(f"{relative!r} is not a path inside {root}")
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise RunDirectoryError(f"{folder} is a symlink: enernet does not write through links in {root}")
        if not folder.exists():
            folder.mkdir()
    target = folder / parts[-1]
    if target.is_symlink():
        raise RunDirectoryError(f"{target} is a symlink: enernet does not write through links in {root}")
    tmp = folder / f".{parts[-1]}.tmp"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, target)
    return target
