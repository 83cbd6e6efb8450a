"""Tests for simulations/watermark_detection.py against the closed forms of docs/derivations/watermarks.md."""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import _watermark_tokens as tokens_model
from simulations import watermark_detection as wd

P = wd.PARAMS
G, D, Z0 = P.gamma, P.delta, P.z0


@pytest.fixture(scope="module")
def result() -> wd.Result:
    """The figure's own run: the production parameters and seed."""
    return wd.simulate(P, np.random.default_rng(P.seed))


def _within(simulated: float, theory: float, se: float, n_se: float = 4.0) -> None:
    assert abs(simulated - theory) < n_se * se, (
        f"simulated {simulated:.6g} vs theory {theory:.6g}: "
        f"{(simulated - theory) / se:+.2f} SE (limit ±{n_se})"
    )


# ---------------------------------------------------------------------------------------
# Closed forms reproduce the reference numbers printed on the derivation page.
# ---------------------------------------------------------------------------------------


def test_a2_green_probability_high_entropy():
    """a2 (derived: watermarks.md#green-probability): p* = γα/(1 + (α−1)γ) = 0.7112 (γ = .25, δ = 2),
    0.4754 (δ = 1), 0.9802 (δ = 5), 0.8808 (γ = .5, δ = 2)."""
    assert round(wd.green_probability(0.25, 2.0), 4) == 0.7112
    assert round(wd.green_probability(0.25, 1.0), 4) == 0.4754
    assert round(wd.green_probability(0.25, 5.0), 4) == 0.9802
    assert round(wd.green_probability(0.5, 2.0), 4) == 0.8808


def test_a3_a4_mixture_and_expected_z():
    """a3/a4 (derived: watermarks.md#green-probability, #expected-z): p_g = 0.3884 at h = .3; for T = 200
    E[z] = 4.52 and SD[z] = 1.126."""
    assert round(float(wd.mixture_green_probability(0.3, G, D)), 4) == 0.3884
    assert round(float(wd.expected_z(0.3, 200, G, D)), 2) == 4.52
    assert round(float(wd.sd_z(0.3, G, D)), 3) == 1.126


def test_a1_z_score_formula():
    """a1 (watermarks.md#z-score, kirchenbauer2023watermark repo `_compute_z_score`):
    z = (|s|_G − γT)/√(Tγ(1−γ)); 75 green of 200 at γ = .25 gives 25/√37.5 = 4.0825."""
    assert wd.z_score(75, 200, 0.25) == pytest.approx(25 / math.sqrt(37.5), rel=1e-15)
    assert wd.z_score(50, 200, 0.25) == 0.0


def test_a6_exact_false_positive_rates():
    """a6 (derived: watermarks.md#false-positive-rate): exact P(z > 4) under Binomial(T, .25):
    2.1e−4 (T = 25), 1.2e−4 (50), 6.2e−5 (200), 4.8e−5 (1000); normal Φ̄(4) = 3.17e−5."""
    fpr = wd.false_positive_rate_exact(np.array([25, 50, 200, 1000]), G, Z0)
    assert [float(f"{x:.2g}") for x in fpr] == [2.1e-4, 1.2e-4, 6.2e-5, 4.8e-5]
    assert float(f"{wd.false_positive_rate_normal(4.0):.3g}") == 3.17e-5


def test_a6_normal_approximation_understates_fpr():
    """a6 (watermarks.md#false-positive-rate): the normal tail understates the exact FPR, 1.5–7× for the derivation's
    lengths (6.8× at T = 25, 1.5× at T = 1000); the caption's claim that the exact tail
    stays above Φ̄(4) for every T in 10..3000 (derived here)."""
    T = np.arange(10, 3001)
    ratio = wd.false_positive_rate_exact(T, G, Z0) / wd.false_positive_rate_normal(Z0)
    assert ratio.min() > 1.0
    r25, r1000 = ratio[[25 - 10, 1000 - 10]]
    assert 6.5 < r25 < 7.0 and 1.5 < r1000 < 1.6


def test_binomial_tail_agrees_with_exact_rational_sum():
    """The log-space recurrence for P(Bin(n, p) ≥ m) agrees with the exact rational sum
    Σ C(n, j) p^j (1−p)^(n−j) computed with math.comb and fractions (γ = 1/4, p = 5/7)."""
    for p in (Fraction(1, 4), Fraction(5, 7)):
        for n in (1, 10, 25, 50, 200, 333):
            for m in sorted({0, 1, n // 4, n // 2, (3 * n) // 4, n, n + 1}):
                exact = sum(
                    Fraction(math.comb(n, j)) * p**j * (1 - p) ** (n - j) for j in range(m, n + 1)
                )
                got = wd.binomial_sf(m, n, float(p))
                assert got == pytest.approx(float(exact), rel=1e-11, abs=1e-300), (n, m, p)


def test_threshold_is_the_detectors_rule():
    """The threshold count m(T) is the smallest count with z > 4 (strict, as the detector
    compares), for every T up to 3000; at T = 12 a count of 9 gives z = 4 exactly, so 10."""
    T = np.arange(1, 3001)
    m = wd.detection_threshold(T, G, Z0)
    assert np.all(wd.z_score(m, T, G) > Z0)
    assert np.all(wd.z_score(m - 1, T, G) <= Z0)
    assert wd.detection_threshold(12, G, Z0) == 10


def test_a7_power_normal_approximation():
    """a7 (derived: watermarks.md#power): P(z > 4) ≈ 0.678 (h = .3, T = 200) and 0.420
    (h = .5, T = 50). An independent Monte Carlo's values 0.675 and 0.445 match the exact binomial
    power (0.676, 0.447) of the same model to within their noise."""
    assert round(float(wd.power_normal(0.3, 200, G, D, Z0)), 3) == 0.678
    assert round(float(wd.power_normal(0.5, 50, G, D, Z0)), 3) == 0.420
    assert round(float(wd.power_exact(0.3, 200, G, D, Z0)), 3) == 0.676
    assert round(float(wd.power_exact(0.5, 50, G, D, Z0)), 3) == 0.447


def test_a8_tokens_for_95_percent_power():
    """a8 (derived: watermarks.md#power): T* = 29 / 123 / 335 / 2,898 tokens for h = 1 /
    .5 / .3 / .1 at z0 = 4 and 95% power. T* is a real number (28.85, 122.63, 335.30,
    2898.08): the derivation's figures are it rounded to the nearest integer, so the shortest
    whole length reaching 95% under a7 is one more for h = .3 and .1 (336, 2,899)."""
    h = np.array([1.0, 0.5, 0.3, 0.1])
    t_star = wd.tokens_for_power(h, 0.95, G, D, Z0)
    assert np.round(t_star).astype(int).tolist() == [29, 123, 335, 2898]
    assert np.ceil(t_star).astype(int).tolist() == [29, 123, 336, 2899]
    # T* is where the a7 approximation crosses 95%.
    assert np.allclose(wd.power_normal(h, t_star, G, D, Z0), 0.95, atol=1e-12)


def test_a9_a10_closed_forms():
    """a9 (derived: watermarks.md#substitution): k = 1, ε = .2, T = 400, h = 1: factor 0.64,
    E[z_att] = 13.63 (from E[z] = 21.30). a10: 200 watermarked tokens in 1,800 human ones
    give E[z] = 4.76."""
    assert float(wd.substitution_factor(0.2, 1)) == pytest.approx(0.64, abs=1e-15)
    assert round(float(wd.expected_z(1.0, 400, G, D) * wd.substitution_factor(0.2, 1)), 2) == 13.63
    assert float(wd.spaced_substitution_factor(0.5, 1)) == 0.0
    assert float(wd.spaced_substitution_factor(0.2, 1)) == pytest.approx(0.6)
    assert round(float(wd.dilution_expected_z(200, 1800, 1.0, G, D)), 2) == 4.76


# ---------------------------------------------------------------------------------------
# The mechanism: green lists, the sampler, the null.
# ---------------------------------------------------------------------------------------


def test_green_lists_have_exactly_gamma_v_tokens():
    """Every keyed green list holds exactly γV tokens (the premise of a2's exact p*)."""
    V = 64
    rng = np.random.default_rng(1)
    keys = wd.draw_keys(rng, 50)
    for k in (1, 3):
        prompt = rng.integers(0, V, size=(50, k))
        candidates = np.arange(V)
        tokens = np.concatenate(
            [np.repeat(prompt, V, axis=0), np.tile(candidates, 50)[:, None]], axis=1
        )
        flags = wd.green_flags(tokens, np.repeat(keys, V), k, 0.25, V).reshape(50, V)
        assert np.all(flags.sum(axis=1) == 16)


@pytest.mark.statistical
def test_a2_sampler_draws_from_the_biased_softmax():
    """a2 (derived: watermarks.md#green-probability) at the token level: the generator's token, seen
    through the key's ordering of the vocabulary, has the softmax law of logits δ on the
    γV green ranks and 0 elsewhere: P(rank r) = α/(γVα + (1−γ)V) for green ranks and
    1/(γVα + (1−γ)V) otherwise (V = 64, 200,000 draws, every rank within 4 SE); the green
    share is p* = 0.7112."""
    V, n = 64, 200_000
    rng = np.random.default_rng(7)
    keys = wd.draw_keys(rng, n)
    tokens = wd.generate_watermarked(rng, keys, 1, 1.0, 1, G, D, V)
    b = tokens_model._offsets(keys, [tokens[:, 0]], V)
    rank = (tokens_model._MULT * tokens[:, 1] + b) % V
    freq = np.bincount(rank, minlength=V) / n
    alpha = math.exp(D)
    green = round(G * V)
    prob = np.where(np.arange(V) < green, alpha, 1.0) / (green * alpha + (V - green))
    se = np.sqrt(prob * (1 - prob) / n)
    assert np.all(np.abs(freq - prob) < 4 * se), np.max(np.abs(freq - prob) / se)
    share = wd.green_flags(tokens, keys, 1, G, V).mean()
    _within(share, wd.green_probability(G, D), math.sqrt(0.7112 * 0.2888 / n))


@pytest.mark.statistical
def test_null_text_colours_are_bernoulli_gamma():
    """a6's premise (watermarks.md#false-positive-rate): unwatermarked text scored with the key has green count
    ≈ Binomial(T, γ), so z has mean 0 and variance 1 (3,000 random texts of 400 tokens,
    within 4 SE), and the green share is γ = 0.25."""
    rng = np.random.default_rng(11)
    n, T = 3_000, 400
    keys = wd.draw_keys(rng, n)
    text = rng.integers(0, P.vocab, size=(n, T + 1))
    flags = wd.green_flags(text, keys, 1, G, P.vocab)
    z = wd.z_score(flags.sum(axis=1), T, G)
    _within(z.mean(), 0.0, 1 / math.sqrt(n))
    _within(z.var(ddof=1), 1.0, math.sqrt(2 / (n - 1)))
    _within(flags.mean(), G, math.sqrt(G * (1 - G) / (n * T)))


@pytest.mark.statistical
def test_a5_spike_entropy_bound_holds():
    """a5 (watermarks.md#spike-entropy-bound, Theorem 4.2 of kirchenbauer2023watermark, statement [V2]): for random
    Dirichlet language models over V = 200 tokens, the expected green probability over
    random green lists of γV tokens is at least γα·S(p, z*)/(1 + (α−1)γ) (the Monte Carlo
    mean over 4,000 green lists plus 4 SE is above the bound). Example numbers depend
    on the Dirichlet parameters, so only the inequality is checked."""
    rng = np.random.default_rng(3)
    V, lists = 200, 4_000
    alpha = math.exp(D)
    for conc in (0.05, 0.3, 1.0, 10.0):
        p = rng.dirichlet(np.full(V, conc))
        green = np.argsort(rng.random((lists, V)), axis=1)[:, : int(G * V)]
        mass = p[green].sum(axis=1)
        p_green = alpha * mass / (alpha * mass + 1 - mass)
        bound = float(wd.green_probability_bound(p, G, D))
        assert p_green.mean() + 4 * p_green.std(ddof=1) / math.sqrt(lists) >= bound
        assert bound <= wd.green_probability(G, D) + 1e-12


# ---------------------------------------------------------------------------------------
# The figure's Monte Carlo against the closed forms (the production run).
# ---------------------------------------------------------------------------------------


@pytest.mark.statistical
def test_power_monte_carlo_matches_exact_binomial_power(result):
    """a7's model (watermarks.md#power): under KGW-h the green count is Binomial(T, p_g), so the
    exact power is a binomial tail. Simulated power (1,000 texts) within 4 SE of it at every
    (h, T) point drawn in panel (a), e.g. h = .3, T = 200: exact 0.676."""
    for h, lengths, z in zip(P.entropies, result.power_lengths, result.power_z, strict=True):
        exact = wd.power_exact(h, lengths, G, D, Z0)
        sim = (z > Z0).mean(axis=0)
        se = np.sqrt(np.maximum(exact * (1 - exact), 1e-6) / z.shape[0])
        bad = np.abs(sim - exact) >= 4 * se
        assert not bad.any(), (h, lengths[bad], sim[bad], exact[bad])


@pytest.mark.statistical
def test_a4_mean_and_sd_of_z_monte_carlo(result):
    """a4 (derived: watermarks.md#expected-z): h = .3, T = 200: E[z] = 4.519, SD[z] = 1.1256
    (an independent Monte Carlo: 4.52 / 1.129); also h = .1, T = 2000 and h = 1, T = 50, within 4 SE."""
    checks = [(0.3, 200), (0.1, 2000), (1.0, 50)]
    for h, T in checks:
        i = P.entropies.index(h)
        z = result.power_z[i][:, list(result.power_lengths[i]).index(T)]
        n = z.size
        sd = float(wd.sd_z(h, G, D))
        _within(z.mean(), float(wd.expected_z(h, T, G, D)), sd / math.sqrt(n))
        _within(z.std(ddof=1), sd, sd / math.sqrt(2 * (n - 1)))


@pytest.mark.statistical
def test_a6_false_positive_monte_carlo(result):
    """a6 (derived: watermarks.md#false-positive-rate): the share of 1.5 million null texts with z > 4 is
    within 4 SE of the exact binomial tail at each length (2.1e−4 at T = 25 ... 4.8e−5 at
    T = 1000), and at T = 25 it is far above Φ̄(4) = 3.17e−5."""
    exact = wd.false_positive_rate_exact(np.asarray(P.fpr_lengths), G, Z0)
    sim = result.fpr_flagged / P.null_texts
    se = np.sqrt(exact * (1 - exact) / P.null_texts)
    assert np.all(np.abs(sim - exact) < 4 * se), (sim - exact) / se
    i25 = P.fpr_lengths.index(25)
    assert sim[i25] - 4 * se[i25] > wd.false_positive_rate_normal(Z0)


@pytest.mark.statistical
def test_a9_substitution_attack_monte_carlo(result):
    """a9 (derived: watermarks.md#substitution): after random substitution at rate ε, mean z is
    (1−ε)^(k+1)·E[z] (k = 1, ε = .2, T = 400, h = 1: 13.63, an independent Monte Carlo: 13.65), for k = 1 and
    k = 4 at every ε; evenly spaced edits give max(0, 1 − (k+1)ε)·E[z]. All within 4 SE."""
    z_clean = float(wd.expected_z(P.attack_entropy, P.attack_length, G, D))
    for i, k in enumerate(P.contexts):
        for j, eps in enumerate(P.edit_rates):
            z = result.attack_z[i, j]
            theory = z_clean * float(wd.substitution_factor(eps, k))
            _within(z.mean(), theory, z.std(ddof=1) / math.sqrt(z.size))
    for j, s in enumerate(P.spacings):
        z = result.spaced_z[j]
        theory = z_clean * float(wd.spaced_substitution_factor(1 / s, P.contexts[0]))
        _within(z.mean(), theory, z.std(ddof=1) / math.sqrt(z.size))
    j = P.edit_rates.index(0.2)
    assert round(z_clean * 0.64, 2) == 13.63
    assert abs(result.attack_z[0, j].mean() - 13.63) < 0.2


@pytest.mark.statistical
def test_a10_dilution_monte_carlo(result):
    """a10 (derived: watermarks.md#dilution): T_w = 200 watermarked tokens among T_h human
    ones: mean z = z_w·√(T_w/(T_w + T_h)) (h = 1, T_h = 1800: 4.76, an independent Monte Carlo: 4.75), at every
    T_h and for h = 1 and 0.5, within 4 SE."""
    for i, h in enumerate(P.dilution_entropies):
        for j, T_h in enumerate(P.human_tokens):
            z = result.dilution_z[i, j]
            theory = float(wd.dilution_expected_z(P.watermarked_tokens, T_h, h, G, D))
            _within(z.mean(), theory, z.std(ddof=1) / math.sqrt(z.size))


def test_plot_returns_labelled_figure():
    """plot(simulate(small params)) returns a Figure whose panels all have a title, axis
    labels and finite plotted data."""
    small = dataclasses.replace(
        P,
        max_lengths=(50, 100, 200, 300),
        power_replicates=50,
        null_texts=20_000,
        max_fpr_length=300,
        attack_replicates=20,
        dilution_replicates=20,
        human_tokens=(10, 100, 1_000),
    )
    fig = wd.plot(wd.simulate(small, np.random.default_rng(0)))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 4
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        for line in ax.get_lines():
            assert line.get_label()
            assert np.all(np.isfinite(np.asarray(line.get_ydata(), dtype=float)))
