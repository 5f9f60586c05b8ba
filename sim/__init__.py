"""The engine: the clock, named random streams, the double-entry ledger, the recorder, the power
balance and transformer heat, household metering, the population arrays and input checks."""
