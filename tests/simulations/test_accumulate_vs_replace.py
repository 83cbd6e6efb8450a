"""Tests for simulations/accumulate_vs_replace.py.

Closed forms (derived on this site): docs/derivations/gaussian-copying.md#variance-decay (C1),
docs/derivations/replace-accumulate.md#accumulate-variance (C5), #regression-replace (C12)
and #regression-accumulate (C13).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import accumulate_vs_replace as avr
from simulations.engine.contract import check_module

# ---------------------------------------------------------------- closed forms


def test_c5_reference_values():
    """C5 (derived: replace-accumulate.md#accumulate-variance): n = 10: limit sin(π/√10)/(π/√10) = 0.843436, E[σ_200²] =
    0.843857, E[(μ_200 − μ₀)²] = 0.156143 under the bound (π²/6)/n = 0.164493."""
    assert round(avr.variance_accumulate_limit(10), 6) == 0.843436
    assert round(float(avr.variance_accumulate(10, 200)), 6) == 0.843857
    assert round(float(avr.mean_sq_error_accumulate(10, 200)), 6) == 0.156143
    assert round(math.pi**2 / 6 / 10, 6) == 0.164493
    assert float(avr.mean_sq_error_accumulate(10, 10_000)) < math.pi**2 / 60


def test_c5_product_formula_agrees_with_recursion():
    """C5: E[σ_{t+1}² | σ_t²] = σ_t²(1 − 1/(n(t+1)²)), so generation 1 is the plain MLE (1 − 1/n)
    and the product converges to Euler's sin(πx)/(πx) with x = 1/√n; the mean error starts at
    1/n (one real batch)."""
    v = avr.variance_accumulate(10, np.arange(4))
    assert v == pytest.approx([1.0, 0.9, 0.9 * (1 - 1 / 40), 0.9 * (1 - 1 / 40) * (1 - 1 / 90)])
    assert float(avr.variance_accumulate(10, 100_000)) == pytest.approx(
        avr.variance_accumulate_limit(10), abs=1e-6
    )
    assert avr.mean_sq_error_accumulate(10, np.array([0, 1, 2])) == pytest.approx(
        [0.0, 0.1, 0.1 + 0.9 / 40]
    )


def test_c1_replace_reference_values():
    """C1 (derived: gaussian-copying.md#variance-decay) for n = 10: E[σ_t²] = 0.9^t (0.348678 at t = 10)."""
    assert round(float(avr.variance_replace(10, 10)), 6) == 0.348678


def test_c12_c13_reference_values():
    """C12/C13 (derived: replace-accumulate.md#regression-replace, #regression-accumulate): d = 10, T = 40, σ² = 1: σ²d/(T − d − 1) = 0.344828 per
    generation; replace at g = 20: 6.89655; accumulate at g = 20: 0.550401; bound 0.567219.

    The bound (π²/6)·10/29 evaluates to 0.5672186 (0.567220 if π²/6 is first rounded to
    1.64494; both are accepted)."""
    assert round(avr.clean_excess_risk(10, 40), 6) == 0.344828
    assert round(float(avr.excess_risk_replace(10, 40, 20)), 5) == 6.89655
    assert round(float(avr.excess_risk_accumulate(10, 40, 20)), 6) == 0.550401
    assert round(avr.excess_risk_accumulate_bound(10, 40), 7) == 0.5672186
    assert abs(avr.excess_risk_accumulate_bound(10, 40) - 0.567220) < 2e-6
    # C13's Gerstgrasser check: d = 32, T = 100, σ² = 100 gives a plateau of ≈ 78.6
    assert round(avr.excess_risk_accumulate_bound(32, 100, 100.0), 1) == 78.6


# ---------------------------------------------------------------- Monte Carlo


@pytest.fixture(scope="module")
def result() -> avr.Result:
    return avr.simulate(avr.PARAMS, np.random.default_rng(avr.PARAMS.seed))


def _check(mean: float, sd: float, theory: float, reps: int) -> None:
    se = sd / math.sqrt(reps)
    assert abs(mean - theory) < 4 * se, (mean, theory, (mean - theory) / se)


@pytest.mark.statistical
@pytest.mark.parametrize("t", [1, 5, 10, 20])
def test_c1_gaussian_replace(result, t):
    """C1 (derived: gaussian-copying.md#variance-decay): replace, n = 10: E[σ_t²] = 0.9^t (0.9, 0.59049, 0.348678,
    0.121577 at t = 1, 5, 10, 20)."""
    _check(
        result.var_replace[t],
        result.var_replace_sd[t],
        float(avr.variance_replace(10, t)),
        avr.PARAMS.replicates,
    )


@pytest.mark.statistical
@pytest.mark.parametrize("t", [1, 2, 10, 50])
def test_c5_gaussian_accumulate_variance(result, t):
    """C5 (derived: replace-accumulate.md#accumulate-variance): accumulate, n = 10: E[σ_t²] = Π_{k≤t}(1 − 1/(10k²)) (0.9,
    0.8775, 0.847873, 0.845121 at t = 1, 2, 10, 50), heading to 0.843436."""
    _check(
        result.var_accumulate[t],
        result.var_accumulate_sd[t],
        float(avr.variance_accumulate(10, t)),
        avr.PARAMS.replicates,
    )


@pytest.mark.statistical
@pytest.mark.parametrize("t", [1, 10, 50])
def test_c5_gaussian_accumulate_mean_error(result, t):
    """C5 (derived: replace-accumulate.md#accumulate-variance): accumulate, n = 10: E[(μ_t − μ₀)²] = 1/n + Σ_{k=2..t}
    E[σ_{k−1}²]/(nk²) (0.1, 0.152474, 0.154505 at t = 1, 10, 50), bounded by 0.164493."""
    _check(
        result.sqerr_accumulate[t],
        result.sqerr_accumulate_sd[t],
        float(avr.mean_sq_error_accumulate(10, t)),
        avr.PARAMS.replicates,
    )


@pytest.mark.statistical
@pytest.mark.parametrize("g", [1, 5, 10, 20])
def test_c12_regression_replace(result, g):
    """C12 (derived: replace-accumulate.md#regression-replace): replace, d = 10, T = 40, σ² = 1, one design reused:
    E‖ŵ_g − w*‖² = 0.344828·g (0.344828, 1.72414, 3.44828, 6.89655 at g = 1, 5, 10, 20)."""
    _check(
        result.risk_replace[g - 1],
        result.risk_replace_sd[g - 1],
        float(avr.excess_risk_replace(10, 40, g)),
        avr.PARAMS.reg_replicates,
    )


@pytest.mark.statistical
@pytest.mark.parametrize("g", [1, 2, 5, 20])
def test_c13_regression_accumulate(result, g):
    """C13 (derived: replace-accumulate.md#regression-accumulate): accumulate, same design reused: E‖ŵ_g − w*‖² =
    0.344828·Σ_{i≤g} 1/i² (0.344828, 0.431034, 0.505862, 0.550401 at g = 1, 2, 5, 20)."""
    _check(
        result.risk_accumulate[g - 1],
        result.risk_accumulate_sd[g - 1],
        float(avr.excess_risk_accumulate(10, 40, g)),
        avr.PARAMS.reg_replicates,
    )


@pytest.fixture(scope="module")
def fresh_design() -> avr.Result:
    params = avr.Params(replicates=10, generations=1, reg_replicates=2_000, fresh_design=True)
    return avr.simulate(params, np.random.default_rng(2024))


@pytest.mark.statistical
@pytest.mark.parametrize("g", [1, 10, 20])
def test_c12_replace_with_fresh_design(fresh_design, g):
    """C12 (derived: replace-accumulate.md#regression-replace): the linear growth 0.344828·g also holds when every
    generation draws a fresh design X (6.89655 at g = 20; an independent run simulated 6.938)."""
    _check(
        fresh_design.risk_replace[g - 1],
        fresh_design.risk_replace_sd[g - 1],
        float(avr.excess_risk_replace(10, 40, g)),
        2_000,
    )


@pytest.mark.statistical
def test_c13_accumulate_with_fresh_design_stays_bounded(fresh_design):
    """C13 (replace-accumulate.md#regression-accumulate): with a fresh design each generation the Σ 1/i² formula is not exact,
    but the error stays bounded (an independent run: 0.513 at g = 20), below the fixed-design ceiling
    (π²/6)·0.344828 = 0.567220 by more than 4 standard errors."""
    se = fresh_design.risk_accumulate_sd[-1] / math.sqrt(2_000)
    assert fresh_design.risk_accumulate[-1] + 4 * se < avr.excess_risk_accumulate_bound(10, 40)
    assert np.all(np.diff(fresh_design.risk_accumulate[-5:]) < 4 * se)  # it has levelled off


# ---------------------------------------------------------------- contract and figure


def test_module_follows_the_contract():
    check_module(avr)
    assert avr.META.essay == "essays/replace-or-accumulate.md"


def test_plot_returns_labelled_figure():
    """plot() on a small run: a Figure with two titled, labelled panels and legends."""
    params = avr.Params(replicates=200, generations=8, reg_replicates=100, reg_generations=4)
    fig = avr.plot(avr.simulate(params, np.random.default_rng(0)))
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert len(axes) == 2
    for ax in axes:
        assert ax.get_title().startswith("(")
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        for line in ax.get_lines():
            assert not line.get_label().startswith("_")
            assert np.all(np.isfinite(line.get_ydata()))
