"""The Mesa model on one SimPy clock: its processes, the interval pipeline, the day-batched path,
the counterfactual twins and the KPIs."""
