"""Ensemble summaries of a sweep: each KPI's mean and 95 % confidence interval per parameter point."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

NOT_KPIS = {"run", "config_hash", "status", "error", "traceback", "wall_s", "seed"}
# KPIs shown in summary.png when they vary across the sweep (the first six that do).
FIGURE_KPIS = ("peak_demand_kw", "transformer_overload_hours", "mean_bill", "green_traded_kwh",
               "dr_reduction_kwh", "dr_incentive_paid", "ev_unmet_kwh", "mean_clearing_price", "market_welfare",
               "transformer_loss_of_life_h", "self_sufficiency")


def parameter_columns(table: pd.DataFrame) -> list[str]:
    """The swept parameters' columns: those between ``config_hash`` and ``status``."""
    if table.attrs.get("parameters"):
        return list(table.attrs["parameters"])
    columns = list(table.columns)
    return columns[columns.index("config_hash") + 1: columns.index("status")]




def summarise(table: pd.DataFrame, points: list[str]) -> pd.DataFrame:
    """Long table: one row per parameter point and KPI with n, mean, std and the 95 % t-interval."""
    from scipy import stats

    ok = table[table["status"] == "ok"]
    kpis = [c for c in ok.columns if c not in NOT_KPIS and c not in points and pd.api.types.is_numeric_dtype(ok[c])]
    groups = ok.groupby(points, dropna=False) if points else [((), ok)]
    rows = []
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        for kpi in kpis:
            values = group[kpi].dropna().to_numpy(dtype=float)
            n = values.size
            mean = float(values.mean()) if n else np.nan
            std = float(values.std(ddof=1)) if n > 1 else np.nan
            half = float(stats.t.ppf(0.975, n - 1) * std / np.sqrt(n)) if n > 1 else np.nan
            rows.append({**dict(zip(points, key)), "kpi": kpi, "n": n, "mean": mean, "std": std,
                         "ci95_low": mean - half, "ci95_high": mean + half})
    return pd.DataFrame(rows)


def plot_summary(summary: pd.DataFrame, points: list[str], path: Path) -> Path | None:
    """KPI against the first numeric parameter, mean with its 95 % band, one panel per KPI."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import seaborn as sns

    varying = [p for p in points if summary[p].nunique() > 1]
    if not varying or summary.empty:
        return None
    numeric = [p for p in varying if pd.api.types.is_numeric_dtype(summary[p])]
    x = numeric[0] if numeric else varying[0]  # a categorical parameter is plotted point by point
    shown = [k for k in FIGURE_KPIS if k in set(summary["kpi"])
             and summary.loc[summary["kpi"] == k, "mean"].nunique() > 1][:6]
    if not shown:
        return None
    sns.set_theme(style="whitegrid")
    fig, axes = plt.subplots(1, len(shown), figsize=(4 * len(shown), 3.4), squeeze=False)
    for ax, kpi in zip(axes[0], shown):
        data = summary[summary["kpi"] == kpi].groupby(x, as_index=False)[["mean", "ci95_low", "ci95_high"]].mean()
        if numeric:
            sns.lineplot(data=data, x=x, y="mean", marker="o", ax=ax, errorbar=None)
            ax.fill_between(data[x], data["ci95_low"], data["ci95_high"], alpha=0.25)
        else:
            positions = np.arange(len(data))
            ax.errorbar(positions, data["mean"], yerr=[data["mean"] - data["ci95_low"], data["ci95_high"] - data["mean"]],
                        fmt="o", capsize=4)
            ax.set_xticks(positions, data[x].astype(str))
            ax.set_xlabel(x)
        ax.set_title(kpi)
        ax.set_ylabel("mean (95 % CI)")
    fig.tight_layout()
    import io

    from enernet.run_integrity import write_inside

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return write_inside(path.parent, path.name, buffer.getvalue())  # through no symlink, inside the sweep


def sweep_page(sweep_dir: Path, kpis: list[str] | None = None) -> tuple[str, str, dict[str, tuple[Path, str]]]:
    """A sweep report's title, body (HTML) and figures: what varied, the runs in long form (one row
    per run and KPI, or per parameter point and KPI with seeds summarised), and for each chosen KPI
    its spread over seeds at every parameter point, categories drawn as categories."""
    import html

    from enernet.run_integrity import safe_child

    table = pd.read_parquet(safe_child(sweep_dir, "sweep.parquet"))
    params = parameter_columns(table)
    varying = [p for p in params if table[p].nunique(dropna=False) > 1]
    ok = table[table["status"] == "ok"]
    chosen = choose_kpis(ok, kpis)
    points = [p for p in varying if p != "seed"]
    seeds = int(ok.groupby(points, dropna=False).size().max()) if points and len(ok) else len(ok)
    what = " × ".join(f"{p} ∈ {{{', '.join(str(v) for v in table[p].drop_duplicates())}}}" for p in points)
    title = f"enernet sweep: {what or 'seeds only'}" + (f", {seeds} seeds each" if "seed" in varying else "")
    currency = _currency(sweep_dir, ok)
    figures = sweep_figures(sweep_dir, ok, points, chosen, currency)
    summary = summarise(table, points)
    body = (f"<p>{len(table)} runs in <code>{html.escape(str(sweep_dir))}</code>: "
            f"{int((table['status'] == 'ok').sum())} ok, {int((table['status'] == 'failed').sum())} failed.</p>"
            + _failures(table) + "<h2>KPIs</h2>" + _long_table(summary, points, chosen, currency)
            + "<p class='note'>Mean over seeds with its 95 % confidence interval (Student's t); "
            "<code>enernet query</code> answers anything else over the runs' tables.</p><h2>Figures</h2>")
    return title, body, figures


def choose_kpis(ok: pd.DataFrame, kpis: list[str] | None, most: int = 6) -> list[str]:
    """The user's KPIs (each must be a column of the sweep), else the first ``most`` of
    FIGURE_KPIS that vary across the runs, else any numeric KPI that varies."""
    if kpis:
        unknown = [k for k in kpis if k not in ok.columns]
        if unknown:
            raise ValueError(f"--kpis names {', '.join(unknown)}, not KPIs of this sweep; it has: "
                             + ", ".join(c for c in ok.columns if c not in NOT_KPIS))
        return list(kpis)
    varies = [c for c in ok.columns if c not in NOT_KPIS and pd.api.types.is_numeric_dtype(ok[c])
              and ok[c].nunique() > 1]
    return [k for k in FIGURE_KPIS if k in varies][:most] or varies[:most]


def _failures(table: pd.DataFrame) -> str:
    import html

    failed = table[table["status"] == "failed"]
    if not len(failed):
        return ""
    items = "".join(f"<li><code>{html.escape(str(r['run']))}</code>: {html.escape(str(r['error']))}</li>"
                    for _, r in failed.iterrows())
    return f"<h2>Failed runs</h2><ul>{items}</ul>"


def _currency(sweep_dir: Path, ok: pd.DataFrame) -> str:
    """The sweep's currency, from its first finished run's manifest ('' when none can be read)."""
    import json

    from enernet.run_integrity import safe_child

    for run in ok["run"]:
        try:
            return str(json.loads(safe_child(safe_child(sweep_dir, str(run)), "manifest.json").read_text())
                       .get("currency", ""))
        except (OSError, ValueError):
            continue
    return ""


def _long_table(summary: pd.DataFrame, points: list[str], kpis: list[str], currency: str = "") -> str:
    import html

    from enernet.kpi_format import kpi_unit, readable

    rows = summary[summary["kpi"].isin(kpis)] if kpis else summary
    header = "".join(f"<th>{html.escape(c)}</th>" for c in [*points, "KPI", "unit", "runs", "mean", "95 % CI"])
    body = []
    for _, r in rows.iterrows():
        ci = ("" if pd.isna(r["ci95_low"]) else f"{readable(r['ci95_low'])} to {readable(r['ci95_high'])}")
        cells = [html.escape(str(r[p])) for p in points] + [
            f"<code>{html.escape(r['kpi'])}</code>", html.escape(kpi_unit(r["kpi"], currency)), str(r["n"]),
            readable(r["mean"]), ci]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return f"<table><tr>{header}</tr>{''.join(body)}</table>"


def sweep_figures(sweep_dir: Path, ok: pd.DataFrame, points: list[str], kpis: list[str], currency: str = "") -> dict:
    """Per chosen KPI and swept parameter: each seed's value as a dot, the mean with its 95 % CI
    as a bar; a numeric parameter on a numeric axis joined by a line, a categorical one as
    categories (no line)."""
    from enernet.figures import panel_message, save_figure, setup_plotting
    from enernet.kpi_format import kpi_unit

    plt, sns = setup_plotting()
    figures = {}
    for param in points or [None]:
        fig, axes = plt.subplots(1, max(len(kpis), 1), figsize=(4 * max(len(kpis), 1), 3.6), squeeze=False)
        for ax, kpi in zip(axes[0], kpis or [None]):
            if kpi is None:
                panel_message(ax, "no KPI varies across this sweep")
                continue
            x = param if param else "_all"
            data = ok.assign(_all="all runs") if param is None else ok
            numeric = param is not None and pd.api.types.is_numeric_dtype(data[param])
            order = sorted(data[x].unique()) if numeric else list(dict.fromkeys(data[x]))
            sns.stripplot(data, x=x, y=kpi, order=order, ax=ax, color="0.35", size=5, jitter=False, zorder=3, alpha=0.7)
            sns.pointplot(data, x=x, y=kpi, order=order, ax=ax, errorbar=("ci", 95), seed=0, color="tab:red",
                          linestyle="-" if numeric else "none", capsize=0.15, markers="D")
            unit = kpi_unit(kpi, currency)
            ax.set(title=kpi, ylabel=f"{kpi} [{unit}]" if unit else kpi, xlabel=param or "")
        fig.tight_layout()
        name = f"kpi_vs_{param}" if param else "kpi_spread"
        caption = (f"KPIs against {param}: each seed's run as a grey dot, the mean with its 95 % interval in red."
                   if param else "Each KPI over the sweep's seeds: one grey dot per run, the mean with its 95 % "
                   "interval in red.")
        figures[name] = (save_figure(fig, sweep_dir, f"{name}.png"), caption)
    return figures
