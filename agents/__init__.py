"""Behaviour: Mesa agents (thin objects that know their row in the population arrays and decide at
events) and the devices they operate (``devices/``). How they price market orders is a market
rule (``markets.bidding``)."""
from enernet.agents.ev_owner import EVOwner
from enernet.agents.grid_operator import GridOperator
from enernet.agents.household import DGOwner, Household
from enernet.agents.retailer import Retailer

__all__ = ["DGOwner", "EVOwner", "GridOperator", "Household", "Retailer"]
