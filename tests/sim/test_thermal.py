"""Transformer thermal model (IEEE C57.91-2011 clause 7): oracle, reference values, transient, aging, inputs.

The oracle is ``transformer-thermal-model`` (Alliander, IEC 60076-7), an independent implementation. Its tests
skip when the package is missing: it is a test-only oracle, not a project dependency.

Mapping IEEE C57.91 -> IEC 60076-7 (``UserTransformerSpecifications`` of the package):

=====================================  ===============================================================
IEEE C57.91 (ours)                     transformer-thermal-model
=====================================  ===============================================================
dTO,R  top_oil_rise_c                  top_oil_temp_rise (dTheta_or)
dH,R   hot_spot_rise_c                 hot_spot_fac H = 1, winding_oil_gradient g_r = dH,R  (H g_r)
n      oil exponent                    oil_exp_x (x)
m      winding exponent, K^(2m)        winding_exp_y (y) = 2 m   (IEC writes K^y, IEEE K^(2m))
R      loss_ratio                      no_load_loss P0 = 1000 W, load_loss = R P0:
                                       (P0 + Pk K^2)/(P0 + Pk) = (1 + R K^2)/(1 + R)
K      load_pu                         load profile in A with nom_load_sec_side = 1 A
theta_A ambient_c                      ambient profile; PowerTransformer with amb_temp_surcharge = 0
tau_TO top_oil_time_constant_min       time_const_oil with k11 = 1  (IEC lag k11 tau_o)
tau_W  winding_time_constant_min       time_const_windings with k22 = 1  (IEC lag k22 tau_w)
(single-exponential hot-spot rise)     k21 = 1 (removes IEC's oil-flow overshoot term (k21 - 1) ...)
=====================================  ===============================================================

IEC 60076-7 steady state: theta_h = theta_a + dTheta_or [(1 + R K^2)/(1 + R)]^x + H g_r K^y, which is
IEEE's theta_H = theta_A + dTO,R [(K^2 R + 1)/(R + 1)]^n + dH,R K^(2m) under this mapping. With k11 = k21 = k22 = 1
and a constant ambient the IEC difference equations are IEEE's two first-order lags, so the transient matches too
(with a varying ambient they differ: IEC lags the top-oil *temperature*, IEEE the top-oil *rise*).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enernet.cext import reference
from enernet.sim.grid import (
    AGING_REFERENCE_HOT_SPOT_C,
    ThermalParameters,
    TransformerThermal,
    aging_acceleration_factor,
    hot_spot_temperature,
)

ORACLE_SKIP_REASON = ("transformer-thermal-model (IEC 60076-7 oracle, test-only) is not installed: "
                      "pip install transformer-thermal-model")

# Oracle tolerance [degC]. The package is run for 7 days of constant load from a cold start; the slowest lag
# (top oil, tau = 180 min here) leaves exp(-7*24*60/180) = exp(-56) ~ 5e-25 of a <= 150 degC offset, so what remains
# is floating-point rounding (~3e-14 degC observed). 1e-9 degC is far below anything physical and far above rounding.
ORACLE_TOL_C = 1e-9


def _oracle():
    """The oracle's modules, or skip the calling test."""
    pytest.importorskip("transformer_thermal_model", reason=ORACLE_SKIP_REASON)
    from transformer_thermal_model.aging import aging_rate_profile, days_aged
    from transformer_thermal_model.cooler import CoolerType
    from transformer_thermal_model.model import Model
    from transformer_thermal_model.schemas import InputProfile, UserTransformerSpecifications
    from transformer_thermal_model.schemas.thermal_model.initial_state import InitialLoad
    from transformer_thermal_model.transformer import PaperInsulationType, PowerTransformer

    return {
        "aging_rate_profile": aging_rate_profile, "days_aged": days_aged, "CoolerType": CoolerType, "Model": Model,
        "InputProfile": InputProfile, "UserTransformerSpecifications": UserTransformerSpecifications,
        "InitialLoad": InitialLoad, "PaperInsulationType": PaperInsulationType, "PowerTransformer": PowerTransformer,
    }


def _iec_transformer(ttm, loss_ratio: float, p: ThermalParameters, winding_exp_y: float | None = None):
    """The package's transformer equivalent to ours (mapping in the module docstring)."""
    specs = ttm["UserTransformerSpecifications"](
        no_load_loss=1000.0,
        load_loss=1000.0 * loss_ratio,
        nom_load_sec_side=1.0,
        top_oil_temp_rise=p.top_oil_rise_c,
        winding_oil_gradient=p.hot_spot_rise_c,
        hot_spot_fac=1.0,
        oil_exp_x=p.oil_exponent,
        winding_exp_y=2.0 * p.winding_exponent if winding_exp_y is None else winding_exp_y,
        amb_temp_surcharge=0.0,
        end_temp_reduction=0.0,
        oil_const_k11=1.0,
        winding_const_k21=1,
        winding_const_k22=1,
        time_const_oil=p.top_oil_time_constant_min,
        time_const_windings=p.winding_time_constant_min,
    )
    return ttm["PowerTransformer"](user_specs=specs, cooling_type=ttm["CoolerType"].ONAN)


def _iec_hot_spot(ttm, loads, ambient_c, interval_min, transformer, initial_condition=None) -> np.ndarray:
    index = pd.date_range("2024-01-01", periods=len(loads), freq=f"{interval_min}min")
    profile = ttm["InputProfile"].create(datetime_index=index, load_profile=np.asarray(loads, dtype=float),
                                         ambient_temperature_profile=np.full(len(loads), float(ambient_c)))
    model = ttm["Model"](temperature_profile=profile, transformer=transformer, initial_condition=initial_condition)
    return model.run().hot_spot_temp_profile.to_numpy()


def _ieee_steady(load_pu, loss_ratio, p: ThermalParameters):
    """Ultimate top-oil rise and hot-spot rise over top oil [degC], IEEE C57.91-2011 clause 7, written out."""
    top_oil = p.top_oil_rise_c * ((load_pu**2 * loss_ratio + 1.0) / (loss_ratio + 1.0)) ** p.oil_exponent
    return top_oil, p.hot_spot_rise_c * load_pu ** (2.0 * p.winding_exponent)


ONAN = ThermalParameters()  # 55/25 degC, n = m = 0.8, tau_TO = 180 min, tau_W = 5 min
OTHER = ThermalParameters(top_oil_rise_c=65.0, hot_spot_rise_c=15.0, oil_exponent=0.9, winding_exponent=0.8, top_oil_time_constant_min=150.0,
                          winding_time_constant_min=7.0)


# --- Oracle: IEC 60076-7 (transformer-thermal-model) ------------------------------------------------------------

@pytest.mark.parametrize("params", [ONAN, OTHER], ids=["onan-55-25", "65-15-n0.9"])
@pytest.mark.parametrize("loss_ratio", [1.0, 2.0, 3.2, 5.0, 8.0])
def test_steady_state_equals_iec_oracle(params, loss_ratio):
    """Our steady hot spot equals the package's, settled from a cold start and from its InitialLoad steady state."""
    ttm = _oracle()
    days = 7 * 24 + 1
    for load in (0.2, 0.35, 0.5, 0.75, 1.0, 1.2, 1.5):
        for ambient in (-10.0, 0.0, 15.0, 30.0, 40.0):
            ours = float(hot_spot_temperature(load, ambient, params.top_oil_rise_c, params.hot_spot_rise_c,
                                              loss_ratio, params.oil_exponent, params.winding_exponent))
            tr = _iec_transformer(ttm, loss_ratio, params)
            settled = _iec_hot_spot(ttm, [load] * days, ambient, 60, tr)[-1]
            assert settled == pytest.approx(ours, abs=ORACLE_TOL_C), (load, ambient)
            tr = _iec_transformer(ttm, loss_ratio, params)
            initial = _iec_hot_spot(ttm, [load] * 3, ambient, 60, tr, ttm["InitialLoad"](initial_load=load))
            np.testing.assert_allclose(initial, ours, rtol=0, atol=ORACLE_TOL_C, err_msg=f"{load=}, {ambient=}")


def test_iec_winding_exponent_is_twice_ieee_m():
    """Negative control for the mapping: with y = m instead of y = 2m the oracle disagrees by degrees at 1.5 pu."""
    ttm = _oracle()
    tr = _iec_transformer(ttm, 5.0, ONAN, winding_exp_y=ONAN.winding_exponent)
    wrong = _iec_hot_spot(ttm, [1.5] * 3, 30.0, 60, tr, ttm["InitialLoad"](initial_load=1.5))[0]
    # 25 (1.5^1.6 - 1.5^0.8) = 25 (1.91293 - 1.38315) = 13.2494 degC
    assert float(hot_spot_temperature(1.5, 30.0)) - wrong == pytest.approx(13.2494, abs=1e-3)


def test_aging_factor_equals_iec_thermally_upgraded_paper_rate():
    """IEC 60076-7 relative ageing rate of thermally upgraded paper, exp(15000/383 - 15000/(theta_h + 273)), is
    IEEE's F_AA (65 degC rise insulation, 110 degC reference)."""
    ttm = _oracle()
    temps = pd.Series(np.linspace(-20.0, 180.0, 201))
    theirs = ttm["aging_rate_profile"](temps, ttm["PaperInsulationType"].THERMAL_UPGRADED).to_numpy()
    np.testing.assert_allclose(aging_acceleration_factor(temps.to_numpy()), theirs, rtol=1e-13, atol=0)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 120), st.integers(0, 2**32 - 1), st.sampled_from([1, 5, 15, 30, 60]),
       st.floats(-10.0, 40.0), st.floats(0.5, 10.0))
def test_transient_equals_iec_oracle_at_constant_ambient(steps, seed, interval_min, ambient, loss_ratio):
    """With k11 = k21 = k22 = 1 and a constant ambient the IEC difference equations are IEEE's exponential lags.

    Our first interval is the steady state of the first load (the package's InitialLoad); the package's equivalent
    of our later intervals are its rows 1.. . Equivalent aging: our sum of F_AA dt [h] = the package's days_aged
    (thermally upgraded paper, which weights row i by t_i - t_(i-1), so row 0 by 0) * 24 + our first interval's.
    """
    ttm = _oracle()
    rng = np.random.default_rng(seed)
    p = ThermalParameters(top_oil_rise_c=rng.uniform(40, 65), hot_spot_rise_c=rng.uniform(10, 30),
                          oil_exponent=rng.uniform(0.6, 1.0), winding_exponent=rng.uniform(0.6, 1.0),
                          top_oil_time_constant_min=rng.uniform(60, 300), winding_time_constant_min=rng.uniform(2, 15))
    loads = rng.uniform(0.0, 1.6, steps)
    thermal = TransformerThermal(np.array([loss_ratio]), p, interval_min)
    ours = []
    for load in loads:
        thermal.step(np.array([load]), ambient)
        ours.append(thermal.hot_spot_c[0])
    tr = _iec_transformer(ttm, loss_ratio, p)
    series_index = pd.date_range("2024-01-01", periods=steps, freq=f"{interval_min}min")
    theirs = _iec_hot_spot(ttm, loads, ambient, interval_min, tr, ttm["InitialLoad"](initial_load=loads[0]))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=ORACLE_TOL_C)
    days = ttm["days_aged"](pd.Series(theirs, index=series_index), ttm["PaperInsulationType"].THERMAL_UPGRADED)
    first = float(aging_acceleration_factor(ours[0])) * interval_min / 60.0
    assert thermal.equivalent_aging_h[0] == pytest.approx(days * 24.0 + first, rel=1e-10, abs=1e-12)


# --- IEEE C57.91-2011 reference values ---------------------------------------------------------------------------

def test_aging_factor_is_one_at_the_110_degc_reference():
    """IEEE C57.91-2011 clause 5, eq. (2): F_AA = exp(15000/383 - 15000/(theta_H + 273)); the reference hot spot
    110 degC (65 degC average winding rise insulation at 30 degC ambient) gives exp(0) = 1, exactly."""
    assert AGING_REFERENCE_HOT_SPOT_C == 110.0
    assert float(aging_acceleration_factor(110.0)) == 1.0


@pytest.mark.parametrize(("hot_spot_c", "expected"), [
    (98.0, 0.28173848830205),
    (103.33941038168, 0.5),
    (116.90060041457, 2.0),
    (120.0, 2.70892514382816),
    (130.0, 6.98417719069217),
    (140.0, 17.1994648647311),
])
def test_aging_factor_hand_values(hot_spot_c, expected):
    """IEEE C57.91-2011 clause 5, eq. (2), F_AA = exp(15000/383 - 15000/(theta_H + 273)), by hand (40-digit decimal):

    98 degC:  15000/383 - 15000/371 = 39.164491 - 40.431267 = -1.266776 -> e^-1.266776 = 0.281738
    120 degC: 39.164491 - 15000/393 = 39.164491 - 38.167939 = 0.996552  -> 2.708925 (the familiar "2.7 at 120")
    130 degC: 39.164491 - 15000/403 = 39.164491 - 37.220844 = 1.943647  -> 6.984177
    140 degC: 39.164491 - 15000/413 = 39.164491 - 36.319613 = 2.844878  -> 17.199465
    Doubling/halving: F_AA = 2 at 15000/(39.164491 - ln 2) - 273 = 116.900600 degC and 1/2 at 103.339410 degC, i.e.
    the rate doubles every ~6.6-7 degC around 110 degC.
    """
    assert float(aging_acceleration_factor(hot_spot_c)) == pytest.approx(expected, rel=1e-11)


@pytest.mark.parametrize("loss_ratio", [1.0, 3.2, 5.0, 8.0])
@pytest.mark.parametrize(("n", "m"), [(0.8, 0.8), (0.9, 0.8), (1.0, 1.0)])
def test_rated_load_at_30_degc_gives_110_degc(loss_ratio, n, m):
    """IEEE C57.91-2011 clause 7 at K = 1: [(R + 1)/(R + 1)]^n = 1 and 1^(2m) = 1, so theta_H = 30 + 55 + 25 = 110
    degC for any R, n, m (rated 80 degC hot-spot rise over a 30 degC ambient), exactly."""
    assert float(hot_spot_temperature(1.0, 30.0, 55.0, 25.0, loss_ratio, n, m)) == 110.0


@pytest.mark.parametrize(("loss_ratio", "expected"), [
    (1.0, 31.5892047624185),  # 55 / 2^0.8
    (5.0, 13.1172165767982),  # 55 / 6^0.8
    (8.0, 9.48350072948275),  # 55 / 9^0.8
])
def test_no_load_gives_ambient_plus_no_load_loss_rise(loss_ratio, expected):
    """IEEE C57.91-2011 clause 7 at K = 0: theta_H = theta_A + dTO,R (1/(R + 1))^n (only the no-load loss heats the
    oil, the winding gradient vanishes); dTO,R = 55, n = 0.8, values by hand (40-digit decimal)."""
    for ambient in (-10.0, 0.0, 25.0):
        assert float(hot_spot_temperature(0.0, ambient, loss_ratio=loss_ratio)) == pytest.approx(
            ambient + expected, rel=1e-12)


def test_vectorised_hot_spot_broadcasts():
    loads = np.array([0.0, 1.0, 1.5])
    got = hot_spot_temperature(loads, 30.0, loss_ratio=5.0)
    expected = [30.0 + 55.0 / 6.0**0.8, 110.0, 30.0 + 55.0 * ((2.25 * 5 + 1) / 6) ** 0.8 + 25.0 * 1.5**1.6]
    np.testing.assert_allclose(got, expected, rtol=1e-14)


# --- Transient: Cython kernel vs pure-Python reference -------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(st.integers(1, 8), st.integers(1, 40), st.integers(0, 2**32 - 1),
       st.one_of(st.sampled_from([1.0, 5.0, 15.0, 30.0, 60.0]), st.floats(0.5, 120.0)))
def test_thermal_kernel_equals_reference_over_many_steps(m, steps, seed, interval_min):
    """TransformerThermal (Cython ``cext.thermal.step_thermal``, one row per interval) equals ``cext.reference.step_thermal`` chained
    over a random load/ambient sequence, every output at every step; equivalent aging = sum of F_AA dt."""
    rng = np.random.default_rng(seed)
    p = ThermalParameters(top_oil_rise_c=rng.uniform(30, 70), hot_spot_rise_c=rng.uniform(5, 35),
                          oil_exponent=rng.uniform(0.5, 1.0), winding_exponent=rng.uniform(0.5, 1.0),
                          top_oil_time_constant_min=rng.uniform(30, 400),
                          winding_time_constant_min=rng.uniform(1, 20))
    loss_ratio = rng.uniform(0.5, 12.0, m)
    loads = rng.uniform(0.0, 2.0, (steps, m)) * (rng.random((steps, m)) > 0.1)  # ~10 % exactly 0
    ambients = rng.uniform(-20.0, 45.0, steps)

    thermal = TransformerThermal(loss_ratio, p, interval_min)
    state = [_ieee_steady(k, r, p) for k, r in zip(loads[0], loss_ratio)]  # starts at the first load's steady state
    top_oil, hot_spot = [s[0] for s in state], [s[1] for s in state]
    aging_h = [0.0] * m
    for load, ambient in zip(loads, ambients):
        thermal.step(np.ascontiguousarray(load), float(ambient))
        ref = reference.step_thermal(load.tolist(), float(ambient), loss_ratio.tolist(), p.top_oil_rise_c,
                                     p.hot_spot_rise_c, p.oil_exponent, p.winding_exponent, p.top_oil_time_constant_min,
                                     p.winding_time_constant_min, interval_min, top_oil, hot_spot)
        top_oil, hot_spot = ref["top_oil_rise_c"], ref["hot_spot_rise_c"]
        aging_h = [a + f * interval_min / 60.0 for a, f in zip(aging_h, ref["aging_factor"])]
        for name in ("top_oil_rise_c", "hot_spot_rise_c", "hot_spot_c", "aging_factor"):
            np.testing.assert_allclose(getattr(thermal, name), ref[name], rtol=1e-12, atol=1e-12, err_msg=name)
        np.testing.assert_allclose(thermal.equivalent_aging_h, aging_h, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("interval_min", [1, 5, 15, 60])
def test_step_from_half_to_1_2_pu_approaches_new_steady_state_monotonically(interval_min):
    """After a step 0.5 -> 1.2 pu the hot spot rises monotonically (both rises approach their higher ultimate values
    from below) without overshoot, is 1 - 1/e of the top-oil change after one top-oil time constant and within
    0.1 degC of the new steady state after ten (left: e^-10 of the ~30 degC top-oil change ~ 1.4e-3 degC)."""
    p = ONAN
    loss_ratio = np.array([1.0, 5.0, 8.0])
    thermal = TransformerThermal(loss_ratio, p, interval_min)
    ambient = 25.0
    thermal.step(np.full(3, 0.5), ambient)
    np.testing.assert_allclose(thermal.hot_spot_c, hot_spot_temperature(0.5, ambient, loss_ratio=loss_ratio),
                               rtol=1e-13)
    start_top_oil = thermal.top_oil_rise_c.copy()
    final_top_oil, _ = _ieee_steady(1.2, loss_ratio, p)
    final = hot_spot_temperature(1.2, ambient, loss_ratio=loss_ratio)
    one_tau = round(p.top_oil_time_constant_min / interval_min)
    history = [thermal.hot_spot_c.copy()]
    for step in range(1, 10 * one_tau + 1):
        thermal.step(np.full(3, 1.2), ambient)
        history.append(thermal.hot_spot_c.copy())
        if step == one_tau:
            np.testing.assert_allclose(thermal.top_oil_rise_c - start_top_oil,
                                       (final_top_oil - start_top_oil) * (1 - math.exp(-1)), rtol=1e-9)
    history = np.array(history)
    assert (np.diff(history, axis=0) >= 0).all(), "hot spot must not decrease after a load increase"
    assert (history <= final + 1e-9).all(), "no overshoot above the new steady state"
    assert (np.abs(history[-1] - final) < 0.1).all()
    assert (final - history[-1] < 5e-3).all()


def test_first_step_starts_at_the_steady_state_of_the_first_load():
    loss_ratio = np.array([2.0, 5.0])
    thermal = TransformerThermal(loss_ratio, ONAN, 15)
    thermal.step(np.array([0.8, 1.3]), -5.0)
    top_oil, hot_spot = _ieee_steady(np.array([0.8, 1.3]), loss_ratio, ONAN)
    np.testing.assert_allclose(thermal.top_oil_rise_c, top_oil, rtol=1e-13)
    np.testing.assert_allclose(thermal.hot_spot_rise_c, hot_spot, rtol=1e-13)
    np.testing.assert_allclose(thermal.hot_spot_c, -5.0 + top_oil + hot_spot, rtol=1e-13)


# --- Equivalent aging -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("interval_min", [1, 5, 15, 60])
def test_24_h_at_110_degc_ages_24_equivalent_hours(interval_min):
    """IEEE C57.91-2011 clause 5, eq. (3): F_EQA = sum F_AA,n dt_n / sum dt_n. K = 1 at 30 degC with rises 55/25
    holds the hot spot at exactly 110 degC, F_AA = 1, so 24 h age the insulation 24 equivalent hours."""
    loss_ratio = np.array([1.0, 4.5, 8.0])
    thermal = TransformerThermal(loss_ratio, ONAN, interval_min)
    for _ in range(24 * 60 // interval_min):
        thermal.step(np.ones(3), 30.0)
        assert (thermal.hot_spot_c == 110.0).all()
        assert (thermal.aging_factor == 1.0).all()
    np.testing.assert_allclose(thermal.equivalent_aging_h, 24.0, rtol=1e-13)


def test_24_h_at_120_degc_ages_about_65_equivalent_hours():
    """Same clause: a constant 120 degC hot spot (K = 1 at a 40 degC ambient) gives 24 F_AA(120) = 24 * 2.708925 =
    65.014204 equivalent hours in 24 h."""
    thermal = TransformerThermal(np.array([5.0]), ONAN, 15)
    for _ in range(96):
        thermal.step(np.ones(1), 40.0)
    assert thermal.equivalent_aging_h[0] == pytest.approx(65.0142034518759, rel=1e-11)


# --- Bad input -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", [np.nan, np.inf, -0.1])
def test_bad_load_is_rejected_naming_the_field_and_leaves_the_state(bad):
    thermal = TransformerThermal(np.array([5.0, 5.0]), ONAN, 15)
    thermal.step(np.array([1.0, 1.0]), 30.0)
    before = (thermal.hot_spot_c.copy(), thermal.equivalent_aging_h.copy())
    with pytest.raises(ValueError, match="load_pu"):
        thermal.step(np.array([1.0, bad]), 30.0)
    np.testing.assert_array_equal(thermal.hot_spot_c, before[0])
    np.testing.assert_array_equal(thermal.equivalent_aging_h, before[1])


@pytest.mark.parametrize("bad", [-1.0, 0.0, np.nan])
def test_bad_loss_ratio_is_rejected_naming_the_field(bad):
    with pytest.raises(ValueError, match="loss_ratio"):
        TransformerThermal(np.array([5.0, bad]), ONAN, 15)


def test_nan_ambient_is_rejected_naming_the_field():
    thermal = TransformerThermal(np.array([5.0]), ONAN, 15)
    with pytest.raises(ValueError, match="ambient_c"):
        thermal.step(np.array([1.0]), float("nan"))


@pytest.mark.parametrize(("name", "bad"), [
    ("top_oil_rise_c", -55.0), ("hot_spot_rise_c", np.nan), ("oil_exponent", 0.0), ("winding_exponent", np.inf),
    ("top_oil_time_constant_min", 0.0), ("winding_time_constant_min", -5.0),
])
def test_bad_thermal_parameter_is_rejected_naming_the_field(name, bad):
    params = ThermalParameters(**{name: bad})
    with pytest.raises(ValueError, match=name):
        TransformerThermal(np.array([5.0]), params, 15)
