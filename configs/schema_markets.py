"""The markets' config sections: the retail tariff, the green market, bidding strategies, the DR
programme and billing. Each field declares its contract (``configs.contracts``)."""
from __future__ import annotations

from dataclasses import dataclass

from omegaconf import MISSING

from enernet.configs.constants import HOURS_PER_DAY, MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.contracts import check_fields, declare
from enernet.configs.names import BASELINES, BILLING_CYCLES, DR_PROGRAMMES, MARKET_MECHANISMS, STRATEGIES, TARIFF_KINDS


@dataclass
class TouPeriod:
    """One priced window of a time-of-use tariff, in local clock hours [start_h, end_h)."""

    name: str = declare(MISSING, "the period's name")
    start_h: float = declare(MISSING, "start hour", "h", ge=0, lt=HOURS_PER_DAY)
    end_h: float = declare(MISSING, "end hour (a window may wrap midnight)", "h", gt=0, le=HOURS_PER_DAY)
    price_per_kwh: float = declare(MISSING, "price in the window", "currency/kWh", ge=0, le=100)


@dataclass
class TariffConfig:
    """A retail tariff (``tariff=`` group); ``kind`` chooses the price rule (``markets.tariffs``)."""

    name: str = declare(MISSING, "the tariff's name", internal=True)
    kind: str = declare(MISSING, "price rule", choices=TARIFF_KINDS)
    energy_price_per_kwh: float = declare(MISSING, "price outside every listed period", "currency/kWh", ge=0, le=100)
    feed_in_price_per_kwh: float = declare(MISSING, "credit for exported energy", "currency/kWh", ge=0, le=100)
    periods: list[TouPeriod] = declare([], "time-of-use windows (tou, cpp)")
    source: str = declare("", "where the tariff comes from", internal=True)
    peak_ratio: float = declare(5.0, "cpp: the critical window's price over the off-peak price (above 1: a "
                                "critical peak is dearer)", "-", gt=1, le=50)
    cpp_start_h: float = declare(17.0, "cpp: critical window start", "h", ge=0, lt=HOURS_PER_DAY)
    cpp_end_h: float = declare(21.0, "cpp: critical window end", "h", gt=0, le=HOURS_PER_DAY)
    cpp_balance_temperature_c: float = declare(18.0, "cpp: degree-day base temperature of the day-ahead rule",
                                               "degC", ge=-30, le=40)
    max_cpp_days_per_season: int = declare(4, "cpp: critical-peak days a calendar quarter at most (16 in a "
                                           "typical year; California's SPP called 12-15)", "days", ge=0, le=92)
    cpp_days: list[int] = declare([], "cpp: explicit critical-peak days (0 = first recorded day); override the rule",
                                  "days", ge=0, le=3660)
    rtp_adder_per_kwh: float = declare(0.1227, "rtp: added to the interval's market (or wholesale) price",
                                       "currency/kWh", ge=-100, le=100)
    price_response: bool = declare(True, "customers respond to critical-peak prices (false: they see them but do "
                                   "not respond)")
    elasticity_of_substitution: float = declare(-0.097, "PRISM elasticity of substitution (California SPP)", "-",
                                                ge=-2, le=0)
    daily_price_elasticity: float = declare(-0.016, "PRISM daily price elasticity (California SPP)", "-",
                                            ge=-2, le=0)


def tariff_rules(t, days: int, interval_min: int, problems: list[str]) -> None:
    """Rules across the tariff's fields (and each time-of-use period's contracts)."""
    for i, p in enumerate(t.periods):
        before = len(problems)
        check_fields(p, TouPeriod, f"tariff.periods[{i}].", problems)
        if len(problems) > before:
            continue  # a value missing or out of range: the window's rule cannot be read yet
        if p.start_h == p.end_h:
            problems.append(f"tariff.periods[{i}] ({p.name}) starts and ends at {p.start_h} h: a window needs a "
                            "length (it may wrap midnight)")
    if t.kind == "tou" and not len(t.periods):
        problems.append("tariff.periods = [] is not allowed for tariff.kind = 'tou': give at least one priced window")
    if t.kind == "flat" and len(t.periods):
        problems.append("tariff.periods is not allowed for tariff.kind = 'flat': a flat tariff has no periods")
    if t.kind == "cpp":
        if not t.cpp_start_h < t.cpp_end_h:
            problems.append(f"tariff.cpp_start_h = {t.cpp_start_h} and tariff.cpp_end_h = {t.cpp_end_h} are not allowed: "
                            "need start < end")
        else:
            _cpp_window_rules(t, interval_min, problems)
        if not t.energy_price_per_kwh > 0:
            # the critical price is peak_ratio x the off-peak price: a free off-peak gives a free peak,
            # and customers' response (PRISM) compares the two prices' logarithms
            problems.append(f"tariff.energy_price_per_kwh = {t.energy_price_per_kwh} is not allowed for "
                            "tariff.kind = 'cpp': the critical price is a multiple of it, so it must be > 0")
        bad = [d for d in t.cpp_days if not 0 <= d < days]
        if bad:
            problems.append(f"tariff.cpp_days = {list(t.cpp_days)} is not allowed: days must be in [0, {days})")


def _cpp_window_rules(t, interval_min: int, problems: list[str]) -> None:
    """The critical window must hold at least one interval's start and leave at least one outside:
    customers move use from the window to the rest of the day (PRISM needs both shares > 0)."""
    starts_h = [m / MINUTES_PER_HOUR for m in range(0, MINUTES_PER_DAY, interval_min)]
    inside = sum(t.cpp_start_h <= h < t.cpp_end_h for h in starts_h)
    where = (f"tariff.cpp_start_h = {t.cpp_start_h} and tariff.cpp_end_h = {t.cpp_end_h} with "
             f"scenario.interval_min = {interval_min}")
    if inside == 0:
        problems.append(f"{where} are not allowed: no interval starts inside the critical window; widen the "
                        "window or shorten the interval")
    elif inside == len(starts_h):
        problems.append(f"{where} are not allowed: the critical window covers the whole day, leaving no "
                        "off-peak hours to move use to; shorten the window or the interval")


@dataclass
class MarketConfig:
    """The regional green-electricity market, cleared every interval (``market=`` group)."""

    mechanism: str = declare("pay_as_clear", "clearing mechanism, or none (no market)",
                             choices=(*MARKET_MECHANISMS, "none"))
    mcafee_unit_kwh: float = declare(1.0, "McAfee's trade unit: its trade reduction drops one unit per side",
                                     "kWh", gt=0, le=1000)
    green_plan_share: float = declare(0.2, "share of households on a green plan (they bid for local PV)",
                                      "fraction", ge=0, le=1)
    green_premium_per_kwh: float = declare(0.05, "green-plan households' value above their tariff price",
                                           "currency/kWh", ge=0, le=100)
    retailer_green_share: float = declare(0.1, "share of other households' use sold as the retailer's green product",
                                          "fraction", ge=0, le=1)
    retailer_bid_per_kwh: float = declare(0.45, "most the retailer pays for a local green kWh", "currency/kWh",
                                          ge=0, le=100)
    battery_offers: bool = declare(True, "battery owners offer stored energy at their own retail price")
    local_network_fee_per_kwh: float = declare(0.08, "paid by household buyers to the operator per traded kWh",
                                               "currency/kWh", ge=0, le=100)
    transformer_constraint: bool = declare(False, "limit market flows through transformers forecast to overload")
    constraint_threshold_pu: float = declare(0.9, "forecast loading above which the limit applies", "pu",
                                             gt=0, le=5)


def market_rules(mk, problems: list[str]) -> None:
    if mk.transformer_constraint and mk.mechanism != "pay_as_clear":
        problems.append(f"market.transformer_constraint = true is not allowed with market.mechanism = "
                        f"{mk.mechanism!r}: zonal prices under congestion need market.mechanism = pay_as_clear")


@dataclass
class StrategyConfig:
    """How agents price their orders (``strategy=`` group): truthful, or adaptive shading."""

    name: str = declare("truthful", "bidding strategy", choices=STRATEGIES)
    learning_rate: float = declare(0.1, "adaptive: share of the gap to the target margin closed per clearing",
                                   "fraction", ge=0, le=1)
    initial_margin: float = declare(0.05, "adaptive: starting shade of value or cost", "fraction", ge=0, le=1)
    max_margin: float = declare(0.5, "adaptive: largest shade", "fraction", gt=0, le=1)


def strategy_rules(st, problems: list[str]) -> None:
    if st.initial_margin > st.max_margin:
        problems.append(f"strategy.initial_margin = {st.initial_margin} is not allowed: at most strategy.max_margin "
                        f"({st.max_margin})")


@dataclass
class DRConfig:
    """The operator's demand-response programme (``dr=`` group)."""

    programme: str = declare("none", "the programme", choices=DR_PROGRAMMES)
    trigger_pu: float = declare(0.9, "forecast loading that calls a day-ahead event", "pu", gt=0, le=5)
    planning_hour: float = declare(14.0, "when the operator reviews tomorrow's forecast", "h", ge=0, lt=HOURS_PER_DAY)
    notice_min: int = declare(600, "least notice a day-ahead event gets (shorter than the horizon)", "min", ge=0,
                              le=3660 * MINUTES_PER_DAY)
    min_duration_min: int = declare(60, "shortest event", "min", gt=0, le=MINUTES_PER_DAY)
    max_duration_min: int = declare(240, "longest event", "min", gt=0, le=MINUTES_PER_DAY)
    max_events_per_season: int = declare(15, "events a transformer gets a calendar quarter at most", "events",
                                         ge=0, le=10_000)
    emergency: bool = declare(True, "call a real-time event when a transformer overloads now")
    emergency_duration_min: int = declare(60, "length of an emergency event", "min", ge=0, le=MINUTES_PER_DAY)
    incentive_per_kwh: float = declare(1.0, "paid per kWh of measured reduction", "currency/kWh", ge=0, le=1000)
    baseline: str = declare("caiso_10in10", "customer baseline method", choices=BASELINES)
    baseline_min_days: int = declare(5, "fewer clean history days than this: the most recent event days fill up "
                                     "the baseline", "days", ge=1, le=10)
    enrolment_share: float = declare(0.6, "share of households enrolled", "fraction", ge=0, le=1)
    opt_out_probability: float = declare(0.1, "an enrolled customer sits an event out, before fatigue", "fraction",
                                         ge=0, le=1)
    fatigue_per_event: float = declare(0.15, "participation falls by this share per event in the last fatigue_days",
                                       "fraction", ge=0, le=1)
    fatigue_days: int = declare(7, "how far back events tire customers", "days", ge=0, le=365)
    emergency_response_factor: float = declare(0.6, "participation without notice, relative to day-ahead",
                                               "fraction", ge=0, le=1)
    flexible_share: float = declare(0.2, "share of a responder's base load it cuts during an event", "fraction",
                                    ge=0, le=1)
    rebound_share: float = declare(0.5, "share of the cut energy used after the event", "fraction", ge=0, le=1)
    rebound_min: int = declare(120, "how long the rebound lasts", "min", ge=0, le=MINUTES_PER_DAY)
    battery_discharge: bool = declare(True, "responders' batteries discharge at full power during events")
    baseline_check_start_h: float = declare(17.0, "window of the baseline error on non-event days: start", "h",
                                            ge=0, lt=HOURS_PER_DAY)
    baseline_check_end_h: float = declare(21.0, "window of the baseline error on non-event days: end", "h",
                                          gt=0, le=HOURS_PER_DAY)


def dr_rules(d, s, problems: list[str]) -> None:
    """Rules across the programme's fields and the scenario ``s``."""
    if d.min_duration_min > d.max_duration_min:
        problems.append(f"dr.min_duration_min/max_duration_min = {d.min_duration_min}/{d.max_duration_min} are "
                        "not allowed: need min <= max")
    if d.baseline_check_start_h >= d.baseline_check_end_h:
        problems.append(f"dr.baseline_check_start_h = {d.baseline_check_start_h} and dr.baseline_check_end_h = "
                        f"{d.baseline_check_end_h} are not allowed: need start < end")
    if d.programme != "none":
        if d.notice_min >= s.days * MINUTES_PER_DAY:
            problems.append(f"dr.notice_min = {d.notice_min} is not allowed: must be shorter than the horizon "
                            f"({s.days * MINUTES_PER_DAY} min = scenario.days x {MINUTES_PER_DAY})")
        if MINUTES_PER_HOUR % s.interval_min:
            problems.append(f"scenario.interval_min = {s.interval_min} is not allowed with dr.programme = "
                            f"{d.programme!r}: the baselines' hour-based windows need an interval that divides an "
                            "hour (1, 5, 15, 30, 60 ...)")


@dataclass
class RetailerConfig:
    """The retailer's billing."""

    billing: str = declare("monthly", "billing cycle: calendar months or weeks", choices=BILLING_CYCLES)
