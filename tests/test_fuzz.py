"""Config fuzzing: any override of any declared field either runs a tiny scenario to finite KPIs or
is refused with a ConfigError that names the key. Never another exception, never a traceback."""
from __future__ import annotations

import dataclasses
import math
import typing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enernet import compose_config
from enernet.configs.contracts import describe
from enernet.configs.schema import Config, ConfigError
from enernet.runner import run_scenario

KEYS = [key for key, *_ in describe(Config) if "[]" not in key and not key.startswith(("run.", "prices.source"))]
# Small and short, and anything estimated at over 4 s refused (run.max_wall_h), so a drawn size
# that is valid but large is refused by the size check instead of running for minutes.
BASE = ["scenario=tiny", "scenario.days=1", "scenario.warmup_days=1", "run.progress=false", "run.max_wall_h=0.0011"]

NASTY = st.sampled_from(["nan", "inf", "-inf", "1e308", "-1e308", "-1", "0", "1e9", "-0.5", "0.5", "2", "abc",
                         "''", "null", "true", "[1,2]", "{a: 1}", "2025-02-30", "9999-12-31", "pay_as_cash",
                         "99999999999999999999"])
NUMBERS = st.one_of(st.integers(-10**6, 10**7).map(str),
                    st.floats(allow_nan=True, allow_infinity=True, width=64).map(repr))


def test_every_number_has_a_lower_and_an_upper_bound():
    loose = []

    def walk(schema, prefix=""):
        hints = typing.get_type_hints(schema)
        for f in dataclasses.fields(schema):
            hint, text = hints[f.name], str(hints[f.name])
            if "contract" in f.metadata:
                c = f.metadata["contract"]
                numeric = ("float" in text or "int" in text) and "str" not in text and "bool" not in text
                if numeric and (c.le is None and c.lt is None or c.ge is None and c.gt is None):
                    loose.append(prefix + f.name)
                element = typing.get_args(hint)[0] if typing.get_origin(hint) is list else None
                if element is not None and dataclasses.is_dataclass(element):
                    walk(element, f"{prefix}{f.name}[].")
            elif dataclasses.is_dataclass(hint):
                walk(hint, f"{prefix}{f.name}.")

    walk(Config)
    assert loose == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(key=st.sampled_from(KEYS), value=st.one_of(NASTY, NUMBERS))
def test_any_override_runs_to_finite_kpis_or_is_refused_naming_the_key(key, value, tmp_path_factory):
    try:
        cfg = compose_config([*BASE, f"{key}={value}"])
        kpis = run_scenario(cfg, tmp_path_factory.mktemp("fuzz") / "run")
    except ConfigError as refused:
        message = str(refused)
        assert key in message or key.split(".")[-1] in message or "run.max_wall_h" in message, message
        return
    bad = {k: v for k, v in kpis.items() if isinstance(v, float) and not math.isfinite(v)}
    assert bad == {}, (key, value)


@pytest.mark.parametrize("override", [
    "scenario.households=1e9", "scenario.start_date=9999-12-31", "tariff.energy_price_per_kwh=nan",
    "dr.incentive_per_kwh=1e308", "scenario.interval_min=7", "seed=abc", "market=pay_as_cash",
    "scenario.housholds=3", "ev.adoption.initial_share=0.9", "tariff=tou tariff.periods=[]",
])
def test_held_out_style_bad_inputs_are_refused_naming_the_key(override):
    overrides = override.split()
    with pytest.raises(ConfigError) as refused:
        cfg = compose_config([*BASE[:-1], *overrides])
        run_scenario(cfg, "/nonexistent/never-written")
    key = overrides[-1].split("=")[0]
    assert key in str(refused.value) or key.split(".")[-1] in str(refused.value)
