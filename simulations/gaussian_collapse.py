"""What happens to a Gaussian that is refitted, generation after generation, to its own samples?

Embedded in docs/essays/copy-of-a-copy.md. Closed forms (derived on this site):
docs/derivations/gaussian-copying.md#variance-decay, #log-variance-drift, #mean-wander
and #unbiased-estimator. Each generation draws ``n`` points from the current fit N(μ_t, σ_t²) and
refits the mean and the variance, either with the maximum-likelihood divisor ``n`` or
the unbiased divisor ``n − 1``; generation 0 is the true N(μ₀, σ₀²).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
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
        n: sample size drawn from the current fit in every generation.
        generations: number of refits after the true distribution (generation 0).
        replicates: independent chains per estimator.
        fan_paths: how many single chains panel (c) draws.
        sigma0: standard deviation of the true distribution (μ₀ = 0).
    """

    seed: int = 12345
    n: int = 20
    generations: int = 100
    replicates: int = 20_000
    fan_paths: int = 30
    sigma0: float = 1.0


PARAMS = Params()

META = FigureMeta(
    title="A Gaussian refitted to its own samples",
    caption=(
        "The model starts as N(0, 1). In each of [[value: generations | d]] generations it draws "
        "n = [[value: n | d]] points from its current fit and refits the mean and the variance, "
        "dividing the sum of squared deviations either by n (maximum likelihood, MLE) or by "
        "n − 1 (unbiased). Solid lines summarise [[value: replicates | ,]] independent runs per "
        "estimator (seed [[value: seed | d]]); dashed lines are exact closed forms, except the "
        "median curve in (b), which is the approximation exp(t × average log step). (a) Under the "
        "MLE the expected variance shrinks by the factor [[value: n_minus_one | d]]/"
        "[[value: n | d]] each generation ([[value: var_ratio_t10 | .3f]] at t = 10, "
        "[[value: var_ratio_end | 2 sig]] at t = [[value: generations | d]]); under the unbiased "
        "divisor it stays at 1. (b) With the unbiased divisor the average variance holds at 1, "
        "yet the median run falls to about [[value: median_unbiased_end | 2 sig]] by "
        "t = [[value: generations | d]] and nine runs in ten end below the average, which rests "
        "on a few lucky runs; that is why the simulated average wobbles late on. (c) Thirty "
        "single MLE runs: the log variance falls by about [[value: log_fall_mle | .3f]] per "
        "generation, twice the slope of the log of the expected variance "
        "([[value: log_fall_mean | .3f]]). (d) The squared distance between the fitted mean and "
        "the true mean levels off at σ₀² under the MLE ([[value: sqerr_mle_t10 | .3f]] at "
        "t = 10) but keeps growing as t/n under the unbiased divisor "
        "([[value: sqerr_unbiased_end | d]] at t = [[value: generations | d]])."
    ),
    alt=(
        "Four panels over [[value: generations | d]] generations of refitting. Top left, log "
        "scale: the maximum-likelihood variance falls along a straight line from 1 to about "
        "[[value: var_ratio_end | 1 sig]], while the unbiased variance stays close to 1; the "
        "simulated lines sit on the dashed theory. Top right, log scale, unbiased estimator "
        "only: the average variance stays near 1, dipping slightly in the last 40 generations, "
        "while the median sinks in a straight line to about "
        "[[value: median_unbiased_end | 1 sig]]; a shaded band holding the middle 80% of runs "
        "widens until it spans roughly [[value: q10_unbiased_end | 1 sig]] to "
        "[[value: q90_unbiased_end | 1 sig]]. Bottom left: thirty jagged single runs of the log "
        "variance fan out downward around a dashed line ending near "
        "[[value: log_var_mle_end | .1f]], which is twice as steep as a dotted line for the log "
        "of the average variance ending near [[value: log_mean_var_end | .1f]]. Bottom right: "
        "the squared error of the fitted mean rises and flattens at 1 for the maximum-likelihood "
        "estimator, and climbs almost linearly for the unbiased one, along a dashed line that "
        "reaches [[value: sqerr_unbiased_end | d]], with the simulated line ending a little "
        "lower, near [[value: sqerr_unbiased_end_sim | .1f]]."
    ),
    essay="essays/copy-of-a-copy.md",
)


# ---------------------------------------------------------------------------
# Closed forms (docs/derivations/gaussian-copying.md). Pure functions shared by plot() and the tests.
# ---------------------------------------------------------------------------


def digamma(x: float) -> float:
    """ψ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series (error < 1e-15)."""
    shift = 0.0
    while x < 10.0:
        shift -= 1.0 / x
        x += 1.0
    inv2 = 1.0 / (x * x)
    series = inv2 * (
        1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132))))
    )
    return shift + math.log(x) - 0.5 / x - series


def trigamma(x: float) -> float:
    """ψ₁(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series."""
    shift = 0.0
    while x < 10.0:
        shift += 1.0 / (x * x)
        x += 1.0
    inv = 1.0 / x
    inv2 = inv * inv
    series = (
        inv
        + inv2 / 2
        + inv * inv2 * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * 5 / 66))))
    )
    return shift + series


def shrink_ratio(n: int) -> float:
    """r = (n − 1)/n, the factor by which the MLE fit shrinks E[σ²] each generation (C1)."""
    return (n - 1) / n


def expected_variance_mle(n: int, t, sigma0: float = 1.0):
    """C1: E[σ_t²] = σ₀² r^t under the maximum-likelihood divisor."""
    return sigma0**2 * shrink_ratio(n) ** np.asarray(t, dtype=float)


def expected_variance_unbiased(t, sigma0: float = 1.0):
    """C4: E[σ_t²] = σ₀² for every t under the unbiased divisor (a martingale)."""
    return np.full(np.shape(t), sigma0**2, dtype=float)


def log_variance_drift(n: int, ddof: int = 0) -> float:
    """C2/C4: E[ln(σ_{t+1}²/σ_t²)] = ψ((n−1)/2) + ln(2/(n − ddof)), ddof 0 (MLE) or 1."""
    return digamma((n - 1) / 2) + math.log(2 / (n - ddof))


def log_variance_step_variance(n: int) -> float:
    """C2: Var[ln(σ_{t+1}²/σ_t²)] = ψ₁((n−1)/2), for either divisor."""
    return trigamma((n - 1) / 2)


def expected_log_variance(n: int, t, ddof: int = 0, sigma0: float = 1.0):
    """C2: E[ln σ_t²] = ln σ₀² + t·drift (the log-variance is a random walk)."""
    return 2 * math.log(sigma0) + np.asarray(t, dtype=float) * log_variance_drift(n, ddof)


def median_variance_unbiased(n: int, t, sigma0: float = 1.0):
    """C4 (approximate): median σ_t² ≈ σ₀² exp(t·[ψ((n−1)/2) + ln(2/(n−1))])."""
    return sigma0**2 * np.exp(np.asarray(t, dtype=float) * log_variance_drift(n, ddof=1))


def mean_sq_error_mle(n: int, t, sigma0: float = 1.0):
    """C3: E[(μ_t − μ₀)²] = σ₀²(1 − r^t), bounded by σ₀²."""
    return sigma0**2 * (1 - shrink_ratio(n) ** np.asarray(t, dtype=float))


def mean_sq_error_unbiased(n: int, t, sigma0: float = 1.0):
    """C4: E[(μ_t − μ₀)²] = σ₀² t/n, unbounded."""
    return sigma0**2 * np.asarray(t, dtype=float) / n


# ---------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Chains:
    """Per-generation summaries over replicates for one estimator (index = generation t)."""

    var_mean: np.ndarray  # mean of σ_t²
    var_sd: np.ndarray  # standard deviation of σ_t² across replicates
    var_median: np.ndarray  # median of σ_t²
    var_q10: np.ndarray  # 10th percentile of σ_t²
    var_q90: np.ndarray  # 90th percentile of σ_t²
    logvar_mean: np.ndarray  # mean of ln σ_t²
    logvar_sd: np.ndarray
    logvar_median: np.ndarray
    sqerr_mean: np.ndarray  # mean of (μ_t − μ₀)²
    sqerr_sd: np.ndarray


@dataclass(frozen=True)
class Result:
    params: Params
    t: np.ndarray  # generations 0..G
    mle: Chains
    unbiased: Chains
    fan_logvar: np.ndarray  # (fan_paths, G+1) ln σ_t² of single MLE chains


def _run(params: Params, ddof: int, rng: np.random.Generator) -> tuple[Chains, np.ndarray]:
    """Run ``replicates`` chains; return summaries and the full ln σ² paths."""
    R, n, G = params.replicates, params.n, params.generations
    mu = np.zeros(R)
    sigma = np.full(R, params.sigma0)
    var = np.empty((G + 1, R))
    sqerr = np.empty((G + 1, R))
    var[0], sqerr[0] = params.sigma0**2, 0.0
    for g in range(1, G + 1):
        # n fresh draws from the current fit N(μ, σ²), one row per replicate
        x = rng.standard_normal((R, n))
        x *= sigma[:, None]
        x += mu[:, None]
        # refit: sample mean, then the sum of squared deviations over n or n − 1
        mu = x.mean(axis=1)
        x -= mu[:, None]
        var[g] = np.einsum("ij,ij->i", x, x) / (n - ddof)
        sigma = np.sqrt(var[g])
        sqerr[g] = mu**2  # μ₀ = 0
    logvar = np.log(var)
    q10, q50, q90 = np.quantile(var, [0.1, 0.5, 0.9], axis=1)
    chains = Chains(
        var_mean=var.mean(axis=1),
        var_sd=var.std(axis=1, ddof=1),
        var_median=q50,
        var_q10=q10,
        var_q90=q90,
        logvar_mean=logvar.mean(axis=1),
        logvar_sd=logvar.std(axis=1, ddof=1),
        logvar_median=np.median(logvar, axis=1),
        sqerr_mean=sqerr.mean(axis=1),
        sqerr_sd=sqerr.std(axis=1, ddof=1),
    )
    return chains, logvar


def simulate(params: Params, rng: np.random.Generator) -> Result:
    """Run independent chains for the MLE and the unbiased variance estimator."""
    mle, mle_logvar = _run(params, ddof=0, rng=rng)
    unbiased, _ = _run(params, ddof=1, rng=rng)
    return Result(
        params=params,
        t=np.arange(params.generations + 1),
        mle=mle,
        unbiased=unbiased,
        fan_logvar=mle_logvar[:, : params.fan_paths].T.copy(),
    )


# ---------------------------------------------------------------------------
# Values quoted by the essays (simulations/engine/contract.py: Value)
# ---------------------------------------------------------------------------

#: The early generation the essays and the caption quote beside the last one.
T_EARLY = 10


def _mean_se(mean: np.ndarray, sd: np.ndarray, t: int, reps: int) -> tuple[float, float]:
    return float(mean[t]), float(sd[t]) / math.sqrt(reps)


def values(params: Params, result: Result) -> dict[str, Value]:
    """The closed forms, estimates and parameters the essays quote (ratios to σ₀²)."""
    n, G, R, s0sq = params.n, params.generations, params.replicates, params.sigma0**2
    t0 = T_EARLY
    out: dict[str, Value] = {
        "n": parameter(n, "points drawn from the current fit in every generation", fmt="d"),
        "n_minus_one": closed_form(n - 1, "n − 1, the unbiased divisor", fmt="d"),
        "generations": parameter(G, "refits after the true distribution", fmt="d"),
        "replicates": parameter(R, "independent runs per estimator", fmt=","),
        "seed": parameter(params.seed, "seed of the random number generator", fmt="d"),
        "loss_per_generation": closed_form(
            1 - shrink_ratio(n), "share of E[σ²] the MLE fit loses per generation, 1/n", fmt="%"
        ),
        "var_ratio_t10": closed_form(
            float(expected_variance_mle(n, t0)),
            f"E[σₜ²]/σ₀² under the MLE at t = {t0}: ((n − 1)/n)^t",
            fmt=".3f",
        ),
        "var_ratio_end": closed_form(
            float(expected_variance_mle(n, G)),
            "E[σₜ²]/σ₀² under the MLE at the last generation: ((n − 1)/n)^t",
            fmt="2 sig",
        ),
        "log_drift_mle": closed_form(
            log_variance_drift(n),
            "E[ln(σₜ₊₁²/σₜ²)] under the MLE: ψ((n − 1)/2) + ln(2/n)",
            unit="per generation",
            fmt=".3f",
        ),
        "log_fall_mle": closed_form(
            -log_variance_drift(n),
            "fall of ln σₜ² per generation along a typical MLE run: −ψ((n − 1)/2) − ln(2/n)",
            unit="per generation",
            fmt=".3f",
        ),
        "log_fall_mean": closed_form(
            -math.log(shrink_ratio(n)),
            "fall of ln E[σₜ²] per generation under the MLE: −ln((n − 1)/n)",
            unit="per generation",
            fmt=".3f",
        ),
        "log_var_mle_end": closed_form(
            G * log_variance_drift(n),
            "E[ln(σₜ²/σ₀²)] under the MLE at the last generation: t·drift",
            fmt=".1f",
        ),
        "log_mean_var_end": closed_form(
            G * math.log(shrink_ratio(n)),
            "ln(E[σₜ²]/σ₀²) under the MLE at the last generation: t·ln((n − 1)/n)",
            fmt=".1f",
        ),
        "median_unbiased_end_approx": closed_form(
            float(median_variance_unbiased(n, G)),
            "approximate median σₜ²/σ₀² at the last generation, unbiased divisor: "
            "exp(t·[ψ((n − 1)/2) + ln(2/(n − 1))])",
            fmt="3 sig",
        ),
        "sqerr_mle_t10": closed_form(
            float(mean_sq_error_mle(n, t0)),
            f"E[(μₜ − μ₀)²]/σ₀² under the MLE at t = {t0}: 1 − ((n − 1)/n)^t",
            fmt=".3f",
        ),
        "sqerr_unbiased_end": closed_form(
            float(mean_sq_error_unbiased(n, G)),
            "E[(μₜ − μ₀)²]/σ₀² under the unbiased divisor at the last generation: t/n",
            fmt="3 sig",
        ),
        "rms_unbiased_end": closed_form(
            math.sqrt(float(mean_sq_error_unbiased(n, G))),
            "root-mean-square distance of the fitted mean from μ₀ at the last generation, "
            "unbiased divisor, in units of σ₀: √(t/n)",
            fmt="2 sig",
        ),
    }
    sims = {
        "var_ratio_t10_sim": (result.mle.var_mean, result.mle.var_sd, t0, "var_ratio_t10"),
        "var_ratio_end_sim": (result.mle.var_mean, result.mle.var_sd, G, "var_ratio_end"),
        "sqerr_mle_t10_sim": (result.mle.sqerr_mean, result.mle.sqerr_sd, t0, "sqerr_mle_t10"),
        "sqerr_unbiased_end_sim": (
            result.unbiased.sqerr_mean,
            result.unbiased.sqerr_sd,
            G,
            "sqerr_unbiased_end",
        ),
    }
    for name, (mean, sd, t, check) in sims.items():
        m, se = _mean_se(mean, sd, t, R)
        # At the last generation σ² and the mean's drift are heavy-tailed (the average rests
        # on a few lucky runs), so the sample standard error understates the error and a
        # 4-SE check would fail for honest simulations; only early values are checked.
        out[name] = simulated(
            m / s0sq,
            se / s0sq,
            R,
            f"simulated estimate of {check} (mean over runs at t = {t})",
            fmt=out[check].fmt,
            check=check if t == t0 else "",
        )
    slope_se = float(result.mle.logvar_sd[G]) / math.sqrt(R) / G
    out["log_drift_mle_sim"] = simulated(
        float(result.mle.logvar_mean[G] - math.log(s0sq)) / G,
        slope_se,
        R,
        "simulated average slope of ln σₜ² under the MLE, (mean ln(σₜ²/σ₀²) at the end)/t",
        unit="per generation",
        fmt=".3f",
        check="log_drift_mle",
    )
    # ln σ² is close to normal at the end (a sum of many log steps), so the median of σ²
    # has the standard error exp(median of ln σ²) × √(π/2) × sd(ln σ²)/√R (delta method).
    median = float(result.unbiased.var_median[G])
    out["median_unbiased_end"] = simulated(
        median / s0sq,
        median / s0sq * math.sqrt(math.pi / 2) * float(result.unbiased.logvar_sd[G]) / math.sqrt(R),
        R,
        "simulated median σₜ²/σ₀² at the last generation, unbiased divisor",
        fmt="3 sig",
    )
    for name, q, which in (
        ("q10_unbiased_end", result.unbiased.var_q10, "10th"),
        ("q90_unbiased_end", result.unbiased.var_q90, "90th"),
    ):
        # No standard error is claimed for the band's edges: they are quoted only as "roughly".
        out[name] = Value(
            "simulated",
            float(q[G]) / s0sq,
            f"simulated {which} percentile of σₜ²/σ₀² at the last generation, unbiased divisor",
            fmt="1 sig",
            se=0.0,
            replicates=R,
        )
    return out


# ---------------------------------------------------------------------------
# Figure
# ---------------------------------------------------------------------------

C_MLE, C_UNB, C_MEDIAN = _style.PALETTE[0], _style.PALETTE[1], _style.PALETTE[2]


def plot(result: Result) -> Figure:
    """Four panels: expected variance, mean vs median, single runs, drift of the mean."""
    p, t = result.params, result.t
    s0sq = p.sigma0**2
    reps = f"R = {p.replicates:,} replicates"
    fig, axes = _style.figure(2, 2, height=7.4, sharex=True)
    (ax_a, ax_b), (ax_c, ax_d) = axes

    # (a) expected variance under both divisors
    th = _style.theory(
        ax_a, t, expected_variance_mle(p.n, t), label="theory (closed form): MLE, r^t"
    )[0]
    _style.theory(ax_a, t, expected_variance_unbiased(t), label="theory (closed form): unbiased, 1")
    sm = _style.simulated(
        ax_a, t, result.mle.var_mean / s0sq, label=f"MLE, simulated, {reps}", color=C_MLE
    )[0]
    su = _style.simulated(
        ax_a,
        t,
        result.unbiased.var_mean / s0sq,
        label=f"unbiased, simulated, {reps}",
        color=C_UNB,
    )[0]
    ax_a.set_yscale("log")
    ax_a.set_title("(a) Expected variance")
    ax_a.set_ylabel("E[σₜ²] / σ₀² (ratio)")
    ax_a.legend(
        [th, sm, su],
        ["theory (closed form)", "MLE, simulated", "unbiased, simulated"],
        loc="lower left",
    )

    # (b) unbiased divisor: the mean holds, the typical run collapses
    band = _style.band(
        ax_b,
        t,
        result.unbiased.var_q10 / s0sq,
        result.unbiased.var_q90 / s0sq,
        label=f"unbiased, middle 80% of runs, {reps}",
        color=C_MEDIAN,
    )
    th = _style.theory(
        ax_b, t, expected_variance_unbiased(t), label="theory (closed form): mean, 1"
    )[0]
    _style.theory(
        ax_b,
        t,
        median_variance_unbiased(p.n, t),
        label="approximation: median ≈ exp(t × mean log step)",
    )
    smean = _style.simulated(
        ax_b, t, result.unbiased.var_mean / s0sq, label=f"mean, simulated, {reps}", color=C_UNB
    )[0]
    smed = _style.simulated(
        ax_b,
        t,
        result.unbiased.var_median / s0sq,
        label=f"median, simulated, {reps}",
        color=C_MEDIAN,
    )[0]
    ax_b.set_yscale("log")
    ax_b.set_title("(b) Unbiased: mean vs median")
    ax_b.set_ylabel("σₜ² / σ₀² (ratio)")
    ax_b.legend(
        [th, smean, smed, band],
        ["theory (closed form)", "mean, simulated", "median, simulated", "middle 80% of runs"],
        loc="lower left",
    )

    # (c) single MLE runs of ln σ_t²: the typical path falls twice as fast as ln E[σ²]
    fan = [
        ax_c.plot(
            t,
            path - math.log(s0sq),
            color=C_MLE,
            alpha=0.35,
            linewidth=0.8,
            label=f"MLE single run, path {i + 1}",
        )[0]
        for i, path in enumerate(result.fan_logvar)
    ]
    drift, lnr = log_variance_drift(p.n), math.log(shrink_ratio(p.n))
    smean = _style.simulated(
        ax_c,
        t,
        result.mle.logvar_mean - math.log(s0sq),
        label=f"MLE mean of ln σₜ², simulated, {reps}",
        color=C_UNB,
    )[0]
    th = _style.theory(
        ax_c,
        t,
        expected_log_variance(p.n, t),
        label=f"theory (closed form): E[ln σₜ²], slope {drift:.4f}",
    )[0]
    th_ln = ax_c.plot(
        t,
        t * lnr,
        color=_style.THEORY_COLOR,
        linestyle=":",
        linewidth=1.6,
        label=f"theory (closed form): ln E[σₜ²], slope {lnr:.4f}",
    )[0]
    ax_c.set_title(f"(c) MLE: {len(fan)} single runs")
    ax_c.set_xlabel("generation t")
    ax_c.set_ylabel("ln(σₜ² / σ₀²) (log ratio)")
    ax_c.legend(
        [fan[0], smean, th, th_ln] if fan else [smean, th, th_ln],
        ([f"{len(fan)} single runs"] if fan else [])
        + ["mean of ln σₜ²", f"theory, slope {drift:.3f}".replace("-", "−"), "ln E[σₜ²]"],
        loc="lower left",
    )

    # (d) squared error of the fitted mean
    th = _style.theory(
        ax_d, t, mean_sq_error_mle(p.n, t), label="theory (closed form): MLE, 1 − r^t"
    )[0]
    _style.theory(
        ax_d, t, mean_sq_error_unbiased(p.n, t), label="theory (closed form): unbiased, t/n"
    )
    sm = _style.simulated(
        ax_d, t, result.mle.sqerr_mean / s0sq, label=f"MLE, simulated, {reps}", color=C_MLE
    )[0]
    su = _style.simulated(
        ax_d,
        t,
        result.unbiased.sqerr_mean / s0sq,
        label=f"unbiased, simulated, {reps}",
        color=C_UNB,
    )[0]
    ax_d.set_title("(d) Drift of the fitted mean")
    ax_d.set_xlabel("generation t")
    ax_d.set_ylabel("E[(μₜ − μ₀)²] / σ₀² (ratio)")
    ax_d.legend(
        [th, sm, su],
        ["theory (closed form)", "MLE, simulated", "unbiased, simulated"],
        loc="upper left",
    )
    return fig


# ---------------------------------------------------------------------------
# Explorable: the reader moves n and the number of generations (simulations/engine/explore.py)
# ---------------------------------------------------------------------------

#: Independent MLE chains per grid point: enough for a standard error of about 1% of the
#: log-variance drift, cheap enough for 40 grid points at build time.
EXPLORE_REPLICATES = 400

EXPLORE = Explorable(
    sliders=(
        Slider("n", "sample size n", grid(10, 50, 5), unit="points per generation", fmt="d"),
        Slider("generations", "generations", grid(50, 200, 50), fmt="d"),
    ),
    x_label="generation t",
    y_label="ln σₜ² (log variance, σ₀ = 1)",
    title="Log variance of a Gaussian refitted to its own samples",
)


def explore(params: Params, rng: np.random.Generator) -> Explored:
    """Log variance against generation for one (n, generations): closed forms and the MLE
    simulated over EXPLORE_REPLICATES chains, with the key numbers at the last generation."""
    n, G = params.n, params.generations
    t = np.arange(G + 1)
    chains, _ = _run(dataclasses.replace(params, replicates=EXPLORE_REPLICATES), ddof=0, rng=rng)
    s0sq = params.sigma0**2
    mean_log, se_log = _mean_se(chains.logvar_mean, chains.logvar_sd, G, EXPLORE_REPLICATES)
    return Explored(
        curves=(
            Curve(
                "MLE, mean of ln σₜ², simulated",
                tuple(t),
                tuple(chains.logvar_mean),
                kind="simulated",
            ),
            Curve("MLE, E[ln σₜ²]", tuple(t), tuple(expected_log_variance(n, t, 0, params.sigma0))),
            Curve(
                "MLE, ln E[σₜ²]",
                tuple(t),
                tuple(np.log(expected_variance_mle(n, t, params.sigma0))),
            ),
            Curve(
                "unbiased, E[ln σₜ²]",
                tuple(t),
                tuple(expected_log_variance(n, t, 1, params.sigma0)),
            ),
        ),
        readout={
            "var_ratio_end": closed_form(
                float(expected_variance_mle(n, G, params.sigma0)) / s0sq,
                "expected variance left after the last MLE generation, E[σ²]/σ₀²",
            ),
            "log_var_mle_end": closed_form(
                float(expected_log_variance(n, G, 0, params.sigma0)),
                "expected log variance after the last MLE generation, E[ln σ²]",
                fmt=".2f",
            ),
            "log_var_mle_end_sim": simulated(
                mean_log,
                se_log,
                EXPLORE_REPLICATES,
                f"mean log variance after the last MLE generation, {EXPLORE_REPLICATES} runs",
                fmt=".2f",
                check="log_var_mle_end",
            ),
            "sqerr_mle_end": closed_form(
                float(mean_sq_error_mle(n, G, params.sigma0)) / s0sq,
                "squared drift of the mean after the last MLE generation, E[(μ − μ₀)²]/σ₀²",
            ),
            "sqerr_unbiased_end": closed_form(
                float(mean_sq_error_unbiased(n, G, params.sigma0)) / s0sq,
                "squared drift of the mean after the last generation, unbiased divisor (t/n)",
            ),
        },
    )
