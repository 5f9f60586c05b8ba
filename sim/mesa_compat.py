"""Import Mesa without letting it change the process-wide multiprocessing start method.

``import mesa`` calls ``multiprocessing.set_start_method("spawn", force=True)`` (in
mesa/batchrunner.py). That silently changes how every later pool or Ray-free subprocess starts in
the user's process, so enernet restores whatever was in force before.
"""
from __future__ import annotations

import logging
import multiprocessing

_before = multiprocessing.get_start_method(allow_none=True)
import mesa  # noqa: E402

if multiprocessing.get_start_method(allow_none=True) != _before:
    multiprocessing.set_start_method(_before, force=True)

# Mesa logs every model step at INFO; under Hydra's INFO root logger that floods the console.
logging.getLogger("MESA").setLevel(logging.WARNING)

__all__ = ["mesa"]
