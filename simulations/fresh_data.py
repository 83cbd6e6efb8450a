"""How much fresh real data per generation keeps a self-training loop from collapsing?

Embedded in docs/essays/fresh-human-data.md. Closed forms (derived on this site):
docs/derivations/fresh-data.md#fresh-gaussian-fixed-point, #effective-sample-size and
#fresh-categorical. Each generation fits a model to n points, of which m = λn are fresh draws
from the true distribution and n − m are sampled from the previous fit ("fresh-λ"). The
loop settles at a stationary state whose error matches that of an i.i.d. sample of size
n_eff = nλ(2 − λ) + (1 − λ): the synthetic padding is worth at most about one extra copy
of the fresh batch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations._distributions import zipf
from simulations.engine import (
    Curve,
    Explorable,
    Explored,
    FigureMeta,
    Slider,
    Value,
    closed_form,
    grid,
    parameter,
    simulated,
)


@dataclass(frozen=True)
class Params:
    """Every input of the figure.

    Attributes:
        seed: seed of the ``numpy.random.Generator`` the runner passes in.
        n: Gaussian sample size per generation.
        fresh: the numbers m of fresh real points per generation simulated (λ = m/n).
        replicates: independent Gaussian chains per value of m.
        burn_in: generations discarded before averaging (the loop forgets its start).
        window: generations averaged per chain after the burn-in.
        V: categorical vocabulary size (Zipf p*_i ∝ i^−β).
        beta: Zipf exponent of the categorical p*.
        cat_n: categorical sample size per generation.
        cat_lambda: fraction of fresh draws in the categorical check.
        cat_replicates: independent categorical chains.
        cat_burn_in: categorical generations discarded.
        cat_window: categorical generations averaged per chain.
    """

    seed: int = 12345
    n: int = 20
    fresh: tuple[int, ...] = (1, 2, 3, 4, 5, 8, 10, 12, 14, 16, 18, 20)
    replicates: int = 800
    burn_in: int = 150
    window: int = 80
    V: int = 50
    beta: float = 1.2
    cat_n: int = 100
    cat_lambda: float = 0.3
    cat_replicates: int = 1_000
    cat_burn_in: int = 30
    cat_window: int = 70
    share: float = 0.25  # the real-data share λ the explorable (EXPLORE below) starts at


PARAMS = Params()

META = FigureMeta(
    title="Fresh real data in every generation",
    caption=(
        "Each generation refits a model to n points: a fraction λ = m/n of them are fresh draws "
        "from the real distribution, the rest are sampled from the previous fit. (a) A Gaussian "
        "with n = [[value: n]], real data N(0, 1), maximum-likelihood fit. After the loop settles, the "
        "fitted variance and the squared error of the fitted mean add up to the true variance: "
        "[[value: var_l05 | .3f]] and [[value: sqerr_l05 | .3f]] at λ = 0.5, [[value: var_l01]] and "
        "[[value: sqerr_l01]] at λ = 0.1. (b) The same loop is as accurate "
        "as an independent real sample of n_eff = nλ(2 − λ) + (1 − λ) points, shown as a fraction "
        "of n: it lies above the m fresh points alone (dotted) for every λ < 1 but never reaches "
        "much beyond 2m (dash-dotted), so the synthetic share of each batch is worth at most about "
        "one more copy of the fresh data. Circles and squares: [[value: replicates]] Gaussian runs per λ, each "
        "averaged over generations 151–230 after starting at the truth. Diamond: a categorical check (Zipf vocabulary of "
        "[[value: vocab]] types with exponent [[value: beta]], n = [[value: cat_n]], "
        "λ = [[value: cat_lambda]]; [[value: cat_replicates]] runs averaged over generations 31–100; "
        "stationary squared error [[value: cat_sqerr_sim]]), with its closed form "
        "[[value: cat_sqerr]] marked ×. Seed [[value: seed]]; dashed "
        "lines are exact closed forms."
    ),
    alt=(
        "Two panels side by side, both against the fraction λ of fresh real data per "
        "generation, from 0.05 to 1. Left: the settled variance rises steeply from about "
        "0.66 at λ = 0.05 and levels off near 0.95, while the squared error of the mean "
        "mirrors it, falling from about 0.35 to 0.05; the simulated points sit on the "
        "dashed curves. Right: the effective sample size as a fraction of n rises along "
        "a bending curve from about 0.15 to 1. A dotted line marks the fresh data alone "
        "and a steeper dash-dotted line twice the fresh data; the curve starts slightly "
        "above the dash-dotted line, crosses it at λ = [[value: two_m_crossing]], then bends away below it "
        "while staying above the dotted line, meeting it only at λ = 1. The simulated "
        "Gaussian points and one categorical point at λ = 0.3 fall on the curve."
    ),
    essay="essays/fresh-human-data.md",
)


# ---------------------------------------------------------------------------
# Closed forms (docs/derivations/fresh-data.md). Pure functions shared by plot() and the tests.
# ---------------------------------------------------------------------------


def stationary_variance(n: int, lam):
    """C9: stationary E[σ²]/σ₀² = λ(1 − 1/(n(1+a))) / (λ + a/(n(1+a))), a = 1 − λ."""
    lam = np.asarray(lam, dtype=float)
    a = 1 - lam
    return lam * (1 - 1 / (n * (1 + a))) / (lam + a / (n * (1 + a)))


def stationary_mean_sq_error(n: int, lam):
    """C9: stationary E[(μ − μ₀)²]/σ₀² = (λ + a E[σ²]/σ₀²) / (nλ(1 + a))."""
    lam = np.asarray(lam, dtype=float)
    a = 1 - lam
    return (lam + a * stationary_variance(n, lam)) / (n * lam * (1 + a))


def effective_sample_size(n: int, lam):
    """n_eff = nλ(2 − λ) + (1 − λ), exact for both C9 and C10.

    Derived from C9's fixed point: an i.i.d. sample of size N gives E[(μ̂ − μ₀)²] = σ₀²/N,
    and 1/stationary_mean_sq_error simplifies to this. C10 states the same size for
    categorical data. The approximation "n_eff ≈ nλ(2 − λ) ≤ 2m" drops the (1 − λ) term.
    """
    lam = np.asarray(lam, dtype=float)
    return n * lam * (2 - lam) + (1 - lam)


def effective_sample_size_approx(n: int, lam):
    """C9 (approximation): n_eff ≈ nλ(2 − λ) = m(2 − λ) ≤ 2m."""
    lam = np.asarray(lam, dtype=float)
    return n * lam * (2 - lam)


def categorical_stationary_sq_error(p_star: np.ndarray, n: int, lam: float) -> float:
    """C10: stationary E‖p − p*‖² = (1 − Σp*²) / (n(1 − a²) + a), a = 1 − λ."""
    a = 1 - lam
    return float((1 - np.sum(p_star**2)) / (n * (1 - a * a) + a))


# ---------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    params: Params
    lam: np.ndarray  # (L,) λ = m/n for each simulated m
    var_mean: np.ndarray  # (L,) stationary E[σ²], averaged over chains and window
    var_se: np.ndarray  # (L,) standard error across chains
    sqerr_mean: np.ndarray  # (L,) stationary E[(μ − μ₀)²]
    sqerr_se: np.ndarray
    cat_sqerr_mean: float  # stationary E‖p − p*‖²
    cat_sqerr_se: float
    cat_gini_simpson: float  # 1 − Σp*², for n_eff of the categorical check


def _gaussian(params: Params, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Fresh-λ Gaussian chains for every m at once: array axes (m, replicate, draw)."""
    n, R = params.n, params.replicates
    m = np.asarray(params.fresh)
    fresh = np.arange(n)[None, None, :] < m[:, None, None]  # the first m draws are real
    mu = np.zeros((len(m), R))  # start at the truth N(0, 1)
    sigma = np.ones((len(m), R))
    var_sum, sq_sum = np.zeros_like(mu), np.zeros_like(mu)
    for gen in range(params.burn_in + params.window):
        z = rng.standard_normal((len(m), R, n))
        x = np.where(fresh, z, mu[..., None] + sigma[..., None] * z)
        mu = x.mean(axis=-1)
        var = ((x - mu[..., None]) ** 2).mean(axis=-1)  # maximum likelihood
        sigma = np.sqrt(var)
        if gen >= params.burn_in:
            var_sum += var
            sq_sum += mu**2  # μ₀ = 0
    var_avg, sq_avg = var_sum / params.window, sq_sum / params.window
    return {
        "var_mean": var_avg.mean(axis=1),
        "var_se": var_avg.std(axis=1, ddof=1) / np.sqrt(R),
        "sq_mean": sq_avg.mean(axis=1),
        "sq_se": sq_avg.std(axis=1, ddof=1) / np.sqrt(R),
    }


def _categorical(params: Params, rng: np.random.Generator) -> tuple[float, float]:
    """Fresh-λ categorical chains: m draws from p*, n − m from the previous frequencies."""
    p_star = zipf(params.V, params.beta)
    R, n = params.cat_replicates, params.cat_n
    m = round(params.cat_lambda * n)
    p = np.tile(p_star, (R, 1))  # start at the truth
    sq_sum = np.zeros(R)
    for gen in range(params.cat_burn_in + params.cat_window):
        counts = rng.multinomial(m, p_star, size=R) + rng.multinomial(n - m, p)
        p = counts / n
        if gen >= params.cat_burn_in:
            sq_sum += ((p - p_star) ** 2).sum(axis=1)
    sq_avg = sq_sum / params.cat_window
    return float(sq_avg.mean()), float(sq_avg.std(ddof=1) / np.sqrt(R))


def simulate(params: Params, rng: np.random.Generator) -> Result:
    """Run the Gaussian loop for every m in ``params.fresh`` and the categorical check."""
    gauss = _gaussian(params, rng)
    cat_mean, cat_se = _categorical(params, rng)
    p_star = zipf(params.V, params.beta)
    return Result(
        params=params,
        lam=np.asarray(params.fresh) / params.n,
        var_mean=gauss["var_mean"],
        var_se=gauss["var_se"],
        sqerr_mean=gauss["sq_mean"],
        sqerr_se=gauss["sq_se"],
        cat_sqerr_mean=cat_mean,
        cat_sqerr_se=cat_se,
        cat_gini_simpson=float(1 - np.sum(p_star**2)),
    )


# ---------------------------------------------------------------------------
# Figure
# ---------------------------------------------------------------------------

C_VAR, C_SQ, C_CAT, C_REF = (
    _style.PALETTE[0],
    _style.PALETTE[1],
    _style.PALETTE[3],
    "#777777",
)


def plot(result: Result) -> Figure:
    """Left: stationary variance and mean error vs λ; right: effective sample size vs λ."""
    p = result.params
    lam_grid = np.linspace(1 / p.n, 1.0, 200)  # at least one fresh point per generation
    fig, (ax_l, ax_r) = _style.figure(1, 2, height=4.4)
    reps = f"R = {p.replicates:,} replicates"

    # left: the stationary state
    th = _style.theory(
        ax_l,
        lam_grid,
        stationary_variance(p.n, lam_grid),
        label="theory (closed form): stationary E[σ²]",
    )[0]
    _style.theory(
        ax_l,
        lam_grid,
        stationary_mean_sq_error(p.n, lam_grid),
        label="theory (closed form): stationary E[(μ − μ₀)²]",
    )
    sv = ax_l.plot(
        result.lam,
        result.var_mean,
        "o",
        color=C_VAR,
        label=f"E[σ²], simulated, {reps}",
    )[0]
    sq = ax_l.plot(
        result.lam,
        result.sqerr_mean,
        "s",
        color=C_SQ,
        label=f"E[(μ − μ₀)²], simulated, {reps}",
    )[0]
    ax_l.set_ylim(0, 1.05)
    ax_l.set_xlim(0, 1.02)
    ax_l.set_title(f"(a) Stationary state, n = {p.n}")
    ax_l.set_xlabel("fresh fraction λ = m/n (ratio)")
    ax_l.set_ylabel("value / σ₀² (ratio)")
    ax_l.legend(
        [th, sv, sq],
        ["theory (closed form)", "E[σ²], simulated", "E[(μ − μ₀)²], simulated"],
        loc="center right",
    )

    # right: effective sample size as a fraction of n
    ax_r.plot(lam_grid, lam_grid, color=C_REF, linestyle=":", linewidth=1.4, label="m/n = λ")[0]
    ax_r.plot(
        lam_grid, 2 * lam_grid, color=C_REF, linestyle="-.", linewidth=1.4, label="2m/n = 2λ"
    )[0]
    th = _style.theory(
        ax_r,
        lam_grid,
        effective_sample_size(p.n, lam_grid) / p.n,
        label=f"theory (closed form): n_eff/n, Gaussian n = {p.n}",
    )[0]
    sg = ax_r.plot(
        result.lam,
        1 / (p.n * result.sqerr_mean),
        "o",
        color=C_VAR,
        label=f"Gaussian n_eff/n, simulated, {reps}",
    )[0]
    lam_c = p.cat_lambda
    ax_r.plot(
        [lam_c],
        [effective_sample_size(p.cat_n, lam_c) / p.cat_n],
        "x",
        color=_style.THEORY_COLOR,
        markersize=6,
        markeredgewidth=1.6,
        zorder=6,
        label=f"theory (closed form): n_eff/n, categorical n = {p.cat_n}",
    )
    sc = ax_r.plot(
        [lam_c],
        [result.cat_gini_simpson / (p.cat_n * result.cat_sqerr_mean)],
        "D",
        color=C_CAT,
        markersize=8,
        label=f"categorical n_eff/n, simulated, R = {p.cat_replicates:,} replicates",
    )[0]
    ax_r.text(0.56, 1.02, "2m", color=C_REF, fontsize=10.5)
    ax_r.text(0.66, 0.56, "m (fresh only)", color=C_REF, fontsize=10.5)
    ax_r.set_xlim(0, 1.02)
    ax_r.set_ylim(0, 1.1)
    ax_r.set_title("(b) Effective sample size")
    ax_r.set_xlabel("fresh fraction λ = m/n (ratio)")
    ax_r.set_ylabel("n_eff / n (ratio)")
    ax_r.legend(
        [th, sg, sc],
        ["theory (closed form)", "Gaussian, simulated", "categorical, simulated"],
        loc="lower right",
        handlelength=1.4,
        borderaxespad=0.2,
    )
    return fig


def two_m_crossing(n: int) -> float:
    """The λ below which the exact n_eff passes 2m = 2nλ.

    nλ(2 − λ) + (1 − λ) = 2nλ  ⇔  nλ² + λ − 1 = 0  ⇔  λ = (√(1 + 4n) − 1)/(2n).
    """
    return (math.sqrt(1 + 4 * n) - 1) / (2 * n)


def values(params: Params, result: Result) -> dict[str, Value]:
    """The closed forms, the categorical estimate and the parameters the essays quote."""
    n = params.n
    fixed = "derivations/fresh-data.md#fresh-gaussian-fixed-point"
    size = "derivations/fresh-data.md#effective-sample-size"
    cat = "derivations/fresh-data.md#fresh-categorical"
    out: dict[str, Value] = {
        "n": parameter(n, "points per generation in the Gaussian loop", fmt="d"),
        "replicates": parameter(params.replicates, "Gaussian runs per λ", fmt=","),
        "seed": parameter(params.seed, "seed of the random number generator", fmt="d"),
        "vocab": parameter(params.V, "types in the categorical check", fmt="d"),
        "beta": parameter(params.beta, "Zipf exponent of the categorical check", fmt=".1f"),
        "cat_n": parameter(params.cat_n, "draws per generation in the categorical check", fmt="d"),
        "cat_lambda": parameter(
            params.cat_lambda, "fresh fraction of the categorical check", fmt=".1f"
        ),
        "cat_replicates": parameter(params.cat_replicates, "categorical runs", fmt=","),
        "two_m_crossing": closed_form(
            two_m_crossing(n), "λ below which the exact n_eff passes 2m", fmt=".1f", derivation=size
        ),
        "budget_example": closed_form(
            float(effective_sample_size_approx(1_000_000, 0.01)),
            "n_eff ≈ nλ(2 − λ) for a million items of which ten thousand are fresh",
            unit="items",
            fmt=",",
            derivation=size,
        ),
    }
    formats = {1.0: (".2f", ".2f"), 0.5: (".4f", ".4f"), 0.1: (".3f", ".3f")}
    for lam, (fv, fm) in formats.items():
        tag = f"{round(lam * 10):02d}"  # 10, 05, 01
        out[f"var_l{tag}"] = closed_form(
            float(stationary_variance(n, lam)),
            f"stationary E[σ²]/σ₀² at λ = {lam}",
            fmt=fv,
            derivation=fixed,
        )
        out[f"sqerr_l{tag}"] = closed_form(
            float(stationary_mean_sq_error(n, lam)),
            f"stationary E[(μ − μ₀)²]/σ₀² at λ = {lam}",
            fmt=fm,
            derivation=fixed,
        )
        out[f"neff_l{tag}"] = closed_form(
            float(effective_sample_size(n, lam)),
            f"effective sample size nλ(2 − λ) + (1 − λ) at λ = {lam}",
            unit="points",
            fmt=".1f",
            derivation=size,
        )
        out[f"neff_approx_l{tag}"] = closed_form(
            float(effective_sample_size_approx(n, lam)),
            f"approximate effective sample size nλ(2 − λ) at λ = {lam}",
            unit="points",
            fmt=".1f",
            derivation=size,
        )
    p_star = zipf(params.V, params.beta)
    out["cat_sqerr"] = closed_form(
        categorical_stationary_sq_error(p_star, params.cat_n, params.cat_lambda),
        "stationary E‖p − p*‖² of the categorical check",
        fmt=".4f",
        derivation=cat,
    )
    out["cat_sqerr_sim"] = simulated(
        result.cat_sqerr_mean,
        result.cat_sqerr_se,
        params.cat_replicates,
        "simulated stationary E‖p − p*‖² of the categorical check",
        fmt=".4f",
        check="cat_sqerr",
    )
    out["cat_neff"] = closed_form(
        float(effective_sample_size(params.cat_n, params.cat_lambda)),
        "effective sample size of the categorical check",
        unit="items",
        fmt=".1f",
        derivation=cat,
    )
    return out


# ---------------------------------------------------------------------------
# Explorable: the reader moves n and the real-data share λ (simulations/engine/explore.py).
# Closed forms only: the loop needs its burn-in of 150 generations per point to settle.
# ---------------------------------------------------------------------------

EXPLORE = Explorable(
    sliders=(
        Slider("n", "points per generation n", grid(20, 100, 20), unit="points", fmt="d"),
        Slider("share", "real-data share λ", grid(0.05, 1, 0.05), fmt="%"),
    ),
    x_label="real-data share λ = m/n",
    y_label="n_eff (points)",
    marker="share",
    title="What fresh real data is worth, by real-data share",
)


def explore(params: Params, rng: np.random.Generator) -> Explored:
    """Effective sample size against λ for one n, and the stationary state at the chosen
    λ. ``rng`` is unused: closed forms only."""
    n, lam = params.n, params.share
    grid_lam = np.linspace(0.02, 1.0, 50)
    return Explored(
        curves=(
            Curve(
                "n_eff = nλ(2 − λ) + (1 − λ)",
                tuple(grid_lam),
                tuple(effective_sample_size(n, grid_lam)),
            ),
            Curve("fresh points alone, m = nλ", tuple(grid_lam), tuple(n * grid_lam)),
            Curve("twice the fresh points, 2m", tuple(grid_lam), tuple(2 * n * grid_lam)),
        ),
        readout={
            "n_eff": closed_form(
                float(effective_sample_size(n, lam)),
                "effective sample size: the i.i.d. sample with the same error",
                unit="points",
                fmt=".1f",
            ),
            "fresh_points": closed_form(
                n * lam, "fresh real points per generation, m = λn", unit="points", fmt=".1f"
            ),
            "stationary_variance": closed_form(
                float(stationary_variance(n, lam)),
                "stationary fitted variance, E[σ²]/σ₀²",
                fmt=".3f",
            ),
            "stationary_mse": closed_form(
                float(stationary_mean_sq_error(n, lam)),
                "stationary squared error of the mean, E[(μ − μ₀)²]/σ₀²",
                fmt="3 sig",
            ),
        },
    )
