"""Reports: seaborn figures and one self-contained HTML page, from a run or sweep directory alone.

``enernet report RUN_DIR`` writes ``figures/*.png`` and ``report.html`` (figures embedded, so the page
needs no network and no other file) into the directory. It reads the Parquet tables and JSON files,
never the model. Headless: matplotlib's Agg backend.
"""
from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.names import DR_DAY_AHEAD_EVENT, DR_EMERGENCY_EVENT
from enernet.figures import figure_sections, page_html, panel_message, save_figure, setup_plotting
from enernet.run_integrity import write_inside
from enernet.rundir import load_run
from enernet.sim.population import CUSTOMER_TYPES, customer_type

TYPE_LABELS = {column: label for label, column in CUSTOMER_TYPES}
MAX_HEATMAP_ROWS = 20  # transformers drawn in the loading heat map (the most loaded)


def run_figures(run_dir: Path) -> dict[str, tuple[Path, str]]:
    """Every figure of a run: name -> (PNG path, caption)."""
    plt, sns = setup_plotting()
    run = load_run(run_dir)
    iv = run.intervals
    dt_h = run.manifest["config"]["scenario"]["interval_min"] / MINUTES_PER_HOUR
    figures = {}

    # Load duration curve of the feeder heads, with and without demand response when both exist.
    fig, ax = plt.subplots(figsize=(7, 4))
    hours = np.arange(len(iv)) * dt_h
    ax.plot(hours, np.sort(iv["feeder_import_kw"].to_numpy())[::-1], label="feeder import")
    if "feeder_import_without_response_kw" in iv and iv["feeder_import_without_response_kw"].notna().all():
        ax.plot(hours, np.sort(iv["feeder_import_without_response_kw"].to_numpy())[::-1], "--",
                label="without DR and price response")
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set(xlabel="hours the load is exceeded [h]", ylabel="feeder import [kW]", title="Load duration curve")
    ax.legend()
    figures["load_duration"] = (save_figure(fig, run_dir, "load_duration.png"),
                                "Feeder-head draw sorted from highest to lowest; below zero the area exports.")

    # Average daily profile by customer type.
    fig, ax = plt.subplots(figsize=(7, 4))
    hour_of_day = (iv["minute"] % MINUTES_PER_DAY) / MINUTES_PER_HOUR
    for column, label in TYPE_LABELS.items():
        if column in iv and iv[column].abs().sum() > 0:
            profile = iv.groupby(hour_of_day)[column].mean()
            ax.plot(profile.index, profile.values, label=label)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set(xlabel="hour of day", ylabel="mean net load per household [kW]", title="Average daily profile by customer type")
    ax.legend()
    figures["daily_profile"] = (save_figure(fig, run_dir, "daily_profile.png"),
                                "Mean grid draw of one household of each type over the day; negative is export.")

    # Prices.
    fig, ax = plt.subplots(figsize=(9, 3.8))
    ax.plot(iv["time"], iv["mean_price_per_kwh"], label="retail price (mean over tariffs)", lw=1.2)
    if "market" in run.tables and run.market["price"].notna().any():
        ax.plot(run.market["time"], run.market["price"], ".", ms=3, label="green-market clearing price")
    ax.plot(iv["time"], iv["wholesale_price_per_kwh"], ":", label="wholesale price")
    ax.set(ylabel=f"price [{run.manifest.get('currency', '')}/kWh]", title="Prices")
    ax.legend(loc="upper right")
    fig.autofmt_xdate()
    figures["prices"] = (save_figure(fig, run_dir, "prices.png"), "Retail, market and wholesale prices per interval.")

    # Transformer loading heat map: every transformer when few, else the worst by peak loading
    # (a 10,000-household district has hundreds; a row each would be unreadable).
    tr = run.transformers
    heat = tr.pivot_table(index="transformer", columns="time", values="loading_pu")
    shown_note = ""
    if len(heat) > MAX_HEATMAP_ROWS:
        worst = heat.max(axis=1).sort_values(ascending=False).index[:MAX_HEATMAP_ROWS]
        shown_note = f" The {MAX_HEATMAP_ROWS} most loaded of {len(heat)} transformers are shown."
        heat = heat.loc[worst]
    heat.columns = pd.to_datetime(heat.columns).strftime("%b %d %H:%M")
    fig, ax = plt.subplots(figsize=(10, max(2.5, 0.25 * len(heat) + 1.5)))
    sns.heatmap(heat, ax=ax, cmap="rocket_r", vmin=0, vmax=max(1.2, float(np.nanmax(heat.to_numpy()))),
                cbar_kws={"label": "loading [pu of rating]"}, xticklabels=max(1, heat.shape[1] // 8))
    ax.set(xlabel="", ylabel="transformer", title="Transformer loading")
    figures["transformer_heatmap"] = (save_figure(fig, run_dir, "transformer_heatmap.png"),
                                      "Each transformer's loading per interval; above 1.0 it is overloaded."
                                      + shown_note)

    # Net exchange with the grid by day and hour, on a diverging scale: import red, export blue.
    net = iv.assign(day=pd.to_datetime(iv["time"]).dt.strftime("%b %d"), hour=hour_of_day.astype(int))
    grid = net.pivot_table(index="day", columns="hour", values="feeder_import_kw", aggfunc="mean", sort=False)
    fig, ax = plt.subplots(figsize=(10, max(2.5, 0.3 * len(grid) + 1.5)))
    limit = float(np.nanmax(np.abs(grid.to_numpy()))) or 1.0
    sns.heatmap(grid, ax=ax, cmap="RdBu_r", center=0, vmin=-limit, vmax=limit,
                cbar_kws={"label": "feeder import [kW] (below 0: export)"})
    ax.set(xlabel="hour of day", ylabel="", title="Import and export by day and hour")
    figures["import_export"] = (save_figure(fig, run_dir, "import_export.png"),
                                "Mean feeder-head exchange per hour: red draws from the grid, blue exports to it.")

    # DR events: a section only when the run had a DR programme (a feature that was off gets none).
    ev = run.events
    dr = ev[ev["kind"].isin((DR_DAY_AHEAD_EVENT, DR_EMERGENCY_EVENT))] if len(ev) else ev
    if run.manifest["config"].get("dr", {}).get("programme", "none") != "none" or len(dr):
        figures["dr_events"] = (save_figure(_dr_figure(plt, dr), run_dir, "dr_events.png"),
                                "When and where the operator called DR events.")

    # Bills.
    bills = run.bills.groupby("household", as_index=False).agg(bill=("bill", "sum"), has_pv=("has_pv", "first"),
                                                               has_battery=("has_battery", "first"))
    if "ev_owner" in run.bills:
        bills["ev_owner"] = run.bills.groupby("household")["ev_owner"].first().to_numpy()
    else:
        bills["ev_owner"] = False
    labels = np.array([label for label, _ in CUSTOMER_TYPES])
    bills["type"] = labels[customer_type(bills["has_pv"], bills["has_battery"], bills["ev_owner"])]
    fig, ax = plt.subplots(figsize=(7, 4))
    sns.histplot(bills, x="bill", hue="type", multiple="stack", ax=ax, bins=30)
    ax.set(xlabel=f"bill over the run [{run.manifest.get('currency', '')}]", title="Distribution of bills")
    figures["bills"] = (save_figure(fig, run_dir, "bills.png"), "Household bills over the run; negative bills are net earnings.")
    return figures


def _dr_figure(plt, dr: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(9, 3.5))
    if not len(dr):
        panel_message(ax, "no demand-response events in this run")
        ax.set_title("Demand-response events")
        return fig
    for _, e in dr.iterrows():  # one bar per event: tens of events at most, drawn once per report
        colour = "tab:red" if e["kind"] == DR_EMERGENCY_EVENT else "tab:blue"
        ax.plot([e["start"], e["end"]], [e["transformer"], e["transformer"]], lw=6, color=colour,
                solid_capstyle="butt")
    ax.set(ylabel="transformer", title=f"Demand-response events ({len(dr)}; blue day-ahead, red emergency)")
    fig.autofmt_xdate()
    return fig


def _kpi_table(kpis: dict, currency: str) -> str:
    """The KPI table by section, with units and readable numbers; sections of features that were
    off (every figure zero) left out and named."""
    from enernet.kpi_format import kpi_unit, quiet_sections, readable
    from enernet.scenarios.model.kpi_definitions import KPIS

    quiet = quiet_sections(kpis)
    rows, section = [], None
    for key, value in kpis.items():
        kpi = KPIS.get(key)
        name = kpi.section if kpi else "other"
        if name in quiet:
            continue
        if name != section:
            section = name
            rows.append(f"<tr><th colspan='4' class='section'>{html.escape(name)}</th></tr>")
        rows.append(f"<tr><td><code>{html.escape(key)}</code></td><td class='num'>{readable(value)}</td>"
                    f"<td>{html.escape(kpi_unit(key, currency))}</td><td>{html.escape(kpi.doc if kpi else '')}</td></tr>")
    note = (f"<p class='note'>Not shown (every figure zero: the feature was off): {', '.join(sorted(quiet))} "
            "KPIs; kpis.json has them.</p>") if quiet else ""
    return ("<table class='kpis'><tr><th>KPI</th><th>value</th><th>unit</th><th>meaning</th></tr>"
            + "".join(rows) + "</table>" + note)


def _config_section(manifest: dict) -> str:
    """The overrides that make this run from the defaults, and the whole resolved config (folded)."""
    import json

    from enernet.run_config import overrides

    config = manifest.get("config", {})
    listed = overrides(config)
    items = "".join(f"<li><code>{html.escape(o)}</code></li>" for o in listed) or "<li>none: the defaults</li>"
    whole = html.escape(json.dumps(config, indent=1))
    return (f"<h2>Configuration</h2><p>What this run changes from the defaults (as overrides to "
            f"<code>enernet run</code>):</p><ul class='overrides'>{items}</ul>"
            f"<details><summary>the whole resolved config</summary><pre>{whole}</pre></details>")


def write_report(directory: str | Path, kpis: list[str] | None = None) -> Path:
    """Figures and ``report.html`` for a run directory, or a sweep directory (``sweep.parquet``;
    ``kpis`` chooses the KPIs its figures show)."""
    from enernet.run_config import run_title

    directory = Path(directory)
    if (directory / "sweep.parquet").exists():
        from enernet.sweep_report import sweep_page

        title, body, figures = sweep_page(directory, kpis)
    elif (directory / "manifest.json").exists():
        figures = run_figures(directory)
        run = load_run(directory, verify=False)  # run_figures checked it
        title = f"enernet run: {run_title(run.manifest)}"
        body = (f"<p>Scenario <b>{html.escape(str(run.manifest.get('scenario')))}</b>, seed "
                f"{run.manifest.get('seed')}, config hash <code>{html.escape(str(run.manifest.get('config_hash')))}"
                f"</code>.</p>" + _config_section(run.manifest) + "<h2>Key performance indicators</h2>"
                + _kpi_table(run.kpis, run.manifest.get("currency", "")) + "<h2>Figures</h2>")
    else:
        raise FileNotFoundError(f"{directory} is neither a run directory (manifest.json) nor a sweep directory "
                                "(sweep.parquet)")
    return write_inside(directory, "report.html", page_html(title, body + figure_sections(figures)).encode("utf-8"))
