"""The world a config describes: population, network, load profiles, weather and PV."""
