"""The typed configuration: the root schema registered in Hydra's ConfigStore, and validation.

Hydra refuses a wrong type or an unknown key while it composes the config (the schemas are the
primary config). Every field's range, unit and meaning is declared once beside it (the sections in
``schema_world``, ``schema_markets`` and ``schema_devices``; ``contracts.declare``), and
:func:`validate` checks them all, then the rules across fields. It runs before a run directory is
created (``enernet.hydra_callbacks.ValidateBeforeRun``) and again when a model is built from
Python, so a bad value never starts a simulation.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import typing
from dataclasses import dataclass
from typing import Any

from hydra.core.config_store import ConfigStore
from omegaconf import MISSING, DictConfig, OmegaConf

from enernet.configs.contracts import ConfigError, check_fields, declare, not_results, section
from enernet.configs.schema_devices import EVConfig, ev_rules
from enernet.configs.schema_homes import HomesConfig, homes_rules
from enernet.configs.schema_markets import (
    DRConfig,
    MarketConfig,
    RetailerConfig,
    StrategyConfig,
    TariffConfig,
    dr_rules,
    market_rules,
    strategy_rules,
    tariff_rules,
)
from enernet.configs.schema_site import OwnershipConfig, SiteConfig, site_rules
from enernet.configs.schema_world import (
    BatteryConfig,
    GridConfig,
    PriceSetConfig,
    PVConfig,
    ScenarioConfig,
    scenario_rules,
    world_rules,
)

__all__ = ["Config", "ConfigError", "check_override_keys", "display_only_keys", "register_schemas", "unknown_keys",
           "validate"]


@dataclass
class RunConfig:
    """How a run is shown and what it computes besides the simulation."""

    progress: bool = declare(True, "show a progress bar", results=False)
    summary: bool = declare(True, "print the KPI table at the end", results=False)
    overwrite: bool = declare(False, "write into a directory that already holds a run: the old run is removed "
                              "first (false: refused)", results=False)
    max_wall_h: float = declare(4.0, "refuse a run estimated to take longer than this on this machine "
                                "(scenarios.model.sizing)", "h", gt=0, le=8760, results=False)
    counterfactual: bool = declare(True, "with DR or price response: run the counterfactual twins for the "
                                   "'without response' KPIs and the true DR reductions (false: faster, those null)")
    parallel_twins: bool = declare(True, "step the counterfactual twins in a forked second process beside the "
                                   "model on Linux when the run has two cores or more (the same numbers; "
                                   "sweeps keep them in each run's process)", results=False)


@dataclass
class RecordConfig:
    """Which optional tables a run writes (they can be large)."""

    household_intervals: bool = declare(False, "with homes.model=appliances: household_intervals.parquet, each "
                                        "home's load and end uses per interval (n x intervals rows)")


@dataclass
class Config:
    seed: int = declare(0, "the run's one seed (every random stream derives from it)", ge=0, le=2**63 - 1)
    currency: str = declare("CNY", "currency of every price and money column (the site's)", internal=True)
    site: SiteConfig = MISSING
    prices: PriceSetConfig = MISSING
    ownership: OwnershipConfig = MISSING
    scenario: ScenarioConfig = MISSING
    tariff: TariffConfig = MISSING
    market: MarketConfig = section(MarketConfig, "the green market")
    strategy: StrategyConfig = section(StrategyConfig, "bidding")
    dr: DRConfig = section(DRConfig, "demand response")
    ev: EVConfig = section(EVConfig, "electric vehicles")
    pv: PVConfig = section(PVConfig, "rooftop PV")
    battery: BatteryConfig = section(BatteryConfig, "home batteries")
    grid: GridConfig = section(GridConfig, "the network and its prices")
    retailer: RetailerConfig = section(RetailerConfig, "billing")
    homes: HomesConfig = section(HomesConfig, "what a household is made of")
    record: RecordConfig = section(RecordConfig, "optional tables")
    run: RunConfig = section(RunConfig, "the run itself")


def register_schemas() -> None:
    """Register the schema so ``configs/config.yaml`` can name ``enernet_schema`` in its defaults.

    The group files (scenario/, tariff/) merge into the typed fields of :class:`Config`, so they
    are checked against ``ScenarioConfig`` and ``TariffConfig`` without naming a schema themselves.
    """
    ConfigStore.instance().store(name="enernet_schema", node=Config)


def unknown_keys(cfg: DictConfig, schema=Config, prefix: str = "") -> list[str]:
    """Keys of ``cfg`` that the schema does not declare (Hydra's ``+key=value`` can add them)."""
    hints = typing.get_type_hints(schema)
    out = []
    for key in cfg.keys():
        if key == "hydra" and not prefix:
            continue
        if key not in hints:
            out.append(f"{prefix}{key}")
            continue
        node = cfg._get_node(key)  # the node itself: a leaf's interpolation is resolved (and refused) later
        if dataclasses.is_dataclass(hints[key]) and isinstance(node, DictConfig):
            out += unknown_keys(node, hints[key], f"{prefix}{key}.")
    return out


def _known_keys(schema=Config, prefix: str = "") -> list[str]:
    """Every key path the schema declares (sections and their fields)."""
    out = []
    for name, hint in typing.get_type_hints(schema).items():
        out.append(f"{prefix}{name}")
        if dataclasses.is_dataclass(hint):
            out += _known_keys(hint, f"{prefix}{name}.")
        element = typing.get_args(hint)[0] if typing.get_origin(hint) is list else None
        if element is not None and dataclasses.is_dataclass(element):  # tariff.periods.0.start_h
            out += _known_keys(element, f"{prefix}{name}.[].")
    return out


def _unknown_key(key: str, known: list[str]) -> str:
    """The refusal of an undeclared ``key``, with the nearest declared key when one is close."""
    import difflib

    nearest = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f"{key} is not a known key" + (f": did you mean {nearest[0]}?" if nearest else
                                          ": see 'enernet run --help' for every key")


def check_override_keys(overrides: list[str], groups: tuple[str, ...] = ()) -> None:
    """Refuse ``key=value`` overrides whose key the schema does not declare, suggesting the nearest
    known key ("did you mean ...") before Hydra composes anything. ``groups`` are the config groups
    (``scenario=tiny`` selects an option, it is no key); ``+key``, ``~key`` and ``hydra...`` pass."""
    known = _known_keys()
    problems = []
    for override in overrides:
        if "=" not in override or override.startswith(("+", "~", "-", "hydra")):
            continue
        key = override.split("=", 1)[0].strip()
        indexed = re.sub(r"\.\d+(?=\.|$)", ".[]", key)  # a list element's field: tariff.periods.0.start_h
        if key in known or indexed in known or key in groups or key.split("/")[0] == "hydra":
            continue
        problems.append(_unknown_key(key, known))
    if problems:
        raise ConfigError(problems)


@functools.lru_cache(maxsize=1)
def display_only_keys() -> frozenset[str]:
    """Dotted keys of the fields that never change a run's results (``results=False``: the progress
    bar, overwrite, ...): a run's identity, a sweep's directory and its parameters leave them out."""
    return frozenset(not_results(Config))


def validate(cfg: DictConfig | Config | dict[str, Any]) -> None:
    """Check every declared field and every rule across fields of a composed config; raise
    :class:`ConfigError` listing every problem. Runs before anything is written or simulated."""
    c = cfg if isinstance(cfg, DictConfig) else OmegaConf.structured(cfg)
    known = _known_keys()
    problems: list[str] = [_unknown_key(key, known) for key in unknown_keys(c)]
    check_fields(c, Config, "", problems)
    if problems:  # the rules below read the fields: only once each holds a value of its range
        raise ConfigError(problems)
    scenario_rules(c.scenario, problems)
    tariff_rules(c.tariff, c.scenario.days, c.scenario.interval_min, problems)
    market_rules(c.market, problems)
    strategy_rules(c.strategy, problems)
    dr_rules(c.dr, c.scenario, problems)
    ev_rules(c.ev, c.scenario.interval_min, problems)
    world_rules(c, problems)
    homes_rules(c.homes, c.record, problems)
    site_rules(c.site, c.prices, problems)
    if problems:
        raise ConfigError(problems)
