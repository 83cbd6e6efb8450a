"""Which words disappear first when a vocabulary is resampled from its own frequencies?

Embedded in docs/essays/tails-go-first.md. Closed forms (derived on this site):
docs/derivations/tail-loss.md#gini-simpson-decay, #first-generation-survivors and
#type-survival. Each generation draws n tokens from the previous generation's empirical
frequencies (generation 0 is a Zipf law over V types). This is the neutral Wright–Fisher
model: a type that misses one draw is gone for good, diversity decays exactly
geometrically, and the count of any one type is a Bin(n, c/n) Markov chain, so its
survival probabilities follow exactly from that (n+1)-state chain.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure

from simulations import _style
from simulations._distributions import zipf
from simulations.engine import FigureMeta, Value, closed_form, parameter, simulated


@dataclass(frozen=True)
class Params:
    """Every input of the figure.

    Attributes:
        seed: seed of the ``numpy.random.Generator`` the runner passes in.
        V: number of types in the true Zipf distribution.
        beta: Zipf exponent, p_i ∝ i^−β.
        n: tokens drawn per generation in panels (a) and (b).
        generations: generations simulated in panels (a) and (b).
        replicates: independent vocabularies resampled in panels (a) and (b).
        chain_n: population size of the single-type chain in panel (c).
        tau: further generations a type must survive in panel (c).
        j_values: starting counts simulated by Monte Carlo in panel (c).
        j_max: largest starting count drawn for the exact curve in panel (c).
        chain_replicates: Monte Carlo chains per starting count in panel (c).
    """

    seed: int = 12345
    V: int = 1000
    beta: float = 1.1
    n: int = 2000
    generations: int = 100
    replicates: int = 200
    chain_n: int = 200
    tau: int = 40
    j_values: tuple[int, ...] = (1, 2, 5, 10, 20, 30, 40)
    j_max: int = 40
    chain_replicates: int = 20_000


PARAMS = Params()

META = FigureMeta(
    title="The tails go first",
    caption=(
        "A vocabulary of V = 1,000 word types with Zipf frequencies (exponent 1.1) is resampled: "
        "every generation draws n = 2,000 tokens from the previous generation's word frequencies. "
        "Panels (a) and (b) average 200 independent runs over 100 generations. (a) A type that "
        "misses one round of draws never returns: only [[value: survivors_t1 | .1f]] types are "
        "expected to survive the first generation and about [[value: survivors_end | d]] the "
        "hundredth (log scale; the dashed curve is computed "
        "exactly from each type's count, a Bin(n, c/n) chain). (b) Gini–Simpson diversity, the "
        "chance that two random tokens are different types, shrinks by exactly the factor 1 − "
        "1/2,000 per generation ([[value: gini_simpson_t50 | .4f]] at t = 50), so it halves "
        "every [[value: half_life | ,]] generations. (c) In "
        "a population of 200 tokens, the chance that a type now held by j tokens is still present "
        "40 generations later: exact from the 201-state chain (dashed), Monte Carlo with 20,000 "
        "runs per j (dots), and the branching approximation 1 − exp(−2j/40) (dotted), which is "
        "close but not exact. Seed 12345."
    ),
    alt=(
        "Three panels. Top left, log scale: the number of surviving word types falls from 1,000 "
        "to about 423 after one generation, then keeps falling more slowly, to about 137 by "
        "generation 10 and 26 by generation 100; the simulated line lies on the dashed theory. "
        "Top right: diversity declines along a nearly straight line from 0.952 to about 0.906 "
        "over 100 generations, simulation and theory together. Bottom: the chance that a type "
        "survives 40 more generations rises with its current count, from about 0.05 for one token "
        "to 0.22 for five, 0.64 for twenty and about 0.88 for forty; Monte Carlo dots sit on the "
        "exact dashed curve, and the dotted branching approximation runs just beside it, slightly "
        "below at large counts."
    ),
    essay="essays/tails-go-first.md",
)


# ---------------------------------------------------------------------------
# Closed forms (docs/derivations/tail-loss.md). Pure functions shared by plot() and the tests.
# ---------------------------------------------------------------------------


def gini_simpson(p) -> np.ndarray:
    """1 − Σ p_i² along the last axis: the chance that two random tokens differ."""
    p = np.asarray(p, dtype=float)
    return 1 - np.sum(p * p, axis=-1)


def expected_gini_simpson(p0: np.ndarray, n: int, t):
    """C6: E[1 − Σ p_{t,i}²] = (1 − Σ p_{0,i}²)(1 − 1/n)^t, exactly."""
    return gini_simpson(p0) * (1 - 1 / n) ** np.asarray(t, dtype=float)


def diversity_half_life(n: int) -> float:
    """C6: generations for the diversity to halve, ln 2 / −ln(1 − 1/n) ≈ n ln 2."""
    return math.log(2) / -math.log1p(-1 / n)


def expected_survivors_first_generation(p0: np.ndarray, n: int) -> float:
    """C7: E[#types present after one generation] = Σ_i [1 − (1 − p_i)^n]."""
    return float(np.sum(1 - (1 - p0) ** n))


def binomial_pmf(n: int, q) -> np.ndarray:
    """Rows Bin(n, q_r)(k) for k = 0..n, one row per q_r in ``q`` (computed in logs)."""
    q = np.atleast_1d(np.asarray(q, dtype=float))
    k = np.arange(n + 1)
    log_fact = np.concatenate([[0.0], np.cumsum(np.log(np.arange(1, n + 1)))])
    log_choose = log_fact[n] - log_fact[k] - log_fact[n - k]
    inner = (q > 0) & (q < 1)
    qi = np.where(inner, q, 0.5)[:, None]
    pmf = np.exp(log_choose + k * np.log(qi) + (n - k) * np.log1p(-qi))
    pmf[q <= 0] = k == 0  # q = 0: all mass at 0; q = 1: all mass at n
    pmf[q >= 1] = k == n
    return pmf


def transition_matrix(n: int) -> np.ndarray:
    """The (n+1)-state neutral Wright–Fisher chain: P[c, c'] = Bin(n, c/n)(c')."""
    return binomial_pmf(n, np.arange(n + 1) / n)


def extinction_by(n: int, steps: int) -> np.ndarray:
    """H[k, c] = P(count is 0 after k steps | count c now), for k = 0..steps (C8, exact)."""
    P = transition_matrix(n)
    H = np.empty((steps + 1, n + 1))
    H[0] = np.arange(n + 1) == 0
    for k in range(1, steps + 1):
        H[k] = P @ H[k - 1]  # 0 is absorbing, so "at 0 after k steps" = "hit 0 by k"
    return H


def survival_exact(n: int, tau: int, j):
    """C8: P(a type held by j of n tokens is present τ generations later), exact chain."""
    return 1 - extinction_by(n, tau)[tau][np.asarray(j)]


def survival_branching(tau: int, j):
    """C8 (approximation for τ ≪ n): critical branching, 1 − exp(−2j/τ)."""
    return 1 - np.exp(-2 * np.asarray(j, dtype=float) / tau)


def expected_survivors(p0: np.ndarray, n: int, generations: int) -> np.ndarray:
    """E[#types present at generation t], t = 0..generations, exact via the chain.

    Generation 1 draws Bin(n, p_i) copies of type i; after that each type's count is the
    Wright–Fisher chain, so P(type i present at t) = Σ_c Bin(n, p_i)(c) (1 − H[t−1, c]).
    """
    first = binomial_pmf(n, p0).sum(axis=0)  # Σ_i Bin(n, p_i)(c)
    alive = 1 - extinction_by(n, max(generations - 1, 0))
    return np.concatenate([[float(len(p0))], alive @ first])[: generations + 1]


# ---------------------------------------------------------------------------
# Values quoted by the essays (simulations/engine/contract.py: Value)
# ---------------------------------------------------------------------------

#: The middle generation the essay quotes for the diversity index.
T_MID = 50
#: Starting counts whose survival the essay quotes (panel (c)).
QUOTED_J = (1, 5, 20)


def values(params: Params, result: Result) -> dict[str, Value]:
    """The closed forms, estimates and parameters tails-go-first.md quotes."""
    p0 = zipf(params.V, params.beta)
    n, V, G, R = params.n, params.V, params.generations, params.replicates
    survivors = expected_survivors(p0, n, G)
    out: dict[str, Value] = {
        "vocabulary": parameter(V, "word types in the true Zipf vocabulary", fmt=","),
        "beta": parameter(params.beta, "Zipf exponent β", fmt=".1f"),
        "tokens": parameter(n, "tokens drawn per generation", fmt=","),
        "chain_n": parameter(params.chain_n, "tokens in the single-type chain", fmt=","),
        "tau": parameter(params.tau, "further generations a type must survive", fmt="d"),
        "top_share": closed_form(p0[0], "share of all usage of the most common type", fmt="%"),
        "top_copies": closed_form(
            n * p0[0], "expected copies of the most common type per sample, n·p₁", fmt="d"
        ),
        "rarest_copies": closed_form(
            n * p0[-1], "expected copies of the rarest type per sample, n·p_V", fmt=".2f"
        ),
        "rarest_missed": closed_form(
            (1 - p0[-1]) ** n, "chance one sample misses the rarest type, (1 − p_V)^n", fmt=".2f"
        ),
        "missed_once": closed_form(
            (1 - 1 / n) ** n,
            "chance one sample misses a type expected once per sample, (1 − 1/n)^n ≈ e^−1",
            fmt="%",
            derivation="derivations/tail-loss.md#first-generation-survivors",
        ),
        "missed_five": closed_form(
            (1 - 5 / n) ** n,
            "chance one sample misses a type expected five times per sample, (1 − 5/n)^n ≈ e^−5",
            fmt=".1%",
            derivation="derivations/tail-loss.md#first-generation-survivors",
        ),
        "types_below_once": closed_form(
            int(np.count_nonzero(n * p0 < 1)),
            "types expected less than once per sample (n·p_i < 1)",
            fmt=",",
        ),
        "survivors_t1": closed_form(
            expected_survivors_first_generation(p0, n),
            "expected types present after one generation, Σ[1 − (1 − p_i)^n]",
            fmt=".1f",
        ),
        "survivors_end": closed_form(
            float(survivors[G]), "expected types present at the last generation (exact chain)"
        ),
        "gini_simpson_0": closed_form(
            float(gini_simpson(p0)), "Gini–Simpson index of the true vocabulary", fmt=".3f"
        ),
        "gini_simpson_factor": closed_form(
            1 - 1 / n,
            "factor per generation of the expected Gini–Simpson index, 1 − 1/n",
            fmt=".4f",
        ),
        "gini_simpson_t50": closed_form(
            float(expected_gini_simpson(p0, n, T_MID)),
            f"expected Gini–Simpson index at t = {T_MID}: (1 − Σp²)(1 − 1/n)^t",
            fmt=".4f",
        ),
        "half_life": closed_form(
            diversity_half_life(n), "generations for the expected index to halve", fmt=","
        ),
        "survivors_t1_sim": simulated(
            float(result.survivors_mean[1]),
            float(result.survivors_sd[1]) / math.sqrt(R),
            R,
            "simulated mean number of types present after one generation",
            fmt=".1f",
            check="survivors_t1",
        ),
    }
    exact = survival_exact(params.chain_n, params.tau, list(QUOTED_J))
    approx = survival_branching(params.tau, list(QUOTED_J))
    bound = 1 - np.exp(-np.asarray(QUOTED_J, dtype=float) / params.tau)
    for j, e, a, b in zip(QUOTED_J, exact, approx, bound, strict=True):
        out[f"survival_j{j}"] = closed_form(
            float(e), f"chance a type held by {j} tokens survives τ generations (exact)", fmt=".4f"
        )
        out[f"survival_branching_j{j}"] = closed_form(
            float(a), f"branching approximation 1 − exp(−2j/τ) for j = {j}", fmt=".4f"
        )
        out[f"survival_bound_j{j}"] = closed_form(
            float(b), f"lower bound 1 − exp(−j/τ) for j = {j}", fmt=".3f"
        )
        k = list(result.j).index(j)
        share = float(result.survived[k])
        se = math.sqrt(max(share * (1 - share), 1e-12) / params.chain_replicates)
        out[f"survival_j{j}_sim"] = simulated(
            share,
            se,
            params.chain_replicates,
            f"Monte Carlo share of chains from j = {j} still present after τ generations",
            fmt=".4f",
            check=f"survival_j{j}",
        )
    return out


# ---------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    params: Params
    t: np.ndarray  # generations 0..G
    survivors_mean: np.ndarray  # (G+1,) mean number of types present
    survivors_sd: np.ndarray
    gs_mean: np.ndarray  # (G+1,) mean Gini–Simpson diversity
    gs_sd: np.ndarray
    j: np.ndarray  # starting counts in panel (c)
    survived: np.ndarray  # fraction of chains with a positive count after τ generations


def simulate(params: Params, rng: np.random.Generator) -> Result:
    """Resample the vocabulary; run the single-type chain from each j."""
    p0 = zipf(params.V, params.beta)
    R, n, G = params.replicates, params.n, params.generations
    survivors = np.empty((G + 1, R))
    gs = np.empty((G + 1, R))
    survivors[0], gs[0] = params.V, gini_simpson(p0)
    freq = np.broadcast_to(p0, (R, params.V))
    for t in range(1, G + 1):
        counts = rng.multinomial(n, freq)  # n tokens from last generation's frequencies
        freq = counts / n
        survivors[t] = np.count_nonzero(counts, axis=1)
        gs[t] = gini_simpson(freq)

    # panel (c): count of one type in a population of chain_n, τ resampling steps
    j = np.asarray(params.j_values)
    c = np.repeat(j[:, None], params.chain_replicates, axis=1)
    for _ in range(params.tau):
        c = rng.binomial(params.chain_n, c / params.chain_n)
    return Result(
        params=params,
        t=np.arange(G + 1),
        survivors_mean=survivors.mean(axis=1),
        survivors_sd=survivors.std(axis=1, ddof=1),
        gs_mean=gs.mean(axis=1),
        gs_sd=gs.std(axis=1, ddof=1),
        j=j,
        survived=(c > 0).mean(axis=1),
    )


# ---------------------------------------------------------------------------
# Figure
# ---------------------------------------------------------------------------

C_SIM, C_APPROX = _style.PALETTE[0], _style.PALETTE[1]


def plot(result: Result) -> Figure:
    """(a) surviving types, (b) diversity, (c) survival of a type held by j tokens."""
    p, t = result.params, result.t
    p0 = zipf(p.V, p.beta)
    fig, axes = _style.mosaic([["a", "b"], ["c", "c"]], height=7.4)  # (c) spans the bottom
    ax_a, ax_b, ax_c = axes["a"], axes["b"], axes["c"]
    reps = f"R = {p.replicates:,} replicates"

    # (a) surviving types
    survivors = expected_survivors(p0, p.n, p.generations)
    _style.theory(ax_a, t, survivors, label="theory (closed form)")
    if p.generations >= 1:
        ax_a.annotate(
            f"{survivors[1]:.1f} after\ngeneration 1",
            xy=(1, survivors[1]),
            xytext=(0.3, 0.45),
            textcoords="axes fraction",
            fontsize=10.5,
            arrowprops={"arrowstyle": "->", "color": "#555555", "linewidth": 1.0},
        )
    _style.simulated(ax_a, t, result.survivors_mean, label=f"simulated, {reps}", color=C_SIM)
    ax_a.set_yscale("log")
    ticks = [v for v in (20, 50, 100, 200, 500, 1000) if v <= p.V]
    ax_a.set_yticks(ticks, [f"{v:,}" for v in ticks])
    ax_a.minorticks_off()
    ax_a.set_title("(a) Types still present")
    ax_a.set_xlabel("generation t")
    ax_a.set_ylabel(f"surviving types of {p.V:,} (count)")
    ax_a.legend(["theory (closed form)", f"simulated, R = {p.replicates:,}"], loc="upper right")

    # (b) Gini–Simpson diversity
    _style.theory(ax_b, t, expected_gini_simpson(p0, p.n, t), label="theory (closed form)")
    _style.simulated(ax_b, t, result.gs_mean, label=f"simulated, {reps}", color=C_SIM)
    ax_b.set_title("(b) Diversity")
    ax_b.set_xlabel("generation t")
    ax_b.set_ylabel("Gini–Simpson 1 − Σpᵢ² (probability)")
    ax_b.legend(["theory (closed form)", f"simulated, R = {p.replicates:,}"], loc="lower left")

    # (c) survival of one type over τ more generations
    jj = np.arange(1, p.j_max + 1)
    _style.theory(
        ax_c,
        jj,
        survival_exact(p.chain_n, p.tau, jj),
        label=f"theory (closed form): exact {p.chain_n + 1}-state chain",
    )
    ax_c.plot(
        jj,
        survival_branching(p.tau, jj),
        color=C_APPROX,
        linestyle=":",
        linewidth=2.0,
        label=f"branching approximation 1 − exp(−2j/{p.tau})",
    )
    ax_c.plot(
        result.j,
        result.survived,
        "o",
        color=C_SIM,
        markersize=7,
        label=f"Monte Carlo, R = {p.chain_replicates:,} replicates per j",
    )
    ax_c.set_title(f"(c) Survival for {p.tau} more generations, population {p.chain_n}")
    ax_c.set_xlabel("tokens of the type now, j (count)")
    ax_c.set_ylabel("P(still present) (probability)")
    ax_c.set_ylim(0, 1)
    ax_c.legend(loc="lower right")
    return fig
