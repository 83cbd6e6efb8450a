"""Does keeping every earlier batch of data, instead of replacing it, stop model collapse?

Embedded in docs/essays/replace-or-accumulate.md. Closed forms (derived on this site):
docs/derivations/replace-accumulate.md#accumulate-variance, #regression-replace and
#regression-accumulate. Two model families are refitted generation after generation:

- a Gaussian fitted by maximum likelihood (left panel), and
- an ordinary-least-squares linear regression whose labels come from the previous fit
  plus fresh noise (right panel).

"Replace" fits generation t only on the batch sampled from model t − 1; "accumulate" fits
it on the real batch plus every synthetic batch so far.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations.engine import FigureMeta, Value, closed_form, parameter


@dataclass(frozen=True)
class Params:
    """Every input of the figure.

    Attributes:
        seed: seed of the ``numpy.random.Generator`` the runner passes in.
        n: Gaussian sample size per generation (one batch).
        generations: Gaussian generations after the true distribution.
        replicates: Gaussian chains per scheme.
        d: regression dimension (x ~ N(0, I_d)).
        T: regression sample size per batch (T > d + 1).
        noise_var: label noise variance σ².
        reg_generations: regression generations (generation 1 is the fit on real data).
        reg_replicates: regression chains per scheme.
        fresh_design: draw a new design X every generation instead of reusing one X.
    """

    seed: int = 12345
    n: int = 10
    generations: int = 50
    replicates: int = 20_000
    d: int = 10
    T: int = 40
    noise_var: float = 1.0
    reg_generations: int = 20
    reg_replicates: int = 10_000
    fresh_design: bool = False


PARAMS = Params()

META = FigureMeta(
    title="Replacing data versus accumulating it",
    caption=(
        "Two ways to retrain on model output: replace (each fit sees only the batch produced by "
        "the previous fit) and accumulate (each fit sees the real batch plus every synthetic "
        "batch made so far). (a) A Gaussian fitted by maximum likelihood, starting from N(0, 1), "
        "with n = [[value: n]] new points per generation for [[value: generations]] generations; "
        "averages of [[value: replicates]] runs per scheme. Under replace the expected variance "
        "shrinks by the factor [[value: replace_factor]] each generation; under accumulate it settles at "
        "sin(π/√n)/(π/√n) ≈ [[value: var_accumulate_limit | .3f]] (dotted). The replace average "
        "wobbles slightly after generation 20 because a few runs with a large variance carry it. "
        "(b) Least-squares regression with d = [[value: d]] standard-normal features, "
        "T = [[value: batch]] examples per batch and noise variance σ² = [[value: noise_var]]. Each run draws one design matrix and reuses it in every "
        "generation, relabelling it with the previous fit plus fresh noise; generation 1 is the "
        "fit to real labels. Under replace the excess risk grows by σ²d/(T − d − 1) ≈ "
        "[[value: clean_risk | .3f]] per generation ([[value: replace_risk_end]] at "
        "g = [[value: reg_generations]]); under accumulate it stays below the dotted ceiling "
        "(π²/6) × [[value: clean_risk | .3f]] ≈ [[value: accumulate_bound | .3f]] "
        "([[value: accumulate_risk_end | .3f]] at g = [[value: reg_generations]]). Averages of "
        "[[value: reg_replicates]] runs per scheme. Seed [[value: seed]]; dashed lines "
        "are exact closed forms."
    ),
    alt=(
        "Two panels comparing replacing with accumulating data. Left, over 50 generations on a "
        "linear scale: the variance of a Gaussian refitted only to its newest samples decays "
        "smoothly from 1 towards 0, down to about 0.35 by generation 10 and near 0 by 50, while "
        "the accumulating version drops from 1 to about 0.85 within five generations and then "
        "stays flat on a dotted line at 0.843. Right, over 20 generations of linear regression: "
        "excess risk under replacement climbs in a straight line from 0.34 to about 6.9, while "
        "under accumulation it rises from 0.34 to about 0.55 and flattens just below a dotted "
        "ceiling at 0.567. In both panels the simulated lines follow the dashed theory."
    ),
    essay="essays/replace-or-accumulate.md",
)


# ---------------------------------------------------------------------------
# Closed forms (docs/derivations/gaussian-copying.md#variance-decay and
# docs/derivations/replace-accumulate.md). Pure functions for plot() and tests.
# ---------------------------------------------------------------------------


def variance_replace(n: int, t):
    """C1: E[σ_t²]/σ₀² = ((n − 1)/n)^t when each fit sees only the newest batch."""
    return ((n - 1) / n) ** np.asarray(t, dtype=float)


def variance_accumulate(n: int, t):
    """C5: E[σ_t²]/σ₀² = Π_{k=1..t} (1 − 1/(n k²)) when the fit pools every batch."""
    t = np.asarray(t)
    k = np.arange(1, int(np.max(t, initial=0)) + 1)
    running = np.concatenate([[1.0], np.cumprod(1 - 1 / (n * k**2))])
    return running[t]


def variance_accumulate_limit(n: int) -> float:
    """C5: lim E[σ_t²]/σ₀² = sin(π/√n)/(π/√n) (Euler's product for sin)."""
    x = math.pi / math.sqrt(n)
    return math.sin(x) / x


def mean_sq_error_accumulate(n: int, t):
    """C5: E[(μ_t − μ₀)²]/σ₀² = 1/n + Σ_{k=2..t} E[σ_{k−1}²]/(n k²), for t ≥ 1."""
    t = np.asarray(t)
    k = np.arange(2, int(np.max(t, initial=1)) + 1)
    terms = variance_accumulate(n, k - 1) / (n * k**2)
    running = np.concatenate([[0.0, 1 / n], 1 / n + np.cumsum(terms)])
    return running[t]


def clean_excess_risk(d: int, T: int, noise_var: float = 1.0) -> float:
    """C12: E‖ŵ − w*‖² = σ² d/(T − d − 1) for one OLS fit on real data (inverse-Wishart mean)."""
    return noise_var * d / (T - d - 1)


def excess_risk_replace(d: int, T: int, g, noise_var: float = 1.0):
    """C12: E‖ŵ_g − w*‖² = g σ² d/(T − d − 1): the errors of g fits add up."""
    return np.asarray(g, dtype=float) * clean_excess_risk(d, T, noise_var)


def excess_risk_accumulate(d: int, T: int, g, noise_var: float = 1.0):
    """C13: E‖ŵ_g − w*‖² = σ² d/(T − d − 1) Σ_{i=1..g} 1/i² (one design X reused)."""
    g = np.asarray(g)
    i = np.arange(1, int(np.max(g, initial=0)) + 1)
    running = np.concatenate([[0.0], np.cumsum(1.0 / i**2)])
    return clean_excess_risk(d, T, noise_var) * running[g]


def excess_risk_accumulate_bound(d: int, T: int, noise_var: float = 1.0) -> float:
    """C13: the accumulate error never exceeds (π²/6) σ² d/(T − d − 1)."""
    return math.pi**2 / 6 * clean_excess_risk(d, T, noise_var)


# ---------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    params: Params
    t: np.ndarray  # Gaussian generations 0..G
    var_replace: np.ndarray  # (G+1,) mean of σ_t² over chains
    var_replace_sd: np.ndarray  # (G+1,) standard deviation across chains
    var_accumulate: np.ndarray
    var_accumulate_sd: np.ndarray
    sqerr_accumulate: np.ndarray  # (G+1,) mean of (μ_t − μ₀)²
    sqerr_accumulate_sd: np.ndarray
    g: np.ndarray  # regression generations 1..Greg
    risk_replace: np.ndarray  # (Greg,) mean of ‖ŵ_g − w*‖²
    risk_replace_sd: np.ndarray
    risk_accumulate: np.ndarray
    risk_accumulate_sd: np.ndarray


def _gaussian(params: Params, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """MLE Gaussian chains under replace and accumulate, vectorised over replicates."""
    R, n, G = params.replicates, params.n, params.generations
    out = {k: np.empty((G + 1, R)) for k in ("rep", "acc", "acc_mu")}
    out["rep"][0] = out["acc"][0] = 1.0
    out["acc_mu"][0] = 0.0

    # replace: fit only the newest batch
    mu, var = np.zeros(R), np.ones(R)
    for t in range(1, G + 1):
        x = mu[:, None] + np.sqrt(var)[:, None] * rng.standard_normal((R, n))
        mu = x.mean(axis=1)
        var = ((x - mu[:, None]) ** 2).mean(axis=1)
        out["rep"][t] = var

    # accumulate: pooled mean and sum of squared deviations, merged batch by batch
    mu, var = np.zeros(R), np.ones(R)  # model 0 is the truth N(0, 1)
    count, ssd = 0, np.zeros(R)
    for t in range(1, G + 1):
        x = mu[:, None] + np.sqrt(var)[:, None] * rng.standard_normal((R, n))
        bmean = x.mean(axis=1)
        bssd = ((x - bmean[:, None]) ** 2).sum(axis=1)
        if count == 0:
            pooled_mu, ssd = bmean, bssd
        else:
            delta = bmean - mu
            pooled_mu = mu + delta * n / (count + n)
            ssd = ssd + bssd + delta**2 * count * n / (count + n)
        count += n
        mu, var = pooled_mu, ssd / count  # MLE on all count points
        out["acc"][t] = var
        out["acc_mu"][t] = mu**2
    return out


def _ols(gram: np.ndarray, moment: np.ndarray) -> np.ndarray:
    """Solve the stacked normal equations gram · w = moment, one system per replicate."""
    return np.linalg.solve(gram, moment[..., None])[..., 0]


def _regression(params: Params, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """OLS chains under replace and accumulate; returns ‖ŵ_g − w*‖² per generation."""
    R, d, T, G = params.reg_replicates, params.d, params.T, params.reg_generations
    noise_sd = math.sqrt(params.noise_var)
    w_star = np.full(d, 1 / math.sqrt(d))  # any w* gives the same excess risk

    def design() -> tuple[np.ndarray, np.ndarray]:
        X = rng.standard_normal((R, T, d))
        return X, np.matmul(X.transpose(0, 2, 1), X)

    risk = {"rep": np.empty((G, R)), "acc": np.empty((G, R))}
    for scheme in ("rep", "acc"):
        X, gram = design()  # one design per chain, reused unless fresh_design
        w = np.broadcast_to(w_star, (R, d))  # the first batch is labelled by the truth
        pooled_gram, pooled_moment = np.zeros((R, d, d)), np.zeros((R, d))
        for g in range(G):
            if params.fresh_design and g > 0:
                X, gram = design()
            y = (X @ w[..., None])[..., 0] + noise_sd * rng.standard_normal((R, T))
            moment = (y[:, None, :] @ X)[:, 0, :]
            if scheme == "rep":
                w = _ols(gram, moment)
            else:
                pooled_gram += gram
                pooled_moment += moment
                w = _ols(pooled_gram, pooled_moment)
            risk[scheme][g] = ((w - w_star) ** 2).sum(axis=1)
    return risk


def simulate(params: Params, rng: np.random.Generator) -> Result:
    """Run both schemes for the Gaussian and for the regression."""
    gauss = _gaussian(params, rng)
    risk = _regression(params, rng)

    def stats(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return a.mean(axis=1), a.std(axis=1, ddof=1)

    vr, vr_sd = stats(gauss["rep"])
    va, va_sd = stats(gauss["acc"])
    ma, ma_sd = stats(gauss["acc_mu"])
    rr, rr_sd = stats(risk["rep"])
    ra, ra_sd = stats(risk["acc"])
    return Result(
        params=params,
        t=np.arange(params.generations + 1),
        var_replace=vr,
        var_replace_sd=vr_sd,
        var_accumulate=va,
        var_accumulate_sd=va_sd,
        sqerr_accumulate=ma,
        sqerr_accumulate_sd=ma_sd,
        g=np.arange(1, params.reg_generations + 1),
        risk_replace=rr,
        risk_replace_sd=rr_sd,
        risk_accumulate=ra,
        risk_accumulate_sd=ra_sd,
    )


# ---------------------------------------------------------------------------
# Figure
# ---------------------------------------------------------------------------

C_REP, C_ACC = _style.PALETTE[1], _style.PALETTE[0]


def plot(result: Result) -> Figure:
    """Left: Gaussian variance; right: regression excess risk; replace vs accumulate."""
    p, t, g = result.params, result.t, result.g
    fig, (ax_l, ax_r) = _style.figure(1, 2, height=4.4)

    # left: Gaussian variance
    th = _style.theory(
        ax_l, t, variance_replace(p.n, t), label="theory (closed form): replace, r^t"
    )[0]
    _style.theory(
        ax_l, t, variance_accumulate(p.n, t), label="theory (closed form): accumulate, product"
    )
    lim = variance_accumulate_limit(p.n)
    lim_line = ax_l.plot(
        t,
        np.full(t.shape, lim),
        color=_style.THEORY_COLOR,
        linestyle=":",
        linewidth=1.2,
        label=f"theory (closed form): accumulate limit sin(π/√n)/(π/√n) = {lim:.4f}",
    )[0]
    reps = f"R = {p.replicates:,} replicates"
    sr = _style.simulated(
        ax_l, t, result.var_replace, label=f"replace, simulated, {reps}", color=C_REP
    )[0]
    sa = _style.simulated(
        ax_l, t, result.var_accumulate, label=f"accumulate, simulated, {reps}", color=C_ACC
    )[0]
    ax_l.set_ylim(0, 1.05)
    ax_l.set_title(f"(a) Gaussian, n = {p.n}")
    ax_l.set_xlabel("generation t")
    ax_l.set_ylabel("E[σₜ²] / σ₀² (ratio)")
    ax_l.legend(
        [th, lim_line, sr, sa],
        ["theory (closed form)", f"limit {lim:.3f}", "replace, simulated", "accumulate, simulated"],
        loc="center right",
    )

    # right: regression excess risk
    reps = f"R = {p.reg_replicates:,} replicates"
    s2 = p.noise_var
    th = _style.theory(
        ax_r, g, excess_risk_replace(p.d, p.T, g), label="theory (closed form): replace, linear"
    )[0]
    _style.theory(
        ax_r,
        g,
        excess_risk_accumulate(p.d, p.T, g),
        label="theory (closed form): accumulate, Σ 1/i²",
    )
    bound = excess_risk_accumulate_bound(p.d, p.T)
    bound_line = ax_r.plot(
        g,
        np.full(g.shape, bound),
        color=_style.THEORY_COLOR,
        linestyle=":",
        linewidth=1.2,
        label=f"theory (closed form): accumulate ceiling (π²/6) d/(T−d−1) = {bound:.4f}",
    )[0]
    sr = _style.simulated(
        ax_r, g, result.risk_replace / s2, label=f"replace, simulated, {reps}", color=C_REP
    )[0]
    sa = _style.simulated(
        ax_r, g, result.risk_accumulate / s2, label=f"accumulate, simulated, {reps}", color=C_ACC
    )[0]
    ax_r.set_title(f"(b) Regression, d = {p.d}, T = {p.T}")
    ax_r.set_xlabel("generation g")
    ax_r.set_ylabel("excess risk E‖ŵ − w*‖² / σ² (ratio)")
    ax_r.legend(
        [th, bound_line, sr, sa],
        [
            "theory (closed form)",
            f"ceiling {bound:.3f}",
            "replace, simulated",
            "accumulate, simulated",
        ],
        loc="upper left",
    )
    return fig


def values(params: Params, result: Result) -> dict[str, Value]:
    """The closed forms and parameters the essay and the caption quote."""
    n, d, T, s2, G = params.n, params.d, params.T, params.noise_var, params.reg_generations
    gauss = "derivations/replace-accumulate.md#accumulate-variance"
    reg = "derivations/replace-accumulate.md#regression-accumulate"
    clean = clean_excess_risk(d, T, s2)
    limit = variance_accumulate_limit(n)
    return {
        "n": parameter(n, "points per batch in the Gaussian loop", fmt="d"),
        "generations": parameter(params.generations, "generations of the Gaussian loop", fmt="d"),
        "replicates": parameter(params.replicates, "Gaussian runs per scheme", fmt=","),
        "d": parameter(d, "input features of the regression", fmt="d"),
        "batch": parameter(T, "examples per regression batch", fmt="d"),
        "noise_var": parameter(s2, "noise variance σ² of the regression labels", fmt="d"),
        "reg_generations": parameter(G, "generations of the regression loop", fmt="d"),
        "reg_replicates": parameter(params.reg_replicates, "regression runs per scheme", fmt=","),
        "seed": parameter(params.seed, "seed of the random number generator", fmt="d"),
        "replace_factor": closed_form(
            (n - 1) / n, "factor of E[σ²] per generation under replace: (n − 1)/n", fmt=".1f"
        ),
        "var_replace_t10": closed_form(
            float(variance_replace(n, 10)), "E[σₜ²]/σ₀² under replace at t = 10", fmt=".3f"
        ),
        "var_replace_t20": closed_form(
            float(variance_replace(n, 20)), "E[σₜ²]/σ₀² under replace at t = 20", fmt=".3f"
        ),
        "var_accumulate_limit": closed_form(
            limit,
            "limit of E[σₜ²]/σ₀² under accumulate: sin(π/√n)/(π/√n)",
            fmt=".4f",
            derivation=gauss,
        ),
        "accumulate_shortfall": closed_form(
            1 - limit, "share of the variance accumulate loses for good", fmt="%", derivation=gauss
        ),
        "basel": closed_form(
            math.pi**2 / 6, "π²/6 = Σ 1/i², the accumulate ceiling in clean errors", fmt=".3f"
        ),
        "ceiling_excess": closed_form(
            math.pi**2 / 6 - 1,
            "how far the accumulate ceiling sits above the clean error: π²/6 − 1",
            fmt=".1%",
            derivation=reg,
        ),
        "clean_risk": closed_form(
            clean, "excess risk of one fit on real data: σ²d/(T − d − 1)", fmt=".4f", derivation=reg
        ),
        "replace_risk_end": closed_form(
            float(excess_risk_replace(d, T, G, s2)),
            "excess risk under replace at the last regression generation: g σ²d/(T − d − 1)",
            fmt=".2f",
            derivation=reg,
        ),
        "accumulate_risk_end": closed_form(
            float(excess_risk_accumulate(d, T, G, s2)),
            "excess risk under accumulate at the last regression generation",
            fmt=".4f",
            derivation=reg,
        ),
        "accumulate_bound": closed_form(
            excess_risk_accumulate_bound(d, T, s2),
            "ceiling of the accumulate excess risk: (π²/6) σ²d/(T − d − 1)",
            fmt=".4f",
            derivation=reg,
        ),
    }
