"""How well can any detector do when machine text is statistically close to human text?

Embedded in docs/essays/why-detectors-cannot-save-us.md. Closed form: docs/derivations/detectors.md#detectability-bound
(the bound of sadasivan2023detected, re-derived on this site): with total variation distance TV
between the human distribution P and the machine distribution Q, every detector has
TPR ≤ FPR + TV at every threshold, so AUROC ≤ ½ + TV − TV²/2. The floor ½ + TV/2 for the
*optimal* detector is derived for this figure: the likelihood-ratio ROC is concave and
passes through a point where TPR − FPR = TV, so it lies above the two chords through it.

Random pairs (P, Q) of distributions over a few categories stand in for "documents": for
each pair the optimal detector ranks a document by the likelihood ratio Q(x)/P(x)
(Neyman–Pearson), and its AUROC is computed exactly, ties counted half.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from simulations import _style
from simulations.engine import FigureMeta, Value, closed_form, parameter


@dataclass(frozen=True)
class Params:
    seed: int = 20233
    categories: int = 8  # support size of each random distribution
    pairs: int = 400  # random (P, Q) pairs in panel (a)
    concentration: tuple[float, float] = (0.05, 5.0)  # Dirichlet concentration, log-uniform
    tv_example: float = 0.1  # TV of the example pairs in panel (b)
    fpr_example: float = 0.01  # the operating point marked in panel (b)
    roc_examples: int = 6  # example pairs with TV = tv_example in panel (b)


PARAMS = Params()

META = FigureMeta(
    title="The ceiling on any detector set by total variation",
    caption=(
        "(a) The best possible AUROC of a detector that tells machine text from human "
        "text, against the total variation distance TV between the two distributions. "
        "The dashed ceiling ½ + TV − TV²/2 holds for every detector (Sadasivan et al.); "
        "the dotted floor ½ + TV/2 for the optimal detector is derived for this figure. "
        "Each point is a random pair of distributions over 8 categories (Dirichlet draws "
        "with concentration between 0.05 and 5, the machine side mixed with the human "
        "side at a random weight; 400 pairs, seed 20233) with the exact AUROC of its "
        "likelihood-ratio detector, ties counted half; every point lies between the two "
        "lines. At TV = 0.1 no detector beats AUROC [[value: auroc_ceiling]]. (b) ROC curves of the "
        "optimal detector for six random pairs with TV = 0.1 exactly, on a logarithmic "
        "false-positive axis, under the ceiling TPR = FPR + TV: at a 1% false-positive "
        "rate, no detector catches more than [[value: tpr_ceiling]] of machine text. Small TV is the "
        "assumption that matters: it stands for a generator whose output is close to "
        "human text in distribution."
    ),
    alt=(
        "Two panels side by side. Left: a dashed ceiling curve rises from AUROC 0.5 at "
        "total variation 0 to 1 at total variation 1, bowing above a dotted straight "
        "floor line that runs from 0.5 to 1; the two meet at both ends. Four hundred "
        "dots, one per random pair of distributions, lie between the two lines, most of "
        "them closer to the dotted floor, and none crosses the dashed ceiling; at total "
        "variation 0.1 the ceiling is [[value: auroc_ceiling]]. Right: on a logarithmic false-positive "
        "axis, six solid ROC curves for pairs with total variation 0.1 stay under the "
        "dashed ceiling TPR = FPR + 0.1 and above a dotted chance line; at 1% false "
        "positives the ceiling is 0.11, and the curves reach between about 0.02 and "
        "just under 0.11 there."
    ),
    essay="essays/why-detectors-cannot-save-us.md",
)


# --------------------------------------------------------------------------------------
# Closed forms (docs/derivations/detectors.md#detectability-bound) and exact computations.
# --------------------------------------------------------------------------------------


def auroc_ceiling(tv):
    """e1: AUROC ≤ ½ + TV − TV²/2 for any detector (area under min(1, FPR + TV))."""
    tv = np.asarray(tv, dtype=float)
    return 0.5 + tv - tv**2 / 2


def auroc_floor(tv):
    """Derived here: the optimal (likelihood-ratio) detector has AUROC ≥ ½ + TV/2."""
    return 0.5 + np.asarray(tv, dtype=float) / 2


def tpr_ceiling(fpr, tv):
    """e1: TPR ≤ min(1, FPR + TV) at every threshold of every detector."""
    return np.minimum(1.0, np.asarray(fpr, dtype=float) + np.asarray(tv, dtype=float))


def total_variation(p, q):
    """TV(P, Q) = ½ Σ |p − q| over the last axis."""
    return 0.5 * np.abs(np.asarray(p, dtype=float) - np.asarray(q, dtype=float)).sum(axis=-1)


def auroc_pairwise(p, q):
    """Exact AUROC of the likelihood-ratio detector, by the definition: P(score of a
    machine document > score of a human one) + ½ P(tie), summed over all category pairs.
    Scores are compared by cross-multiplication (q_i p_j vs q_j p_i), so zero
    probabilities need no division. Batched over leading axes."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    lhs = q[..., :, None] * p[..., None, :]  # q_i p_j: category i (machine) vs j (human)
    rhs = q[..., None, :] * p[..., :, None]  # q_j p_i
    weight = (lhs > rhs) + 0.5 * (lhs == rhs)
    return (q[..., :, None] * p[..., None, :] * weight).sum(axis=(-2, -1))


def roc_curve(p, q):
    """ROC vertices (FPR, TPR) of the likelihood-ratio detector, from (0, 0) to (1, 1):
    categories sorted by Q/P, most machine-like first. Batched over leading axes. Tied
    categories give collinear segments, which is the randomised test that breaks ties."""
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    ratio = np.where(p > 0, q / np.where(p > 0, p, 1.0), np.inf)
    order = np.argsort(-ratio, axis=-1, kind="stable")
    fpr = np.cumsum(np.take_along_axis(p, order, axis=-1), axis=-1)
    tpr = np.cumsum(np.take_along_axis(q, order, axis=-1), axis=-1)
    zero = np.zeros((*p.shape[:-1], 1))
    return np.concatenate([zero, fpr], axis=-1), np.concatenate([zero, tpr], axis=-1)


def auroc_roc(p, q):
    """Exact AUROC of the likelihood-ratio detector, as the trapezoid area under its ROC."""
    fpr, tpr = roc_curve(p, q)
    return (np.diff(fpr, axis=-1) * (tpr[..., 1:] + tpr[..., :-1]) / 2).sum(axis=-1)


def tpr_at_fpr(p, q, fpr):
    """TPR of the (randomised) likelihood-ratio test at the given FPRs, for one pair."""
    f, t = roc_curve(p, q)
    # Right-continuous ROC: where FPR repeats (categories absent from P), keep the top TPR.
    keep = np.append(np.diff(f) > 0, True)
    return np.interp(fpr, f[keep], t[keep], left=t[keep][0])


def _dirichlet_pairs(rng: np.random.Generator, n: int, categories: int, concentration):
    """n pairs of independent Dirichlet distributions, each with its own concentration
    drawn log-uniformly from the given range (small: spiky, large: flat)."""
    lo, hi = np.log(concentration[0]), np.log(concentration[1])
    c = np.exp(rng.uniform(lo, hi, size=(2, n, 1)))
    p = rng.gamma(np.broadcast_to(c[0], (n, categories)))
    r = rng.gamma(np.broadcast_to(c[1], (n, categories)))
    return p / p.sum(axis=1, keepdims=True), r / r.sum(axis=1, keepdims=True)


def random_pairs(rng: np.random.Generator, n: int, categories: int, concentration):
    """n random pairs (P, Q): P and R random Dirichlet, Q = (1 − t)P + tR with t uniform
    on (0, 1), so that TV(P, Q) = t·TV(P, R) spans the whole range (0, 1)."""
    p, r = _dirichlet_pairs(rng, n, categories, concentration)
    t = rng.uniform(size=(n, 1))
    return p, (1 - t) * p + t * r


def pairs_with_tv(rng: np.random.Generator, n: int, categories: int, concentration, tv: float):
    """n random pairs with TV(P, Q) = tv exactly: Q = (1 − t)P + tR with t = tv / TV(P, R)
    (pairs whose TV(P, R) is below tv are discarded and redrawn)."""
    ps, qs = [], []
    while len(ps) < n:
        p, r = _dirichlet_pairs(rng, n, categories, concentration)
        d = total_variation(p, r)
        ok = d >= tv
        t = (tv / d[ok])[:, None]
        ps.extend(p[ok])
        qs.extend((1 - t) * p[ok] + t * r[ok])
    return np.array(ps[:n]), np.array(qs[:n])


# --------------------------------------------------------------------------------------
# Simulation and figure.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    params: Params
    tv: np.ndarray  # (pairs,)
    auroc: np.ndarray  # (pairs,) exact AUROC of the optimal detector
    example_p: np.ndarray  # (roc_examples, categories)
    example_q: np.ndarray  # (roc_examples, categories), TV = tv_example


def simulate(params: Params, rng: np.random.Generator) -> Result:
    p = params
    human, machine = random_pairs(rng, p.pairs, p.categories, p.concentration)
    ex_p, ex_q = pairs_with_tv(rng, p.roc_examples, p.categories, p.concentration, p.tv_example)
    return Result(
        params=p,
        tv=total_variation(human, machine),
        auroc=auroc_roc(human, machine),
        example_p=ex_p,
        example_q=ex_q,
    )


def plot(result: Result) -> Figure:
    p = result.params
    colours = _style.PALETTE
    fig, (ax, ax_roc) = _style.figure(1, 2, height=4.2)

    # (a) AUROC against TV
    tv_line = np.linspace(0, 1, 201)
    (pts,) = ax.plot(
        result.tv, result.auroc, linestyle="none", marker="o", markersize=3.5, alpha=0.6,
        color=colours[0], label=f"simulated: random pairs, R = {p.pairs} (exact AUROC)",
    )  # fmt: skip
    (ceil,) = _style.theory(
        ax, tv_line, auroc_ceiling(tv_line), label="theory (closed form): ceiling"
    )
    (floor,) = _style.theory(
        ax, tv_line, auroc_floor(tv_line), linestyle=":", label="floor for the optimal detector"
    )
    tv0 = p.tv_example
    ax.annotate(
        f"TV = {tv0:g}:\nAUROC ≤ {float(auroc_ceiling(tv0)):.3f}",
        (tv0, float(auroc_ceiling(tv0))),
        xytext=(0.02, 0.9),
        textcoords="data",
        fontsize=9.5,
        arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.8, "relpos": (0.2, 0)},
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0.48, 1.01)
    ax.set_title("(a) AUROC ceiling")
    ax.set_xlabel("total variation TV (distance)")
    ax.set_ylabel("AUROC (probability)")
    ax.legend(
        handles=[ceil, floor, pts],
        labels=["ceiling ½ + TV − TV²/2", "floor ½ + TV/2", "random pairs"],
        loc="lower right", fontsize=9.5, handlelength=1.6,
    )  # fmt: skip

    # (b) ROC curves with TV = 0.1 on a log FPR axis
    f_line = np.geomspace(1e-3, 1, 200)
    curves = []
    for i, (hp, hq) in enumerate(zip(result.example_p, result.example_q, strict=True)):
        (c,) = ax_roc.plot(
            f_line,
            tpr_at_fpr(hp, hq, f_line),
            color=colours[0],
            linewidth=1.2,
            alpha=0.7,
            label=f"simulated: pair {i + 1}, TV = {tv0:g} (exact ROC)",
        )
        curves.append(c)
    (ceil_roc,) = _style.theory(
        ax_roc, f_line, tpr_ceiling(f_line, tv0), label=f"theory (closed form): TPR = FPR + {tv0:g}"
    )
    (chance,) = ax_roc.plot(
        f_line, f_line, color="#888888", linestyle=":", linewidth=1.4, label="chance: TPR = FPR"
    )
    f0 = p.fpr_example
    ax_roc.annotate(
        f"FPR {f0:.0%}: TPR ≤ {float(tpr_ceiling(f0, tv0)):.2f}",
        (f0, float(tpr_ceiling(f0, tv0))),
        xytext=(0.0013, 0.45),
        textcoords="data",
        fontsize=9.5,
        arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.8, "relpos": (0.5, 0)},
    )
    ax_roc.set_xscale("log")
    ax_roc.set_xlim(1e-3, 1)
    ax_roc.set_ylim(0, 1.01)
    ax_roc.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:g}"))
    ax_roc.set_title(f"(b) ROC curves at TV = {tv0:g}")
    ax_roc.set_xlabel("false-positive rate (probability)")
    ax_roc.set_ylabel("true-positive rate (probability)")
    ax_roc.legend(
        handles=[ceil_roc, curves[0], chance],
        labels=[f"ceiling FPR + {tv0:g}", f"{len(curves)} random pairs", "chance"],
        loc="upper left", fontsize=9.5, handlelength=1.6,
    )  # fmt: skip
    return fig


def values(params: Params, result) -> dict[str, Value]:
    """The ceilings at the example total variation that the essay and the caption quote."""
    tv, fpr = params.tv_example, params.fpr_example
    bound = "derivations/detectors.md#detectability-bound"
    return {
        "tv_example": parameter(tv, "total variation of the example pairs", fmt=".1f"),
        "fpr_example": parameter(fpr, "false-positive rate of the marked operating point", fmt="%"),
        "auroc_ceiling": closed_form(
            float(auroc_ceiling(tv)),
            "highest AUROC any detector can reach at this TV: ½ + TV − TV²/2",
            fmt=".3f",
            derivation=bound,
        ),
        "tpr_ceiling": closed_form(
            float(tpr_ceiling(fpr, tv)),
            "highest true-positive rate at the marked false-positive rate: FPR + TV",
            fmt="%",
            derivation=bound,
        ),
    }
