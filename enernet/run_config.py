"""What a run is, in words: the overrides that make it from the defaults, a title, readable numbers.

A run directory keeps its whole resolved config (``manifest.json``). Two runs of the same scenario
differ in a handful of keys among some 250; :func:`overrides` recovers that handful: the config
groups chosen (``tariff=tou``) and then the keys that differ from what those groups compose
(``scenario.households=200``), leaving out keys that never change results (``run.progress``) and
the names and descriptions the group files set. Reports and ``enernet compare`` title runs by them.
"""
from __future__ import annotations

import functools
import json
import math

from omegaconf import OmegaConf

from enernet.kpi_format import readable  # noqa: F401  (kept importable from here for callers)

# The key that names a config group's option in the composed config (the option files set it).
GROUP_NAME_KEYS = {"scenario": "scenario.name", "tariff": "tariff.name", "market": "market.mechanism",
                   "strategy": "strategy.name", "dr": "dr.programme", "site": "site.name", "prices": "prices.name",
                   "ownership": "ownership.name"}
# The site before the price and ownership sets: it chooses them (configs/site/*.yaml).
GROUP_ORDER = ("scenario", "site", "tariff", "market", "strategy", "dr", "prices", "ownership")


def flatten(config: dict, prefix: str = "") -> dict[str, object]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}``; lists stay values (compared and shown whole)."""
    out: dict[str, object] = {}
    for key, value in config.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


@functools.lru_cache(maxsize=64)
def _composed(choices: tuple[str, ...]) -> dict[str, object]:
    from enernet.runner import compose_config

    return flatten(OmegaConf.to_container(compose_config(list(choices)), resolve=True))


def _hidden_keys() -> set[str]:
    from enernet.configs.contracts import internal_keys
    from enernet.configs.schema import Config, display_only_keys

    # display-only flags, and the names and descriptions the option files set (they follow the
    # group choice) or keys derived from others: never shown as overrides
    return set(display_only_keys()) | set(internal_keys(Config))


def _option_exists(group: str, option) -> bool:
    from enernet.configs import CONFIG_DIR

    return isinstance(option, str) and (CONFIG_DIR / group / f"{option}.yaml").is_file()


def overrides(config: dict) -> list[str]:
    """The ``group=option`` and ``key=value`` overrides that compose ``config`` (a resolved config
    dict, as ``manifest.json`` holds it) from the defaults: group choices first, then keys."""
    flat = flatten(config)
    chosen: list[str] = []
    scenario = flat.get(GROUP_NAME_KEYS["scenario"])
    if _option_exists("scenario", scenario) and scenario != _composed(())[GROUP_NAME_KEYS["scenario"]]:
        chosen.append(f"scenario={scenario}")
    base = _composed(tuple(chosen))  # a scenario may choose other groups' options itself
    for group in GROUP_ORDER[1:]:
        option = flat.get(GROUP_NAME_KEYS[group])
        if _option_exists(group, option) and option != base.get(GROUP_NAME_KEYS[group]):
            chosen.append(f"{group}={option}")
            if group == "site":  # a site chooses its price and ownership sets
                base = _composed(tuple(chosen))
    base = _composed(tuple(chosen))
    hidden = _hidden_keys()
    keys = [f"{key}={_show(value)}" for key, value in flat.items()
            if key not in hidden and (key not in base or not _same(base[key], value))]
    return chosen + keys


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=0.0)
        except (TypeError, ValueError):
            return False
    return a == b


def _show(value) -> str:
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"))
    return str(value).lower() if isinstance(value, bool) else str(value)


def run_title(manifest: dict, limit: int = 6) -> str:
    """``old_town · tariff=tou · dr=transformer_relief (seed 0)``: the scenario and what differs
    from its defaults (the first ``limit`` overrides; the rest counted)."""
    config = manifest.get("config") or {}
    scenario = manifest.get("scenario") or flatten(config).get("scenario.name", "run")
    shown = [o for o in overrides(config) if not o.startswith(("scenario=", "seed="))] if config else []
    extra = f" · +{len(shown) - limit} more" if len(shown) > limit else ""
    parts = " · ".join([str(scenario), *shown[:limit]])
    return f"{parts}{extra} (seed {manifest.get('seed', flatten(config).get('seed', '?'))})"
