"""Closed forms of the green-list watermark (docs/derivations/watermarks.md, a1–a10).

Small pure functions of the derivation's symbols, used by the ``watermark_detection``
figure (its theory curves) and its tests. The z-score (a1) is the detector statistic of
kirchenbauer2023watermark; the green probability, power, false-positive and attack
formulas are derived on this site.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

_NORMAL = NormalDist()
_erfc = np.vectorize(math.erfc, otypes=[float])


def normal_sf(x):
    """Standard normal upper tail Φ̄(x) = P(N(0, 1) > x), elementwise."""
    return 0.5 * _erfc(np.asarray(x, dtype=float) / math.sqrt(2.0))


def normal_cdf(x):
    """Standard normal CDF Φ(x), elementwise."""
    return normal_sf(-np.asarray(x, dtype=float))


def z_score(green_count, T, gamma: float):
    """a1: z = (|s|_G − γT) / √(Tγ(1−γ)), the one-proportion z-score of the green count."""
    T = np.asarray(T, dtype=float)
    return (np.asarray(green_count, dtype=float) - gamma * T) / np.sqrt(T * gamma * (1 - gamma))


def green_probability(gamma: float, delta: float) -> float:
    """a2: P(green) for a high-entropy token, p* = γα / (1 + (α − 1)γ), α = e^δ."""
    alpha = math.exp(delta)
    return gamma * alpha / (1.0 + (alpha - 1.0) * gamma)


def mixture_green_probability(h, gamma: float, delta: float):
    """a3: p_g = h·p* + (1 − h)·γ under the KGW-h mixture."""
    return (
        np.asarray(h, dtype=float) * green_probability(gamma, delta)
        + (1.0 - np.asarray(h, dtype=float)) * gamma
    )


def expected_z(h, T, gamma: float, delta: float):
    """a4: E[z] = (p_g − γ)√T / √(γ(1 − γ)) for watermarked text of T tokens."""
    p = mixture_green_probability(h, gamma, delta)
    return (p - gamma) * np.sqrt(np.asarray(T, dtype=float)) / math.sqrt(gamma * (1 - gamma))


def sd_z(h, gamma: float, delta: float):
    """a4: SD[z] = √(p_g(1 − p_g) / (γ(1 − γ))) for watermarked text (any length)."""
    p = mixture_green_probability(h, gamma, delta)
    return np.sqrt(p * (1 - p) / (gamma * (1 - gamma)))


def detection_threshold(T, gamma: float, z0: float):
    """Smallest green count s with z(s, T) > z0, evaluated exactly as the detector does.

    The first guess ⌊γT + z0√(Tγ(1−γ))⌋ + 1 (docs/derivations/watermarks.md#false-positive-rate) is corrected by ±1 so that
    the threshold agrees with the floating-point comparison ``z > z0`` even when
    γT + z0·σ is a whole number (for example T = 12 at γ = 0.25, z0 = 4).
    """
    T = np.asarray(T, dtype=np.int64)
    m = np.floor(gamma * T + z0 * np.sqrt(T * gamma * (1 - gamma))).astype(np.int64) + 1
    m = np.where(z_score(m - 1, T, gamma) > z0, m - 1, m)
    m = np.where(z_score(m, T, gamma) > z0, m, m + 1)
    return m


def _binomial_sf_scalar(m: int, n: int, p: float) -> float:
    """P(Bin(n, p) ≥ m), exact: the pmf by a log-space recurrence, summed stably."""
    if m <= 0:
        return 1.0
    if m > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    log_first = (
        math.lgamma(n + 1)
        - math.lgamma(m + 1)
        - math.lgamma(n - m + 1)
        + m * math.log(p)
        + (n - m) * math.log1p(-p)
    )
    j = np.arange(m, n, dtype=float)  # pmf(j + 1) / pmf(j) = (n − j)/(j + 1) · p/(1 − p)
    steps = np.log((n - j) / (j + 1.0)) + math.log(p / (1.0 - p))
    logs = log_first + np.concatenate(([0.0], np.cumsum(steps)))
    top = logs.max()
    return float(math.exp(top) * np.exp(logs - top).sum())


def binomial_sf(m, n, p: float):
    """P(Bin(n, p) ≥ m), exact, elementwise over arrays m and n (no scipy needed)."""
    m_b, n_b = np.broadcast_arrays(np.asarray(m, dtype=np.int64), np.asarray(n, dtype=np.int64))
    out = np.array(
        [
            _binomial_sf_scalar(int(a), int(b), p)
            for a, b in zip(m_b.ravel(), n_b.ravel(), strict=True)
        ]
    )
    return out.reshape(m_b.shape)


def false_positive_rate_exact(T, gamma: float, z0: float):
    """a6: P(z > z0) for unwatermarked text, exact: P(Bin(T, γ) ≥ threshold)."""
    return binomial_sf(detection_threshold(T, gamma, z0), T, gamma)


def false_positive_rate_normal(z0: float) -> float:
    """a6: the normal approximation Φ̄(z0), the same for every length (3.17e−5 at z0 = 4)."""
    return float(normal_sf(z0))


def power_normal(h, T, gamma: float, delta: float, z0: float):
    """a7: P(z > z0) ≈ Φ(((p_g − γ)√T − z0√(γ(1−γ))) / √(p_g(1 − p_g)))."""
    p = mixture_green_probability(h, gamma, delta)
    T = np.asarray(T, dtype=float)
    num = (p - gamma) * np.sqrt(T) - z0 * math.sqrt(gamma * (1 - gamma))
    return normal_cdf(num / np.sqrt(p * (1 - p)))


def power_exact(h, T, gamma: float, delta: float, z0: float):
    """Exact power under KGW-h: green flags are independent Bernoulli(p_g), so the green
    count is Binomial(T, p_g) and P(z > z0) = P(Bin(T, p_g) ≥ threshold)."""
    p = float(mixture_green_probability(h, gamma, delta))
    return binomial_sf(detection_threshold(T, gamma, z0), T, p)


def tokens_for_power(h, power: float, gamma: float, delta: float, z0: float):
    """a8: T* = [(z0√(γ(1−γ)) + z_power√(p_g(1−p_g))) / (p_g − γ)]², the length at which
    the normal approximation a7 reaches the given power. A real number: the derivation quotes it
    rounded (29, 123, 335, 2,898); the shortest whole length is its ceiling."""
    p = mixture_green_probability(h, gamma, delta)
    z_pow = _NORMAL.inv_cdf(power)
    root = (z0 * math.sqrt(gamma * (1 - gamma)) + z_pow * np.sqrt(p * (1 - p))) / (p - gamma)
    return root**2


def substitution_factor(eps, k: int):
    """a9: E[z_attacked] / E[z] = (1 − ε)^(k+1) for random substitution at rate ε when the
    green list is seeded by the k previous tokens."""
    return (1.0 - np.asarray(eps, dtype=float)) ** (k + 1)


def spaced_substitution_factor(eps, k: int):
    """a9, worst case: evenly spaced edits each erase k + 1 positions: max(0, 1 − (k+1)ε)."""
    return np.maximum(0.0, 1.0 - (k + 1) * np.asarray(eps, dtype=float))


def dilution_expected_z(T_w, T_h, h, gamma: float, delta: float):
    """a10: E[z] = z_w·√(T_w / (T_w + T_h)) for T_w watermarked tokens among T_h human ones."""
    T_w = np.asarray(T_w, dtype=float)
    return expected_z(h, T_w, gamma, delta) * np.sqrt(T_w / (T_w + np.asarray(T_h, dtype=float)))


def spike_entropy(p, modulus: float):
    """Spike entropy S(p, z) = Σ_k p_k / (1 + z·p_k) (kirchenbauer2023watermark, §4),
    over the last axis."""
    p = np.asarray(p, dtype=float)
    return (p / (1.0 + modulus * p)).sum(axis=-1)


def green_probability_bound(p, gamma: float, delta: float):
    """a5 (Theorem 4.2 per token): E[P(green)] ≥ γα·S(p, z*) / (1 + (α − 1)γ), with the
    modulus z* = (1 − γ)(α − 1) / (1 + (α − 1)γ)."""
    alpha = math.exp(delta)
    modulus = (1 - gamma) * (alpha - 1) / (1 + (alpha - 1) * gamma)
    return gamma * alpha * spike_entropy(p, modulus) / (1 + (alpha - 1) * gamma)
