"""Reports: seaborn figures and one self-contained HTML page, from a run or sweep directory alone.

``enernet report RUN_DIR`` writes ``figures/*.png`` and ``report.html`` (figures embedded, so the page
needs no network and no other file) into the directory. It reads the Parquet tables and JSON files,
never the model. Headless: matplotlib's Agg backend.
"""
from __future__ import annotations

import base64
import html
from pathlib import Path

import numpy as np
import pandas as pd

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.names import DR_DAY_AHEAD_EVENT, DR_EMERGENCY_EVENT
from enernet.run_integrity import safe_child, write_inside
from enernet.rundir import load_run
from enernet.sim.population import CUSTOMER_TYPES, customer_type

TYPE_LABELS = {column: label for label, column in CUSTOMER_TYPES}


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook")
    return plt, sns


def _save(fig, root: Path, name: str) -> Path:
    """Write ``fig`` as ``root/figures/name`` (inside ``root``, through no symlink)."""
    import io

    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return write_inside(root, f"figures/{name}", buffer.getvalue())


def _message(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=12, color="0.35")
    ax.set_xticks([])
    ax.set_yticks([])


def run_figures(run_dir: Path) -> dict[str, tuple[Path, str]]:
    """Every figure of a run: name -> (PNG path, caption)."""
    plt, sns = _plt()
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
    figures["load_duration"] = (_save(fig, run_dir, "load_duration.png"),
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
    figures["daily_profile"] = (_save(fig, run_dir, "daily_profile.png"),
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
    figures["prices"] = (_save(fig, run_dir, "prices.png"), "Retail, market and wholesale prices per interval.")

    # Transformer loading heat map.
    tr = run.transformers
    heat = tr.pivot_table(index="transformer", columns="time", values="loading_pu")
    heat.columns = pd.to_datetime(heat.columns).strftime("%b %d %H:%M")
    fig, ax = plt.subplots(figsize=(10, max(2.5, 0.25 * len(heat) + 1.5)))
    sns.heatmap(heat, ax=ax, cmap="rocket_r", vmin=0, vmax=max(1.2, float(np.nanmax(heat.to_numpy()))),
                cbar_kws={"label": "loading [pu of rating]"}, xticklabels=max(1, heat.shape[1] // 8))
    ax.set(xlabel="", ylabel="transformer", title="Transformer loading")
    figures["transformer_heatmap"] = (_save(fig, run_dir, "transformer_heatmap.png"),
                                      "Each transformer's loading per interval; above 1.0 it is overloaded.")

    # DR events.
    ev = run.events
    dr = ev[ev["kind"].isin((DR_DAY_AHEAD_EVENT, DR_EMERGENCY_EVENT))] if len(ev) else ev
    fig, ax = plt.subplots(figsize=(9, 3.5))
    if len(dr):
        for _, e in dr.iterrows():
            colour = "tab:red" if e["kind"] == DR_EMERGENCY_EVENT else "tab:blue"
            ax.plot([e["start"], e["end"]], [e["transformer"], e["transformer"]], lw=6, color=colour, solid_capstyle="butt")
        ax.set(ylabel="transformer", title=f"Demand-response events ({len(dr)}; blue day-ahead, red emergency)")
        fig.autofmt_xdate()
    else:
        _message(ax, "no demand-response events in this run")
        ax.set_title("Demand-response events")
    figures["dr_events"] = (_save(fig, run_dir, "dr_events.png"), "When and where the operator called DR events.")

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
    figures["bills"] = (_save(fig, run_dir, "bills.png"), "Household bills over the run; negative bills are net earnings.")
    return figures


def sweep_figures(sweep_dir: Path) -> dict[str, tuple[Path, str]]:
    """KPI against each swept parameter (mean and 95 % interval over seeds)."""
    from enernet.sweep import parameter_columns
    from enernet.sweep_report import FIGURE_KPIS

    plt, sns = _plt()
    table = pd.read_parquet(safe_child(sweep_dir, "sweep.parquet"))
    params = [p for p in parameter_columns(table) if p != "seed" and table[p].nunique() > 1]
    figures = {}
    ok = table[table["status"] == "ok"]
    kpis = [k for k in FIGURE_KPIS if k in ok and ok[k].nunique() > 1][:6] or \
        [c for c in ok.columns if pd.api.types.is_numeric_dtype(ok[c]) and ok[c].nunique() > 1][:6]
    for param in params or [None]:
        fig, axes = plt.subplots(1, max(len(kpis), 1), figsize=(4 * max(len(kpis), 1), 3.5), squeeze=False)
        for ax, kpi in zip(axes[0], kpis or [None]):
            if kpi is None or param is None:
                _message(ax, "nothing varies across this sweep")
                continue
            sns.pointplot(ok, x=param, y=kpi, ax=ax, errorbar=("ci", 95), seed=0)
            ax.set_title(kpi)
        name = f"kpi_vs_{param}" if param else "kpis"
        figures[name] = (_save(fig, sweep_dir, f"{name}.png"),
                         f"KPIs against {param}: mean over seeds with a 95 % interval." if param else "")
    return figures


def _kpi_rows(kpis: dict) -> str:
    from enernet.scenarios.model.kpi_definitions import KPIS

    rows = []
    for key, value in kpis.items():
        text = "n/a" if value is None else (f"{value:,}" if isinstance(value, int) else f"{value:,.4g}")
        rows.append(f"<tr><td><code>{html.escape(key)}</code></td><td class='num'>{text}</td>"
                    f"<td>{html.escape(KPIS[key].doc if key in KPIS else '')}</td></tr>")
    return "\n".join(rows)


def write_report(directory: str | Path) -> Path:
    """Figures and ``report.html`` for a run directory (or a sweep directory, with ``sweep.parquet``)."""
    directory = Path(directory)
    if (directory / "sweep.parquet").exists():
        figures = sweep_figures(directory)
        table = pd.read_parquet(safe_child(directory, "sweep.parquet"))
        title = f"enernet sweep: {directory.name}"
        body = (f"<p>{len(table)} runs: {int((table['status'] == 'ok').sum())} ok, "
                f"{int((table['status'] == 'failed').sum())} failed.</p>"
                + table.drop(columns=["config_hash"]).head(200).to_html(index=False, na_rep="", float_format="%.4g"))
    elif (directory / "manifest.json").exists():
        figures = run_figures(directory)
        run = load_run(directory, verify=False)  # run_figures checked it
        manifest, kpis = run.manifest, run.kpis
        title = f"enernet run: {manifest.get('scenario')} (seed {manifest.get('seed')})"
        body = f"<table class='kpis'><tr><th>KPI</th><th>value</th><th>meaning</th></tr>{_kpi_rows(kpis)}</table>"
    else:
        raise FileNotFoundError(f"{directory} is neither a run directory (manifest.json) nor a sweep directory "
                                "(sweep.parquet)")
    sections = []
    for name, (path, caption) in figures.items():
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        sections.append(f"<figure><img alt='{html.escape(name)}' src='data:image/png;base64,{data}'>"
                        f"<figcaption>{html.escape(caption)}</figcaption></figure>")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.9em; }} td, th {{ padding: 2px 8px; border-bottom: 1px solid #ddd; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }} img {{ max-width: 100%; }}
figure {{ margin: 2em 0; }} figcaption {{ color: #555; }}
</style></head><body>
<h1>{html.escape(title)}</h1>
{body}
{''.join(sections)}
</body></html>
"""
    return write_inside(directory, "report.html", page.encode("utf-8"))
