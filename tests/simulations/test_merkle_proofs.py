"""Tests for simulations.merkle_proofs: closed forms against the reference numbers, and the
published run (PARAMS, its own seed) against the closed forms within 4 standard errors.

Closed forms (derived on this site): docs/derivations/fixity.md, #tamper-detection (c1),
#identifier-collisions (c3), #inclusion-proof-length (c4) and #sampling-audit (c6).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from matplotlib.figure import Figure

from provenance.merkle import MerkleTree
from simulations import merkle_proofs as mp
from simulations.engine.contract import check_module


@pytest.fixture(scope="module")
def published():
    """The run that makes the published figure: PARAMS with its own seed."""
    return mp.simulate(mp.PARAMS, np.random.default_rng(mp.PARAMS.seed))


def test_contract():
    """The module follows the figure contract and names its essay."""
    check_module(mp)
    assert mp.META.essay == "essays/provenance-as-antidote.md"


# --- Closed forms reproduce the reference numbers ----------------------------------------


def test_c4_proof_length_table():
    """c4 (derived: fixity.md#inclusion-proof-length): longest proof ⌈log₂ n⌉ = 0, 1, 2, 3, 3, 10,
    10, 11 for n = 1, 2, 3, 5, 8, 1000, 1024, 1025; 20 at 10⁶, 30 at 10⁹, 32 at 2³²."""
    n = [1, 2, 3, 5, 8, 1000, 1024, 1025, 10**6, 10**9, 2**32]
    assert mp.max_proof_length(n).tolist() == [0, 1, 2, 3, 3, 10, 10, 11, 20, 30, 32]


def test_c1_values():
    """c1 (derived: fixity.md#tamper-detection): P(undetected) = 2^−b: b = 4 → 0.0625,
    b = 8 → 3.9e−3, b = 12 → 2.4e−4."""
    p = mp.undetected_probability([4, 8, 12])
    assert p[0] == 0.0625
    assert f"{p[1]:.1e}" == "3.9e-03"
    assert f"{p[2]:.1e}" == "2.4e-04"


def test_c6_exact_value():
    """c6 (derived: fixity.md#sampling-audit): n = 10,000, m = 50, k = 300 → P(miss) = 0.217
    (exact hypergeometric C(n−m, k)/C(n, k), here checked against exact integers)."""
    p = float(mp.audit_miss_probability(10_000, 50, 300))
    exact = float(Fraction(math.comb(9_950, 300), math.comb(10_000, 300)))
    assert round(p, 3) == 0.217
    assert p == pytest.approx(exact, rel=1e-12)
    for k in (0, 1, 50, 1_000, 9_950):
        ref = float(Fraction(math.comb(9_950, k), math.comb(10_000, k)))
        assert float(mp.audit_miss_probability(10_000, 50, k)) == pytest.approx(ref, rel=1e-11)
    assert float(mp.audit_miss_probability(10_000, 50, 9_951)) == 0.0


def test_c6_approximation_and_audit_size():
    """c6: (1 − m/n)^k ≈ 0.222 at k = 300 (slightly above the exact 0.217, as sampling
    without replacement helps); k ≥ (n/m)·ln(1/β) = 599.1 → 600 keeps P(miss) ≤ 5%."""
    assert round(float(mp.audit_miss_approximation(10_000, 50, 300)), 3) == 0.222
    k = mp.audit_size_for_miss(10_000, 50, 0.05)
    assert k == 600
    assert float(mp.audit_miss_probability(10_000, 50, k)) <= 0.05


def test_c3_values():
    """c3 (derived: fixity.md#identifier-collisions): 2.5e10 objects → 2.1e−28 (160-bit) and
    2.7e−57 (256-bit); 10⁶ objects with 32-bit identifiers → ≈ 1."""
    assert f"{float(mp.collision_probability(2.5e10, 160)):.1e}" == "2.1e-28"
    assert f"{float(mp.collision_probability(2.5e10, 256)):.1e}" == "2.7e-57"
    assert float(mp.collision_probability(1e6, 32)) > 1 - 1e-12


def test_c3_birthday_form_matches_exact_product():
    """The birthday form agrees with the exact 1 − ∏(1 − i/2^b) where both are computable."""
    for n in (1_000, 30_000, 100_000):
        i = np.arange(n, dtype=float)
        exact = -np.expm1(np.log1p(-i / 2.0**32).sum())
        assert float(mp.collision_probability(n, 32)) == pytest.approx(exact, rel=1e-4)


# --- The published run ----------------------------------------------------------------


def test_c4_measured_proofs(published):
    """c4: in the published run every longest measured proof equals ⌈log₂ n⌉ exactly
    (10 at n = 1,000, 20 at n = 10⁶), and every random leaf's proof is no longer."""
    r = published
    assert r.longest.tolist() == mp.max_proof_length(r.sizes).tolist()
    by_size = dict(zip(r.sizes.tolist(), r.longest.tolist(), strict=True))
    assert by_size[1_000] == 10
    assert by_size[1_000_000] == 20
    assert np.all(r.mean_random <= r.longest)


def test_c4_measure_proofs_on_another_tree():
    """c4: proofs measured on an independent ragged tree (2^12 + 3 leaves) reach exactly
    ⌈log₂ n⌉ at every size; measure_proofs verifies each proof it generates."""
    n = 2**12 + 3
    tree = mp.build_tree(n)
    assert tree.root() == MerkleTree([i.to_bytes(8, "big") for i in range(n)]).root()
    sizes = np.array([1, 2, 3, 5, 8, 1000, 1024, 1025, n])
    longest, _ = mp.measure_proofs(tree, sizes, 10, np.random.default_rng(1))
    assert longest.tolist() == [0, 1, 2, 3, 3, 10, 10, 11, 13]


@pytest.mark.statistical
def test_c1_tamper_detection(published):
    """c1 (derived: fixity.md#tamper-detection): undetected edits ~ Binomial(N, 2^−b) with
    N = 262,144 ≥ 50·2^b for every b ≤ 12; each count within 4σ of N·2^−b."""
    p = mp.PARAMS
    assert p.edits >= 50 * 2 ** max(p.digest_bits)
    for b, count in zip(p.digest_bits, published.undetected.tolist(), strict=True):
        q = 2.0**-b
        sd = math.sqrt(p.edits * q * (1 - q))
        assert abs(count - p.edits * q) < 4 * sd, (b, count, p.edits * q)


@pytest.mark.statistical
def test_c6_audit_monte_carlo(published):
    """c6 (derived: fixity.md#sampling-audit): simulated audit misses at k = 100, 300, 600,
    1,000 (n = 10,000, m = 50) lie within 4 SE of C(n−m, k)/C(n, k); 0.217 at k = 300."""
    p = mp.PARAMS
    rate = dict(zip(p.audit_sizes, published.miss_rate.tolist(), strict=True))
    for k in (100, 300, 600, 1_000):
        q = float(mp.audit_miss_probability(p.objects, p.corrupted, k))
        se = math.sqrt(q * (1 - q) / p.audit_replicates)
        assert abs(rate[k] - q) < 4 * se, (k, rate[k], q)
    # The approximation (1 − m/n)^k is measurably off at k = 1,000; the exact form is not.
    k = 1_000
    approx = float(mp.audit_miss_approximation(p.objects, p.corrupted, k))
    se = math.sqrt(approx * (1 - approx) / p.audit_replicates)
    assert approx - rate[k] > 4 * se


@pytest.mark.statistical
def test_c3_birthday_monte_carlo(published):
    """c3 (derived: fixity.md#identifier-collisions): the share of 250 streams of random 32-bit
    identifiers with a repeat among the first n lies within 4 SE of
    1 − exp(−n(n−1)/2³³) at n = 30,000 (0.099), 70,000 (0.435) and 100,000 (0.688)."""
    p = mp.PARAMS
    for n, expected in ((30_000, 0.099), (70_000, 0.435), (100_000, 0.688)):
        q = float(mp.collision_probability(n, 32))
        assert round(q, 3) == expected
        rate = float(np.mean(published.repeat_times <= n))
        se = math.sqrt(q * (1 - q) / p.mc_streams)
        assert abs(rate - q) < 4 * se, (n, rate, q)


def test_first_repeat_times_finds_the_first_repeat():
    """first_repeat_times returns the position of the first identifier equal to an
    earlier one, checked against a plain Python scan on small identifiers."""
    seed = 5
    times = mp.first_repeat_times(np.random.default_rng(seed), 12, 40, 300)
    ids = np.random.default_rng(seed).integers(0, 2**12, size=(40, 300), dtype=np.uint32)
    for row, t in zip(ids, times.tolist(), strict=True):
        seen: set[int] = set()
        first = 301
        for j, v in enumerate(row.tolist()):
            if v in seen:
                first = j + 1
                break
            seen.add(v)
        assert t == first


def test_first_corrupted_positions_are_distinct_sets():
    """The rejection sampler returns the minimum of m distinct positions in [0, n)."""
    smallest = mp.first_corrupted_positions(np.random.default_rng(3), 100, 10, 5_000)
    assert smallest.min() >= 0
    assert smallest.max() <= 90  # 10 distinct positions in [0, 100) start at 90 or below
    # Exact law: P(min ≥ k) = C(100−k, 10)/C(100, 10); at k = 10 that is 0.330.
    q = math.comb(90, 10) / math.comb(100, 10)
    assert round(q, 3) == 0.330
    rate = float(np.mean(smallest >= 10))
    assert abs(rate - q) < 4 * math.sqrt(q * (1 - q) / 5_000)


def test_digest_agreement_bits_range():
    """Agreement counts lie in 0..32; about half the edits flip the first bit."""
    agree = mp.digest_agreement_bits(np.random.default_rng(2), 4_000, 16)
    assert agree.min() >= 0 and agree.max() <= 32
    assert abs(np.mean(agree >= 1) - 0.5) < 4 * math.sqrt(0.25 / 4_000)


def test_plot_small_run():
    """plot(simulate(small params)) returns a Figure with titled, labelled panels."""
    small = mp.Params(
        tree_leaves=1_000,
        size_points=10,
        random_leaves=4,
        digest_bits=tuple(range(1, 7)),
        edits=4_096,
        audit_replicates=2_000,
        mc_streams=20,
        mc_stream_length=20_000,
        mc_objects=(5_000, 10_000, 20_000),
    )
    fig = mp.plot(mp.simulate(small, np.random.default_rng(0)))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 4
    for ax in fig.axes:
        assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
        assert ax.get_legend() is not None
