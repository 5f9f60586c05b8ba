"""A typical year of the user's own (site.weather_file): read, used, and refused when broken."""
from __future__ import annotations

import pytest

from enernet import compose_config, load_run, run_scenario
from enernet.configs.contracts import ConfigError
from enernet.scenarios.world.weather import WEATHER_SITES, _pvlib_data_dir

TINY = ["scenario=tiny", "scenario.days=1", "scenario.warmup_days=1", "market=none", "run.progress=false"]


def _shipped_lines() -> list[str]:
    return (_pvlib_data_dir() / WEATHER_SITES["greensboro_nc"][0]).read_text(encoding="utf-8").splitlines()


def _warmer(path, kelvin: float) -> None:
    """The shipped Greensboro TMY3 with every dry-bulb temperature raised by ``kelvin``."""
    lines = _shipped_lines()
    header = lines[1].split(",")
    column = header.index("Dry-bulb (C)")
    out = lines[:2]
    for line in lines[2:]:
        cells = line.split(",")
        cells[column] = f"{float(cells[column]) + kelvin:.1f}"
        out.append(",".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_a_users_weather_file_drives_the_run(tmp_path):
    warm = tmp_path / "warm.csv"
    _warmer(warm, 3.0)
    run_scenario(compose_config(TINY), tmp_path / "shipped")
    run_scenario(compose_config([*TINY, f"site.weather_file={warm}"]), tmp_path / "own")
    shipped, own = (load_run(tmp_path / name).intervals["ambient_c"] for name in ("shipped", "own"))
    assert (own - shipped).mean() == pytest.approx(3.0, abs=0.05)


@pytest.mark.parametrize("damage, message", [
    (lambda lines: lines[:5000], "holds 4998 hours"),
    (lambda lines: lines[:2] + [line.replace(",", ",x,", 1) for line in lines[2:]], "cannot be read"),
    (None, "no such file"),
])
def test_a_broken_weather_file_is_refused_before_any_work(tmp_path, damage, message):
    path = tmp_path / "broken.csv"
    if damage is not None:
        path.write_text("\n".join(damage(_shipped_lines())) + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"site.weather_file = .* is not allowed: .*{message}"):
        run_scenario(compose_config([*TINY, f"site.weather_file={path}"]), tmp_path / "run")
    assert not (tmp_path / "run").exists()


def test_out_of_range_weather_is_named(tmp_path):
    hot = tmp_path / "hot.csv"
    _warmer(hot, 45.0)  # summer days above 60 degC
    with pytest.raises(ConfigError, match="hours of temp_air are missing or outside"):
        run_scenario(compose_config([*TINY, f"site.weather_file={hot}"]), tmp_path / "run")
