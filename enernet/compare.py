"""``enernet compare RUN_A RUN_B [RUN_C ...]``: what differs between runs and what it changed.

The first run is the reference. The comparison is the config keys that differ (group choices and
keys, as :func:`enernet.run_config.overrides` names them), each KPI beside the reference with its
unit, the difference and the percentage change, and figures that overlay the runs: the feeder's
load duration curve, the mean daily profile per household, retail prices over the day and the
distribution of bills. :func:`print_comparison` writes it to the terminal; :func:`write_compare_page`
as one self-contained HTML page (figures embedded).
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.kpi_format import kpi_unit, readable
from enernet.run_config import flatten, overrides, run_title
from enernet.rundir import Run, load_run

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ROUND_OFF = 1e-9  # differences at or below this are round-off, shown as 0 with no percentage
TIMING_KPIS = ("wall_s",)  # how long the machine took: listed with --all, never counted as a difference


@dataclass
class Comparison:
    runs: list[Run]
    labels: list[str]  # "A", "B", ...
    titles: list[str]
    config: pd.DataFrame  # key, then one column per run: the keys whose values differ
    kpis: pd.DataFrame  # kpi, unit, one column per run, then "B - A", "B vs A [%]", ...


def compare_runs(paths: list[str | Path]) -> Comparison:
    """Load two or more run directories (each checked against its manifest) and compare them."""
    if len(paths) < 2:
        raise ValueError(f"compare needs at least two run directories, got {len(paths)}")
    if len(paths) > len(LETTERS):
        raise ValueError(f"compare takes at most {len(LETTERS)} runs, got {len(paths)}")
    runs = [load_run(p) for p in paths]
    labels = list(LETTERS[:len(runs)])
    titles = [run_title(r.manifest) for r in runs]
    return Comparison(runs, labels, titles, _config_differences(runs, labels), _kpi_deltas(runs, labels))


def _config_differences(runs: list[Run], labels: list[str]) -> pd.DataFrame:
    """Rows for every override any run has, kept where the runs' values differ."""
    from enernet.run_config import GROUP_NAME_KEYS, _show

    flats = [flatten(r.manifest.get("config", {})) for r in runs]
    keys: list[str] = []
    for r in runs:
        for o in overrides(r.manifest.get("config", {})):
            key = o.split("=", 1)[0]
            key = GROUP_NAME_KEYS.get(key, key)  # a group choice is compared by its option's name
            if key not in keys:
                keys.append(key)
    rows = []
    for key in keys:
        values = [_show(f.get(key, "(absent)")) for f in flats]
        if len(set(values)) > 1:
            group = next((g for g, k in GROUP_NAME_KEYS.items() if k == key), None)
            rows.append({"key": group or key, **dict(zip(labels, values))})
    return pd.DataFrame(rows, columns=["key", *labels])


def _kpi_deltas(runs: list[Run], labels: list[str]) -> pd.DataFrame:
    """Each KPI any run has: its value per run and, for every run after the first, the difference
    from the first and the change in percent (blank where the first is zero or either is null)."""
    currency = runs[0].manifest.get("currency", "")
    names = list(dict.fromkeys(k for r in runs for k in r.kpis))
    rows = []
    for name in names:
        values = [r.kpis.get(name) for r in runs]
        row = {"kpi": name, "unit": kpi_unit(name, currency), **dict(zip(labels, values))}
        ref = values[0]
        for label, value in zip(labels[1:], values[1:]):
            numeric = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (ref, value))
            delta = value - ref if numeric else None
            if delta is not None and abs(delta) <= ROUND_OFF:
                delta = 0.0  # round-off (a balance residual of 1e-14) is no difference
            row[f"{label} - A"] = delta
            row[f"{label} vs A [%]"] = (100.0 * delta / abs(ref) if delta and abs(ref) > ROUND_OFF else None)
        rows.append(row)
    return pd.DataFrame(rows)


def changed_kpis(c: Comparison) -> pd.DataFrame:
    """The KPI rows where some run differs from the reference by more than round-off."""
    deltas = [col for col in c.kpis.columns if col.endswith(" - A")]
    timing = c.kpis["kpi"].isin(TIMING_KPIS)
    differs = ~timing & c.kpis[deltas].apply(lambda col: col.map(lambda v: v is not None and not pd.isna(v)
                                                       and abs(v) > 1e-9)).any(axis=1)
    return c.kpis[differs]


def print_comparison(c: Comparison, console=None, all_kpis: bool = False) -> None:
    """The comparison as terminal tables: the runs, their config differences, the KPIs that changed."""
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    runs = Table(title="Runs", title_justify="left")
    runs.add_column("run")
    runs.add_column("directory")
    runs.add_column("title")
    for label, run, title in zip(c.labels, c.runs, c.titles):
        runs.add_row(label, str(run.path), title)
    console.print(runs)
    config = Table(title="Config differences", title_justify="left")
    for column in c.config.columns:
        config.add_column(column)
    for _, row in c.config.iterrows():
        config.add_row(*(str(v) for v in row))
    console.print(config if len(c.config) else "Config differences: none (the runs differ only in where they ran)")
    shown = c.kpis if all_kpis else changed_kpis(c)
    kpis = Table(title=f"KPIs ({'all' if all_kpis else 'those that differ'}; A is the reference)",
                 title_justify="left")
    for column in shown.columns:
        kpis.add_column(column, justify="left" if column in ("kpi", "unit") else "right", overflow="fold")
    for _, row in shown.iterrows():
        kpis.add_row(*(_cell(column, v) for column, v in row.items()))
    console.print(kpis)
    if not all_kpis:
        console.print(f"({len(c.kpis) - len(shown)} KPIs equal in every run not shown; --all shows them)")


def _cell(column: str, value) -> str:
    if column.endswith("[%]"):
        return "" if value is None or pd.isna(value) else f"{value:+.1f} %"
    if column.endswith(" - A"):
        return "" if value is None or pd.isna(value) else ("+" if value > 0 else "") + readable(value)
    return readable(value) if column not in ("kpi", "unit") else str(value)


def comparison_figures(c: Comparison) -> dict[str, tuple[object, str]]:
    """Overlaid figures: name -> (matplotlib figure, caption)."""
    from enernet.figures import setup_plotting

    plt, sns = setup_plotting()
    colours = sns.color_palette("colorblind", len(c.runs))
    figures = {}

    fig, ax = plt.subplots(figsize=(7, 4))
    for label, run, colour in zip(c.labels, c.runs, colours):
        load = np.sort(run.intervals["feeder_import_kw"].to_numpy())[::-1]
        dt_h = run.manifest["config"]["scenario"]["interval_min"] / MINUTES_PER_HOUR
        ax.plot(np.arange(load.size) * dt_h, load, color=colour, label=label)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set(xlabel="hours the load is exceeded [h]", ylabel="feeder import [kW]", title="Load duration curve")
    ax.legend()
    figures["load_duration"] = (fig, "Feeder-head draw sorted from highest to lowest, one curve per run.")

    fig, (profile_ax, price_ax) = plt.subplots(1, 2, figsize=(11, 4))
    for label, run, colour in zip(c.labels, c.runs, colours):
        iv = run.intervals
        hour = (iv["minute"] % MINUTES_PER_DAY) / MINUTES_PER_HOUR
        households = max(int(run.kpis.get("households") or 1), 1)
        profile = (iv["feeder_import_kw"] / households).groupby(hour).mean()
        profile_ax.plot(profile.index, profile.to_numpy(), color=colour, label=label)
        prices = iv["mean_price_per_kwh"].groupby(hour).mean()
        price_ax.step(prices.index, prices.to_numpy(), where="post", color=colour, label=label)
    profile_ax.axhline(0, color="0.5", lw=0.8)
    profile_ax.set(xlabel="hour of day", ylabel="mean feeder import per household [kW]", title="Daily profile")
    currency = c.runs[0].manifest.get("currency", "")
    price_ax.set(xlabel="hour of day", ylabel=f"mean retail price [{currency}/kWh]", title="Retail price over the day")
    profile_ax.legend()
    price_ax.legend()
    fig.tight_layout()
    figures["daily"] = (fig, "Mean over the recorded days: grid draw per household (below zero the area exports) "
                             "and the retail price, averaged over tariffs.")

    fig, ax = plt.subplots(figsize=(7, 4))
    for label, run, colour in zip(c.labels, c.runs, colours):
        bills = np.sort(run.bills.groupby("household")["bill"].sum().to_numpy())
        ax.plot(bills, np.arange(1, bills.size + 1) / bills.size, color=colour, label=label)
    ax.set(xlabel=f"household bill over the run [{currency}]", ylabel="share of households with a bill this or lower",
           title="Distribution of bills")
    ax.legend()
    figures["bills"] = (fig, "Cumulative distribution of household bills; a curve to the left is cheaper.")
    return figures


def _table_html(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td class='{'txt' if col in ('kpi', 'unit', 'key') else 'num'}'>"
                                    f"{html.escape(_cell(col, v) if col != 'key' else str(v))}</td>"
                                    for col, v in row.items()) + "</tr>" for _, row in frame.iterrows())
    return f"<table><tr>{head}</tr>{body}</table>"


def write_compare_page(c: Comparison, out: str | Path) -> Path:
    """One self-contained HTML page: runs, config differences, KPI deltas, overlaid figures."""
    from enernet.figures import figure_html, page_html, png_bytes
    from enernet.run_integrity import write_inside

    out = Path(out)
    runs = pd.DataFrame({"run": c.labels, "directory": [str(r.path) for r in c.runs], "title": c.titles})
    sections = [f"<h2>Runs</h2>{_table_html(runs.rename(columns={'run': 'key'}))}",
                "<h2>Config differences</h2>" + (_table_html(c.config) if len(c.config)
                                                 else "<p>None: the runs differ only in where they ran.</p>"),
                f"<h2>KPIs that differ (A is the reference)</h2>{_table_html(changed_kpis(c))}"
                f"<details><summary>every KPI</summary>{_table_html(c.kpis)}</details>"]
    sections += [figure_html(name, png_bytes(fig), caption) for name, (fig, caption) in comparison_figures(c).items()]
    title = "enernet compare: " + " vs ".join(f"{label} {t}" for label, t in zip(c.labels, c.titles))
    return write_inside(out.parent, out.name, page_html(title, "\n".join(sections)).encode("utf-8"))
