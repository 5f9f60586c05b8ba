"""Hydra config tree shipped with the package (config.yaml and its groups)."""
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent
