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
    tmp = path.with_name(f".{path.name}.tmp.png")
    fig.savefig(tmp, dpi=110)
    plt.close(fig)
    tmp.replace(path)
    return path
