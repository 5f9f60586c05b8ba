"""The counterfactual twin: the same world without any response, run in lockstep with the model.

Every "without response" KPI and the true reduction of each DR event come from here. The twin is
a second ``EnernetModel`` on the same households, network, weather, loads and prices, with DR
events off (``dr.programme=none``) and no price response (``tariff.price_response=false``), so
everything that would react re-runs on the loads without response: batteries dispatch on them,
EVs charge without deferral (and so without the catch-up after an event), the green market
clears on them, the operator forecasts from them. It is exactly the run with the response switched
off (same seed, same numbers), stepped one interval ahead of the model so the model can read it:

- its critical-peak days are the model's (the retailer's rule reads only the weather forecast);
- its tables are not recorded; its own KPIs hold its peak and overload hours.

It costs about one more simulation of the interval path; ``run.counterfactual=false`` skips it
(the "without response" KPIs and ``dr_true_reduction_kwh`` are then null).
"""
from __future__ import annotations

import dataclasses

from omegaconf import OmegaConf


def responds(cfg) -> bool:
    """True when something in ``cfg`` responds: DR events, or price response to critical-peak prices."""
    price_response = cfg.tariff.kind == "cpp" and bool(cfg.tariff.price_response)
    return cfg.dr.programme != "none" or price_response


def needs_counterfactual(cfg) -> bool:
    """True when a run of ``cfg`` gets a twin: something responds and ``run.counterfactual`` is on."""
    return bool(cfg.run.counterfactual) and responds(cfg)


def counterfactual_config(cfg):
    """``cfg`` with every response switched off (and nothing shown)."""
    return OmegaConf.merge(cfg, {"dr": {"programme": "none"}, "tariff": {"price_response": False},
                                 "run": {"progress": False, "summary": False, "fail_at_interval": -1,
                                         "crash_at_interval": -1}})


def counterfactual_twin(model, world):
    """The twin of ``model`` (None when nothing in its config responds). It shares ``world``'s
    read-only arrays and the load noise (``HouseholdLoads`` gives a second reader of an interval the
    same loads), and gets its own copy of every state that changes (battery charge)."""
    if not needs_counterfactual(model.cfg):
        return None
    from sim.model import EnernetModel

    population = dataclasses.replace(model.population, battery_soc_kwh=model.population.battery_soc_kwh.copy())
    twin = EnernetModel(counterfactual_config(model.cfg), world=dataclasses.replace(world, population=population),
                        twin_of=model)
    # Same prices: the retailer's critical-peak days are the model's (its rule reads no load).
    twin.retailer.critical_days = model.retailer.critical_days
    return twin
