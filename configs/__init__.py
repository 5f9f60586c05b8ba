"""Configuration and the names every layer shares: the Hydra config tree shipped with the package
(config.yaml and its groups), the typed schema with each field's contract (``schema*``,
``contracts``), the registries' names (``names``), constants of time (``constants``), what a name's
ending says about its unit (``nomenclature``), and the resolver the price sets use to derive one
price from others (importing this package registers it)."""
from pathlib import Path

from omegaconf import OmegaConf

CONFIG_DIR = Path(__file__).resolve().parent
# The config groups (a folder of options each: scenario=tiny selects configs/scenario/tiny.yaml).
GROUPS = tuple(sorted(p.name for p in CONFIG_DIR.iterdir() if p.is_dir() and any(p.glob("*.yaml"))))


def supply_gap_per_kwh(price: float, cross_subsidy: float, wholesale: float) -> float:
    """The network fee a price set implies: residential price + cross-subsidy - wholesale energy
    [currency/kWh] (the cost of supply beyond energy that price and subsidy together cover)."""
    fee = round(float(price) + float(cross_subsidy) - float(wholesale), 6)
    if not fee >= 0:  # NaN too
        raise ValueError(f"the price set's residential_flat_per_kwh ({price}) + cross_subsidy_per_kwh ({cross_subsidy}) "
                         f"- wholesale_per_kwh ({wholesale}) gives a network fee of {fee}: it must be >= 0")
    return fee


if not OmegaConf.has_resolver("supply_gap"):
    OmegaConf.register_new_resolver("supply_gap", supply_gap_per_kwh)
