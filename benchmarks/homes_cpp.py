"""Critical-peak pricing with homes of appliances: the emergent peak change against PRISM's arc.

    .venv/bin/python benchmarks/homes_cpp.py        # about a minute on 2 cores

On a critical-peak day a share of price-responsive homes acts (``homes.cpp_acting_per_log_ratio``
x ln(peak ratio), log-linear as PRISM's demand): they raise their air conditioners 1 K in the
window and postpone laundry; the rooms warm and cool down again by physics. The PRISM model fitted
to the California Statewide Pricing Pilot (Faruqui and Sergici 2010: elasticity of substitution
-0.097, daily price elasticity -0.016) gives the reference peak-window change. 300 homes, three
July days in Greensboro's typical year, every day critical.
"""
from __future__ import annotations

from enernet import compose_config, run_scenario
from enernet.markets.price_response import ces_multipliers

BASE = ["scenario=neighbourhood", "scenario.households=300", "scenario.transformers=6", "scenario.days=3",
        "scenario.start_date=2025-07-14", "scenario.warmup_days=3", "homes.model=appliances", "tariff=cpp",
        "tariff.cpp_days=[0,1,2]", "market=none", "run.progress=false"]


def main() -> None:
    import tempfile

    print("peak ratio   peak-window change [%]   PRISM [%]   peak with / without response [kW]")
    with tempfile.TemporaryDirectory() as d:
        for ratio in (2, 3, 5, 8):
            kpis = run_scenario(compose_config([*BASE, f"tariff.peak_ratio={ratio}"]), f"{d}/r{ratio}")
            prism = 100 * (ces_multipliers(0.2, 1, 1, ratio, 1, -0.097, -0.016)[0] - 1)
            print(f"{ratio:>10}   {kpis['cpp_peak_load_change_pct']:>22.1f}   {prism:>9.1f}   "
                  f"{kpis['peak_demand_kw']:.0f} / {kpis['peak_demand_without_response_kw']:.0f}")


if __name__ == "__main__":
    main()
