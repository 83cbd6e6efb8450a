"""How much synthetic text is left in what a detector-based filter keeps, and whom does it drop?

Embedded in docs/essays/why-detectors-cannot-save-us.md. Closed forms: docs/derivations/detectors.md
(precision is Bayes' rule; the kept share, the requirement and the subgroup share are
derived on this site). Operating points: TPR 0.95 at
FPR 0.01 is an illustrative good detector; TPR 0.046 at FPR 0.01 is DetectGPT after a
DIPPER paraphrase (krishna2023paraphrasing); FPR 61.3% on non-native English essays is the
average over seven detectors in liang2023gptdetectors. The 5% false-positive rate on
everyone else is an assumption, varied from 1% to 10% in the figure.

A curator filters a corpus in which a fraction π of documents is synthetic: documents the
detector flags are dropped, the rest are kept. Monte Carlo: each corpus is drawn by
binomial sampling (how many documents are synthetic, how many of each kind the detector
flags), many corpora per point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

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
    simulated,
)


@dataclass(frozen=True)
class Params:
    seed: int = 20232
    tpr: float = 0.95  # illustrative detector
    fpr: float = 0.01
    tpr_paraphrased: float = 0.046  # DetectGPT after paraphrase, at FPR 0.01 (Krishna et al.)
    fpr_paraphrased: float = 0.01
    prevalences: tuple[float, ...] = (
        0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 0.99, 0.997, 0.999,
    )  # fmt: skip
    corpus_size: int = 1_000_000  # documents per simulated corpus
    corpora: int = 200  # corpora per point
    # (b) subgroup distortion among human documents
    share_nonnative: float = 0.20  # share of non-native writers among human documents
    fpr_nonnative_reported: float = 0.613  # liang2023gptdetectors, average of 7 detectors
    fpr_others: float = 0.05  # ASSUMED false-positive rate on everyone else
    fpr_others_range: tuple[float, float] = (0.01, 0.10)  # sensitivity band (assumed)
    fprs_nonnative: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.613, 0.7, 0.8, 0.9)
    human_corpus_size: int = 10_000  # human documents per simulated collection
    # the explorable (EXPLORE below): the prevalence its readout starts at
    prevalence: float = 0.1


PARAMS = Params()

META = FigureMeta(
    title="Detector filters: what they keep and whom they drop",
    caption=(
        "A curator drops every document a detector flags and keeps the rest. (a) As the "
        "synthetic share π of the incoming corpus grows, the synthetic share of what is "
        "kept grows with it, even for a good detector (assumed TPR 0.95 at FPR 0.01): "
        "[[value: kept_share_pi10]], [[value: kept_share_pi50]], [[value: kept_share_pi90]] "
        "and [[value: kept_share_pi99]] at π = 0.1, 0.5, 0.9 and 0.99. After a paraphrase attack "
        "(TPR 0.046 at FPR 0.01, measured for DetectGPT by Krishna et al.) the filter "
        "barely changes the mix: [[value: kept_share_paraphrased_pi50]] at π = 0.5, almost the incoming share. Precision "
        "(the chance a flagged document really is synthetic) is also shown; both axes use "
        "a logit scale. (b) If 20% of human documents come from non-native English "
        "writers, a false-positive rate of 61.3% on their writing (the average Liang et "
        "al. found across seven detectors) against an assumed 5% for everyone else "
        "shrinks their share of the kept human corpus to [[value: kept_share_nonnative]]; the band varies the "
        "assumed 5% from 1% to 10%. Points: means of 200 simulated corpora per value, "
        "drawn by binomial sampling (1 million documents each in (a), 10,000 human "
        "documents in (b); seed 20232); dashed lines are closed forms derived "
        "for this site."
    ),
    alt=(
        "Two panels, one above the other. Top, on logit axes: the synthetic share of the kept corpus rises "
        "with the synthetic share of the incoming corpus, from about 5 in 100,000 at "
        "0.1% prevalence to 83% at 99% for a detector with 95% true and 1% false "
        "positives; after a paraphrase attack the kept share almost equals the "
        "incoming share. Precision rises from under 10% at 0.1% prevalence to near 1. "
        "Simulated points sit on the dashed curves. Bottom: the share of non-native "
        "writers in the kept human corpus falls in a nearly straight line from 21% to about "
        "2.6% as the detector's false-positive rate on their writing rises from 0 to 90%, "
        "inside a narrow shaded band, dropping below the dotted line for the 20% share "
        "before filtering at a false-positive rate of about 5%; at the reported "
        "61.3% it is 9.2%, less than half of their share before filtering."
    ),
    essay="essays/why-detectors-cannot-save-us.md",
)


# --------------------------------------------------------------------------------------
# Closed forms (docs/derivations/detectors.md).
# --------------------------------------------------------------------------------------


def precision(pi, tpr: float, fpr: float):
    """b1: PPV = TPR·π / (TPR·π + FPR·(1 − π)), the chance a flagged document is synthetic."""
    pi = np.asarray(pi, dtype=float)
    return tpr * pi / (tpr * pi + fpr * (1 - pi))


def kept_synthetic_share(pi, tpr: float, fpr: float):
    """b2: r = π(1 − TPR) / (π(1 − TPR) + (1 − π)(1 − FPR)), the synthetic share of what
    the filter keeps (b3: the same with an attacked TPR)."""
    pi = np.asarray(pi, dtype=float)
    return pi * (1 - tpr) / (pi * (1 - tpr) + (1 - pi) * (1 - fpr))


def residual_odds(pi, tpr: float, fpr: float):
    """b2 in odds form: kept odds = prior odds × FNR/TNR."""
    pi = np.asarray(pi, dtype=float)
    return pi / (1 - pi) * (1 - tpr) / (1 - fpr)


def max_keep_ratio(r_max: float, pi: float) -> float:
    """b4: the detector needs FNR/TNR ≤ (r_max/(1 − r_max))·((1 − π)/π) to keep the
    synthetic share of the kept corpus at or below r_max."""
    return r_max / (1 - r_max) * (1 - pi) / pi


def kept_group_share(share, fpr_group, fpr_others):
    """b5 for two groups: share' = w(1 − FPR_g) / (w(1 − FPR_g) + (1 − w)(1 − FPR_o))."""
    share = np.asarray(share, dtype=float)
    kept = share * (1 - np.asarray(fpr_group, dtype=float))
    return kept / (kept + (1 - share) * (1 - np.asarray(fpr_others, dtype=float)))


# --------------------------------------------------------------------------------------
# Simulation and figure.
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    params: Params
    precision: np.ndarray  # (corpora, prevalences), the good detector
    kept_share: np.ndarray  # (corpora, prevalences), the good detector
    kept_share_paraphrased: np.ndarray  # (corpora, prevalences), after paraphrase
    nonnative_share: np.ndarray  # (corpora, fprs_nonnative), kept human corpus


#: Prevalences at which the essay quotes the kept synthetic share, with their formats.
QUOTED_PREVALENCES = {0.1: ".2%", 0.5: ".1%", 0.9: "%", 0.99: "%"}


def values(params: Params, result) -> dict[str, Value]:
    """The closed forms why-detectors-cannot-save-us.md quotes (b1, b2, b4, b5)."""
    p = params
    out: dict[str, Value] = {
        f"kept_share_pi{round(pi * 100)}": closed_form(
            float(kept_synthetic_share(pi, p.tpr, p.fpr)),
            f"synthetic share of the kept corpus at prevalence π = {pi:g} (TPR {p.tpr:g}, "
            f"FPR {p.fpr:g})",
            fmt=fmt,
        )
        for pi, fmt in QUOTED_PREVALENCES.items()
    }
    out["precision_pi1"] = closed_form(
        float(precision(0.01, p.tpr, p.fpr)),
        f"precision of the flags at prevalence 1% (TPR {p.tpr:g}, FPR {p.fpr:g})",
        fmt=".2f",
    )
    out["kept_share_paraphrased_pi50"] = closed_form(
        float(kept_synthetic_share(0.5, p.tpr_paraphrased, p.fpr_paraphrased)),
        "synthetic share of the kept corpus at π = 0.5 after a paraphrase attack",
        fmt="%",
    )
    out["max_keep_ratio"] = closed_form(
        max_keep_ratio(0.01, 0.9),
        "largest ratio of missed synthetic to kept human texts that keeps the kept corpus "
        "below 1% synthetic at π = 0.9",
        fmt="2 sig",
    )
    out["kept_share_nonnative"] = closed_form(
        float(kept_group_share(p.share_nonnative, p.fpr_nonnative_reported, p.fpr_others)),
        "share of non-native writers in the kept human corpus (reported FPR on their "
        "writing, assumed FPR on everyone else)",
        fmt=".1%",
    )
    # The two rates whose quotient is the filter's odds factor (b2), as the essay spells it.
    out["miss_rate"] = closed_form(
        1 - p.tpr, "share of machine texts the detector misses, 1 − TPR", fmt=".2f"
    )
    out["pass_rate"] = closed_form(
        1 - p.fpr, "share of human texts the detector keeps, 1 − FPR", fmt=".2f"
    )
    # What a naive survey would report for a half-synthetic corpus after a paraphrase
    # attack: the flagged share TPR·π + FPR·(1 − π) (how-synthetic-is-the-web.md).
    out["flagged_share_paraphrased_pi50"] = closed_form(
        0.5 * p.tpr_paraphrased + 0.5 * p.fpr_paraphrased,
        "share of a half machine-written corpus flagged after a paraphrase attack, "
        "TPR·π + FPR·(1 − π) at π = 0.5",
        fmt="% up",
    )
    return out


def _filter_corpora(rng, pi, tpr, fpr, n_docs, n_corpora):
    """Draw corpora of n_docs documents; return (precision, kept synthetic share) of each."""
    pi = np.broadcast_to(np.asarray(pi, dtype=float), (n_corpora, np.size(pi)))
    synthetic = rng.binomial(n_docs, pi)
    flagged_syn = rng.binomial(synthetic, tpr)
    flagged_hum = rng.binomial(n_docs - synthetic, fpr)
    kept_syn = synthetic - flagged_syn
    kept_hum = n_docs - synthetic - flagged_hum
    return flagged_syn / (flagged_syn + flagged_hum), kept_syn / (kept_syn + kept_hum)


def simulate(params: Params, rng: np.random.Generator) -> Result:
    p = params
    ppv, kept = _filter_corpora(rng, p.prevalences, p.tpr, p.fpr, p.corpus_size, p.corpora)
    _, kept_para = _filter_corpora(
        rng, p.prevalences, p.tpr_paraphrased, p.fpr_paraphrased, p.corpus_size, p.corpora
    )
    fprs = np.broadcast_to(np.asarray(p.fprs_nonnative), (p.corpora, len(p.fprs_nonnative)))
    nonnative = rng.binomial(p.human_corpus_size, p.share_nonnative, size=fprs.shape)
    kept_nn = rng.binomial(nonnative, 1 - fprs)
    kept_other = rng.binomial(p.human_corpus_size - nonnative, 1 - p.fpr_others)
    return Result(
        params=p,
        precision=ppv,
        kept_share=kept,
        kept_share_paraphrased=kept_para,
        nonnative_share=kept_nn / (kept_nn + kept_other),
    )


def _share_label(x: float, _pos=None) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".") if x < 0.5 else f"{x:.4g}"


def plot(result: Result) -> Figure:
    p = result.params
    colours = _style.PALETTE
    fig, (ax, ax_sub) = _style.figure(2, 1, height=8.2)
    phone = _style.current().layout == "phone"  # two legend columns are wider than a phone

    # (a) precision and kept synthetic share against prevalence, logit axes
    pi_line = np.concatenate([np.geomspace(1e-3, 0.5, 120), 1 - np.geomspace(0.5, 1e-3, 120)[1:]])
    pi = np.asarray(p.prevalences)
    series = [
        ("precision, TPR 0.95, FPR 0.01", precision(pi_line, p.tpr, p.fpr), result.precision),
        (
            "kept synthetic share, same detector",
            kept_synthetic_share(pi_line, p.tpr, p.fpr),
            result.kept_share,
        ),
        (
            "kept share after paraphrase (≈ π)",  # TPR 0.046, FPR stays 0.01
            kept_synthetic_share(pi_line, p.tpr_paraphrased, p.fpr_paraphrased),
            result.kept_share_paraphrased,
        ),
    ]
    handles = []
    for i, (name, theory, sim) in enumerate(series):
        (th,) = _style.theory(ax, pi_line, theory, label=f"theory (closed form): {name}")
        (pt,) = _style.simulated(
            ax, pi, sim.mean(axis=0), color=colours[i], linestyle="none",
            label=f"simulated, R = {p.corpora} corpora: {name}",
        )  # fmt: skip
        handles.append((pt, name))
    ax.set_xscale("logit")
    ax.set_yscale("logit")
    ax.set_xlim(8e-4, 1 - 8e-4)
    ax.set_ylim(2e-5, 1 - 1e-4)
    # A phone panel is too narrow for seven labels on the x axis: every other one.
    ticks_x = [0.001, 0.1, 0.5, 0.9, 0.999] if phone else [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999]
    ticks_y = [1e-4, 0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999]
    for axis, ticks in ((ax.xaxis, ticks_x), (ax.yaxis, ticks_y)):
        axis.set_major_locator(FixedLocator(ticks))
        axis.set_major_formatter(FuncFormatter(_share_label))
        axis.set_minor_locator(NullLocator())
    ax.set_title("(a) what a detector filter keeps")
    ax.set_xlabel("synthetic share of incoming corpus π (probability)")
    ax.set_ylabel("precision or kept share (probability)")
    ax.legend(
        handles=[th] + [h for h, _ in handles],
        labels=["theory (closed form)"] + [n for _, n in handles],
        loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=1 if phone else 2, fontsize=9.5,
        handlelength=1.6, columnspacing=1.2,
    )  # fmt: skip

    # (b) subgroup distortion of the kept human corpus
    f_line = np.linspace(0, 0.95, 200)
    lo, hi = p.fpr_others_range
    band = _style.band(
        ax_sub, f_line, kept_group_share(p.share_nonnative, f_line, lo),
        kept_group_share(p.share_nonnative, f_line, hi), color=colours[0],
        label=f"others' FPR {lo:.0%} to {hi:.0%} (assumed)",
    )  # fmt: skip
    (th_sub,) = _style.theory(
        ax_sub, f_line, kept_group_share(p.share_nonnative, f_line, p.fpr_others),
        label=f"theory (closed form), others' FPR {p.fpr_others:.0%} (assumed)",
    )  # fmt: skip
    (pt_sub,) = _style.simulated(
        ax_sub, p.fprs_nonnative, result.nonnative_share.mean(axis=0), color=colours[0],
        linestyle="none", label=f"simulated, R = {p.corpora} collections",
    )  # fmt: skip
    (before,) = ax_sub.plot(
        [0, 0.95], [p.share_nonnative] * 2, color="#888888", linestyle=":", linewidth=1.4,
        label="share before filtering",
    )  # fmt: skip
    reported = float(kept_group_share(p.share_nonnative, p.fpr_nonnative_reported, p.fpr_others))
    gap = "\n" if phone else " "  # two short lines fit the phone panel's free corner
    ax_sub.annotate(
        f"FPR {p.fpr_nonnative_reported:.1%}{gap}→ {reported:.1%}",
        (p.fpr_nonnative_reported, reported), textcoords="offset points",
        # Right of the point there is no room on a phone; below the line, left of it, the
        # phone panel is empty (its legend hangs under the axes).
        xytext=(-12, -30) if phone else (14, 22), ha="right" if phone else "left",
        fontsize=10, arrowprops={"arrowstyle": "-", "color": "#444444", "linewidth": 0.8},
    )  # fmt: skip
    ax_sub.set_xlim(0, 0.95)
    ax_sub.set_ylim(0, 0.25)
    ax_sub.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0%}"))
    ax_sub.yaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0%}"))
    ax_sub.set_title("(b) who is dropped from the 'human' corpus")
    ax_sub.set_xlabel("false-positive rate on non-native writers (probability)")
    ax_sub.set_ylabel("non-native share kept (probability)")
    ax_sub.legend(
        handles=[th_sub, band, pt_sub, before],
        labels=[
            f"theory, others' FPR {p.fpr_others:.0%} (assumed)",
            f"others' FPR {lo:.0%}–{hi:.0%}",
            f"simulated ({p.corpora} collections)",
            f"before filtering ({p.share_nonnative:.0%})",
        ],
        loc="lower left", fontsize=9.5, handlelength=1.6,
    )  # fmt: skip
    return fig


# --------------------------------------------------------------------------------------
# Explorable: the reader moves the base rate π and the false-positive rate
# (simulations/engine/explore.py).
# --------------------------------------------------------------------------------------

#: Simulated corpora per grid point (of corpus_size documents each), as in panel (a).
EXPLORE_CORPORA = 200

EXPLORE = Explorable(
    sliders=(
        Slider(
            "prevalence",
            "synthetic share π of the incoming corpus",
            (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 0.97, 0.99),
            fmt=".1%",
        ),
        Slider("fpr", "false-positive rate of the detector", grid(0.01, 0.1, 0.01), fmt="%"),
    ),
    x_label="synthetic share π (log scale)",
    y_label="share (0 to 1)",
    x_log=True,
    marker="prevalence",
    title="What a detector filter keeps, by base rate",
)


def explore(params: Params, rng: np.random.Generator) -> Explored:
    """Precision and kept synthetic share against π at one false-positive rate (TPR as in
    PARAMS), and the numbers at the chosen π, the kept share also simulated."""
    p = params
    pi = np.geomspace(0.001, 0.999, 41)
    _, kept = _filter_corpora(rng, p.prevalence, p.tpr, p.fpr, p.corpus_size, EXPLORE_CORPORA)
    kept = kept[:, 0]
    return Explored(
        curves=(
            Curve("precision of the flags", tuple(pi), tuple(precision(pi, p.tpr, p.fpr))),
            Curve(
                "synthetic share of the kept corpus",
                tuple(pi),
                tuple(kept_synthetic_share(pi, p.tpr, p.fpr)),
            ),
            Curve("synthetic share with no filter (π)", tuple(pi), tuple(pi)),
        ),
        readout={
            "precision": closed_form(
                float(precision(p.prevalence, p.tpr, p.fpr)),
                f"precision: chance a flagged document is synthetic (TPR {p.tpr:g})",
                fmt=".1%",
            ),
            "kept_share": closed_form(
                float(kept_synthetic_share(p.prevalence, p.tpr, p.fpr)),
                "synthetic share of the kept corpus",
                fmt="3 sig",
            ),
            "kept_share_sim": simulated(
                float(kept.mean()),
                float(kept.std(ddof=1)) / np.sqrt(EXPLORE_CORPORA),
                EXPLORE_CORPORA,
                f"synthetic share of the kept corpus, mean of {EXPLORE_CORPORA} simulated "
                f"corpora of {p.corpus_size:,} documents",
                fmt="3 sig",
                check="kept_share",
            ),
        },
    )
