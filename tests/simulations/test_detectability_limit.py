"""Tests for simulations/detectability_limit.py against docs/derivations/detectors.md#detectability-bound (e1)."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import detectability_limit as dl

P = dl.PARAMS
EPS = 1e-12


def _sparse_pairs(rng, n, k):
    """Random pairs with some categories missing from P or from Q (zero probabilities)."""
    p, q = dl.random_pairs(rng, n, k, (0.05, 5.0))
    p = p * (rng.random(p.shape) > 0.25)
    q = q * (rng.random(q.shape) > 0.25)
    p[:, 0] += 1e-3  # keep every row a distribution
    q[:, 1] += 1e-3
    return p / p.sum(axis=1, keepdims=True), q / q.sum(axis=1, keepdims=True)


def _tied_pairs(rng, n, k):
    """Pairs whose likelihood ratio Q/P takes few distinct values (exact ties): Q is P
    re-weighted by a factor chosen from {1/2, 1, 2} per category, then renormalised."""
    p = rng.dirichlet(np.ones(k), size=n)
    q = p * rng.choice([0.5, 1.0, 2.0], size=(n, k))
    return p, q / q.sum(axis=1, keepdims=True)


def test_e1_closed_form_values():
    """e1 (detectors.md#detectability-bound, statement [V2] from sadasivan2023detected, re-derived on this site):
    TV = 0.1 → AUROC ≤ 0.595 and TPR ≤ 0.11 at FPR 1%; ceiling 0.5 at TV = 0, 1 at TV = 1.
    The derived floor ½ + TV/2 (this figure) is 0.55 at TV = 0.1."""
    assert round(float(dl.auroc_ceiling(0.1)), 3) == 0.595
    assert float(dl.tpr_ceiling(0.01, 0.1)) == pytest.approx(0.11, abs=1e-15)
    assert float(dl.auroc_ceiling(0.0)) == 0.5 and float(dl.auroc_ceiling(1.0)) == 1.0
    assert float(dl.auroc_floor(0.1)) == pytest.approx(0.55)


def test_e1_ceiling_is_area_under_tpr_bound():
    """e1 (re-derived: detectors.md#detectability-bound): ½ + TV − TV²/2 is the area under
    min(1, FPR + TV), checked by numerical integration for TV in [0, 1]."""
    f = np.linspace(0, 1, 200_001)
    for tv in (0.0, 0.05, 0.1, 0.3, 0.7, 1.0):
        area = np.trapezoid(dl.tpr_ceiling(f, tv), f)
        assert area == pytest.approx(float(dl.auroc_ceiling(tv)), abs=1e-9)


def test_e1_ceiling_is_attained():
    """e1: the bound is tight. P = (TV, 1−TV, 0) and Q = (0, 1−TV, TV) have total variation
    TV and an optimal ROC equal to min(1, FPR + TV), so AUROC = ½ + TV − TV²/2 exactly."""
    for tv in (0.01, 0.1, 0.5, 0.9):
        p, q = np.array([tv, 1 - tv, 0.0]), np.array([0.0, 1 - tv, tv])
        assert float(dl.total_variation(p, q)) == pytest.approx(tv)
        for auroc in (dl.auroc_roc(p, q), dl.auroc_pairwise(p, q)):
            assert float(auroc) == pytest.approx(float(dl.auroc_ceiling(tv)), abs=1e-12)
        f = np.geomspace(1e-4, 1, 50)
        assert np.allclose(dl.tpr_at_fpr(p, q, f), dl.tpr_ceiling(f, tv), atol=1e-12)


def test_exact_auroc_two_ways_agree():
    """The exact AUROC computed as the ROC trapezoid area and as the pairwise definition
    (P(machine score > human score) + ½ P(tie), compared by cross-multiplication) agree to
    1e−12 for dense, sparse (zero probabilities) and tied random pairs; P = Q gives ½."""
    rng = np.random.default_rng(5)
    for k in (2, 3, 8, 40):
        for maker in (
            lambda n, k=k: dl.random_pairs(rng, n, k, (0.05, 5.0)),
            lambda n, k=k: _sparse_pairs(rng, n, k),
            lambda n, k=k: _tied_pairs(rng, n, k),
        ):
            p, q = maker(500)
            assert np.allclose(dl.auroc_roc(p, q), dl.auroc_pairwise(p, q), rtol=0, atol=1e-12)
    p = rng.dirichlet(np.ones(10), size=100)
    assert np.allclose(dl.auroc_roc(p, p), 0.5) and np.allclose(dl.auroc_pairwise(p, p), 0.5)


def test_e1_bound_and_floor_hold_for_many_random_pairs():
    """e1 (detectors.md#detectability-bound; an independent run of 300 random pairs gave max(AUROC − bound) = −0.019): for 40,000
    random pairs (2 to 40 categories, dense, sparse and tied) the optimal AUROC lies between
    ½ + TV/2 and ½ + TV − TV²/2, and TPR ≤ FPR + TV at every vertex of every ROC."""
    rng = np.random.default_rng(17)
    for k in (2, 3, 8, 40):
        for p, q in (
            dl.random_pairs(rng, 5_000, k, (0.05, 5.0)),
            _sparse_pairs(rng, 3_000, k),
            _tied_pairs(rng, 2_000, k),
        ):
            tv = dl.total_variation(p, q)
            auroc = dl.auroc_roc(p, q)
            assert np.all(auroc <= dl.auroc_ceiling(tv) + EPS)
            assert np.all(auroc >= dl.auroc_floor(tv) - EPS)
            fpr, tpr = dl.roc_curve(p, q)
            assert np.all(tpr <= fpr + tv[:, None] + EPS)
            # The largest gap TPR − FPR along the optimal ROC is exactly TV.
            assert np.allclose((tpr - fpr).max(axis=1), tv, atol=1e-12)


@pytest.mark.statistical
def test_exact_auroc_matches_monte_carlo():
    """The exact AUROC of the likelihood-ratio detector equals the Mann–Whitney estimate
    from sampled documents: 400 replicates of 2,000 machine and 2,000 human documents per
    pair, mean within 4 SE of the exact value for 5 random pairs (8 categories)."""
    rng = np.random.default_rng(23)
    p, q = dl.random_pairs(rng, 5, 8, (0.05, 5.0))
    n, reps = 2_000, 400
    for hp, hq in zip(p, q, strict=True):
        freq_q = rng.multinomial(n, hq, size=reps) / n
        freq_p = rng.multinomial(n, hp, size=reps) / n
        # Mann–Whitney with the *true* likelihood-ratio scores: sum over category pairs of
        # the empirical frequencies, weighted 1 / ½ / 0 by the comparison of true ratios.
        lhs = hq[:, None] * hp[None, :]
        rhs = hq[None, :] * hp[:, None]
        weight = (lhs > rhs) + 0.5 * (lhs == rhs)
        estimates = np.einsum("ri,rj,ij->r", freq_q, freq_p, weight)
        exact = float(dl.auroc_pairwise(hp, hq))
        se = estimates.std(ddof=1) / math.sqrt(reps)
        assert abs(estimates.mean() - exact) < 4 * se, (estimates.mean(), exact, se)


def test_figure_run_respects_the_bound():
    """The figure's own run (400 pairs, seed 20233): every point lies between the floor and
    the ceiling; the six example pairs have TV = 0.1 exactly and TPR ≤ 0.11 at FPR 1%
    (e1, detectors.md#detectability-bound)."""
    res = dl.simulate(P, np.random.default_rng(P.seed))
    assert np.all(res.auroc <= dl.auroc_ceiling(res.tv) + EPS)
    assert np.all(res.auroc >= dl.auroc_floor(res.tv) - EPS)
    assert res.tv.min() < 0.05 and res.tv.max() > 0.8  # the points span the TV range
    assert np.allclose(dl.total_variation(res.example_p, res.example_q), P.tv_example)
    for hp, hq in zip(res.example_p, res.example_q, strict=True):
        assert float(dl.tpr_at_fpr(hp, hq, P.fpr_example)) <= 0.11 + EPS
        assert float(dl.auroc_roc(hp, hq)) <= 0.595 + EPS


def test_plot_returns_labelled_figure():
    """plot(simulate(small params)) returns a Figure whose panels have titles, axis labels,
    a legend and finite plotted data."""
    small = dataclasses.replace(P, pairs=30, roc_examples=2)
    fig = dl.plot(dl.simulate(small, np.random.default_rng(0)))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        for line in ax.get_lines():
            assert line.get_label()
            assert np.all(np.isfinite(np.asarray(line.get_ydata(), dtype=float)))
