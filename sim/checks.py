"""Input checks shared by the kernel facades: dtype, shape, NaN and ranges, with clear messages."""
from __future__ import annotations

import numpy as np


def check_vector(name: str, values, length: int, dtype=np.float64, nonnegative: bool = False,
                 positive: bool = False) -> None:
    """Raise a clear error unless ``values`` is a C-contiguous 1-D ``dtype`` array of ``length`` finite numbers."""
    if not isinstance(values, np.ndarray):
        raise TypeError(f"{name} must be a numpy array of {np.dtype(dtype)}, got {type(values).__name__}")
    if values.dtype != dtype or not values.flags.c_contiguous:
        raise TypeError(f"{name} must be a C-contiguous {np.dtype(dtype)} array, got {values.dtype}"
                        f"{'' if values.flags.c_contiguous else ' (not contiguous)'}")
    if values.shape != (length,):
        raise ValueError(f"{name} has shape {values.shape}: expected ({length},)")
    # These run on every kernel call of every interval: the positions for the message are found only
    # once something is wrong.
    if values.dtype.kind == "f" and not np.isfinite(values).all():
        raise ValueError(f"{name} holds NaN or infinite values at positions "
                         f"{np.flatnonzero(~np.isfinite(values))[:5].tolist()}")
    if nonnegative and values.size and values.min() < 0:
        raise ValueError(f"{name} holds negative values at positions {np.flatnonzero(values < 0)[:5].tolist()}: "
                         "must be >= 0")
    if positive and values.size and values.min() <= 0:
        raise ValueError(f"{name} holds values <= 0 at positions {np.flatnonzero(values <= 0)[:5].tolist()}: "
                         "must be > 0")


def check_index(name: str, values, length: int, upper: int) -> None:
    """Raise unless ``values`` is an int32 array of ``length`` indices in [0, upper)."""
    check_vector(name, values, length, dtype=np.int32)
    if length and (values.min() < 0 or values.max() >= upper):
        raise ValueError(f"{name} holds {values.min()}..{values.max()}: every index must be in [0, {upper})")
