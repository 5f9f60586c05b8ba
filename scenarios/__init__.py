"""Scenario builder: config -> population arrays, network, profiles and weather."""
