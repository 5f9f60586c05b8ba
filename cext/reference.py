"""Pure-Python references for the Cython kernels, written for clarity, not speed.

The tests run each kernel and its reference on the same inputs and require equal results.
"""
from __future__ import annotations


def balance_network(
    net_kw,
    transformer_of_household,
    rating_kva,
    no_load_loss_kw,
    load_loss_at_rating_kw,
    feeder_of_transformer,
    feeder_loss_coefficient_per_kw,
    power_factor,
    overload_threshold_pu,
):
    """Reference for ``cext.power_balance.balance_network``; returns a dict of lists."""
    m = len(rating_kva)
    n_feeders = len(feeder_loss_coefficient_per_kw)
    transformer_load_kw = [0.0] * m
    for household, kw in enumerate(net_kw):
        transformer_load_kw[transformer_of_household[household]] += kw
    loading_pu, overloaded, loss_kw = [], [], []
    feeder_through_kw = [0.0] * n_feeders
    for j in range(m):
        loading = abs(transformer_load_kw[j]) / power_factor / rating_kva[j]
        loss = no_load_loss_kw[j] + load_loss_at_rating_kw[j] * loading * loading
        loading_pu.append(loading)
        overloaded.append(loading > overload_threshold_pu)
        loss_kw.append(loss)
        feeder_through_kw[feeder_of_transformer[j]] += transformer_load_kw[j] + loss
    feeder_loss_kw = [c * p * p for c, p in zip(feeder_loss_coefficient_per_kw, feeder_through_kw)]
    feeder_load_kw = [p + loss for p, loss in zip(feeder_through_kw, feeder_loss_kw)]
    return {
        "transformer_load_kw": transformer_load_kw,
        "transformer_loading_pu": loading_pu,
        "transformer_overloaded": overloaded,
        "transformer_loss_kw": loss_kw,
        "feeder_load_kw": feeder_load_kw,
        "feeder_loss_kw": feeder_loss_kw,
    }


def settle_interval(
    net_kw,
    tariff_of_household,
    price_per_kwh_by_tariff,
    feed_in_price_per_kwh_by_tariff,
    interval_h,
):
    """Reference for ``cext.settlement.settle_interval`` for one interval from zeroed accumulators."""
    rows = {"import_kwh": [], "export_kwh": [], "energy_charge": [], "feed_in_credit": [], "balance": []}
    for kw, tariff in zip(net_kw, tariff_of_household):
        imported = max(kw, 0.0) * interval_h
        exported = max(-kw, 0.0) * interval_h
        charge = imported * price_per_kwh_by_tariff[tariff]
        credit = exported * feed_in_price_per_kwh_by_tariff[tariff]
        rows["import_kwh"].append(imported)
        rows["export_kwh"].append(exported)
        rows["energy_charge"].append(charge)
        rows["feed_in_credit"].append(credit)
        rows["balance"].append(credit - charge)
    rows["totals"] = [
        sum(rows["import_kwh"]),
        sum(rows["export_kwh"]),
        sum(rows["energy_charge"]),
        sum(rows["feed_in_credit"]),
    ]
    return rows
