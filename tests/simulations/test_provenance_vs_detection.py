"""Tests for simulations.provenance_vs_detection: the reference numbers from the closed forms,
and the published run (PARAMS, its own seed) within 4 standard errors of them.

Closed forms: docs/derivations/provenance-curation.md, #policies, #keep-likelihood-ratio and
#consent-withdrawal (derived on this site; the e2 withdrawal
rates 5%, 28% and 45% echo longpre2024consent) and b2 for the detector row.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from simulations import provenance_vs_detection as pvd
from simulations.engine.contract import check_module

P = pvd.PARAMS


def rates(policy: str) -> tuple[float, float]:
    return pvd.policy_rates(policy, P.tpr, P.fpr, P.coverage, P.forgery)


def share(policy: str, pi: float) -> float:
    return float(pvd.kept_synthetic_share(pi, *rates(policy)))


@pytest.fixture(scope="module")
def published():
    """The run that makes the published figure: PARAMS with its own seed."""
    return pvd.simulate(P, np.random.default_rng(P.seed))


def test_contract():
    """The module follows the figure contract and names its essay."""
    check_module(pvd)
    assert pvd.META.essay == "essays/provenance-as-antidote.md"


def test_params_are_the_reference_setting():
    """provenance-curation.md#policies d1–d4 setting: detector TPR .95 / FPR .01, c_h = .2, φ = 1e−3."""
    assert (P.tpr, P.fpr, P.coverage, P.forgery) == (0.95, 0.01, 0.2, 1e-3)


# --- Closed forms reproduce the reference numbers ----------------------------------------


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("verified", ("0.056%", "0.50%", "4.3%")),  # d1
        ("detector", ("0.56%", "4.8%", "31%")),  # d2 (= b2)
        ("or", ("0.57%", "4.9%", "32%")),  # d3
        ("and", ("0.003%", "0.025%", "0.23%")),  # d4
    ],
)
def test_reference_table(policy, expected):
    """d1–d4 (derived: provenance-curation.md#policies): synthetic share kept at π = .1/.5/.9,
    to the digits the derivation page prints."""
    digits = {
        "verified": (3, 2, 1),
        "detector": (2, 1, 0),
        "or": (2, 1, 0),
        "and": (3, 3, 2),
    }[policy]
    got = tuple(
        f"{100 * share(policy, pi):.{d}f}%" for pi, d in zip((0.1, 0.5, 0.9), digits, strict=True)
    )
    assert got == expected


def test_b2_detector_at_high_prevalence():
    """b2 (derived: detectors.md#kept-synthetic-share): detector filter keeps 83% synthetic at π = .99."""
    assert round(share("detector", 0.99), 2) == 0.83


def test_d4_yield_and_d5_ratio():
    """d4: the AND policy keeps a human yield of c_h(1 − FPR) = 0.198. d5: provenance beats
    detection because φ/c_h = 0.005 < FNR/TNR = 0.0505; the policies' order by a/b is the
    order of their curves at every prevalence."""
    assert rates("and")[1] == pytest.approx(0.198)
    assert pvd.keep_likelihood_ratio(*rates("verified")) == pytest.approx(0.005)
    assert round(pvd.keep_likelihood_ratio(*rates("detector")), 4) == 0.0505
    pis = np.linspace(0.01, 0.99, 50)
    order = sorted(pvd.POLICIES, key=lambda n: pvd.keep_likelihood_ratio(*rates(n)))
    assert order == ["and", "verified", "detector", "or"]
    curves = [pvd.kept_synthetic_share(pis, *rates(n)) for n in order]
    for lower, higher in itertools.pairwise(curves):
        assert np.all(lower < higher)


def test_e2_values():
    """e2 (derived: provenance-curation.md#consent-withdrawal; ρ anchors from longpre2024consent): π = .3 →
    .311 at ρ = .05, .373 at ρ = .28, .438 at ρ = .45."""
    got = [round(float(pvd.crawl_synthetic_share(0.3, rho)), 3) for rho in (0.05, 0.28, 0.45)]
    assert got == [0.311, 0.373, 0.438]
    assert float(pvd.crawl_synthetic_share(0.3, 0.0)) == pytest.approx(0.3)


def test_cell_probabilities_sum_to_one():
    """The eight (origin, credential, flag) cells partition the pool."""
    for pi in (0.0, 0.3, 1.0):
        assert pvd.cell_probabilities(pi, P).sum() == pytest.approx(1.0)


def test_unknown_policy_is_an_error():
    with pytest.raises(ValueError, match="unknown policy"):
        pvd.policy_rates("xor", 0.9, 0.1, 0.2, 0.0)


# --- The published run ----------------------------------------------------------------


@pytest.mark.statistical
@pytest.mark.parametrize("policy", pvd.POLICIES)
def test_policies_monte_carlo(published, policy):
    """d1–d4: at every simulated prevalence (π = .02 … .98, N = 10⁸ documents each), the
    simulated synthetic share of the kept corpus is within 4 SE of r = πa/(πa + (1−π)b).
    Given K kept documents the synthetic count is Binomial(K, r), so SE = √(r(1−r)/K)."""
    for pi, cells in zip(P.mc_prevalences, published.cells, strict=True):
        syn, hum = pvd.apply_policies(cells)[policy]
        kept = syn + hum
        r = share(policy, pi)
        se = math.sqrt(r * (1 - r) / kept)
        assert abs(syn / kept - r) < 4 * se, (policy, pi, syn / kept, r)


@pytest.mark.statistical
def test_policies_monte_carlo_yield(published):
    """d1/d4: the human yield (kept human / all human) matches b = c_h = 0.2 for the
    verified policy and c_h(1 − FPR) = 0.198 for AND, within 4 SE, at π = 0.5."""
    cells = published.cells[P.mc_prevalences.index(0.5)]
    humans = int(cells[4:].sum())
    for policy in ("verified", "and"):
        b = rates(policy)[1]
        kept_h = pvd.apply_policies(cells)[policy][1]
        se = math.sqrt(b * (1 - b) / humans)
        assert abs(kept_h / humans - b) < 4 * se, (policy, kept_h / humans, b)


@pytest.mark.statistical
def test_e2_monte_carlo(published):
    """e2 (derived: provenance-curation.md#consent-withdrawal): the per-document crawl simulation with
    π = .3 gives .311 / .373 / .438 at ρ = .05 / .28 / .45, each within 4 SE
    (SE = √(r(1−r)/K), K ≈ N(π + (1−π)(1−ρ)) kept documents); all other points too."""
    for j, pi in enumerate(P.crawl_prevalences):
        for k, rho in enumerate(P.withdrawals):
            r = float(pvd.crawl_synthetic_share(pi, rho))
            kept = P.crawl_documents * (pi + (1 - pi) * (1 - rho))
            se = math.sqrt(r * (1 - r) / kept)
            assert abs(published.crawl_share[j, k] - r) < 4 * se, (pi, rho)
    for rho in (0.05, 0.28, 0.45):
        assert rho in P.withdrawals and rho in P.anchors


def test_simulate_corpus_per_document_agrees():
    """The multinomial cell draw has the law of a per-document simulation: a direct
    per-document corpus (10⁶ documents, π = 0.5) gives the detector's 4.8% within 4 SE."""
    rng = np.random.default_rng(11)
    n = 1_000_000
    synthetic = rng.random(n) < 0.5
    flagged = np.where(synthetic, rng.random(n) < P.tpr, rng.random(n) < P.fpr)
    kept = ~flagged
    r_hat = synthetic[kept].mean()
    r = share("detector", 0.5)
    assert abs(r_hat - r) < 4 * math.sqrt(r * (1 - r) / kept.sum())
    cells = pvd.simulate_corpus(np.random.default_rng(12), 0.5, n, P)
    counts = pvd.apply_policies(cells)["detector"]
    assert abs(counts[0] / sum(counts) - r) < 4 * math.sqrt(r * (1 - r) / sum(counts))


def test_plot_small_run():
    """plot(simulate(small params)) returns a Figure with titled, labelled panels."""
    small = pvd.Params(corpus_documents=100_000, crawl_documents=2_000)
    fig = pvd.plot(pvd.simulate(small, np.random.default_rng(0)))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
