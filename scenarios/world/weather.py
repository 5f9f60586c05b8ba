"""Typical-year weather from the TMY files that ship inside the pvlib wheel (usable offline).

Registry ``WEATHER_SITES``: name -> TMY3 file in ``pvlib/data``. Values are hourly; TMY3 labels
each hour by its end, so an hour's value describes the 60 minutes before its label.
"""
from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from enernet.configs.constants import HOURS_PER_DAY, HOURS_PER_TYPICAL_YEAR, MINUTES_PER_DAY, MINUTES_PER_HOUR
from enernet.configs.names import WEATHER_SITES as WEATHER_SITE_NAMES
from enernet.configs.names import registry

# name -> (file in pvlib/data, description). Source: NREL TMY3 (Wilcox and Marion 2008).
WEATHER_SITES: dict[str, tuple[str, str]] = registry(WEATHER_SITE_NAMES, {
    "greensboro_nc": ("723170TYA.CSV", "Greensboro Piedmont Triad Intl, NC, USA (NREL TMY3)"),
    "sand_point_ak": ("703165TY.csv", "Sand Point, AK, USA (NREL TMY3)"),
})

HOURS_PER_YEAR = HOURS_PER_TYPICAL_YEAR


@dataclass(frozen=True)
class TypicalYear:
    """Hourly weather of a typical (non-leap) year, hour k covering [k, k+1) h after 1 Jan 00:00.

    ghi_w_m2, dni_w_m2, dhi_w_m2 : [W/m2]; temp_air_c : [degC]; wind_speed_m_s : [m/s]
    latitude_deg, longitude_deg, altitude_m; utc_offset_h : local standard time offset [h]
    """

    name: str
    description: str
    latitude_deg: float
    longitude_deg: float
    altitude_m: float
    utc_offset_h: float
    ghi_w_m2: np.ndarray
    dni_w_m2: np.ndarray
    dhi_w_m2: np.ndarray
    temp_air_c: np.ndarray
    wind_speed_m_s: np.ndarray


def _pvlib_data_dir() -> Path:
    spec = importlib.util.find_spec("pvlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pvlib is not installed: it ships the TMY weather files enernet uses")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


@functools.lru_cache(maxsize=8)
def load_typical_year(name: str) -> TypicalYear:
    """Read the TMY3 file of site ``name`` (see ``WEATHER_SITES``) into hour-start order."""
    if name not in WEATHER_SITES:
        raise ValueError(f"weather site {name!r} is unknown: choose one of {', '.join(sorted(WEATHER_SITES))}")
    filename, description = WEATHER_SITES[name]
    return read_tmy3_file(_pvlib_data_dir() / filename, name, description)


def weather_of(site) -> TypicalYear:
    """The typical year ``site`` (the ``site`` config section) runs on: its ``weather_file`` when
    given (read again when the file changes), else its shipped ``weather``."""
    if site.weather_file:
        path = Path(str(site.weather_file))
        return load_weather_file(str(path.resolve()), path.stat().st_mtime_ns)
    return load_typical_year(site.weather)


# What a weather file must hold, hour by hour, to drive PV and homes: (column, low, high) [units].
WEATHER_RANGES = (("ghi", 0.0, 1500.0), ("dni", 0.0, 1500.0), ("dhi", 0.0, 1000.0), ("temp_air", -60.0, 60.0),
                  ("wind_speed", 0.0, 80.0))


@functools.lru_cache(maxsize=8)
def load_weather_file(path: str, modified_ns: int = 0) -> TypicalYear:
    """Read a user's typical year into hour-start order, checked: 8,760 hours, every value finite
    and inside ``WEATHER_RANGES``. An ``.epw`` file is read as EnergyPlus weather, anything else as
    NREL's TMY3 CSV (both as pvlib reads them). ValueError says what is wrong."""
    kind = "EPW" if Path(path).suffix.lower() == ".epw" else "TMY3"
    return read_tmy3_file(Path(path), Path(path).stem, f"{Path(path).name} (user's {kind} file)", kind)


def read_tmy3_file(path: Path, name: str, description: str, kind: str = "TMY3") -> TypicalYear:
    """A TMY3 CSV (or, with ``kind="EPW"``, an EnergyPlus weather file; both label each hour by its
    end) as a :class:`TypicalYear`."""
    import pvlib

    try:
        if kind == "EPW":
            data, meta = pvlib.iotools.read_epw(path, coerce_year=2023)
        else:
            data, meta = pvlib.iotools.read_tmy3(path, coerce_year=2023, map_variables=True)
    except Exception as error:  # pvlib raises many kinds on a file that is not of its format
        raise ValueError(f"{path.name} cannot be read as {'an EPW file' if kind == 'EPW' else 'a TMY3 CSV'} "
                         f"({type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''})") from None
    if len(data) != HOURS_PER_YEAR:
        raise ValueError(f"{path.name} holds {len(data)} hours, expected {HOURS_PER_YEAR}")
    for key, low, high in WEATHER_RANGES:
        values = data[key].to_numpy(dtype=np.float64) if key in data else np.array([np.nan])
        bad = ~np.isfinite(values) | (values < low) | (values > high)
        if bad.any():
            raise ValueError(f"{path.name}: {int(bad.sum())} hours of {key} are missing or outside [{low:g}, {high:g}]")
    # TMY3's hour-ending labels 01:00 .. 24:00: the row labelled h+1 covers hour h (pvlib labels an
    # EPW row by its hour's start already). Sort by that hour.
    local = data.index.tz_localize(None) - np.timedelta64(0 if kind == "EPW" else 1, "h")
    hour_of_year = ((local.day_of_year - 1) * HOURS_PER_DAY + local.hour).to_numpy()
    order = np.argsort(hour_of_year, kind="stable")

    def column(key: str) -> np.ndarray:
        return np.ascontiguousarray(data[key].to_numpy(dtype=np.float64)[order])

    return TypicalYear(
        name=name,
        description=description,
        latitude_deg=float(meta["latitude"]),
        longitude_deg=float(meta["longitude"]),
        altitude_m=float(meta["altitude"]),
        utc_offset_h=float(meta["TZ"]),
        ghi_w_m2=column("ghi"),
        dni_w_m2=column("dni"),
        dhi_w_m2=column("dhi"),
        temp_air_c=column("temp_air"),
        wind_speed_m_s=column("wind_speed"),
    )


def typical_hour_of_year(timestamps: np.ndarray) -> np.ndarray:
    """Fractional hour of the typical year for datetime64 ``timestamps`` (29 Feb maps onto 28 Feb)."""
    ts = timestamps.astype("datetime64[m]")
    years = ts.astype("datetime64[Y]")
    minutes_into_year = (ts - years).astype(np.int64)
    day = minutes_into_year // MINUTES_PER_DAY
    year_number = years.astype(np.int64) + 1970
    leap = (year_number % 4 == 0) & ((year_number % 100 != 0) | (year_number % 400 == 0))
    # In a leap year, 29 Feb (day 59) repeats 28 Feb and later days move back by one.
    day = np.where(leap & (day >= 59), day - 1, day)
    return day * float(HOURS_PER_DAY) + (minutes_into_year % MINUTES_PER_DAY) / MINUTES_PER_HOUR


def hourly_to_intervals(hourly: np.ndarray, timestamps: np.ndarray, interval_min: int) -> np.ndarray:
    """Sample an hourly typical-year series at the middle of each interval starting at ``timestamps``.

    Hour k's value is taken at its middle (k + 0.5 h) and linearly interpolated, wrapping at the
    year's end, so interval energy follows the hourly means without steps at each hour.
    """
    hour = typical_hour_of_year(timestamps) + interval_min / 120.0
    centres = np.arange(HOURS_PER_YEAR) + 0.5
    return np.interp(hour, centres, hourly, period=HOURS_PER_YEAR)
