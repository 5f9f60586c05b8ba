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

With DR and critical-peak price response both on, a second twin without DR events only (price
response kept) is the truth the DR events' reductions are measured against, so the price response
is not credited to DR. Each twin runs the interval's physics (loads, devices, market, balance, the
operator's memory of loads: not money, heat or tables), about +60-80 % of a run's work each;
``run.counterfactual=false`` skips them (the "without response" KPIs and
``dr_true_reduction_kwh`` are then null).

They read nothing the model writes: the homes' answers they see (the critical-peak ones) are
announced by their own retailer, and the trips and weather come from the same seed. So ``run()``
may step them in a second process instead (``scenarios.model.twin_process``, ``run.parallel_twins``):
the same numbers, handed back through shared memory. ``TwinSteps`` is what the model reads of them,
either way, interval by interval.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from omegaconf import OmegaConf


def responds(cfg) -> bool:
    """True when something in ``cfg`` responds: DR events, or price response to critical-peak prices."""
    price_response = cfg.tariff.kind == "cpp" and bool(cfg.tariff.price_response)
    return cfg.dr.programme != "none" or price_response


def needs_counterfactual(cfg) -> bool:
    """True when a run of ``cfg`` gets a twin: something responds and ``run.counterfactual`` is on."""
    return bool(cfg.run.counterfactual) and responds(cfg)


def counterfactual_config(cfg, keep_price_response: bool = False):
    """``cfg`` without DR events and, unless ``keep_price_response``, without price response (and
    nothing shown)."""
    return OmegaConf.merge(cfg, {"dr": {"programme": "none"},
                                 "tariff": {"price_response": bool(keep_price_response and cfg.tariff.price_response)},
                                 "run": {"progress": False, "summary": False}})


def counterfactual_twins(model, world, model_class) -> tuple:
    """``(twin, dr_twin)`` of ``model``: the twin without any response (None when nothing responds),
    and the twin without DR events that the DR events' true reductions are measured against. With
    DR and price response both on they differ (a third run: the price response must not count as
    DR); otherwise the one twin serves both. Each shares ``world``'s read-only arrays and the load
    noise (``HouseholdLoads`` gives a second reader of an interval the same loads), and gets its own
    copy of every state that changes (battery charge). ``model_class`` builds them."""
    if not needs_counterfactual(model.cfg):
        return None, None
    twin = _twin(model_class, model, world, counterfactual_config(model.cfg))
    price_response = model.cfg.tariff.kind == "cpp" and bool(model.cfg.tariff.price_response)
    if model.cfg.dr.programme != "none" and price_response:
        return twin, _twin(model_class, model, world, counterfactual_config(model.cfg, keep_price_response=True))
    return twin, twin


def _twin(model_class, model, world, cfg):
    # ``model_class`` (EnernetModel, handed in by the model: this module does not import it).
    population = dataclasses.replace(model.population, battery_soc_kwh=model.population.battery_soc_kwh.copy())
    twin = model_class(cfg, world=dataclasses.replace(world, population=population), twin_of=model)
    # Same prices: the retailer's critical-peak days are the model's (its rule reads no load).
    twin.retailer.critical_days = model.retailer.critical_days
    return twin


class TwinSteps:
    """The twins stepped in this process, one interval ahead of the model, and what the model reads of
    them: the twin's feeder import [kW] and overloaded transformers, and the DR twin's net loads [kW]
    (every household; the DR programme meters its customers' rows)."""

    forked = False

    def __init__(self, model):
        self.model = model

    def advance(self, interval: int) -> None:
        """Step the twins through ``interval`` (the model's next)."""
        m = self.model
        m.twin.advance(m.clock.interval_min)
        if m.dr_twin is not m.twin:
            m.dr_twin.advance(m.clock.interval_min)

    @property
    def feeder_import_kw(self) -> float:
        return float(self.model.twin.grid_operator.power_balance.feeder_load_kw.sum())

    @property
    def overloaded(self) -> int:
        return int(self.model.twin.grid_operator.power_balance.transformer_overloaded.sum())

    @property
    def dr_net_kw(self) -> np.ndarray:
        return self.model.dr_twin.pipeline.net_kw
