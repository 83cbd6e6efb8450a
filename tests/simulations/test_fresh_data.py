"""Tests for simulations/fresh_data.py.

Closed forms (derived on this site): docs/derivations/fresh-data.md#fresh-gaussian-fixed-point
(C9), #effective-sample-size and #fresh-categorical (C10).
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import fresh_data as fd
from simulations.engine.contract import check_module

# ---------------------------------------------------------------- closed forms


@pytest.mark.parametrize(
    ("n", "lam", "var", "sqerr"),
    [
        (20, 0.5, 0.935484, 0.0645161),
        (20, 0.1, 0.787234, 0.212766),
        (100, 0.2, 0.972826, 0.0271739),
    ],
)
def test_c9_reference_values(n, lam, var, sqerr):
    """C9 (derived: fresh-data.md#fresh-gaussian-fixed-point): stationary E[σ²]/σ₀² and E[(μ − μ₀)²]/σ₀² under fresh-λ:
    n = 20, λ = 0.5: 0.935484, 0.0645161; λ = 0.1: 0.787234, 0.212766;
    n = 100, λ = 0.2: 0.972826, 0.0271739."""
    assert round(float(fd.stationary_variance(n, lam)), 6) == var
    assert float(fd.stationary_mean_sq_error(n, lam)) == pytest.approx(sqerr, abs=5e-8)


def test_c9_limits():
    """C9: λ = 1 is an ordinary i.i.d. fit of n points (E[σ²] = 1 − 1/n, E[(μ−μ₀)²] = 1/n)."""
    assert float(fd.stationary_variance(20, 1.0)) == pytest.approx(0.95)
    assert float(fd.stationary_mean_sq_error(20, 1.0)) == pytest.approx(0.05)


@pytest.mark.parametrize("n", [5, 20, 100])
def test_c9_effective_sample_size_is_exact(n):
    """Derived here from C9's fixed point: E[σ²] + E[(μ − μ₀)²] = σ₀² at stationarity (the
    fit's mean square about μ₀ has expectation λσ₀² + (1 − λ)·itself), and σ₀²/E[(μ − μ₀)²]
    equals nλ(2 − λ) + (1 − λ) exactly: the approximation n_eff ≈ nλ(2 − λ) plus less than one."""
    lam = np.linspace(0.01, 1.0, 50)
    var, sqerr = fd.stationary_variance(n, lam), fd.stationary_mean_sq_error(n, lam)
    assert var + sqerr == pytest.approx(np.ones_like(lam), abs=1e-12)
    assert 1 / sqerr == pytest.approx(fd.effective_sample_size(n, lam), rel=1e-12)
    gap = fd.effective_sample_size(n, lam) - fd.effective_sample_size_approx(n, lam)
    assert np.all((gap >= 0) & (gap < 1))
    m = lam * n
    assert np.all(fd.effective_sample_size_approx(n, lam) <= 2 * m)  # C9's "≤ 2m"
    assert np.all(fd.effective_sample_size(n, lam) < 2 * m + 1)  # the exact ceiling


def test_c10_reference_value():
    """C10 (derived: fresh-data.md#fresh-categorical): Zipf V = 50, β = 1.2, n = 100, λ = 0.3: stationary
    E‖p − p*‖² = 0.0169048, i.e. an i.i.d. sample of nλ(2 − λ) + (1 − λ) = 51.7 draws."""
    p_star = fd.zipf(50, 1.2)
    value = fd.categorical_stationary_sq_error(p_star, 100, 0.3)
    assert round(value, 7) == 0.0169048
    assert (1 - np.sum(p_star**2)) / value == pytest.approx(fd.effective_sample_size(100, 0.3))


# ---------------------------------------------------------------- Monte Carlo


@pytest.fixture(scope="module")
def result() -> fd.Result:
    return fd.simulate(fd.PARAMS, np.random.default_rng(fd.PARAMS.seed))


@pytest.mark.statistical
@pytest.mark.parametrize("m", fd.PARAMS.fresh)
def test_c9_stationary_state_across_lambda(result, m):
    """C9 (derived: fresh-data.md#fresh-gaussian-fixed-point): for n = 20 and every simulated λ = m/20, the chain's
    time-averaged E[σ²] and E[(μ − μ₀)²] after the burn-in match the fixed point within
    4 standard errors (0.787234 / 0.212766 at λ = 0.1, 0.935484 / 0.0645161 at λ = 0.5)."""
    i = fd.PARAMS.fresh.index(m)
    lam = m / fd.PARAMS.n
    var_th = float(fd.stationary_variance(fd.PARAMS.n, lam))
    sq_th = float(fd.stationary_mean_sq_error(fd.PARAMS.n, lam))
    assert abs(result.var_mean[i] - var_th) < 4 * result.var_se[i], (lam, result.var_mean[i])
    assert abs(result.sqerr_mean[i] - sq_th) < 4 * result.sqerr_se[i], (lam, result.sqerr_mean[i])


@pytest.mark.statistical
def test_c9_reference_point_n100():
    """C9 (derived: fresh-data.md#fresh-gaussian-fixed-point): n = 100, λ = 0.2: E[σ²] = 0.972826, E[(μ − μ₀)²] = 0.0271739."""
    params = fd.Params(
        n=100,
        fresh=(20,),
        replicates=500,
        burn_in=60,
        window=60,
        cat_replicates=2,
        cat_burn_in=0,
        cat_window=1,
    )
    res = fd.simulate(params, np.random.default_rng(99))
    assert abs(res.var_mean[0] - 0.972826) < 4 * res.var_se[0], res.var_mean[0]
    assert abs(res.sqerr_mean[0] - 0.0271739) < 4 * res.sqerr_se[0], res.sqerr_mean[0]


@pytest.mark.statistical
def test_c10_categorical_stationary_error(result):
    """C10 (derived: fresh-data.md#fresh-categorical): Zipf V = 50, β = 1.2, n = 100, λ = 0.3: stationary
    E‖p − p*‖² = 0.0169048."""
    assert abs(result.cat_sqerr_mean - 0.0169048) < 4 * result.cat_sqerr_se, result.cat_sqerr_mean


# ---------------------------------------------------------------- contract and figure


def test_module_follows_the_contract():
    check_module(fd)
    assert fd.META.essay == "essays/fresh-human-data.md"


def test_plot_returns_labelled_figure():
    """plot() on a small run: a Figure with two titled, labelled panels and legends."""
    params = fd.Params(
        fresh=(2, 10, 20),
        replicates=20,
        burn_in=5,
        window=5,
        cat_replicates=20,
        cat_burn_in=2,
        cat_window=3,
    )
    fig = fd.plot(fd.simulate(params, np.random.default_rng(0)))
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
