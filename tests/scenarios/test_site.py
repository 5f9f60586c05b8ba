"""The site group: weather, clock, currency, prices and ownership chosen together, each checked."""
from __future__ import annotations

import numpy as np
import pytest
from omegaconf import OmegaConf

from enernet import compose_config
from enernet.configs.contracts import ConfigError
from enernet.configs.schema import validate
from enernet.run_config import overrides
from enernet.scenarios.world.homes import draw_homes, home_spec
from enernet.scenarios.world.weather import load_typical_year, load_weather_file
from enernet.sim.home_energy import COOLING, HEATING, DayPlan


def test_the_default_site_chooses_its_prices_and_ownership_together():
    cfg = compose_config([])
    assert (cfg.site.name, cfg.prices.name, cfg.ownership.name) == ("hangzhou", "zhejiang_2025", "zhejiang_urban_2021")
    assert cfg.currency == cfg.site.currency == cfg.prices.currency == "CNY"
    assert cfg.site.time_zone == "Asia/Shanghai" and "Greensboro" in cfg.site.description  # honest about its weather


def test_one_part_of_a_site_can_be_chosen_and_is_named_as_chosen():
    cfg = compose_config(["ownership=all_electric"])
    assert cfg.ownership.electric_water_heater == 1.0 and cfg.site.name == "hangzhou"
    assert overrides(OmegaConf.to_container(cfg, resolve=True)) == ["ownership=all_electric"]


@pytest.mark.parametrize("override, named", [
    ("site.time_zone=Mars/Olympus_Mons", "site.time_zone = 'Mars/Olympus_Mons' is not allowed: an IANA time zone"),
    ("site.currency=USD", "prices = zhejiang_2025 is not allowed with site.currency = USD: its prices are in CNY"),
    ("ownership.dryer=1.5", "ownership.dryer"),
])
def test_a_site_that_does_not_hold_together_is_refused_by_name(override, named):
    with pytest.raises(ConfigError, match=named.replace("(", r"\(").replace(")", r"\)")):
        validate(compose_config([override]))


def test_homes_own_what_the_ownership_set_says():
    base = compose_config([]).ownership
    electric = compose_config(["ownership=all_electric"]).ownership
    shares = compose_config([]).homes.archetype_shares
    homes = draw_homes(4000, shares, base, np.random.default_rng(3))
    assert abs(homes.water_heater.mean() - base.electric_water_heater) < 0.03
    everything = draw_homes(500, shares, electric, np.random.default_rng(3))
    assert everything.water_heater.all() and (everything.ac_units > 0).all() and everything.heats.all()


def test_homes_that_heat_with_gas_use_no_electricity_to_heat():
    cfg = compose_config(["ownership.heats_with_ac=0", "ownership.electric_space_heater=0"])
    homes = draw_homes(300, cfg.homes.archetype_shares, cfg.ownership, np.random.default_rng(4))
    assert not homes.heats.any() and (homes.ac_units > 0).mean() > 0.8
    plan = DayPlan(home_spec(homes, cfg.homes), 15, (1, 2))
    cold = [plan.plan(d, False, np.full(96, 2.0), np.zeros(96)) for d in range(2)]
    hot = plan.plan(2, False, np.full(96, 34.0), np.full(96, 400.0))
    assert all(day[HEATING].sum() == 0 for day in cold) and hot[COOLING].sum() > 0


def test_electric_heaters_turn_every_joule_of_heat_into_a_joule_of_electricity():
    """The same homes on the same mild winter day, heated by heat pumps or by resistive heaters (and
    neither at its capacity): the heat is the same, the electricity is the heat pump's times its COP."""
    import dataclasses

    from enernet.sim.home_thermal import heating_cop

    cfg = compose_config(["ownership.heats_with_ac=0", "ownership.electric_space_heater=1"])
    homes = draw_homes(300, cfg.homes.archetype_shares, cfg.ownership, np.random.default_rng(4))
    assert homes.electric_heater[homes.ac_units == 0].all() and not (homes.heats & homes.electric_heater).any()
    spec = home_spec(homes, cfg.homes)
    heat_pumps = dataclasses.replace(spec, heating_resistive=np.zeros(homes.n, dtype=bool))
    cold = np.full(96, 12.0)
    days = [DayPlan(s, 15, (1, 2)).plan(0, False, cold, np.zeros(96))[HEATING] for s in (spec, heat_pumps)]
    assert days[0].sum() > 0 and np.array_equal(days[0] > 0, days[1] > 0)
    np.testing.assert_allclose(days[0], days[1] * heating_cop(12.0, spec.params), rtol=1e-12)


def _epw_of(year, path) -> None:
    """``year`` (a TypicalYear) written as an EnergyPlus weather file: 8 header lines, then one row
    per hour labelled by its end (hour 1 covers 00:00-01:00), 35 fields as EnergyPlus defines them."""
    header = [f"LOCATION,Test,NC,USA,TMY3,723170,{year.latitude_deg},{year.longitude_deg},{year.utc_offset_h},"
              f"{year.altitude_m}", "DESIGN CONDITIONS,0", "TYPICAL/EXTREME PERIODS,0", "GROUND TEMPERATURES,0",
              "HOLIDAYS/DAYLIGHT SAVINGS,No,0,0,0", "COMMENTS 1,written by enernet's tests", "COMMENTS 2,",
              "DATA PERIODS,1,1,Data,Sunday,1/1,12/31"]
    days = np.arange("2023-01-01", "2024-01-01", dtype="datetime64[D]")
    rows = []
    for k in range(8760):
        day = days[k // 24].astype(object)
        fields = [2023, day.month, day.day, k % 24 + 1, 60, "?", year.temp_air_c[k], 10.0, 60, 101325, 0, 0, 300,
                  year.ghi_w_m2[k], year.dni_w_m2[k], year.dhi_w_m2[k], 0, 0, 0, 0, 180, year.wind_speed_m_s[k],
                  5, 5, 777.7, 77777, 9, 999999999, 0, 0.1, 0, 88, 0.2, 0, 0]
        rows.append(",".join(str(f) for f in fields))
    path.write_text("\n".join(header + rows) + "\n", encoding="utf-8")


def test_an_epw_file_gives_the_same_hours_as_the_tmy3_it_was_written_from(tmp_path):
    shipped = load_typical_year("greensboro_nc")
    _epw_of(shipped, tmp_path / "greensboro.epw")
    read = load_weather_file(str(tmp_path / "greensboro.epw"))
    for name in ("temp_air_c", "ghi_w_m2", "dni_w_m2", "dhi_w_m2", "wind_speed_m_s"):
        assert np.allclose(getattr(read, name), getattr(shipped, name)), name  # no hour shifted
    assert read.utc_offset_h == shipped.utc_offset_h and "EPW" in read.description
