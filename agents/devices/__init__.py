"""Devices the agents operate: home batteries, the EV fleet with its cars and trips, the taxi
battery-swapping station and the port's shore power (state in arrays, kernels in ``cext``)."""
