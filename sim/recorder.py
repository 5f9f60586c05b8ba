"""Recorder: column buffers that stream to Parquet, one row group at a time.

Interval tables are buffered in preallocated numpy columns and flushed as row groups of whole
days (up to a week, or about 100,000 rows), so memory stays flat as the horizon grows and each
write is large enough that Parquet's per-group cost does not count. Files are written under a temporary name and
renamed only when the run completes; an aborted run removes them. Without a run directory the
tables are kept in memory (for notebooks and dashboards).
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from enernet.configs.constants import SECONDS_PER_MINUTE
from enernet.sim import columns
from enernet.sim.columns import arrow_schema, buffered
from enernet.sim.home_energy import END_USES

# The streamed tables' buffered columns (name -> dtype), from their declarations (``sim.columns``).
INTERVAL_COLUMNS = buffered(columns.INTERVALS)
MARKET_COLUMNS = buffered(columns.MARKET)
TRANSFORMER_COLUMNS = buffered(columns.TRANSFORMERS)


# Columns that select rows (time, place, who, what): the streamed tables keep Parquet statistics for these.
KEY_COLUMNS = frozenset(("time", "interval", "minute", "transformer", "household", "ev", "kind", "mechanism"))


class _ParquetSink:
    """Where a streamed table's row groups go: a Parquet file under a temporary name (renamed by
    :meth:`commit`, removed by :meth:`abort`), or, without a run directory, a list in memory."""

    def __init__(self, path: Path | None):
        self.path = path
        self.tmp_path = None if path is None else path.with_name(f".{path.name}.tmp")
        self.writer: pq.ParquetWriter | None = None
        self.in_memory: list[pa.Table] = []
        self.rows = 0
        # False: rows handed in are dropped (the unrecorded warm-up, a counterfactual twin).
        self.recording = True

    def _empty(self) -> pa.Table:
        raise NotImplementedError

    def _write(self, table: pa.Table) -> None:
        if self.path is None:
            self.in_memory.append(table)
        else:
            if self.writer is None:
                # Dictionary encoding only for text: on measured floats it seldom pays and it tripled
                # the write time of the per-transformer table (zstd compresses the rest anyway).
                text = [f.name for f in table.schema if pa.types.is_string(f.type)]
                # Min/max statistics only for the columns rows are selected by (readers skip row
                # groups with them); for every measured float they cost a third of the write time.
                keys = [f.name for f in table.schema if f.name in KEY_COLUMNS]
                self.writer = pq.ParquetWriter(self.tmp_path, table.schema, compression="zstd", use_dictionary=text,
                                               write_statistics=keys or False)
            self.writer.write_table(table)
        self.rows += table.num_rows

    def flush(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Flush and close; the file stays under its temporary name until :meth:`commit`."""
        self.flush()
        if self.path is not None:
            if self.writer is None:  # no rows: still write a valid, empty table
                pq.write_table(self._empty(), self.tmp_path, compression="zstd")
            else:
                self.writer.close()
                self.writer = None

    def commit(self) -> None:
        if self.path is not None:
            os.replace(self.tmp_path, self.path)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if self.tmp_path is not None and self.tmp_path.exists():
            self.tmp_path.unlink()

    def to_table(self) -> pa.Table:
        if self.path is not None:
            return pq.read_table(self.path)
        return pa.concat_tables(self.in_memory) if self.in_memory else self._empty()


ABSORB_ROWS = 96  # waiting row dicts go into the numpy column buffers this often


class StreamingTable(_ParquetSink):
    """Numeric columns buffered in numpy and written as Parquet row groups of ``rows_per_group``.

    A ``time`` column (timestamp, seconds) is derived from ``minute`` at flush time.
    """

    def __init__(self, columns: dict[str, str], rows_per_group: int, start: dt.datetime, path: Path | None,
                 constants: dict[str, str] | None = None):
        self.columns = columns
        self.constants = dict(constants or {})
        self.capacity = int(rows_per_group)
        super().__init__(path)
        self.rows_waiting: list[dict] = []
        self.buffers = {name: np.empty(self.capacity, dtype=dtype) for name, dtype in columns.items()}
        self.position = 0
        self.start = np.datetime64(start, "s")
        fields = [pa.field("time", pa.timestamp("s"))] + [pa.field(n, pa.string()) for n in self.constants]
        fields += [pa.field(n, pa.from_numpy_dtype(np.dtype(d))) for n, d in columns.items()]
        self.schema = pa.schema(fields)

    def append_row(self, values: dict) -> None:
        """Append one row of scalars (the per-interval tables): rows wait in a list, and go into the
        column buffers a row group at a time (a numpy scalar assignment per column costs more)."""
        if not self.recording:
            return
        self.rows_waiting.append(values)
        if len(self.rows_waiting) + self.position >= self.capacity:
            self._absorb_rows()
            self.flush()
        elif len(self.rows_waiting) >= ABSORB_ROWS:  # row dicts cost ~40x their numbers: not a week of them
            self._absorb_rows()

    def _absorb_rows(self) -> None:
        if not self.rows_waiting:
            return
        rows, start = self.rows_waiting, self.position
        end = start + len(rows)
        for name, buffer in self.buffers.items():
            buffer[start:end] = [row[name] for row in rows]
        self.position = end
        self.rows_waiting = []

    def append(self, n_rows: int, **values) -> None:
        """Append ``n_rows`` rows; each value is a scalar or an array of ``n_rows``."""
        if not self.recording:
            return
        self._absorb_rows()
        if self.position + n_rows > self.capacity:
            self.flush()
        if n_rows > self.capacity:
            raise ValueError(f"{n_rows} rows exceed the row-group capacity {self.capacity}")
        end = self.position + n_rows
        for name, buffer in self.buffers.items():
            buffer[self.position:end] = values[name]
        self.position = end

    def flush(self) -> None:
        self._absorb_rows()
        if self.position == 0:
            return
        n = self.position
        seconds = self.buffers["minute"][:n] * np.int64(SECONDS_PER_MINUTE) + self.start.astype(np.int64)
        arrays = [pa.Array.from_buffers(pa.timestamp("s"), n, [None, pa.py_buffer(seconds)])]
        arrays += [pa.array([value] * n, type=pa.string()) for value in self.constants.values()]
        # pyarrow views the numpy buffers, which the next row group overwrites: a file's row group is
        # encoded before write_table returns, but tables kept in memory need copies.
        keep = self.path is None
        arrays += [pa.array(self.buffers[name][:n].copy() if keep else self.buffers[name][:n]) for name in self.columns]
        self._write(pa.Table.from_arrays(arrays, schema=self.schema))
        self.position = 0

    def _empty(self) -> pa.Table:
        return self.schema.empty_table()


class ChunkedTable(_ParquetSink):
    """Rows that arrive in chunks (dicts of arrays), written as Parquet row groups of about
    ``rows_per_group`` rows as the run goes, so memory stays flat. ``to_arrow`` turns a chunk into
    a ``pyarrow.Table``. Temporary name until :meth:`commit`, removed by :meth:`abort`.

    ``sort_by`` (pyarrow sort keys): rows that do not arrive in that order (events are written when
    they end, listed by start) are sorted across row groups when the table closes, so the order
    does not depend on where chunks happened to be cut."""

    def __init__(self, path: Path | None, to_arrow, rows_per_group: int = 20_000, sort_by=None):
        super().__init__(path)
        self.to_arrow = to_arrow
        self.sort_by = sort_by
        self.rows_per_group = rows_per_group
        self.pending: list[dict[str, np.ndarray]] = []
        self.pending_rows = 0
        self.schema: pa.Schema | None = None

    def add(self, chunk: dict[str, np.ndarray]) -> None:
        n = len(next(iter(chunk.values())))
        if n == 0 or not self.recording:
            return
        self.pending.append(chunk)
        self.pending_rows += n
        if self.pending_rows >= self.rows_per_group:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        merged = {key: np.concatenate([c[key] for c in self.pending]) for key in self.pending[0]}
        table = self.to_arrow(merged)
        self.schema = table.schema
        self._write(table)
        self.pending, self.pending_rows = [], 0

    def close(self) -> None:
        super().close()
        if self.sort_by and self.path is not None and self.rows:
            table = pq.read_table(self.tmp_path)
            pq.write_table(table.sort_by(self.sort_by), self.tmp_path, compression="zstd",
                           row_group_size=self.rows_per_group)

    def to_table(self) -> pa.Table:
        table = super().to_table()
        return table.sort_by(self.sort_by) if self.sort_by and self.path is None else table

    def _empty(self) -> pa.Table:
        return self.to_arrow(None)


# A row group of the per-transformer table holds whole days, up to about this many rows: larger groups
# cost peak memory when written, smaller ones footer metadata (~0.8 KB per column per group) all run.
ROWS_PER_GROUP = 30_000
# The events table is a timeline: by start, then transformer, kind and end.
EVENT_ORDER = [("start", "ascending"), ("transformer", "ascending"), ("kind", "ascending"), ("end", "ascending")]


SAVED_END_USES = ("cooling", "heating", "water", "other")  # what a DR answer turns down (cooking is not asked)
SAVED_END_USE_ROWS = [END_USES.index(use) for use in SAVED_END_USES]  # their rows in a (END_USES, ...) array


class Recorder:
    """Collects the run's tables: ``intervals``, ``transformers`` (streamed), ``bills``, ``events``."""

    def __init__(self, run_dir: Path | None, start: dt.datetime, intervals_per_day: int, n_transformers: int,
                 market_mechanism: str | None = None, recording: bool = True):
        self.run_dir = None if run_dir is None else Path(run_dir)
        self.start = start
        self.recording = recording

        def path(name: str) -> Path | None:
            return None if self.run_dir is None else self.run_dir / f"{name}.parquet"

        week = 7 * intervals_per_day
        self.intervals = StreamingTable(INTERVAL_COLUMNS, week, start, path("intervals"))
        transformer_days = max(1, min(7, ROWS_PER_GROUP // (intervals_per_day * n_transformers)))
        self.transformers = StreamingTable(
            TRANSFORMER_COLUMNS, transformer_days * intervals_per_day * n_transformers, start, path("transformers")
        )
        self.streams = {"intervals": self.intervals, "transformers": self.transformers}
        self.market = None
        if market_mechanism is not None:
            self.market = StreamingTable(MARKET_COLUMNS, week, start, path("market"),
                                         constants={"mechanism": market_mechanism})
            self.streams["market"] = self.market
        self.extra_tables: dict[str, pa.Table] = {}  # small tables handed in whole at the end
        self.chunked: dict[str, ChunkedTable] = {}  # tables that grow with the horizon, streamed
        # Bills wait, like every streamed table, until a row group's worth (several periods of a small
        # population; a large one's period is a group of its own) or the close.
        self._bills = self.add_chunked("bills", self._bills_arrow, rows_per_group=ROWS_PER_GROUP)
        self._events = self.add_chunked("events", self._events_arrow, sort_by=EVENT_ORDER)
        self.small_tables: dict[str, pa.Table] = {}
        self.closed = False
        self.set_recording(recording)

    def set_recording(self, recording: bool) -> None:
        """Keep (True) or drop (False) every row handed in from now on, in every table."""
        self.recording = bool(recording)
        for table in (*self.streams.values(), *self.chunked.values()):
            table.recording = self.recording

    def add_chunked(self, name: str, to_arrow, rows_per_group: int = 20_000, sort_by=None) -> ChunkedTable:
        """Register a streamed table ``name`` (e.g. ``ev_sessions``) and return it."""
        table = ChunkedTable(None if self.run_dir is None else self.run_dir / f"{name}.parquet", to_arrow,
                             rows_per_group, sort_by)
        table.recording = getattr(self, "recording", True)
        self.chunked[name] = table
        return table

    def _timestamps(self, minutes) -> pa.Array:
        base = np.datetime64(self.start, "s")
        return pa.array(base + np.asarray(minutes, dtype=np.int64).astype("timedelta64[m]"), type=pa.timestamp("s"))

    def add_bills(self, period_start_min, period_end_min, tariff_names, population, settlement) -> None:
        """One bill row per household from the settlement's billing-period accumulators."""
        s = settlement
        n = population.n
        ev_owner = np.zeros(n, dtype=bool)
        if getattr(settlement, "ev_households", None) is not None:
            ev_owner[settlement.ev_households] = True
        self._bills.add({
            "period_start_min": np.full(n, period_start_min, dtype=np.int64),
            "period_end_min": np.full(n, period_end_min, dtype=np.int64),
            "household": np.arange(n, dtype=np.int32),
            "transformer": population.transformer.copy(),
            "tariff": np.asarray(tariff_names, dtype=object)[population.tariff],
            "has_pv": population.has_pv.copy(),
            "has_battery": population.has_battery.copy(),
            "green_plan": population.green_plan.copy(),
            "ev_owner": ev_owner,
            "import_kwh": s.import_kwh.copy(),
            "export_kwh": s.export_kwh.copy(),
            "energy_charge": s.energy_charge.copy(),
            "feed_in_credit": s.feed_in_credit.copy(),
            "market_bought_kwh": s.market_bought_kwh.copy(),
            "market_sold_kwh": s.market_sold_kwh.copy(),
            "market_paid": s.market_paid.copy(),
            "market_received": s.market_received.copy(),
            "local_network_fee": s.local_network_fee.copy(),
            "dr_incentive": s.dr_incentive.copy(),
            "bill": (s.energy_charge - s.feed_in_credit + s.market_paid + s.local_network_fee - s.market_received
                     - s.dr_incentive),
        })

    def add_events(self, kind: str, transformer, start_min, end_min, peak_loading_pu=None, notice_min=None,
                   customers_called=None, customers_responded=None, baseline_days=None, baseline_kwh=None,
                   metered_kwh=None, reduction_kwh=None, paid_kwh=None, true_reduction_kwh=None,
                   incentive=None, asked=None, saved_kwh=None) -> None:
        """Events: overload episodes, DR events, critical-peak days (columns a kind lacks are NaN / -1)."""
        k = len(transformer)

        def column(values, dtype, missing):
            return np.full(k, missing, dtype=dtype) if values is None else np.asarray(values, dtype=dtype)

        self._events.add({
            "kind": np.full(k, kind, dtype=object),
            "transformer": np.asarray(transformer, dtype=np.int32),
            "start_min": np.asarray(start_min, dtype=np.int64),
            "end_min": np.asarray(end_min, dtype=np.int64),
            "peak_loading_pu": column(peak_loading_pu, np.float64, np.nan),
            "notice_min": column(notice_min, np.int64, -1),
            "customers_called": column(customers_called, np.int64, -1),
            "customers_responded": column(customers_responded, np.int64, -1),
            "baseline_days": column(baseline_days, np.int64, -1),
            "baseline_kwh": column(baseline_kwh, np.float64, np.nan),
            "metered_kwh": column(metered_kwh, np.float64, np.nan),
            "reduction_kwh": column(reduction_kwh, np.float64, np.nan),
            "paid_kwh": column(paid_kwh, np.float64, np.nan),
            "true_reduction_kwh": column(true_reduction_kwh, np.float64, np.nan),
            "incentive": column(incentive, np.float64, np.nan),
            "asked": np.full(k, "", dtype=object) if asked is None else np.asarray(asked, dtype=object),
            **{f"saved_{use}_kwh": (np.full(k, np.nan) if saved_kwh is None else np.asarray(saved_kwh)[:, j])
               for j, use in enumerate(SAVED_END_USES)},
        })

    def _bills_arrow(self, cols) -> pa.Table:
        schema = arrow_schema(columns.BILLS)
        if cols is None:
            return schema.empty_table()
        arrays = [self._timestamps(cols["period_start_min"]), self._timestamps(cols["period_end_min"])]
        arrays += [pa.array(cols[f.name], type=f.type) for f in list(schema)[2:]]
        return pa.Table.from_arrays(arrays, schema=schema)

    def _events_arrow(self, cols) -> pa.Table:
        schema = arrow_schema(columns.EVENTS)
        if cols is None:
            return schema.empty_table()
        # A timeline within each streamed chunk (and across chunks when the table closes: EVENT_ORDER).
        order = np.lexsort((cols["end_min"], cols["kind"], cols["transformer"], cols["start_min"]))
        arrays = [
            pa.array(cols["kind"][order], type=pa.string()),
            pa.array(cols["transformer"][order]),
            self._timestamps(cols["start_min"][order]),
            self._timestamps(cols["end_min"][order]),
            pa.array((cols["end_min"] - cols["start_min"])[order]),
        ]
        arrays += [pa.array(cols[f.name][order]) for f in list(schema)[5:]]
        return pa.Table.from_arrays(arrays, schema=schema)

    def close(self) -> None:
        """Write every table under its temporary name (nothing final is visible yet)."""
        for table in (*self.streams.values(), *self.chunked.values()):
            table.close()
        self.small_tables = dict(self.extra_tables)
        if self.run_dir is not None:
            for name, table in self.small_tables.items():
                pq.write_table(table, self.run_dir / f".{name}.parquet.tmp", compression="zstd")
        self.closed = True

    def commit(self) -> None:
        """Rename every table to its final name."""
        for table in (*self.streams.values(), *self.chunked.values()):
            table.commit()
        if self.run_dir is not None:
            for name in self.small_tables:
                os.replace(self.run_dir / f".{name}.parquet.tmp", self.run_dir / f"{name}.parquet")

    def abort(self) -> None:
        """Remove every temporary file (a failed run leaves no half-written table)."""
        for table in (*self.streams.values(), *self.chunked.values()):
            table.abort()
        if self.run_dir is not None:
            for name in self.extra_tables:
                (self.run_dir / f".{name}.parquet.tmp").unlink(missing_ok=True)

    def tables(self) -> dict[str, pa.Table]:
        tables = {name: stream.to_table() for name, stream in (*self.streams.items(), *self.chunked.items())}
        tables.update(self.small_tables)
        return tables

    def describe(self) -> dict[str, dict]:
        """What was recorded, for the manifest: rows and columns per table."""
        out = {name: {"rows": s.rows, "columns": list(s.schema.names)} for name, s in self.streams.items()}
        for name, table in self.chunked.items():
            out[name] = {"rows": table.rows, "columns": table.schema.names if table.schema is not None else [],
                         "streamed": True}
        for name, table in self.small_tables.items():
            out[name] = {"rows": table.num_rows, "columns": table.schema.names}
        return out
