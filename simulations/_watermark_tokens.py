"""The token-level watermark of the ``watermark_detection`` figure: keyed green lists,
watermarked generation, detection and the two attacks (random and spaced substitutions).

The model ("KGW-h") is described in docs/derivations/watermarks.md: a keyed hash of the
previous k tokens picks a green list of exactly γV tokens; with probability h the
next-token distribution is uniform and the green logits get +δ, otherwise the token is
forced. Everything here works on real token arrays, vectorised over texts.
"""

from __future__ import annotations

import math

import numpy as np

from simulations._watermark_formulas import z_score

_MULT = 40_503  # odd, so x ↦ _MULT·x + b (mod V) is a bijection whenever V is a power of 2
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SHIFTS = (np.uint64(30), np.uint64(27), np.uint64(31), np.uint64(17))


def _mix64(x: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser (wrapping uint64 arithmetic): a cheap keyed hash."""
    x = x ^ (x >> _SHIFTS[0])
    x = x * _M1
    x = x ^ (x >> _SHIFTS[1])
    x = x * _M2
    return x ^ (x >> _SHIFTS[2])


def _green_size(gamma: float, vocab: int) -> int:
    size = round(gamma * vocab)
    if not math.isclose(size, gamma * vocab) or math.gcd(_MULT, vocab) != 1:
        raise ValueError("γ·V must be a whole number and V coprime with the hash multiplier")
    return size


def _offsets(keys: np.ndarray, context: list[np.ndarray], vocab: int) -> np.ndarray:
    """The green-list offset b for each position, from the key and the previous k tokens
    (``context[0]`` is the token just before, ``context[1]`` the one before that, ...)."""
    s = keys
    for j, tok in enumerate(context, start=1):
        salt = np.uint64((j * 0x9E3779B97F4A7C15) % 2**64)
        s = _mix64(s ^ (tok.astype(np.uint64) + salt))
    return ((s >> _SHIFTS[3]) % np.uint64(vocab)).astype(np.int64)


def green_flags(tokens: np.ndarray, keys: np.ndarray, k: int, gamma: float, vocab: int):
    """The detector: for each row of tokens (the first k are an unscored prompt), whether
    each later token is on the green list seeded by the key and its k predecessors.

    The green list for offset b is {x : (_MULT·x + b) mod V < γV}: exactly γV tokens.
    """
    green = _green_size(gamma, vocab)
    L = tokens.shape[1]
    context = [tokens[:, k - j : L - j] for j in range(1, k + 1)]
    b = _offsets(keys[:, None], context, vocab)
    return (_MULT * tokens[:, k:] + b) % vocab < green


def generate_watermarked(
    rng: np.random.Generator,
    keys: np.ndarray,
    length: int,
    h: float,
    k: int,
    gamma: float,
    delta: float,
    vocab: int,
) -> np.ndarray:
    """Generate one watermarked text per key under KGW-h: a k-token random prompt, then
    ``length`` tokens. Returns int64 tokens of shape (len(keys), k + length).

    High-entropy step: the logits are 0 everywhere plus δ on the γV green tokens, so the
    softmax puts mass γVα / (γVα + (1 − γ)V) on the green list and is uniform inside each
    colour; the sampler draws the colour by its mass, then a token uniformly within it
    (exactly a draw from that softmax). Forced step: a token drawn beforehand, whatever
    the green list.
    """
    n = keys.shape[0]
    green = _green_size(gamma, vocab)
    inverse = pow(_MULT, -1, vocab)
    alpha = math.exp(delta)
    green_mass = green * alpha / (green * alpha + (vocab - green))
    tokens = np.empty((k + length, n), dtype=np.int64)  # time-major while generating
    tokens[:k] = rng.integers(0, vocab, size=(k, n))
    chunk = 512
    for start in range(k, k + length, chunk):
        stop = min(start + chunk, k + length)
        # Everything that does not depend on the green list, drawn for a block of steps:
        # whether the step is free, and the token's rank in the key's ordering (ranks below
        # γV are green), which is a draw from the biased softmax.
        free = rng.random((stop - start, n)) < h
        u = rng.random((stop - start, n))
        is_green = u < green_mass
        rank = np.where(
            is_green,
            np.minimum(u / green_mass * green, green - 1),
            np.minimum(green + (u - green_mass) / (1 - green_mass) * (vocab - green), vocab - 1),
        ).astype(np.int64)
        forced = rng.integers(0, vocab, size=(stop - start, n))
        for i, t in enumerate(range(start, stop)):
            b = _offsets(keys, [tokens[t - j] for j in range(1, k + 1)], vocab)
            sampled = ((rank[i] - b) * inverse) % vocab  # the token with that rank
            tokens[t] = np.where(free[i], sampled, forced[i])
    return np.ascontiguousarray(tokens.T)


def draw_keys(rng: np.random.Generator, n: int) -> np.ndarray:
    """One secret 64-bit watermark key per text."""
    return rng.integers(0, 2**64, size=n, dtype=np.uint64, endpoint=False)


def z_of_texts(tokens, keys, k: int, gamma: float, vocab: int):
    """The detector's z-score (a1) of each text (one row of ``tokens`` per key)."""
    flags = green_flags(tokens, keys, k, gamma, vocab)
    return z_score(flags.sum(axis=1), flags.shape[1], gamma)


def substitute_random(rng, tokens, eps: float, vocab: int) -> np.ndarray:
    """Replace each token (prompt included) independently with probability ε by a
    uniformly random token."""
    mask = rng.random(tokens.shape) < eps
    return np.where(mask, rng.integers(0, vocab, size=tokens.shape), tokens)


def substitute_spaced(rng, tokens, spacing: int, vocab: int) -> np.ndarray:
    """Replace one token every ``spacing`` positions (random phase per text) by a
    uniformly random token: the adversary's evenly spaced edits."""
    n, L = tokens.shape
    phase = rng.integers(0, spacing, size=(n, 1))
    mask = (np.arange(L)[None, :] - phase) % spacing == 0
    return np.where(mask, rng.integers(0, vocab, size=tokens.shape), tokens)
