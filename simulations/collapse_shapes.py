"""Does recursive training always shrink a distribution?

No: what "collapse" looks like depends on the model family and on how it is sampled.

(a) A kernel density estimate refitted to its own samples (docs/derivations/collapse-shapes.md#kde-smearing). Each
    generation draws n points from the previous KDE (pick a stored point at random,
    add N(0, h²) noise) and stores them. With v_t the plug-in variance (divisor n) of
    the stored points, E[v_{t+1}] = (1 − 1/n)(E[v_t] + h²), so the variance moves to
    (n − 1)h² whatever the truth was: the model smears rather than shrinks. For
    n = 20, h = 0.3 that limit is 1.71 against a true variance of 1.
(b) A Gaussian refitted to samples drawn at temperature τ, i.e. from N(μ_t, τ²σ_t²)
    (docs/derivations/collapse-shapes.md#temperature-sampling). Sampling cooler than the model (τ < 1, a common "quality" knob)
    multiplies the usual shrinkage factor (n − 1)/n by τ² every generation:
    E[σ_T²] = σ₀²(τ²(n − 1)/n)^T, which is 0.00987 after 20 generations for τ = 0.9,
    n = 50, against 0.668 for τ = 1.

Both closed forms are derived on this site (the KDE one is not from a paper; Kazdan et
al. 2025 study KDE collapse empirically). Embedded in docs/essays/shapes-of-collapse.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations.engine import FigureMeta, Value, closed_form, parameter


@dataclass(frozen=True)
class Params:
    seed: int = 12345
    # (a) KDE loop
    kde_n: int = 20
    bandwidth: float = 0.3
    kde_generations: int = 50
    # (b) temperature sampling
    temp_n: int = 50
    taus: tuple[float, ...] = (1.0, 0.9)
    temp_generations: int = 30
    # shared
    sigma0_sq: float = 1.0
    replicates: int = 10_000


PARAMS = Params()

META = FigureMeta(
    title="Two shapes of collapse: smearing and sharpening",
    caption=(
        "(a) A kernel density estimate (bandwidth h = [[value: bandwidth]]) refitted each "
        "generation to n = [[value: kde_n]] points drawn from its predecessor, starting from "
        "[[value: kde_n]] draws of a standard normal. Its variance rises from [[value: kde_v0]] "
        "towards (n − 1)h² = [[value: kde_limit]] "
        "(dash-dotted) instead of shrinking: the kernel noise added at each step "
        "outweighs the loss from resampling; the dotted line marks the true variance 1. "
        "(b) A Gaussian refitted to n = [[value: temp_n]] samples of its predecessor, sampled "
        "at temperature τ = 1 and at τ = [[value: tau_cool]] (log scale); cooler sampling multiplies the "
        "shrink factor by τ² per generation, so after 20 generations the variance is "
        "[[value: var_cool_t20 | 2 sig]] instead of [[value: var_tau1_t20 | 2 sig]]. Dashed lines: closed forms derived on this site "
        "(see its Derivations section); solid lines, and markers in (b): means over "
        "[[value: replicates]] Monte Carlo replicates (seed [[value: seed]]); shaded in (a): middle half of the runs, whose "
        "median stays near 1 while the mean climbs."
    ),
    alt=(
        "Two panels, one above the other. Top: variance of a density-estimate model "
        "over 50 generations. The mean starts just below the true value 1 and climbs "
        "steadily, to about 1.65 by generation 50, approaching a dash-dotted limit line "
        "at [[value: kde_limit]], with the simulated mean on the dashed theory curve; a shaded band "
        "holding the middle half of the runs widens until it spans about 0.6 to 1.9. "
        "Bottom: variance of a Gaussian model over 30 generations on a log scale. At "
        "temperature 1 it declines slowly to about 0.55; at temperature 0.9 it falls in "
        "a straight line to about 0.001. Simulated markers sit on both dashed theory "
        "lines."
    ),
    essay="essays/shapes-of-collapse.md",
)


# ---------------------------------------------------------------- closed forms


def kde_variance_limit(n: int, h: float) -> float:
    """C16 fixed point: (n − 1)h², independent of the true variance."""
    return (n - 1) * h**2


def expected_kde_variance(n: int, h: float, t, sigma0_sq: float = 1.0):
    """C16: E[v_t] for the KDE loop, with v_0 the plug-in variance of n true draws.

    E[v_t] = v* + (E[v_0] − v*) r^t with r = (n − 1)/n, v* = (n − 1)h² and
    E[v_0] = r σ₀² (n = 20, h = 0.3: 1.25496 at t = 10, limit 1.71).
    """
    r = (n - 1) / n
    limit = kde_variance_limit(n, h)
    return limit + (r * sigma0_sq - limit) * r ** np.asarray(t, dtype=float)


def expected_tempered_variance(n: int, tau: float, t, sigma0_sq: float = 1.0):
    """C17: E[σ_t²] = σ₀²(τ²(n − 1)/n)^t for a Gaussian refitted (MLE) to tempered samples."""
    return sigma0_sq * (tau**2 * (n - 1) / n) ** np.asarray(t, dtype=float)


# ---------------------------------------------------------------- simulation


@dataclass(frozen=True)
class Result:
    params: Params
    kde_t: np.ndarray
    kde_mean: np.ndarray
    kde_se: np.ndarray
    kde_q25: np.ndarray
    kde_q75: np.ndarray
    temp_t: np.ndarray
    temp_mean: np.ndarray  # (len(taus), temp_generations + 1)
    temp_se: np.ndarray


def simulate_kde(
    n: int, h: float, generations: int, replicates: int, rng, sigma0_sq: float = 1.0
) -> np.ndarray:
    """Plug-in variances v_t, t = 0..generations, shape (generations + 1, replicates)."""
    x = np.sqrt(sigma0_sq) * rng.standard_normal((replicates, n))
    out = np.empty((generations + 1, replicates))
    out[0] = x.var(axis=1)
    for t in range(1, generations + 1):
        parents = rng.integers(0, n, size=(replicates, n))
        x = np.take_along_axis(x, parents, axis=1) + h * rng.standard_normal((replicates, n))
        out[t] = x.var(axis=1)
    return out


def simulate_tempered(
    n: int, tau: float, generations: int, replicates: int, rng, sigma0_sq: float = 1.0
) -> np.ndarray:
    """MLE variances σ_t², t = 0..generations, shape (generations + 1, replicates).

    Generation t + 1 is fitted to n draws from N(μ_t, τ²σ_t²); generation 0 is the truth.
    """
    mu = np.zeros(replicates)
    var = np.full(replicates, sigma0_sq)
    out = np.empty((generations + 1, replicates))
    out[0] = var
    for t in range(1, generations + 1):
        x = mu[:, None] + tau * np.sqrt(var)[:, None] * rng.standard_normal((replicates, n))
        mu, var = x.mean(axis=1), x.var(axis=1)
        out[t] = var
    return out


def simulate(params: Params, rng: np.random.Generator) -> Result:
    R = params.replicates
    kde = simulate_kde(
        params.kde_n, params.bandwidth, params.kde_generations, R, rng, params.sigma0_sq
    )
    temp = np.stack(
        [
            simulate_tempered(params.temp_n, tau, params.temp_generations, R, rng, params.sigma0_sq)
            for tau in params.taus
        ]
    )
    return Result(
        params=params,
        kde_t=np.arange(params.kde_generations + 1),
        kde_mean=kde.mean(axis=1),
        kde_se=kde.std(axis=1, ddof=1) / np.sqrt(R),
        kde_q25=np.quantile(kde, 0.25, axis=1),
        kde_q75=np.quantile(kde, 0.75, axis=1),
        temp_t=np.arange(params.temp_generations + 1),
        temp_mean=temp.mean(axis=2),
        temp_se=temp.std(axis=2, ddof=1) / np.sqrt(R),
    )


# ---------------------------------------------------------------- figure


def plot(result: Result) -> Figure:
    prm = result.params
    fig, (ax_a, ax_b) = _style.figure(2, 1, height=7.8)
    blue = _style.PALETTE[0]

    # (a) KDE smearing
    t = result.kde_t
    limit = kde_variance_limit(prm.kde_n, prm.bandwidth)
    _style.band(
        ax_a, t, result.kde_q25, result.kde_q75, label="simulated, middle 50% of runs", color=blue
    )
    _style.simulated(
        ax_a,
        t,
        result.kde_mean,
        label=f"simulated mean, R = {prm.replicates:,} replicates",
        color=blue,
    )
    _style.theory(ax_a, t, expected_kde_variance(prm.kde_n, prm.bandwidth, t, prm.sigma0_sq))
    ax_a.plot(
        t[[0, -1]],
        [prm.sigma0_sq, prm.sigma0_sq],
        color="#777777",
        linewidth=1.2,
        linestyle=(0, (1, 3)),
        label="true variance",
    )
    ax_a.plot(
        t[[0, -1]],
        [limit, limit],
        color=_style.THEORY_COLOR,
        linewidth=1.0,
        linestyle=(0, (4, 2, 1, 2)),
        label=f"limit (n − 1)h² = {limit:.2f}",
    )
    ax_a.set_ylim(0.3, 3.2)
    ax_a.set_title(f"(a) KDE refit, n = {prm.kde_n}, h = {prm.bandwidth:g}: smearing")
    ax_a.set_xlabel("generation t")
    ax_a.set_ylabel("variance v_t / σ₀² (ratio)")
    ax_a.legend(loc="upper left")

    # (b) temperature
    t = result.temp_t
    colours = (_style.PALETTE[0], _style.PALETTE[1], _style.PALETTE[2], _style.PALETTE[3])
    markers = ("o", "s", "^", "D")
    for i, tau in enumerate(prm.taus):
        _style.simulated(
            ax_b,
            t,
            result.temp_mean[i],
            label=f"simulated, τ = {tau:g}",
            color=colours[i % 4],
            marker=markers[i % 4],
            markevery=2,
            linewidth=1.2,
        )
    for tau in prm.taus:
        _style.theory(
            ax_b,
            t,
            expected_tempered_variance(prm.temp_n, tau, t, prm.sigma0_sq),
            label=f"theory (closed form), τ = {tau:g}",
        )
    # One legend entry for all the dashed theory lines.
    handles, labels = ax_b.get_legend_handles_labels()
    keep = [j for j, lab in enumerate(labels) if not lab.startswith("theory")]
    keep.append(labels.index(next(lab for lab in labels if lab.startswith("theory"))))
    ax_b.legend(
        [handles[j] for j in keep],
        [labels[j] if j != keep[-1] else "theory (closed form)" for j in keep],
        loc="lower left",
    )
    ax_b.set_yscale("log")
    ax_b.set_title(f"(b) Gaussian refit at temperature τ, n = {prm.temp_n}: sharpening")
    ax_b.set_xlabel("generation t")
    ax_b.set_ylabel("variance σ_t² / σ₀² (ratio)")
    return fig


def values(params: Params, result: Result) -> dict[str, Value]:
    """The closed forms and parameters the essay and the caption quote."""
    n, h, m = params.kde_n, params.bandwidth, params.temp_n
    cool = min(params.taus)
    kde = "derivations/collapse-shapes.md#kde-smearing"
    temp = "derivations/collapse-shapes.md#temperature-sampling"
    return {
        "kde_n": parameter(n, "points per generation in the kernel density loop", fmt="d"),
        "bandwidth": parameter(h, "kernel bandwidth h", fmt=".1f"),
        "kde_generations": parameter(params.kde_generations, "kernel density generations", fmt="d"),
        "temp_n": parameter(m, "points per generation in the tempered Gaussian loop", fmt="d"),
        "tau_cool": parameter(cool, "the cooler sampling temperature τ", fmt=".1f"),
        "temp_generations": parameter(params.temp_generations, "tempered generations", fmt="d"),
        "replicates": parameter(params.replicates, "simulated chains per curve", fmt=","),
        "seed": parameter(params.seed, "seed of the random number generator", fmt="d"),
        "kde_v0": closed_form(
            (n - 1) / n,
            "E[v₀]/σ₀²: the plug-in variance of n true draws",
            fmt=".2f",
            derivation=kde,
        ),
        "kde_t10": closed_form(
            float(expected_kde_variance(n, h, 10)),
            "E[v_t]/σ₀² of the kernel density loop at t = 10",
            fmt=".3f",
            derivation=kde,
        ),
        "kde_limit": closed_form(
            kde_variance_limit(n, h),
            "fixed point (n − 1)h² of the kernel density loop",
            fmt=".2f",
            derivation=kde,
        ),
        "shrink_tau1": closed_form(
            (m - 1) / m,
            "per-generation factor of E[σ²] at τ = 1: (n − 1)/n",
            fmt=".2f",
            derivation=temp,
        ),
        "shrink_cool": closed_form(
            cool**2 * (m - 1) / m,
            "per-generation factor of E[σ²] at the cooler τ: τ²(n − 1)/n",
            fmt=".2f",
            derivation=temp,
        ),
        "var_tau1_t20": closed_form(
            float(expected_tempered_variance(m, 1.0, 20)),
            "E[σ_t²]/σ₀² at τ = 1 after 20 generations",
            fmt=".3f",
            derivation=temp,
        ),
        "var_cool_t20": closed_form(
            float(expected_tempered_variance(m, cool, 20)),
            "E[σ_t²]/σ₀² at the cooler τ after 20 generations",
            fmt="3 sig",
            derivation=temp,
        ),
    }
