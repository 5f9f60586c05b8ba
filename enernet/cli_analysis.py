"""The analysis commands: ``enernet report``, ``enernet compare`` and ``enernet query``.

Each reads run or sweep directories only (never the model), refuses what it cannot read in one line
naming the directory and why, and returns the process's exit status (0 done, 2 refused).
"""
from __future__ import annotations

import argparse
import sys

# What a damaged directory raises beyond RunDirectoryError: a table or JSON that cannot be parsed.
DAMAGED = (OSError, ValueError, KeyError, TypeError, AttributeError)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage and one line, exit 2, as the other commands refuse
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(2)


def _refuse(prog: str, error: Exception, what: str = "") -> int:
    from enernet.run_integrity import RunDirectoryError

    if isinstance(error, (FileNotFoundError, RunDirectoryError)) or not what:
        print(f"{prog}: {error}", file=sys.stderr)
    else:
        print(f"{prog}: {what} cannot be read: {type(error).__name__}: {error}", file=sys.stderr)
    return 2


def report(argv: list[str]) -> int:
    parser = _Parser(prog="enernet report", description="figures and report.html for a run or sweep directory")
    parser.add_argument("directory")
    parser.add_argument("--kpis", default="", help="comma-separated KPIs a sweep report plots")
    args = parser.parse_args(argv)
    from enernet.report import write_report

    kpis = [k.strip() for k in args.kpis.split(",") if k.strip()] or None
    try:
        print(f"report: {write_report(args.directory, kpis=kpis)}")
    except DAMAGED as error:
        return _refuse("enernet report", error, args.directory)
    return 0


def compare(argv: list[str]) -> int:
    parser = _Parser(prog="enernet compare", description="compare two or more run directories (A is the reference)")
    parser.add_argument("runs", nargs="+", metavar="RUN_DIR")
    parser.add_argument("--html", default="compare.html", help="the comparison page to write (default compare.html)")
    parser.add_argument("--all", action="store_true", help="list every KPI, not only those that differ")
    args = parser.parse_args(argv)
    if len(args.runs) < 2:
        parser.error(f"needs at least two run directories, got {len(args.runs)}")
    from enernet.compare import compare_runs, print_comparison, write_compare_page

    try:
        comparison = compare_runs(args.runs)
        print_comparison(comparison, all_kpis=args.all)
        print(f"page: {write_compare_page(comparison, args.html)}")
    except DAMAGED as error:
        return _refuse("enernet compare", error, " or ".join(args.runs))
    return 0


def query(argv: list[str]) -> int:
    parser = _Parser(prog="enernet query", description="SQL (DuckDB) over a run's or a sweep's tables")
    parser.add_argument("directory")
    parser.add_argument("sql", nargs="?", help="a query, or a view's name; none: list the views")
    parser.add_argument("--out", help="write the answer to FILE.csv or FILE.parquet instead of printing it")
    parser.add_argument("--rows", type=int, default=40, help="rows printed at most (default 40)")
    args = parser.parse_args(argv)
    import duckdb
    import pandas as pd

    from enernet import query as q

    try:
        if args.sql is None:
            con = q.connect(args.directory)
            for _, row in q.views(con).iterrows():
                print(f"{row['view']}: {row['columns']}")
            return 0
        answer = q.query(args.directory, args.sql)
        if args.out:
            print(f"{len(answer):,} rows written to {q.write_result(answer, args.out)}")
            return 0
    except duckdb.Error as error:  # the SQL itself: DuckDB's own one-line message
        print(f"enernet query: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    except DAMAGED as error:
        return _refuse("enernet query", error, args.directory)
    with pd.option_context("display.max_columns", 30, "display.width", 160, "display.max_colwidth", 40):
        print(answer.head(args.rows).to_string(index=False))
    if len(answer) > args.rows:
        print(f"... {len(answer) - args.rows:,} more rows ({len(answer):,} in all; --out FILE.csv writes them all)")
    return 0


COMMANDS = {"report": report, "compare": compare, "query": query}
