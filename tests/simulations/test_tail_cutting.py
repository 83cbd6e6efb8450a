"""Tests for simulations/tail_cutting.py.

Closed forms: docs/derivations/synthetic-floors.md#tail-cutting (C11) and
#synthetic-fraction-floor (C14).
"""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import tail_cutting as tc
from simulations._distributions import zipf
from simulations.engine.contract import check_module

D, SIGMA2, PI, DELTA = 10, 1.0, 0.1, 0.5


@pytest.fixture(scope="module")
def zipf2() -> np.ndarray:
    return zipf(10**6, 2.0)


def _z(sim: float, se: float, theory: float) -> float:
    return (sim - theory) / se


# ---------------------------------------------------------------- C11 closed forms


def test_c11_reference_values(zipf2):
    """C11 (synthetic-floors.md#tail-cutting, exact sums): β = 2, V = 10⁶, k = 100. Floor 0.00605; clean
    0.02184 / 0.00691 / 0.00218 and cut 0.02196 / 0.00793 / 0.00605 at T = 10³/10⁴/10⁵."""
    assert round(tc.tail_mass(zipf2, 100), 5) == 0.00605
    T = [1e3, 1e4, 1e5]
    clean = tc.expected_unseen_mass(zipf2, T)
    cut = tc.expected_unseen_mass(zipf2, T, k=100)
    assert [round(float(x), 5) for x in clean] == [0.02184, 0.00691, 0.00218]
    assert [round(float(x), 5) for x in cut] == [0.02196, 0.00793, 0.00605]


def test_c11_cut_error_stops_at_the_floor(zipf2):
    """C11: E_k(T) → Σ_{i>k} p_i; at T = 10⁶ every head type has been seen
    ((1 − p_100)^T ≈ e^−61), so the cut error equals the floor, while clean error
    keeps falling below it (≍ T^−1/2 for β = 2)."""
    floor = tc.tail_mass(zipf2, 100)
    cut = tc.expected_unseen_mass(zipf2, [1e6], k=100)[0]
    clean = tc.expected_unseen_mass(zipf2, [1e5, 1e6])
    assert abs(cut - floor) < 1e-15
    assert clean[1] < clean[0] < floor
    # Scaling exponent of the clean curve, 1 − 1/β = 0.5 (C11), within 10%.
    slope = -np.log10(clean[1] / clean[0])
    assert slope == pytest.approx(0.5, rel=0.1)


@pytest.mark.statistical
@pytest.mark.parametrize(("T", "reps"), [(100, 4000), (1000, 2000), (10_000, 300)])
def test_c11_sampled_unseen_mass_matches_exact_sum(zipf2, T, reps):
    """C11 sampled check: draw T Zipf(2) tokens, count the unseen probability mass; its
    mean matches the exact sum Σ p_i(1 − p_i)^T (clean) and the cut formula within 4 SE
    (e.g. 0.02184 and 0.02196 at T = 10³)."""
    rng = np.random.default_rng(20240 + T)
    clean, cut = tc.sample_unseen_mass(zipf2, T, reps, rng, k=100)
    for sample, k in ((clean, None), (cut, 100)):
        exact = tc.expected_unseen_mass(zipf2, [T], k=k)[0]
        se = sample.std(ddof=1) / np.sqrt(reps)
        assert abs(_z(sample.mean(), se, exact)) < 4, (T, k, sample.mean(), exact, se)


def test_sampler_counts_each_type_once():
    """With three equiprobable types and many draws every type is seen: unseen mass 0;
    with k = 1 only the first type is kept, so the cut learner misses 2/3."""
    p = np.full(3, 1 / 3)
    clean, cut = tc.sample_unseen_mass(p, 200, 5, np.random.default_rng(0), k=1)
    np.testing.assert_allclose(clean, 0.0, atol=1e-12)
    np.testing.assert_allclose(cut, 2 / 3, atol=1e-12)


# ---------------------------------------------------------------- C14 closed forms


def test_c14_reference_values():
    """C14 (synthetic-floors.md#synthetic-fraction-floor): π = 0.1, ‖δ‖ = 0.5, d = 10, σ² = 1: floor π²‖δ‖² = 0.0025;
    formula 0.0126 at N = 10³ and 0.0026 at N = 10⁵."""
    assert tc.synthetic_floor(PI, DELTA) == pytest.approx(0.0025, abs=1e-15)
    f = tc.pooled_excess_risk(np.array([1e3, 1e5]), D, SIGMA2, PI, DELTA)
    assert [round(float(x), 4) for x in f] == [0.0126, 0.0026]
    # The refinement derived in the module adds π(1−π)(d+1)‖δ‖²/N: 0.0002475 at N = 10³.
    extra = tc.pooled_excess_risk_refined(1e3, D, SIGMA2, PI, DELTA) - f[0]
    assert extra == pytest.approx(0.0002475, rel=1e-12)
    # Both tend to the floor: the noise and fluctuation terms vanish as N → ∞.
    assert tc.pooled_excess_risk(1e12, D, SIGMA2, PI, DELTA) - 0.0025 < 1e-10
    assert tc.clean_excess_risk(40, D, SIGMA2) == pytest.approx(10 / 29)


@pytest.mark.statistical
@pytest.mark.parametrize("N", [100, 1_000, 10_000])
def test_c14_monte_carlo_matches_refined_formula(N):
    """C14 with the O(1/N) term derived in tail_cutting.py: E‖ŵ − w*‖² =
    π²‖δ‖² + σ²d/(N−d−1) + π(1−π)(d+1)‖δ‖²/N (0.0128587 at N = 10³), within 4 SE;
    the clean arm matches σ²d/(N−d−1) (exact, inverse-Wishart mean) within 4 SE."""
    reps = 20_000
    rng = np.random.default_rng(7 + N)
    syn, clean = tc.sample_pooled_ols_error(N, D, SIGMA2, PI, DELTA, reps, rng)
    se_syn = syn.std(ddof=1) / np.sqrt(reps)
    se_clean = clean.std(ddof=1) / np.sqrt(reps)
    refined = tc.pooled_excess_risk_refined(N, D, SIGMA2, PI, DELTA)
    assert abs(_z(syn.mean(), se_syn, refined)) < 4
    assert abs(_z(clean.mean(), se_clean, tc.clean_excess_risk(N, D, SIGMA2))) < 4


@pytest.mark.statistical
@pytest.mark.parametrize("N", [1_000, 10_000, 100_000])
def test_c14_monte_carlo_agrees_with_leading_order_formula_within_tolerance(N):
    """C14 at leading order, π²‖δ‖² + σ²d/(N−d−1), is leading-order. Tolerance:
    the term it omits, π(1−π)(d+1)‖δ‖²/N (2.0% of the formula at N = 10³, 0.1% at
    10⁵), plus 4 SE of Monte Carlo error. This is inside a "~6%" margin (a run
    used noiseless synthetic labels, which shrinks the noise term by ~π)."""
    reps = 20_000
    rng = np.random.default_rng(99 + N)
    syn, _ = tc.sample_pooled_ols_error(N, D, SIGMA2, PI, DELTA, reps, rng)
    se = syn.std(ddof=1) / np.sqrt(reps)
    leading = tc.pooled_excess_risk(N, D, SIGMA2, PI, DELTA)
    omitted = PI * (1 - PI) * (D + 1) * DELTA**2 / N
    assert abs(syn.mean() - leading) <= omitted + 4 * se
    assert abs(syn.mean() / leading - 1) < 0.06


@pytest.mark.statistical
@pytest.mark.parametrize("N", [100_000, 1_000_000, 10_000_000])
def test_c14_floor_is_reached_exactly(N):
    """C14 floor: with noise switched off (σ² = 0) the error is the pure bias
    ‖(XᵀX)⁻¹X_sᵀX_s δ‖², whose mean tends to π²‖δ‖² = 0.0025 as N grows (derived
    correction ×(1 + (1−π)(d+1)/(πN)): 0.00250025 at N = 10⁵, 0.0025000025 at 10⁷).
    Checked within 4 SE, and to 10⁻⁴ relative at N = 10⁷."""
    reps = 20_000
    rng = np.random.default_rng(314 + N)
    bias2, clean = tc.sample_pooled_ols_error(N, D, 0.0, PI, DELTA, reps, rng)
    assert np.all(clean == 0.0)
    expected = tc.pooled_excess_risk_refined(N, D, 0.0, PI, DELTA)
    se = bias2.std(ddof=1) / np.sqrt(reps)
    assert abs(_z(bias2.mean(), se, expected)) < 4
    if N >= 10_000_000:
        assert bias2.mean() == pytest.approx(0.0025, rel=1e-4)


@pytest.mark.statistical
def test_wishart_shortcut_matches_explicit_least_squares():
    """The Monte Carlo samples OLS error through Wishart draws; solving least squares on
    an explicit N × d design (N = 100, 10 rows labelled with w* + δ, noise σ = 1) must
    give the same mean error, here within 4 SE of the refined C14 value 0.1173346."""
    N, reps = 100, 4_000
    rng = np.random.default_rng(2718)
    X = rng.standard_normal((reps, N, D))
    w_star = rng.standard_normal(D)
    delta = np.zeros(D)
    delta[3] = DELTA
    n_syn = round(PI * N)
    y = X @ w_star + rng.standard_normal((reps, N))
    y[:, :n_syn] += X[:, :n_syn] @ delta
    w_hat = np.linalg.solve(np.swapaxes(X, 1, 2) @ X, (np.swapaxes(X, 1, 2) @ y[..., None]))
    err = ((w_hat[..., 0] - w_star) ** 2).sum(axis=1)
    refined = tc.pooled_excess_risk_refined(N, D, SIGMA2, PI, DELTA)
    assert refined == pytest.approx(0.1173346, rel=1e-6)
    assert abs(_z(err.mean(), err.std(ddof=1) / np.sqrt(reps), refined)) < 4


# ---------------------------------------------------------------- module contract


def test_module_follows_the_contract():
    check_module(tc)
    assert tc.META.essay == "essays/a-little-synthetic-forever.md"


def test_plot_returns_labelled_figure():
    small = tc.Params(
        vocab=10_000,
        t_points=5,
        t_sampled=(10, 100),
        token_budget=20_000,
        n_grid=(20, 100, 1_000),
        replicates=200,
    )
    fig = tc.plot(tc.simulate(small, np.random.default_rng(small.seed)))
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert len(axes) == 2
    for ax in axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        for line in ax.get_lines():
            assert not line.get_label().startswith("_")
            assert np.all(np.isfinite(line.get_ydata()))
