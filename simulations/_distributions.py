"""Distributions more than one figure draws from, written once.

The Zipf law p_i ∝ i^−β is the word-frequency model of ``tail_loss``, ``tail_cutting``
and ``fresh_data``; a single definition keeps their closed forms and simulations on the
same footing (and a change here re-runs all three figures, through their imports).
"""

from __future__ import annotations

import numpy as np


def zipf(size: int, beta: float) -> np.ndarray:
    """The Zipf law over ranks 1..size: p_i ∝ i^−β, normalised to sum to one.

    Args:
        size: the number of types (ranks), V in the essays.
        beta: the exponent β > 0; larger means a lighter tail.

    Returns:
        The probabilities, largest first, as a float array of length ``size``.
    """
    weights = np.arange(1, size + 1, dtype=float) ** -beta
    return weights / weights.sum()
