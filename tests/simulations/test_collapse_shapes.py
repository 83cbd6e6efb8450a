"""Tests for simulations/collapse_shapes.py.

Closed forms (derived on this site): docs/derivations/collapse-shapes.md#kde-smearing (C16)
and #temperature-sampling (C17).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import collapse_shapes as cs
from simulations.engine.contract import check_module

EULER_GAMMA = 0.5772156649015329


def _digamma_half_integer(m: int) -> float:
    """ψ(m + 1/2) = −γ − 2 ln 2 + Σ_{k=1}^{m} 2/(2k − 1) (exact for integer m ≥ 0)."""
    return -EULER_GAMMA - 2 * math.log(2) + sum(2 / (2 * k - 1) for k in range(1, m + 1))


# ---------------------------------------------------------------- closed forms


def test_c16_reference_values():
    """C16 (derived: collapse-shapes.md#kde-smearing): n = 20, h = 0.3: E[v_10] = 1.25496, limit (n−1)h² = 1.71;
    E[v_0] = (n−1)/n = 0.95 (plug-in variance of 20 standard-normal draws)."""
    assert round(float(cs.expected_kde_variance(20, 0.3, 10)), 5) == 1.25496
    assert cs.kde_variance_limit(20, 0.3) == pytest.approx(1.71, abs=1e-12)
    assert float(cs.expected_kde_variance(20, 0.3, 0)) == pytest.approx(0.95, abs=1e-12)
    assert float(cs.expected_kde_variance(20, 0.3, 10_000)) == pytest.approx(1.71, abs=1e-12)


def test_c16_fixed_point_ignores_the_truth():
    """C16: the limit (n−1)h² does not depend on σ₀²: a KDE fitted to data with variance
    4 also ends at 1.71 (it shrinks there instead of growing)."""
    v = cs.expected_kde_variance(20, 0.3, np.array([0, 10, 1_000]), sigma0_sq=4.0)
    assert v[0] == pytest.approx(3.8)
    assert v[0] > v[1] > v[2] == pytest.approx(1.71)


def test_c17_reference_values():
    """C17 (derived: collapse-shapes.md#temperature-sampling): n = 50, τ = 0.9, T = 20: E[σ_T²] = 0.00986784; τ = 1
    reduces to C1's r^T = 0.98^20 = 0.667608."""
    assert round(float(cs.expected_tempered_variance(50, 0.9, 20)), 8) == 0.00986784
    assert round(float(cs.expected_tempered_variance(50, 1.0, 20)), 6) == 0.667608


# ---------------------------------------------------------------- Monte Carlo


@pytest.fixture(scope="module")
def kde_runs() -> np.ndarray:
    return cs.simulate_kde(20, 0.3, 40, 20_000, np.random.default_rng(16))


@pytest.mark.statistical
@pytest.mark.parametrize(("t", "value"), [(0, 0.95), (1, 0.988), (10, 1.25496), (40, 1.61233)])
def test_c16_kde_variance_matches_closed_form(kde_runs, t, value):
    """C16: E[v_t] = (n−1)h² + ((n−1)/n − (n−1)h²)·((n−1)/n)^t for n = 20, h = 0.3
    (0.95, 0.988, 1.25496, 1.61233 at t = 0, 1, 10, 40); Monte Carlo mean within 4 SE."""
    theory = float(cs.expected_kde_variance(20, 0.3, t))
    assert theory == pytest.approx(value, abs=5e-6)
    v = kde_runs[t]
    se = v.std(ddof=1) / np.sqrt(v.size)
    assert abs(v.mean() - theory) < 4 * se, (t, v.mean(), theory, se)


@pytest.fixture(scope="module")
def tempered_runs() -> dict[float, np.ndarray]:
    rng = np.random.default_rng(17)
    return {tau: cs.simulate_tempered(50, tau, 20, 20_000, rng) for tau in (0.9, 1.0)}


@pytest.mark.statistical
@pytest.mark.parametrize(
    ("tau", "t"), [(0.9, 1), (0.9, 5), (0.9, 10), (0.9, 20), (1.0, 10), (1.0, 20)]
)
def test_c17_mean_variance_matches_closed_form(tempered_runs, tau, t):
    """C17: E[σ_t²] = (τ²(n−1)/n)^t for n = 50 (τ = 0.9: 0.7938, 0.3152, 0.09934,
    0.00986784 at t = 1, 5, 10, 20; τ = 1: 0.8171, 0.6676). The mean of this product of
    scaled χ² ratios has finite variance, so the 4-SE test on the mean is valid."""
    v = tempered_runs[tau][t]
    theory = float(cs.expected_tempered_variance(50, tau, t))
    se = v.std(ddof=1) / np.sqrt(v.size)
    assert abs(v.mean() - theory) < 4 * se, (tau, t, v.mean(), theory, se)


@pytest.mark.statistical
@pytest.mark.parametrize(("tau", "per_generation"), [(0.9, -0.251471), (1.0, -0.040750)])
def test_c17_typical_path_shrinks_faster_than_the_mean(tempered_runs, tau, per_generation):
    """C2 extended to temperature (derived): log σ_T² is a sum of T i.i.d. terms with
    mean 2 ln τ + ψ((n−1)/2) + ln(2/n); for n = 50 that is −0.2515 per generation at
    τ = 0.9 against ln(τ²·49/50) = −0.2309 for log E, and −0.0407 against −0.0202 at
    τ = 1 (about twice as fast, as in C2).
    Mean of log σ_20² within 4 SE."""
    n, T = 50, 20
    drift = 2 * math.log(tau) + _digamma_half_integer((n - 2) // 2) + math.log(2 / n)
    assert drift == pytest.approx(per_generation, abs=1e-6)
    logs = np.log(tempered_runs[tau][T])
    se = logs.std(ddof=1) / np.sqrt(logs.size)
    assert abs(logs.mean() - T * drift) < 4 * se
    assert drift < math.log(tau**2 * (n - 1) / n)


# ---------------------------------------------------------------- module contract


def test_module_follows_the_contract():
    check_module(cs)
    assert cs.META.essay == "essays/shapes-of-collapse.md"


def test_plot_returns_labelled_figure():
    small = cs.Params(kde_generations=5, temp_generations=5, replicates=200)
    fig = cs.plot(cs.simulate(small, np.random.default_rng(small.seed)))
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert len(axes) == 2
    for ax in axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        for line in ax.get_lines():
            assert not line.get_label().startswith("_")
            assert np.all(np.isfinite(line.get_ydata()))
