"""Assembly: a world (``world/``) and its Mesa model (``model/``) from a validated config."""
