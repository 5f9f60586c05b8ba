"""enernet's Hydra launcher on Ray: ``enernet run -m hydra/launcher=ray ...``."""
