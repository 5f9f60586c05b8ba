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
    feeder_extra_kw=None,
):
    """Reference for ``cext.power_balance`` (sum_by_transformer, then balance_transformer_rows for one
    interval); returns a dict of lists."""
    n_transformers = len(rating_kva)
    n_feeders = len(feeder_loss_coefficient_per_kw)
    transformer_load_kw = [0.0] * n_transformers
    for household, kw in enumerate(net_kw):
        transformer_load_kw[transformer_of_household[household]] += kw
    loading_pu, overloaded, loss_kw = [], [], []
    feeder_through_kw = list(feeder_extra_kw) if feeder_extra_kw is not None else [0.0] * n_feeders
    for j in range(n_transformers):
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


def clear_book(buy_price, buy_qty, sell_price, sell_qty, mechanism, unit_kwh=1.0):
    """Reference for ``cext.clearing.clear_book`` (rules in ``markets.clearing``); returns a dict."""
    nb, ns = len(buy_price), len(sell_price)
    buys = sorted((i for i in range(nb) if buy_qty[i] > 0), key=lambda i: -buy_price[i])  # stable: ties by index
    sells = sorted((j for j in range(ns) if sell_qty[j] > 0), key=lambda j: sell_price[j])
    bf, sf = [0.0] * nb, [0.0] * ns
    i = j = 0
    rb = buy_qty[buys[0]] if buys else 0.0
    rs = sell_qty[sells[0]] if sells else 0.0
    mb = ms = -1
    while i < len(buys) and j < len(sells) and buy_price[buys[i]] >= sell_price[sells[j]]:
        t = min(rb, rs)
        bf[buys[i]] += t
        sf[sells[j]] += t
        rb -= t
        rs -= t
        mb, ms = i, j
        if rb <= 1e-9:  # round-off dust counts as done (as in the kernel)
            bf[buys[i]] = buy_qty[buys[i]]
            i += 1
            rb = buy_qty[buys[i]] if i < len(buys) else 0.0
        if rs <= 1e-9:
            sf[sells[j]] = sell_qty[sells[j]]
            j += 1
            rs = sell_qty[sells[j]] if j < len(sells) else 0.0
    nan = float("nan")
    out = {"price": nan, "buyer_price": nan, "seller_price": nan, "reduced": False,
           "efficient_volume": sum(bf)}
    bp_paid, sr = [0.0] * nb, [0.0] * ns
    if mb >= 0:
        b_m, s_m = buy_price[buys[mb]], sell_price[sells[ms]]
        b_next = b_m if bf[buys[mb]] < buy_qty[buys[mb]] else (buy_price[buys[i]] if i < len(buys) else None)
        s_next = s_m if sf[sells[ms]] < sell_qty[sells[ms]] else (sell_price[sells[j]] if j < len(sells) else None)
        reduce = mechanism in ("mcafee", "huang")
        price = nan
        if mechanism == "mcafee" and b_next is not None and s_next is not None:
            p0 = (b_next + s_next) / 2
            if s_m <= p0 <= b_m:
                reduce, price = False, p0
        if not reduce:
            partial = {}
            nexts = {}
            for side, order, prices, qty, filled in (("b", buys, buy_price, buy_qty, bf),
                                                      ("s", sells, sell_price, sell_qty, sf)):
                level = prices[order[mb if side == "b" else ms]]
                group = [k for k in order if prices[k] == level]
                fill, total = sum(filled[k] for k in group), sum(qty[k] for k in group)
                partial[side] = fill < total
                if partial[side]:
                    for k in group:
                        filled[k] = qty[k] * fill / total
                later = [prices[k] for k in order[order.index(group[-1]) + 1:]]
                nexts[side] = later[0] if later else None
            if mechanism == "pay_as_clear":
                if partial["b"]:
                    price = b_m
                elif partial["s"]:
                    price = s_m
                else:
                    lo = max(s_m, nexts["b"]) if nexts["b"] is not None else s_m
                    hi = min(b_m, nexts["s"]) if nexts["s"] is not None else b_m
                    price = (lo + hi) / 2
            if mechanism == "pay_as_bid":
                bp_paid = [f * p for f, p in zip(bf, buy_price)]
                sr = [f * p for f, p in zip(sf, sell_price)]
            else:
                out["buyer_price"] = out["seller_price"] = price
            out["price"] = price
        elif mechanism == "mcafee":  # the last unit of the efficient trade comes off each side's fills
            out["reduced"] = True
            out["buyer_price"], out["seller_price"] = b_m, s_m
            drop = min(unit_kwh, out["efficient_volume"])
            for order, filled in ((buys[:mb + 1], bf), (sells[:ms + 1], sf)):
                left = drop
                for k in reversed(order):
                    take = min(left, filled[k])
                    filled[k] -= take
                    filled[k] = 0.0 if filled[k] <= 1e-9 else filled[k]
                    left -= take
                    if left <= 1e-9:
                        break
        else:
            out["reduced"] = True
            out["buyer_price"], out["seller_price"] = b_m, s_m
            bf, sf = [0.0] * nb, [0.0] * ns
            keep_b, keep_s = buys[:mb], sells[:ms]
            volume = min(sum(buy_qty[k] for k in keep_b), sum(sell_qty[k] for k in keep_s))
            for keep, qty, filled in ((keep_b, buy_qty, bf), (keep_s, sell_qty, sf)):
                # Uniform rule by bisection on the cap (independent of the kernel's sort-based search).
                lo, hi = 0.0, max((qty[k] for k in keep), default=0.0)
                for _ in range(200):
                    mid = (lo + hi) / 2
                    if sum(min(qty[k], mid) for k in keep) < volume:
                        lo = mid
                    else:
                        hi = mid
                for k in keep:
                    filled[k] = min(qty[k], hi)
        if mechanism != "pay_as_bid":
            bp_paid = [f * out["buyer_price"] for f in bf]
            sr = [f * out["seller_price"] for f in sf]
    out.update(buy_filled=bf, sell_filled=sf, buy_paid=bp_paid, sell_received=sr, volume=sum(bf),
               welfare=sum(f * p for f, p in zip(bf, buy_price)) - sum(f * p for f, p in zip(sf, sell_price)),
               budget_surplus=sum(bp_paid) - sum(sr))
    return out


def step_thermal(load_pu, ambient_c, loss_ratio, top_oil_rise_rated_c, hot_spot_rise_rated_c, oil_exponent,
                 winding_exponent, top_oil_time_constant_min, winding_time_constant_min, interval_min, top_oil_rise_c,
                 hot_spot_rise_c):
    """Reference for one interval (one row) of ``cext.thermal.step_thermal`` (IEEE C57.91 clause 7);
    returns new state and outputs."""
    import math

    out = {"top_oil_rise_c": [], "hot_spot_rise_c": [], "hot_spot_c": [], "aging_factor": []}
    for k, r, to, hs in zip(load_pu, loss_ratio, top_oil_rise_c, hot_spot_rise_c):
        to_u = top_oil_rise_rated_c * ((k**2 * r + 1) / (r + 1)) ** oil_exponent
        hs_u = hot_spot_rise_rated_c * k ** (2 * winding_exponent)
        to = to_u + (to - to_u) * math.exp(-interval_min / top_oil_time_constant_min)
        hs = hs_u + (hs - hs_u) * math.exp(-interval_min / winding_time_constant_min)
        theta = ambient_c + to + hs
        out["top_oil_rise_c"].append(to)
        out["hot_spot_rise_c"].append(hs)
        out["hot_spot_c"].append(theta)
        out["aging_factor"].append(math.exp(15000 / 383 - 15000 / (theta + 273)))
    return out


def ev_plan_smart(plugged, target_kwh, soc_kwh, charger_kw, next_departure_min, minute, eta_c, interval_h, price_now,
                  running_min, cheap_slot_counts, defer=None):
    """Reference for ``cext.ev_charging.plan_smart`` (numpy, vectorised over EVs; ``running_min``
    and ``cheap_slot_counts`` from now on). Returns must, want, undeferred [kW], the window's
    cheapest price and its length in slots."""
    import numpy as np

    dt = interval_h
    need = np.maximum(target_kwh - soc_kwh, 0.0)
    full = np.where(plugged, np.minimum(charger_kw, need / (eta_c * dt)), 0.0)
    left_h = np.minimum(next_departure_min - minute, 48 * 60) / 60.0
    must = np.clip((need - charger_kw * eta_c * (left_h - dt)) / (eta_c * dt), 0.0, full)
    stop = np.clip(np.ceil(left_h / dt).astype(np.int64), 1, running_min.size)
    cheapest = running_min[stop - 1]
    cheap_now = price_now <= cheapest + 1e-12
    spread = need / (eta_c * dt * np.maximum(cheap_slot_counts[stop], 1.0))
    undeferred = np.where(cheap_now, np.clip(spread, must, full), must)
    want = np.where(defer, must, undeferred) if defer is not None else undeferred
    return must, want, undeferred, cheapest, stop


def ev_apply_power(power_kw, eta_c, eta_d, interval_h, capacity_kwh, soc_kwh, undeferred_kw=None, deferring=None):
    """Reference for ``cext.ev_charging.apply_power``: returns the new state of charge, charged and
    discharged energy per EV [kWh] and the charging deferred by DR [kW] (None without DR)."""
    import numpy as np

    charged = np.maximum(power_kw, 0.0) * interval_h
    discharged = np.maximum(-power_kw, 0.0) * interval_h
    soc = np.clip(soc_kwh + (charged * eta_c - discharged / eta_d), 0.0, capacity_kwh)
    deferred = None
    if deferring is not None:
        deferred = np.maximum(undeferred_kw - np.maximum(power_kw, 0.0), 0.0) * deferring
    return soc, charged, discharged, deferred


def ev_within_headroom(must_kw, want_kw, transformer, want_by_transformer_kw, headroom_kw):
    """Reference for ``cext.ev_charging.within_headroom`` (the numpy ``EVFleet`` ran before it):
    each EV's power within its transformer's import headroom [kW]."""
    import numpy as np

    must_by_transformer = np.bincount(transformer, weights=must_kw, minlength=headroom_kw.size)
    room_kw = np.maximum(headroom_kw - must_by_transformer, 0.0)
    total_kw = want_by_transformer_kw - must_by_transformer
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(total_kw > room_kw, room_kw / total_kw, 1.0)
    return must_kw + (want_kw - must_kw) * scale[transformer]
