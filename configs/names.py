"""The names a config may choose from, each registry's keys declared once.

The implementations (``markets.clearing``, ``markets.tariffs``, ``markets.dr.baselines``,
``markets.bidding``, ``scenarios.world.*``) build their registries keyed by these names with
:func:`registry`, which refuses a registry whose keys differ, so a name cannot be added in one place
and forgotten in another.
"""
from __future__ import annotations

MARKET_MECHANISMS = ("pay_as_clear", "pay_as_bid", "mcafee", "huang")  # market.mechanism may also be "none"
TARIFF_KINDS = ("flat", "tou", "cpp", "rtp")
BASELINES = ("caiso_10in10", "nyiso_high5of10")
STRATEGIES = ("truthful", "adaptive")
DR_PROGRAMMES = ("none", "transformer_relief")
EV_POLICIES = ("uncontrolled", "tou_delay", "smart", "v2g")
PV_MOUNTINGS = ("open_rack", "close_mount", "insulated_back")
PV_TRANSPOSITIONS = ("perez", "haydavies", "isotropic")
TRANSFORMER_LOSS_STANDARDS = ("eu_ecodesign_tier2", "percent")
LOAD_PROFILES = ("bdew_h25",)
WEATHER_SITES = ("greensboro_nc", "sand_point_ak")
BILLING_CYCLES = ("monthly", "weekly")
# The kinds of row in events.parquet.
EVENT_KINDS = ("transformer_overload", "dr_day_ahead", "dr_emergency", "cpp_day")
OVERLOAD_EVENT, DR_DAY_AHEAD_EVENT, DR_EMERGENCY_EVENT, CPP_DAY_EVENT = EVENT_KINDS


def registry(names: tuple[str, ...], entries: dict) -> dict:
    """``entries`` as a registry for ``names``: refused unless its keys are exactly those names."""
    if set(entries) != set(names):
        raise RuntimeError(f"registry keys {sorted(entries)} differ from the declared names {sorted(names)}")
    return {name: entries[name] for name in names}
