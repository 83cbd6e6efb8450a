"""The shared Zipf law: one definition for every figure that draws word frequencies."""

from __future__ import annotations

import numpy as np

from simulations import fresh_data, tail_cutting, tail_loss
from simulations._distributions import zipf


def test_zipf_sums_to_one_and_follows_the_power_law():
    p = zipf(1000, 1.1)
    assert p.shape == (1000,)
    assert np.isclose(p.sum(), 1.0)
    # p_1 / p_i = i^β for every rank i.
    ranks = np.array([1, 2, 10, 1000])
    assert np.allclose(p[0] / p[ranks - 1], ranks**1.1)


def test_zipf_normaliser_for_beta_two_is_the_partial_zeta_sum():
    """Σ_{i≤3} i^−2 = 1 + 1/4 + 1/9 = 49/36, so p_1 = 36/49."""
    assert np.isclose(zipf(3, 2.0)[0], 36 / 49)


def test_every_figure_uses_the_one_definition():
    for module in (tail_loss, fresh_data, tail_cutting):
        assert module.zipf is zipf, module.__name__
