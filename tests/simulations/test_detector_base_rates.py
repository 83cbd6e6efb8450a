"""Tests for simulations/detector_base_rates.py against the closed forms of docs/derivations/detectors.md."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import detector_base_rates as dbr

P = dbr.PARAMS


@pytest.fixture(scope="module")
def result() -> dbr.Result:
    """The figure's own run: the production parameters and seed."""
    return dbr.simulate(P, np.random.default_rng(P.seed))


def _assert_within_4se(sim: np.ndarray, theory: np.ndarray, what: str) -> None:
    """Column means of per-corpus values against theory, SE = SD/√R."""
    mean = sim.mean(axis=0)
    se = sim.std(axis=0, ddof=1) / math.sqrt(sim.shape[0])
    z = (mean - theory) / se
    assert np.all(np.abs(z) < 4), f"{what}: z-scores {np.round(z, 2)}"


def test_b1_precision_reference_value():
    """b1 (detectors.md#precision, Bayes' rule): TPR .95, FPR .01, π = .01 → PPV = 0.49."""
    assert round(float(dbr.precision(0.01, 0.95, 0.01)), 2) == 0.49


def test_b2_kept_synthetic_share_reference_values():
    """b2 (derived: detectors.md#kept-synthetic-share): TPR .95, FPR .01: the kept corpus is 0.56%,
    4.8%, 31% and 83% synthetic at π = .1, .5, .9, .99."""
    r = dbr.kept_synthetic_share(np.array([0.1, 0.5, 0.9, 0.99]), 0.95, 0.01)
    assert [round(float(x) * 100, 2) for x in r[:1]] == [0.56]
    assert [round(float(x) * 100, 1) for x in r[1:2]] == [4.8]
    assert [round(float(x) * 100) for x in r[2:]] == [31, 83]


def test_b2_odds_form():
    """b2 (derived: detectors.md#kept-synthetic-share): residual odds = prior odds × FNR/TNR, at every
    prevalence of the figure."""
    pi = np.asarray(P.prevalences)
    r = dbr.kept_synthetic_share(pi, P.tpr, P.fpr)
    assert np.allclose(r / (1 - r), dbr.residual_odds(pi, P.tpr, P.fpr), rtol=1e-12)


def test_b3_paraphrase_attacked_point():
    """b3 (detectors.md#paraphrase; TPR 0.046 at FPR 0.01 from krishna2023paraphrasing, r derived on this site): at π = .5 the kept corpus is still 49% synthetic."""
    assert P.tpr_paraphrased == 0.046 and P.fpr_paraphrased == 0.01
    assert round(float(dbr.kept_synthetic_share(0.5, 0.046, 0.01)) * 100) == 49


def test_b4_requirement():
    """b4 (derived: detectors.md#requirement): r_max = 1%, π = .9 → FNR/TNR ≤ 1.1e−3; a
    detector exactly at that ratio leaves exactly 1% synthetic in the kept corpus."""
    ratio = dbr.max_keep_ratio(0.01, 0.9)
    assert float(f"{ratio:.2g}") == 1.1e-3
    fpr = 0.01
    tpr = 1 - ratio * (1 - fpr)  # FNR = ratio × TNR
    assert float(dbr.kept_synthetic_share(0.9, tpr, fpr)) == pytest.approx(0.01, rel=1e-12)


def test_b5_subgroup_distortion_reference_value():
    """b5 (detectors.md#subgroup-share; FPR 61.3% from liang2023gptdetectors [V2], formula derived on this site,
    5% for others ASSUMED): 20% non-native writers become 9.2% of the kept human corpus."""
    assert P.fpr_nonnative_reported == 0.613 and P.fpr_others == 0.05
    share = dbr.kept_group_share(0.2, 0.613, 0.05)
    assert round(float(share) * 100, 1) == 9.2
    # Equal error rates leave the mix unchanged.
    assert float(dbr.kept_group_share(0.2, 0.3, 0.3)) == pytest.approx(0.2)


@pytest.mark.statistical
def test_precision_and_kept_share_monte_carlo(result):
    """b1/b2 (detectors.md#precision, #kept-synthetic-share; an independent Monte Carlo agrees to 3 d.p.): means of 200 binomially sampled corpora
    of 10⁶ documents are within 4 SE of PPV and of the kept synthetic share at every
    prevalence 0.001–0.999 (e.g. kept share 0.0056 / 0.048 / 0.31 / 0.83 at
    π = .1 / .5 / .9 / .99)."""
    pi = np.asarray(P.prevalences)
    _assert_within_4se(result.precision, dbr.precision(pi, P.tpr, P.fpr), "precision")
    _assert_within_4se(result.kept_share, dbr.kept_synthetic_share(pi, P.tpr, P.fpr), "kept share")
    for target, value in ((0.1, 0.0056), (0.5, 0.048), (0.9, 0.31), (0.99, 0.83)):
        mean = result.kept_share[:, P.prevalences.index(target)].mean()
        assert float(f"{mean:.2g}") == value


@pytest.mark.statistical
def test_paraphrased_kept_share_monte_carlo(result):
    """b3 (detectors.md#paraphrase; TPR 0.046 from krishna2023paraphrasing): simulated kept share after
    the paraphrase attack within 4 SE of the closed form at every prevalence (0.49 at
    π = .5)."""
    pi = np.asarray(P.prevalences)
    theory = dbr.kept_synthetic_share(pi, P.tpr_paraphrased, P.fpr_paraphrased)
    _assert_within_4se(result.kept_share_paraphrased, theory, "kept share, paraphrased")
    assert round(result.kept_share_paraphrased[:, P.prevalences.index(0.5)].mean(), 2) == 0.49


@pytest.mark.statistical
def test_subgroup_share_monte_carlo(result):
    """b5 (detectors.md#subgroup-share; 61.3% from liang2023gptdetectors, 5% for others assumed): simulated
    non-native share of kept human collections (200 × 10,000 documents) within 4 SE of the
    closed form at every FPR drawn, 9.2% at 61.3%."""
    theory = dbr.kept_group_share(P.share_nonnative, np.asarray(P.fprs_nonnative), P.fpr_others)
    _assert_within_4se(result.nonnative_share, theory, "non-native share")
    i = P.fprs_nonnative.index(0.613)
    assert round(result.nonnative_share[:, i].mean(), 3) == pytest.approx(0.092, abs=0.001)


def test_plot_returns_labelled_figure():
    """plot(simulate(small params)) returns a Figure whose panels have titles, axis labels,
    a legend and finite plotted data."""
    small = dataclasses.replace(P, corpora=5, corpus_size=50_000, human_corpus_size=2_000)
    fig = dbr.plot(dbr.simulate(small, np.random.default_rng(0)))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
        for line in ax.get_lines():
            assert line.get_label()
            assert np.all(np.isfinite(np.asarray(line.get_ydata(), dtype=float)))
