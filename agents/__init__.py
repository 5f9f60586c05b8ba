"""Mesa agents: thin objects that know their row in the population arrays and decide at events."""
from agents.ev_owner import EVOwner
from agents.grid_operator import GridOperator
from agents.household import DGOwner, Household
from agents.retailer import Retailer

__all__ = ["DGOwner", "EVOwner", "GridOperator", "Household", "Retailer"]
