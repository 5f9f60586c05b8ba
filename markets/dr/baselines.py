"""Customer baseline load (CBL): what a customer would have drawn during a demand-response event.

A demand-response reduction is measured as baseline minus metered load, so the baseline decides
what a customer is paid for. Each method here builds the baseline of the event slots from the
customer's own metered load on eligible prior days, then scales it by a capped day-of adjustment
computed from the event day's load before the event starts. Methods are chosen by name from
``BASELINES``; ``baseline(name, **kwargs)`` refuses an unknown name with the valid ones listed.

Both methods take the same arguments:

- ``history_kw`` [kW], shape [days, slots_per_day, customers]: load on the ELIGIBLE prior days only
  (the caller has removed event days, weekends/holidays and days before the start), most recent
  first. Fewer days than the method asks for are used as they are; zero days is an error.
- ``event_day_kw`` [kW], shape [slots_per_day, customers]: the event day's load. Only the slots
  of the adjustment window, which ends before the event starts, are read.
- ``event_slots``: 1-D contiguous int slot indices of the event within the day.
- ``interval_min`` [min]: minutes per slot; hour-based rules are converted to whole slots.

and return the baseline [kW] of the event slots, shape [len(event_slots), customers].

Everything is vectorised over the customer axis; the adjustment is computed per customer, and a
customer whose baseline over the adjustment window is 0 kW is not adjusted.

``baseline_error_pct`` scores a baseline against what was actually drawn, e.g. on non-event days
where the true baseline is the metered load: a positive bias there pays customers for reductions
they did not make (free riding).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from enernet.configs.constants import MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.names import BASELINES as BASELINE_NAMES
from enernet.configs.names import registry

ADJUSTMENT_KINDS = ("multiplicative", "additive")


# --------------------------------------------------------------------------------------------
# Input checks and window arithmetic
# --------------------------------------------------------------------------------------------

def _hours_to_slots(hours: float, interval_min: int, name: str) -> int:
    """Whole number of slots in ``hours`` [h]; refuses a rule that does not fall on slot edges."""
    slots = hours * MINUTES_PER_HOUR / interval_min
    if slots < 0 or not float(slots).is_integer():
        raise ValueError(
            f"{name} = {hours} h is not allowed with interval_min = {interval_min}: it must be a "
            f"non-negative whole number of {interval_min}-minute slots"
        )
    return int(slots)


def _check_inputs(history_kw, event_day_kw, event_slots, interval_min, adjustment_cap):
    """Validate the shared arguments; returns them as float/int numpy arrays."""
    history = np.asarray(history_kw, dtype=float)
    event_day = np.asarray(event_day_kw, dtype=float)
    slots = np.asarray(event_slots)
    if history.ndim != 3:
        raise ValueError(
            f"history_kw has shape {history.shape}: it must be 3-D [days, slots_per_day, customers]"
        )
    if history.shape[0] == 0:
        raise ValueError(
            "history_kw has 0 days: a baseline needs at least 1 eligible prior day of metered load"
        )
    _, slots_per_day, n_customers = history.shape
    if event_day.shape != (slots_per_day, n_customers):
        raise ValueError(
            f"event_day_kw has shape {event_day.shape}: it must be [slots_per_day, customers] = "
            f"{(slots_per_day, n_customers)} to match history_kw"
        )
    if not (isinstance(interval_min, (int, np.integer)) and interval_min > 0
            and slots_per_day * interval_min == MINUTES_PER_DAY):
        raise ValueError(
            f"interval_min = {interval_min!r} is not allowed: it must be a positive whole number of "
            f"minutes with slots_per_day * interval_min = {MINUTES_PER_DAY} "
            f"(history_kw has {slots_per_day} slots per day)"
        )
    if slots.ndim != 1 or slots.size == 0 or not np.issubdtype(slots.dtype, np.integer):
        raise ValueError(
            f"event_slots = {event_slots!r} is not allowed: it must be a non-empty 1-D array of int "
            "slot indices"
        )
    if slots[0] < 0 or slots[-1] >= slots_per_day or np.any(np.diff(slots) != 1):
        raise ValueError(
            f"event_slots = {slots.tolist()} is not allowed: it must be contiguous, increasing by 1, "
            f"within 0..{slots_per_day - 1}"
        )
    if not adjustment_cap >= 0:
        raise ValueError(
            f"adjustment_cap = {adjustment_cap!r} is not allowed: it must be >= 0 "
            "(a fraction, 0.2 = +/-20%)"
        )
    return history, event_day, slots


def _adjustment_window(event_start: int, lead_hours: float, length_hours: float,
                       interval_min: int) -> np.ndarray:
    """Slots of the window starting ``lead_hours`` before the event and ``length_hours`` long.

    The window [start - lead, start - lead + length) ends at or before the event start. A part
    falling before midnight is dropped; an empty window means no adjustment.
    """
    lead = _hours_to_slots(lead_hours, interval_min, "adjustment_lead_hours")
    length = _hours_to_slots(length_hours, interval_min, "adjustment_length_hours")
    if length == 0 or length > lead:
        raise ValueError(
            f"adjustment_length_hours = {length_hours} is not allowed with adjustment_lead_hours = "
            f"{lead_hours}: it must be > 0 and <= the lead so the window ends before the event"
        )
    first = event_start - lead
    return np.arange(max(first, 0), max(first + length, 0))


# --------------------------------------------------------------------------------------------
# Day-of adjustment
# --------------------------------------------------------------------------------------------

def _adjust(event_baseline_kw: np.ndarray, basis_kw: np.ndarray, event_day_kw: np.ndarray,
            window: np.ndarray, cap: float, kind: str = "multiplicative") -> np.ndarray:
    """Apply the capped day-of adjustment to the unadjusted event baseline, per customer.

    Parameters
    ----------
    event_baseline_kw : [event slots, customers] [kW], the unadjusted baseline of the event.
    basis_kw : [slots_per_day, customers] [kW], the unadjusted baseline of the whole day.
    event_day_kw : [slots_per_day, customers] [kW], the event day's metered load.
    window : int slots of the adjustment window (before the event start).
    cap : largest adjustment as a fraction of the baseline [-] (0.2 = +/-20%).
    kind : ``"multiplicative"`` scales by actual/baseline over the window, clipped to
        [1 - cap, 1 + cap]; ``"additive"`` shifts by actual - baseline [kW] over the window,
        clipped to +/- cap * baseline.

    Returns
    -------
    [event slots, customers] [kW]. Customers whose window baseline is 0 kW, and every customer
    when the window is empty, are returned unadjusted.
    """
    if window.size == 0:
        return event_baseline_kw
    actual_kw = event_day_kw[window].mean(axis=0)
    expected_kw = basis_kw[window].mean(axis=0)
    if kind == "additive":
        limit_kw = cap * np.abs(expected_kw)
        return event_baseline_kw + np.clip(actual_kw - expected_kw, -limit_kw, limit_kw)
    ratio = np.divide(actual_kw, expected_kw, out=np.ones_like(actual_kw), where=expected_kw != 0)
    return event_baseline_kw * np.clip(ratio, 1.0 - cap, 1.0 + cap)


# --------------------------------------------------------------------------------------------
# Methods
# --------------------------------------------------------------------------------------------

def caiso_10in10(history_kw, event_day_kw, event_slots, interval_min, adjustment_cap=0.2, *,
                 n_days=10, adjustment_lead_hours=4, adjustment_length_hours=3) -> np.ndarray:
    """CAISO "10 in 10" baseline with a capped multiplicative load point adjustment.

    1. Take the ``n_days`` (10) most recent eligible days (fewer if that is all there is).
    2. Unadjusted baseline of every slot = mean over those days of the load in that slot [kW].
    3. Load point (day-of) adjustment ratio, per customer = mean event-day load over the
       adjustment window / mean unadjusted baseline over the same slots; clipped to
       [1 - adjustment_cap, 1 + adjustment_cap] (+/-20%); 1 where the window baseline is 0 kW.
    4. Baseline of the event slots = unadjusted baseline x ratio.

    Window: by default the first three of the four hours before the event, i.e. the three hours
    before the event EXCLUDING the hour immediately before it (slots [start - 4 h, start - 1 h)),
    so load a customer starts shedding on notice just before the event does not lower its own
    baseline. The search tool could not confirm this detail from CAISO's own text (the tariff
    definition of the load point adjustment was not retrievable, and some implementations use
    the 3 hours immediately before), so it is chosen as the most common published form, not a
    confirmed reading; ``adjustment_lead_hours=3`` gives the three hours immediately before.

    Sources: CAISO, "Baseline Accuracy Work Group Proposal" (draft, 4 April 2017): proxy demand
    resources (PDR) and reliability demand response resources (RDRR) "use a 10 of 10 baseline
    with a 20% same day adjustment" (https://financedocbox.com/Insurance/76514046-Draft-california-
    iso-baseline-accuracy-work-group-proposal.html); J. Bode and A. Ciccone (Nexant), "California
    ISO Baseline Accuracy Assessment", 20 November 2017 (adjustment ratio calculation, day-matching
    process; http://financedocbox.com/Insurance/88763312-California-iso-baseline-accuracy-
    assessment-principal-authors-november-20-josh-bode-adriana-ciccone.html); AEMO's Wholesale
    Demand Response "Baseline Methodology Register", whose methods "are based on the CAISO
    '10 of 10' framework" (https://aemo.com.au/initiatives/trials-and-initiatives/wholesale-
    demand-response-mechanism/wdr-participant-toolbox/wdr-baseline-methodology-register).

    Parameters
    ----------
    history_kw : array [days, slots_per_day, customers] [kW], eligible prior days, most recent first.
    event_day_kw : array [slots_per_day, customers] [kW], the event day's load.
    event_slots : 1-D int array, contiguous slot indices of the event.
    interval_min : int [min], minutes per slot.
    adjustment_cap : float [-], largest adjustment as a fraction (0.2 = +/-20%).
    n_days : int, how many of the most recent eligible days to average (10).
    adjustment_lead_hours : float [h], how long before the event start the window begins (4).
    adjustment_length_hours : float [h], how long the window is (3).

    Returns
    -------
    np.ndarray [len(event_slots), customers] [kW], the adjusted baseline.
    """
    history, event_day, slots = _check_inputs(history_kw, event_day_kw, event_slots, interval_min,
                                              adjustment_cap)
    _check_day_count(n_days, "n_days")
    basis_kw = history[:n_days].mean(axis=0)
    window = _adjustment_window(int(slots[0]), adjustment_lead_hours, adjustment_length_hours,
                                interval_min)
    return _adjust(basis_kw[slots], basis_kw, event_day, window, adjustment_cap)


def nyiso_high5of10(history_kw, event_day_kw, event_slots, interval_min, adjustment_cap=0.2, *,
                    n_days=10, n_high=5, low_usage_fraction=0.25, adjustment_lead_hours=4,
                    adjustment_length_hours=2, adjustment_kind="multiplicative") -> np.ndarray:
    """NYISO weekday CBL, "high 5 of 10", with a capped in-day (weather-sensitive) adjustment.

    1. CBL window: the ``n_days`` (10) most recent eligible weekdays (fewer if that is all there is).
    2. Event-period usage of each day = its mean load over the event slots [kW].
    3. Low-usage days: a day whose event-period usage is below ``low_usage_fraction`` (25%) of the
       window's average event-period usage is dropped (skipped for a customer whose average is
       <= 0 kW, e.g. a net exporter; set ``low_usage_fraction=0`` to disable).
    4. CBL basis: the ``n_high`` (5) remaining days with the highest event-period usage (all the
       remaining ones if fewer); ties go to the more recent day.
    5. Unadjusted CBL of every slot = mean over the basis days of the load in that slot [kW].
    6. In-day adjustment over the two hours starting four hours before the event (slots
       [start - 4 h, start - 2 h)), per customer: multiplicative ratio of mean event-day load to
       mean unadjusted CBL there, clipped to [1 - adjustment_cap, 1 + adjustment_cap] (+/-20%);
       1 where the window CBL is 0 kW. ``adjustment_kind="additive"`` instead adds the difference
       [kW], clipped to +/- adjustment_cap x the window CBL.

    Which days and hours: the CBL window, high-5-of-10 selection, the 2-hour adjustment period
    starting 4 hours before the event and the +/-20% cap follow the NYISO Emergency Demand Response
    Program (EDRP) Manual and ICAP Manual (Special Case Resources) "Customer Baseline Load"
    sections as commonly published. The search tool found the EDRP Manual
    (https://docplayer.net/amp/17951668-emergency-demand-response-program-manual.html) and
    Con Edison's CBL Verification Methodology derived from it (https://healthdocbox.com/amp/
    76845590-Pediatrics/Consolidated-edison-company-of-new-york-inc-4-irving-place-new-york-ny-
    10003.html: "On an hour by hour basis, the Actual load is subtracted from the Adjusted CBL")
    but could not return their body text, so the low-usage step (25%) and the multiplicative
    form of the adjustment are the most common published form rather than a confirmed reading;
    each is a parameter. PG&E's weekday "high 5 of 10" (https://powersaver.pge.com/faq/) selects
    the same way.

    Parameters
    ----------
    history_kw : array [days, slots_per_day, customers] [kW], eligible prior days, most recent first.
    event_day_kw : array [slots_per_day, customers] [kW], the event day's load.
    event_slots : 1-D int array, contiguous slot indices of the event.
    interval_min : int [min], minutes per slot.
    adjustment_cap : float [-], largest adjustment as a fraction (0.2 = +/-20%).
    n_days : int, size of the CBL window in days (10).
    n_high : int, how many highest-usage days form the CBL basis (5).
    low_usage_fraction : float [-], days below this fraction of the average event-period usage
        are dropped (0.25; 0 disables).
    adjustment_lead_hours : float [h], how long before the event start the window begins (4).
    adjustment_length_hours : float [h], how long the window is (2).
    adjustment_kind : ``"multiplicative"`` or ``"additive"``.

    Returns
    -------
    np.ndarray [len(event_slots), customers] [kW], the adjusted CBL.
    """
    history, event_day, slots = _check_inputs(history_kw, event_day_kw, event_slots, interval_min,
                                              adjustment_cap)
    _check_day_count(n_days, "n_days")
    _check_day_count(n_high, "n_high")
    if not 0 <= low_usage_fraction <= 1:
        raise ValueError(
            f"low_usage_fraction = {low_usage_fraction!r} is not allowed: it must be in [0, 1]"
        )
    if adjustment_kind not in ADJUSTMENT_KINDS:
        raise ValueError(
            f"adjustment_kind = {adjustment_kind!r} is not allowed: choose one of "
            f"{', '.join(ADJUSTMENT_KINDS)}"
        )
    window_days = history[:n_days]
    chosen = _high_days(window_days[:, slots, :].mean(axis=1), n_high, low_usage_fraction)
    basis_kw = (window_days * chosen[:, None, :]).sum(axis=0) / chosen.sum(axis=0)
    window = _adjustment_window(int(slots[0]), adjustment_lead_hours, adjustment_length_hours,
                                interval_min)
    return _adjust(basis_kw[slots], basis_kw, event_day, window, adjustment_cap, adjustment_kind)


def _check_day_count(value, name: str) -> None:
    if not (isinstance(value, (int, np.integer)) and value >= 1):
        raise ValueError(f"{name} = {value!r} is not allowed: it must be a whole number >= 1")


def _high_days(usage_kw: np.ndarray, n_high: int, low_usage_fraction: float) -> np.ndarray:
    """Mask [days, customers] of each customer's ``n_high`` highest-usage days, low days dropped.

    ``usage_kw`` [days, customers] is each day's mean event-period load [kW], most recent day
    first; ties are broken in favour of the more recent day (stable sort).
    """
    average_kw = usage_kw.mean(axis=0)
    eligible = (usage_kw >= low_usage_fraction * average_kw) | (average_kw <= 0)
    ranked = np.argsort(np.where(eligible, -usage_kw, np.inf), axis=0, kind="stable")
    chosen = np.zeros(usage_kw.shape, dtype=bool)
    np.put_along_axis(chosen, ranked[:n_high], True, axis=0)
    return chosen & eligible


# --------------------------------------------------------------------------------------------
# Registry and scoring
# --------------------------------------------------------------------------------------------

BASELINES: dict[str, Callable[..., np.ndarray]] = registry(BASELINE_NAMES, {
    "caiso_10in10": caiso_10in10,
    "nyiso_high5of10": nyiso_high5of10,
})


def baseline(name: str, **kwargs) -> np.ndarray:
    """Baseline [kW] of the event slots by the method called ``name``; ``kwargs`` go to the method."""
    try:
        method = BASELINES[name]
    except KeyError:
        raise ValueError(
            f"baseline name = {name!r} is not allowed: choose one of {', '.join(sorted(BASELINES))}"
        ) from None
    return method(**kwargs)


def baseline_error_pct(baseline_kwh, actual_kwh) -> tuple[float, float]:
    """Bias and mean absolute error of a baseline against actual load, over all customers [%].

    bias = 100 * (sum(baseline) - sum(actual)) / sum(actual);
    MAE% = 100 * sum(|baseline - actual|) / sum(actual).

    A positive bias on non-event days means customers would be paid for reductions they did not
    make (free riding).

    Parameters
    ----------
    baseline_kwh : array [kWh], baseline energy, any shape (e.g. [slots, customers]).
    actual_kwh : array [kWh], metered energy, the same shape.

    Returns
    -------
    (bias_pct, mae_pct) : tuple of float [%].
    """
    base = np.asarray(baseline_kwh, dtype=float)
    actual = np.asarray(actual_kwh, dtype=float)
    if base.shape != actual.shape:
        raise ValueError(
            f"baseline_kwh has shape {base.shape} and actual_kwh {actual.shape}: they must match"
        )
    total_kwh = actual.sum()
    if not total_kwh > 0:
        raise ValueError(
            f"actual_kwh sums to {total_kwh} kWh: it must be > 0 to express errors as a percentage"
        )
    bias_pct = 100.0 * (base.sum() - total_kwh) / total_kwh
    mae_pct = 100.0 * np.abs(base - actual).sum() / total_kwh
    return float(bias_pct), float(mae_pct)
