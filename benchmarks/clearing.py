"""Clearing benchmark: time ``markets.clearing.clear`` against a plain numpy crossing and ASSUME.

What it measures, per book size (1,000, 10,000 and 100,000 orders in total, half buys and half
sells, drawn by ``assume_adapter.random_book`` with seed 0, so every tool clears the same book):

* ``clear`` with each mechanism (pay_as_clear, pay_as_bid, mcafee, huang): best of 5 calls after
  one warm-up, wall time from ``time.perf_counter``; the whole call, validation included;
* the baseline: a vectorised uniform-price crossing in plain numpy (argsort, cumsum, searchsorted,
  no Python loop over orders), timed the same way; its volume is checked against pay_as_clear's;
* ASSUME 0.6.0's ``PayAsClearRole.clear`` via ``benchmarks/assume_adapter.py`` in its own venv
  (a subprocess), at 1,000 and 10,000 orders only: it is ~N^2, so 100,000 would take minutes.

Run from the repository root::

    .venv/bin/python benchmarks/clearing.py
    .venv/bin/python benchmarks/clearing.py --assume-python /path/to/venv/bin/python

Prints one ``name=value`` line per figure; lines after ``clear.pay_as_clear.orders=N`` belong to
book size N. Ratios are time / reference time (below 1 = faster than the reference).

Timing goals live here, not in the tests (tests check results, never speed). Goal (our issue):
100,000 orders cleared in at most 25 ms with pay_as_clear, and every mechanism within 3x of it.
"""
from __future__ import annotations

import argparse
import math
import os
import subprocess
import time

import numpy as np
from assume_adapter import random_book  # same generator as the adapter: numpy only, no ASSUME import

from enernet.markets.clearing import MECHANISMS, clear

HERE = os.path.dirname(os.path.abspath(__file__))
ADAPTER = os.path.join(HERE, "assume_adapter.py")
DEFAULT_ASSUME_PYTHON = "/tmp/assume-venv/bin/python"
INSTALL = "python3 -m venv /tmp/assume-venv && /tmp/assume-venv/bin/pip install assume-framework"
SIZES = (1_000, 10_000, 100_000)
ASSUME_SIZES = (1_000, 10_000)


def best_of(fn, *args, repeat: int = 5):
    """(best wall time in seconds over ``repeat`` calls after one warm-up, last result)."""
    result = fn(*args)
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, result


def numpy_crossing(buy_price, buy_qty, sell_price, sell_qty) -> tuple[float, float]:
    """Uniform-price crossing with numpy sorts and cumulative sums: (volume, marginal ask price).

    Bids descending, asks ascending. For ask k (cumulative supply S_k), the demand still willing to
    pay its price is D_k = total quantity of bids priced >= ask_k; the traded volume is
    max_k min(S_k, D_k) (0 if negative), and the price is the ask of the first k reaching it.
    """
    bo = np.argsort(-buy_price, kind="stable")
    so = np.argsort(sell_price, kind="stable")
    neg_bids = -buy_price[bo]                                   # ascending
    ask = sell_price[so]
    demand = np.concatenate(([0.0], np.cumsum(buy_qty[bo])))     # demand[i] = qty of the i best bids
    supply = np.cumsum(sell_qty[so])
    willing = demand[np.searchsorted(neg_bids, -ask, side="right")]  # bids with price >= ask_k
    matched = np.minimum(supply, willing)
    k = int(np.argmax(matched))
    volume = float(matched[k])
    return (volume, float(ask[k])) if volume > 0 else (0.0, math.nan)


def run_assume(python: str, orders: int) -> dict[str, str]:
    out = subprocess.run([python, ADAPTER, "--orders", str(orders)], capture_output=True, text=True,
                         check=True, cwd=HERE)
    return dict(line.split("=", 1) for line in out.stdout.splitlines() if "=" in line)


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--assume-python", default=DEFAULT_ASSUME_PYTHON,
                    help=f"interpreter with assume-framework installed (default {DEFAULT_ASSUME_PYTHON})")
    args = ap.parse_args(argv)

    print(f"cores={os.cpu_count()}")
    ours: dict[int, tuple[float, float]] = {}  # orders -> (pay_as_clear seconds, volume)
    for n in SIZES:
        book = random_book(n)
        times = {}
        for mechanism in MECHANISMS:
            seconds, result = best_of(clear, *book, mechanism)
            times[mechanism] = seconds
            if mechanism == "pay_as_clear":
                ours[n] = (seconds, result.volume_kwh)
            print(f"clear.{mechanism}.orders={n}")
            print(f"clear.{mechanism}.ms={seconds * 1e3:.3f}")
            print(f"clear.{mechanism}.orders_per_s={n / seconds:.4g}")
        np_seconds, (np_volume, np_price) = best_of(numpy_crossing, *book)
        print(f"numpy_crossing.ms={np_seconds * 1e3:.3f}")
        print(f"numpy_crossing.price={np_price:.12g}")
        print(f"numpy_crossing.volume={np_volume:.12g}")
        for mechanism, seconds in times.items():
            print(f"ratio.{mechanism}_vs_numpy={seconds / np_seconds:.3f}")
            if mechanism != "pay_as_clear":
                print(f"ratio.{mechanism}_vs_pay_as_clear={seconds / times['pay_as_clear']:.3f}")
        print(f"check.volume_matches={math.isclose(np_volume, ours[n][1], rel_tol=1e-9)}")

    if not os.path.exists(args.assume_python):
        print("assume.available=False")
        print(f"assume.install={INSTALL}")
        return
    print("assume.available=True")
    for n in ASSUME_SIZES:
        figures = run_assume(args.assume_python, n)
        for name, value in figures.items():
            print(f"assume.{name}={value}")
        seconds, volume = ours[n]
        print(f"ratio.assume_vs_pay_as_clear.orders_{n}={float(figures['assume_pay_as_clear.seconds']) / seconds:.1f}")
        assume_volume = float(figures["assume_pay_as_clear.volume"])
        print(f"check.assume_volume_matches.orders_{n}={math.isclose(assume_volume, volume, rel_tol=1e-9)}")


if __name__ == "__main__":
    main()
