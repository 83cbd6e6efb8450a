"""Tests for simulations/tail_loss.py.

Closed forms (derived on this site): docs/derivations/tail-loss.md#gini-simpson-decay (C6),
#first-generation-survivors (C7) and #type-survival (C8).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import tail_loss as tl
from simulations.engine.contract import check_module

P0 = tl.zipf(1000, 1.1)

# ---------------------------------------------------------------- closed forms


def test_c6_reference_values():
    """C6 (derived: tail-loss.md#gini-simpson-decay): Zipf V = 1000, β = 1.1, n = 2000: E[Gini–Simpson at t = 50]
    = 0.928501; diversity halves every ln 2/−ln(1 − 1/n) ≈ n ln 2 ≈ 1386 generations."""
    assert round(float(tl.expected_gini_simpson(P0, 2000, 50)), 6) == 0.928501
    assert round(tl.diversity_half_life(2000)) == 1386
    assert tl.diversity_half_life(2000) == pytest.approx(2000 * math.log(2), rel=5e-4)
    half = float(tl.expected_gini_simpson(P0, 2000, tl.diversity_half_life(2000)))
    assert half == pytest.approx(tl.gini_simpson(P0) / 2)


def test_c7_reference_value():
    """C7 (derived: tail-loss.md#first-generation-survivors): V = 1000, β = 1.1, n = 2000: Σ_i [1 − (1 − p_i)^n] = 422.616
    types survive generation 1; the exact chain gives the same number at t = 1."""
    assert round(tl.expected_survivors_first_generation(P0, 2000), 3) == 422.616
    survivors = tl.expected_survivors(P0, 2000, 3)
    assert survivors[0] == 1000
    assert survivors[1] == pytest.approx(422.6157705, abs=1e-6)
    assert survivors[1] > survivors[2] > survivors[3]


def test_c8_reference_values():
    """C8 (derived: tail-loss.md#type-survival): n = 200, τ = 40, exact (n+1)-state chain: survival
    0.0481313, 0.219920, 0.639632 for j = 1, 5, 20; branching approximation 1 − e^{−2j/τ}
    = 0.0488, 0.2212, 0.6321; Suresh 2024's lower bound 1 − e^{−j/τ} lies below."""
    exact = tl.survival_exact(200, 40, [1, 5, 20])
    assert [round(float(v), 7) for v in exact] == [0.0481313, 0.2199198, 0.6396316]
    assert [round(float(v), 6) for v in exact] == [0.048131, 0.219920, 0.639632]
    approx = tl.survival_branching(40, [1, 5, 20])
    assert [round(float(v), 4) for v in approx] == [0.0488, 0.2212, 0.6321]
    assert np.all(exact > 1 - np.exp(-np.array([1, 5, 20]) / 40))


def test_chain_is_a_martingale_with_absorbing_ends():
    """C8: the Bin(n, c/n) chain has rows summing to 1, E[c' | c] = c (neutral drift), and
    absorbing states 0 and n; one step from j = 1 loses the type with probability
    (1 − 1/n)^n."""
    n = 200
    P = tl.transition_matrix(n)
    c = np.arange(n + 1)
    assert P.sum(axis=1) == pytest.approx(np.ones(n + 1), abs=1e-12)
    assert P @ c == pytest.approx(c, abs=1e-9)
    assert P[0, 0] == 1 and P[n, n] == 1
    assert 1 - float(tl.survival_exact(n, 1, 1)) == pytest.approx((1 - 1 / n) ** n, rel=1e-12)


def test_binomial_pmf_matches_direct_formula():
    """The log-space binomial pmf equals C(n, k) q^k (1 − q)^{n−k} for a small case."""
    n, q = 12, 0.3
    direct = [math.comb(n, k) * q**k * (1 - q) ** (n - k) for k in range(n + 1)]
    assert tl.binomial_pmf(n, q)[0] == pytest.approx(direct, rel=1e-12)


# ---------------------------------------------------------------- Monte Carlo


@pytest.fixture(scope="module")
def result() -> tl.Result:
    return tl.simulate(tl.PARAMS, np.random.default_rng(tl.PARAMS.seed))


@pytest.fixture(scope="module")
def survivors_theory() -> np.ndarray:
    return tl.expected_survivors(P0, tl.PARAMS.n, tl.PARAMS.generations)


@pytest.mark.statistical
@pytest.mark.parametrize("t", [1, 10, 50, 100])
def test_c7_c8_surviving_types(result, survivors_theory, t):
    """C7 (derived: tail-loss.md#first-generation-survivors): 422.616 of 1000 types survive generation 1; for later t the
    expected count follows from C8's exact chain started from Bin(n, p_i) (derived here:
    323.5 at t = 2, then 26.3 at t = 100). Mean of 200 runs within 4 standard errors."""
    se = result.survivors_sd[t] / math.sqrt(tl.PARAMS.replicates)
    theory = survivors_theory[t]
    assert abs(result.survivors_mean[t] - theory) < 4 * se, (t, result.survivors_mean[t], theory)


@pytest.mark.statistical
@pytest.mark.parametrize("t", [1, 10, 50, 100])
def test_c6_gini_simpson_decays_geometrically(result, t):
    """C6 (derived: tail-loss.md#gini-simpson-decay): E[1 − Σp_t²] = (1 − Σp_0²)(1 − 1/n)^t with 1 − Σp_0² =
    0.952012 (0.928501 at t = 50) for V = 1000, β = 1.1, n = 2000."""
    se = result.gs_sd[t] / math.sqrt(tl.PARAMS.replicates)
    theory = float(tl.expected_gini_simpson(P0, tl.PARAMS.n, t))
    assert abs(result.gs_mean[t] - theory) < 4 * se, (t, result.gs_mean[t], theory)


@pytest.mark.statistical
@pytest.mark.parametrize("j", tl.PARAMS.j_values)
def test_c8_monte_carlo_matches_exact_chain(result, j):
    """C8 (derived: tail-loss.md#type-survival): n = 200, τ = 40: the fraction of 20,000 simulated chains
    still holding the type matches the exact chain (0.0481313, 0.219920, 0.639632 at
    j = 1, 5, 20) within 4 binomial standard errors."""
    i = list(tl.PARAMS.j_values).index(j)
    p = float(tl.survival_exact(tl.PARAMS.chain_n, tl.PARAMS.tau, j))
    se = math.sqrt(p * (1 - p) / tl.PARAMS.chain_replicates)
    assert abs(result.survived[i] - p) < 4 * se, (j, result.survived[i], p)


# ---------------------------------------------------------------- contract and figure


def test_module_follows_the_contract():
    check_module(tl)
    assert tl.META.essay == "essays/tails-go-first.md"


def test_plot_returns_labelled_figure():
    """plot() on a small run: a Figure with three titled, labelled panels and legends."""
    params = tl.Params(
        V=100,
        n=300,
        generations=5,
        replicates=10,
        chain_n=50,
        tau=5,
        j_values=(1, 3),
        j_max=10,
        chain_replicates=50,
    )
    fig = tl.plot(tl.simulate(params, np.random.default_rng(0)))
    assert isinstance(fig, Figure)
    axes = fig.get_axes()
    assert len(axes) == 3
    for ax in axes:
        assert ax.get_title().startswith("(")
        assert ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        for line in ax.get_lines():
            assert not line.get_label().startswith("_")
            assert np.all(np.isfinite(line.get_ydata()))
