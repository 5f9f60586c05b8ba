"""``enernet query DIR "SQL"``: SQL (DuckDB) over the tables of a run, or of every run of a sweep.

Views, for a run directory:

- ``runs``: one row: the run's directory name, scenario, seed, config hash and its overrides;
- ``kpis``: one row, a column per KPI (``kpis.json``);
- one view per recorded table (``intervals``, ``transformers``, ``bills``, ``market``, ``events``,
  ...), read from its Parquet file.

For a sweep directory (``sweep.parquet``), the same views span every finished run, and each row
carries the run's ``run`` name and its swept values as columns (``seed``, ``tariff``,
``scenario_pv_share``: a dotted key's dots become underscores; ``swept_`` in front where the table
has a column of that name, as ``bills`` has ``tariff``), so a question across the sweep is one
``GROUP BY``. ``runs`` is the sweep's table of runs (status, error, parameters); ``kpis`` its
finished runs' KPIs. Every file is opened through the run directories' checked names (no path
outside the directory, no symlink).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from enernet.run_integrity import RunDirectoryError, safe_child, table_path
from enernet.sim.columns import TABLES

IDENTIFIER = re.compile(r"[^A-Za-z0-9_]")


def column_name(key: str) -> str:
    """A swept key as an SQL column: ``scenario.pv_share`` -> ``scenario_pv_share``."""
    return IDENTIFIER.sub("_", key)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _run_tables(run_dir: Path) -> dict[str, Path]:
    """name -> Parquet file of each table the run recorded (as its manifest lists them)."""
    manifest = json.loads(safe_child(run_dir, "manifest.json").read_text(encoding="utf-8"))
    names = manifest.get("recorded", list(TABLES))
    if not isinstance(names, list):
        raise RunDirectoryError(f"{run_dir}: manifest.json's 'recorded' is not a list of table names")
    paths = {name: table_path(run_dir, name) for name in names}
    return {name: path for name, path in paths.items() if path.is_file()}


def connect(directory: str | Path):
    """A DuckDB connection with the views above over ``directory`` (a run or a sweep)."""
    import duckdb

    directory = Path(directory)
    con = duckdb.connect(":memory:")
    if (directory / "sweep.parquet").exists():
        _sweep_views(con, directory)
    elif (directory / "manifest.json").exists():
        _run_views(con, directory)
    else:
        raise FileNotFoundError(f"{directory} is neither a run directory (manifest.json) nor a sweep directory "
                                "(sweep.parquet)")
    return con


def _run_views(con, run_dir: Path) -> None:
    from enernet.run_config import overrides
    from enernet.rundir import load_run

    run = load_run(run_dir)  # checks every table against the manifest's sizes and checksums
    runs = pd.DataFrame([{"run": run_dir.name, "scenario": run.manifest.get("scenario"),
                          "seed": run.manifest.get("seed"), "config_hash": run.manifest.get("config_hash"),
                          "overrides": " ".join(overrides(run.manifest.get("config", {})))}])
    con.register("_runs", runs)
    con.execute("CREATE VIEW runs AS SELECT * FROM _runs")
    con.register("_kpis", pd.DataFrame([run.kpis]))
    con.execute("CREATE VIEW kpis AS SELECT * FROM _kpis")
    for name, path in _run_tables(run_dir).items():
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_sql_string(str(path))})")


def _sweep_views(con, sweep_dir: Path) -> None:
    from enernet.sweep_report import NOT_KPIS, parameter_columns

    table = pd.read_parquet(safe_child(sweep_dir, "sweep.parquet"))
    params = parameter_columns(table)
    renamed = {p: column_name(p) for p in params}
    runs = table.rename(columns=renamed)
    keep = ["run", *renamed.values(), "status", "error", "config_hash"]
    con.register("_runs", runs[[c for c in keep if c in runs]])
    con.execute("CREATE VIEW runs AS SELECT * FROM _runs")
    ok = runs[runs["status"] == "ok"]
    kpi_columns = [c for c in ok.columns if c not in NOT_KPIS and c not in renamed.values() and c != "traceback"]
    con.register("_kpis", ok[["run", *renamed.values(), *[c for c in kpi_columns if c != "run"]]])
    con.execute("CREATE VIEW kpis AS SELECT * FROM _kpis")
    files: dict[str, list[tuple[str, str]]] = {}  # table -> [(file, run)]
    for run in ok["run"]:
        for name, path in _run_tables(safe_child(sweep_dir, str(run))).items():
            files.setdefault(name, []).append((str(path), str(run)))
    for name, pairs in files.items():
        con.register(f"_files_{name}", pd.DataFrame(pairs, columns=["_file", "_run"]))
        listing = ", ".join(_sql_string(f) for f, _ in pairs)
        own = set(con.execute(f"DESCRIBE SELECT * FROM read_parquet({_sql_string(pairs[0][0])})").df()["column_name"])
        # a swept key that is also a column of the table (bills has its own tariff) gets a prefix
        swept = ", ".join(f'r."{c}"' + (f' AS "swept_{c}"' if c in own else "") for c in renamed.values())
        con.execute(
            f"CREATE VIEW {name} AS SELECT r.run{', ' + swept if swept else ''}, t.* EXCLUDE (filename) "
            f"FROM read_parquet([{listing}], filename = true, union_by_name = true) t "
            f"JOIN _files_{name} f ON t.filename = f._file JOIN _runs r ON r.run = f._run")


def views(con) -> pd.DataFrame:
    """The views a connection offers, with their columns."""
    return con.execute("SELECT table_name AS view, string_agg(column_name, ', ' ORDER BY ordinal_position) AS "
                       "columns FROM information_schema.columns WHERE table_schema = 'main' AND table_name NOT "
                       "LIKE '\\_%' ESCAPE '\\' GROUP BY table_name ORDER BY table_name").df()


def query(directory: str | Path, sql: str) -> pd.DataFrame:
    """Answer ``sql`` over ``directory``'s views (a bare view name selects all of it)."""
    con = connect(directory)
    try:
        text = sql.strip().rstrip(";")
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text):
            text = f"SELECT * FROM {text}"
        return con.execute(text).df()
    finally:
        con.close()


def write_result(frame: pd.DataFrame, out: str | Path) -> Path:
    """``frame`` as CSV or Parquet (by ``out``'s suffix), written whole or not at all, through no symlink."""
    import io

    from enernet.run_integrity import write_inside

    out = Path(out)
    if out.suffix.lower() == ".csv":
        data = frame.to_csv(index=False).encode("utf-8")
    elif out.suffix.lower() == ".parquet":
        buffer = io.BytesIO()
        frame.to_parquet(buffer, index=False)
        data = buffer.getvalue()
    else:
        raise ValueError(f"--out {out} is not allowed: give a file ending in .csv or .parquet")
    out.parent.mkdir(parents=True, exist_ok=True)
    return write_inside(out.parent, out.name, data)
