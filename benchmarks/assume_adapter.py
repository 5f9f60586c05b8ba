"""Adapter: ASSUME's pay-as-clear market clearing on a plain single-period order book.

Used by our benchmarks to compare against an external reference implementation. Only numpy,
``assume`` and the standard library are imported; nothing from enernet.

ASSUME version: ``assume-framework`` 0.6.0 (PyPI), Python 3.11.7.

Install (a separate venv, never the project's ``.venv``); the plain install worked (~15 s,
wheels only, pulls pandas, pyomo, highspy, mango-agents, sqlalchemy, xarray, ...)::

    python3 -m venv /tmp/assume-venv && /tmp/assume-venv/bin/pip install assume-framework

Run with that interpreter (our benchmark calls it as a subprocess)::

    /tmp/assume-venv/bin/python benchmarks/assume_adapter.py --orders 1000
    /tmp/assume-venv/bin/python benchmarks/assume_adapter.py --orders 1000 --check   # + plain crossing

Clearing code called: ``assume.markets.clearing_algorithms.simple.PayAsClearRole.clear`` — ASSUME's
own function, called directly, without a World, mango container or agents.

Mapping of our book onto ASSUME's ``Orderbook`` (a list of ``Order`` dicts):

* one product = one hour ``(start, start + 1 h, None)``; every order gets ``start_time``,
  ``end_time`` and ``only_hours=None`` for it, and ``market_products`` is ``[that tuple]``
  (``clear`` groups orders by ``(start_time, end_time, only_hours)`` and rejects orders
  whose group is not in ``market_products``);
* ASSUME's sign convention: ``volume > 0`` is supply (sell), ``volume < 0`` is demand (buy);
  so a buy of q kWh at p becomes ``{"price": p, "volume": -q}``, a sell ``{"price": p, "volume": q}``
  (volume 0 is ignored). Quantities are passed unchanged: with a 1 h product ASSUME's MW/MWh
  units are just labels, so kWh in = kWh out, and prices are passed unchanged;
* ``bid_id``, ``agent_addr``, ``node`` are filled in for completeness (the clearing does not use them);
* result: price = the ``accepted_price`` ASSUME sets on every accepted order (its uniform price =
  highest price among accepted supply orders, i.e. the marginal seller's price; ``meta[0]["price"]``
  is the same value up to rounding), volume = ``meta[0]["supply_volume"]``
  (sum of accepted supply volumes; equals the accepted demand volume).

``PayAsClearRole`` needs a ``MarketConfig`` whose ``opening_hours`` rrule has an ``until`` and
which has at least one ``MarketProduct`` (its base class computes the last opening from them).

Caveats: ``import assume`` opens ``assume.log`` in the working directory and logs INFO to
stdout; ``_import_assume`` neutralises both. ``clear`` mutates and sorts the orderbook (adds
``accepted_volume``/``accepted_price``), so each call gets fresh dicts; equal prices are
tie-broken with ``random.random()`` (we seed ``random`` for repeatability; price and volume do
not depend on it); if nothing clears, ASSUME reports price 0 — we return ``nan`` instead.
Scaling is super-linear: ``clear`` checks ``order not in rejected_product_orders`` (a list scan)
for every order, so time grows ~N^2 (measured: 1,000 orders 1.7 ms, 10,000 orders 0.15-0.17 s).
"""
from __future__ import annotations

import argparse
import logging
import math
import os
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta

import numpy as np

_START = datetime(2024, 1, 1, 0, 0)
_END = _START + timedelta(hours=1)
_PRODUCT = (_START, _END, None)
_ROLE = None


def _import_assume():
    """Import ASSUME without its import-time side effects leaking into our run.

    ``import assume`` runs ``assume/world.py``, which opens ``assume.log`` in the current directory
    and calls ``logging.basicConfig(level=INFO)`` with a *stdout* handler. We configure logging first
    (WARNING, to stderr, so stdout keeps only our ``name=value`` lines) and import from a temporary
    directory so no ``assume.log`` is left in the caller's directory.
    """
    if "assume" not in sys.modules:
        logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
        cwd = os.getcwd()
        with tempfile.TemporaryDirectory(prefix="assume-import-", ignore_cleanup_errors=True) as tmp:
            os.chdir(tmp)
            try:
                import assume.markets.clearing_algorithms.simple  # noqa: F401
            finally:
                os.chdir(cwd)
    from assume.markets.clearing_algorithms import simple

    return simple


def assume_available() -> bool:
    """True if ASSUME's pay-as-clear clearing can be imported in this interpreter."""
    try:
        _import_assume()
    except Exception:
        return False
    return True


def _role():
    global _ROLE
    if _ROLE is None:
        from dateutil import rrule as rr
        from dateutil.relativedelta import relativedelta as rd

        simple = _import_assume()
        from assume.common.market_objects import MarketConfig, MarketProduct

        PayAsClearRole = simple.PayAsClearRole

        config = MarketConfig(
            market_id="benchmark",
            opening_hours=rr.rrule(rr.HOURLY, dtstart=_START - timedelta(hours=1), until=_END + timedelta(days=1)),
            opening_duration=timedelta(hours=1),
            market_mechanism="pay_as_clear",
            market_products=[MarketProduct(duration=rd(hours=1), count=1, first_delivery=rd(hours=1))],
            maximum_bid_volume=None,
            maximum_bid_price=None,
        )
        _ROLE = PayAsClearRole(config)
    return _ROLE


def _orderbook(buy_price, buy_qty, sell_price, sell_qty) -> list[dict]:
    """Our book -> ASSUME Orderbook (buys negative volume, sells positive), one hourly product."""
    book = []
    for k, (p, q) in enumerate(zip(np.asarray(buy_price, float).tolist(), np.asarray(buy_qty, float).tolist())):
        book.append({"bid_id": f"b{k}", "agent_addr": f"buyer{k}", "node": "node0",
                     "start_time": _START, "end_time": _END, "only_hours": None,
                     "price": p, "volume": -q})
    for k, (p, q) in enumerate(zip(np.asarray(sell_price, float).tolist(), np.asarray(sell_qty, float).tolist())):
        book.append({"bid_id": f"s{k}", "agent_addr": f"seller{k}", "node": "node0",
                     "start_time": _START, "end_time": _END, "only_hours": None,
                     "price": p, "volume": q})
    return book


def _clear(book: list[dict]) -> tuple[float, float]:
    random.seed(0)  # ASSUME breaks price ties with random.random()
    accepted, _rejected, meta, _flows = _role().clear(book, [_PRODUCT])
    volume = float(meta[0]["supply_volume"]) if meta else 0.0
    # the uniform price ASSUME stamps on every accepted order (meta["price"] is the same value
    # recomputed as a volume-weighted mean, which can differ in the last bit)
    price = float(accepted[0]["accepted_price"]) if accepted and volume > 0 else math.nan
    return price, volume


def assume_pay_as_clear(buy_price, buy_qty, sell_price, sell_qty) -> tuple[float, float]:
    """(clearing price, cleared volume kWh) from ASSUME's PayAsClearRole.clear on one hourly product."""
    return _clear(_orderbook(buy_price, buy_qty, sell_price, sell_qty))


def plain_crossing(buy_price, buy_qty, sell_price, sell_qty) -> tuple[float, float, float]:
    """Uniform-price crossing for comparison: (cleared volume, marginal bid price, marginal ask price).

    Bids sorted descending, asks ascending; volume is matched while bid price >= ask price.
    """
    bo = np.argsort(-np.asarray(buy_price, float), kind="stable")
    so = np.argsort(np.asarray(sell_price, float), kind="stable")
    bp, bq = np.asarray(buy_price, float)[bo].tolist(), np.asarray(buy_qty, float)[bo].tolist()
    sp, sq = np.asarray(sell_price, float)[so].tolist(), np.asarray(sell_qty, float)[so].tolist()
    i = j = 0
    brem, srem = (bq[0] if bq else 0.0), (sq[0] if sq else 0.0)
    volume, mbid, mask = 0.0, math.nan, math.nan
    while i < len(bp) and j < len(sp) and bp[i] >= sp[j]:
        t = min(brem, srem)
        volume += t
        mbid, mask = bp[i], sp[j]
        brem -= t
        srem -= t
        if brem <= 0:
            i += 1
            brem = bq[i] if i < len(bq) else 0.0
        if srem <= 0:
            j += 1
            srem = sq[j] if j < len(sq) else 0.0
    return volume, mbid, mask


def random_book(orders: int, seed: int = 0):
    """N total orders (N//2 buys, N - N//2 sells): buy prices U(0.3, 0.9), sell prices U(0.1, 0.7), qty U(0.1, 5)."""
    rng = np.random.default_rng(seed)
    nb = orders // 2
    ns = orders - nb
    buy_price = rng.uniform(0.3, 0.9, nb)
    sell_price = rng.uniform(0.1, 0.7, ns)
    buy_qty = rng.uniform(0.1, 5.0, nb)
    sell_qty = rng.uniform(0.1, 5.0, ns)
    return buy_price, buy_qty, sell_price, sell_qty


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--orders", type=int, default=1000, help="total orders (half buys, half sells)")
    ap.add_argument("--repeat", type=int, default=3, help="best of this many clearing calls")
    ap.add_argument("--check", action="store_true", help="also print the plain uniform-price crossing")
    args = ap.parse_args(argv)
    if not assume_available():
        raise SystemExit("assume-framework is not importable with this interpreter")
    book_arrays = random_book(args.orders)
    _role()  # construct once, outside the timing
    best = math.inf
    result = (math.nan, 0.0)
    for _ in range(args.repeat):
        book = _orderbook(*book_arrays)  # clear() mutates the dicts: fresh book each time, built untimed
        t0 = time.perf_counter()
        result = _clear(book)
        best = min(best, time.perf_counter() - t0)
    print(f"assume_pay_as_clear.orders={args.orders}")
    print(f"assume_pay_as_clear.seconds={best:.6f}")
    print(f"assume_pay_as_clear.price={result[0]:.12g}")
    print(f"assume_pay_as_clear.volume={result[1]:.12g}")
    if args.check:
        vol, mbid, mask = plain_crossing(*book_arrays)
        print(f"plain_crossing.volume={vol:.12g}")
        print(f"plain_crossing.marginal_bid={mbid:.12g}")
        print(f"plain_crossing.marginal_ask={mask:.12g}")


if __name__ == "__main__":
    main()
