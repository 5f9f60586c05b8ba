"""Demand response: the grid operator's programme (events called, measured and paid), customer
baselines, and how enrolled customers answer a call."""
