"""What does a constant trickle of synthetic data do to learning curves?

Two toy learners, each given data in which something has been quietly removed or
shifted, and each compared with its clean twin:

(a) Tail cutting (docs/derivations/synthetic-floors.md#tail-cutting, after Dohmatob et al. 2024 "A Tale of Tails" and
    Hutter 2021). Types are Zipf(β) over V ranks. A memorisation learner knows a type
    iff it appeared among its T training draws, so its test error is the probability
    mass of the types it has not seen. If the training data come from a generator that
    never emits types ranked below k (the tail is cut), the error cannot fall below
    the tail mass Σ_{i>k} p_i, however large T grows. The exact sums need no sampling;
    the sampled check draws T tokens and counts the mass that was never seen.

(b) A constant synthetic fraction (docs/derivations/synthetic-floors.md#synthetic-fraction-floor, the mechanism behind "Strong Model
    Collapse", simplified). Ordinary least squares on N pooled samples, a fraction π
    of which were labelled by a shifted generator w* + δ (same noise level). The
    excess risk is approximately π²‖δ‖² + σ²d/(N−d−1): the first term is a floor that
    more data does not remove.

The C14 formula is leading-order. Writing the pooled Gram matrices as Wishart draws,
a second-order expansion (derived here, checked by Monte Carlo) adds the term
π(1−π)(d+1)‖δ‖²/N, which is the whole of the finite-N gap at this accuracy:
:func:`pooled_excess_risk_refined`. The noise term σ²d/(N−d−1) is exact
(inverse-Wishart mean) because the synthetic labels carry the same noise as the real
ones. (With noiseless synthetic labels the noise term would shrink by about (1−π),
which would explain a gap of about 6% between such a simulation and the formula.)

Embedded in docs/essays/a-little-synthetic-forever.md. Closed forms: docs/derivations/synthetic-floors.md
(exact sums for the tail; leading order and refinement for the synthetic fraction).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations._distributions import zipf
from simulations.engine import FigureMeta, Value, closed_form, parameter


@dataclass(frozen=True)
class Params:
    seed: int = 12345
    # (a) Memorisation learner on Zipf data.
    vocab: int = 1_000_000
    beta: float = 2.0
    k: int = 100
    t_min_exp: float = 1.0  # exact curves from T = 10**1 ...
    t_max_exp: float = 6.0  # ... to T = 10**6
    t_points: int = 26
    t_sampled: tuple[int, ...] = (10, 100, 1_000, 10_000, 100_000)
    token_budget: int = 2_000_000  # tokens drawn per sampled T (replicates = budget // T)
    max_replicates: int = 2_000
    # (b) Pooled regression with a synthetic fraction.
    d: int = 10
    sigma2: float = 1.0
    pi: float = 0.1
    delta_norm: float = 0.5
    n_grid: tuple[int, ...] = (
        20,
        50,
        100,
        200,
        500,
        1_000,
        2_000,
        5_000,
        10_000,
        20_000,
        50_000,
        100_000,
    )
    replicates: int = 5_000


PARAMS = Params()

META = FigureMeta(
    title="A little synthetic data, forever: error floors",
    caption=(
        "(a) Test error of a learner that memorises every word type it has seen, "
        "against the number of training tokens T, for Zipf-distributed types (β = 2, "
        "10⁶ ranks). With clean data the error keeps falling (about as T^−1/2); when "
        "the training data never contain types ranked below [[value: k]], it stops at the "
        "tail mass [[value: tail_floor]] (exact sums: dashed for clean data, dotted for the cut tail; "
        "markers: Monte Carlo counts of unseen mass). (b) Excess risk of least squares "
        "(d = 10, noise variance 1) on N samples of which 10% were labelled by a "
        "generator whose weights are off by ‖δ‖ = 0.5, against clean data; the dashed "
        "line is the clean closed form σ²d/(N − d − 1), the dotted line the contaminated "
        "one π²‖δ‖² + σ²d/(N − d − 1), and markers the Monte Carlo mean over "
        "[[value: replicates]] replicates (seed [[value: seed]]). The contaminated curve flattens towards the floor "
        "π²‖δ‖² = [[value: reg_floor]] (fine dotted line). Both models and formulas are derived on "
        "this site (see its Derivations section)."
    ),
    alt=(
        "Two log-log panels, one above the other. Top: test error against training "
        "tokens from 10 to a million. The clean dashed line falls straight from about "
        "0.2 to 0.0007; the dotted tail-cut curve follows it up to a few thousand "
        "tokens, then bends away and levels off at 0.006 from about 100,000 tokens. "
        "Monte Carlo markers sit on both curves. Bottom: excess risk against sample "
        "size from 20 to 100,000. The clean line falls straight from about 1 to "
        "0.0001; the curve with 10% shifted labels lies on top of it up to a few "
        "hundred samples, then flattens, reaching [[value: reg_syn_n1e5]] at 100,000, just "
        "above a fine dotted floor line at [[value: reg_floor]]."
    ),
    essay="essays/a-little-synthetic-forever.md",
)


# ---------------------------------------------------------------- closed forms (a)


def tail_mass(p: np.ndarray, k: int) -> float:
    """The floor of C11: Σ_{i>k} p_i, the mass of the types a top-k source never emits."""
    return float(p[k:].sum())


def expected_unseen_mass(p: np.ndarray, T, k: int | None = None) -> np.ndarray:
    """C11 exact sums: the expected test error of the memorisation learner.

    Clean data (``k=None``): E(T) = Σ_i p_i (1 − p_i)^T. Tail cut at k: the T draws
    are the same but any draw of a type ranked below k is lost, so
    E_k(T) = Σ_{i≤k} p_i (1 − p_i)^T + Σ_{i>k} p_i (the convention of the derivation; it gives
    0.02196 / 0.00793 / 0.00605 at T = 10³ / 10⁴ / 10⁵ for β = 2, k = 100).
    """
    T = np.atleast_1d(np.asarray(T, dtype=float))
    head = p if k is None else p[:k]
    log_miss = np.log1p(-head)
    out = np.array([float(head @ np.exp(t * log_miss)) for t in T])
    if k is not None:
        out += tail_mass(p, k)
    return out


# ---------------------------------------------------------------- closed forms (b)


def clean_excess_risk(N, d: int, sigma2: float):
    """E‖ŵ − w*‖² for OLS on N clean Gaussian samples: σ²d/(N − d − 1) (exact)."""
    return sigma2 * d / (np.asarray(N, dtype=float) - d - 1)


def synthetic_floor(pi: float, delta_norm: float) -> float:
    """The floor of C14: π²‖δ‖², the squared bias that pooling cannot average away."""
    return pi**2 * delta_norm**2


def pooled_excess_risk(N, d: int, sigma2: float, pi: float, delta_norm: float):
    """C14 (synthetic-floors.md#synthetic-fraction-floor, asymptotic): π²‖δ‖² + σ²d/(N − d − 1)."""
    return synthetic_floor(pi, delta_norm) + clean_excess_risk(N, d, sigma2)


def pooled_excess_risk_refined(N, d: int, sigma2: float, pi: float, delta_norm: float):
    """C14 plus the O(1/N) bias fluctuation, derived here: + π(1−π)(d+1)‖δ‖²/N.

    Derivation: with S and R the synthetic and real Gram matrices (Wishart with πN and
    (1−π)N degrees of freedom) the bias is (S+R)⁻¹Sδ. Expanding S = πN(I+A),
    R = (1−π)N(I+B) to second order, the first-order term is π(1−π)(A−B)δ and the
    second-order mean terms cancel, so E‖bias‖² = π²‖δ‖²[1 + (1−π)(d+1)/(πN)] + o(1/N),
    using E[A²] = (d+1)/(πN)·I for a Wishart average. The noise term is exact.
    """
    N = np.asarray(N, dtype=float)
    return (
        pooled_excess_risk(N, d, sigma2, pi, delta_norm)
        + pi * (1 - pi) * (d + 1) * delta_norm**2 / N
    )


# ---------------------------------------------------------------- simulation


def sample_unseen_mass(
    p: np.ndarray, T: int, replicates: int, rng: np.random.Generator, k: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Draw T tokens per replicate; return the unseen mass for clean and tail-cut data.

    The same draws serve both: the cut learner simply loses every draw ranked below k.
    Returns two arrays of shape (replicates,).
    """
    cdf = np.cumsum(p)
    idx = np.searchsorted(cdf, rng.random((replicates, T)) * cdf[-1], side="right")
    idx = np.minimum(idx, p.size - 1)
    idx.sort(axis=1)
    first = np.ones(idx.shape, dtype=bool)
    first[:, 1:] = idx[:, 1:] != idx[:, :-1]  # count each distinct type once
    seen = np.where(first, p[idx], 0.0)
    unseen_clean = 1.0 - seen.sum(axis=1)
    if k is None:
        return unseen_clean, unseen_clean
    unseen_cut = 1.0 - np.where(idx < k, seen, 0.0).sum(axis=1)
    return unseen_clean, unseen_cut


def _wishart(rng: np.random.Generator, dof: int, d: int, replicates: int) -> np.ndarray:
    """XᵀX for X with `dof` i.i.d. N(0, I_d) rows, for each replicate: (replicates, d, d).

    Bartlett decomposition when dof ≥ d (cost independent of dof), direct otherwise.
    """
    if dof < d:
        X = rng.standard_normal((replicates, dof, d))
        return np.swapaxes(X, 1, 2) @ X
    L = np.zeros((replicates, d, d))
    rows, cols = np.tril_indices(d, -1)
    L[:, rows, cols] = rng.standard_normal((replicates, rows.size))
    diag = np.arange(d)
    L[:, diag, diag] = np.sqrt(rng.chisquare(dof - diag, size=(replicates, d)))
    return L @ np.swapaxes(L, 1, 2)


def sample_pooled_ols_error(
    N: int,
    d: int,
    sigma2: float,
    pi: float,
    delta_norm: float,
    replicates: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Squared parameter error ‖ŵ − w*‖² of pooled OLS, contaminated and clean.

    round(πN) rows are labelled with w* + δ, the rest with w*; all labels carry
    N(0, σ²) noise. OLS error is W⁻¹(Sδ + Xᵀε) with W = XᵀX, S the synthetic rows'
    Gram matrix and Xᵀε | X ~ N(0, σ²W), so it is sampled exactly from Wishart
    draws without forming the N × d design. The clean error uses the same design
    and noise with δ = 0 (common random numbers).
    """
    n_syn = round(pi * N)
    S = _wishart(rng, n_syn, d, replicates)
    W = S + _wishart(rng, N - n_syn, d, replicates)
    noise = np.sqrt(sigma2) * (np.linalg.cholesky(W) @ rng.standard_normal((replicates, d, 1)))
    delta = np.zeros((d, 1))
    delta[0, 0] = delta_norm  # by rotational invariance the direction does not matter
    err_syn = np.linalg.solve(W, S @ delta + noise)[..., 0]
    err_clean = np.linalg.solve(W, noise)[..., 0]
    return (err_syn**2).sum(axis=1), (err_clean**2).sum(axis=1)


@dataclass(frozen=True)
class Result:
    params: Params
    t_grid: np.ndarray
    exact_clean: np.ndarray
    exact_cut: np.ndarray
    floor_tokens: float
    t_sampled: np.ndarray
    sampled_clean: np.ndarray
    sampled_clean_se: np.ndarray
    sampled_cut: np.ndarray
    sampled_cut_se: np.ndarray
    n_grid: np.ndarray
    risk_syn: np.ndarray
    risk_syn_se: np.ndarray
    risk_clean: np.ndarray
    risk_clean_se: np.ndarray


def _mean_se(x: np.ndarray) -> tuple[float, float]:
    return float(x.mean()), float(x.std(ddof=1) / np.sqrt(x.size))


def simulate(params: Params, rng: np.random.Generator) -> Result:
    p = zipf(params.vocab, params.beta)
    t_grid = np.logspace(params.t_min_exp, params.t_max_exp, params.t_points)
    exact_clean = expected_unseen_mass(p, t_grid)
    exact_cut = expected_unseen_mass(p, t_grid, params.k)

    stats_tokens = []
    for T in params.t_sampled:
        reps = max(2, min(params.max_replicates, params.token_budget // T))
        clean, cut = sample_unseen_mass(p, T, reps, rng, params.k)
        stats_tokens.append((*_mean_se(clean), *_mean_se(cut)))
    st = np.array(stats_tokens)

    stats_reg = []
    for N in params.n_grid:
        syn, clean = sample_pooled_ols_error(
            N, params.d, params.sigma2, params.pi, params.delta_norm, params.replicates, rng
        )
        stats_reg.append((*_mean_se(syn), *_mean_se(clean)))
    sr = np.array(stats_reg)

    return Result(
        params=params,
        t_grid=t_grid,
        exact_clean=exact_clean,
        exact_cut=exact_cut,
        floor_tokens=tail_mass(p, params.k),
        t_sampled=np.array(params.t_sampled, dtype=float),
        sampled_clean=st[:, 0],
        sampled_clean_se=st[:, 1],
        sampled_cut=st[:, 2],
        sampled_cut_se=st[:, 3],
        n_grid=np.array(params.n_grid, dtype=float),
        risk_syn=sr[:, 0],
        risk_syn_se=sr[:, 1],
        risk_clean=sr[:, 2],
        risk_clean_se=sr[:, 3],
    )


# ---------------------------------------------------------------- figure


def plot(result: Result) -> Figure:
    prm = result.params
    fig, (ax_a, ax_b) = _style.figure(2, 1, height=8.2)
    blue, vermilion = _style.PALETTE[0], _style.PALETTE[1]

    # (a) memorisation learner
    _style.theory(ax_a, result.t_grid, result.exact_clean, label="theory (closed form): clean")
    _style.theory(
        ax_a,
        result.t_grid,
        result.exact_cut,
        label=f"theory (closed form): tail cut at k = {prm.k}",
        linestyle=":",
    )
    _style.simulated(
        ax_a,
        result.t_sampled,
        result.sampled_clean,
        label="simulated (unseen mass), clean",
        linestyle="none",
        color=blue,
        marker="o",
        markersize=7,
    )
    _style.simulated(
        ax_a,
        result.t_sampled,
        result.sampled_cut,
        label=f"simulated, tail cut at k = {prm.k}",
        linestyle="none",
        color=vermilion,
        marker="s",
        markersize=7,
        markerfacecolor="none",
        markeredgewidth=1.8,
    )
    ax_a.annotate(
        f"floor {result.floor_tokens:.5f}",
        xy=(result.t_grid[-1], result.floor_tokens),
        xytext=(0, 5),  # above the floor line: below it, the clean curve runs through
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=10.5,
        bbox=_style.LABEL_BOX,  # on a phone the clean curve still passes behind it
    )
    ax_a.set_xscale("log")
    ax_a.set_yscale("log")
    ax_a.set_title(f"(a) Memorisation learner, Zipf β = {prm.beta:g}")
    ax_a.set_xlabel("training tokens T (count)")
    ax_a.set_ylabel("test error (probability)")
    ax_a.legend(loc="upper right")

    # (b) pooled regression
    n = result.n_grid
    floor = synthetic_floor(prm.pi, prm.delta_norm)
    _style.theory(
        ax_b, n, clean_excess_risk(n, prm.d, prm.sigma2), label="theory (closed form): clean"
    )
    _style.theory(
        ax_b,
        n,
        pooled_excess_risk(n, prm.d, prm.sigma2, prm.pi, prm.delta_norm),
        label=f"theory (closed form): π = {prm.pi:g} synthetic",
        linestyle=":",
    )
    ax_b.plot(
        n[[0, -1]],
        [floor, floor],
        color="#777777",
        linewidth=1.2,
        linestyle=(0, (1, 3)),
        label=f"floor π²‖δ‖² = {floor:g}",
    )
    _style.simulated(
        ax_b,
        n,
        result.risk_clean,
        label=f"simulated, clean, R = {prm.replicates:,} replicates",
        linestyle="none",
        color=blue,
        marker="o",
        markersize=7,
    )
    _style.simulated(
        ax_b,
        n,
        result.risk_syn,
        label=f"simulated, π = {prm.pi:g} synthetic",
        linestyle="none",
        color=vermilion,
        marker="s",
        markersize=7,
        markerfacecolor="none",
        markeredgewidth=1.8,
    )
    ax_b.set_xscale("log")
    ax_b.set_yscale("log")
    ax_b.set_title(f"(b) Least squares, {prm.pi:.0%} shifted labels")
    ax_b.set_xlabel("training samples N (count)")
    ax_b.set_ylabel("excess risk E‖ŵ − w*‖² (squared error)")
    ax_b.legend(loc="upper right")
    return fig


def crossover_samples(d: int, sigma2: float, pi: float, delta_norm: float) -> float:
    """Where the clean term σ²d/N falls to the floor π²‖δ‖²: N ≈ σ²d / (π²‖δ‖²)."""
    return sigma2 * d / synthetic_floor(pi, delta_norm)


def values(params: Params, result: Result) -> dict[str, Value]:
    """The closed forms and parameters the essay and the caption quote."""
    p = zipf(params.vocab, params.beta)
    tails, floors = (
        "derivations/synthetic-floors.md#tail-cutting",
        ("derivations/synthetic-floors.md#synthetic-fraction-floor"),
    )
    T = (1_000, 10_000, 100_000)
    clean = expected_unseen_mass(p, T)
    cut = expected_unseen_mass(p, T, params.k)
    d, s2, pi, dn = params.d, params.sigma2, params.pi, params.delta_norm
    N = np.array([1_000, 100_000])
    out: dict[str, Value] = {
        "k": parameter(
            params.k, "types the tail-cutting generator keeps (the most common)", fmt="d"
        ),
        "beta": parameter(params.beta, "Zipf exponent of the type frequencies", fmt="d"),
        "d": parameter(d, "input features of the regression", fmt="d"),
        "pi": parameter(
            pi, "share of training examples labelled by the shifted generator", fmt=".1f"
        ),
        "delta_norm": parameter(dn, "length of the generator's coefficient shift ‖δ‖", fmt=".1f"),
        "replicates": parameter(params.replicates, "Monte Carlo replicates in (b)", fmt=","),
        "seed": parameter(params.seed, "seed of the random number generator", fmt="d"),
        "tail_floor": closed_form(
            tail_mass(p, params.k),
            "test-error floor with the tail cut: Σ_{i>k} p_i",
            fmt="3 sig",
            derivation=tails,
        ),
        "head_mass": closed_form(
            1 - tail_mass(p, params.k),
            "probability held by the k types the generator keeps",
            fmt=".1%",
            derivation=tails,
        ),
        "decade_ratio": closed_form(
            float(clean[1] / clean[2]),
            "factor by which ten times the clean data divides the error (T = 10⁴ to 10⁵)",
            fmt=".1f",
            derivation=tails,
        ),
        "reg_floor": closed_form(
            synthetic_floor(pi, dn), "excess-risk floor π²‖δ‖²", fmt=".4f", derivation=floors
        ),
        "reg_crossover": closed_form(
            crossover_samples(d, s2, pi, dn),
            "sample size where the clean error meets the floor: σ²d / (π²‖δ‖²)",
            unit="examples",
            fmt=",",
            derivation=floors,
        ),
    }
    for t, c, k in zip(T, clean, cut, strict=True):
        name = {1_000: "1e3", 10_000: "1e4", 100_000: "1e5"}[t]
        out[f"clean_t{name}"] = closed_form(
            float(c), f"expected test error with clean data, T = {t:,}", fmt=".4f", derivation=tails
        )
        out[f"cut_t{name}"] = closed_form(
            float(k),
            f"expected test error with the tail cut, T = {t:,}",
            fmt=".4f",
            derivation=tails,
        )
    syn = pooled_excess_risk(N, d, s2, pi, dn)
    cln = clean_excess_risk(N, d, s2)
    for n, a, b in zip(N, syn, cln, strict=True):
        name = {1_000: "1e3", 100_000: "1e5"}[int(n)]
        out[f"reg_syn_n{name}"] = closed_form(
            float(a),
            f"excess risk with the synthetic share, N = {n:,}",
            fmt=".4f",
            derivation=floors,
        )
        out[f"reg_clean_n{name}"] = closed_form(
            float(b), f"excess risk on clean data, N = {n:,}", fmt=".4f", derivation=floors
        )
    out["reg_worse_n1e5"] = closed_form(
        float(syn[1] / cln[1]),
        "how many times the contaminated excess risk exceeds the clean one at N = 100,000",
        unit="times",
        fmt="d",
        derivation=floors,
    )
    return out
